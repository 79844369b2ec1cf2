// An invalid line, by --on-invalid: rejected, dead-lettered, or the end of the run.
#include "commands/produce/dead_letters.h"

namespace orderctl::commands {

void DeadLetters::reject(const std::string& file, uint64_t number, const std::string& key,
                         std::string_view text, const std::string& reason) {
    if (options_.on_invalid == "dlq" && !options_.dry_run && !text.empty()) {
        std::vector<core::kafka::Header> headers = {
            {"orderctl-rejection-reason", reason},
            {"orderctl-source", file + ":" + std::to_string(number)},
            {"orderctl-source-topic", target_.topic}};
        core::kafka::Record record;
        record.topic = target_.dlq_topic;
        record.key = key;
        record.null_key = key.empty();
        record.value = text;
        record.headers = &headers;
        sender_.send(file, number, key, record, true, reason);
        return;
    }
    LineOutcome outcome = outcome_for(file, number, key, LineStatus::Rejected, "");
    outcome.error = reason;
    if (options_.on_invalid == "dlq" && !options_.dry_run) outcome.dead_lettered = false;
    sender_.emit(outcome);
    if (options_.on_invalid == "fail") {
        stop_.reading = true;
        stop_.invalid_line = file + ":" + std::to_string(number) + ": " + reason;
    }
}

}  // namespace orderctl::commands
