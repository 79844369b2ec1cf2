#include "core/eventhubs/connect_config.h"

#include "core/error.h"

namespace orderctl::core::eventhubs {

nlohmann::ordered_json mirror_source_config(const MirrorPlan& plan) {
    if (plan.source_bootstrap.empty())
        throw Error(ErrorKind::Config,
                    "--emit connect: the source profile has no bootstrap servers",
                    "choose the local cluster's profile with --source-profile");
    const std::string jaas =
        "org.apache.kafka.common.security.plain.PlainLoginModule required "
        "username=\"$ConnectionString\" password=\"${env:" +
        plan.password_env + "}\";";
    nlohmann::ordered_json config = {
        {"connector.class", "org.apache.kafka.connect.mirror.MirrorSourceConnector"},
        {"name", plan.connector_name},
        {"tasks.max", "1"},
        {"topics", plan.topic},
        // "orders" stays "orders" in Event Hubs; the default policy would prefix the alias.
        {"replication.policy.class", "org.apache.kafka.connect.mirror.IdentityReplicationPolicy"},
        {"source.cluster.alias", plan.source_alias},
        {"target.cluster.alias", plan.target_alias},
        {"source.cluster.bootstrap.servers", plan.source_bootstrap},
        {"target.cluster.bootstrap.servers", plan.target_bootstrap},
        // Bytes in, the same bytes out: keys, values and headers are not re-encoded.
        {"key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter"},
        {"value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter"},
        {"header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter"},
        // Event Hubs has no ACLs and does not take topic config changes the way Kafka does.
        {"sync.topic.acls.enabled", "false"},
        {"sync.topic.configs.enabled", "false"},
        {"refresh.topics.interval.seconds", "30"},
        // MirrorMaker keeps its offset syncs on the source (the local cluster).
        {"offset-syncs.topic.location", "source"},
        {"offset-syncs.topic.replication.factor", plan.source_replication_factor},
        // If MirrorMaker has to create the hub, let the service choose the replication.
        {"replication.factor", "-1"},
        {"source.cluster.security.protocol", plan.source_security_protocol},
        {"target.cluster.security.protocol", "SASL_SSL"},
        {"target.cluster.sasl.mechanism", "PLAIN"},
        {"target.cluster.sasl.jaas.config", jaas},
        // Microsoft's recommended client settings, for the target clients.
        {"target.cluster.request.timeout.ms", "60000"},
        {"target.cluster.metadata.max.age.ms", "180000"},
        {"target.cluster.connections.max.idle.ms", "180000"},
    };
    if (!plan.target_ca_file.empty()) {
        config["target.cluster.ssl.truststore.type"] = "PEM";
        config["target.cluster.ssl.truststore.location"] = plan.target_ca_file;
    }
    return config;
}

}  // namespace orderctl::core::eventhubs
