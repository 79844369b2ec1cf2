#include "core/eventhubs/tier_limits.h"

#include "core/ascii.h"
#include "core/error.h"

namespace orderctl::core::eventhubs {
namespace {

// "Under 1,046,528 bytes per request": beyond it the service closes the connection.
constexpr int64_t kLargestRequest = 1046528;

const std::vector<TierLimits> kLimits = {
    {Tier::Basic, "Basic", false, 32, 24, 256 * 1024, "10"},
    {Tier::Standard, "Standard", true, 32, 7 * 24, kLargestRequest, "10"},
    {Tier::Premium, "Premium", true, 100, 90 * 24, kLargestRequest, "100 per processing unit"},
    {Tier::Dedicated, "Dedicated", true, 1024, 90 * 24, kLargestRequest, "1000"},
};

[[noreturn]] void over_limit(const std::string& what, const std::string& hint) {
    throw Error(ErrorKind::Usage, what, hint);
}

}  // namespace

const std::vector<std::string>& tier_names() {
    static const std::vector<std::string> names = {"Basic", "Standard", "Premium", "Dedicated"};
    return names;
}

Tier parse_tier(const std::string& name) {
    const std::string lowered = ascii_lower(name);
    for (const auto& limits : kLimits)
        if (ascii_lower(limits.name) == lowered) return limits.tier;
    throw Error(ErrorKind::Usage, "--tier: unknown tier '" + name + "'",
                "one of Basic, Standard, Premium, Dedicated");
}

const TierLimits& limits_of(Tier tier) {
    return kLimits[static_cast<size_t>(tier)];
}

void check_tier_limits(const SetupRequest& request) {
    const TierLimits& limits = limits_of(request.tier);
    const std::string tier = limits.name;
    if (!limits.kafka_endpoint)
        over_limit("the Basic tier has no Kafka endpoint",
                   "use a Standard, Premium or Dedicated namespace (az eventhubs namespace update "
                   "--sku Standard, or --emit az for a new one)");
    if (request.partitions < 1)
        over_limit("--partitions " + std::to_string(request.partitions) + ": at least 1", "");
    if (request.partitions > limits.max_partitions)
        over_limit("--partitions " + std::to_string(request.partitions) + ": an event hub on the " +
                       tier + " tier has at most " + std::to_string(limits.max_partitions) +
                       " partitions",
                   request.tier == Tier::Standard ? "Premium allows 100 and Dedicated 1024 (--tier)"
                                                  : "choose fewer partitions");
    if (request.retention_hours < 1)
        over_limit("--retention-hours " + std::to_string(request.retention_hours) + ": at least 1",
                   "");
    if (request.retention_hours > limits.max_retention_hours)
        over_limit("--retention-hours " + std::to_string(request.retention_hours) + ": the " +
                       tier + " tier keeps events at most " +
                       std::to_string(limits.max_retention_hours) + " hours (" +
                       std::to_string(limits.max_retention_hours / 24) + " days)",
                   request.tier == Tier::Standard ? "Premium and Dedicated keep up to 90 days"
                                                  : "choose a shorter retention");
    if (request.max_message_bytes < 1)
        over_limit(
            "--max-message-bytes " + std::to_string(request.max_message_bytes) + ": at least 1",
            "");
    if (request.max_message_bytes >= limits.max_request_bytes)
        over_limit("--max-message-bytes " + std::to_string(request.max_message_bytes) + ": the " +
                       tier + " tier accepts requests under " +
                       std::to_string(limits.max_request_bytes) +
                       " bytes and closes the connection beyond",
                   "keep message.max.bytes at librdkafka's 1000000 or below");
}

}  // namespace orderctl::core::eventhubs
