#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "integration/fixture.hpp"
#include "service/app/application.hpp"

namespace samtal::testing {
namespace {

// "GET /api/v1/units" for every operation in the document (paths at two spaces, methods at four).
std::set<std::string> documented_operations(const std::string& yaml) {
    std::set<std::string> operations;
    std::istringstream lines(yaml);
    std::string line, path;
    bool in_paths = false;
    std::regex path_line("^  (/[^:]*):\\s*$"),
        method_line("^    (get|post|put|delete|patch):\\s*$");
    while (std::getline(lines, line)) {
        if (line.starts_with("paths:"))
            in_paths = true;
        else if (!line.empty() && line[0] != ' ' && line[0] != '#')
            in_paths = false;
        if (!in_paths) continue;
        std::smatch match;
        if (std::regex_match(line, match, path_line))
            path = match[1];
        else if (std::regex_match(line, match, method_line)) {
            std::string method = match[1];
            for (auto& c : method) c = char(std::toupper(c));
            operations.insert(method + " " + path);
        }
    }
    return operations;
}

TEST(openapi, documents_exactly_the_routes_the_server_has) {
    temp_dir dir;
    auto settings = parse_config(service_config_text(), "test.toml");
    settings.data_dir = dir.path();
    application app(settings);
    std::set<std::string> routed;
    for (const auto& route : app.routes().routes()) {
        if (route.path.starts_with("/static/")) continue;  // files, documented as one pattern
        routed.insert(std::string(boost::beast::http::to_string(route.method)) + " " + route.path);
    }
    std::ifstream in(SAMTAL_SOURCE_DIR "/docs/openapi.yaml");
    std::stringstream yaml;
    yaml << in.rdbuf();
    auto documented = documented_operations(yaml.str());
    documented.erase("GET /static/{file}");
    EXPECT_EQ(documented, routed);
}

class openapi_served : public service_test {};

TEST_F(openapi_served, is_served_as_yaml) {
    auto answer = get("/api/v1/openapi.yaml");
    ASSERT_EQ(answer.status, 200);
    EXPECT_TRUE(answer.body.starts_with("openapi: 3.1"));
    EXPECT_NE(answer.header("content-type").find("yaml"), std::string::npos);
}

}  // namespace
}  // namespace samtal::testing
