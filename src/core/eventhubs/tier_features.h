// What each Event Hubs tier lets a Kafka client use, checked from the profile before a client
// connects: a Standard namespace answers a transactional producer or a compressed batch only
// after the connection, with errors that do not name the tier ("type code 1 is only supported in
// Premium or Dedicated sku", "message format version on the broker does not support the
// request"). Sources: Microsoft's "Apache Kafka feature support in Event Hubs" and "Event Hubs
// quotas and limits" pages (facts in docs/... and the eventhubs-setup man page).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/eventhubs/tier_limits.h"
#include "core/profile/profile.h"

namespace orderctl::core::eventhubs {

// The profile key eventhubs-setup records the namespace's tier under.
inline constexpr const char* kTierKey = "eventhubs.tier";

// Offset commits are throttled to about 4 per second per partition.
inline constexpr int kCommitsPerSecondPerPartition = 4;

// True for a profile that talks to Event Hubs: it records a tier, or its bootstrap host lies in
// an Event Hubs domain (servicebus.windows.net and the other Azure clouds' domains).
bool is_eventhubs_profile(const ResolvedProfile& profile);

// The tier the profile records; nullopt when it records none, or one orderctl does not know.
std::optional<Tier> profile_tier(const ResolvedProfile& profile);

// Transactions exist on Premium and Dedicated only.
bool allows_transactions(Tier tier);

// The compression.codec value the tier rejects, or nullopt when it accepts it: none on every
// tier; gzip on Premium and Dedicated only; snappy, lz4 and zstd nowhere.
bool allows_compression(Tier tier, const std::string& codec);

// Before a transactional client connects: Error(Config) on a Basic or Standard profile; on an
// Event Hubs profile whose tier is unknown, warns and goes on. `what` names the flag
// ("produce --transactional").
void check_transactions_allowed(const ResolvedProfile& profile, const std::string& what);

// The effective compression codec (compression.codec or its alias compression.type) of the
// librdkafka properties the profile gives, "none" when unset.
std::string profile_compression(const ResolvedProfile& profile);

// Before a producer connects: Error(Config) when the profile's tier rejects its codec.
void check_compression_allowed(const ResolvedProfile& profile);

}  // namespace orderctl::core::eventhubs
