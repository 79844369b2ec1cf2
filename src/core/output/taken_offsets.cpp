#include "core/output/taken_offsets.h"

namespace orderctl::core::output {

void TakenOffsets::add(uint64_t end, int32_t partition, int64_t next, bool written) {
    // Records without bytes (filtered out) pile up at one position: one entry per partition
    // there. Records with bytes each end further on and stop this look back at once.
    for (auto entry = entries_.rbegin(); entry != entries_.rend() && entry->end == end; ++entry) {
        if (entry->partition == partition) {
            entry->next = next;
            entry->written += written ? 1 : 0;
            return;
        }
    }
    if (end <= taken_bytes_ && entries_.empty()) {
        // Already taken (nothing written since): committable at once, no entry needed.
        if (static_cast<size_t>(partition) >= committable_.size())
            committable_.resize(static_cast<size_t>(partition) + 1, -1);
        committable_[static_cast<size_t>(partition)] = next;
        any_committable_ = true;
        records_taken_ += written ? 1 : 0;
        return;
    }
    entries_.push_back({end, next, partition, written ? 1u : 0u});
}

void TakenOffsets::taken(uint64_t bytes) {
    if (bytes > taken_bytes_) taken_bytes_ = bytes;
    while (!entries_.empty() && entries_.front().end <= taken_bytes_) {
        const Entry& entry = entries_.front();
        if (static_cast<size_t>(entry.partition) >= committable_.size())
            committable_.resize(static_cast<size_t>(entry.partition) + 1, -1);
        committable_[static_cast<size_t>(entry.partition)] = entry.next;
        any_committable_ = true;
        records_taken_ += entry.written;
        entries_.pop_front();
    }
}

std::map<int32_t, int64_t> TakenOffsets::take_committable() {
    std::map<int32_t, int64_t> out;
    if (!any_committable_) return out;
    for (size_t partition = 0; partition < committable_.size(); ++partition) {
        if (committable_[partition] < 0) continue;
        out[static_cast<int32_t>(partition)] = committable_[partition];
        committable_[partition] = -1;
    }
    any_committable_ = false;
    return out;
}

}  // namespace orderctl::core::output
