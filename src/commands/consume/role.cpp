// A role service: consume orders as a group member (core/kafka/consume_loop.h), run the role's
// handler (role_handler.h), publish the outcome keyed by order id or dead-letter the record
// with the reason in headers (outcome_publisher.h), and commit by the service's strategy
// (role_commits.h): at-least-once, an offset only once the outcomes of every record before it
// are acknowledged; exactly-once, outcomes and offsets as one transaction. This file wires the
// parts together and keeps the service's account: counters, metrics, the summary, and what an
// error that stops the service leaves committed.
#include "commands/consume/role.h"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <map>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "cli/signals.h"
#include "commands/consume/outcome_publisher.h"
#include "commands/consume/role_commits.h"
#include "commands/consume/role_handler.h"
#include "commands/consume/role_summary.h"
#include "core/error.h"
#include "core/eventhubs/tier_features.h"
#include "core/kafka/consume_loop.h"
#include "core/kafka/defaults.h"
#include "core/kafka/producer.h"
#include "core/metrics/metrics_server.h"
#include "core/metrics/role_metrics.h"
#include "core/roles/instance_slot.h"
#include "core/roles/role_handlers.h"

namespace orderctl::commands {
namespace {

using Clock = std::chrono::steady_clock;
using core::Error;
using core::ErrorKind;

class RoleService final : core::kafka::ConsumeLoop::Worker {
  public:
    RoleService(cli::Context& context, const ConsumeOptions& options);
    // Teardown in the order the callbacks need, not the members' order. The consumer goes
    // first, with its revoke callback off: closing it revokes the partitions, and an exit by
    // error must commit nothing more (that work is redone). The producer next: its destructor
    // purges what is still in flight without calling the publisher. Only then the state both
    // callbacks use (the publisher, the strategy, the counters) goes, with the other members.
    ~RoleService() override {
        loop_->shutdown();
        producer_.reset();
    }
    // Serves until done; an error that stops it says what was committed and what was not.
    int run();

  private:
    cli::Context& context_;
    const ConsumeOptions& options_;
    const core::Role role_;
    std::string input_topic_, output_topic_, dlq_topic_, group_;
    RoleHandler handler_;
    OutcomePublisher publisher_;
    core::InstanceSlot slot_;  // --exactly-once: held while the producer lives
    std::unique_ptr<core::kafka::ConsumeLoop> loop_;
    std::unique_ptr<core::kafka::Producer> producer_;
    std::unique_ptr<RoleCommits> commits_;
    std::map<std::string, uint64_t> outcomes_;
    uint64_t processed_ = 0, dead_lettered_ = 0;
    std::map<int32_t, int64_t> last_timestamp_ms_;  // per partition: of the last record processed
    std::unique_ptr<core::metrics::RoleMetrics> metrics_;
    std::unique_ptr<core::metrics::MetricsServer> metrics_server_;
    core::metrics::Histogram commit_seconds_;
    std::string out_;           // -o jsonl: outcomes for stdout
    bool reader_gone_ = false;  // stdout's reader went away (`| head`): the service stops
    bool summary_printed_ = false;

    int serve();
    void start();
    // After a record's outcome: sends it at once when the service has caught up.
    void send_if_caught_up();
    // Writes the outcomes held for stdout. A reader that went away (EPIPE; SIGPIPE is ignored)
    // ends the service as a plain consume ends: cleanly, with what was processed committed.
    void write_outcomes();
    // Commits by the strategy, timed for the metrics.
    void commit(bool wait_for_outcomes);
    void publish_metrics();
    std::map<int32_t, double> time_behind(const std::map<int32_t, int64_t>& lag) const;
    void print_summary(const std::string& error = "");
    // The error that stops the service, with an account of the work in flight: what was
    // committed, and what was not (and is processed again at the next start).
    Error stopped_by(const Error& error);
    std::string committed_account() const;

