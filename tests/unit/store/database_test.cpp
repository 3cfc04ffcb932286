#include "service/store/database.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <stdexcept>
#include <thread>

#include "support/temp_dir.hpp"
#include "support/test_store.hpp"

namespace samtal {
namespace {

class database_test : public ::testing::Test {
protected:
    database_test() {
        db_.write([](database::connection& db) {
            db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)");
        });
    }

    void add(int id) {
        db_.write([id](database::connection& db) {
            auto insert = db.prepared("INSERT INTO notes (id, text) VALUES (?, 'x')");
            insert->bind(1, id);
            insert->exec();
        });
    }

    std::vector<int> ids() {
        std::vector<int> found;
        db_.read([&](database::connection& db) {
            auto query = db.prepared("SELECT id FROM notes ORDER BY id");
            while (query->executeStep()) found.push_back(query->getColumn(0).getInt());
        });
        return found;
    }

    testing::temp_dir dir_;
    testing::test_store test_store_{dir_.path()};
    database db_{test_store_.location()};
};

TEST_F(database_test, a_statement_is_prepared_once_and_comes_back_reset_and_unbound) {
    const statement* first = nullptr;
    db_.write([&](database::connection& db) {
        auto insert = db.prepared("INSERT INTO notes (id, text) VALUES (?, ?)");
        insert->bind(1, 1);
        insert->bind(2, "bound");
        insert->exec();
        first = &*insert;
    });
    db_.write([&](database::connection& db) {
        auto insert = db.prepared("INSERT INTO notes (id, text) VALUES (?, ?)");
        EXPECT_EQ(&*insert, first);
        insert->bind(1, 2);  // the text left unbound is NULL, not the last use's "bound"
        insert->exec();
    });
    db_.read([](database::connection& db) {
        auto text = db.prepared("SELECT text FROM notes WHERE id = ?");
        text->bind(1, 2);
        ASSERT_TRUE(text->executeStep());
        EXPECT_TRUE(text->getColumn(0).isNull());
    });
}

TEST_F(database_test, a_statement_still_stepping_is_not_handed_out_again) {
    for (int id : {1, 2, 3}) add(id);
    std::vector<std::pair<int, int>> pairs;
    db_.read([&](database::connection& db) {
        constexpr auto k_all = "SELECT id FROM notes ORDER BY id";
        auto outer = db.prepared(k_all);
        while (outer->executeStep()) {
            auto inner = db.prepared(k_all);
            EXPECT_NE(&*inner, &*outer);
            ASSERT_TRUE(inner->executeStep());
            pairs.emplace_back(outer->getColumn(0).getInt(), inner->getColumn(0).getInt());
        }
    });
    EXPECT_EQ(pairs, (std::vector<std::pair<int, int>>{{1, 1}, {2, 1}, {3, 1}}));
}

TEST_F(database_test, a_statement_that_fails_to_prepare_fails_each_time_and_harms_nothing) {
    for (int attempt = 0; attempt < 2; ++attempt)
        EXPECT_THROW(db_.write([](database::connection& db) { db.prepared("SELECT nonsense"); }),
                     store_error);
    add(1);
    EXPECT_EQ(ids(), std::vector<int>{1});
}

// Writes that queue behind a commit are committed together; the one that throws loses its
// own writes only, and its caller gets its exception.
TEST_F(database_test, writes_committed_together_keep_or_lose_their_own_work_only) {
    std::promise<void> release;
    std::promise<void> first_started;
    auto first = std::async(std::launch::async, [&] {
        db_.write([&](database::connection& db) {
            first_started.set_value();
            release.get_future().wait();
            db.exec("INSERT INTO notes (id) VALUES (1)");
        });
    });
    first_started.get_future().wait();

    // These wait for the first write's commit, then go in one transaction.
    auto failing = std::async(std::launch::async, [&] {
        db_.write([](database::connection& db) {
            db.exec("INSERT INTO notes (id) VALUES (2)");
            throw std::invalid_argument("refused");
        });
    });
    auto clashing = std::async(std::launch::async, [&] {
        db_.write([](database::connection& db) {
            db.exec("INSERT INTO notes (id) VALUES (3)");
            db.exec("INSERT INTO notes (id) VALUES (1)");  // the first write's id
        });
    });
    auto kept = std::async(std::launch::async, [&] { add(4); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    release.set_value();

    EXPECT_NO_THROW(first.get());
    EXPECT_THROW(failing.get(), std::invalid_argument);
    try {
        clashing.get();
        ADD_FAILURE() << "a duplicate id was accepted";
    } catch (const store_error& error) {
        EXPECT_TRUE(error.constraint_violation());
    }
    EXPECT_NO_THROW(kept.get());
    EXPECT_EQ(ids(), (std::vector<int>{1, 4}));
}

TEST_F(database_test, many_concurrent_writes_all_land_once) {
    std::vector<std::thread> writers;
    for (int t = 0; t < 8; ++t)
        writers.emplace_back([this, t] {
            for (int i = 0; i < 50; ++i) add(t * 100 + i);
        });
    for (auto& writer : writers) writer.join();
    auto found = ids();
    ASSERT_EQ(found.size(), 400u);
    for (int t = 0; t < 8; ++t)
        for (int i = 0; i < 50; ++i)
            EXPECT_TRUE(std::binary_search(found.begin(), found.end(), t * 100 + i));
}

}  // namespace
}  // namespace samtal
