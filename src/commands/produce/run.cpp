// The produce loop: read (or generate) lines, validate, send, and account for every line.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>
#include <unordered_map>

#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "cli/signals.h"
#include "commands/produce/in_flight.h"
#include "commands/produce/input.h"
#include "commands/produce/produce.h"
#include "commands/produce/report.h"
#include "core/error.h"
#include "core/input/line_reader.h"
#include "core/kafka/defaults.h"
#include "core/kafka/producer.h"
#include "core/order/order_generator.h"
#include "core/order/order_validator.h"
#include "core/record/envelope.h"

namespace orderctl::commands {
namespace {

using Clock = std::chrono::steady_clock;
using core::Error;
using core::ErrorKind;

const char* kContentType = "application/json";
const char* kSchemaVersion = "1";

std::vector<core::Setting> producer_properties(const core::ResolvedProfile& profile,
                                               const ProduceOptions& options) {
    const bool transactional = options.transactional;
    // Safe, fast defaults; the profile and -X override any of them (they come later).
    std::vector<std::pair<std::string, std::string>> defaults = {
        {"enable.idempotence", "true"},
        {"acks", "all"},
        // Java clients' partitioner: a key lands where Kafka's own tools would put it.
        {"partitioner", "murmur2_random"},
        {"linger.ms", "20"},
        {"batch.num.messages", "10000"},
        {"queue.buffering.max.messages", "100000"},
        {"queue.buffering.max.kbytes", "65536"},  // bounded memory: 64 MiB queued at most
        {"allow.auto.create.topics", "false"},    // a typo must not create a topic
    };
    if (transactional) {
        defaults.emplace_back("transactional.id",
                              "orderctl-produce-" + std::to_string(::getpid()) + "-" +
                                  std::to_string(Clock::now().time_since_epoch().count()));
        // A transaction stays open for one interval, then for the wait for its deliveries
        // (--flush-timeout) at its commit: the broker must not time it out before, and a
        // producer that died must not hold read_committed readers back much longer than that.
        const double seconds = options.transaction_interval + options.flush_timeout + 30;
        // At most the broker's default transaction.max.timeout.ms (15 min): more is refused.
        defaults.emplace_back("transaction.timeout.ms",
                              std::to_string(std::clamp<long long>(
                                  static_cast<long long>(seconds * 1000), 60000, 900000)));
    }
    return core::kafka::defaults_then(defaults, "orderctl produce default",
                                      profile.librdkafka_properties());
}

// 30, 2.5: seconds as a user wrote them, not std::to_string's "30.000000".
std::string seconds_text(double seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%.10g", seconds);
    return text;
}

LineOutcome outcome_for(const std::string& file, uint64_t line, const std::string& key,
                        LineStatus status, const std::string& topic) {
    LineOutcome outcome;
    outcome.file = file;
    outcome.line = line;
    outcome.key = key;
    outcome.status = status;
    outcome.topic = topic;
    return outcome;
}

class ProduceSession {
  public:
    // The producer goes first. It never calls on_delivery from its destructor (producer.h), so
    // this order is not what keeps the members safe; it keeps what it purges from reaching a
    // session half torn down, if that rule ever changed.
    ~ProduceSession() { producer_.reset(); }
    ProduceSession(cli::Context& context, const ProduceOptions& options)
        : context_(context),
          options_(options),
          report_(options.report),
          validator_(options.key_field),
          in_flight_(report_.writes_lines()) {
        const auto& profile = context.profile();
        topic_ = options.topic.empty() ? profile.orders_topic() : options.topic;
        dlq_topic_ = options.dlq_topic.empty() ? topic_ + ".dlq" : options.dlq_topic;
        headers_ = {{"content-type", kContentType}, {"order-schema-version", kSchemaVersion}};
        for (const auto& header : options.headers) {
            auto equals = header.find('=');
            if (equals == std::string::npos || equals == 0)
                throw Error(ErrorKind::Usage, "-H expects key=value, got '" + header + "'");
            headers_.emplace_back(header.substr(0, equals), header.substr(equals + 1));
        }
        progress_ = !context.options.quiet && ::isatty(STDERR_FILENO);
    }

