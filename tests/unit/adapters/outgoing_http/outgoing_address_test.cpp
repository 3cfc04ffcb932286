// Outgoing calls reach only public addresses: the classification table, and libcurl refusing
// the address it would actually connect to, by literal, by IPv4-mapped IPv6 and by redirect.
#include "adapters/outgoing_http/outgoing_address.hpp"

#include <gtest/gtest.h>

#include <boost/asio/ip/address.hpp>

#include "adapters/outgoing_http/curl_call.hpp"
#include "support/canned_http_server.hpp"

namespace samtal {
namespace {

namespace ip = boost::asio::ip;

TEST(outgoing_address, classifies_every_special_range) {
    struct case_t {
        const char* address;
        address_kind kind;
    } cases[] = {
        {"93.184.216.34", address_kind::public_internet},
        {"1.1.1.1", address_kind::public_internet},
        {"2606:4700:4700::1111", address_kind::public_internet},
        {"0.0.0.0", address_kind::unspecified},
        {"0.1.2.3", address_kind::unspecified},
        {"::", address_kind::unspecified},
        {"127.0.0.1", address_kind::loopback},
        {"127.255.255.254", address_kind::loopback},
        {"::1", address_kind::loopback},
        {"10.0.0.1", address_kind::private_network},
        {"172.16.0.1", address_kind::private_network},
        {"172.31.255.255", address_kind::private_network},
        {"172.32.0.1", address_kind::public_internet},
        {"192.168.1.1", address_kind::private_network},
        {"fc00::1", address_kind::private_network},
        {"fd12:3456::1", address_kind::private_network},
        {"fec0::1", address_kind::private_network},
        {"100.64.0.1", address_kind::shared_cgnat},
        {"100.127.255.255", address_kind::shared_cgnat},
        {"100.128.0.1", address_kind::public_internet},
        {"169.254.1.1", address_kind::link_local},
        {"fe80::1", address_kind::link_local},
        {"169.254.169.254", address_kind::cloud_metadata},
        {"fd00:ec2::254", address_kind::cloud_metadata},
        {"224.0.0.1", address_kind::multicast},
        {"239.255.255.250", address_kind::multicast},
        {"ff02::1", address_kind::multicast},
        {"192.0.0.8", address_kind::reserved},
        {"192.0.2.1", address_kind::reserved},
        {"198.18.0.1", address_kind::reserved},
        {"198.51.100.1", address_kind::reserved},
        {"203.0.113.1", address_kind::reserved},
        {"240.0.0.1", address_kind::reserved},
        {"255.255.255.255", address_kind::reserved},
        {"2001:db8::1", address_kind::reserved},
        {"2001::1", address_kind::reserved},
        {"100::1", address_kind::reserved},
        {"::127.0.0.1", address_kind::reserved},
        // IPv4 inside IPv6 is what it reaches.
        {"::ffff:127.0.0.1", address_kind::loopback},
        {"::ffff:10.1.2.3", address_kind::private_network},
        {"::ffff:169.254.169.254", address_kind::cloud_metadata},
        {"::ffff:93.184.216.34", address_kind::public_internet},
        {"64:ff9b::a9fe:a9fe", address_kind::cloud_metadata},
        {"64:ff9b::7f00:1", address_kind::loopback},
        {"2002:7f00:1::1", address_kind::loopback},
        {"2002:c0a8:101::1", address_kind::private_network},
    };
    for (const auto& test : cases) {
        SCOPED_TRACE(test.address);
        EXPECT_EQ(describe(classify_address(ip::make_address(test.address))), describe(test.kind));
    }
}

// The answer of a server that sends every request on to `location`.
std::string redirect_to(const std::string& location) {
    return "HTTP/1.1 302 Found\r\nLocation: " + location +
           "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
}

struct transfer_outcome {
    CURLcode code;
    long status;
    outside_call_result failure;
};

transfer_outcome fetch(const std::string& url, const outgoing_config& outgoing,
                       bool follow_redirects = false) {
    curl_call call(std::chrono::milliseconds(5000), true, outgoing);
    curl_easy_setopt(call.handle(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(call.handle(), CURLOPT_FOLLOWLOCATION, follow_redirects ? 1L : 0L);
    auto code = call.perform();
    long status = 0;
    curl_easy_getinfo(call.handle(), CURLINFO_RESPONSE_CODE, &status);
    return {code, status, code == CURLE_OK ? outside_call_result{} : call.failure(code)};
}

TEST(outgoing_calls, refuse_loopback_unless_the_host_is_allowed_by_name) {
    testing::canned_http_server server(redirect_to("http://127.0.0.1:1/"));
    auto url = "http://127.0.0.1:" + std::to_string(server.port()) + "/";

    auto refused = fetch(url, {});
    EXPECT_EQ(refused.code, CURLE_COULDNT_CONNECT);
    EXPECT_EQ(refused.failure.status, delivery_status::failed_permanently);
    EXPECT_EQ(refused.failure.reason,
              "refused to connect to 127.0.0.1, a loopback address (allow the host by name under "
              "[outgoing] allow_private_hosts)");
    EXPECT_EQ(server.connections(), 0) << "the connection was made before it was refused";

    auto allowed = fetch(url, {{"127.0.0.1"}});
    EXPECT_EQ(allowed.code, CURLE_OK);
    EXPECT_EQ(allowed.status, 302);
    EXPECT_EQ(server.connections(), 1);
}

TEST(outgoing_calls, refuse_ipv4_mapped_ipv6_by_the_address_it_reaches) {
    testing::canned_http_server server(redirect_to("http://127.0.0.1:1/"));
    auto refused =
        fetch("http://[::ffff:127.0.0.1]:" + std::to_string(server.port()) + "/", {{"127.0.0.1"}});
    EXPECT_EQ(refused.code, CURLE_COULDNT_CONNECT);
    EXPECT_NE(refused.failure.reason.find("a loopback address"), std::string::npos)
        << refused.failure.reason;
    EXPECT_EQ(server.connections(), 0);
}

TEST(outgoing_calls, an_allowed_host_cannot_redirect_to_one_that_is_not) {
    // Samtal's own calls follow no redirects; even a handle that did would not be led on
    // to a host nobody allowed.
    testing::canned_http_server target(redirect_to("http://127.0.0.1:1/"));
    testing::canned_http_server server(
        redirect_to("http://localhost:" + std::to_string(target.port()) + "/"));
    auto outcome =
        fetch("http://127.0.0.1:" + std::to_string(server.port()) + "/", {{"127.0.0.1"}}, true);
    EXPECT_EQ(server.connections(), 1);
    EXPECT_EQ(target.connections(), 0);
    EXPECT_EQ(outcome.code, CURLE_COULDNT_CONNECT);
    EXPECT_EQ(outcome.failure.reason.find("refused to connect to "), 0u) << outcome.failure.reason;
}

}  // namespace
}  // namespace samtal
