// The MirrorMaker 2 connector config and the Connect status reading.
#include <doctest/doctest.h>

#include "core/error.h"
#include "core/eventhubs/connect_config.h"
#include "core/eventhubs/connect_deploy.h"

using namespace orderctl::core::eventhubs;

TEST_CASE("the MirrorSourceConnector config: identity names, bytes, no secret") {
    MirrorPlan plan;
    plan.source_bootstrap = "127.0.0.1:9092";
    plan.target_bootstrap = "orders-prod.servicebus.windows.net:9093";
    const auto config = mirror_source_config(plan);
    CHECK(config["connector.class"] == "org.apache.kafka.connect.mirror.MirrorSourceConnector");
    CHECK(config["replication.policy.class"] ==
          "org.apache.kafka.connect.mirror.IdentityReplicationPolicy");
    CHECK(config["topics"] == "orders");
    CHECK(config["source.cluster.bootstrap.servers"] == "127.0.0.1:9092");
    CHECK(config["target.cluster.bootstrap.servers"] == "orders-prod.servicebus.windows.net:9093");
    CHECK(config["target.cluster.security.protocol"] == "SASL_SSL");
    CHECK(config["target.cluster.sasl.mechanism"] == "PLAIN");
    CHECK(config["target.cluster.sasl.jaas.config"] ==
          "org.apache.kafka.common.security.plain.PlainLoginModule required "
          "username=\"$ConnectionString\" password=\"${env:EVENTHUBS_CONNECTION_STRING}\";");
    CHECK(config["key.converter"] == "org.apache.kafka.connect.converters.ByteArrayConverter");
    CHECK(config["value.converter"] == "org.apache.kafka.connect.converters.ByteArrayConverter");
    CHECK_FALSE(config.contains("target.cluster.ssl.truststore.location"));
    // Every value is a string, as Connect's REST API expects.
    // (No structured binding: clang 14 cannot capture one in CHECK_MESSAGE's lambda.)
    for (const auto& item : config.items()) CHECK_MESSAGE(item.value().is_string(), item.key());

    plan.target_ca_file = "/etc/orderctl/ca.pem";
    plan.password_env = "EH_CS";
    const auto with_ca = mirror_source_config(plan);
    CHECK(with_ca["target.cluster.ssl.truststore.type"] == "PEM");
    CHECK(with_ca["target.cluster.ssl.truststore.location"] == "/etc/orderctl/ca.pem");
    CHECK(with_ca["target.cluster.sasl.jaas.config"].get<std::string>().find("${env:EH_CS}") !=
          std::string::npos);
}

TEST_CASE("a source profile without bootstrap servers is refused") {
    MirrorPlan plan;
    CHECK_THROWS_AS(mirror_source_config(plan), orderctl::core::Error);
}

TEST_CASE("connector status: running only when the connector and every task run") {
    auto status = parse_connector_status(nlohmann::json::parse(R"({
        "name": "m", "connector": {"state": "RUNNING", "worker_id": "w:1"},
        "tasks": [{"id": 0, "state": "RUNNING", "worker_id": "w:1"},
                  {"id": 1, "state": "FAILED", "worker_id": "w:1",
                   "trace": "org.apache.kafka.common.errors.SaslAuthenticationException: bad\n\tat x"}],
        "type": "source"})"));
    CHECK(status.state == "RUNNING");
    REQUIRE(status.tasks.size() == 2);
    CHECK_FALSE(status.running());
    CHECK(status.failed());
    CHECK(status.tasks[1].trace ==
          "org.apache.kafka.common.errors.SaslAuthenticationException: bad");

    auto no_tasks = parse_connector_status(
        nlohmann::json::parse(R"({"name": "m", "connector": {"state": "RUNNING"}, "tasks": []})"));
    CHECK_FALSE(no_tasks.running());
    CHECK_FALSE(no_tasks.failed());
    CHECK_FALSE(parse_connector_status(nlohmann::json("garbage")).running());
}
