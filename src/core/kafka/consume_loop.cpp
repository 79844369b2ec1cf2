#include "core/kafka/consume_loop.h"

#include "core/kafka/defaults.h"
#include "core/kafka/sign_in.h"

namespace orderctl::core::kafka {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kGroupCheckTick = std::chrono::seconds(1);
constexpr auto kFetchWakeTick = std::chrono::milliseconds(1);

std::vector<Setting> consumer_properties(const ConsumeLoopSettings& settings) {
    std::vector<std::pair<std::string, std::string>> defaults = {
        // librdkafka 2.0.2 wants a group.id even to assign partitions; without a group nothing
        // is ever committed under it, and explicit start offsets mean it is never asked either.
        {"group.id", settings.group.empty() ? "orderctl-reader" : settings.group},
        {"enable.auto.commit", "false"},        // commits happen after records are processed
        {"enable.auto.offset.store", "false"},  // only processed records are stored
        {"enable.partition.eof", "true"},       // how --until end knows a partition is done
        {"auto.offset.reset", settings.from_latest ? "latest" : "earliest"},
        kConsumerFetchAhead,
    };
    defaults.insert(defaults.end(), settings.extra_defaults.begin(), settings.extra_defaults.end());
    return defaults_then(defaults, settings.origin, settings.user);
}

}  // namespace

ConsumeLoop::ConsumeLoop(ConsumeLoopSettings settings)
    : settings_(std::move(settings)),
      consumer_(std::make_unique<Consumer>(consumer_properties(settings_), settings_.client)) {}

void ConsumeLoop::shutdown() {
    revoke_enabled_ = false;
    consumer_.reset();
}

void ConsumeLoop::stop_at_end(const std::vector<int32_t>& partitions) {
    stops_.set(consumer_->end_offsets(settings_.topic, partitions));
}

void ConsumeLoop::subscribe(Worker& worker) {
    consumer_->subscribe(settings_.topic, [this, &worker] {
        // Inside librdkafka's C code: no exception may leave this callback.
        if (!revoke_enabled_) return;
        try {
            worker.revoked();
        } catch (const Error& error) {
            if (worker.revoke_failure_stops())
                stop_error_ = error;
            else
                worker.warn(std::string("on revocation: ") + error.what());
        } catch (const std::exception& error) {
            worker.warn(std::string("on revocation: ") + error.what());
        }
    });
}

void ConsumeLoop::assign(const std::vector<PartitionStart>& starts) {
    consumer_->assign(settings_.topic, starts);
}

void ConsumeLoop::reached_by_group() {
    if (!stops_.active()) return;
    for (const auto& [partition, next] :
         consumer_->committed(settings_.topic, stops_.unfinished(), 2000))
        stops_.reached(partition, next);
}

void ConsumeLoop::commit_tick(Worker& worker) {
    // A commit that fails while a broker is away is retried at the next tick: the offsets stay
    // stored, and only processed ones are ever committed.
    try {
        worker.commit_tick();
    } catch (const Error& error) {
        if (worker.tick_failure_stops()) throw;
        if (error.what() != last_commit_warning_)
            worker.warn(std::string(error.what()) + " (retrying)");
        last_commit_warning_ = error.what();
    }
}

void ConsumeLoop::rethrow_stop_error() {
    if (stop_error_) throw *stop_error_;
}

void ConsumeLoop::run(Worker& worker) {
    auto now = Clock::now();
    auto last_record = now, last_commit = now, last_group_check = now, last_wake = now;
    const auto idle = std::chrono::duration<double>(settings_.idle_timeout);
    while (!(settings_.interrupted && settings_.interrupted()) && !stops_.all_done() &&
           !stop_error_) {
        if (!worker.proceed()) break;
        // The fetch-ahead bound (kConsumerFetchAhead) holds partitions back while the queue is
        // full; a wake at most every millisecond resumes them as soon as it is read down. `now`
        // is the time of the previous poll, older by one record's processing.
        if (now - last_wake >= kFetchWakeTick) {
            consumer_->wake_fetchers();
            last_wake = now;
        }
        auto message = consumer_->poll(100);
        worker.after_poll();
        now = Clock::now();
        if (now - last_commit > kCommitTick) {
            // A service that can no longer sign in ends (exit 5), not retries forever.
            check_sign_in(consumer_->client());
            commit_tick(worker);
            worker.after_tick();
            last_commit = now;
        }
        if (!message) {
            worker.idle();
            if (grouped() && now - last_group_check > kGroupCheckTick) {
                reached_by_group();
                last_group_check = now;
            }
            if (settings_.idle_timeout > 0 && now - last_record > idle) break;
            continue;
        }
        if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            stops_.reached(message->partition, message->offset);
            continue;
        }
        if (message->err) {
            worker.warn(std::string("consume: ") + rd_kafka_message_errstr(message.get()));
            continue;
        }
        last_record = now;
        // Past the end taken at start: neither processed nor committed.
        if (stops_.past(message->partition, message->offset)) continue;
        stops_.reached(message->partition, message->offset + 1);
        worker.process(Message(message.get()));
    }
    rethrow_stop_error();
}

}  // namespace orderctl::core::kafka
