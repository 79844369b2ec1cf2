// The numeric validators, through a real CLI11 parse: what they accept, what a negative or a
// word turns into, and the message a user reads.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "cli/number_checks.h"

using namespace orderctl::cli;

namespace {

// Parses `--n VALUE` into `target` with `check`; returns the readable error, or "" on success.
template <typename T>
std::string parse(T& target, CLI::Validator check, const std::string& value) {
    CLI::App app;
    app.add_option("--n", target)->transform(check);
    std::vector<std::string> args = {value, "--n"};  // CLI11 reads the vector from the back
    try {
        app.parse(args);
    } catch (const CLI::ValidationError& error) {
        return readable_validation_message(error.what());
    }
    return "";
}

}  // namespace

TEST_CASE("a count rejects a negative instead of wrapping it into a huge unsigned") {
    std::optional<uint64_t> max;
    CHECK(parse(max, whole_number(1), "-1") == "--n must be a whole number of 1 or more, got '-1'");
    CHECK(parse(max, whole_number(1), "0") == "--n must be a whole number of 1 or more, got '0'");
    CHECK(parse(max, whole_number(1), "ten") ==
          "--n must be a whole number of 1 or more, got 'ten'");
    CHECK(parse(max, whole_number(1), "1.5") ==
          "--n must be a whole number of 1 or more, got '1.5'");
    CHECK(parse(max, whole_number(1), "") == "--n must be a whole number of 1 or more, got ''");
    CHECK(parse(max, whole_number(1), "99999999999999999999") ==
          "--n must be a whole number of 1 or more, got '99999999999999999999'");
    CHECK(parse(max, whole_number(1), "+7") == "");
    CHECK(max == 7u);
}

TEST_CASE("accepted whole numbers reach the option as decimal, never octal or hex") {
    int32_t partition = -1;
    CHECK(parse(partition, whole_number_of<int32_t>(0), "010") == "");
    CHECK(partition == 10);
    CHECK(parse(partition, whole_number_of<int32_t>(0), "0x10") ==
          "--n must be a whole number of 0 or more, got '0x10'");
    CHECK(parse(partition, whole_number_of<int32_t>(0), "-1") ==
          "--n must be a whole number of 0 or more, got '-1'");
    CHECK(parse(partition, whole_number_of<int32_t>(0), "2147483648") ==
          "--n must be a whole number from 0 to 2147483647, got '2147483648'");
    CHECK(parse(partition, whole_number_of<int32_t>(0), "99999999999999999999") ==
          "--n must be a whole number from 0 to 2147483647, got '99999999999999999999'");
    CHECK(parse(partition, whole_number_of<int32_t>(0), " 1") ==
          "--n must be a whole number of 0 or more, got ' 1'");
}

TEST_CASE("bounded and signed whole numbers") {
    int brokers = 0;
    CHECK(parse(brokers, whole_number(1, 9), "10") ==
          "--n must be a whole number from 1 to 9, got '10'");
    CHECK(parse(brokers, whole_number(1, 9), "9") == "");
    CHECK(brokers == 9);
    int64_t shift = 0;
    CHECK(parse(shift, whole_number(std::numeric_limits<int64_t>::min()), "-5") == "");
    CHECK(shift == -5);
    CHECK(parse(shift, whole_number(std::numeric_limits<int64_t>::min()), "x") ==
          "--n must be a whole number, got 'x'");
    CHECK(parse(shift, whole_number(std::numeric_limits<int64_t>::min()), "+-5") ==
          "--n must be a whole number, got '+-5'");
}

TEST_CASE("seconds and rates are finite numbers above 0") {
    double seconds = 0;
    CHECK(parse(seconds, positive_seconds(), "0") ==
          "--n must be a number of seconds above 0, got '0'");
    CHECK(parse(seconds, positive_seconds(), "-2") ==
          "--n must be a number of seconds above 0, got '-2'");
    CHECK(parse(seconds, positive_seconds(), "inf") ==
          "--n must be a number of seconds above 0, got 'inf'");
    CHECK(parse(seconds, positive_seconds(), "1.5") == "");
    CHECK(seconds == 1.5);
    CHECK(parse(seconds, positive_number(), "nan") == "--n must be a number above 0, got 'nan'");
    CHECK(parse(seconds, positive_number(), "2e3") == "");
    CHECK(seconds == 2000);
    CHECK(parse(seconds, seconds_between(0.1, 3600), "0.05") ==
          "--n must be a number of seconds from 0.1 to 3600, got '0.05'");
    CHECK(parse(seconds, seconds_between(0.1, 3600), "0.1") == "");
}

TEST_CASE("other validation messages pass through unchanged") {
    CHECK(readable_validation_message("--role: x not in {a,b}") == "--role: x not in {a,b}");
    CHECK(readable_validation_message("a b: must be x") == "a b: must be x");
}