    int run();

  private:
    cli::Context& context_;
    const ProduceOptions& options_;
    ProduceReport report_;
    core::OrderValidator validator_;
    core::EnvelopeReader envelope_reader_;
    std::vector<core::kafka::Header> envelope_headers_;
    std::unique_ptr<core::kafka::Producer> producer_;
    std::string topic_, dlq_topic_;
    std::vector<core::kafka::Header> headers_;
    InFlightTable in_flight_;
    std::vector<std::string> inputs_;  // input names; InFlight keeps an index
    std::vector<LineOutcome> held_;    // --transactional: outcomes wait for commit or abort
    uint64_t sent_ = 0;
    bool stop_reading_ = false;
    std::string stalled_;  // the cluster took nothing for --flush-timeout: why the run stopped
    // --transactional: the open transaction, what it holds, and whether a record of it failed.
    bool transaction_open_ = false, transaction_failed_ = false;
    uint64_t transaction_records_ = 0, transactions_ = 0, aborted_transactions_ = 0;
    Clock::time_point transaction_started_;
    std::string transaction_fatal_;  // the producer can do no more transactions (fenced)
    std::string transaction_fatal_hint_;
    std::string fatal_line_;  // --on-invalid fail: the line that stopped the run
    bool progress_ = false;
    Clock::time_point started_ = Clock::now(), last_progress_ = Clock::now();

