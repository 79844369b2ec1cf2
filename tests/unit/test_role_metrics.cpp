// The Prometheus text a role service serves: counters, lag per partition, cumulative buckets.
#include <doctest/doctest.h>

#include "core/metrics/role_metrics.h"

using namespace orderctl::core::metrics;

TEST_CASE("histogram buckets are cumulative, with sum and count") {
    Histogram h;
    h.observe(0.0004);
    h.observe(0.003);
    h.observe(20);
    CHECK(h.bucket(0) == 1);  // <= 0.5 ms
    CHECK(h.bucket(3) == 2);  // <= 5 ms
    CHECK(h.bucket(Histogram::kBounds.size() - 1) == 2);
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
    s.commit_seconds.observe(0.002);
    metrics.publish(s);
    std::string text = metrics.render();
    const std::string labels = R"(role="payment",group="g\"1")";
    CHECK(text.find("orderctl_records_processed_total{" + labels + "} 120\n") != std::string::npos);
    CHECK(text.find("orderctl_outcomes_total{" + labels + ",kind=\"declined\"} 5\n") !=
          std::string::npos);
    CHECK(text.find("orderctl_dead_lettered_total{" + labels + "} 2\n") != std::string::npos);
    CHECK(text.find("orderctl_consumer_lag{" + labels + ",topic=\"orders\",partition=\"0\"} 7\n") !=
          std::string::npos);
    CHECK(text.find("orderctl_commit_duration_seconds_bucket{" + labels + ",le=\"0.001\"} 0\n") !=
          std::string::npos);
    CHECK(text.find("orderctl_commit_duration_seconds_bucket{" + labels + ",le=\"0.0025\"} 1\n") !=
          std::string::npos);
    CHECK(text.find("orderctl_commit_duration_seconds_count{" + labels + "} 1\n") !=
          std::string::npos);
    CHECK(text.find("# TYPE orderctl_consumer_lag gauge\n") != std::string::npos);
}

TEST_CASE("label values escape backslash, quote and newline") {
    CHECK(escape_label("a\\b\"c\nd") == "a\\\\b\\\"c\\nd");
}
