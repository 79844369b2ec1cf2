// --until for consumers: per partition the offset to stop at (the end offsets taken at start,
// or the offsets of a time), and which partitions have reached it. A partition is done when a
// fetched record or an end-of-partition event is at or past its stop, so compaction gaps and
// transaction markers (offsets with no record to print) cannot keep a consumer waiting.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <vector>

namespace orderctl::core {

class StopOffsets {
  public:
    // No stops set: the consumer runs on (active() is false, all_done() never true).
    void set(std::map<int32_t, int64_t> stops) {
        stops_ = std::move(stops);
        active_ = true;
        for (const auto& [partition, stop] : stops_)
            if (stop <= 0) done_.insert(partition);
    }
    bool active() const { return active_; }

    // A record at `offset` was fetched: true when it lies past the stop (not to be processed).
    bool past(int32_t partition, int64_t offset) {
        auto stop = stops_.find(partition);
        if (stop == stops_.end() || offset < stop->second) return false;
        done_.insert(partition);
        return true;
    }
    // The partition's next offset to read is now `next` (after a record, at end of partition).
    void reached(int32_t partition, int64_t next) {
        auto stop = stops_.find(partition);
        if (stop != stops_.end() && next >= stop->second) done_.insert(partition);
    }
    // The partition's next offset went back to `next` (a rewind after an aborted transaction):
    // not done any more unless `next` is still at or past its stop.
    void reopen(int32_t partition, int64_t next) {
        auto stop = stops_.find(partition);
        if (stop != stops_.end() && next < stop->second) done_.erase(partition);
    }
    bool all_done() const { return active_ && done_.size() >= stops_.size(); }
    // Partitions not at their stop yet: in group mode, some may belong to other members.
    std::vector<int32_t> unfinished() const {
        std::vector<int32_t> out;
        for (const auto& [partition, stop] : stops_)
            if (!done_.count(partition)) out.push_back(partition);
        return out;
    }

  private:
    std::map<int32_t, int64_t> stops_;
    std::set<int32_t> done_;
    bool active_ = false;
};

}  // namespace orderctl::core
