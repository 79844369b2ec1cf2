// The librdkafka view of a profile: structured fields mapped to property names, merged with the
// free `librdkafka:` map and -X by precedence level.
#include <algorithm>

#include "test_profile_fixture.h"

using namespace profile_test;

TEST_CASE("profile: one librdkafka property from structured field, file map and -X") {
    TempDir dir;
    const auto path = dir.write("p.yaml", R"(profiles:
  local:
    bootstrap-servers: structured:9092
    librdkafka:
      bootstrap.servers: map:9092
)");
    const auto property = [](const ResolvedProfile& profile, const std::string& name) {
        for (const auto& s : profile.librdkafka_properties())
            if (s.key == name) return s;
        FAIL("no property " << name);
        return orderctl::core::Setting{};
    };
    SUBCASE("same level: the map entry wins") {
        const auto s = property(resolve_file(path), "bootstrap.servers");
        CHECK(s.value == "map:9092");
        CHECK(s.origin.where == path + ":5");
    }
    SUBCASE("env on the structured field beats the file map") {
        const auto s = property(resolve_file(path, {{"ORDERCTL_BOOTSTRAP_SERVERS", "env:9092"}}),
                                "bootstrap.servers");
        CHECK(s.value == "env:9092");
        CHECK(s.origin.level == OriginLevel::Env);
    }
    SUBCASE("-X beats env on the structured field") {
        ProfileRequest request;
        request.librdkafka_overrides = {{"bootstrap.servers", "x:9092"}};
        const auto s =
            property(resolve_file(path, {{"ORDERCTL_BOOTSTRAP_SERVERS", "env:9092"}}, request),
                     "bootstrap.servers");
        CHECK(s.value == "x:9092");
        CHECK(s.origin.where == "flag -X");
    }
    SUBCASE("-b beats the file map") {
        ProfileRequest request;
        request.bootstrap_servers = "b:9092";
        const auto s = property(resolve_file(path, {}, request), "bootstrap.servers");
        CHECK(s.value == "b:9092");
        CHECK(s.origin.where == "flag --bootstrap-servers");
    }
    SUBCASE("-X and -b tie at flag level: -X wins") {
        ProfileRequest request;
        request.bootstrap_servers = "b:9092";
        request.librdkafka_overrides = {{"bootstrap.servers", "x:9092"}};
        CHECK(property(resolve_file(path, {}, request), "bootstrap.servers").value == "x:9092");
    }
    SUBCASE("a file map entry beats a default") {
        const auto only_map = dir.write("m.yaml", R"(profiles:
  local:
    librdkafka:
      client.id: from-map
)");
        CHECK(property(resolve_file(only_map), "client.id").value == "from-map");
    }
    SUBCASE("a property appears once") {
        const auto props = resolve_file(path).librdkafka_properties();
        CHECK(std::count_if(props.begin(), props.end(),
                            [](const auto& s) { return s.key == "bootstrap.servers"; }) == 1);
    }
}

TEST_CASE("profile: librdkafka_properties maps names, keeps order, marks secrets") {
    TempDir dir;
    const auto path = dir.write("p.yaml", R"(profiles:
  full:
    bootstrap-servers: b:9093
    client-id: me
    security:
      protocol: sasl_ssl
      sasl-mechanism: SCRAM-SHA-512
      username: alice
      password: pw-literal
      ca-file: /ca.pem
      cert-file: /cert.pem
      key-file: /key.pem
      key-password: kp-literal
    librdkafka:
      z.last: 1
      linger.ms: 5
      a.first: x
      sasl.oauthbearer.client.secret: s
      sasl.jaas.config: j
      ssl.key.pem: k
      ssl_key: k2
)");
    const auto profile = resolve_file(path);
    // Enum values are matched case-insensitively and passed in canonical spelling.
    CHECK(profile.get("security.protocol") == "SASL_SSL");
    std::vector<std::string> keys;
    for (const auto& s : profile.librdkafka_properties()) keys.push_back(s.key);
    const std::vector<std::string> expected = {"bootstrap.servers",
                                               "client.id",
                                               "security.protocol",
                                               "sasl.mechanism",
                                               "sasl.username",
                                               "sasl.password",
                                               "ssl.ca.location",
                                               "ssl.certificate.location",
                                               "ssl.key.location",
                                               "ssl.key.password",
                                               "a.first",
                                               "linger.ms",
                                               "sasl.jaas.config",
                                               "sasl.oauthbearer.client.secret",
                                               "ssl.key.pem",
                                               "ssl_key",
                                               "z.last"};
    CHECK(keys == expected);
    for (const auto& s : profile.librdkafka_properties()) {
        const bool should_be_secret = s.key == "sasl.password" || s.key == "ssl.key.password" ||
                                      s.key == "sasl.oauthbearer.client.secret" ||
                                      s.key == "sasl.jaas.config" || s.key == "ssl.key.pem" ||
                                      s.key == "ssl_key";
        CHECK_MESSAGE(s.secret == should_be_secret, s.key);
    }
    CHECK(profile.find("security.password")->secret);
    CHECK(profile.find("security.key-password")->secret);
    CHECK_FALSE(profile.find("security.username")->secret);
}