    void connect();
    // `checked`: the line's validation, when the input thread already did it.
    void process(const std::string& file, uint64_t number, std::string_view text, bool too_long,
                 size_t length, const core::OrderCheck* checked = nullptr);
    void read_ahead(const std::vector<std::string>& inputs);
    void reject(const std::string& file, uint64_t number, const std::string& key,
                std::string_view text, const std::string& reason);
    void send(const std::string& file, uint64_t number, const std::string& key,
              const core::kafka::Record& record, bool dead_letter, const std::string& reason);
    void process_envelope(const std::string& file, uint64_t number, std::string_view text);
    void on_delivery(const core::kafka::Delivery& delivery);
    void emit(const LineOutcome& outcome);
    void pace();
    void on_idle();  // the input has nothing to read for now
    void show_progress(bool final);
    void drain();
    // --transactional: commit the open transaction when it is full or old enough.
    void maybe_end_transaction();
    // Waits for the transaction's deliveries, then commits it (`commit`) or aborts it; the
    // outcomes it held are reported either way.
    void end_transaction(bool commit);
    void read_input(const std::vector<std::string>& inputs, bool input_thread);
    void account_unreported(const std::string& why);
    // After an error out of the input: what was sent still ends with an outcome.
    void account_after_error();
    int finish();
};

void ProduceSession::connect() {
    if (options_.dry_run) return;
    auto properties = producer_properties(context_.profile(), options_);
    producer_ = std::make_unique<core::kafka::Producer>(
        properties, context_.client_options(),
        [this](const core::kafka::Delivery& delivery) { on_delivery(delivery); });
    // A full queue waits for deliveries, but not forever and not past Ctrl-C.
    producer_->set_queue_wait(
        std::chrono::milliseconds(static_cast<int64_t>(options_.flush_timeout * 1000)),
        [] { return cli::interrupted(); });
    // Fail fast, before reading input: the cluster is there and the topic exists.
    auto metadata = producer_->client().metadata(&topic_);
    for (int i = 0; i < metadata->topic_cnt; ++i) {
        if (metadata->topics[i].err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
            throw Error(ErrorKind::Failure, "topic '" + topic_ + "' does not exist",
                        "create it with 'orderctl topics create " + topic_ + "'");
        if (options_.partition && *options_.partition >= metadata->topics[i].partition_cnt)
            throw Error(ErrorKind::Usage, "topic '" + topic_ + "' has " +
                                              std::to_string(metadata->topics[i].partition_cnt) +
                                              " partitions; there is no partition " +
                                              std::to_string(*options_.partition));
    }
    if (options_.on_invalid == "dlq") {
        auto dlq = producer_->client().metadata(&dlq_topic_);
        for (int i = 0; i < dlq->topic_cnt; ++i)
            if (dlq->topics[i].err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
                throw Error(ErrorKind::Failure,
                            "dead-letter topic '" + dlq_topic_ + "' does not exist",
                            "create it with 'orderctl topics create " + dlq_topic_ +
                                "', or choose one with --dlq-topic");
    }
    if (options_.transactional) {
        const int timeout_ms = static_cast<int>(context_.client_options().timeout.count());
        producer_->init_transactions(timeout_ms);
    }
}

void ProduceSession::emit(const LineOutcome& outcome) {
    // In a transaction, a delivered or dead-lettered line counts only once it commits.
    if (options_.transactional &&
        (outcome.status == LineStatus::Delivered || outcome.dead_lettered.value_or(false))) {
        held_.push_back(outcome);
        return;
    }
    if (options_.transactional && transaction_open_ && outcome.status != LineStatus::Rejected &&
        outcome.status != LineStatus::Valid)
        transaction_failed_ = true;
    report_.record(outcome);
}

void ProduceSession::on_delivery(const core::kafka::Delivery& delivery) {
    InFlight* record = in_flight_.find(delivery.ticket);
    if (record == nullptr) return;
    if (delivery.persisted && !record->dead_letter) {
        if (record->sent != Clock::time_point{})
            report_.record_latency(
                std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - record->sent));
        // Without a report file every delivered line is only counted: no strings built.
        if (!report_.writes_lines() && !options_.transactional) {
            report_.count_delivered(delivery.partition);
            in_flight_.remove(delivery.ticket);
            return;
        }
    }
    const InFlightDetail& detail = in_flight_.detail(delivery.ticket);
    LineOutcome outcome =
        outcome_for(inputs_[record->file], record->line, detail.key, LineStatus::Delivered,
                    record->dead_letter ? dlq_topic_ : topic_);
    outcome.partition = delivery.partition;
    outcome.offset = delivery.persisted ? delivery.offset : -1;
    outcome.timestamp_ms = delivery.persisted ? delivery.timestamp_ms : -1;
    if (record->dead_letter) {
        outcome.status = LineStatus::Rejected;
        outcome.error = detail.reason;
        outcome.dead_lettered = delivery.persisted;
        if (!delivery.persisted)
            outcome.error += " (dead-letter delivery failed: " + delivery.error_text + ")";
    } else if (!delivery.persisted) {
        outcome.partition = -1;
        outcome.error = delivery.error_text;
        if (options_.transactional) {
            // Its transaction cannot commit now: whatever the broker has of it stays invisible
            // to read_committed readers, so it is failed, never unknown.
            outcome.status = LineStatus::Failed;
            transaction_failed_ = true;
        } else if (delivery.possibly_persisted) {
            // Sent but never acknowledged: the broker may have stored it all the same.
            outcome.status = LineStatus::Unknown;
            // A record purged from the queue is possibly stored when it had been sent before
            // and was waiting for a retry.
            outcome.error =
                (delivery.error == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT
                     ? std::string("in flight when the run stopped")
                 : delivery.error == RD_KAFKA_RESP_ERR__PURGE_QUEUE
                     ? std::string("sent, then queued for a retry when the run stopped")
                     : delivery.error_text) +
                ": not acknowledged, the broker may have stored it; check before sending it again";
        } else {
            const bool purged = delivery.error == RD_KAFKA_RESP_ERR__PURGE_QUEUE ||
                                delivery.error == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT;
            outcome.status = purged ? LineStatus::NotSent : LineStatus::Failed;
        }
    }
    emit(outcome);
    in_flight_.remove(delivery.ticket);
}

void ProduceSession::send(const std::string& file, uint64_t number, const std::string& key,
                          const core::kafka::Record& record, bool dead_letter,
                          const std::string& reason) {
    if (inputs_.empty() || inputs_.back() != file) inputs_.push_back(file);
    InFlight entry;
    entry.file = static_cast<uint32_t>(inputs_.size() - 1);
    entry.line = number;
    // Acknowledgement latency from one record in 8: the percentiles need a sample, and two
    // clock reads per record were a measurable share of produce's CPU.
    if ((in_flight_.next_ticket() & 7) == 0) entry.sent = Clock::now();
    entry.dead_letter = dead_letter;
    if (options_.transactional && !transaction_open_) {
        try {
            producer_->begin_transaction();
        } catch (const core::kafka::TransactionError& error) {
            // The producer can do no more (fenced since the last commit): this line is not
            // sent, and nothing more is read.
            transaction_fatal_ = error.what();
            transaction_fatal_hint_ = error.hint();
            stop_reading_ = true;
            LineOutcome outcome =
                outcome_for(file, number, key, LineStatus::NotSent, std::string(record.topic));
            outcome.error = error.what();
            report_.record(outcome);
            return;
        }
        transaction_open_ = true;
        transaction_started_ = Clock::now();
    }
    const uint64_t ticket = in_flight_.add(entry, key, reason);
    int refused = producer_->send(record, ticket);
    if (refused == 0) {
        ++sent_;
        ++transaction_records_;
        return;
    }
    in_flight_.remove(ticket);
    LineOutcome outcome =
        outcome_for(file, number, key, LineStatus::Failed, std::string(record.topic));
    outcome.error = rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(refused));
    if (refused == RD_KAFKA_RESP_ERR__INTR) {
        outcome.status = LineStatus::NotSent;
        outcome.error = "interrupted while waiting for room in the producer's queue";
        stop_reading_ = true;
    } else if (refused == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        // Nothing was acknowledged for --flush-timeout: the cluster takes nothing, and every
        // further line would wait as long. Stop reading; what is in flight is drained as usual.
        outcome.status = LineStatus::NotSent;
        outcome.error =
            "the producer's queue stayed full for --flush-timeout: nothing was "
            "acknowledged";
        stalled_ = "the cluster acknowledged nothing for " + seconds_text(options_.flush_timeout) +
                   " s; stopped reading after " + file + ":" + std::to_string(number);
        stop_reading_ = true;
    } else if (refused == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE) {
        // A record the client refuses for its size is bad input, not a delivery failure.
        outcome.status = LineStatus::Rejected;
    }
    emit(outcome);
}

void ProduceSession::reject(const std::string& file, uint64_t number, const std::string& key,
                            std::string_view text, const std::string& reason) {
    if (options_.on_invalid == "dlq" && !options_.dry_run && !text.empty()) {
        std::vector<core::kafka::Header> headers = {
            {"orderctl-rejection-reason", reason},
            {"orderctl-source", file + ":" + std::to_string(number)},
            {"orderctl-source-topic", topic_}};
        core::kafka::Record record;
        record.topic = dlq_topic_;
        record.key = key;
        record.null_key = key.empty();
        record.value = text;
        record.headers = &headers;
        send(file, number, key, record, true, reason);
        return;
    }
    LineOutcome outcome = outcome_for(file, number, key, LineStatus::Rejected, "");
    outcome.error = reason;
    if (options_.on_invalid == "dlq" && !options_.dry_run) outcome.dead_lettered = false;
    emit(outcome);
    if (options_.on_invalid == "fail") {
        stop_reading_ = true;
        fatal_line_ = file + ":" + std::to_string(number) + ": " + reason;
    }
}

void ProduceSession::process(const std::string& file, uint64_t number, std::string_view text,
                             bool too_long, size_t length, const core::OrderCheck* checked) {
    if (too_long) {
        reject(file, number, "", {},
               "line is " + std::to_string(length) + " bytes, longer than --max-line-bytes " +
                   std::to_string(options_.max_line_bytes));
        return;
    }
    if (text.find_first_not_of(" \t") == std::string_view::npos) {
        report_.count_empty_line();
        return;
    }
    if (options_.envelope) {
        process_envelope(file, number, text);
        return;
    }
    core::OrderCheck own;
    if (checked == nullptr) own = validator_.check(text);
    const core::OrderCheck& check = checked ? *checked : own;
    if (!check.valid) {
        reject(file, number, check.key, text, check.error);
        return;
    }
    if (options_.dry_run) {
        emit(outcome_for(file, number, check.key, LineStatus::Valid, topic_));
        return;
    }
    core::kafka::Record record;
    record.topic = topic_;
    record.partition = options_.partition.value_or(-1);
    record.key = check.key;
    record.value = text;
    record.headers = &headers_;
    send(file, number, check.key, record, false, "");
    pace();
}

// --envelope: records as `consume` wrote them; copied as they are, not validated as orders.
void ProduceSession::process_envelope(const std::string& file, uint64_t number,
                                      std::string_view text) {
    core::EnvelopeRecord envelope;
    if (auto problem = envelope_reader_.parse(text, envelope)) {
        reject(file, number, "", text, "not a valid envelope: " + *problem);
        return;
    }
    const std::string key = envelope.key.value_or("");
    if (options_.dry_run) {
        emit(outcome_for(file, number, key, LineStatus::Valid, topic_));
        return;
    }
    // Headers given with -H are added to the record's own.
    envelope_headers_ = envelope.headers;
    for (size_t i = 2; i < headers_.size(); ++i) envelope_headers_.push_back(headers_[i]);
    core::kafka::Record record;
    record.topic = topic_;
    record.partition =
        options_.partition.value_or(options_.repartition ? -1 : envelope.partition.value_or(-1));
    record.key = key;
    record.null_key = !envelope.key.has_value();
    record.value = envelope.value ? std::string_view(*envelope.value) : std::string_view();
    record.null_value = !envelope.value.has_value();
    record.headers = &envelope_headers_;
    record.timestamp_ms = envelope.timestamp_ms.value_or(0);
    send(file, number, key, record, false, "");
    pace();
}

void ProduceSession::on_idle() {
    if (producer_) producer_->poll(0);
    maybe_end_transaction();  // a silent pipe still commits what it sent
    report_.flush();
    show_progress(false);
}

void ProduceSession::maybe_end_transaction() {
    // After Ctrl-C or an invalid line under --on-invalid fail, only run() ends the transaction
    // (it aborts it); a commit here would slip in before.
    if (!transaction_open_ || stop_reading_ || cli::interrupted()) return;
    if (transaction_records_ < options_.transaction_lines &&
        Clock::now() - transaction_started_ <
            std::chrono::duration<double>(options_.transaction_interval))
        return;
    end_transaction(true);
}

void ProduceSession::end_transaction(bool commit) {
    if (!transaction_open_) return;
    const int timeout_ms = static_cast<int>(context_.client_options().timeout.count());
    // Every record of the transaction reports first (bounded by --flush-timeout): a commit
    // must not leave a line's outcome unknown.
    auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(options_.flush_timeout));
    while (!in_flight_.empty() && Clock::now() < deadline) producer_->poll(50);
    commit = commit && in_flight_.empty() && !transaction_failed_;
    std::string why = !in_flight_.empty() ? "not every line was acknowledged within --flush-timeout"
                      : transaction_failed_  ? "a line of it was not delivered"
                      : !fatal_line_.empty() ? "invalid order at " + fatal_line_
                      : cli::interrupted()   ? "interrupted"
                                             : "the input broke off";
    // A commit call that failed may have committed all the same (a timeout, say): then its
    // lines are unknown, unless the abort after it succeeds (the transaction did not commit).
    bool commit_sent = false, fenced = false;
    if (commit) {
        try {
            producer_->commit_transaction(timeout_ms);
        } catch (const core::kafka::TransactionError& error) {
            commit = false;
            commit_sent = !error.fenced();
            fenced = error.fenced();
            why = error.what();
            if (error.failure() == core::kafka::TransactionFailure::Fatal) {
                transaction_fatal_ = why;
                transaction_fatal_hint_ = error.hint();
            }
        }
    }
    bool outcome_unknown = false;
    if (!commit) {
        // Its records' reports from here on say failed: the transaction will not count.
        transaction_failed_ = true;
        bool aborted = false;
        if (transaction_fatal_.empty()) {
            try {
                // After Ctrl-C, one attempt: the user is waiting.
                producer_->abort_transaction(timeout_ms, cli::interrupted() ? 1 : 3);
                aborted = true;
            } catch (const core::kafka::TransactionError& error) {
                transaction_fatal_ = error.what();
                transaction_fatal_hint_ = error.hint();
                fenced = fenced || error.fenced();
            }
        }
        outcome_unknown = commit_sent && !aborted && !fenced;
        for (int i = 0; i < 50 && !in_flight_.empty(); ++i) producer_->poll(100);
        ++aborted_transactions_;
    }
    // Whatever is still in flight belongs to this transaction, whose fate is now decided.
    if (!in_flight_.empty()) {
        producer_->purge();
        for (int i = 0; i < 20 && !in_flight_.empty(); ++i) producer_->poll(50);
        account_unreported(outcome_unknown ? "its transaction may have committed"
                                           : "its transaction was aborted");
    }
    ++transactions_;
    for (auto& outcome : held_) {
        if (!commit) {
            if (outcome.status == LineStatus::Delivered && outcome_unknown) {
                outcome.status = LineStatus::Unknown;
                outcome.error = why +
                                "; the transaction may have committed all the same (the abort "
                                "failed too): check before sending it again";
            } else if (outcome.status == LineStatus::Delivered) {
                outcome.status = LineStatus::Failed;
                outcome.offset = -1;
                outcome.partition = -1;
                outcome.error = "transaction aborted: " + why;
            } else {
                outcome.dead_lettered = false;
                outcome.error += " (dead-letter transaction aborted: " + why + ")";
            }
        }
        report_.record(outcome);
    }
    held_.clear();
    transaction_open_ = false;
    transaction_failed_ = false;
    transaction_records_ = 0;
    // A fenced producer can do nothing more: stop reading, the error comes at the end.
    if (!transaction_fatal_.empty()) stop_reading_ = true;
}

void ProduceSession::pace() {
    if ((sent_ & 63) == 0) producer_->poll(0);
    if (options_.rate > 0) {
        auto due = started_ + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(sent_ / options_.rate));
        while (Clock::now() < due && !cli::interrupted() && !stop_reading_) {
            auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(due - Clock::now());
            producer_->poll(static_cast<int>(std::max<long>(0, std::min<long>(wait.count(), 100))));
            maybe_end_transaction();  // a slow --rate must not outlive its transaction
        }
        producer_->read_clock_again();  // paced records are not a burst
    }
    show_progress(false);
}

