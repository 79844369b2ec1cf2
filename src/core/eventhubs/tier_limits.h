// The limits of each Event Hubs tier that a setup request can break, from Microsoft's quotas
// table: checking them before anything is written or created turns a late, vague service error
// into an exit-2 message that names the limit.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace orderctl::core::eventhubs {

enum class Tier { Basic, Standard, Premium, Dedicated };

struct TierLimits {
    Tier tier;
    const char* name;
    bool kafka_endpoint;
    int max_partitions;         // per event hub
    int max_retention_hours;    // 1 day on Basic, 7 on Standard, 90 on Premium and Dedicated
    int64_t max_request_bytes;  // the largest event or batch the service accepts
    const char* hubs_per_namespace;
};

// The names --tier accepts, in tier order.
const std::vector<std::string>& tier_names();
// Case-insensitive; Error(Usage) listing the tiers for anything else.
Tier parse_tier(const std::string& name);
const TierLimits& limits_of(Tier tier);

struct SetupRequest {
    Tier tier = Tier::Standard;
    int partitions = 4;
    int retention_hours = 168;
    int64_t max_message_bytes = 1000000;  // librdkafka's message.max.bytes default
};

// Throws Error(Usage) at the first limit the request breaks, naming the limit and the tier.
void check_tier_limits(const SetupRequest& request);

}  // namespace orderctl::core::eventhubs
