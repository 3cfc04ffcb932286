#include "service/staff_pages/statistics_chart.hpp"

#include <algorithm>
#include <cstdio>

namespace samtal {
namespace {

// The layout in SVG user units; the element scales to the page's width (viewBox).
constexpr int k_width = 640;
// Bar names, right-aligned before the bars: room for about 40 characters at 13px, as long as
// "Interpreter booked, not confirmed"; the number after the longest bar has 80 units.
constexpr int k_label_width = 260;
constexpr int k_bar_area = 300;
constexpr int k_row = 24;
constexpr int k_bar_height = 16;
// Dark blue on white: 10:1, well above the 3:1 WCAG 2.1 asks of graphics (1.4.11).
constexpr const char* k_bar_colour = "#1d4f91";

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    std::string out = text;
    if (out.ends_with(".0")) out.resize(out.size() - 2);
    return out;
}

}  // namespace

std::string xml_escaped(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string bar_chart_svg(const bar_chart& chart, const std::string& empty_text) {
    double scale = chart.full_scale;
    std::size_t bars = 0;
    for (const auto& group : chart.groups) {
        bars += group.bars.size();
        for (const auto& bar : group.bars) scale = std::max(scale, bar.value);
    }
    auto title_id = xml_escaped(chart.id) + "-title";
    auto headed = std::count_if(chart.groups.begin(), chart.groups.end(),
                                [](const chart_group& group) { return !group.label.empty(); });
    int rows = bars == 0 ? 1 : int(bars) + int(headed);
    int height = rows * k_row + 8;
    std::string svg =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" "
        "aria-labelledby=\"" +
        title_id + "\" viewBox=\"0 0 " + std::to_string(k_width) + " " + std::to_string(height) +
        "\" width=\"" + std::to_string(k_width) + "\" height=\"" + std::to_string(height) +
        "\" font-family=\"sans-serif\" font-size=\"13\" style=\"max-width:100%;height:auto\">";
    svg += "<title id=\"" + title_id + "\">" + xml_escaped(chart.title) + "</title>";
    if (bars == 0) {
        svg += "<text x=\"0\" y=\"" + std::to_string(k_row - 6) + "\" fill=\"#1a1a1a\">" +
               xml_escaped(empty_text) + "</text></svg>";
        return svg;
    }
    int y = 0;
    for (const auto& group : chart.groups) {
        // The group's name on a line of its own (when it has one), then a bar per value.
        if (!group.label.empty()) {
            svg += "<text x=\"0\" y=\"" + std::to_string(y + k_row - 6) +
                   "\" font-weight=\"bold\" fill=\"#1a1a1a\">" + xml_escaped(group.label) +
                   "</text>";
            y += k_row;
        }
        for (const auto& bar : group.bars) {
            int baseline = y + k_row - 6;
            double length = scale > 0 ? std::max(0.0, bar.value) / scale * k_bar_area : 0;
            svg += "<text x=\"" + std::to_string(k_label_width - 8) + "\" y=\"" +
                   std::to_string(baseline) + "\" text-anchor=\"end\" fill=\"#1a1a1a\">" +
                   xml_escaped(bar.label) + "</text>";
            if (length > 0)
                svg += "<rect x=\"" + std::to_string(k_label_width) + "\" y=\"" +
                       std::to_string(y + (k_row - k_bar_height) / 2) + "\" width=\"" +
                       number(length) + "\" height=\"" + std::to_string(k_bar_height) +
                       "\" fill=\"" + k_bar_colour + "\"/>";
            svg += "<text x=\"" + number(k_label_width + length + 6) + "\" y=\"" +
                   std::to_string(baseline) + "\" fill=\"#1a1a1a\">" + xml_escaped(bar.text) +
                   "</text>";
            y += k_row;
        }
    }
    return svg + "</svg>";
}

}  // namespace samtal