    // The loop's worker.
    bool proceed() override;
    void process(const core::kafka::Message& message) override;
    void after_poll() override { producer_->poll(0); }
    // A poll that found nothing: send_if_caught_up's flush may have ended before a broker
    // thread saw it (a loaded machine), so outcomes still unacknowledged are sent again.
    void idle() override {
        if (publisher_.in_flight() > 0) producer_->send_now(1);
    }
    // A commit that fails while a broker is away is retried at the next tick. A transaction
    // that fails is handled by the strategy; what reaches the loop stops the service.
    void commit_tick() override { commit(false); }
    bool tick_failure_stops() const override { return options_.exactly_once; }
    // Once a second: -o jsonl outcomes reach a slow pipeline's reader (and a reader that went
    // away is noticed) without waiting for 64 KiB of them.
    void after_tick() override {
        write_outcomes();
        publish_metrics();
    }
    void revoked() override;
    bool revoke_failure_stops() const override { return options_.exactly_once; }
    void warn(const std::string& text) override { cli::print_warning(text); }
};

std::string input_topic_of(cli::Context& context, const ConsumeOptions& options) {
    return options.topic.empty() ? context.profile().orders_topic() : options.topic;
}

RoleService::RoleService(cli::Context& context, const ConsumeOptions& options)
    : context_(context),
      options_(options),
      role_(*core::parse_role(options.role)),
      input_topic_(input_topic_of(context, options)),
      output_topic_(context.profile().role_output_topic(options.role)),
      dlq_topic_(input_topic_ + ".dlq"),
      group_(options.group.empty() ? context.profile().role_group(options.role) : options.group),
      handler_(role_, options, context.options.verbosity,
               [this](std::chrono::milliseconds pause) {
                   auto until = Clock::now() + pause;
                   while (Clock::now() < until && !cli::interrupted()) producer_->poll(20);
               }),
      publisher_(input_topic_) {
    // What the Event Hubs tier does not allow is refused here, before connecting.
    if (options.exactly_once)
        core::eventhubs::check_transactions_allowed(
            context.profile(), "consume --role " + options.role + " --exactly-once");
    core::eventhubs::check_compression_allowed(context.profile());
    const char* origin = "orderctl role service default";
    core::kafka::ConsumeLoopSettings consumer;
    consumer.topic = input_topic_;
    consumer.group = group_;
    consumer.from_latest = options.from == "latest";
    consumer.origin = origin;
    consumer.user = context.profile().librdkafka_properties();
    consumer.client = context.client_options();
    consumer.idle_timeout = options.idle_timeout;
    consumer.interrupted = [] { return cli::interrupted(); };
    // A real-time service: an outcome that no other record follows is sent at once
    // (send_if_caught_up); in a backlog, outcomes wait at most linger.ms for a batch. 2 ms
    // keeps a rate that never lets the consumer's queue run empty near the floor's latency
    // (librdkafka's 5 ms made the p50 at 1,000 orders/s 9-10 ms; 0 cost a third more wall
    // time catching up a backlog: bench/README.md). Nagle's algorithm is off on both clients,
    // as Java clients do, so a small request never waits on the peer's delayed ACK.
    // -X linger.ms=0 or =5 moves the trade either way.
    consumer.extra_defaults.emplace_back("socket.nagle.disable", "true");
    std::vector<std::pair<std::string, std::string>> producer_defaults = {
        {"enable.idempotence", "true"},
        {"acks", "all"},
        {"partitioner", "murmur2_random"},
        {"linger.ms", "2"},
        {"socket.nagle.disable", "true"}};
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
        [this](const core::kafka::Delivery& delivery) { publisher_.on_delivery(delivery); });
    publisher_.use(*producer_);
    commits_ =
        RoleCommits::make(options.exactly_once,
                          CommitParts{*loop_, *producer_, publisher_, input_topic_, output_topic_,
                                      dlq_topic_, core::role_name(role_),
                                      static_cast<int>(context.client_options().timeout.count())});
    commits_->on_commit_seconds([this](double seconds) { commit_seconds_.observe(seconds); });
}

void RoleService::process(const core::kafka::Message& message) {
    commits_->before(message.partition(), message.offset());
    const char* timestamp_type = nullptr;
    if (int64_t ms = message.timestamp_ms(&timestamp_type); ms >= 0)
        last_timestamp_ms_[message.partition()] = ms;
    const std::string_view line = message.payload();
    HandlerAnswer answer = handler_.handle(line);
    ++processed_;
    if (!answer.problem.empty()) {
        // A poison record must not stall its partition: dead-letter it and move on.
        std::vector<core::kafka::Header> headers = {
            {"orderctl-rejection-reason", answer.problem},
            {"orderctl-source-topic", input_topic_},
            {"orderctl-source-partition", std::to_string(message.partition())},
            {"orderctl-source-offset", std::to_string(message.offset())},
            {"orderctl-role", core::role_name(role_)}};
        publisher_.publish(message, line, dlq_topic_, headers);
        ++dead_lettered_;
        send_if_caught_up();
        return;
    }
    static const std::vector<core::kafka::Header> headers = {{"content-type", "application/json"}};
    const core::RoleOutcome& outcome = answer.outcome;
    publisher_.publish(message, outcome.json, output_topic_, headers);
    ++outcomes_[outcome.kind];
    if (context_.output_format() == cli::OutputFormat::Jsonl) {
        out_ += outcome.json;
        out_ += '\n';
        if (out_.size() > (1 << 16)) write_outcomes();
    }
    send_if_caught_up();
}

void RoleService::send_if_caught_up() {
    // No record waits behind this one: no outcome will join its batch before linger.ms, so it
    // goes now. While a backlog waits, outcomes still batch by linger.ms.
    if (loop_->consumer().queued() == 0) producer_->send_now(1);
}

bool RoleService::proceed() {
    // A failed outcome: at-least-once stops (committing what came before it); with
    // --exactly-once its transaction is aborted and redone at once.
    if (publisher_.failed() && !commits_->recover_from_failed_outcome()) return false;
    if (reader_gone_) return false;
    return !(options_.max && processed_ - commits_->redone_records() >= *options_.max);
}

void RoleService::revoked() {
    // Partitions are leaving: everything processed so far is committed first; a commit that
    // fails here means the next owner redoes that work (at-least-once). With --exactly-once,
    // lost partitions (this member was dropped from the group) are not ours to commit: the
    // transaction is aborted, and an error that must stop the service waits for the loop.
    struct Revoking {
        RoleService& service;
        explicit Revoking(RoleService& s) : service(s) { service.commits_->set_revoking(true); }
        ~Revoking() {
            service.commits_->set_revoking(false);
            service.publisher_.forget_progress();
            // A partition that comes back starts its time-behind from its next record.
            service.last_timestamp_ms_.clear();
        }
    } revoking(*this);
    if (!commits_->dropped_lost_partitions()) commit(true);
}

void RoleService::commit(bool wait_for_outcomes) {
    commits_->commit(wait_for_outcomes);
}

void RoleService::publish_metrics() {
    if (!metrics_) return;
    core::metrics::RoleSnapshot snapshot;
    snapshot.processed = processed_;
    snapshot.outcomes = outcomes_;
    snapshot.dead_lettered = dead_lettered_;
    snapshot.handler_failures = handler_.failures();
    snapshot.commits = commits_->commits();
    snapshot.rebalances = loop_->consumer().rebalances();
    snapshot.transactions_aborted = commits_->aborted();
    snapshot.lag = loop_->consumer().cached_lag(input_topic_);
    snapshot.time_behind = time_behind(snapshot.lag);
    snapshot.commit_seconds = commit_seconds_;
    snapshot.handler_seconds = handler_.seconds();
    snapshot.order_latency = publisher_.latency_histogram();
    metrics_->publish(snapshot);
}

std::map<int32_t, double> RoleService::time_behind(const std::map<int32_t, int64_t>& lag) const {
    // Records wait behind the last one processed: the group is as far behind as that record's
    // age. Nothing waits: not behind at all, however old the last record is.
    const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    std::map<int32_t, double> behind;
    for (const auto& [partition, records] : lag) {
        auto last = last_timestamp_ms_.find(partition);
        behind[partition] = records > 0 && last != last_timestamp_ms_.end()
                                ? std::max<int64_t>(0, now_ms - last->second) / 1000.0
                                : 0.0;
    }
    return behind;
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
        loop_->run(*this);
        commit(true);
        loop_->rethrow_stop_error();
        // The last transaction was aborted: its records are still to be processed.
        if (!commits_->take_redo() || cli::interrupted() || publisher_.failed()) break;
    }
    publish_metrics();
    write_outcomes();
    loop_->close();
    if (reader_gone_)
        cli::print_note("the reader of standard output went away: the service stopped there");
    print_summary(publisher_.failed() ? publisher_.failure() : std::string());
    if (publisher_.failed())
        throw Error(ErrorKind::Failure, publisher_.failure() + "; nothing after it was committed");
    return cli::interrupted() ? cli::kExitInterrupted : cli::kExitOk;
}

