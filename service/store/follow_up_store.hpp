// The follow_up_answers and follow_up_marks tables, their one owner: the parent's answers kept
// apart from the booking (core/follow_up.hpp), and the marks that refuse a second answer.
#pragma once

#include "service/core/follow_up.hpp"
#include "service/core/statistics.hpp"
#include "service/store/database.hpp"

namespace samtal {

class follow_up_store : public follow_up_repository {
public:
    explicit follow_up_store(database& db) : db_(db) {}

    bool record(const follow_up_entry& entry, const std::string& mark) override;
    bool answered(const std::string& mark) override;

private:
    database& db_;
};

// The answers of `unit` for the ISO weeks [first_week, last_week], inside the caller's read.
feedback_counts count_follow_up_answers(database::connection& db, const std::string& unit,
                                        const std::string& first_week,
                                        const std::string& last_week);

}  // namespace samtal
