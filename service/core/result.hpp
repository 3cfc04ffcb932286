// Errors as values on the request path: a fallible core operation returns result<T>, and the
// HTTP edge turns a failure into a problem response through one table (http/problem.cpp).
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace samtal {

// Which field was wrong and a stable code for how (the edge words it in the user's language).
struct field_error {
    std::string field;
    std::string code;
};

enum class failure_kind {
    invalid_input,  // 422, with field errors
    not_found,      // 404: also every wrong, unknown or cancelled booking code
    slot_taken,     // 409: the time was taken meanwhile
    conflict,       // 409: a staff write based on a version that has changed since
    forbidden,      // 403: the caller's role or unit may not do this
    unavailable,    // 503: the store could not be reached
};

struct failure {
    failure_kind kind;
    std::vector<field_error> fields;

    static failure invalid(std::vector<field_error> fields) {
        return {failure_kind::invalid_input, std::move(fields)};
    }
    static failure invalid(std::string field, std::string code) {
        return {failure_kind::invalid_input, {{std::move(field), std::move(code)}}};
    }
};

template <class T>
class [[nodiscard]] result {
public:
    result(T value) : state_(std::move(value)) {}
    result(failure error) : state_(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<T>(state_); }
    const T& value() const { return std::get<T>(state_); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const failure& error() const { return std::get<failure>(state_); }

private:
    std::variant<T, failure> state_;
};

}  // namespace samtal
