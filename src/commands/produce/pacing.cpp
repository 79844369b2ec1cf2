// Between records and while the input is silent: polls, --rate, due transactions, progress.
#include "commands/produce/pacing.h"

#include <algorithm>

namespace orderctl::commands {

void Pacer::keep_rate() {
    auto due = started_ + std::chrono::duration_cast<Clock::duration>(
                              std::chrono::duration<double>(sender_.sent() / rate_));
    while (Clock::now() < due && !stop_.now()) {
        auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(due - Clock::now());
        producer_->poll(static_cast<int>(std::max<long>(0, std::min<long>(wait.count(), 100))));
        transactions_.maybe_end();  // a slow --rate must not outlive its transaction
    }
    producer_->read_clock_again();  // paced records are not a burst
}

void Pacer::idle() {
    if (producer_) producer_->poll(0);
    transactions_.maybe_end();
    report_.flush();
    progress_.show(false);
}

}  // namespace orderctl::commands
