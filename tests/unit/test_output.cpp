// Rendering of results: tables without trailing blanks, YAML that reads back as the same types.
#include <doctest/doctest.h>

#include <sstream>

#include <yaml-cpp/yaml.h>

#include "cli/output.h"

using namespace orderctl::cli;

TEST_CASE("tables align columns and end lines without blanks") {
    std::ostringstream out;
    print_table(out, {{"name", "partitions"}, {{"orders", "6"}, {"x", ""}}});
    CHECK(out.str() == "NAME    PARTITIONS\norders  6\nx\n");
}

TEST_CASE("YAML output keeps strings that look like numbers or booleans strings") {
    Json value = {{"retention.ms", "604800000"},
                  {"flag", "true"},
                  {"count", 3},
                  {"name", "orders"},
                  {"empty", ""},
                  {"none", nullptr}};
    std::ostringstream out;
    print_yaml(out, value);
    YAML::Node node = YAML::Load(out.str());
    CHECK(node["retention.ms"].Tag() == "!");  // quoted: a string, not an integer
    CHECK(node["retention.ms"].as<std::string>() == "604800000");
    CHECK(node["flag"].Tag() == "!");
    CHECK(node["count"].as<int>() == 3);
    CHECK(node["name"].as<std::string>() == "orders");
    CHECK(node["empty"].as<std::string>() == "");
    CHECK(node["none"].IsNull());
}

TEST_CASE("cells of arrays are comma-joined") {
    CHECK(cell_text(Json::array({1, 2, 3})) == "1,2,3");
    CHECK(cell_text(nullptr) == "");
    CHECK(cell_text("text") == "text");
}
