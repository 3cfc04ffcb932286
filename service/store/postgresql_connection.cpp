#include "service/store/postgresql_connection.hpp"

#include <atomic>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <optional>
#include <vector>

namespace samtal {
namespace {

using result_ptr = std::unique_ptr<PGresult, decltype(&PQclear)>;

// The advisory locks: one instance at a time migrates, and one transaction at a time writes.
constexpr std::string_view k_lock_migrations = "SELECT pg_advisory_xact_lock(126879796527468)";
constexpr std::string_view k_lock_writes = "SELECT pg_advisory_xact_lock(126879796527469)";
constexpr std::string_view k_create_version_table = R"sql(
    CREATE TABLE IF NOT EXISTS schema_version (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        version INTEGER NOT NULL
    ))sql";
constexpr std::string_view k_select_version = "SELECT version FROM schema_version";

constexpr Oid k_bool = 16;
constexpr Oid k_bytea = 17;

// `text` with every occurrence of `secret` blotted out.
std::string without(std::string text, const std::string& secret) {
    if (secret.empty()) return text;
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at))
        text.replace(at, secret.size(), "…");
    return text;
}

// The password the connection string holds, if any, to keep it out of messages; nullopt when
// libpq cannot read the string at all.
std::optional<std::string> password_in(const std::string& connection) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(connection.c_str(), &error);
    if (!options) {
        PQfreemem(error);  // it may quote the string, password and all
        return std::nullopt;
    }
    std::string password;
    for (auto* option = options; option->keyword; ++option)
        if (std::string_view(option->keyword) == "password" && option->val) password = option->val;
    PQconninfoFree(options);
    return password;
}

void ignore_notice(void*, const char*) {}

class postgresql_statement : public statement {
public:
    postgresql_statement(postgresql_connection& db, const std::string& sql, int number)
        : db_(db), sql_(postgresql_placeholders(sql)), name_("s" + std::to_string(number)) {
        // Prepared at once, as SQLite's are: a statement that cannot be prepared fails here.
        prepare_on_this_session();
    }
    ~postgresql_statement() override {
        // The connection closing forgets its statements with the session.
        if (prepared_on_ == db_.session() && PQstatus(db_.native()) == CONNECTION_OK)
            PQclear(PQexec(db_.native(), ("DEALLOCATE " + name_).c_str()));
    }

    bool executeStep() override {
        if (!result_) run();
        return ++row_ < PQntuples(result_.get());
    }
    int exec() override {
        run();
        const char* changed = PQcmdTuples(result_.get());
        return *changed ? std::atoi(changed) : 0;
    }
    int getColumnCount() override { return result_ ? PQnfields(result_.get()) : 0; }
    std::string getColumnName(int index) override { return PQfname(result_.get(), index); }
    void reset() override {
        result_.reset();
        row_ = -1;
    }
    void clear() override {
        reset();
        values_.clear();
    }

private:
    struct value {
        std::string bytes;
        bool binary = false;
    };

    void bind_integer(int index, std::int64_t number) override {
        at(index) = value{std::to_string(number)};
    }
    void bind_text(int index, std::string_view text) override {
        at(index) = value{std::string(text)};
    }
    void bind_bytes(int index, std::string_view bytes) override {
        at(index) = value{std::string(bytes), true};
    }
    void bind_null(int index) override { at(index).reset(); }
    std::optional<value>& at(int index) {
        if (std::size_t(index) > values_.size()) values_.resize(std::size_t(index));
        return values_[std::size_t(index) - 1];
    }

