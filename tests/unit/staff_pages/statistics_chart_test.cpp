// The statistics page's charts: one image with a name, every bar labelled with its name and
// number (nothing said by colour alone), hidden counts without a length, text escaped.
#include "service/staff_pages/statistics_chart.hpp"

#include <gtest/gtest.h>

namespace samtal {
namespace {

std::size_t occurrences(const std::string& text, const std::string& needle) {
    std::size_t count = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
        ++count;
    return count;
}

bar_chart channels() {
    return {"channel",
            "Bookings by channel",
            0,
            {{"2026-11", {{"Phone", 12, "12"}, {"Video", 6, "6"}}},
             {"2026-12", {{"Phone", 0, "<3"}, {"Video", 4, "4"}}}}};
}

TEST(statistics_chart, is_one_image_named_by_its_title) {
    auto svg = bar_chart_svg(channels(), "No conversations.");
    EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
    EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
    EXPECT_NE(svg.find("aria-labelledby=\"channel-title\""), std::string::npos);
    EXPECT_NE(svg.find("<title id=\"channel-title\">Bookings by channel</title>"),
              std::string::npos);
    EXPECT_TRUE(svg.ends_with("</svg>"));
    EXPECT_NE(svg.find("viewBox=\"0 0 640 "), std::string::npos);
}

TEST(statistics_chart, labels_every_bar_with_its_name_and_number) {
    auto svg = bar_chart_svg(channels(), "No conversations.");
    for (const auto* text : {">2026-11<", ">2026-12<", ">12<", ">6<", ">4<", ">&lt;3<"}) {
        SCOPED_TRACE(text);
        EXPECT_EQ(occurrences(svg, text), 1u);
    }
    EXPECT_EQ(occurrences(svg, ">Phone<"), 2u);
    EXPECT_EQ(occurrences(svg, ">Video<"), 2u);
    // A hidden count has its text and no bar; the largest value fills the bar area.
    EXPECT_EQ(occurrences(svg, "<rect "), 3u);
    EXPECT_NE(svg.find("width=\"300\""), std::string::npos);
    EXPECT_NE(svg.find("width=\"150\""), std::string::npos);
    EXPECT_NE(svg.find("width=\"100\""), std::string::npos);
}

TEST(statistics_chart, a_full_scale_caps_the_bars_as_for_shares) {
    bar_chart shares{"fathers", "Share of fathers", 100, {{"", {{"2026", 25, "25 %"}}}}};
    auto svg = bar_chart_svg(shares, "none");
    EXPECT_NE(svg.find("width=\"75\""), std::string::npos);
    // No heading line for a group without a name: one row of 24 plus the margin.
    EXPECT_NE(svg.find("height=\"32\""), std::string::npos);
}

TEST(statistics_chart, escapes_every_text) {
    bar_chart chart{
        "x\"y", "A <b>title</b> & more", 0, {{"<script>", {{"it's", 3, "3 \"quoted\""}}}}};
    auto svg = bar_chart_svg(chart, "");
    EXPECT_EQ(svg.find("<script>"), std::string::npos);
    EXPECT_EQ(svg.find("<b>"), std::string::npos);
    EXPECT_NE(svg.find("A &lt;b&gt;title&lt;/b&gt; &amp; more"), std::string::npos);
    EXPECT_NE(svg.find("it&#39;s"), std::string::npos);
    EXPECT_NE(svg.find("3 &quot;quoted&quot;"), std::string::npos);
    EXPECT_NE(svg.find("id=\"x&quot;y-title\""), std::string::npos);
}

TEST(statistics_chart, an_empty_chart_says_so) {
    auto svg = bar_chart_svg({"empty", "Languages", 0, {}}, "No conversations in this time.");
    EXPECT_NE(svg.find(">No conversations in this time.</text>"), std::string::npos);
    EXPECT_EQ(svg.find("<rect"), std::string::npos);
    EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
}

}  // namespace
}  // namespace samtal
