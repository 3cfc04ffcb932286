#include "service/store/store_changes.hpp"

namespace samtal {

std::vector<std::string> store_change_watch::changed() {
    std::map<std::string, std::int64_t> now;
    db_.read([&](database::connection& db) {
        auto query = db.prepared("SELECT topic, version FROM store_changes");
        while (query->executeStep())
            now[query->getColumn(0).getString()] = query->getColumn(1).getInt64();
    });
    std::vector<std::string> moved;
    for (const auto& [topic, version] : now) {
        auto before = seen_.find(topic);
        if (before == seen_.end() || before->second != version) moved.push_back(topic);
    }
    seen_ = std::move(now);
    return moved;
}

}  // namespace samtal
