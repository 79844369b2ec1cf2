#include "core/eventhubs/tier_features.h"

#include "core/ascii.h"
#include "core/error.h"
#include "core/profile/security.h"

namespace orderctl::core::eventhubs {
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The first host of a bootstrap list, without its port.
std::string first_host(const std::string& bootstrap) {
    std::string host = bootstrap.substr(0, bootstrap.find(','));
    const auto colon = host.rfind(':');
    if (colon != std::string::npos) host.resize(colon);
    return ascii_lower(host);
}

std::string tier_text(const ResolvedProfile& profile) {
    return profile.get(kTierKey);
}

}  // namespace

bool is_eventhubs_profile(const ResolvedProfile& profile) {
    if (!tier_text(profile).empty()) return true;
    const std::string host = first_host(profile.get("bootstrap-servers"));
    for (const char* domain : {".servicebus.windows.net", ".servicebus.usgovcloudapi.net",
                               ".servicebus.chinacloudapi.cn"})
        if (ends_with(host, domain)) return true;
    return false;
}

std::optional<Tier> profile_tier(const ResolvedProfile& profile) {
    const std::string wanted = ascii_lower(tier_text(profile));
    const auto& names = tier_names();
    for (size_t i = 0; i < names.size(); ++i)
        if (ascii_lower(names[i]) == wanted) return static_cast<Tier>(i);
    return std::nullopt;
}

bool allows_transactions(Tier tier) {
    return tier == Tier::Premium || tier == Tier::Dedicated;
}

bool allows_compression(Tier tier, const std::string& codec) {
    const std::string name = ascii_lower(codec);
    if (name.empty() || name == "none") return true;
    return name == "gzip" && (tier == Tier::Premium || tier == Tier::Dedicated);
}

void check_transactions_allowed(const ResolvedProfile& profile, const std::string& what) {
    if (!is_eventhubs_profile(profile)) return;
    const auto tier = profile_tier(profile);
    if (!tier) {
        warn_once(what + ": the profile '" + profile.name +
                  "' is an Event Hubs namespace of unknown tier (" + kTierKey +
                  " unset or unknown): transactions exist on Premium and Dedicated only");
        return;
    }
    if (allows_transactions(*tier)) return;
    throw Error(ErrorKind::Config,
                what + ": the profile '" + profile.name + "' is an Event Hubs namespace of the " +
                    limits_of(*tier).name + " tier, which has no Kafka transactions",
                "transactions exist on the Premium and Dedicated tiers only: use such a "
                "namespace (and set " +
                    std::string(kTierKey) + " in its profile), or run without it (at-least-once)");
}

std::string profile_compression(const ResolvedProfile& profile) {
    std::string codec = "none";
    // In precedence order: the last one set wins, as in librdkafka.
    for (const auto& setting : profile.librdkafka_properties())
        if (setting.key == "compression.codec" || setting.key == "compression.type")
            codec = setting.value;
    return codec;
}

void check_compression_allowed(const ResolvedProfile& profile) {
    const auto tier = profile_tier(profile);
    if (!tier) return;
    const std::string codec = profile_compression(profile);
    if (allows_compression(*tier, codec)) return;
    throw Error(ErrorKind::Config,
                "compression.codec=" + codec + ": the Event Hubs " + limits_of(*tier).name +
                    " tier rejects it (the service answers \"message format version on the "
                    "broker does not support the request\")",
                *tier == Tier::Standard || *tier == Tier::Basic
                    ? "set compression.codec=none: Standard accepts no compression"
                    : "set compression.codec=none or gzip: Premium and Dedicated accept only gzip");
}

}  // namespace orderctl::core::eventhubs
