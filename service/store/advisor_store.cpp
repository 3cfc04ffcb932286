#include "service/store/advisor_store.hpp"

namespace samtal {
namespace {

constexpr std::string_view k_count = "SELECT count(*) FROM advisors WHERE unit = ?";
constexpr std::string_view k_select = R"sql(
    SELECT id, name, site, email, delivery, calendar_url, phone, active, version
    FROM advisors WHERE unit = ? ORDER BY position)sql";
constexpr std::string_view k_select_languages =
    "SELECT advisor, language FROM advisor_languages WHERE unit = ? ORDER BY position";
constexpr std::string_view k_select_hours =
    "SELECT advisor, weekday, starts, ends FROM advisor_hours WHERE unit = ? ORDER BY starts";
constexpr std::string_view k_select_absences =
    "SELECT advisor, id, starts, ends FROM advisor_absences WHERE unit = ? ORDER BY starts";
constexpr std::string_view k_version = "SELECT version FROM advisors WHERE unit = ? AND id = ?";
constexpr std::string_view k_insert = R"sql(
    INSERT INTO advisors (unit, id, name, site, email, delivery, calendar_url, phone, active, version, position)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1,
            (SELECT coalesce(max(position), 0) + 1 FROM advisors WHERE unit = ?)))sql";
constexpr std::string_view k_update = R"sql(
    UPDATE advisors SET name = ?, site = ?, email = ?, delivery = ?, calendar_url = ?, phone = ?,
                        active = ?, version = version + 1
    WHERE unit = ? AND id = ?)sql";
constexpr std::string_view k_bump = R"sql(
    UPDATE advisors SET version = version + 1 WHERE unit = ? AND id = ?)sql";
constexpr std::string_view k_delete_languages =
    "DELETE FROM advisor_languages WHERE unit = ? AND advisor = ?";
constexpr std::string_view k_insert_language =
    R"sql(
    INSERT INTO advisor_languages (unit, advisor, language, position)
    VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM advisor_languages WHERE unit = ?1))
    ON CONFLICT DO NOTHING)sql";
constexpr std::string_view k_delete_hours =
    "DELETE FROM advisor_hours WHERE unit = ? AND advisor = ?";
constexpr std::string_view k_insert_hours = R"sql(
    INSERT INTO advisor_hours (unit, advisor, weekday, starts, ends) VALUES (?, ?, ?, ?, ?))sql";
constexpr std::string_view k_insert_absence = R"sql(
    INSERT INTO advisor_absences (unit, advisor, starts, ends) VALUES (?, ?, ?, ?) RETURNING id)sql";
constexpr std::string_view k_delete_absence =
    "DELETE FROM advisor_absences WHERE id = ? AND unit = ? AND advisor = ?";
constexpr std::string_view k_insert_audit = R"sql(
    INSERT INTO staff_audit (at, unit, actor, action, subject) VALUES (?, ?, ?, ?, ?))sql";
constexpr std::string_view k_select_audit = R"sql(
    SELECT at, unit, actor, action, subject FROM staff_audit WHERE unit = ?
    ORDER BY id DESC LIMIT ?)sql";

std::optional<int> version_of(database::connection& db, const std::string& unit,
                              const std::string& advisor) {
    auto query = db.prepared(k_version);
    query->bind(1, unit);
    query->bind(2, advisor);
    if (!query->executeStep()) return std::nullopt;
    return query->getColumn(0).getInt();
}

void write_languages_and_hours(database::connection& db, const std::string& unit,
                               const advisor_config& advisor) {
    for (auto sql : {k_delete_languages, k_delete_hours}) {
        auto remove = db.prepared(sql);
        remove->bind(1, unit);
        remove->bind(2, advisor.id);
        remove->exec();
    }
    auto language = db.prepared(k_insert_language);
    for (const auto& code : advisor.languages) {
        language->bind(1, unit);
        language->bind(2, advisor.id);
        language->bind(3, code);
        language->exec();
        language->reset();
    }
    auto hours = db.prepared(k_insert_hours);
    for (int weekday = 0; weekday < 7; ++weekday)
        for (const auto& period : advisor.hours[std::size_t(weekday)]) {
            hours->bind(1, unit);
            hours->bind(2, advisor.id);
            hours->bind(3, weekday);
            hours->bind(4, period.start.value);
            hours->bind(5, period.end.value);
            hours->exec();
            hours->reset();
        }
}

