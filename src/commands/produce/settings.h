// What a produce run sends to and with: its topic and dead-letter topic, the headers of every
// record, and its producer's librdkafka settings.
#pragma once

#include <string>
#include <vector>

#include "commands/produce/produce.h"
#include "core/kafka/producer.h"
#include "core/profile/profile.h"

namespace orderctl::commands {

struct ProduceTarget {
    std::string topic;      // --topic, else the profile's orders topic
    std::string dlq_topic;  // --dlq-topic, else <topic>.dlq
    // content-type and order-schema-version first (kDefaultHeaders of them), then each -H.
    std::vector<core::kafka::Header> headers;
    static constexpr size_t kDefaultHeaders = 2;
};

// Throws Error(Usage) for a -H that is not key=value.
ProduceTarget produce_target(const core::ResolvedProfile& profile, const ProduceOptions& options);

// orderctl's defaults for produce (idempotent, acks=all, the Java partitioner, batching,
// bounded memory; a transactional.id under --transactional), then the profile's and -X's.
std::vector<core::Setting> producer_properties(const core::ResolvedProfile& profile,
                                               const ProduceOptions& options);

}  // namespace orderctl::commands
