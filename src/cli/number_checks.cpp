#include "cli/number_checks.h"

#include <charconv>
#include <cmath>
#include <optional>
#include <system_error>

namespace orderctl::cli {
namespace {

constexpr int64_t kNoMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kNoMax = std::numeric_limits<int64_t>::max();

// The shortest text that reads back as `value` (0.1, not 0.100000).
std::string shortest(double value) {
    char text[32];
    auto [end, error] = std::to_chars(text, text + sizeof text, value);
    return error == std::errc() ? std::string(text, end) : std::to_string(value);
}

// Optional sign, then decimal digits only: no spaces, no 0x, no exponent. nullopt when the text
// is not such a number or lies beyond int64 (then it breaks the rule as any value too big would).
std::optional<int64_t> parse_whole(const std::string& text) {
    std::string_view digits = text;
    if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
    if (digits.empty() || (digits.size() < text.size() && digits.front() == '-'))
        return std::nullopt;
    int64_t value = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    return value;
}

// A finite decimal number (1, 0.5, 2e3); nullopt for anything else, inf and nan included.
std::optional<double> parse_number(const std::string& text) {
    std::string_view digits = text;
    if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
    double value = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
        !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::string got(const std::string& text) {
    return ", got '" + text + "'";
}

}  // namespace

CLI::Validator whole_number(int64_t min, int64_t max) {
    std::string rule = "must be a whole number";
    std::string description;
    if (min != kNoMin && max != kNoMax) {
        rule += " from " + std::to_string(min) + " to " + std::to_string(max);
        description = std::to_string(min) + "-" + std::to_string(max);
    } else if (min != kNoMin) {
        rule += " of " + std::to_string(min) + " or more";
        description = ">=" + std::to_string(min);
    } else if (max != kNoMax) {
        rule += " of " + std::to_string(max) + " or less";
        description = "<=" + std::to_string(max);
    }
    return CLI::Validator(
        [rule, min, max](std::string& text) -> std::string {
            auto value = parse_whole(text);
            if (!value || *value < min || *value > max) return rule + got(text);
            // Plain decimal from here on: CLI11 would read "010" as octal.
            text = std::to_string(*value);
            return {};
        },
        description);
}

CLI::Validator whole_number_within(int64_t min, int64_t type_max) {
    const std::string rule = "must be a whole number of " + std::to_string(min) + " or more";
    const std::string too_big =
        "must be a whole number from " + std::to_string(min) + " to " + std::to_string(type_max);
    return CLI::Validator(
        [rule, too_big, min, type_max](std::string& text) -> std::string {
            auto value = parse_whole(text);
            bool digits =
                !text.empty() && text.find_first_not_of("+0123456789") == std::string::npos;
            if (!value && digits) return too_big + got(text);  // beyond int64
            if (!value || *value < min) return rule + got(text);
            if (*value > type_max) return too_big + got(text);
            text = std::to_string(*value);
            return {};
        },
        ">=" + std::to_string(min));
}

CLI::Validator positive_number() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            auto value = parse_number(text);
            if (!value || *value <= 0) return "must be a number above 0" + got(text);
            return {};
        },
        ">0");
}

CLI::Validator positive_seconds() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            auto value = parse_number(text);
            if (!value || *value <= 0) return "must be a number of seconds above 0" + got(text);
            return {};
        },
        ">0");
}

CLI::Validator seconds_between(double min, double max) {
    std::string bounds = shortest(min) + " to " + shortest(max);
    return CLI::Validator(
        [bounds, min, max](std::string& text) -> std::string {
            auto value = parse_number(text);
            if (!value || *value < min || *value > max)
                return "must be a number of seconds from " + bounds + got(text);
            return {};
        },
        shortest(min) + "-" + shortest(max));
}

std::string readable_validation_message(const std::string& message) {
    // CLI11 writes "NAME: " + what the validator returned; NAME is a flag or an argument's name.
    const std::string joint = ": must be ";
    auto at = message.find(joint);
    if (at == std::string::npos || at == 0 || message.find(' ') < at) return message;
    return message.substr(0, at) + message.substr(at + 1);
}

}  // namespace orderctl::cli