void insert_absence(database::connection& db, const std::string& unit, const std::string& advisor,
                    absence& added) {
    auto insert = db.prepared(k_insert_absence);
    insert->bind(1, unit);
    insert->bind(2, advisor);
    insert->bind(3, std::int64_t(added.from.time_since_epoch().count()));
    insert->bind(4, std::int64_t(added.until.time_since_epoch().count()));
    added.id = *insert->exec_returning_id();
}

void insert_advisor(database::connection& db, const std::string& unit,
                    const advisor_config& advisor) {
    auto insert = db.prepared(k_insert);
    insert->bind(1, unit);
    insert->bind(2, advisor.id);
    insert->bind(3, advisor.name);
    insert->bind(4, advisor.site);
    insert->bind(5, advisor.email);
    insert->bind(6, advisor.delivery);
    insert->bind(7, advisor.calendar_url);
    insert->bind(8, advisor.phone);
    insert->bind(9, advisor.active ? 1 : 0);
    insert->bind(10, unit);
    insert->exec();
    write_languages_and_hours(db, unit, advisor);
}

// An absence added or removed is a change to the advisor: their version rises, and the log
// says who made it.
void changed_by(database::connection& db, const std::string& unit, const std::string& advisor,
                const audit_entry& audit) {
    auto bump = db.prepared(k_bump);
    bump->bind(1, unit);
    bump->bind(2, advisor);
    bump->exec();
    record_audit(db, audit);
}

}  // namespace

void record_audit(database::connection& db, const audit_entry& entry) {
    auto insert = db.prepared(k_insert_audit);
    insert->bind(1, std::int64_t(entry.at.time_since_epoch().count()));
    insert->bind(2, entry.unit);
    insert->bind(3, entry.actor);
    insert->bind(4, entry.action);
    insert->bind(5, entry.subject);
    insert->exec();
}

bool advisor_store::seed(const std::string& unit, const advisor_list& advisors) {
    bool seeded = false;
    db_.write([&](database::connection& db) {
        auto count = db.prepared(k_count);
        count->bind(1, unit);
        count->executeStep();
        if (count->getColumn(0).getInt() > 0) return;
        for (const auto& advisor : advisors) {
            insert_advisor(db, unit, advisor);
            for (auto away : advisor.absences) insert_absence(db, unit, advisor.id, away);
        }
        seeded = true;
    });
    return seeded;
}

advisor_list advisor_store::load(const std::string& unit) {
    advisor_list advisors;
    db_.read([&](database::connection& db) {
        auto rows = db.prepared(k_select);
        rows->bind(1, unit);
        while (rows->executeStep()) {
            advisor_config advisor;
            advisor.id = rows->getColumn(0).getString();
            advisor.name = rows->getColumn(1).getString();
            advisor.site = rows->getColumn(2).getString();
            advisor.email = rows->getColumn(3).getString();
            advisor.delivery = rows->getColumn(4).getString();
            advisor.calendar_url = rows->getColumn(5).getString();
            advisor.phone = rows->getColumn(6).getString();
            advisor.active = rows->getColumn(7).getInt() != 0;
            advisor.version = rows->getColumn(8).getInt();
            advisors.push_back(std::move(advisor));
        }
        auto find = [&](const std::string& id) {
            return const_cast<advisor_config*>(find_advisor(advisors, id));
        };
        auto languages = db.prepared(k_select_languages);
        languages->bind(1, unit);
        while (languages->executeStep())
            if (auto* advisor = find(languages->getColumn(0).getString()))
                advisor->languages.push_back(languages->getColumn(1).getString());
        auto hours = db.prepared(k_select_hours);
        hours->bind(1, unit);
        while (hours->executeStep())
            if (auto* advisor = find(hours->getColumn(0).getString()))
                advisor->hours[std::size_t(hours->getColumn(1).getInt())].push_back(
                    {minutes_of_day{hours->getColumn(2).getInt()},
                     minutes_of_day{hours->getColumn(3).getInt()}});
        auto absences = db.prepared(k_select_absences);
        absences->bind(1, unit);
        while (absences->executeStep())
            if (auto* advisor = find(absences->getColumn(0).getString()))
                advisor->absences.push_back(
                    {local_minutes{std::chrono::minutes{absences->getColumn(2).getInt64()}},
                     local_minutes{std::chrono::minutes{absences->getColumn(3).getInt64()}},
                     absences->getColumn(1).getInt64()});
    });
    return advisors;
}

