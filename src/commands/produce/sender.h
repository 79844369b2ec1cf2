// Sends records and accounts for each: a record is remembered until its delivery report, and
// the report (or the producer's refusal to take it) becomes its line's outcome. Every outcome
// goes out through emit(): held by an open transaction, else straight into the report.
#pragma once

#include <cstdint>
#include <string>

#include "commands/produce/in_flight_lines.h"
#include "commands/produce/produce.h"
#include "commands/produce/report.h"
#include "commands/produce/settings.h"
#include "commands/produce/stop.h"
#include "commands/produce/transactions.h"
#include "core/kafka/producer.h"

namespace orderctl::commands {

class Sender {
  public:
    Sender(const ProduceOptions& options, const ProduceTarget& target,
           core::kafka::Producer* producer, InFlightLines& in_flight, Transactions& transactions,
           ProduceReport& report, RunStop& stop)
        : options_(options),
          target_(target),
          producer_(producer),
          in_flight_(in_flight),
          transactions_(transactions),
          report_(report),
          stop_(stop) {}

    // Sends the record of line `file:number`; `dead_letter`: an invalid line, `reason` why.
    void send(const std::string& file, uint64_t number, const std::string& key,
              const core::kafka::Record& record, bool dead_letter, const std::string& reason);
    // A line's outcome, whatever made it.
    void emit(const LineOutcome& outcome) {
        if (!transactions_.holds(outcome)) report_.record(outcome);
    }
    // The producer's delivery report of a record sent here.
    void on_delivery(const core::kafka::Delivery& delivery);
    // Gives each record its CreateTime here and keeps it until its report, which then shows
    // it in place of a LogAppendTime from the broker. For the dev broker, whose LogAppendTime
    // is a made-up 1234 while consumers see the CreateTime; real Kafka's answer is kept.
    void keep_create_times(bool keep) { keep_create_times_ = keep; }
    // Records the producer took so far.
    uint64_t sent() const { return sent_; }

  private:
    const ProduceOptions& options_;
    const ProduceTarget& target_;
    core::kafka::Producer* producer_;
    InFlightLines& in_flight_;
    Transactions& transactions_;
    ProduceReport& report_;
    RunStop& stop_;
    uint64_t sent_ = 0;
    bool keep_create_times_ = false;

    std::string partition_hint(int32_t partition) const;
    void refused(const std::string& file, uint64_t number, const std::string& key,
                 const core::kafka::Record& record, int code);
};

}  // namespace orderctl::commands
