// What `offsets --watch --metrics ADDR` exposes to Prometheus: the lag and time-behind of each
// group's partitions, read from committed offsets, so that lag alerts see a group whose role
// services are all down. Same metric names and labels as a role service's own (role, group,
// topic, partition), so one rule reads both; deploy/prometheus/orderctl-rules.yml says how
// they are combined.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace prometheus {
class Registry;
}

namespace orderctl::core::metrics {

struct GroupPartitionSample {
    std::string role;  // "" for a group that is no role's: no role label then
    std::string group;
    std::string topic;
    int32_t partition = 0;
    std::optional<int64_t> lag;  // log end minus committed offset; nullopt: no commit, not shown
    std::optional<double> time_behind_seconds;  // nullopt: unknown, not shown
};

class GroupLagMetrics {
  public:
    GroupLagMetrics();
    ~GroupLagMetrics();
    // Replaces every series with these samples: a partition absent, or unknown, has no series
    // (Prometheus then sees it go stale rather than a made-up 0).
    void publish(const std::vector<GroupPartitionSample>& samples);
    // The Prometheus text exposition format (version 0.0.4).
    std::string render() const;

  private:
    struct Families;
    mutable std::mutex mutex_;
    std::shared_ptr<prometheus::Registry> registry_;
    std::unique_ptr<Families> families_;
};

}  // namespace orderctl::core::metrics
