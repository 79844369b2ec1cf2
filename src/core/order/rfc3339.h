// RFC 3339 date-times as the order format accepts them in `created_at`.
#pragma once

#include <string_view>

namespace orderctl::core {

enum class DateTimeCheck {
    Ok,
    BadFormat,    // not YYYY-MM-DDThh:mm:ss[.frac](Z|±hh:mm) with upper-case T and Z
    NotARealDate  // well formed, but no such day or time (2026-02-30, 25:00, year 0000)
};

// Full date-time with seconds (00-60: leap seconds are accepted on any day, as RFC 3339's
// grammar does), an optional fraction of any length, and a Z or ±hh:mm offset.
DateTimeCheck check_rfc3339(std::string_view text);

}  // namespace orderctl::core
