#include "core/time_spec.h"

#include <charconv>
#include <chrono>

#include "core/order/rfc3339.h"

namespace orderctl::core {
namespace {

std::optional<int> digits(std::string_view text, size_t at, size_t count) {
    int value = 0;
    if (at + count > text.size()) return std::nullopt;
    for (size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

}  // namespace

std::optional<int64_t> parse_rfc3339_ms(std::string_view text) {
    if (check_rfc3339(text) != DateTimeCheck::Ok) return std::nullopt;
    // The shape is checked: YYYY-MM-DDThh:mm:ss[.frac](Z|±hh:mm).
    using namespace std::chrono;
    auto day = year_month_day{year{*digits(text, 0, 4)}, month{unsigned(*digits(text, 5, 2))},
                              std::chrono::day{unsigned(*digits(text, 8, 2))}};
    int64_t ms = duration_cast<milliseconds>(sys_days{day}.time_since_epoch()).count();
    ms +=
        (*digits(text, 11, 2) * 3600LL + *digits(text, 14, 2) * 60LL + *digits(text, 17, 2)) * 1000;
    size_t at = 19;
    if (at < text.size() && text[at] == '.') {
        int64_t scale = 100;
        for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at) {
            ms += (text[at] - '0') * scale;
            scale /= 10;
        }
    }
    if (text[at] != 'Z') {
        int64_t offset = (*digits(text, at + 1, 2) * 60LL + *digits(text, at + 4, 2)) * 60000;
        ms += text[at] == '+' ? -offset : offset;
    }
    return ms;
}

std::optional<int64_t> parse_time_spec(std::string_view spec, int64_t now_ms) {
    if (spec.empty()) return std::nullopt;
    if (spec[0] != '-') return parse_rfc3339_ms(spec);
    int64_t amount = 0;
    auto [end, error] = std::from_chars(spec.data() + 1, spec.data() + spec.size(), amount);
    if (error != std::errc() || amount < 0) return std::nullopt;
    std::string_view unit(end, spec.data() + spec.size() - end);
    int64_t scale = 0;
    if (unit == "ms")
        scale = 1;
    else if (unit == "s")
        scale = 1000;
    else if (unit == "m")
        scale = 60000;
    else if (unit == "h")
        scale = 3600000;
    else if (unit == "d")
        scale = 86400000;
    else
        return std::nullopt;
    return now_ms - amount * scale;
}

}  // namespace orderctl::core
