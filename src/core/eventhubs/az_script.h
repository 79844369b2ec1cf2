// `eventhubs-setup --emit az`: a ready bash script of current az commands that provisions what a
// profile needs (namespace, event hub, a Send+Listen policy) and prints the policy's connection
// string. Only Azure can run it; orderctl checks the inputs and writes it.
#pragma once

#include <string>

#include "core/eventhubs/tier_limits.h"

namespace orderctl::core::eventhubs {

struct AzPlan {
    std::string resource_group;
    std::string location;
    std::string namespace_name;
    std::string event_hub = "orders";
    std::string policy_name = "orderctl";  // the authorization rule the script creates
    SetupRequest request;                  // tier, partitions, retention
    // --auth entra: the service principal (application id) that gets the data roles on the hub
    // instead of a shared access policy.
    std::string role_assignee;
};

// Throws Error(Usage) for a missing or malformed name (Azure's naming rules), and for the
// Dedicated tier, whose namespaces live in a cluster that az cannot create in one step.
std::string az_script(const AzPlan& plan);

// 'text' with single quotes for bash, unquoted when it is plainly safe.
std::string shell_quote(const std::string& text);

}  // namespace orderctl::core::eventhubs
