// A role service: consume orders as a group member, run the role's handler, publish the
// outcome keyed by order id, and commit an offset only once the outcomes of every record
// before it are acknowledged by the broker (at-least-once, end to end). Poison records go to
// the dead-letter topic with the reason in headers, and are committed like any other.
// With --exactly-once, outcomes and the offsets after them are one transaction, and a failed
// transaction is handled by librdkafka's class of the failure: abortable ones are aborted and
// their records processed again; retriable ones left after retries, and fatal ones (fenced),
// stop the service with nothing more committed.
#include "commands/consume/role.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <map>
#include <optional>
#include <thread>
#include <unordered_map>

#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "cli/signals.h"
#include "core/error.h"
#include "core/kafka/consume_loop.h"
#include "core/kafka/defaults.h"
#include "core/kafka/producer.h"
#include "core/metrics/metrics_server.h"
#include "core/metrics/role_metrics.h"
#include "core/order/order_validator.h"
#include "core/roles/exec_handler.h"
#include "core/roles/instance_slot.h"
#include "core/roles/role_handlers.h"

namespace orderctl::commands {
namespace {

using Clock = std::chrono::steady_clock;
using core::Error;
using core::ErrorKind;
using core::kafka::TransactionError;
using core::kafka::TransactionFailure;

// Aborts in a row, with no commit between, after which a failure is taken as one that redoing
// cannot cure (the outcome topic missing, say): the service stops rather than loop.
constexpr unsigned kMaxConsecutiveRedos = 5;
// Attempts at adding the offsets to a transaction while the failure is retriable.
constexpr int kOffsetAttempts = 3;

// Per partition: processed offsets in order, each waiting for its outcome's acknowledgement.
struct PartitionProgress {
    std::deque<std::pair<int64_t, bool>> pending;  // offset, acknowledged
    int64_t committable = -1;                      // next offset to commit, once known
};

class RoleService final : core::kafka::ConsumeLoop::Worker {
  public:
    RoleService(cli::Context& context, const ConsumeOptions& options);
    // Teardown in the order the callbacks need, not the members' order. The consumer goes
    // first, with its revoke callback's commit off: closing it revokes the partitions, and an
    // exit by error must commit nothing more (that work is redone). The producer next: its
    // destructor purges what is still in flight without calling on_delivery. Only then the
    // state both callbacks use (tickets_, progress_, failure_, the counters) goes, with the
    // other members.
    ~RoleService() override {
        loop_->shutdown();
        producer_.reset();
    }
    // Serves until done; an error that stops it says what was committed and what was not.
    int run();

  private:
    int serve();
    void start();
    void print_summary();
    // The error that stops the service, with an account of the work in flight: what was
    // committed, and what was not (and is processed again at the next start).
    Error stopped_by(const Error& error);
    std::string committed_account() const;

    cli::Context& context_;
    const ConsumeOptions& options_;
    core::Role role_;
    core::RoleSettings settings_;
    std::string input_topic_, output_topic_, dlq_topic_, group_;
    core::InstanceSlot slot_;  // --exactly-once: held while the producer lives
    std::unique_ptr<core::kafka::ConsumeLoop> loop_;
    std::unique_ptr<core::kafka::Producer> producer_;
    core::OrderValidator validator_;
    std::map<int32_t, PartitionProgress> progress_;
    std::unordered_map<uint64_t, std::pair<int32_t, int64_t>> tickets_;
    uint64_t next_ticket_ = 1;
    std::map<std::string, uint64_t> outcomes_;
    uint64_t processed_ = 0, dead_lettered_ = 0, commits_ = 0, handler_failures_ = 0;
    std::unique_ptr<core::ExecHandler> exec_;  // --exec: the user's handler
    std::unique_ptr<core::metrics::RoleMetrics> metrics_;
    std::unique_ptr<core::metrics::MetricsServer> metrics_server_;
    core::metrics::Histogram commit_seconds_, handler_seconds_;
    bool stored_uncommitted_ = false;
    std::string failure_;  // an outcome that could not be published: stop, commit before it
    std::string out_;

