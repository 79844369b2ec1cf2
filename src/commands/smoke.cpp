#include "commands/smoke.h"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <random>
#include <set>

#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "cli/number_checks.h"
#include "cli/output.h"
#include "cli/signals.h"
#include "core/error.h"
#include "core/kafka/admin.h"
#include "core/kafka/consumer.h"
#include "core/kafka/defaults.h"
#include "core/kafka/library.h"
#include "core/kafka/message.h"
#include "core/kafka/producer.h"

namespace orderctl::commands {
namespace {

using Clock = std::chrono::steady_clock;
using core::Error;
using core::ErrorKind;

struct SmokeOptions {
    std::string topic = "orderctl-smoke";
    bool create = false;
    int count = 1;
};

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double rounded(double ms) {
    return static_cast<double>(static_cast<int64_t>(ms * 100)) / 100;
}

// A marker no other run shares: random bits, the pid and the time.
std::string unique_id() {
    std::random_device random;
    char text[64];
    std::snprintf(text, sizeof text, "%08x%08x-%d-%lld", random(), random(),
                  static_cast<int>(::getpid()),
                  static_cast<long long>(
                      std::chrono::system_clock::now().time_since_epoch().count() / 1000000));
    return text;
}

class Smoke {
  public:
    Smoke(cli::Context& context, const SmokeOptions& options)
        : context_(context), options_(options), id_(unique_id()) {}
    int run();

  private:
    cli::Context& context_;
    const SmokeOptions& options_;
    std::string id_;
    cli::Json steps_ = cli::Json::array();
    cli::Table table_{{"step", "status", "ms", "detail"}, {}};
    int32_t partition_ = -1;
    std::vector<int64_t> offsets_;
    double latency_ms_ = -1;

    // Runs one named step; on failure reports it, prints the result and rethrows.
    template <typename Step>
    void step(const std::string& name, Step&& body);
    void finish_output(bool ok) const;

