// Points in time on the command line: `@2026-11-27T10:00:00Z` (RFC 3339) or `@-1h` (relative
// to now: ms, s, m, h, d), as --from and --until take them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace orderctl::core {

// Milliseconds since the epoch of an RFC 3339 date-time, or nullopt when it is not one.
std::optional<int64_t> parse_rfc3339_ms(std::string_view text);

// `spec` without the leading '@'; `now_ms` is the current time. nullopt when malformed.
std::optional<int64_t> parse_time_spec(std::string_view spec, int64_t now_ms);

}  // namespace orderctl::core