advisor_write advisor_store::save(const std::string& unit, const advisor_config& advisor,
                                  int expected_version, const audit_entry& audit) {
    auto outcome = advisor_write::done;
    db_.write([&](database::connection& db) {
        auto version = version_of(db, unit, advisor.id);
        if (expected_version == 0) {
            if (version) {
                outcome = advisor_write::exists;
                return;
            }
            insert_advisor(db, unit, advisor);
        } else {
            if (!version) {
                outcome = advisor_write::not_found;
                return;
            }
            if (*version != expected_version) {
                outcome = advisor_write::stale;
                return;
            }
            auto update = db.prepared(k_update);
            update->bind(1, advisor.name);
            update->bind(2, advisor.site);
            update->bind(3, advisor.email);
            update->bind(4, advisor.delivery);
            update->bind(5, advisor.calendar_url);
            update->bind(6, advisor.phone);
            update->bind(7, advisor.active ? 1 : 0);
            update->bind(8, unit);
            update->bind(9, advisor.id);
            update->exec();
            write_languages_and_hours(db, unit, advisor);
        }
        record_audit(db, audit);
    });
    return outcome;
}

advisor_write advisor_store::add_absence(const std::string& unit, const std::string& advisor,
                                         absence& added, const audit_entry& audit) {
    auto outcome = advisor_write::done;
    db_.write([&](database::connection& db) {
        if (!version_of(db, unit, advisor)) {
            outcome = advisor_write::not_found;
            return;
        }
        insert_absence(db, unit, advisor, added);
        changed_by(db, unit, advisor, audit);
    });
    return outcome;
}

advisor_write advisor_store::remove_absence(const std::string& unit, const std::string& advisor,
                                            std::int64_t absence_id, const audit_entry& audit) {
    auto outcome = advisor_write::done;
    db_.write([&](database::connection& db) {
        auto remove = db.prepared(k_delete_absence);
        remove->bind(1, absence_id);
        remove->bind(2, unit);
        remove->bind(3, advisor);
        if (remove->exec() == 0) {
            outcome = advisor_write::not_found;
            return;
        }
        changed_by(db, unit, advisor, audit);
    });
    return outcome;
}

std::vector<audit_entry> advisor_store::audit_log(const std::string& unit, int limit) {
    std::vector<audit_entry> entries;
    db_.read([&](database::connection& db) {
        auto rows = db.prepared(k_select_audit);
        rows->bind(1, unit);
        rows->bind(2, limit);
        while (rows->executeStep())
            entries.push_back({sys_seconds{std::chrono::seconds{rows->getColumn(0).getInt64()}},
                               rows->getColumn(1).getString(), rows->getColumn(2).getString(),
                               rows->getColumn(3).getString(), rows->getColumn(4).getString()});
    });
    return entries;
}

void advisor_store::audit(const audit_entry& entry) {
    db_.write([&](database::connection& db) { record_audit(db, entry); });
}

}  // namespace samtal
