#include <doctest/doctest.h>

#include "core/time_spec.h"

using namespace orderctl::core;

TEST_CASE("RFC 3339 times become epoch milliseconds, offsets applied") {
    CHECK(parse_rfc3339_ms("1970-01-01T00:00:00Z") == 0);
    CHECK(parse_rfc3339_ms("2023-11-14T22:13:20Z") == 1700000000000);
    CHECK(parse_rfc3339_ms("2023-11-14T23:13:20.250+01:00") == 1700000000250);
    CHECK(parse_rfc3339_ms("2023-11-14T21:13:20-01:00") == 1700000000000);
    CHECK_FALSE(parse_rfc3339_ms("2023-11-14 22:13:20"));
    CHECK_FALSE(parse_rfc3339_ms("yesterday"));
}

TEST_CASE("relative times count back from now") {
    const int64_t now = 1700000000000;
    CHECK(parse_time_spec("-1h", now) == now - 3600000);
    CHECK(parse_time_spec("-30m", now) == now - 1800000);
    CHECK(parse_time_spec("-10s", now) == now - 10000);
    CHECK(parse_time_spec("-2d", now) == now - 172800000);
    CHECK(parse_time_spec("-5ms", now) == now - 5);
    CHECK_FALSE(parse_time_spec("-1w", now));
    CHECK_FALSE(parse_time_spec("-h", now));
    CHECK(parse_time_spec("2023-11-14T22:13:20Z", now) == 1700000000000);
}