    bool is_null(int index) override { return PQgetisnull(result_.get(), row_, index); }
    bool is_blob(int index) override { return PQftype(result_.get(), index) == k_bytea; }
    std::int64_t integer(int index) override {
        const char* text = PQgetvalue(result_.get(), row_, index);
        if (PQftype(result_.get(), index) == k_bool) return *text == 't';
        std::int64_t number = 0;
        // A numeric (a sum) or a double reads as its whole part, as SQLite's does.
        std::from_chars(text, text + std::char_traits<char>::length(text), number);
        return number;
    }
    std::string text(int index) override {
        const char* text = PQgetvalue(result_.get(), row_, index);
        if (PQftype(result_.get(), index) != k_bytea)
            return std::string(text, std::size_t(PQgetlength(result_.get(), row_, index)));
        std::size_t length = 0;
        auto* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &length);
        std::string decoded(reinterpret_cast<const char*>(bytes), length);
        PQfreemem(bytes);
        return decoded;
    }

    void run() {
        auto* db = db_.native();
        prepare_on_this_session();
        std::vector<const char*> values;
        std::vector<int> lengths, formats;
        // A parameter left unbound is NULL, as on SQLite; PostgreSQL wants a value for each.
        if (values_.size() < parameters_) values_.resize(parameters_);
        for (const auto& bound : values_) {
            values.push_back(bound ? bound->bytes.data() : nullptr);
            lengths.push_back(bound ? int(bound->bytes.size()) : 0);
            formats.push_back(bound && bound->binary ? 1 : 0);
        }
        row_ = -1;
        result_.reset(PQexecPrepared(db, name_.c_str(), int(values.size()), values.data(),
                                     lengths.data(), formats.data(), 0));
        auto status = PQresultStatus(result_.get());
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            auto error = db_.failure(result_.get());
            result_.reset();
            throw error;
        }
    }

    void prepare_on_this_session() {
        if (prepared_on_ == db_.session()) return;
        result_ptr made(PQprepare(db_.native(), name_.c_str(), sql_.c_str(), 0, nullptr), &PQclear);
        if (PQresultStatus(made.get()) != PGRES_COMMAND_OK) throw db_.failure(made.get());
        result_ptr described(PQdescribePrepared(db_.native(), name_.c_str()), &PQclear);
        if (PQresultStatus(described.get()) != PGRES_COMMAND_OK) throw db_.failure(described.get());
        parameters_ = std::size_t(PQnparams(described.get()));
        prepared_on_ = db_.session();
    }

    postgresql_connection& db_;
    std::string sql_;
    std::string name_;
    int prepared_on_ = -1;        // the session it was prepared on
    std::size_t parameters_ = 0;  // how many $N it takes
    std::vector<std::optional<value>> values_;
    result_ptr result_{nullptr, &PQclear};
    int row_ = -1;
};

}  // namespace

std::string postgresql_placeholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int next = 0;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        char c = sql[i];
        if (c == '\'' || c == '"') {
            auto end = sql.find(c, i + 1);
            if (end == std::string_view::npos) end = sql.size() - 1;
            out.append(sql.substr(i, end - i + 1));
            i = end;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            auto end = sql.find('\n', i);
            if (end == std::string_view::npos) end = sql.size() - 1;
            out.append(sql.substr(i, end - i + 1));
            i = end;
        } else if (c == '?') {
            out += '$';
            if (i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1])))
                continue;
            out += std::to_string(++next);
        } else {
            out += c;
        }
    }
    return out;
}

postgresql_connection::postgresql_connection(const std::string& connection)
    : store_connection(store_engine::postgresql), db_(nullptr, &PQfinish) {
    auto password = password_in(connection);
    if (!password)
        throw store_unreachable(
            "the PostgreSQL connection string cannot be read (expected key=value pairs or a "
            "postgresql:// URI)");
    password_ = *password;
    db_.reset(PQconnectdb(connection.c_str()));
    if (PQstatus(db_.get()) != CONNECTION_OK)
        throw store_unreachable("cannot connect to PostgreSQL: " +
                                without(PQerrorMessage(db_.get()), password_));
    PQsetNoticeProcessor(db_.get(), ignore_notice, nullptr);
}

postgresql_connection::~postgresql_connection() {
    ++session_;  // the statements need not deallocate: the session ends with them
    forget_statements();
}