void ProduceSession::show_progress(bool final) {
    if (!progress_) return;
    auto now = Clock::now();
    if (!final && now - last_progress_ < std::chrono::milliseconds(500)) return;
    last_progress_ = now;
    double seconds = std::chrono::duration<double>(now - started_).count();
    std::fprintf(stderr, "\r%llu sent, %llu delivered, %zu in flight, %.0f/s   %s",
                 static_cast<unsigned long long>(sent_),
                 static_cast<unsigned long long>(report_.count(LineStatus::Delivered)),
                 in_flight_.size(), seconds > 0 ? sent_ / seconds : 0.0, final ? "\n" : "");
}

// Waits for what is in flight (bounded by --flush-timeout), then drops the rest: every record
// ends with a report either way.
void ProduceSession::drain() {
    if (!producer_) return;
    auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(options_.flush_timeout));
    while (!in_flight_.empty() && Clock::now() < deadline) {
        producer_->poll(100);
        show_progress(false);
    }
    if (!in_flight_.empty()) {
        cli::print_warning(std::to_string(in_flight_.size()) +
                           " order(s) not acknowledged within --flush-timeout; reporting them "
                           "not sent (still queued) or unknown (on their way)");
        producer_->purge();
        for (int i = 0; i < 50 && !in_flight_.empty(); ++i) producer_->poll(100);
    }
    account_unreported("no delivery report came before the run ended");
}

