// Which offsets a consumer may commit, given how many bytes of its output the reader has taken.
// Each record written out ends at a position of the output's byte stream (bytes written before
// it and its own); once the reader has taken that many bytes, the record's next offset becomes
// committable. A record filtered out has no bytes: it is placed at the position of everything
// written before it, so it becomes committable as soon as that has been taken.
//
// Bounded: an entry lives only until the reader takes its bytes, and a writer blocks once the
// pipe is full, so at most a pipe's capacity plus one output buffer of records is held; records
// without bytes at one position share one entry per partition.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <vector>

namespace orderctl::core::output {

class TakenOffsets {
  public:
    // A record of `partition`, whose next offset is `next`, ends at byte `end` of the output;
    // `written`: it has bytes there (false: filtered out). Ends never decrease from one call to
    // the next.
    void add(uint64_t end, int32_t partition, int64_t next, bool written);

    // The reader has taken the first `bytes` bytes of the output (a smaller count than an
    // earlier one is ignored).
    void taken(uint64_t bytes);

    // Per partition, the highest next offset taken since the last call; then forgets them.
    std::map<int32_t, int64_t> take_committable();

    // Records with bytes that the reader has taken so far.
    uint64_t records_taken() const { return records_taken_; }
    // Entries held (records not yet taken, those without bytes sharing one per partition).
    size_t held() const { return entries_.size(); }

  private:
    struct Entry {
        uint64_t end;
        int64_t next;
        int32_t partition;
        uint32_t written;  // records with bytes in this entry (0 or 1)
    };
    std::deque<Entry> entries_;  // not yet taken, by end
    uint64_t taken_bytes_ = 0;
    std::vector<int64_t> committable_;  // by partition; -1: nothing new
    bool any_committable_ = false;
    uint64_t records_taken_ = 0;
};

}  // namespace orderctl::core::output
