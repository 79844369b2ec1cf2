// Which clients need Cyrus SASL's plugins, read from a real librdkafka configuration, so that
// librdkafka's own defaults (PLAINTEXT, GSSAPI) are the ones decided on. The process-wide
// effect, plugins loaded or not, is checked against a real SASL_SSL listener in
// tests/integration/security_test.sh.
#include <doctest/doctest.h>
#include <librdkafka/rdkafka.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/kafka/client.h"
#include "core/kafka/sasl_plugins.h"

using orderctl::core::kafka::needs_cyrus_sasl;

namespace {

bool needs(const std::map<std::string, std::string>& set) {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char errstr[256];
    for (const auto& [key, value] : set)
        REQUIRE(rd_kafka_conf_set(conf, key.c_str(), value.c_str(), errstr, sizeof errstr) ==
                RD_KAFKA_CONF_OK);
    const bool answer =
        needs_cyrus_sasl([conf](const std::string& name) -> std::optional<std::string> {
            char value[256];
            size_t size = sizeof value;
            if (rd_kafka_conf_get(conf, name.c_str(), value, &size) != RD_KAFKA_CONF_OK)
                return std::nullopt;
            return std::string(value);
        });
    rd_kafka_conf_destroy(conf);
    return answer;
}

}  // namespace

TEST_CASE("cyrus sasl: only a SASL client with GSSAPI needs its plugins") {
    CHECK_FALSE(needs({}));
    CHECK_FALSE(needs({{"security.protocol", "ssl"}}));
    // GSSAPI is librdkafka's default mechanism: a SASL protocol alone means Kerberos.
    CHECK(needs({{"security.protocol", "sasl_ssl"}}));
    CHECK(needs({{"security.protocol", "SASL_PLAINTEXT"}, {"sasl.mechanism", "GSSAPI"}}));
    CHECK_FALSE(needs({{"security.protocol", "sasl_ssl"}, {"sasl.mechanism", "PLAIN"}}));
    CHECK_FALSE(needs({{"security.protocol", "sasl_ssl"}, {"sasl.mechanisms", "SCRAM-SHA-512"}}));
    CHECK_FALSE(needs({{"security.protocol", "SASL_SSL"}, {"sasl.mechanism", "OAUTHBEARER"}}));
    // A mechanism without a SASL protocol is never used.
    CHECK_FALSE(needs({{"security.protocol", "plaintext"}, {"sasl.mechanism", "GSSAPI"}}));
}

TEST_CASE("a client knows whether it signs in with GSSAPI, librdkafka's default included") {
    using orderctl::core::Setting;
    using orderctl::core::kafka::Client;
    using orderctl::core::kafka::ClientType;
    // No kinit at creation (librdkafka runs it for a Kerberos client unless relogin is off).
    const Setting no_kinit{"sasl.kerberos.min.time.before.relogin", "0", {}, false};
    const Setting sasl{"security.protocol", "sasl_plaintext", {}, false};
    CHECK(Client(ClientType::Consumer, {sasl, no_kinit}, {}).uses_gssapi());
    const std::vector<Setting> plain = {sasl,
                                        {"sasl.mechanism", "PLAIN", {}, false},
                                        {"sasl.username", "user", {}, false},
                                        {"sasl.password", "secret", {}, true}};
    CHECK_FALSE(Client(ClientType::Consumer, plain, {}).uses_gssapi());
    CHECK_FALSE(Client(ClientType::Consumer, {no_kinit}, {}).uses_gssapi());
}
