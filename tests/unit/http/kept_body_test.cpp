// Kept bodies: compressed once, they decompress (CRC and length checked, as browsers do) to
// exactly the text with each answer's own text in its place; plain to clients that do not
// take gzip, and Vary: Accept-Encoding to both.
#include "service/http/kept_body.hpp"

#include <gtest/gtest.h>

#include "support/gunzip.hpp"

namespace samtal {
namespace {

std::string sent_body(const reply& answer) {
    std::string body;
    for (auto part : answer.body_parts()) body += part;
    return body;
}

request asking(std::string_view accept_encoding) {
    request req{http::verb::get, "/", 11};
    if (!accept_encoding.empty()) req.set(http::field::accept_encoding, accept_encoding);
    return req;
}

// About 200 kB of page-like text, with repeats for deflate to find and variety so it is not
// all repeats.
std::string long_page() {
    std::string page = "<!doctype html><form>";
    for (int i = 0; i < 4000; ++i)
        page += "<option value=\"" + std::to_string(i * 7919 % 10007) + "\">tid " +
                std::to_string(i) + "</option>\n";
    return page + "</form>";
}

TEST(kept_body, decompresses_to_the_text_with_each_answers_own_text_in_its_place) {
    struct case_ {
        const char* name;
        std::string text;
        std::size_t own_at;
        std::string own;
    } cases[] = {
        {"no place of its own", long_page(), std::string::npos, ""},
        {"a token in the middle", long_page(), 100000, "token-4711"},
        {"at the start", long_page(), 0, "first"},
        {"at the end", long_page(), long_page().size(), "last"},
        {"an empty own text", long_page(), 5000, ""},
        {"an empty text", "", 0, "only this"},
        {"a short text", "<p>hej</p>", 3, "x"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        kept_body kept(c.text, c.own_at);
        auto expected = c.text;
        expected.insert(std::min(c.own_at, c.text.size()), c.own);

        auto compressed = kept.answer(asking("gzip, deflate, br"), response{}, c.own);
        EXPECT_EQ(compressed[http::field::content_encoding], "gzip");
        EXPECT_EQ(compressed[http::field::vary], "Accept-Encoding");
        auto body = sent_body(compressed);
        EXPECT_EQ(compressed[http::field::content_length], std::to_string(body.size()));
        auto unpacked = testing::gunzip(body);
        ASSERT_TRUE(unpacked.has_value()) << "not valid gzip";
        EXPECT_EQ(*unpacked, expected);

        auto plain = kept.answer(asking(""), response{}, c.own);
        EXPECT_EQ(plain[http::field::content_encoding], "");
        EXPECT_EQ(plain[http::field::vary], "Accept-Encoding");
        EXPECT_EQ(sent_body(plain), expected);
        EXPECT_EQ(plain[http::field::content_length], std::to_string(expected.size()));
    }
}

TEST(kept_body, compresses_a_page_to_a_fraction_and_keeps_other_vary_fields) {
    kept_body kept(long_page(), 1000);
    EXPECT_LT(kept.compressed_size() * 4, kept.text().size())
        << kept.compressed_size() << " of " << kept.text().size();
    response head;
    head.set(http::field::vary, "Accept-Language");
    auto answer = kept.answer(asking("gzip"), std::move(head), "t");
    EXPECT_EQ(answer[http::field::vary], "Accept-Language, Accept-Encoding");
    // Two answers with different tokens share the compressed buffer and both unpack.
    auto other = kept.answer(asking("gzip"), response{}, "another token");
    EXPECT_EQ(answer.shared_body, other.shared_body);
    EXPECT_TRUE(testing::gunzip(sent_body(other)).has_value());
}

TEST(kept_body, reads_accept_encoding_as_rfc_9110_says) {
    struct case_ {
        const char* header;
        bool gzip;
    } cases[] = {
        {"gzip", true},
        {"GZIP", true},
        {"x-gzip", true},
        {"br, gzip;q=0.5", true},
        {"*", true},
        {"deflate, gzip ; q=1", true},
        {"", false},
        {"identity", false},
        {"gzip;q=0", false},
        {"gzip;q=0.000", false},
        {"br, deflate", false},
        {"gzipped", false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.header);
        EXPECT_EQ(accepts_gzip(asking(c.header)), c.gzip);
    }
}

}  // namespace
}  // namespace samtal
