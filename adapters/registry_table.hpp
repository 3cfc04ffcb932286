// The one shape every kind of adapter is registered in (delivery, meetings, interpreters,
// telephony): a table from the name config uses to what makes that adapter. Adding an adapter
// is its folder and one line in its kind's table (the kind's registry.cpp); config's messages
// list the names in the table's order.
#pragma once

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace samtal {

template <class entry>
class registry_table {
public:
    registry_table(std::initializer_list<std::pair<std::string_view, entry>> rows) : rows_(rows) {}

    // What is registered under `name`, or nullptr.
    const entry* find(std::string_view name) const {
        for (const auto& [key, value] : rows_)
            if (key == name) return &value;
        return nullptr;
    }

    // What is registered under `name`; throws std::out_of_range, as std::map::at does.
    const entry& at(std::string_view name) const {
        if (const auto* found = find(name)) return *found;
        throw std::out_of_range("nothing registered as " + std::string(name));
    }

    std::vector<std::string_view> names() const {
        std::vector<std::string_view> names;
        for (const auto& [key, value] : rows_) names.push_back(key);
        return names;
    }

private:
    std::vector<std::pair<std::string_view, entry>> rows_;
};

}  // namespace samtal