store_error postgresql_connection::failure(const PGresult* result) {
    if (PQstatus(db_.get()) != CONNECTION_OK)
        return store_unreachable("the connection to PostgreSQL was lost: " +
                                 without(PQerrorMessage(db_.get()), password_));
    std::string_view state;
    std::string message = "PostgreSQL refused a statement";
    if (result) {
        if (const char* code = PQresultErrorField(result, PG_DIAG_SQLSTATE)) state = code;
        // Only the primary message: the detail quotes the values of the row.
        if (const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY))
            message = primary;
    }
    if (state.starts_with("08") || state.starts_with("57P")) return store_unreachable(message);
    return store_error(message, state.starts_with("23") ? store_error::kind::constraint_violation
                                                        : store_error::kind::other);
}

void postgresql_connection::exec(std::string_view sql) {
    result_ptr result(PQexec(db_.get(), std::string(sql).c_str()), &PQclear);
    auto status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw failure(result.get());
}

std::unique_ptr<statement> postgresql_connection::prepare(const std::string& sql) {
    static std::atomic<int> numbers{0};
    return std::make_unique<postgresql_statement>(*this, sql, ++numbers);
}

void postgresql_connection::reconnect_if_lost() {
    if (PQstatus(db_.get()) == CONNECTION_OK && PQtransactionStatus(db_.get()) == PQTRANS_IDLE)
        return;
    if (PQstatus(db_.get()) == CONNECTION_OK) {
        // A transaction left open by a failure that could not roll it back.
        PQclear(PQexec(db_.get(), "ROLLBACK"));
        return;
    }
    ++session_;
    PQreset(db_.get());
    if (PQstatus(db_.get()) != CONNECTION_OK)
        throw store_unreachable("cannot reach PostgreSQL: " +
                                without(PQerrorMessage(db_.get()), password_));
    PQsetNoticeProcessor(db_.get(), ignore_notice, nullptr);
}

void postgresql_connection::begin_write() {
    reconnect_if_lost();
    exec("BEGIN");
    exec(k_lock_writes);
}

void postgresql_connection::begin_claim() {
    // Read committed, without the write lock: FOR UPDATE SKIP LOCKED keeps claims apart.
    reconnect_if_lost();
    exec("BEGIN");
}

void postgresql_connection::begin_read() {
    reconnect_if_lost();
    exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

int postgresql_connection::schema_version() {
    result_ptr result(PQexec(db_.get(), std::string(k_select_version).c_str()), &PQclear);
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) throw failure(result.get());
    return PQntuples(result.get()) == 0 ? 0 : std::stoi(PQgetvalue(result.get(), 0, 0));
}

void postgresql_connection::migrate(const std::string& where) {
    int known = int(k_migrations.size());
    // One migration per transaction, each taking the lock first: an instance that starts while
    // another migrates waits, then finds the version moved on and skips what is done.
    for (;;) {
        reconnect_if_lost();
        exec("BEGIN");
        int version = 0;
        try {
            exec(k_lock_migrations);
            exec(k_create_version_table);
            version = schema_version();
            if (version > known)
                throw std::runtime_error(where + ": the schema version " + std::to_string(version) +
                                         " is newer than this samtal knows (" +
                                         std::to_string(known) + "); upgrade samtal");
            if (version == known) {
                exec("COMMIT");
                return;
            }
            exec(migration_sql(std::size_t(version), store_engine::postgresql));
            exec("DELETE FROM schema_version");
            exec("INSERT INTO schema_version (one, version) VALUES (1, " +
                 std::to_string(version + 1) + ")");
            exec("COMMIT");
        } catch (const store_error& error) {
            PQclear(PQexec(db_.get(), "ROLLBACK"));
            if (error.unreachable()) throw;
            throw std::runtime_error(where + ": migration " +
                                     std::string(k_migrations.at(std::size_t(version))) +
                                     " failed: " + error.what());
        } catch (...) {
            PQclear(PQexec(db_.get(), "ROLLBACK"));
            throw;
        }
    }
}

}  // namespace samtal
