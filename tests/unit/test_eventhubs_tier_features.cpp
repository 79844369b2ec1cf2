// What each Event Hubs tier lets a client use: transactions, compression, the commit cadence.
#include <doctest/doctest.h>

#include <string>

#include "core/error.h"
#include "core/eventhubs/tier_features.h"
#include "core/kafka/consume_loop.h"
#include "test_profile_fixture.h"

using namespace orderctl::core;
using namespace orderctl::core::eventhubs;
using profile_test::resolve_file;
using profile_test::TempDir;

namespace {

// A resolved profile "eh" with the given bootstrap, tier (empty: none) and codec (empty: none).
ResolvedProfile eventhubs_profile(const TempDir& dir, const std::string& bootstrap,
                                  const std::string& tier, const std::string& codec = "") {
    std::string text = "profiles:\n  eh:\n    bootstrap-servers: " + bootstrap + "\n";
    if (!tier.empty()) text += "    eventhubs:\n      tier: " + tier + "\n";
    if (!codec.empty()) text += "    librdkafka:\n      compression.codec: " + codec + "\n";
    text += "current-profile: eh\n";
    return resolve_file(dir.write("p.yaml", text));
}

std::string config_refusal(const std::function<void()>& call) {
    try {
        call();
    } catch (const Error& error) {
        CHECK(error.kind() == ErrorKind::Config);
        return std::string(error.what()) + " | " + error.hint();
    }
    return "";
}

}  // namespace

TEST_CASE("transactions exist on Premium and Dedicated only") {
    CHECK_FALSE(allows_transactions(Tier::Basic));
    CHECK_FALSE(allows_transactions(Tier::Standard));
    CHECK(allows_transactions(Tier::Premium));
    CHECK(allows_transactions(Tier::Dedicated));
}

TEST_CASE("compression: none everywhere, gzip on Premium and Dedicated, nothing else") {
    for (Tier tier : {Tier::Standard, Tier::Premium, Tier::Dedicated}) {
        CHECK(allows_compression(tier, "none"));
        CHECK(allows_compression(tier, ""));
        for (const char* codec : {"snappy", "lz4", "zstd"})
            CHECK_FALSE(allows_compression(tier, codec));
    }
    CHECK_FALSE(allows_compression(Tier::Standard, "gzip"));
    CHECK(allows_compression(Tier::Premium, "GZIP"));
    CHECK(allows_compression(Tier::Dedicated, "gzip"));
}

TEST_CASE("an Event Hubs profile is known by its tier key or its domain") {
    TempDir dir;
    CHECK(is_eventhubs_profile(eventhubs_profile(dir, "ns.servicebus.windows.net:9093", "")));
    CHECK(is_eventhubs_profile(eventhubs_profile(dir, "ns.servicebus.usgovcloudapi.net:9093", "")));
    CHECK(is_eventhubs_profile(eventhubs_profile(dir, "NS.servicebus.chinacloudapi.cn:9093", "")));
    CHECK(is_eventhubs_profile(eventhubs_profile(dir, "localhost:9093", "Standard")));
    CHECK_FALSE(is_eventhubs_profile(eventhubs_profile(dir, "localhost:9092", "")));
    CHECK(profile_tier(eventhubs_profile(dir, "localhost:9093", "premium")) == Tier::Premium);
    CHECK_FALSE(profile_tier(eventhubs_profile(dir, "localhost:9093", "Gold")).has_value());
}

TEST_CASE("a transactional client on Standard is refused with the hint; Premium passes") {
    TempDir dir;
    const auto standard = eventhubs_profile(dir, "localhost:9093", "Standard");
    const std::string refused =
        config_refusal([&] { check_transactions_allowed(standard, "produce --transactional"); });
    CHECK(refused.find("produce --transactional") != std::string::npos);
    CHECK(refused.find("Standard tier, which has no Kafka transactions") != std::string::npos);
    CHECK(refused.find("Premium and Dedicated tiers only") != std::string::npos);
    CHECK(config_refusal([&] {
              check_transactions_allowed(eventhubs_profile(dir, "localhost:9093", "Premium"), "x");
          }) == "");
    // Plain Kafka, and an Event Hubs namespace of unknown tier (a warning), go on.
    CHECK(config_refusal([&] {
              check_transactions_allowed(eventhubs_profile(dir, "localhost:9092", ""), "x");
          }) == "");
    CHECK(config_refusal([&] {
              check_transactions_allowed(
                  eventhubs_profile(dir, "ns.servicebus.windows.net:9093", ""), "x");
          }) == "");
}

TEST_CASE("a codec the tier rejects is refused before connecting, naming the codec") {
    TempDir dir;
    const std::string refused = config_refusal([&] {
        check_compression_allowed(eventhubs_profile(dir, "localhost:9093", "Standard", "lz4"));
    });
    CHECK(refused.find("compression.codec=lz4") != std::string::npos);
    CHECK(refused.find("Standard") != std::string::npos);
    CHECK(config_refusal([&] {
              check_compression_allowed(
                  eventhubs_profile(dir, "localhost:9093", "Premium", "snappy"));
          }).find("only gzip") != std::string::npos);
    CHECK(config_refusal([&] {
              check_compression_allowed(
                  eventhubs_profile(dir, "localhost:9093", "Premium", "gzip"));
          }) == "");
    CHECK(config_refusal([&] {
              check_compression_allowed(eventhubs_profile(dir, "localhost:9093", "Standard"));
          }) == "");
    // No tier recorded: nothing to check against.
    CHECK(config_refusal([&] {
              check_compression_allowed(eventhubs_profile(dir, "localhost:9092", "", "zstd"));
          }) == "");
}

TEST_CASE("the role services' commit cadence stays under Event Hubs' commit throttle") {
    using namespace std::chrono;
    // One commit per partition per tick: ticks per second must stay below the throttle.
    CHECK(duration_cast<milliseconds>(seconds(1)).count() /
              duration_cast<milliseconds>(orderctl::core::kafka::kCommitTick).count() <
          kCommitsPerSecondPerPartition);
}
