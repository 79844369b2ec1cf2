// --transactional: a transaction opens with the first record after the last one ended, and
// commits after --transaction-lines records or --transaction-interval seconds; the outcomes
// of its delivered and dead-lettered lines are held until it commits or aborts, and reported
// as what it became. Without --transactional every call here passes or does nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "commands/produce/in_flight_lines.h"
#include "commands/produce/produce.h"
#include "commands/produce/report.h"
#include "commands/produce/stop.h"
#include "core/kafka/producer.h"

namespace orderctl::commands {

class Transactions {
  public:
    Transactions(const ProduceOptions& options, int timeout_ms, core::kafka::Producer* producer,
                 InFlightLines& in_flight, ProduceReport& report, RunStop& stop)
        : enabled_(options.transactional),
          options_(options),
          timeout_ms_(timeout_ms),
          producer_(producer),
          in_flight_(in_flight),
          report_(report),
          stop_(stop) {}

    bool enabled() const { return enabled_; }

    // Before a record of line `file:number` is sent: opens a transaction when none is open.
    // False when the producer can do no more (fenced): the line is reported not sent, and
    // the run stops reading.
    bool open_for(const std::string& file, uint64_t number, const std::string& key,
                  std::string_view topic) {
        return !enabled_ || open_ || begin(file, number, key, topic);
    }
    // A record was handed to the producer.
    void sent() { ++records_; }
    // A record of the open transaction was not delivered: it cannot commit.
    void mark_failed() { failed_ = true; }
    // An outcome that counts only once its transaction commits is kept (true); a failure
    // while a transaction is open marks it failed.
    bool holds(const LineOutcome& outcome) { return enabled_ && hold(outcome); }

    // Commits the open transaction when it is full or old enough.
    void maybe_end() {
        // After Ctrl-C or an invalid line under --on-invalid fail, only the end of the run
        // ends the transaction (it aborts it); a commit here would slip in before.
        if (open_ && !stop_.now()) end_if_due();
    }
    // Waits for the transaction's deliveries, then commits it (`commit`) or aborts it; the
    // outcomes it held are reported either way.
    void end(bool commit);

    // "transactions: N committed, M aborted", or empty when none was opened.
    std::string summary() const;

  private:
    bool enabled_;
    const ProduceOptions& options_;
    int timeout_ms_;
    core::kafka::Producer* producer_;
    InFlightLines& in_flight_;
    ProduceReport& report_;
    RunStop& stop_;
    std::vector<LineOutcome> held_;  // outcomes waiting for commit or abort
    // The open transaction, what it holds, and whether a record of it failed.
    bool open_ = false, failed_ = false;
    uint64_t records_ = 0, transactions_ = 0, aborted_ = 0;
    std::chrono::steady_clock::time_point started_;

    bool begin(const std::string& file, uint64_t number, const std::string& key,
               std::string_view topic);
    bool hold(const LineOutcome& outcome);
    void end_if_due();
};

}  // namespace orderctl::commands
