// What each input line becomes: counted, rejected, sent, or reported valid.
#include "commands/produce/line_handler.h"

namespace orderctl::commands {

void LineHandler::handle(const std::string& file, uint64_t number, std::string_view text,
                         bool too_long, size_t length, const core::OrderCheck* checked) {
    if (too_long) {
        dead_letters_.reject(file, number, "", {},
                             "line is " + std::to_string(length) +
                                 " bytes, longer than --max-line-bytes " +
                                 std::to_string(options_.max_line_bytes));
        return;
    }
    if (text.find_first_not_of(" \t") == std::string_view::npos) {
        report_.count_empty_line();
        return;
    }
    if (options_.envelope) {
        handle_envelope(file, number, text);
        return;
    }
    core::OrderCheck own;
    if (checked == nullptr) own = validator_.check(text);
    const core::OrderCheck& check = checked ? *checked : own;
    if (!check.valid) {
        dead_letters_.reject(file, number, check.key, text, check.error);
        return;
    }
    if (options_.dry_run) {
        sender_.emit(outcome_for(file, number, check.key, LineStatus::Valid, target_.topic));
        return;
    }
    core::kafka::Record record;
    record.topic = target_.topic;
    record.partition = options_.partition.value_or(-1);
    record.key = check.key;
    record.value = text;
    record.headers = &target_.headers;
    sender_.send(file, number, check.key, record, false, "");
    pacer_.after_send();
}

// --envelope: records as `consume` wrote them; copied as they are, not validated as orders.
void LineHandler::handle_envelope(const std::string& file, uint64_t number, std::string_view text) {
    core::EnvelopeRecord envelope;
    if (auto problem = envelope_reader_.parse(text, envelope)) {
        dead_letters_.reject(file, number, "", text, "not a valid envelope: " + *problem);
        return;
    }
    const std::string key = envelope.key.value_or("");
    if (options_.dry_run) {
        sender_.emit(outcome_for(file, number, key, LineStatus::Valid, target_.topic));
        return;
    }
    // Headers given with -H are added to the record's own.
    envelope_headers_ = envelope.headers;
    for (size_t i = ProduceTarget::kDefaultHeaders; i < target_.headers.size(); ++i)
        envelope_headers_.push_back(target_.headers[i]);
    core::kafka::Record record;
    record.topic = target_.topic;
    record.partition =
        options_.partition.value_or(options_.repartition ? -1 : envelope.partition.value_or(-1));
    record.key = key;
    record.null_key = !envelope.key.has_value();
    record.value = envelope.value ? std::string_view(*envelope.value) : std::string_view();
    record.null_value = !envelope.value.has_value();
    record.headers = &envelope_headers_;
    record.timestamp_ms = envelope.timestamp_ms.value_or(0);
    sender_.send(file, number, key, record, false, "");
    pacer_.after_send();
}

}  // namespace orderctl::commands
