// `eventhubs-setup --check`: connects with the Event Hubs profile one layer at a time (DNS, TCP,
// TLS, SASL, metadata, the event hub, a canary round trip) so that a failure names the layer and
// gets the hint that fits Event Hubs, instead of a generic "cannot reach the cluster".
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/kafka/client.h"
#include "core/profile/profile.h"

namespace orderctl::core::eventhubs {

struct CheckStep {
    // "tier", "dns", "tcp", "token" (Entra sign-in), "tls", "sasl", "metadata", "eventhub",
    // "canary"
    std::string name;
    std::string status;  // "ok", "failed", "skipped", "warning"
    std::string detail;
    long elapsed_ms = 0;
};

struct CheckRequest {
    std::vector<Setting> properties;  // the Event Hubs profile's librdkafka properties
    kafka::ClientOptions client_options;
    std::string event_hub;
    int expected_partitions = 0;  // 0: no expectation
    bool canary = false;
    std::string tier;  // the profile's eventhubs.tier: a codec it rejects fails the check
};

// Runs the steps in order, calling `on_step` as each one completes, and stops at the first
// failure by throwing its Error: Unreachable (exit 5) for DNS, TCP, TLS, SASL and authorization,
// Failure for a missing event hub or a canary that did not come back.
std::vector<CheckStep> run_connectivity_check(const CheckRequest& request,
                                              const std::function<void(const CheckStep&)>& on_step);

}  // namespace orderctl::core::eventhubs
