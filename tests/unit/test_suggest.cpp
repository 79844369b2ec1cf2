#include <doctest/doctest.h>

#include "core/suggest.h"

using orderctl::core::closest_match;
using orderctl::core::edit_distance;

TEST_CASE("edit distance counts a swap of neighbours as one edit") {
    CHECK(edit_distance("list", "list") == 0);
    CHECK(edit_distance("lsit", "list") == 1);
    CHECK(edit_distance("topcs", "topics") == 1);
    CHECK(edit_distance("", "abc") == 3);
}

TEST_CASE("closest match suggests plausible typos only") {
    std::vector<std::string> names = {"topics", "profile", "--all", "--partitions"};
    CHECK(closest_match("topcs", names) == std::optional<std::string>("topics"));
    CHECK(closest_match("--alll", names) == std::optional<std::string>("--all"));
    CHECK(closest_match("--partiton", names) == std::optional<std::string>("--partitions"));
    CHECK_FALSE(closest_match("zzzzzz", names));
}
