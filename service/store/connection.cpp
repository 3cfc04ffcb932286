#include "service/store/connection.hpp"

#include <utility>

namespace samtal {

store_connection::prepared_statement::prepared_statement(statement* cached, bool* in_use)
    : statement_(cached), in_use_(in_use) {
    *in_use_ = true;
}

store_connection::prepared_statement::prepared_statement(std::unique_ptr<statement> own)
    : statement_(own.get()), own_(std::move(own)) {}

store_connection::prepared_statement::~prepared_statement() {
    statement_->clear();
    if (in_use_) *in_use_ = false;
}

store_connection::prepared_statement store_connection::prepared(std::string_view sql) {
    auto found = statements_.find(sql);
    if (found == statements_.end()) found = statements_.emplace(std::string(sql), cached{}).first;
    auto& entry = found->second;
    if (entry.in_use) return prepared_statement(prepare(found->first));
    // Prepared on first use; a statement that failed to prepare is tried again next time.
    if (!entry.prepared) entry.prepared = prepare(found->first);
    return prepared_statement(entry.prepared.get(), &entry.in_use);
}

savepoint::savepoint(store_connection& db, std::string name) : db_(db), name_(std::move(name)) {
    db_.exec("SAVEPOINT " + name_);
}

savepoint::~savepoint() {
    if (!open_) return;
    try {
        rollback();
    } catch (const store_error&) {
        // The transaction around it fails and rolls back as a whole.
    }
}

void savepoint::release() {
    open_ = false;
    db_.exec("RELEASE " + name_);
}

void savepoint::rollback() {
    open_ = false;
    db_.exec("ROLLBACK TO " + name_);
    db_.exec("RELEASE " + name_);
}

}  // namespace samtal
