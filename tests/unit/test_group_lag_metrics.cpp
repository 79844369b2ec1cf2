// The exposition of `offsets --watch --metrics`: the role services' own metric names and labels
// (so one rule reads both), a role label only for role groups, and no series for what is unknown.
#include <doctest/doctest.h>

#include "core/metrics/group_lag_metrics.h"

using namespace orderctl::core::metrics;

namespace {
bool has(const std::string& text, const std::string& line) {
    return text.find(line + "\n") != std::string::npos;
}
}  // namespace

TEST_CASE("group lag exporter: the role services' names and labels, per partition") {
    GroupLagMetrics metrics;
    metrics.publish({{"payment", "orderctl-payment", "orders", 0, 7, 12.5},
                     {"payment", "orderctl-payment", "orders", 1, 0, 0.0},
                     {"", "audit", "orders", 0, 3, std::nullopt}});
    const std::string text = metrics.render();
    CHECK(has(
        text,
        R"(orderctl_consumer_lag{group="orderctl-payment",partition="0",role="payment",topic="orders"} 7)"));
    CHECK(has(
        text,
        R"(orderctl_consumer_time_behind_seconds{group="orderctl-payment",partition="0",role="payment",topic="orders"} 12.5)"));
    CHECK(has(
        text,
        R"(orderctl_consumer_time_behind_seconds{group="orderctl-payment",partition="1",role="payment",topic="orders"} 0)"));
    // A group that is no role's has no role label; its unknown time-behind has no series.
    CHECK(has(text, R"(orderctl_consumer_lag{group="audit",partition="0",topic="orders"} 3)"));
    CHECK(text.find(R"(orderctl_consumer_time_behind_seconds{group="audit")") == std::string::npos);
    CHECK(has(text, "# TYPE orderctl_consumer_lag gauge"));
}

TEST_CASE("group lag exporter: a partition gone or become unknown leaves the exposition") {
    GroupLagMetrics metrics;
    metrics.publish({{"payment", "g", "orders", 0, 7, 3.0}, {"payment", "g", "orders", 1, 2, 1.0}});
    metrics.publish({{"payment", "g", "orders", 1, std::nullopt, std::nullopt}});
    const std::string text = metrics.render();
    CHECK(text.find("partition=\"0\"") == std::string::npos);
    CHECK(text.find("partition=\"1\"") == std::string::npos);
    metrics.publish({{"payment", "g", "orders", 1, 4, 2.0}});
    CHECK(has(metrics.render(),
              R"(orderctl_consumer_lag{group="g",partition="1",role="payment",topic="orders"} 4)"));
}
