// A family's gauges kept in step with what is there now (partitions assigned, groups present):
// the gauges of keys that are gone are removed, so a scrape never shows a stale series.
#pragma once

#include <map>

#include <prometheus/family.h>
#include <prometheus/gauge.h>

namespace orderctl::core::metrics {

// Removes from `family` (and `gauges`) every gauge whose key is not in `present`.
template <typename Key, typename Present>
void remove_gauges_not_in(prometheus::Family<prometheus::Gauge>& family,
                          std::map<Key, prometheus::Gauge*>& gauges, const Present& present) {
    for (auto it = gauges.begin(); it != gauges.end();) {
        if (present.count(it->first)) {
            ++it;
            continue;
        }
        family.Remove(it->second);
        it = gauges.erase(it);
    }
}

}  // namespace orderctl::core::metrics
