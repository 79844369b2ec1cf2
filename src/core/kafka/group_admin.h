// Group calls that need a consumer handle rather than the admin API.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/kafka/admin.h"

namespace orderctl::core::kafka {

// Committed offsets of `group` for these partitions only (topic -> partitions), by OffsetFetch
// through a consumer handle with that group.id, bounded by the options' timeout. Works where
// the admin group calls do not (the embedded dev broker, whose OffsetFetch needs the partitions
// named).
GroupOffsets fetch_committed(const std::vector<Setting>& properties, ClientOptions options,
                             const std::string& group,
                             const std::map<std::string, std::vector<int32_t>>& partitions);

}  // namespace orderctl::core::kafka
