// Bar charts drawn on the server as inline SVG for the statistics page: no JavaScript, one
// colour, and every bar labelled with its name and its number, so that nothing is said by
// colour alone. The page puts the same numbers in a table beside each chart for screen
// readers; the SVG itself is one image (role="img") named by its title.
#pragma once

#include <string>
#include <vector>

namespace samtal {

// One bar: what it counts, how long it is, and the text written beside it ("12", "<3",
// "34 %"). A hidden count has no length: only its text.
struct chart_bar {
    std::string label;
    double value = 0;
    std::string text;
};

// Bars that belong together under a heading, such as one period's (no heading: none drawn).
struct chart_group {
    std::string label;
    std::vector<chart_bar> bars;
};

struct bar_chart {
    std::string id;     // unique on the page: the title's id is "<id>-title"
    std::string title;  // the accessible name
    // The value of a full-length bar; 0 for the largest value in the chart.
    double full_scale = 0;
    std::vector<chart_group> groups;
};

// The chart as an <svg> element, its text escaped; a chart without bars says `empty_text`.
std::string bar_chart_svg(const bar_chart& chart, const std::string& empty_text);

// Text for XML and HTML: & < > " ' escaped.
std::string xml_escaped(std::string_view text);

}  // namespace samtal
