#include "core/eventhubs/az_script.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "core/error.h"

namespace orderctl::core::eventhubs {
namespace {

bool is_alnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

void require(bool ok, const std::string& what, const std::string& hint) {
    if (!ok) throw Error(ErrorKind::Usage, what, hint);
}

// Azure: 1 to 90 characters, letters, digits, '_', '-', '.', '(' and ')', not ending in '.'.
bool valid_resource_group(const std::string& name) {
    if (name.empty() || name.size() > 90 || name.back() == '.') return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return is_alnum(c) || c == '_' || c == '-' || c == '.' || c == '(' || c == ')';
    });
}

// Region names as az spells them: "westeurope", "eastus2".
bool valid_location(const std::string& name) {
    return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) ||
               std::isdigit(static_cast<unsigned char>(c));
    });
}

bool valid_policy_name(const std::string& name) {
    return !name.empty() && name.size() <= 256 && std::all_of(name.begin(), name.end(), [](char c) {
        return is_alnum(c) || c == '-' || c == '_' || c == '.';
    });
}

}  // namespace

std::string shell_quote(const std::string& text) {
    const bool plain = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return is_alnum(c) || c == '-' || c == '_' || c == '.' || c == '/' || c == ':';
    });
    if (plain) return text;
    std::string quoted = "'";
    for (char c : text) {
        if (c == '\'')
            quoted += "'\\''";
        else
            quoted += c;
    }
    return quoted + "'";
}

std::string az_script(const AzPlan& plan) {
    require(valid_resource_group(plan.resource_group),
            plan.resource_group.empty() ? "--emit az needs --resource-group"
                                        : "--resource-group: not a valid resource group name",
            "1 to 90 letters, digits, '_', '-', '.', '(' or ')'");
    require(valid_location(plan.location),
            plan.location.empty() ? "--emit az needs --location"
                                  : "--location: not an Azure region name",
            "a region as az spells it, e.g. westeurope (az account list-locations -o table)");
    require(!plan.namespace_name.empty(), "--emit az needs the namespace",
            "give --namespace NAME, or the connection string of an existing namespace");
    require(valid_policy_name(plan.policy_name), "not a valid authorization rule name", "");
    const Tier tier = plan.request.tier;
    require(tier != Tier::Dedicated,
            "--emit az: Dedicated namespaces are created inside an Event Hubs cluster",
            "create the cluster first (az eventhubs cluster create), then the namespace with "
            "--cluster-arm-id; or use --tier Standard or Premium");
    check_tier_limits(plan.request);

    const std::string sku = limits_of(tier).name;
    std::ostringstream out;
    out << "#!/usr/bin/env bash\n"
        << "# Provisions Azure Event Hubs for orderctl: a " << sku
        << " namespace, the event hub, and a\n"
        << "# Send+Listen policy; prints the policy's connection string last. Written by\n"
        << "# 'orderctl eventhubs-setup --emit az'; needs az (logged in: az login).\n"
        << "set -euo pipefail\n\n"
        << "RG=" << shell_quote(plan.resource_group) << '\n'
        << "LOCATION=" << shell_quote(plan.location) << '\n'
        << "NS=" << shell_quote(plan.namespace_name) << '\n'
        << "HUB=" << shell_quote(plan.event_hub) << '\n'
        << "POLICY=" << shell_quote(plan.policy_name) << "\n\n";
    out << "az group create -n \"$RG\" -l \"$LOCATION\" -o none\n";
    // Kafka is always on from Standard up (--enable-kafka is a no-op); auto-inflate exists on
    // Standard only, and scales throughput units up, never down.
    out << "az eventhubs namespace create -g \"$RG\" -n \"$NS\" -l \"$LOCATION\" --sku " << sku
        << " --capacity 1";
    if (tier == Tier::Standard) out << " \\\n  --enable-auto-inflate --maximum-throughput-units 20";
    out << " -o none\n";
    out << "az eventhubs eventhub create -g \"$RG\" --namespace-name \"$NS\" -n \"$HUB\" \\\n"
        << "  --partition-count " << plan.request.partitions << " --retention-time-in-hours "
        << plan.request.retention_hours << " --cleanup-policy Delete -o none\n";
    if (!plan.role_assignee.empty()) {
        // Entra ID sign-in: data-plane roles on the hub, Sender to produce, Receiver to consume.
        out << "APP=" << shell_quote(plan.role_assignee) << '\n'
            << "HUB_ID=$(az eventhubs eventhub show -g \"$RG\" --namespace-name \"$NS\" -n "
               "\"$HUB\" --query id -o tsv)\n";
        for (const char* role : {"Azure Event Hubs Data Sender", "Azure Event Hubs Data Receiver"})
            out << "az role assignment create --assignee \"$APP\" --role \"" << role
                << "\" --scope \"$HUB_ID\" -o none\n";
        out << "# Role assignments take up to a few minutes to apply; then run\n"
            << "# orderctl eventhubs-setup --auth entra --check.\n";
        return out.str();
    }
    out << "az eventhubs namespace authorization-rule create -g \"$RG\" --namespace-name \"$NS\" "
           "\\\n  -n \"$POLICY\" --rights Send Listen -o none\n";
    out << "# The connection string (a secret): export it as EVENTHUBS_CONNECTION_STRING, then\n"
        << "# run orderctl eventhubs-setup.\n";
    out << "az eventhubs namespace authorization-rule keys list -g \"$RG\" --namespace-name "
           "\"$NS\" \\\n  -n \"$POLICY\" --query primaryConnectionString -o tsv\n";
    return out.str();
}

}  // namespace orderctl::core::eventhubs
