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
    // A raw or kv line of blanks is data; only an empty one is skipped there.
    const bool plain =
        options_.format == InputFormat::Raw || options_.format == InputFormat::KeyValue;
    if (plain ? text.empty() : text.find_first_not_of(" \t") == std::string_view::npos) {
        report_.count_empty_line();
        return;
    }
    if (plain) {
        handle_plain(file, number, text);
        return;
    }
    if (options_.format == InputFormat::Envelope) {
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

// --format raw: the line is the value, sent without a key; --format kv: the key is what comes
// before the first separator, the value what follows. Bytes as they are (no UTF-8 check).
void LineHandler::handle_plain(const std::string& file, uint64_t number, std::string_view text) {
    std::string_view key, value = text;
    if (options_.format == InputFormat::KeyValue) {
        const auto at = text.find(options_.key_separator);
        if (at == std::string_view::npos) {
            dead_letters_.reject(file, number, "", text,
                                 "no key separator '" + options_.key_separator + "' in the line");
            return;
        }
        key = text.substr(0, at);
        value = text.substr(at + options_.key_separator.size());
    }
    if (options_.dry_run) {
        sender_.emit(outcome_for(file, number, std::string(key), LineStatus::Valid, target_.topic));
        return;
    }
    core::kafka::Record record;
    record.topic = target_.topic;
    record.partition = options_.partition.value_or(-1);
    record.key = key;
    record.null_key = options_.format == InputFormat::Raw;
    record.value = value;
    record.headers = &plain_headers_;
    sender_.send(file, number, std::string(key), record, false, "");
    pacer_.after_send();
}

// --format envelope: records as `consume` wrote them; copied as they are, not validated as orders.
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
