// The records sent and not yet reported, as input lines.
#include "commands/produce/in_flight_lines.h"

namespace orderctl::commands {

void InFlightLines::account_unreported(const std::string& why) {
    if (table_.empty()) return;
    std::vector<uint64_t> tickets;
    table_.for_each_live([&](uint64_t ticket) { tickets.push_back(ticket); });
    for (uint64_t ticket : tickets) {
        const InFlight* record = table_.find(ticket);
        const InFlightDetail& detail = table_.detail(ticket);
        LineOutcome outcome_of_line = outcome(*record, detail, LineStatus::Unknown);
        outcome_of_line.error =
            why + ": the broker may have stored it; check before sending it again";
        if (record->dead_letter) {
            outcome_of_line.status = LineStatus::Rejected;
            outcome_of_line.error = detail.reason + " (dead-letter delivery unknown: " + why + ")";
        }
        report_.record(outcome_of_line);
        table_.remove(ticket);
    }
}

}  // namespace orderctl::commands