void RoleService::write_outcomes() {
    if (!reader_gone_ && !out_.empty()) {
        if (std::fwrite(out_.data(), 1, out_.size(), stdout) != out_.size() ||
            std::fflush(stdout) != 0)
            reader_gone_ = true;
    }
    out_.clear();
}

void RoleService::start() {
    auto partitions = loop_->partitions();
    if (options_.until == "end") {
        loop_->stop_at_end(partitions);
    } else if (!options_.until.empty()) {
        throw Error(ErrorKind::Usage, "role services take --until end");
    }
    cli::install_interrupt_handlers();
    std::signal(SIGPIPE, SIG_IGN);  // a closed stdout is seen by write_outcomes, as in run.cpp
    if (!options_.metrics.empty()) {
        handler_.time_builtin(true);
        metrics_ = std::make_unique<core::metrics::RoleMetrics>(core::role_name(role_), group_,
                                                                input_topic_);
        auto* metrics = metrics_.get();
        metrics_server_ = std::make_unique<core::metrics::MetricsServer>(
            options_.metrics, [metrics] { return metrics->render(); });
        publish_metrics();
        cli::print_note("metrics at " + metrics_server_->url());
    }
    commits_->start();
    loop_->subscribe(*this);
}

void RoleService::print_summary(const std::string& error) {
    summary_printed_ = true;
    RoleSummary summary;
    summary.role = core::role_name(role_);
    summary.group = group_;
    summary.input_topic = input_topic_;
    summary.output_topic = output_topic_;
    summary.dlq_topic = dlq_topic_;
    summary.processed = processed_;
    summary.outcomes = outcomes_;
    summary.dead_lettered = dead_lettered_;
    if (handler_.external()) {
        summary.handler_failures = handler_.failures();
        summary.handler_starts = handler_.starts();
    }
    summary.commits = commits_->commits();
    summary.rebalances = loop_->consumer().rebalances();
    if (options_.exactly_once) summary.transactions_aborted = commits_->aborted();
    summary.commits_detail = commits_->summary();
    summary.committed = commits_->committed_next();
    summary.interrupted = cli::interrupted();
    summary.uncommitted_outcomes = publisher_.in_flight();
    summary.error = error;
    if (const auto& latency = publisher_.latency(); latency.count() > 0)
        summary.order_latency_ms =
            RoleSummary::Latency{latency.count(), latency.percentile(0.50) * 1000,
                                 latency.percentile(0.99) * 1000, latency.max() * 1000};
    print_role_summary(context_.output_format(), summary);
}

Error RoleService::stopped_by(const Error& error) {
    write_outcomes();  // what -o jsonl holds back is shown on this path too
    if (!summary_printed_) print_summary(error.what());
    return Error(error.kind(),
                 std::string(error.what()) + commits_->uncommitted_account() + committed_account(),
                 error.hint());
}

std::string RoleService::committed_account() const {
    const auto& committed = commits_->committed_next();
    if (committed.empty()) return "; nothing was committed by this instance";
    std::string out = "; committed: " + input_topic_ + " up to";
    size_t shown = 0;
    for (const auto& [partition, next] : committed) {
        if (++shown > 8) {
            out += " and " + std::to_string(committed.size() - 8) + " more partition(s)";
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
