#include "core/metrics/latency_percentiles.h"

#include <algorithm>
#include <cmath>

namespace orderctl::core::metrics {
namespace {

constexpr double kSmallest = 1e-6;  // seconds: bucket 0 holds everything up to this
constexpr double kGrowth = 1.01;    // each bucket 1% wider than the one before
const double kLogGrowth = std::log(kGrowth);
constexpr size_t kBuckets = 2400;  // 1e-6 * 1.01^2399 is about 6.5 hours

double upper_bound(size_t bucket) {
    return kSmallest * std::pow(kGrowth, bucket);
}

}  // namespace

LatencyPercentiles::LatencyPercentiles() : buckets_(kBuckets, 0) {}

void LatencyPercentiles::observe(double seconds) {
    if (!(seconds >= 0)) seconds = 0;  // a clock step backwards, or NaN
    size_t bucket = 0;
    if (seconds > kSmallest) {
        // Clamped as a double first: casting +inf (or anything past size_t) is undefined.
        const double index = std::ceil(std::log(seconds / kSmallest) / kLogGrowth);
        bucket = static_cast<size_t>(std::min(index, static_cast<double>(kBuckets - 1)));
    }
    ++buckets_[bucket];
    ++count_;
    max_ = std::max(max_, seconds);
}

double LatencyPercentiles::percentile(double fraction) const {
    if (count_ == 0) return 0;
    // The rank of the wanted observation, 1-based: p50 of 3 is the 2nd, p99 of 100 the 99th.
    const auto rank = std::max<uint64_t>(
        1, static_cast<uint64_t>(std::ceil(fraction * static_cast<double>(count_))));
    uint64_t seen = 0;
    for (size_t i = 0; i < buckets_.size(); ++i) {
        seen += buckets_[i];
        if (seen >= rank) return std::min(upper_bound(i), max_);
    }
    return max_;
}

}  // namespace orderctl::core::metrics