// Records whose delivery report never came (librdkafka gave none within the bounded waits)
// still end with an outcome: unknown, for the broker may have them. Removed from the table,
// so a report that comes later is ignored rather than counted twice.
void ProduceSession::account_unreported(const std::string& why) {
    if (in_flight_.empty()) return;
    std::vector<uint64_t> tickets;
    in_flight_.for_each_live([&](uint64_t ticket) { tickets.push_back(ticket); });
    for (uint64_t ticket : tickets) {
        const InFlight* record = in_flight_.find(ticket);
        const InFlightDetail& detail = in_flight_.detail(ticket);
        LineOutcome outcome =
            outcome_for(inputs_[record->file], record->line, detail.key, LineStatus::Unknown,
                        record->dead_letter ? dlq_topic_ : topic_);
        outcome.error = why + ": the broker may have stored it; check before sending it again";
        if (record->dead_letter) {
            outcome.status = LineStatus::Rejected;
            outcome.error = detail.reason + " (dead-letter delivery unknown: " + why + ")";
        }
        report_.record(outcome);
        in_flight_.remove(ticket);
    }
}

int ProduceSession::run() {
    // Every input must be readable before anything is sent: a bad second file must not cut a
    // run short with records of the first one still in flight.
    for (const auto& path : options_.files)
        if (path != "-") core::LineReader::open(path, 16);
    const bool thread_pays = CheckedInput::pays();  // a bad setting fails before connecting
    connect();
    report_.begin();  // only now is an old report emptied
    report_.stop_when([] { return cli::interrupted(); });
    std::vector<std::string> inputs = options_.files;
    if (inputs.empty()) inputs.push_back("-");
    // Files and --generate come in a burst: one clock read dates 64 records (see Producer).
    const bool burst = options_.generate || CheckedInput::suits(inputs);
    if (producer_ && burst) producer_->reuse_clock_reads(64);
    // A burst's report goes out in large writes; a pipe's line by line, soon after each outcome.
    report_.set_flush_bytes(burst ? (1 << 16) : 4096);
    const bool input_thread = thread_pays && burst && !options_.envelope;
    if (context_.options.verbosity > 0)
        cli::print_note(input_thread ? "produce: input read and validated in a thread of its own"
                                     : "produce: input read and validated in the sending thread");
    try {
        read_input(inputs, input_thread);
    } catch (...) {
        account_after_error();
        throw;
    }
    // The open transaction commits only when its input ended well: Ctrl-C and an invalid
    // order under --on-invalid fail abort it (earlier transactions stay committed).
    if (options_.transactional) {
        end_transaction(!cli::interrupted() && fatal_line_.empty());
        account_unreported("no delivery report came before the run ended");
    } else {
        drain();
    }
    return finish();
}

