// A role service: consume orders as a group member, run the role's handler, publish the
// outcome keyed by order id, and commit an offset only once the outcomes of every record
// before it are acknowledged by the broker (at-least-once, end to end). Poison records go to
// the dead-letter topic with the reason in headers, and are committed like any other.
#include "commands/consume_role.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <map>
#include <thread>
#include <unordered_map>

#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "cli/signals.h"
#include "core/error.h"
#include "core/kafka/consumer.h"
#include "core/kafka/defaults.h"
#include "core/kafka/producer.h"
#include "core/metrics/metrics_server.h"
#include "core/metrics/role_metrics.h"
#include "core/order/order_validator.h"
#include "core/roles/exec_handler.h"
#include "core/roles/instance_slot.h"
#include "core/roles/role_handlers.h"
#include "core/stop_offsets.h"

namespace orderctl::commands {
namespace {

using Clock = std::chrono::steady_clock;
using core::Error;
using core::ErrorKind;

// Per partition: processed offsets in order, each waiting for its outcome's acknowledgement.
struct PartitionProgress {
    std::deque<std::pair<int64_t, bool>> pending;  // offset, acknowledged
    int64_t committable = -1;                      // next offset to commit, once known
};

class RoleService {
  public:
    RoleService(cli::Context& context, const ConsumeOptions& options);
    // The consumer goes first, while the state its revoke callback touches is still alive, and
    // with that callback off: an exit by error commits nothing more (the work is redone).
    ~RoleService() {
        revoke_commits_ = false;
        consumer_.reset();
    }
    int run();

  private:
    cli::Context& context_;
    const ConsumeOptions& options_;
    core::Role role_;
    core::RoleSettings settings_;
    std::string input_topic_, output_topic_, dlq_topic_, group_;
    core::InstanceSlot slot_;  // --exactly-once: held while the producer lives
    std::unique_ptr<core::kafka::Consumer> consumer_;
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
    bool revoke_commits_ = true;  // off while tearing down
    std::string last_commit_warning_;
    bool stored_uncommitted_ = false;
    std::string failure_;      // an outcome that could not be published: stop, commit before it
    core::StopOffsets stops_;  // --until end
    std::string out_;

