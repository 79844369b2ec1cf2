// Between records and while the input is silent: delivery reports are served (after every
// 64th record, and at once when the input waits), --rate is kept, a transaction that is due
// commits, and the progress line is redrawn.
#pragma once

#include <chrono>

#include "commands/produce/progress.h"
#include "commands/produce/report.h"
#include "commands/produce/sender.h"
#include "commands/produce/stop.h"
#include "commands/produce/transactions.h"
#include "core/kafka/producer.h"

namespace orderctl::commands {

class Pacer {
  public:
    using Clock = std::chrono::steady_clock;

    Pacer(double rate, Clock::time_point started, core::kafka::Producer* producer,
          const Sender& sender, Transactions& transactions, Progress& progress,
          ProduceReport& report, const RunStop& stop)
        : rate_(rate),
          started_(started),
          producer_(producer),
          sender_(sender),
          transactions_(transactions),
          progress_(progress),
          report_(report),
          stop_(stop) {}

    // After a record was sent (or refused).
    void after_send() {
        if ((sender_.sent() & 63) == 0) producer_->poll(0);
        if (rate_ > 0) keep_rate();
        progress_.show(false);
    }
    // The input has nothing to read for now: what was sent goes out without waiting for
    // linger.ms, acknowledgements that came in are reported at once, and a silent pipe still
    // commits what it sent.
    void idle();

  private:
    double rate_;  // --rate: records per second; 0: as fast as they come
    Clock::time_point started_;
    core::kafka::Producer* producer_;
    const Sender& sender_;
    Transactions& transactions_;
    Progress& progress_;
    ProduceReport& report_;
    const RunStop& stop_;

    // Waits (serving deliveries) until the next record is due under --rate.
    void keep_rate();
};

}  // namespace orderctl::commands
