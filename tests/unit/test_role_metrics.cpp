// The Prometheus text a role service serves (prometheus-cpp's serializer): counters, lag and
// time-behind per partition, cumulative buckets; and the percentiles of the summary.
#include <doctest/doctest.h>

#include "core/metrics/histogram.h"
#include "core/metrics/latency_percentiles.h"
#include "core/metrics/role_metrics.h"

using namespace orderctl::core::metrics;

namespace {
bool has(const std::string& text, const std::string& line) {
    return text.find(line + "\n") != std::string::npos;
}
}  // namespace

TEST_CASE("histogram counts per bucket, with sum and count") {
    Histogram h;
    h.observe(0.0004);
    h.observe(0.003);
    h.observe(20);
    CHECK(h.counts().size() == Histogram::duration_bounds().size() + 1);
    CHECK(h.counts()[0] == 1);      // <= 0.5 ms
    CHECK(h.counts()[3] == 1);      // (2.5 ms, 5 ms]
    CHECK(h.counts().back() == 1);  // above 10 s
    CHECK(h.count() == 3);
    CHECK(h.sum() == doctest::Approx(20.0034));
}

TEST_CASE("the exposition carries the snapshot's numbers under escaped labels") {
    RoleMetrics metrics("payment", "g\"1", "orders");
    RoleSnapshot s;
    s.processed = 120;
    s.outcomes = {{"authorized", 115}, {"declined", 5}};
    s.dead_lettered = 2;
    s.lag = {{0, 7}, {3, 0}};
    s.time_behind = {{0, 4.5}, {3, 0}};
    s.commit_seconds.observe(0.002);
    s.order_latency.observe(0.04);
    metrics.publish(s);
    std::string text = metrics.render();
    const std::string labels = R"(group="g\"1",role="payment")";
    CHECK(has(text, "orderctl_records_processed_total{" + labels + "} 120"));
    CHECK(has(text, R"(orderctl_outcomes_total{group="g\"1",kind="declined",role="payment"} 5)"));
    CHECK(has(text, "orderctl_dead_lettered_total{" + labels + "} 2"));
    CHECK(has(
        text,
        R"(orderctl_consumer_lag{group="g\"1",partition="0",role="payment",topic="orders"} 7)"));
    CHECK(has(
        text,
        R"(orderctl_consumer_time_behind_seconds{group="g\"1",partition="0",role="payment",topic="orders"} 4.5)"));
    CHECK(has(text, "orderctl_commit_duration_seconds_bucket{" + labels + ",le=\"0.001\"} 0"));
    CHECK(has(text, "orderctl_commit_duration_seconds_bucket{" + labels + ",le=\"0.0025\"} 1"));
    CHECK(has(text, "orderctl_commit_duration_seconds_count{" + labels + "} 1"));
    CHECK(has(text, "orderctl_order_latency_seconds_bucket{" + labels + ",le=\"0.025\"} 0"));
    CHECK(has(text, "orderctl_order_latency_seconds_bucket{" + labels + ",le=\"0.05\"} 1"));
    CHECK(has(text, "# TYPE orderctl_consumer_lag gauge"));
    CHECK(has(text, "# TYPE orderctl_order_latency_seconds histogram"));
}

TEST_CASE("a later snapshot adds its growth, and a revoked partition leaves the exposition") {
    RoleMetrics metrics("inventory", "g", "orders");
    RoleSnapshot s;
    s.processed = 10;
    s.lag = {{0, 3}, {1, 2}};
    s.order_latency.observe(0.002);
    metrics.publish(s);
    s.processed = 25;
    s.lag = {{1, 0}};
    s.order_latency.observe(0.3);
    metrics.publish(s);
    std::string text = metrics.render();
    CHECK(has(text, R"(orderctl_records_processed_total{group="g",role="inventory"} 25)"));
    CHECK(has(text, R"(orderctl_order_latency_seconds_count{group="g",role="inventory"} 2)"));
    CHECK(has(text,
              R"(orderctl_order_latency_seconds_bucket{group="g",role="inventory",le="0.25"} 1)"));
    CHECK(
        has(text,
            R"(orderctl_consumer_lag{group="g",partition="1",role="inventory",topic="orders"} 0)"));
    CHECK(text.find(R"(partition="0")") == std::string::npos);
}

TEST_CASE("latency percentiles are within 1% of the true ones, and the max is exact") {
    LatencyPercentiles latency;
    CHECK(latency.percentile(0.5) == 0);
    for (int ms = 1; ms <= 100; ++ms) latency.observe(ms / 1000.0);
    CHECK(latency.count() == 100);
    CHECK(latency.percentile(0.50) == doctest::Approx(0.050).epsilon(0.01));
    CHECK(latency.percentile(0.99) == doctest::Approx(0.099).epsilon(0.01));
    CHECK(latency.max() == 0.1);
    CHECK(latency.percentile(1.0) == 0.1);  // never above the largest observation
    latency.observe(-1);  // a clock step backwards counts as zero: the lowest bucket (<= 1 us)
    CHECK(latency.percentile(0.0) <= 1e-6);
    CHECK(latency.count() == 101);
}
