// What a produce run sends to and with: topics, record headers, librdkafka settings.
#include "commands/produce/settings.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <utility>

#include "core/error.h"
#include "core/kafka/defaults.h"

namespace orderctl::commands {

namespace {

// 8 MiB, or twice message.max.bytes where the profile (or -X) raises it above 4 MiB: a record
// that can never fit the queue would wait out --flush-timeout and be refused as queue-full.
long long queue_kbytes(const core::ResolvedProfile& profile) {
    long long largest = 1000000;  // librdkafka's message.max.bytes
    for (const auto& setting : profile.librdkafka_properties())
        if (setting.key == "message.max.bytes")  // not a number: librdkafka refuses it itself
            largest = std::strtoll(setting.value.c_str(), nullptr, 10);
    return std::max(8192LL, 2 * largest / 1024 + 1);
}

const char* kContentType = "application/json";
const char* kSchemaVersion = "1";
}  // namespace

ProduceTarget produce_target(const core::ResolvedProfile& profile, const ProduceOptions& options) {
    ProduceTarget target;
    target.topic = options.topic.empty() ? profile.orders_topic() : options.topic;
    target.dlq_topic = options.dlq_topic.empty() ? target.topic + ".dlq" : options.dlq_topic;
    target.headers = {{"content-type", kContentType}, {"order-schema-version", kSchemaVersion}};
    for (const auto& header : options.headers) {
        auto equals = header.find('=');
        if (equals == std::string::npos || equals == 0)
            throw core::Error(core::ErrorKind::Usage, "-H expects key=value, got '" + header + "'");
        target.headers.emplace_back(header.substr(0, equals), header.substr(equals + 1));
    }
    return target;
}

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
        // Bounded memory: 8 MiB queued at most. 2M orders from a file: peak RSS 67-120 MB with
        // 64 MiB, 48-50 MB with 8, and the wall time no longer (median of 5: 6.3 s and 5.8 s).
        // A profile that allows records over 4 MiB gets room for two of the largest.
        {"queue.buffering.max.kbytes", std::to_string(queue_kbytes(profile))},
        {"allow.auto.create.topics", "false"},  // a typo must not create a topic
    };
    if (transactional) {
        defaults.emplace_back(
            "transactional.id",
            "orderctl-produce-" + std::to_string(::getpid()) + "-" +
                std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
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

}  // namespace orderctl::commands
