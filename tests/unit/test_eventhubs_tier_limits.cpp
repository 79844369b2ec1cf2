// Tier limits: a request within the tier passes; each limit broken is refused, naming it.
#include <doctest/doctest.h>

#include <string>

#include "core/error.h"
#include "core/eventhubs/tier_limits.h"

using namespace orderctl::core;
using namespace orderctl::core::eventhubs;

namespace {

std::string refusal(const SetupRequest& request) {
    try {
        check_tier_limits(request);
    } catch (const Error& error) {
        CHECK(error.kind() == ErrorKind::Usage);
        return error.what();
    }
    return "";
}

SetupRequest on(Tier tier, int partitions, int hours, int64_t bytes = 1000000) {
    SetupRequest request;
    request.tier = tier;
    request.partitions = partitions;
    request.retention_hours = hours;
    request.max_message_bytes = bytes;
    return request;
}

}  // namespace

TEST_CASE("tier names parse in any case; others are refused") {
    CHECK(parse_tier("standard") == Tier::Standard);
    CHECK(parse_tier("PREMIUM") == Tier::Premium);
    CHECK(parse_tier("Dedicated") == Tier::Dedicated);
    CHECK_THROWS_AS(parse_tier("Gold"), Error);
}

TEST_CASE("requests at each tier's limits pass") {
    CHECK(refusal(on(Tier::Standard, 32, 168)) == "");
    CHECK(refusal(on(Tier::Standard, 1, 1, 1046527)) == "");
    CHECK(refusal(on(Tier::Premium, 100, 2160)) == "");
    CHECK(refusal(on(Tier::Dedicated, 1024, 2160)) == "");
}

TEST_CASE("Basic has no Kafka endpoint, whatever the request") {
    CHECK(refusal(on(Tier::Basic, 1, 1)) == "the Basic tier has no Kafka endpoint");
}

TEST_CASE("partitions over the tier's limit are refused with the limit") {
    CHECK(refusal(on(Tier::Standard, 33, 168)) ==
          "--partitions 33: an event hub on the Standard tier has at most 32 partitions");
    CHECK(refusal(on(Tier::Premium, 101, 168)) ==
          "--partitions 101: an event hub on the Premium tier has at most 100 partitions");
    CHECK(refusal(on(Tier::Dedicated, 1025, 168)) ==
          "--partitions 1025: an event hub on the Dedicated tier has at most 1024 partitions");
    CHECK(refusal(on(Tier::Standard, 0, 168)) == "--partitions 0: at least 1");
}

TEST_CASE("retention over the tier's limit is refused with the limit in hours and days") {
    CHECK(refusal(on(Tier::Standard, 4, 169)) ==
          "--retention-hours 169: the Standard tier keeps events at most 168 hours (7 days)");
    CHECK(refusal(on(Tier::Premium, 4, 2161)) ==
          "--retention-hours 2161: the Premium tier keeps events at most 2160 hours (90 days)");
    CHECK(refusal(on(Tier::Standard, 4, 0)) == "--retention-hours 0: at least 1");
}

TEST_CASE("message size at or over the service's request limit is refused") {
    CHECK(refusal(on(Tier::Standard, 4, 168, 1046528)) ==
          "--max-message-bytes 1046528: the Standard tier accepts requests under 1046528 bytes "
          "and closes the connection beyond");
}
