// `orderctl eventhubs-setup`: the pipeline on Azure Event Hubs. Reads and checks a connection
// string (from the environment or stdin, never argv), writes the Event Hubs profile, and on
// request prints an az provisioning script, creates the event hub, checks connectivity layer by
// layer, and emits or deploys a MirrorMaker 2 connector for Kafka -> Event Hubs replication.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cli/command.h"

namespace orderctl::commands {

struct EventhubsSetupOptions {
    std::string connection_string_env = "EVENTHUBS_CONNECTION_STRING";
    std::string connection_string;  // only "-": read it from stdin
    std::string event_hub;          // default: EntityPath, else "orders"
    int partitions = 4;
    int retention_hours = 168;
    std::string tier = "Standard";
    std::optional<int64_t> max_message_bytes;
    std::string resource_group;
    std::string location;
    std::string namespace_name;  // for --emit az without a connection string
    std::string profile_name = "eventhubs";
    std::string ca_file;
    bool store_secret = false;
    bool dry_run = false;
    std::string emit;  // "", "az" or "connect"
    bool create_topic = false;
    bool check = false;
    bool canary = false;
    std::string source_profile;
    std::string connect_url;
    bool deploy = false;
    std::string connector_name = "orderctl-orders-to-eventhubs";
    // --auth entra: Microsoft Entra ID sign-in instead of a connection string.
    std::string auth = "connection-string";
    std::string tenant;
    std::string client_id;
    std::string client_secret_env = "AZURE_CLIENT_SECRET";
    bool workload_identity = false;  // AKS: the federated token file instead of a secret
    std::string token_endpoint;      // default: the namespace's cloud's Entra endpoint
};

void setup_eventhubs_setup(CLI::App& command, cli::Context& context, cli::Action& action);
int run_eventhubs_setup(cli::Context& context, const EventhubsSetupOptions& options);

}  // namespace orderctl::commands