// Reads every input (or generates), sending each line as it comes.
void ProduceSession::read_input(const std::vector<std::string>& inputs, bool input_thread) {
    if (input_thread) {
        read_ahead(inputs);
    } else if (options_.generate) {
        core::OrderGenerator generator(options_.seed);
        std::string line, id;
        for (uint64_t i = 1; i <= *options_.generate && !stop_reading_ && !cli::interrupted();
             ++i) {
            generator.next(line, id);
            process("generated", i, line, false, line.size());
            maybe_end_transaction();
        }
    } else {
        for (const auto& path : inputs) {
            auto reader = core::LineReader::open(path, options_.max_line_bytes);
            reader.stop_when([this] { return stop_reading_ || cli::interrupted(); });
            // While the input is silent, acknowledgements still come in and are reported at
            // once: a pipe fed now and then (tail -f) gets its outcomes as they happen.
            reader.when_idle([this] { on_idle(); }, 100);
            core::InputLine line;
            while (!stop_reading_ && !cli::interrupted() && reader.next(line)) {
                process(reader.name(), line.number, line.text, line.too_long, line.length);
                maybe_end_transaction();
            }
            if (stop_reading_ || cli::interrupted()) break;
        }
    }
}

// The input broke (a read error, the input thread failed): every line sent so far still ends
// with its outcome in the report and the summary before the error is reported. An open
// transaction is aborted: the input it was part of is incomplete.
void ProduceSession::account_after_error() {
    stop_reading_ = true;
    try {
        if (options_.transactional) {
            end_transaction(false);
            account_unreported("no delivery report came before the run ended");
        } else {
            drain();
        }
        report_.close();
        show_progress(true);
        double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
        cli::print_note(report_.summary(topic_, seconds, options_.dry_run));
        if (auto failure = report_.failure()) cli::print_warning(*failure);
    } catch (const std::exception& error) {
        cli::print_warning(std::string("while accounting for the lines sent: ") + error.what());
    }
}

