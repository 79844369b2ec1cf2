// The end of a produce run: what is still in flight is settled (drained, or its transaction
// ended) so that every line has an outcome, then the summary goes to stderr, and the exit code
// (or the error) says how the run went.
#pragma once

#include <chrono>
#include <string>

#include "cli/output.h"
#include "commands/produce/in_flight_lines.h"
#include "commands/produce/produce.h"
#include "commands/produce/progress.h"
#include "commands/produce/report.h"
#include "commands/produce/settings.h"
#include "commands/produce/stop.h"
#include "commands/produce/summary.h"
#include "commands/produce/transactions.h"
#include "core/kafka/producer.h"

namespace orderctl::commands {

class RunEnd {
  public:
    using Clock = std::chrono::steady_clock;

    RunEnd(const ProduceOptions& options, const ProduceTarget& target, Clock::time_point started,
           core::kafka::Producer* producer, InFlightLines& in_flight, Transactions& transactions,
           ProduceReport& report, Progress& progress, RunStop& stop, cli::OutputFormat format)
        : options_(options),
          target_(target),
          started_(started),
          producer_(producer),
          in_flight_(in_flight),
          transactions_(transactions),
          report_(report),
          progress_(progress),
          stop_(stop),
          format_(format) {}

    // The input ended: the open transaction commits when its input ended well (no Ctrl-C, no
    // invalid order under --on-invalid fail; earlier transactions stay committed), else aborts.
    void settle() { settle(!cli::interrupted() && stop_.invalid_line.empty()); }
    // The summary, and the exit code; throws the run's error.
    int finish();
    // The input broke (a read error, the input thread failed): every line sent so far still
    // ends with its outcome in the report and the summary before the error is reported. An
    // open transaction is aborted: the input it was part of is incomplete.
    void after_error(const std::string& error);

  private:
    void print_document(const ProduceSummary& document) const;

    const ProduceOptions& options_;
    const ProduceTarget& target_;
    Clock::time_point started_;
    core::kafka::Producer* producer_;
    InFlightLines& in_flight_;
    Transactions& transactions_;
    ProduceReport& report_;
    Progress& progress_;
    RunStop& stop_;
    cli::OutputFormat format_;  // json, yaml: the summary document on stdout too

    void settle(bool commit);
    // The exit code the outcomes give; throws the run's error.
    int exit_code(bool interrupted) const;
    std::string where_problems_are() const;
    // Waits for what is in flight (bounded by --flush-timeout), then drops the rest: every
    // record ends with a report either way.
    void drain();
};

}  // namespace orderctl::commands
