// An agency with a JSON REST API (docs/interpreter-agency-api.md has the whole contract):
//
//   POST   {api_url}/requests        create; 201 {"id": "<agency's id>", "status": "requested"}
//                                    (with "Idempotency-Key: <reference>": a create repeated
//                                    after a lost answer gets the same request back)
//   PUT    {api_url}/requests/{id}   the request changed (moved, or the confirmed video
//                                    interpreter's join link); 200
//   DELETE {api_url}/requests/{id}   withdrawn; 204 (404: gone already, which is as good)
//   GET    {api_url}/requests/{id}   where it stands; 200 {"status": "requested" | "confirmed" |
//                                    "declined", "interpreter": {...}}
//
// with "Authorization: Bearer <api key>". The agency answers by calling samtal back
// (callback_signature.hpp); asking the status is the fallback for requests still open.
#pragma once

#include <boost/json/object.hpp>

#include "adapters/outgoing_http/curl_call.hpp"
#include "adapters/outgoing_http/outgoing_config.hpp"
#include "service/core/interpreter_agency.hpp"
#include "service/core/unit.hpp"

namespace samtal {

class http_agency : public interpreter_agency {
public:
    http_agency(const interpreters_config& settings, const outgoing_config& outgoing)
        : settings_(settings), outgoing_(outgoing) {}

    outside_call_result send(const agency_request& request, std::string& agency_id) override;
    outside_call_result withdraw(const agency_request& request) override;
    std::optional<interpreter_answer> status(const agency_request& request) override;
    std::optional<std::chrono::seconds> poll_interval() const override {
        return settings_.poll_interval;
    }
    // Signed as callback_signature.hpp says; the body is JSON with the agency's event_id, the
    // unit's reference and the answer as read_agency_answer() reads it.
    agency_notice read_callback(const agency_callback& callback, sys_seconds now) const override;

private:
    json_answer call(const std::string& method, const std::string& path, const std::string& body,
                     const std::string& idempotency_key = "");

    const interpreters_config& settings_;
    const outgoing_config& outgoing_;
};

// The request as the agency's API takes it: the order's fields, times in UTC, and the join
// link only for a confirmed video interpreter.
std::string agency_request_json(const agency_request& request);

// An agency's description of where a request stands (a status answer or a callback's body),
// checked strictly; nullopt when it is not usable. A confirmation must say how the interpreter
// joins, and by phone with a number.
std::optional<interpreter_answer> read_agency_answer(const boost::json::object& object);

}  // namespace samtal
