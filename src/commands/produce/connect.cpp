// Connects produce's producer and checks the topics before any input is read.
#include "commands/produce/connect.h"

#include <chrono>
#include <string>
#include <utility>

#include "cli/diagnostics.h"
#include "cli/signals.h"
#include "core/error.h"
#include "core/eventhubs/tier_features.h"

namespace orderctl::commands {

using core::Error;
using core::ErrorKind;

std::unique_ptr<core::kafka::Producer> connect_producer(
    cli::Context& context, const ProduceOptions& options, const ProduceTarget& target,
    core::kafka::Producer::DeliveryHandler on_delivery) {
    if (options.dry_run) return nullptr;
    // What the Event Hubs tier does not allow is refused here, before connecting.
    if (options.transactional)
        core::eventhubs::check_transactions_allowed(context.profile(), "produce --transactional");
    core::eventhubs::check_compression_allowed(context.profile());
    auto properties = producer_properties(context.profile(), options);
    auto producer = std::make_unique<core::kafka::Producer>(properties, context.client_options(),
                                                            std::move(on_delivery));
    // A full queue waits for deliveries, but not forever and not past Ctrl-C.
    producer->set_queue_wait(
        std::chrono::milliseconds(static_cast<int64_t>(options.flush_timeout * 1000)),
        [] { return cli::interrupted(); });
    // Fail fast, before reading input: the cluster is there and the topic exists. A missing
    // topic is created only where the profile (or -X) turned allow.auto.create.topics on.
    const bool may_create = producer->client().property("allow.auto.create.topics") == "true";
    for (const auto& topic : producer->topic_states(target.topic)) {
        if (!topic.exists && may_create) {
            cli::print_note("topic '" + target.topic +
                            "' does not exist: the cluster creates it with its default "
                            "partitions (allow.auto.create.topics=true)");
            continue;
        }
        if (!topic.exists)
            throw Error(ErrorKind::Failure, "topic '" + target.topic + "' does not exist",
                        "create it with 'orderctl topics create " + target.topic +
                            "' (or let produce create it: -X allow.auto.create.topics=true)");
        if (options.partition && *options.partition >= topic.partitions)
            throw Error(ErrorKind::Usage, "topic '" + target.topic + "' has " +
                                              std::to_string(topic.partitions) +
                                              " partitions; there is no partition " +
                                              std::to_string(*options.partition));
    }
    if (options.on_invalid == "dlq") {
        for (const auto& topic : producer->topic_states(target.dlq_topic))
            if (!topic.exists)
                throw Error(ErrorKind::Failure,
                            "dead-letter topic '" + target.dlq_topic + "' does not exist",
                            "create it with 'orderctl topics create " + target.dlq_topic +
                                "', or choose one with --dlq-topic");
    }
    if (options.transactional) {
        const int timeout_ms = static_cast<int>(context.client_options().timeout.count());
        producer->init_transactions(timeout_ms);
    }
    return producer;
}

}  // namespace orderctl::commands
