// Records in flight, by ticket. Tickets are handed out in order, so a deque that starts at the
// oldest unfinished ticket holds them without a heap node per record (the benchmark showed
// per-record allocation as produce's biggest cost); finished slots at the front are dropped
// as the oldest deliveries come back.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <string>

namespace orderctl::commands {

// What every record needs until its delivery report: small, because a hundred thousand of
// them may be in flight and each is read back long after it was written (out of cache).
struct InFlight {
    uint64_t line = 0;
    std::chrono::steady_clock::time_point sent;  // unset where latency is not sampled
    int64_t created_ms = 0;    // its CreateTime, where the Sender keeps it (keep_create_times)
    uint32_t file = 0;         // index into the session's input names
    bool dead_letter = false;  // an invalid line sent to the dead-letter topic
    bool live = false;
};

// What only a report line shows: kept when the run writes one per line.
struct InFlightDetail {
    std::string key;
    std::string reason;  // why it was dead-lettered
};

class InFlightTable {
  public:
    // `details`: keep each record's key and reason; without, detail() is always empty and
    // add() copies neither.
    explicit InFlightTable(bool details = true) : details_(details) {}

    uint64_t add(InFlight record, const std::string& key = {}, const std::string& reason = {}) {
        record.live = true;
        slots_.push_back(record);
        if (details_) details_of_.push_back({key, reason});
        ++live_;
        return base_ + slots_.size() - 1;
    }
    // The ticket the next add() returns.
    uint64_t next_ticket() const { return base_ + slots_.size(); }
    InFlight* find(uint64_t ticket) {
        if (ticket < base_ || ticket - base_ >= slots_.size()) return nullptr;
        InFlight& slot = slots_[ticket - base_];
        return slot.live ? &slot : nullptr;
    }
    // The detail of a ticket that find() returns.
    const InFlightDetail& detail(uint64_t ticket) const {
        static const InFlightDetail kNone;
        return details_ ? details_of_[ticket - base_] : kNone;
    }
    void remove(uint64_t ticket) {
        InFlight* slot = find(ticket);
        if (slot == nullptr) return;
        slot->live = false;
        --live_;
        while (!slots_.empty() && !slots_.front().live) {
            slots_.pop_front();
            if (details_) details_of_.pop_front();
            ++base_;
        }
    }
    // Calls f(ticket) for every record still in flight, oldest first (f may not remove).
    template <typename F>
    void for_each_live(F f) const {
        for (size_t i = 0; i < slots_.size(); ++i)
            if (slots_[i].live) f(base_ + i);
    }
    size_t size() const { return live_; }
    bool empty() const { return live_ == 0; }

  private:
    bool details_;
    std::deque<InFlight> slots_;
    std::deque<InFlightDetail> details_of_;  // parallel to slots_, when details_
    uint64_t base_ = 1;
    size_t live_ = 0;
};

}  // namespace orderctl::commands