    void connect(core::kafka::Admin& admin);
    void produce(Clock::time_point& started);
    void consume(Clock::time_point started);
};

template <typename Step>
void Smoke::step(const std::string& name, Step&& body) {
    const auto start = Clock::now();
    try {
        std::string detail = body();
        const double ms = rounded(ms_since(start));
        steps_.push_back({{"step", name}, {"ok", true}, {"duration_ms", ms}, {"detail", detail}});
        table_.rows.push_back({name, "ok", cli::cell_text(ms), detail});
    } catch (const Error& error) {
        const double ms = rounded(ms_since(start));
        steps_.push_back(
            {{"step", name}, {"ok", false}, {"duration_ms", ms}, {"error", error.what()}});
        table_.rows.push_back({name, "FAILED", cli::cell_text(ms), error.what()});
        finish_output(false);
        throw Error(error.kind(), "smoke: step '" + name + "' failed: " + error.what(),
                    error.hint());
    }
}

void Smoke::finish_output(bool ok) const {
    const auto& profile = context_.profile();
    cli::Json data = {{"ok", ok},
                      {"topic", options_.topic},
                      {"bootstrap_servers", profile.get("bootstrap-servers")},
                      {"id", id_},
                      {"count", options_.count},
                      {"partition", partition_ < 0 ? cli::Json() : cli::Json(partition_)},
                      {"offsets", offsets_},
                      {"latency_ms", latency_ms_ < 0 ? cli::Json() : cli::Json(latency_ms_)},
                      {"steps", steps_}};
    cli::Table table = table_;
    if (latency_ms_ >= 0)
        table.rows.push_back({"round trip", "ok", cli::cell_text(latency_ms_),
                              std::to_string(options_.count) + " record(s), produce to read back"});
    cli::print_result(context_.output_format(), data, table);
}

void Smoke::connect(core::kafka::Admin& admin) {
    step("connect", [&] {
        const auto brokers = admin.brokers();
        return std::to_string(brokers.size()) + " broker(s) at " + admin.bootstrap_servers();
    });
    step("topic", [&]() -> std::string {
        if (auto info = admin.topic(options_.topic))
            return "exists, " + std::to_string(info->partitions.size()) + " partition(s)";
        if (!options_.create)
            throw Error(ErrorKind::Failure, "topic '" + options_.topic + "' does not exist",
                        "add --create to create it, or choose one with --topic");
        const auto& profile = context_.profile();
        core::kafka::NewTopicSpec spec{
            options_.topic, 1, profile.get_int("topics.replication-factor"), {}};
        const auto results = admin.create_topics({spec}, false);
        for (const auto& result : results)
            if (!result.ok() && core::kafka::error_name(result.code) != "TOPIC_ALREADY_EXISTS")
                throw Error(ErrorKind::Failure,
                            "cannot create topic '" + options_.topic + "': " + result.message);
        if (!admin.await_topics({{options_.topic, 1}}))
            throw Error(ErrorKind::Failure,
                        "topic '" + options_.topic + "' was created but is not visible yet");
        return "created, 1 partition, replication factor " +
               std::to_string(spec.replication_factor);
    });
}

void Smoke::produce(Clock::time_point& started) {
    step("produce", [&]() -> std::string {
        std::string failure;
        int acknowledged = 0;
        core::kafka::Producer producer(
            core::kafka::defaults_then({{"enable.idempotence", "true"},
                                        {"acks", "all"},
                                        {"linger.ms", "0"},
                                        {"partitioner", "murmur2_random"}},
                                       "orderctl smoke default",
                                       context_.profile().librdkafka_properties()),
            context_.client_options(), [&](const core::kafka::Delivery& delivery) {
                if (!delivery.persisted) {
                    if (failure.empty()) failure = delivery.error_text;
                    return;
                }
                ++acknowledged;
                partition_ = delivery.partition;
                offsets_.push_back(delivery.offset);
            });
        // One key for every record: they share a partition, so one assignment reads them all.
        const std::string key = "orderctl-smoke-" + id_;
        const std::vector<core::kafka::Header> headers = {{"orderctl-smoke-id", id_}};
        started = Clock::now();
        for (int seq = 0; seq < options_.count; ++seq) {
            const std::string value = cli::Json({{"smoke_id", id_}, {"seq", seq}}).dump();
            core::kafka::Record record;
            record.topic = options_.topic;
            record.key = key;
            record.value = value;
            record.headers = &headers;
            if (int refused = producer.send(record, static_cast<uint64_t>(seq) + 1))
                throw Error(ErrorKind::Failure, std::string("the record was refused: ") +
                                                    core::kafka::error_text(refused));
        }
        const auto timeout_ms = static_cast<int>(context_.client_options().timeout.count());
        const bool flushed = producer.flush(timeout_ms);
        if (!failure.empty()) throw Error(ErrorKind::Failure, failure);
        if (!flushed || acknowledged < options_.count) {
            producer.client().check_connection();
            throw producer.client().timeout_error("the acknowledgement of the smoke record");
        }
        std::sort(offsets_.begin(), offsets_.end());
        return std::to_string(acknowledged) + " acknowledged, partition " +
               std::to_string(partition_) + ", offset " + std::to_string(offsets_.front());
    });
}

void Smoke::consume(Clock::time_point started) {
    step("consume", [&]() -> std::string {
        core::kafka::Consumer consumer(
            core::kafka::defaults_then({{"group.id", "orderctl-smoke"},
                                        {"enable.auto.commit", "false"},
                                        {"enable.partition.eof", "false"},
                                        {"isolation.level", "read_uncommitted"}},
                                       "orderctl smoke default",
                                       context_.profile().librdkafka_properties()),
            context_.client_options());
        consumer.assign(options_.topic, {{partition_, offsets_.front()}});
        std::set<int64_t> expected(offsets_.begin(), offsets_.end());
        const auto deadline = Clock::now() + context_.client_options().timeout;
        while (!expected.empty()) {
            if (cli::interrupted()) throw Error(ErrorKind::Interrupted, "interrupted");
            if (Clock::now() > deadline) {
                consumer.client().check_connection();
                throw Error(ErrorKind::Unreachable,
                            std::to_string(expected.size()) +
                                " smoke record(s) not read back within --timeout",
                            "a longer --timeout, or check the topic's leader");
            }
            auto polled = consumer.poll(50);
            if (!polled) continue;
            const core::kafka::Message message(polled.get());
            if (message.error_code()) {
                if (message.error_code() == core::kafka::errc::kPartitionEof) continue;
                throw Error(ErrorKind::Failure, message.error());
            }
            // The marker must be ours: same offset, and the id in the header.
            if (message.last_header("orderctl-smoke-id") == id_) expected.erase(message.offset());
        }
        latency_ms_ = rounded(ms_since(started));
        consumer.close();
        return std::to_string(offsets_.size()) + " read back from partition " +
               std::to_string(partition_);
    });
}

int Smoke::run() {
    cli::install_interrupt_handlers();
    core::kafka::Admin admin(context_.profile().librdkafka_properties(), context_.client_options());
    connect(admin);
    Clock::time_point started;
    produce(started);
    consume(started);
    finish_output(true);
    return cli::kExitOk;
}

}  // namespace

void setup_smoke(CLI::App& command, cli::Context& context, cli::Action& action) {
    auto options = std::make_shared<SmokeOptions>();
    command.add_option("-t,--topic", options->topic,
                       "Topic for the canary (default: orderctl-smoke)");
    command.add_flag("--create", options->create,
                     "Create the topic (1 partition) when it does not exist");
    command.add_option("--count", options->count, "Records to send and read back (default: 1)")
        ->transform(cli::whole_number(1, 10000));
    command.callback([&context, &action, options] {
        action = [&context, options] {
            Smoke smoke(context, *options);
            return smoke.run();
        };
    });
}

}  // namespace orderctl::commands
