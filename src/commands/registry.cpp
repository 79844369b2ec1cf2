// The one visible list of orderctl's subcommands.
#include "commands/registry.h"

#include "commands/broker.h"
#include "commands/consume/consume.h"
#include "commands/demo/demo.h"
#include "commands/deploy/emit.h"
#include "commands/eventhubs_setup/eventhubs_setup.h"
#include "commands/offsets/offsets.h"
#include "commands/produce/produce.h"
#include "commands/profile.h"
#include "commands/smoke.h"
#include "commands/topics/topics.h"

namespace orderctl::commands {

const std::vector<cli::CommandSpec>& all_commands() {
    static const std::vector<cli::CommandSpec> commands = {
        {"produce", "The order service: JSONL orders into the orders topic, accounted line by line",
         &commands::setup_produce},
        {"consume",
         "Print records as envelope lines (JSONL); with --group, commit what was written",
         &commands::setup_consume},
        {"offsets", "Where each consumer group stands: committed, log end, lag, owner",
         &commands::setup_offsets},
        {"topics", "List, describe, create, alter, delete and apply topics",
         &commands::setup_topics},
        {"eventhubs-setup",
         "Azure Event Hubs: profile from a connection string, az plan, hub, check, replication",
         &commands::setup_eventhubs_setup},
        {"profile", "List profiles and show the resolved settings with their origins",
         &commands::setup_profile},
        {"broker", "Run an in-memory dev cluster (librdkafka's mock cluster) until Ctrl-C",
         &commands::setup_broker},
        {"demo", "The whole order flow in one command, on a dev cluster in this process",
         &commands::setup_demo},
        {"deploy", "Kubernetes manifests for a role service, scaled by KEDA on its group's lag",
         &commands::setup_deploy},
        {"smoke", "A canary round trip for CI: produce a marked record, read it back, time it",
         &commands::setup_smoke},
    };
    return commands;
}

}  // namespace orderctl::commands
