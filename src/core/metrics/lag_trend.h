// The trend of a consumer group's lag over successive snapshots, for `offsets --watch`: how fast
// the group consumes, how fast producers append, and how long until it has caught up.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

namespace orderctl::core {

// Totals of one group at one moment.
struct LagSnapshot {
    double seconds = 0;     // monotonic time of the snapshot
    int64_t committed = 0;  // sum of the committed offsets (partitions with a commit)
    int64_t log_end = 0;    // sum of the log-end offsets of the same partitions
    int64_t lag = 0;        // sum of their lags
};

// Stalled: behind and committing nothing; FallingBehind: consuming, but no faster than producers
// append, so the lag does not shrink.
enum class LagVerdict { Unknown, CaughtUp, CatchingUp, FallingBehind, Stalled };

struct LagTrend {
    std::optional<double> consume_rate;      // records/s committed
    std::optional<double> produce_rate;      // records/s appended
    std::optional<double> catch_up_seconds;  // while catching up (0 when caught up)
    LagVerdict verdict = LagVerdict::Unknown;
};

// The trend between the oldest and newest of `snapshots` (at least two, a positive time apart;
// otherwise everything unknown). Catch-up time is lag / (consume rate - produce rate).
LagTrend lag_trend(const std::deque<LagSnapshot>& snapshots);

// Snapshots of the last `window_seconds`, so that the rates follow recent changes.
class LagHistory {
  public:
    explicit LagHistory(double window_seconds = 60) : window_seconds_(window_seconds) {}
    // A snapshot with fewer committed records than the last one means the offsets were reset or
    // deleted: the history before it says nothing about the rate any more and is dropped.
    void add(const LagSnapshot& snapshot);
    LagTrend trend() const { return lag_trend(snapshots_); }
    size_t size() const { return snapshots_.size(); }

  private:
    double window_seconds_;
    std::deque<LagSnapshot> snapshots_;
};

std::string verdict_name(LagVerdict verdict);  // "unknown", "caught-up", ...
// "0s", "42s", "3m04s", "2h05m", "3d04h": short enough for a table cell.
std::string format_duration(double seconds);

}  // namespace orderctl::core
