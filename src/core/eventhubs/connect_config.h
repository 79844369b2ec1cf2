// The Kafka Connect configuration of a MirrorMaker 2 MirrorSourceConnector that replicates the
// local cluster's orders topic into Event Hubs under the same name, with no secret in it: the
// target password is a config-provider reference the Connect worker resolves.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace orderctl::core::eventhubs {

struct MirrorPlan {
    std::string connector_name = "orderctl-orders-to-eventhubs";
    std::string source_alias = "local";
    std::string source_bootstrap;
    std::string source_security_protocol = "PLAINTEXT";
    std::string source_replication_factor = "1";  // for MirrorMaker's offset-syncs topic there
    std::string target_alias = "eventhubs";
    std::string target_bootstrap;  // <namespace>.servicebus.windows.net:9093
    std::string password_env = "EVENTHUBS_CONNECTION_STRING";
    std::string target_ca_file;  // a PEM truststore path on the worker, when given
    std::string topic = "orders";
};

// The connector's configuration (what PUT /connectors/<name>/config takes).
nlohmann::ordered_json mirror_source_config(const MirrorPlan& plan);

}  // namespace orderctl::core::eventhubs
