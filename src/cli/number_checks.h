// CLI11 validators for numeric options, with messages a user can read: the flag, the rule and the
// value given ("--max must be a whole number of 1 or more, got '-1'"). They check the text before
// CLI11 converts it, so a negative never wraps into a huge unsigned count, a leading zero is never
// read as octal, and CLI11's own range wording ("Value 0 not in range ...") never shows.
//
// A validator does not know its option's name: it returns the rule ("must be ..."), CLI11 throws
// it as "NAME: must be ...", and readable_validation_message() makes that "NAME must be ...".
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <limits>
#include <string>

namespace orderctl::cli {

// A whole number from `min` to `max` (counts, partitions, offsets). Attach the whole-number
// validators with ->transform(), not ->check() (which would keep CLI11 from using the rewrite):
// the accepted text is rewritten as plain decimal digits, for CLI11 reads "010" as octal.
CLI::Validator whole_number(int64_t min, int64_t max = std::numeric_limits<int64_t>::max());

// A whole number of `min` or more that must also fit the option's variable, whose limit is
// named only to a value beyond it (most users never meet it).
CLI::Validator whole_number_within(int64_t min, int64_t type_max);

// The same, bounded by the type of the option's variable (for an int32_t partition, say).
template <typename T>
CLI::Validator whole_number_of(int64_t min) {
    constexpr auto top = static_cast<uint64_t>(std::numeric_limits<T>::max());
    constexpr auto int64_top = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    return whole_number_within(min, static_cast<int64_t>(top > int64_top ? int64_top : top));
}

// A finite number above 0: a rate.
CLI::Validator positive_number();

// A finite number of seconds above 0: a timeout or an interval.
CLI::Validator positive_seconds();

// A finite number of seconds from `min` to `max`.
CLI::Validator seconds_between(double min, double max);

// "--max: must be a whole number ..." (CLI11's ValidationError for these validators) as
// "--max must be a whole number ..."; any other text unchanged.
std::string readable_validation_message(const std::string& message);

}  // namespace orderctl::cli
