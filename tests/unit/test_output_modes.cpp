// The one table of -o modes: defaults, accepted modes, refusals that name the modes that apply.
#include <doctest/doctest.h>

#include "cli/output_modes.h"
#include "core/error.h"

using namespace orderctl;
using cli::OutputFormat;

namespace {
bool none(const std::string&) {
    return false;
}
bool role(const std::string& flag) {
    return flag == "--role";
}
}  // namespace

TEST_CASE("without -o each command runs in its default") {
    CHECK(cli::choose_output_mode("", "consume", none) == OutputFormat::Jsonl);
    CHECK(cli::choose_output_mode("", "consume", role) == OutputFormat::None);
    CHECK(cli::choose_output_mode("", "produce", none) == OutputFormat::Table);
    CHECK(cli::choose_output_mode("", "topics list", none) == OutputFormat::Table);
}

TEST_CASE("a role service takes every mode; the plain consumer only jsonl") {
    for (const char* mode : {"jsonl", "json", "yaml", "table"})
        CHECK(cli::choose_output_mode(mode, "consume", role) == cli::parse_output_format(mode));
    CHECK(cli::choose_output_mode("jsonl", "consume", none) == OutputFormat::Jsonl);
    CHECK_THROWS_AS(cli::choose_output_mode("json", "consume", none), core::Error);
}

TEST_CASE("a refused mode is a usage error naming the modes that apply") {
    try {
        cli::choose_output_mode("jsonl", "produce", none);
        FAIL("produce -o jsonl was accepted");
    } catch (const core::Error& error) {
        CHECK(error.kind() == core::ErrorKind::Usage);
        CHECK(std::string(error.what()) == "-o jsonl does not apply to 'produce'");
        CHECK(error.hint() == "'produce' takes -o table, json, yaml");
    }
}

TEST_CASE("commands not in the table print documents in every mode") {
    for (const char* mode : {"jsonl", "json", "yaml", "table"})
        CHECK(cli::choose_output_mode(mode, "offsets reset", none) ==
              cli::parse_output_format(mode));
}

TEST_CASE("the table as text: one row per entry, then every other command") {
    const std::string rows = cli::output_mode_rows();
    CHECK(rows ==
          "consume: jsonl\n"
          "consume --role: jsonl json yaml table\n"
          "produce: table json yaml\n"
          "deploy: yaml\n"
          "*: table json yaml jsonl\n");
}
