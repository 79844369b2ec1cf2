#include "core/scaling/previous_offsets.h"

namespace orderctl::core::scaling {

void PreviousOffsets::carry(const std::string& topic, int32_t partition,
                            PartitionOffsets& offsets) {
    offsets.previous_committed.reset();
    if (!offsets.committed || !offsets.log_end) return;
    auto [entry, added] = committed_.try_emplace({topic, partition}, *offsets.committed);
    if (added) return;  // first seen: counted, remembered
    offsets.previous_committed = entry->second;
    entry->second = *offsets.committed;
}

}  // namespace orderctl::core::scaling
