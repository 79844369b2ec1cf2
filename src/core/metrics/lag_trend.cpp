#include "core/metrics/lag_trend.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace orderctl::core {

LagTrend lag_trend(const std::deque<LagSnapshot>& snapshots) {
    LagTrend trend;
    if (snapshots.size() < 2) return trend;
    const LagSnapshot& first = snapshots.front();
    const LagSnapshot& last = snapshots.back();
    const double elapsed = last.seconds - first.seconds;
    if (elapsed <= 0) return trend;
    trend.consume_rate =
        std::max(0.0, static_cast<double>(last.committed - first.committed) / elapsed);
    trend.produce_rate = std::max(0.0, static_cast<double>(last.log_end - first.log_end) / elapsed);
    if (last.lag <= 0) {
        trend.verdict = LagVerdict::CaughtUp;
        trend.catch_up_seconds = 0;
        return trend;
    }
    const double gaining = *trend.consume_rate - *trend.produce_rate;
    if (gaining <= 0) {
        // Not consuming faster than producers append: the lag will not shrink at this pace.
        trend.verdict = *trend.consume_rate > 0 ? LagVerdict::FallingBehind : LagVerdict::Stalled;
        return trend;
    }
    trend.verdict = LagVerdict::CatchingUp;
    trend.catch_up_seconds = static_cast<double>(last.lag) / gaining;
    return trend;
}

void LagHistory::add(const LagSnapshot& snapshot) {
    if (!snapshots_.empty() && snapshot.committed < snapshots_.back().committed) snapshots_.clear();
    snapshots_.push_back(snapshot);
    // Keep at least two, so a slow refresh interval still has a rate.
    while (snapshots_.size() > 2 && snapshot.seconds - snapshots_.front().seconds > window_seconds_)
        snapshots_.pop_front();
}

std::string verdict_name(LagVerdict verdict) {
    switch (verdict) {
        case LagVerdict::CaughtUp:
            return "caught-up";
        case LagVerdict::CatchingUp:
            return "catching-up";
        case LagVerdict::FallingBehind:
            return "falling-behind";
        case LagVerdict::Stalled:
            return "stalled";
        case LagVerdict::Unknown:
            break;
    }
    return "unknown";
}

std::string format_duration(double seconds) {
    // Beyond a year the number means "not in any useful time".
    if (!std::isfinite(seconds) || seconds < 0 || seconds > 366.0 * 86400) return "-";
    auto total = static_cast<long long>(std::llround(seconds));
    char text[32];
    if (total < 60)
        std::snprintf(text, sizeof text, "%llds", total);
    else if (total < 3600)
        std::snprintf(text, sizeof text, "%lldm%02llds", total / 60, total % 60);
    else if (total < 86400)
        std::snprintf(text, sizeof text, "%lldh%02lldm", total / 3600, total % 3600 / 60);
    else
        std::snprintf(text, sizeof text, "%lldd%02lldh", total / 86400, total % 86400 / 3600);
    return text;
}

}  // namespace orderctl::core