    void on_delivery(const core::kafka::Delivery& delivery);
    void process(const rd_kafka_message_t* message);
    // --exec: the handler's outcome, retried with backoff; nullopt and `problem` when it gave up.
    std::optional<core::RoleOutcome> run_exec(std::string_view order, std::string& problem);
    void publish_metrics();
    // --until end with other instances: their partitions are done once the group's committed
    // offsets reached the stops.
    void reached_by_group();
    void publish(const rd_kafka_message_t* message, std::string_view value,
                 const std::string& topic, const std::vector<core::kafka::Header>& headers);
    void commit(bool wait_for_outcomes);
    void commit_now(bool wait_for_outcomes);
    // --exactly-once: outcomes and the offsets after them commit as one transaction.
    void commit_transaction();
    void begin_transaction_if_needed();
    bool transaction_open_ = false;
    std::map<int32_t, int64_t> processed_next_;
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
    std::vector<std::pair<std::string, std::string>> consumer_defaults = {
        {"group.id", group_},
        {"enable.auto.commit", "false"},
        {"enable.auto.offset.store", "false"},
        {"enable.partition.eof", "true"},
        {"auto.offset.reset", options.from == "latest" ? "latest" : "earliest"},
        core::kafka::kConsumerFetchAhead};
    std::vector<std::pair<std::string, std::string>> producer_defaults = {
        {"enable.idempotence", "true"},
        {"acks", "all"},
        {"partitioner", "murmur2_random"},
        {"linger.ms", "5"}};
    if (options.exactly_once) {
        consumer_defaults.emplace_back("isolation.level", "read_committed");
        // The same id after a restart (instance_slot.h): the new producer fences the dead
        // one and aborts its open transaction, which would otherwise hold read_committed
        // readers of the outcomes back until it timed out.
        slot_ = core::InstanceSlot::claim(core::process_environment(), group_);
        char host[256] = {};
        if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
        producer_defaults.emplace_back("transactional.id", "orderctl-" + group_ + "-" + host + "-" +
                                                               std::to_string(slot_.number()));
    }
    auto user = profile.librdkafka_properties();
    consumer_ = std::make_unique<core::kafka::Consumer>(
        core::kafka::defaults_then(consumer_defaults, origin, user), context.client_options());
    auto producer_properties = core::kafka::defaults_then(producer_defaults, origin, user);
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

void RoleService::publish(const rd_kafka_message_t* message, std::string_view value,
                          const std::string& topic,
                          const std::vector<core::kafka::Header>& headers) {
    core::kafka::Record record;
    record.topic = topic;
    if (message->key)
        record.key = std::string_view(static_cast<const char*>(message->key), message->key_len);
    else
        record.null_key = true;
    record.value = value;
    record.headers = &headers;
    const uint64_t ticket = next_ticket_++;
    tickets_[ticket] = {message->partition, message->offset};
    progress_[message->partition].pending.emplace_back(message->offset, false);
    if (int refused = producer_->send(record, ticket)) {
        tickets_.erase(ticket);
        if (failure_.empty())
            failure_ = std::string("cannot publish to ") + topic + ": " +
                       rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(refused));
    }
}

void RoleService::process(const rd_kafka_message_t* message) {
    begin_transaction_if_needed();
    processed_next_[message->partition] = message->offset + 1;
    std::string_view line(message->payload ? static_cast<const char*>(message->payload) : "",
                          message->payload ? message->len : 0);
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
            {"orderctl-source-partition", std::to_string(message->partition)},
            {"orderctl-source-offset", std::to_string(message->offset)},
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

void RoleService::reached_by_group() {
    if (!stops_.active()) return;
    for (const auto& [partition, next] :
         consumer_->committed(input_topic_, stops_.unfinished(), 2000))
        stops_.reached(partition, next);
}

void RoleService::publish_metrics() {
    if (!metrics_) return;
    core::metrics::RoleSnapshot snapshot;
    snapshot.processed = processed_;
    snapshot.outcomes = outcomes_;
    snapshot.dead_lettered = dead_lettered_;
    snapshot.handler_failures = handler_failures_;
    snapshot.commits = commits_;
    snapshot.rebalances = consumer_->rebalances();
    snapshot.lag = consumer_->cached_lag(input_topic_);
    snapshot.commit_seconds = commit_seconds_;
    snapshot.handler_seconds = handler_seconds_;
    metrics_->publish(snapshot);
}

void RoleService::commit_transaction() {
    const int timeout_ms = static_cast<int>(context_.client_options().timeout.count());
    if (!transaction_open_) return;
    if (!failure_.empty()) {
        // An outcome failed: nothing of this transaction may count, its offsets included.
        producer_->abort_transaction(timeout_ms);
        transaction_open_ = false;
        return;
    }
    if (!processed_next_.empty()) {
        producer_->send_offsets_to_transaction(consumer_->client().handle(), input_topic_,
                                               processed_next_, timeout_ms);
    }
    producer_->commit_transaction(timeout_ms);
    transaction_open_ = false;
    if (!processed_next_.empty()) ++commits_;
    processed_next_.clear();
    tickets_.clear();
    progress_.clear();
}

void RoleService::begin_transaction_if_needed() {
    if (!options_.exactly_once || transaction_open_) return;
    producer_->begin_transaction();
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
        consumer_->store_offsets(input_topic_, next);
        stored_uncommitted_ = true;
    }
    // Stored offsets whose commit failed are committed by the next attempt, progress or not.
    if (!stored_uncommitted_) return;
    const bool committed = consumer_->commit();
    stored_uncommitted_ = false;
    if (committed) ++commits_;
}

int RoleService::run() {
    auto partitions = consumer_->partitions(input_topic_);
    if (options_.until == "end") {
        stops_.set(consumer_->end_offsets(input_topic_, partitions));
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
    consumer_->subscribe(input_topic_, [this] {
        // Partitions are leaving: everything processed so far is committed first. This runs
        // inside librdkafka's C code, so no exception may leave it; a commit that fails here
        // means the next owner redoes that work (at-least-once).
        if (!revoke_commits_) return;
        try {
            commit(true);
        } catch (const std::exception& error) {
            cli::print_warning(std::string("on revocation: ") + error.what());
        }
        progress_.clear();
    });
    auto last_commit = Clock::now(), last_record = Clock::now(), last_group_check = Clock::now();
    while (!cli::interrupted() && failure_.empty() && !stops_.all_done()) {
        if (options_.max && processed_ >= *options_.max) break;
        auto message = consumer_->poll(100);
        producer_->poll(0);
        auto now = Clock::now();
        if (now - last_commit > std::chrono::seconds(1)) {
            // A commit that fails while a broker is away is retried at the next tick; the
            // offsets stay stored, and only processed ones are ever committed.
            try {
                commit(false);
            } catch (const Error& error) {
                if (error.what() != last_commit_warning_)
                    cli::print_warning(std::string(error.what()) + " (retrying)");
                last_commit_warning_ = error.what();
            }
            publish_metrics();
            last_commit = now;
        }
        if (!message) {
            if (now - last_group_check > std::chrono::seconds(1)) {
                reached_by_group();
                last_group_check = now;
            }
            if (options_.idle_timeout > 0 &&
                now - last_record > std::chrono::duration<double>(options_.idle_timeout))
                break;
            continue;
        }
        if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            stops_.reached(message->partition, message->offset);
            continue;
        }
        if (message->err) {
            cli::print_warning(std::string("consume: ") + rd_kafka_message_errstr(message.get()));
            continue;
        }
        last_record = now;
        if (stops_.past(message->partition, message->offset)) continue;
        process(message.get());
        stops_.reached(message->partition, message->offset + 1);
    }
    commit(true);
    publish_metrics();
    if (!out_.empty()) std::fwrite(out_.data(), 1, out_.size(), stdout);
    std::fflush(stdout);
    consumer_->close();

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
                    std::to_string(consumer_->rebalances()) + " rebalance(s)");
    if (!failure_.empty())
        throw Error(ErrorKind::Failure, failure_ + "; nothing after it was committed");
    return cli::interrupted() ? cli::kExitInterrupted : cli::kExitOk;
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
