// Which clients need Cyrus SASL's plugins (the process-wide effect, plugins loaded or not, is
// checked against a real SASL_SSL listener in tests/integration/security_test.sh).
#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <string>

#include "core/kafka/sasl_plugins.h"

using orderctl::core::kafka::needs_cyrus_sasl;

namespace {

// What librdkafka would report for these settings; unset ones get its defaults.
bool needs(std::map<std::string, std::string> set) {
    const std::map<std::string, std::string> defaults = {{"security.protocol", "plaintext"},
                                                         {"sasl.mechanisms", "GSSAPI"}};
    return needs_cyrus_sasl([&](const std::string& name) -> std::optional<std::string> {
        if (auto it = set.find(name); it != set.end()) return it->second;
        if (auto it = defaults.find(name); it != defaults.end()) return it->second;
        return std::nullopt;
    });
}

}  // namespace

TEST_CASE("cyrus sasl: only a SASL client with GSSAPI needs its plugins") {
    CHECK_FALSE(needs({}));
    CHECK_FALSE(needs({{"security.protocol", "ssl"}}));
    // GSSAPI is librdkafka's default mechanism: a SASL protocol alone means Kerberos.
    CHECK(needs({{"security.protocol", "sasl_ssl"}}));
    CHECK(needs({{"security.protocol", "SASL_PLAINTEXT"}, {"sasl.mechanisms", "gssapi"}}));
    CHECK_FALSE(needs({{"security.protocol", "sasl_ssl"}, {"sasl.mechanisms", "PLAIN"}}));
    CHECK_FALSE(needs({{"security.protocol", "sasl_ssl"}, {"sasl.mechanisms", "SCRAM-SHA-512"}}));
    CHECK_FALSE(needs({{"security.protocol", "sasl_ssl"}, {"sasl.mechanisms", "OAUTHBEARER"}}));
    // A mechanism without a SASL protocol is never used.
    CHECK_FALSE(needs({{"security.protocol", "plaintext"}, {"sasl.mechanisms", "GSSAPI"}}));
}
