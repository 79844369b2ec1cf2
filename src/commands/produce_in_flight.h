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

struct InFlight {
    uint32_t file = 0;  // index into the session's input names
    uint64_t line = 0;
    std::string key;
    std::chrono::steady_clock::time_point sent;  // unset where latency is not sampled
    bool dead_letter = false;                    // an invalid line sent to the dead-letter topic
    std::string reason;                          // why it was dead-lettered
    bool live = false;
};

class InFlightTable {
  public:
    uint64_t add(InFlight record) {
        record.live = true;
        slots_.push_back(std::move(record));
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
    void remove(uint64_t ticket) {
        InFlight* slot = find(ticket);
        if (slot == nullptr) return;
        slot->live = false;
        --live_;
        while (!slots_.empty() && !slots_.front().live) {
            slots_.pop_front();
            ++base_;
        }
    }
    size_t size() const { return live_; }
    bool empty() const { return live_ == 0; }

  private:
    std::deque<InFlight> slots_;
    uint64_t base_ = 1;
    size_t live_ = 0;
};

}  // namespace orderctl::commands
