// `--emit az`: the script's exact commands, its quoting, and what it refuses.
#include <doctest/doctest.h>

#include <string>

#include "core/error.h"
#include "core/eventhubs/az_script.h"

using namespace orderctl::core;
using namespace orderctl::core::eventhubs;

namespace {

AzPlan plan(Tier tier = Tier::Standard) {
    AzPlan p;
    p.resource_group = "orders-rg";
    p.location = "westeurope";
    p.namespace_name = "orders-prod";
    p.event_hub = "orders";
    p.request.tier = tier;
    p.request.partitions = 8;
    p.request.retention_hours = 72;
    return p;
}

bool has(const std::string& script, const std::string& line) {
    INFO(script);
    return script.find(line) != std::string::npos;
}

}  // namespace

TEST_CASE("the Standard script: strict bash, namespace, hub, policy, connection string") {
    const std::string script = az_script(plan());
    CHECK(script.rfind("#!/usr/bin/env bash\n", 0) == 0);
    CHECK(has(script, "\nset -euo pipefail\n"));
    CHECK(has(script,
              "\nRG=orders-rg\nLOCATION=westeurope\nNS=orders-prod\nHUB=orders\n"
              "POLICY=orderctl\n"));
    CHECK(has(script,
              "az eventhubs namespace create -g \"$RG\" -n \"$NS\" -l \"$LOCATION\" "
              "--sku Standard --capacity 1 \\\n  --enable-auto-inflate "
              "--maximum-throughput-units 20 -o none\n"));
    CHECK(has(script,
              "az eventhubs eventhub create -g \"$RG\" --namespace-name \"$NS\" -n "
              "\"$HUB\" \\\n  --partition-count 8 --retention-time-in-hours 72 "
              "--cleanup-policy Delete -o none\n"));
    CHECK(has(script,
              "az eventhubs namespace authorization-rule create -g \"$RG\" "
              "--namespace-name \"$NS\" \\\n  -n \"$POLICY\" --rights Send Listen -o "
              "none\n"));
    CHECK(has(script,
              "az eventhubs namespace authorization-rule keys list -g \"$RG\" "
              "--namespace-name \"$NS\" \\\n  -n \"$POLICY\" --query "
              "primaryConnectionString -o tsv\n"));
    // Removed from current az versions, or a no-op: never emitted.
    CHECK_FALSE(has(script, "--message-retention"));
    CHECK_FALSE(has(script, "--enable-kafka"));
}

TEST_CASE("Premium: no auto-inflate (Standard only), retention up to 90 days") {
    AzPlan p = plan(Tier::Premium);
    p.request.retention_hours = 2160;
    const std::string script = az_script(p);
    CHECK(has(script, "--sku Premium --capacity 1 -o none\n"));
    CHECK_FALSE(has(script, "auto-inflate"));
    CHECK(has(script, "--retention-time-in-hours 2160"));
}

TEST_CASE("shell quoting keeps odd names literal") {
    CHECK(shell_quote("orders-rg") == "orders-rg");
    CHECK(shell_quote("rg (test)") == "'rg (test)'");
    CHECK(shell_quote("it's") == "'it'\\''s'");
    AzPlan p = plan();
    p.resource_group = "rg(test)";
    CHECK(has(az_script(p), "\nRG='rg(test)'\n"));
}

TEST_CASE("missing or malformed inputs and impossible tiers are refused") {
    AzPlan p = plan();
    p.resource_group = "";
    CHECK_THROWS_WITH_AS(az_script(p), "--emit az needs --resource-group", Error);
    p = plan();
    p.location = "West Europe";
    CHECK_THROWS_WITH_AS(az_script(p), "--location: not an Azure region name", Error);
    p = plan();
    p.resource_group = "rg;rm -rf";
    CHECK_THROWS_WITH_AS(az_script(p), "--resource-group: not a valid resource group name", Error);
    CHECK_THROWS_AS(az_script(plan(Tier::Dedicated)), Error);
    CHECK_THROWS_WITH_AS(az_script(plan(Tier::Basic)), "the Basic tier has no Kafka endpoint",
                         Error);
    p = plan();
    p.request.partitions = 64;
    CHECK_THROWS_AS(az_script(p), Error);
}
