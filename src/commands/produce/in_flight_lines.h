// The records sent and not yet reported, as input lines: which line of which input each one
// is, and the outcome of those whose delivery report never came.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "commands/produce/in_flight.h"
#include "commands/produce/report.h"
#include "commands/produce/settings.h"

namespace orderctl::commands {

class InFlightLines {
  public:
    // Keys and reasons are kept only when the report has a line for each input line.
    InFlightLines(ProduceReport& report, const ProduceTarget& target)
        : report_(report), target_(target), table_(report.writes_lines()) {}

    InFlightTable& table() { return table_; }
    size_t size() const { return table_.size(); }
    bool empty() const { return table_.empty(); }

    // The index of input `file`, which an InFlight keeps instead of the name. Lines come input
    // after input, so only the last name is compared.
    uint32_t input_index(const std::string& file) {
        if (inputs_.empty() || inputs_.back() != file) inputs_.push_back(file);
        return static_cast<uint32_t>(inputs_.size() - 1);
    }
    // The outcome of a record in flight: its line, key and topic, with `status`.
    LineOutcome outcome(const InFlight& record, const InFlightDetail& detail,
                        LineStatus status) const {
        return outcome_for(inputs_[record.file], record.line, detail.key, status,
                           record.dead_letter ? target_.dlq_topic : target_.topic);
    }

    // Records whose delivery report never came (librdkafka gave none within the bounded
    // waits) still end with an outcome: unknown, for the broker may have them. Removed from
    // the table, so a report that comes later is ignored rather than counted twice.
    void account_unreported(const std::string& why);

  private:
    ProduceReport& report_;
    const ProduceTarget& target_;
    InFlightTable table_;
    std::vector<std::string> inputs_;  // input names; InFlight keeps an index
};

}  // namespace orderctl::commands