    void on_delivery(const core::kafka::Delivery& delivery);
    // The loop's worker.
    bool proceed() override;
    void process(const core::kafka::Message& message) override;
    void after_poll() override { producer_->poll(0); }
    // A commit that fails while a broker is away is retried at the next tick. A transaction
    // that fails is handled by commit_transaction; what reaches the loop stops the service.
    void commit_tick() override { commit(false); }
    bool tick_failure_stops() const override { return options_.exactly_once; }
    void after_tick() override { publish_metrics(); }
    void revoked() override;
    bool revoke_failure_stops() const override { return options_.exactly_once; }
    void warn(const std::string& text) override { cli::print_warning(text); }
    // --exec: the handler's outcome, retried with backoff; nullopt and `problem` when it gave up.
    std::optional<core::RoleOutcome> run_exec(std::string_view order, std::string& problem);
    void publish_metrics();
    void publish(const core::kafka::Message& message, std::string_view value,
                 const std::string& topic, const std::vector<core::kafka::Header>& headers);
    void commit(bool wait_for_outcomes);
    void commit_now(bool wait_for_outcomes);
    // --exactly-once: outcomes and the offsets after them commit as one transaction.
    void commit_transaction();
    void begin_transaction_if_needed();
    void send_offsets(int timeout_ms);
    // What the service does about a failed transaction, by librdkafka's class of the failure.
    void on_transaction_failure(const TransactionError& error);
    // Abortable: abort, forget the transaction's bookkeeping, and (unless the partitions are
    // being revoked) rewind to the group's committed offsets so that its records are fetched
    // and processed again in a new transaction. `counted`: a failure of this transaction's own
    // (a lost assignment is not), bounded by kMaxConsecutiveRedos.
    void abort_and_redo(const std::string& reason, bool counted);
    void forget_transaction();
    // An abort on the way out, when the service stops: best effort, the reason is already known.
    void abort_quietly();
    // Retriable left after retries, or fatal: the error the service stops with.
    [[noreturn]] void stop_for(const TransactionError& error);
    std::string transactional_id() const;
    bool transaction_open_ = false;
    std::map<int32_t, int64_t> processed_next_;
    std::map<int32_t, int64_t> transaction_first_;  // per partition: first offset in it
    uint64_t transaction_records_ = 0;              // records processed in the open transaction
    uint64_t aborted_ = 0;                          // transactions aborted and redone
    uint64_t redone_records_ = 0;                   // records processed in them (processed again)
    unsigned consecutive_redos_ = 0;
    bool redo_ = false;      // a transaction was aborted: its records are to be processed again
    bool revoking_ = false;  // inside the revoke callback: no rewind (the partitions are leaving)
    bool summary_printed_ = false;
    // What the group has committed from this instance, per partition: for the error's account.
    std::map<int32_t, int64_t> committed_next_;
    std::map<int32_t, int64_t> stored_next_;  // stored, not yet committed (at-least-once)
};

RoleService::RoleService(cli::Context& context, const ConsumeOptions& options)
    : context_(context), options_(options) {
    role_ = *core::parse_role(options.role);
    const auto& profile = context.profile();
    input_topic_ = options.topic.empty() ? profile.orders_topic() : options.topic;
    output_topic_ = profile.role_output_topic(options.role);
    dlq_topic_ = input_topic_ + ".dlq";
    group_ = options.group.empty() ? profile.role_group(options.role) : options.group;
    if (!options.exec.empty())
        exec_ = std::make_unique<core::ExecHandler>(
            options.exec,
            std::chrono::milliseconds(static_cast<int64_t>(options.exec_timeout * 1000)));
    if (!options.catalog.empty()) settings_.catalog = core::load_catalog(options.catalog);
    if (!options.limit.empty()) {
        settings_.limit = core::Decimal::parse(options.limit);
        if (!settings_.limit)
            throw Error(ErrorKind::Usage,
                        "--limit must be a decimal amount, got '" + options.limit + "'");
    }
    const char* origin = "orderctl role service default";
    core::kafka::ConsumeLoopSettings consumer;
    consumer.topic = input_topic_;
    consumer.group = group_;
    consumer.from_latest = options.from == "latest";
    consumer.origin = origin;
    consumer.user = profile.librdkafka_properties();
    consumer.client = context.client_options();
    consumer.idle_timeout = options.idle_timeout;
    consumer.interrupted = [] { return cli::interrupted(); };
    std::vector<std::pair<std::string, std::string>> producer_defaults = {
        {"enable.idempotence", "true"},
        {"acks", "all"},
        {"partitioner", "murmur2_random"},
        {"linger.ms", "5"}};
    if (options.exactly_once) {
        consumer.extra_defaults.emplace_back("isolation.level", "read_committed");
        // The same id after a restart (instance_slot.h): the new producer fences the dead
        // one and aborts its open transaction, which would otherwise hold read_committed
        // readers of the outcomes back until it timed out.
        slot_ = core::InstanceSlot::claim(core::process_environment(), group_);
        char host[256] = {};
        if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
        producer_defaults.emplace_back("transactional.id", "orderctl-" + group_ + "-" + host + "-" +
                                                               std::to_string(slot_.number()));
    }
    auto producer_properties = core::kafka::defaults_then(producer_defaults, origin, consumer.user);
    loop_ = std::make_unique<core::kafka::ConsumeLoop>(std::move(consumer));
    producer_ = std::make_unique<core::kafka::Producer>(
        producer_properties, context.client_options(),
        [this](const core::kafka::Delivery& delivery) { on_delivery(delivery); });
}

void RoleService::on_delivery(const core::kafka::Delivery& delivery) {
    auto found = tickets_.find(delivery.ticket);
    if (found == tickets_.end()) return;
    auto [partition, offset] = found->second;
    tickets_.erase(found);
    if (!delivery.persisted) {
        if (failure_.empty())
            failure_ = "the outcome of " + input_topic_ + "/" + std::to_string(partition) + "@" +
                       std::to_string(offset) + " could not be published: " + delivery.error_text;
        return;
    }
    auto& progress = progress_[partition];
    // Pending offsets are in increasing order: find this one by binary search.
    auto entry = std::lower_bound(progress.pending.begin(), progress.pending.end(),
                                  std::make_pair(offset, false));
    if (entry != progress.pending.end() && entry->first == offset) entry->second = true;
    while (!progress.pending.empty() && progress.pending.front().second) {
        progress.committable = progress.pending.front().first + 1;
        progress.pending.pop_front();
    }
}

void RoleService::publish(const core::kafka::Message& message, std::string_view value,
                          const std::string& topic,
                          const std::vector<core::kafka::Header>& headers) {
    core::kafka::Record record;
    record.topic = topic;
    if (auto key = message.key())
        record.key = *key;
    else
        record.null_key = true;
    record.value = value;
    record.headers = &headers;
    const uint64_t ticket = next_ticket_++;
    tickets_[ticket] = {message.partition(), message.offset()};
    progress_[message.partition()].pending.emplace_back(message.offset(), false);
    if (int refused = producer_->send(record, ticket)) {
        tickets_.erase(ticket);
        if (failure_.empty())
            failure_ =
                std::string("cannot publish to ") + topic + ": " + core::kafka::error_text(refused);
    }
}

void RoleService::process(const core::kafka::Message& message) {
    begin_transaction_if_needed();
    processed_next_[message.partition()] = message.offset() + 1;
    if (options_.exactly_once) {
        transaction_first_.try_emplace(message.partition(), message.offset());
        ++transaction_records_;
    }
    const std::string_view line = message.payload();
    core::OrderCheck check = validator_.check(line);
    std::string problem = check.valid ? "" : check.error;
    core::RoleOutcome outcome;
    if (check.valid && exec_) {
        if (auto answer = run_exec(line, problem)) outcome = std::move(*answer);
    } else if (check.valid) {
        try {
            if (metrics_) {
                auto started = Clock::now();
                outcome = core::handle_order(role_, line, settings_);
                handler_seconds_.observe(
                    std::chrono::duration<double>(Clock::now() - started).count());
            } else {
                outcome = core::handle_order(role_, line, settings_);
            }
        } catch (const Error& error) {
            problem = error.what();
        }
    }
    ++processed_;
    if (!problem.empty()) {
        // A poison record must not stall its partition: dead-letter it and move on.
        std::vector<core::kafka::Header> headers = {
            {"orderctl-rejection-reason", problem},
            {"orderctl-source-topic", input_topic_},
            {"orderctl-source-partition", std::to_string(message.partition())},
            {"orderctl-source-offset", std::to_string(message.offset())},
            {"orderctl-role", core::role_name(role_)}};
        publish(message, line, dlq_topic_, headers);
        ++dead_lettered_;
        return;
    }
    static const std::vector<core::kafka::Header> headers = {{"content-type", "application/json"}};
    publish(message, outcome.json, output_topic_, headers);
    ++outcomes_[outcome.kind];
    if (context_.options.output == "jsonl") {
        out_ += outcome.json;
        out_ += '\n';
        if (out_.size() > (1 << 16)) {
            std::fwrite(out_.data(), 1, out_.size(), stdout);
            out_.clear();
        }
    }
}

std::optional<core::RoleOutcome> RoleService::run_exec(std::string_view order,
                                                       std::string& problem) {
    for (unsigned attempt = 0;; ++attempt) {
        auto started = Clock::now();
        core::ExecReply reply = exec_->call(order);
        handler_seconds_.observe(std::chrono::duration<double>(Clock::now() - started).count());
        if (reply.ok) return core::RoleOutcome{std::move(reply.kind), std::move(reply.json)};
        ++handler_failures_;
        if (attempt >= options_.retries || cli::interrupted()) {
            problem =
                "handler failed " + std::to_string(attempt + 1) + " time(s); last: " + reply.error;
            return std::nullopt;
        }
        // Exponential backoff from 100 ms, capped at 5 s; deliveries keep flowing meanwhile.
        auto pause =
            std::chrono::milliseconds(std::min<int64_t>(5000, 100LL << std::min(attempt, 6u)));
        if (context_.options.verbosity > 0)
            cli::print_warning("handler: " + reply.error + "; retrying in " +
                               std::to_string(pause.count()) + " ms");
        auto until = Clock::now() + pause;
        while (Clock::now() < until && !cli::interrupted()) producer_->poll(20);
    }
}

void RoleService::publish_metrics() {
    if (!metrics_) return;
    core::metrics::RoleSnapshot snapshot;
    snapshot.processed = processed_;
    snapshot.outcomes = outcomes_;
    snapshot.dead_lettered = dead_lettered_;
    snapshot.handler_failures = handler_failures_;
    snapshot.commits = commits_;
    snapshot.rebalances = loop_->consumer().rebalances();
    snapshot.transactions_aborted = aborted_;
    snapshot.lag = loop_->consumer().cached_lag(input_topic_);
    snapshot.commit_seconds = commit_seconds_;
    snapshot.handler_seconds = handler_seconds_;
    metrics_->publish(snapshot);
}

void RoleService::commit_transaction() {
    const int timeout_ms = static_cast<int>(context_.client_options().timeout.count());
    if (!transaction_open_) return;
    try {
        if (!failure_.empty()) {
            // An outcome failed: nothing of this transaction may count, its offsets included.
            // A fenced producer fails its records too; that is the fatal class, not a redo.
            if (producer_->client().fatal_error())
                stop_for(TransactionError(TransactionFailure::Fatal, ErrorKind::Failure, failure_));
            abort_and_redo(failure_, true);
            return;
        }
        if (!processed_next_.empty()) send_offsets(timeout_ms);
        producer_->commit_transaction(timeout_ms);
    } catch (const TransactionError& error) {
        on_transaction_failure(error);
        return;
    }
    transaction_open_ = false;
    if (!processed_next_.empty()) ++commits_;
    for (const auto& [partition, next] : processed_next_) committed_next_[partition] = next;
    consecutive_redos_ = 0;
    forget_transaction();
}

void RoleService::send_offsets(int timeout_ms) {
    for (int attempt = 1;; ++attempt) {
        try {
            producer_->send_offsets_to_transaction(loop_->consumer().client().handle(),
                                                   input_topic_, processed_next_, timeout_ms);
            return;
        } catch (const TransactionError& error) {
            if (error.failure() != TransactionFailure::Retriable || attempt >= kOffsetAttempts)
                throw;
        }
    }
}

void RoleService::on_transaction_failure(const TransactionError& error) {
    switch (error.failure()) {
        case TransactionFailure::Abortable:
            abort_and_redo(error.what(), true);
            return;
        case TransactionFailure::Retriable:
            abort_quietly();
            stop_for(error);
        case TransactionFailure::Fatal:
            stop_for(error);
    }
}

void RoleService::abort_and_redo(const std::string& reason, bool counted) {
    const int timeout_ms = static_cast<int>(context_.client_options().timeout.count());
    if (counted && ++consecutive_redos_ > kMaxConsecutiveRedos) {
        abort_quietly();
        throw Error(ErrorKind::Failure,
                    "a transaction failed " + std::to_string(kMaxConsecutiveRedos + 1) +
                        " times in a row, each time aborted and redone; the last time: " + reason,
                    "a failure that processing again does not cure: check that the topics '" +
                        output_topic_ + "' and '" + dlq_topic_ +
                        "' exist and that this client may write to them");
    }
    try {
        producer_->abort_transaction(timeout_ms);
    } catch (const TransactionError& error) {
        stop_for(error);
    }
    transaction_open_ = false;
    ++aborted_;
    redone_records_ += transaction_records_;
    cli::print_warning("transaction aborted (" + reason + "); its " +
                       std::to_string(transaction_records_) +
                       " record(s) are processed again in a new one");
    const std::map<int32_t, int64_t> first = transaction_first_;
    forget_transaction();
    redo_ = true;
    std::map<int32_t, int64_t> positions;
    // On revocation the partitions are leaving: their next owner starts at the group's offsets.
    if (!revoking_)
        positions = loop_->consumer().rewind_to_committed(input_topic_, first, timeout_ms);
    for (const auto& [partition, offset] : first) {
        auto position = positions.find(partition);
        loop_->stops().reopen(partition, position == positions.end() ? offset : position->second);
    }
    // Some breathing room before a redo that may fail the same way.
    if (counted) producer_->poll(std::min(2000, 100 << consecutive_redos_));
}

void RoleService::forget_transaction() {
    processed_next_.clear();
    transaction_first_.clear();
    transaction_records_ = 0;
    tickets_.clear();
    progress_.clear();
    failure_.clear();
}

void RoleService::abort_quietly() {
    if (!transaction_open_) return;
    transaction_open_ = false;
    try {
        producer_->abort_transaction(
            static_cast<int>(context_.client_options().timeout.count()) / 3, 1);
    } catch (const Error&) {
        // The coordinator aborts it after transaction.timeout.ms, or the next instance with
        // this transactional.id at once; exactly-once holds either way.
    }
}

std::string RoleService::transactional_id() const {
    return producer_->client().property("transactional.id");
}

void RoleService::stop_for(const TransactionError& error) {
    const auto fatal = producer_->client().fatal_error();
    if (fatal && fatal->fenced)
        throw Error(ErrorKind::Failure,
                    std::string("this ") + core::role_name(role_) +
                        " service was fenced: another producer with transactional.id '" +
                        transactional_id() + "' took over (" + fatal->reason +
                        "); it stops and commits nothing more (the new one aborted its open "
                        "transaction)",
                    "run one instance per transactional.id: leave it unset (each instance then "
                    "gets its own, orderctl-GROUP-HOST-N) or give each its own "
                    "-X transactional.id");
    if (error.failure() == TransactionFailure::Fatal)
        throw Error(ErrorKind::Failure,
                    std::string(error.what()) +
                        "; the transactional producer cannot go on: nothing more is committed",
                    error.hint());
    throw Error(error.kind(),
                std::string(error.what()) +
                    " (after retries); the transaction was aborted or is left to time out: "
                    "nothing of it is committed",
                error.hint().empty() && error.kind() == ErrorKind::Unreachable
                    ? "is the cluster reachable? its records are processed again at the next start"
                    : error.hint());
}

void RoleService::begin_transaction_if_needed() {
    if (!options_.exactly_once || transaction_open_) return;
    try {
        producer_->begin_transaction();
    } catch (const TransactionError& error) {
        stop_for(error);
    }
    transaction_open_ = true;
}

void RoleService::commit(bool wait_for_outcomes) {
    auto started = Clock::now();
    const uint64_t before = commits_;
    commit_now(wait_for_outcomes);
    if (commits_ != before)
        commit_seconds_.observe(std::chrono::duration<double>(Clock::now() - started).count());
}

void RoleService::commit_now(bool wait_for_outcomes) {
    if (options_.exactly_once) {
        commit_transaction();
        return;
    }
    if (wait_for_outcomes) {
        auto deadline = Clock::now() + std::chrono::seconds(30);
        while (!tickets_.empty() && failure_.empty() && Clock::now() < deadline)
            producer_->poll(50);
    } else {
        producer_->poll(0);
    }
    std::map<int32_t, int64_t> next;
    for (auto& [partition, progress] : progress_) {
        if (progress.committable >= 0) next[partition] = progress.committable;
        progress.committable = -1;
    }
    if (!next.empty()) {
        loop_->consumer().store_offsets(input_topic_, next);
        stored_uncommitted_ = true;
        for (const auto& [partition, offset] : next) stored_next_[partition] = offset;
    }
    // Stored offsets whose commit failed are committed by the next attempt, progress or not.
    if (!stored_uncommitted_) return;
    const bool committed = loop_->consumer().commit();
    stored_uncommitted_ = false;
    if (committed) ++commits_;
    for (const auto& [partition, offset] : stored_next_) committed_next_[partition] = offset;
    stored_next_.clear();
}

int RoleService::run() {
    try {
        return serve();
    } catch (const Error& error) {
        throw stopped_by(error);
    }
}

int RoleService::serve() {
    start();
    for (;;) {
        redo_ = false;
        loop_->run(*this);
        commit(true);
        loop_->rethrow_stop_error();
        // The last transaction was aborted: its records are still to be processed.
        if (!redo_ || cli::interrupted() || !failure_.empty()) break;
    }
    publish_metrics();
    if (!out_.empty()) std::fwrite(out_.data(), 1, out_.size(), stdout);
    std::fflush(stdout);
    loop_->close();
    print_summary();
    if (!failure_.empty())
        throw Error(ErrorKind::Failure, failure_ + "; nothing after it was committed");
    return cli::interrupted() ? cli::kExitInterrupted : cli::kExitOk;
}

void RoleService::start() {
    auto partitions = loop_->partitions();
    if (options_.until == "end") {
        loop_->stop_at_end(partitions);
    } else if (!options_.until.empty()) {
        throw Error(ErrorKind::Usage, "role services take --until end");
    }
    cli::install_interrupt_handlers();
    if (!options_.metrics.empty()) {
        metrics_ = std::make_unique<core::metrics::RoleMetrics>(core::role_name(role_), group_,
                                                                input_topic_);
        auto* metrics = metrics_.get();
        metrics_server_ = std::make_unique<core::metrics::MetricsServer>(
            options_.metrics, [metrics] { return metrics->render(); });
        publish_metrics();
        cli::print_note("metrics at " + metrics_server_->url());
    }
    if (options_.exactly_once)
        producer_->init_transactions(static_cast<int>(context_.client_options().timeout.count()));
    loop_->subscribe(*this);
}

void RoleService::revoked() {
    // Partitions are leaving: everything processed so far is committed first; a commit that
    // fails here means the next owner redoes that work (at-least-once). With --exactly-once,
    // lost partitions (this member was dropped from the group) are not ours to commit: the
    // transaction is aborted, and an error that must stop the service waits for the loop.
    revoking_ = true;
    struct Done {
        RoleService& service;
        ~Done() {
            service.revoking_ = false;
            service.progress_.clear();
        }
    } done{*this};
    if (options_.exactly_once && transaction_open_ && loop_->consumer().assignment_lost())
        abort_and_redo("this member's partitions were lost to a rebalance", false);
    else
        commit(true);
}

bool RoleService::proceed() {
    // A failed outcome: at-least-once stops (committing what came before it); with
    // --exactly-once its transaction is aborted and redone at once.
    if (!failure_.empty()) {
        if (!options_.exactly_once || !transaction_open_) return false;
        commit(false);
    }
    return !(options_.max && processed_ - redone_records_ >= *options_.max);
}

void RoleService::print_summary() {
    summary_printed_ = true;
    std::string kinds;
    for (const auto& [kind, count] : outcomes_)
        kinds += (kinds.empty() ? "" : ", ") + std::to_string(count) + " " + kind;
    cli::print_note(std::string(core::role_name(role_)) + " (group " + group_ +
                    "): " + std::to_string(processed_) + " processed" +
                    (kinds.empty() ? "" : " (" + kinds + ")") + ", " +
                    std::to_string(dead_lettered_) + " dead-lettered, " +
                    (exec_ ? std::to_string(handler_failures_) + " handler failure(s), " +
                                 std::to_string(exec_->starts()) + " handler start(s), "
                           : std::string()) +
                    std::to_string(commits_) + " commit(s), " +
                    std::to_string(loop_->consumer().rebalances()) + " rebalance(s)" +
                    (options_.exactly_once
                         ? ", " + std::to_string(aborted_) + " transaction(s) aborted and redone" +
                               (aborted_ ? " (" + std::to_string(redone_records_) +
                                               " record(s) processed again)"
                                         : "")
                         : ""));
}

Error RoleService::stopped_by(const Error& error) {
    if (!summary_printed_) print_summary();
    std::string account;
    if (options_.exactly_once) {
        // Records of a transaction that neither committed nor was redone.
        const uint64_t open = transaction_records_;
        abort_quietly();
        if (open)
            account = "; the open transaction's " + std::to_string(open) +
                      " record(s) were not committed (processed again at the next start)";
    } else if (!tickets_.empty()) {
        account = "; " + std::to_string(tickets_.size()) +
                  " outcome(s) still in flight were not committed (their orders are processed "
                  "again at the next start)";
    }
    return Error(error.kind(), std::string(error.what()) + account + committed_account(),
                 error.hint());
}

std::string RoleService::committed_account() const {
    if (committed_next_.empty()) return "; nothing was committed by this instance";
    std::string out = "; committed: " + input_topic_ + " up to";
    size_t shown = 0;
    for (const auto& [partition, next] : committed_next_) {
        if (++shown > 8) {
            out += " and " + std::to_string(committed_next_.size() - 8) + " more partition(s)";
            break;
        }
        out += (shown > 1 ? ", " : " ") + std::to_string(partition) + "@" + std::to_string(next);
    }
    return out;
}

}  // namespace

int run_role_service(cli::Context& context, const ConsumeOptions& options) {
    if (!core::parse_role(options.role))
        throw Error(ErrorKind::Usage, "unknown role '" + options.role + "'",
                    "roles: inventory, payment, fulfillment");
    RoleService service(context, options);
    return service.run();
}

}  // namespace orderctl::commands
