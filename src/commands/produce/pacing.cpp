// Between records and while the input is silent: polls, --rate, due transactions, progress.
#include "commands/produce/pacing.h"

#include <algorithm>

namespace orderctl::commands {

void Pacer::keep_rate() {
    auto due = started_ + std::chrono::duration_cast<Clock::duration>(
                              std::chrono::duration<double>(sender_.sent() / rate_));
    // A millisecond or more ahead of the rate (1,000 records/s or less): no record joins the
    // batch before the next is due, so what waits for linger.ms goes now. Faster rates keep
    // batching by linger.ms: a flush per record there made one produce request per record
    // (5,000 a second in the fault tests), which a partitioned cluster could not keep up with.
    bool send_first = due - Clock::now() >= std::chrono::milliseconds(1);
    while (Clock::now() < due && !stop_.now()) {
        if (send_first) {
            send_first = false;
            producer_->send_now(1);
            continue;
        }
        auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(due - Clock::now());
        producer_->poll(static_cast<int>(std::max<long>(0, std::min<long>(wait.count(), 100))));
        transactions_.maybe_end();  // a slow --rate must not outlive its transaction
    }
    producer_->read_clock_again();  // paced records are not a burst
}

void Pacer::idle() {
    // The input has nothing more for now: what waits for linger.ms goes at once, and the
    // acknowledgements are served (and reported) as they come.
    if (producer_) producer_->send_now(1);
    transactions_.maybe_end();
    report_.flush();
    progress_.show(false);
}

}  // namespace orderctl::commands
