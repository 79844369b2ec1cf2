// The lag trend of `offsets --watch`: rates, catch-up time and the verdict.
#include <doctest/doctest.h>

#include "core/metrics/lag_trend.h"

using namespace orderctl::core;

TEST_CASE("one snapshot says nothing about a trend") {
    LagHistory history;
    history.add({0, 100, 200, 100});
    auto trend = history.trend();
    CHECK(trend.verdict == LagVerdict::Unknown);
    CHECK_FALSE(trend.consume_rate.has_value());
}

TEST_CASE("consuming faster than producing gives the time to catch up") {
    // 10 s: 1000 records consumed, 200 produced; 800 behind, gaining 80/s -> 10 s.
    LagHistory history;
    history.add({0, 0, 1600, 1600});
    history.add({10, 1000, 1800, 800});
    auto trend = history.trend();
    CHECK(trend.consume_rate == doctest::Approx(100));
    CHECK(trend.produce_rate == doctest::Approx(20));
    CHECK(trend.verdict == LagVerdict::CatchingUp);
    REQUIRE(trend.catch_up_seconds.has_value());
    CHECK(*trend.catch_up_seconds == doctest::Approx(10));
}

TEST_CASE("producing as fast as consuming means falling behind, with no made-up time") {
    std::deque<LagSnapshot> snapshots = {{0, 0, 100, 100}, {5, 50, 150, 100}};
    auto trend = lag_trend(snapshots);
    CHECK(trend.verdict == LagVerdict::FallingBehind);
    CHECK_FALSE(trend.catch_up_seconds.has_value());
}

TEST_CASE("behind and committing nothing is stalled, whether or not producers append") {
    std::deque<LagSnapshot> idle = {{0, 10, 100, 90}, {5, 10, 100, 90}};
    CHECK(lag_trend(idle).verdict == LagVerdict::Stalled);
    std::deque<LagSnapshot> growing = {{0, 10, 100, 90}, {5, 10, 150, 140}};
    CHECK(lag_trend(growing).verdict == LagVerdict::Stalled);
    CHECK(verdict_name(LagVerdict::Stalled) == "stalled");
}

TEST_CASE("no lag is caught up, whatever the rates") {
    std::deque<LagSnapshot> snapshots = {{0, 10, 10, 0}, {1, 10, 10, 0}};
    auto trend = lag_trend(snapshots);
    CHECK(trend.verdict == LagVerdict::CaughtUp);
    CHECK(trend.catch_up_seconds == 0);
    CHECK(trend.consume_rate == doctest::Approx(0));
}

TEST_CASE("the window keeps recent snapshots, and a reset starts the history again") {
    LagHistory history(10);
    for (int second = 0; second <= 30; second += 5)
        history.add({double(second), second * 10, 1000, 0});
    CHECK(history.size() == 3);  // 20, 25, 30
    CHECK(history.trend().consume_rate == doctest::Approx(10));
    history.add({35, 0, 1000, 1000});  // offsets moved back: an old rate would lie
    CHECK(history.size() == 1);
    CHECK(history.trend().verdict == LagVerdict::Unknown);
}

TEST_CASE("durations are short and readable") {
    CHECK(format_duration(0) == "0s");
    CHECK(format_duration(42.4) == "42s");
    CHECK(format_duration(184) == "3m04s");
    CHECK(format_duration(7500) == "2h05m");
    CHECK(format_duration(3 * 86400 + 4 * 3600) == "3d04h");
    CHECK(format_duration(-1) == "-");
    CHECK(format_duration(1e300) == "-");
    CHECK(verdict_name(LagVerdict::FallingBehind) == "falling-behind");
}