// Orders validated by the input thread while this one sends the ones before them.
void ProduceSession::read_ahead(const std::vector<std::string>& inputs) {
    CheckedInputOptions input;
    if (!options_.generate) input.files = inputs;
    input.generate = options_.generate;
    input.seed = options_.seed;
    input.max_line_bytes = options_.max_line_bytes;
    input.key_field = options_.key_field;
    CheckedInput reader(std::move(input));
    while (!stop_reading_ && !cli::interrupted()) {
        auto batch = reader.next();
        if (!batch) break;
        if (producer_) producer_->read_clock_again();  // next() may have waited for the disk
        for (const auto& line : batch->lines) {
            if (stop_reading_ || cli::interrupted()) break;
            process(batch->file, line.number, batch->text_of(line), line.too_long, line.length,
                    &line.check);
            maybe_end_transaction();
        }
        reader.recycle(std::move(batch));
    }
}

int ProduceSession::finish() {
    const bool interrupted = cli::interrupted();
    report_.close();
    show_progress(true);
    double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    std::string summary = report_.summary(topic_, seconds, options_.dry_run);
    if (options_.transactional && transactions_ > 0)
        summary += "\ntransactions: " + std::to_string(transactions_ - aborted_transactions_) +
                   " committed, " + std::to_string(aborted_transactions_) + " aborted";
    cli::print_note(summary);

    const uint64_t delivered = report_.count(LineStatus::Delivered);
    const uint64_t problems =
        report_.count(LineStatus::Rejected) + report_.count(LineStatus::Failed) +
        report_.count(LineStatus::NotSent) + report_.count(LineStatus::Unknown);
    // The report is data: one that could not be written whole fails the run.
    if (auto failure = report_.failure())
        throw Error(ErrorKind::Failure, *failure,
                    "the orders were sent as the summary above says; running again would send "
                    "them twice: find the missing lines' keys with 'orderctl consume'");
    if (!transaction_fatal_.empty())
        throw Error(
            ErrorKind::Failure, transaction_fatal_ + "; stopped reading",
            (transaction_fatal_hint_.empty() ? std::string() : transaction_fatal_hint_ + "; ") +
                "the lines after the last committed transaction are reported failed");
    if (interrupted) return cli::kExitInterrupted;
    if (!stalled_.empty())
        throw Error(ErrorKind::Unreachable, stalled_,
                    "check the cluster ('orderctl topics describe " + topic_ +
                        "'); lines not delivered are each reported");
    if (!fatal_line_.empty())
        throw Error(ErrorKind::Failure, "invalid order at " + fatal_line_ + "; stopped reading",
                    "use --on-invalid skip or dlq to go on past invalid orders");
    if (problems == 0) return cli::kExitOk;
    if (delivered == 0 && report_.count(LineStatus::Valid) == 0 &&
        report_.count(LineStatus::Rejected) == 0)
        throw Error(ErrorKind::Failure, "no order was delivered");
    throw Error(ErrorKind::Partial, std::to_string(problems) + " of " +
                                        std::to_string(report_.total()) +
                                        " line(s) were not delivered; each is reported");
}

}  // namespace

int run_produce(cli::Context& context, const ProduceOptions& options) {
    cli::install_interrupt_handlers();
    // A report reader that went away (`--report - | head`) is a write error, not a signal.
    std::signal(SIGPIPE, SIG_IGN);
    if (options.generate && !options.files.empty())
        throw Error(ErrorKind::Usage, "--generate and input files exclude each other");
    ProduceSession session(context, options);
    return session.run();
}

}  // namespace orderctl::commands
