// A call to a JSON API as it goes out and comes back, where the adapters' fakes do not look: the
// bound on the answer it reads, and which methods carry a body.
#include "adapters/outgoing_http/curl_call.hpp"

#include <gtest/gtest.h>

#include "support/canned_http_server.hpp"

namespace samtal {
namespace {

// The answer of a JSON API that found what it was asked for.
std::string found(const std::string& json) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(json.size()) + "\r\nConnection: close\r\n\r\n" + json;
}

std::string api_url(const testing::canned_http_server& server) {
    return "http://127.0.0.1:" + std::to_string(server.port()) + "/api";
}

json_answer exchange(const json_request& request) {
    outgoing_config loopback_allowed{{"127.0.0.1"}};
    curl_call transfer(std::chrono::milliseconds(5000), true, loopback_allowed);
    return json_exchange(transfer, request);
}

TEST(json_exchange, stops_reading_an_answer_longer_than_its_limit) {
    const std::string body = R"({"id":")" + std::string(1000, 'x') + R"("})";
    testing::canned_http_server server(found(body));

    auto whole = exchange({.method = "GET",
                           .url = api_url(server),
                           .answer_limit = body.size(),
                           .party = "test API"});
    EXPECT_EQ(whole.outcome.status, delivery_status::delivered);
    EXPECT_EQ(whole.status, 200);
    EXPECT_EQ(whole.body, body);

    // An answer that large is not one the adapter asked for: a transport failure, retried, and
    // nothing of it kept or in the reason.
    auto cut = exchange({.method = "GET",
                         .url = api_url(server),
                         .answer_limit = body.size() - 1,
                         .party = "test API"});
    EXPECT_EQ(cut.outcome.status, delivery_status::retry_later);
    EXPECT_EQ(cut.status, 0);
    EXPECT_EQ(cut.outcome.reason.find("xxx"), std::string::npos) << cut.outcome.reason;
}

TEST(json_exchange, sends_a_body_with_any_method_but_get_and_delete) {
    testing::canned_http_server server(found("{}"));
    struct case_t {
        const char* method;
        const char* body;
        const char* content_length;  // nullptr: no body at all
        bool labelled;
    } cases[] = {
        {"GET", "", nullptr, false},
        {"DELETE", "", nullptr, false},
        // A token request without a form still says how long its (empty) body is.
        {"POST", "", "Content-Length: 0\r\n", false},
        {"PATCH", R"({"a":1})", "Content-Length: 7\r\n", true},
    };
    for (const auto& test : cases) {
        SCOPED_TRACE(test.method);
        auto answer = exchange({.method = test.method,
                                .url = api_url(server),
                                .body = test.body,
                                .content_type = "application/json",
                                .answer_limit = 1024,
                                .party = "test API"});
        ASSERT_EQ(answer.outcome.status, delivery_status::delivered) << answer.outcome.reason;
        auto head = server.last_request();
        EXPECT_EQ(head.rfind(std::string(test.method) + " /api HTTP/1.1\r\n", 0), 0u) << head;
        if (test.content_length)
            EXPECT_NE(head.find(test.content_length), std::string::npos) << head;
        else
            EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;
        EXPECT_EQ(head.find("Content-Type: application/json\r\n") != std::string::npos,
                  test.labelled)
            << head;
    }
}

}  // namespace
}  // namespace samtal
