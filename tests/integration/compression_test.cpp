// Compression of what samtal serves itself: the booking form (about 100 kB), the free times,
// static files and the OpenAPI document go out gzip-compressed to a client that takes gzip
// (compressed once when kept, with each answer's own form token spliced in) and plain to one
// that does not, with Vary: Accept-Encoding to both.
#include "integration/fixture.hpp"
#include "support/gunzip.hpp"

namespace samtal::testing {
namespace {

const std::map<std::string, std::string> k_gzip{{"Accept-Encoding", "gzip, deflate, br"}};

class compression : public service_test {
protected:
    // GET `target` both ways; the compressed answer must unpack, and is returned unpacked.
    std::pair<http_answer, std::string> both_ways(const std::string& target) {
        auto plain = get(target);
        auto packed = get(target, k_gzip);
        EXPECT_EQ(plain.status, 200) << target;
        EXPECT_EQ(packed.status, 200) << target;
        EXPECT_EQ(plain.header("content-encoding"), "") << target;
        EXPECT_EQ(packed.header("content-encoding"), "gzip") << target;
        EXPECT_NE(plain.header("vary").find("Accept-Encoding"), std::string::npos) << target;
        EXPECT_NE(packed.header("vary").find("Accept-Encoding"), std::string::npos) << target;
        auto unpacked = gunzip(packed.body);
        EXPECT_TRUE(unpacked.has_value()) << target << " is not valid gzip";
        std::cout << "[ size ] " << target << ": " << plain.body.size() << " bytes, "
                  << packed.body.size() << " gzipped" << std::endl;
        return {plain, unpacked.value_or("")};
    }
};

TEST_F(compression, the_booking_form_goes_out_compressed_with_its_own_working_token) {
    auto [plain, unpacked] = both_ways("/?lang=en");
    // The same page but for the token each answer gets.
    auto token = token_on(unpacked, "/book");
    ASSERT_FALSE(token.empty());
    auto without_token = [](std::string page, const std::string& value) {
        auto at = page.find(value);
        return at == std::string::npos ? page : page.erase(at, value.size());
    };
    EXPECT_EQ(without_token(unpacked, token),
              without_token(plain.body, token_on(plain.body, "/book")));
    auto packed = get("/?lang=en", k_gzip);
    EXPECT_LT(packed.body.size() * 4, plain.body.size());

    // The token spliced into the compressed page books.
    auto start = free_times().at(0);
    auto booked = post_form("/book",
                            "lang=en&unit=test-unit&channel=phone&phone=070-123%2045%2067"
                            "&start=" +
                                form_encoded(start) + "&form_token=" + form_encoded(token));
    EXPECT_EQ(booked.status, 200) << booked.body.substr(0, 500);
}

TEST_F(compression, free_times_static_files_and_the_openapi_document_go_out_compressed) {
    for (const auto* target :
         {"/api/v1/availability?unit=test-unit", "/static/steps.js", "/api/v1/openapi.yaml"}) {
        auto [plain, unpacked] = both_ways(target);
        EXPECT_EQ(unpacked, plain.body) << target;
    }
}

TEST_F(compression, a_head_request_says_the_compressed_length) {
    auto packed = get("/api/v1/openapi.yaml", k_gzip);
    auto head = http_request(service_.port(), "HEAD", "/api/v1/openapi.yaml", "", k_gzip);
    EXPECT_EQ(head.header("content-encoding"), "gzip");
    EXPECT_EQ(head.header("content-length"), std::to_string(packed.body.size()));
    EXPECT_TRUE(head.body.empty());
}

}  // namespace
}  // namespace samtal::testing
