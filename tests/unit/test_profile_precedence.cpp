// Precedence (default < file < env < flag), origins and secrets marking.
#include <algorithm>

#include "test_profile_fixture.h"

using namespace profile_test;

namespace {

const char* const kSimple = R"(profiles:
  local:
    bootstrap-servers: file:9092
    librdkafka:
      linger.ms: 5
)";

}  // namespace

TEST_CASE("profile: built-in defaults when no file is found") {
    TempDir dir;
    CwdGuard cwd(dir.path());
    const auto profile = orderctl::core::resolve_profile({}, env_of({{"HOME", dir.file("home")}}));
    CHECK(profile.name.empty());
    CHECK(profile.file.empty());
    const auto* servers = profile.find("bootstrap-servers");
    REQUIRE(servers);
    CHECK(servers->value == "localhost:9092");
    CHECK(servers->origin.level == OriginLevel::Default);
    CHECK(servers->origin.where == "default");
    CHECK(profile.get("client-id") == "orderctl");
    CHECK(profile.get("security.protocol") == "PLAINTEXT");
    CHECK(profile.orders_topic() == "orders");
    CHECK(profile.get_int("topics.partitions") == 6);
    CHECK(profile.get_int("topics.replication-factor") == 1);
    CHECK(profile.role_group("inventory") == "orderctl-inventory");
    CHECK(profile.role_group("payment") == "orderctl-payment");
    CHECK(profile.role_group("fulfillment") == "orderctl-fulfillment");
    CHECK(profile.role_output_topic("inventory") == "inventory.events");
    CHECK(profile.role_output_topic("payment") == "payments.events");
    CHECK(profile.role_output_topic("fulfillment") == "fulfillment.events");
    // Keys without a default are absent, not empty.
    CHECK(profile.find("security.username") == nullptr);
    CHECK(profile.find("security.sasl-mechanism") == nullptr);
    CHECK(profile.get("security.password").empty());
    CHECK(std::is_sorted(profile.settings.begin(), profile.settings.end(),
                         [](const auto& a, const auto& b) { return a.key < b.key; }));
}

TEST_CASE("profile: file beats default, with FILE:LINE origins") {
    TempDir dir;
    const auto path = dir.write("p.yaml", kSimple);
    const auto profile = resolve_file(path);
    CHECK(profile.name == "local");
    CHECK(profile.file == path);
    const auto* servers = profile.find("bootstrap-servers");
    REQUIRE(servers);
    CHECK(servers->value == "file:9092");
    CHECK(servers->origin.level == OriginLevel::File);
    CHECK(servers->origin.where == path + ":3");
    const auto* linger = profile.find("librdkafka.linger.ms");
    REQUIRE(linger);
    CHECK(linger->value == "5");
    CHECK(linger->origin.where == path + ":5");
    CHECK(profile.find("client-id")->origin.where == "default");
}

TEST_CASE("profile: env beats file for every canonical key") {
    TempDir dir;
    const auto path = dir.write("p.yaml", kSimple);
    const auto profile = resolve_file(path, {{"ORDERCTL_BOOTSTRAP_SERVERS", "env:9092"},
                                             {"ORDERCTL_SECURITY_SASL_MECHANISM", "PLAIN"},
                                             {"ORDERCTL_TOPICS_ORDERS", "orders-env"},
                                             {"ORDERCTL_TOPICS_PARTITIONS", "12"},
                                             {"ORDERCTL_ROLES_PAYMENT_GROUP", "pay-env"},
                                             {"ORDERCTL_ROLES_PAYMENT_OUTPUT_TOPIC", "pay.out"},
                                             {"ORDERCTL_CLIENT_ID", ""}});
    const auto* servers = profile.find("bootstrap-servers");
    CHECK(servers->value == "env:9092");
    CHECK(servers->origin.level == OriginLevel::Env);
    CHECK(servers->origin.where == "env ORDERCTL_BOOTSTRAP_SERVERS");
    CHECK(profile.find("security.sasl-mechanism")->origin.where ==
          "env ORDERCTL_SECURITY_SASL_MECHANISM");
    CHECK(profile.orders_topic() == "orders-env");
    CHECK(profile.get_int("topics.partitions") == 12);
    CHECK(profile.role_group("payment") == "pay-env");
    CHECK(profile.role_output_topic("payment") == "pay.out");
    // An empty variable is treated as unset.
    CHECK(profile.find("client-id")->origin.where == "default");
}

TEST_CASE("profile: flags beat env") {
    TempDir dir;
    const auto path = dir.write("p.yaml", kSimple);
    ProfileRequest request;
    request.bootstrap_servers = "flag:9092";
    request.librdkafka_overrides = {{"linger.ms", "1"}, {"linger.ms", "20"}, {"acks", "all"}};
    const auto profile = resolve_file(path, {{"ORDERCTL_BOOTSTRAP_SERVERS", "env:9092"}}, request);
    const auto* servers = profile.find("bootstrap-servers");
    CHECK(servers->value == "flag:9092");
    CHECK(servers->origin.level == OriginLevel::Flag);
    CHECK(servers->origin.where == "flag --bootstrap-servers");
    const auto* linger = profile.find("librdkafka.linger.ms");
    CHECK(linger->value == "20");  // the last -X wins
    CHECK(linger->origin.level == OriginLevel::Flag);
    CHECK(linger->origin.where == "flag -X");
    CHECK(profile.get("librdkafka.acks") == "all");
}

TEST_CASE("profile: secrets from env and -X are marked") {
    TempDir dir;
    CwdGuard cwd(dir.path());
    ProfileRequest request;
    request.librdkafka_overrides = {
        {"sasl.password", "p"}, {"ssl.keystore.password", "k"}, {"linger.ms", "1"}};
    const auto profile = orderctl::core::resolve_profile(
        request, env_of({{"ORDERCTL_SECURITY_PASSWORD", "envpw"},
                         {"ORDERCTL_SECURITY_KEY_PASSWORD", "envkp"}}));
    CHECK(profile.find("security.password")->secret);
    CHECK(profile.find("security.password")->origin.where == "env ORDERCTL_SECURITY_PASSWORD");
    CHECK(profile.find("security.key-password")->secret);
    CHECK(profile.find("librdkafka.sasl.password")->secret);
    CHECK(profile.find("librdkafka.ssl.keystore.password")->secret);
    CHECK_FALSE(profile.find("librdkafka.linger.ms")->secret);
}

TEST_CASE("profile: env values are validated and name their variable") {
    TempDir dir;
    CwdGuard cwd(dir.path());
    const auto resolve = [](Vars vars) {
        return orderctl::core::resolve_profile({}, env_of(vars));
    };
    auto msg = config_error_of([&] { resolve({{"ORDERCTL_TOPICS_PARTITIONS", "abc"}}); });
    CHECK_CONTAINS(msg, "env ORDERCTL_TOPICS_PARTITIONS: bad value 'abc' for topics.partitions");
    CHECK_CONTAINS(msg, "expected an integer >= 1");
    msg = config_error_of([&] { resolve({{"ORDERCTL_TOPICS_PARTITIONS", "0"}}); });
    CHECK_CONTAINS(msg, "expected an integer >= 1");
    msg = config_error_of([&] { resolve({{"ORDERCTL_SECURITY_PROTOCOL", "TLS"}}); });
    CHECK_CONTAINS(msg, "expected one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
    msg = config_error_of([&] { resolve({{"ORDERCTL_TOPICS_REPLICATION_FACTOR", "-2"}}); });
    CHECK_CONTAINS(msg, "or -1");
    CHECK(resolve({{"ORDERCTL_TOPICS_REPLICATION_FACTOR", "-1"}})
              .get_int("topics.replication-factor") == -1);
}

TEST_CASE("profile: get_int on a non-integer is a Config error without secrets") {
    TempDir dir;
    CwdGuard cwd(dir.path());
    const auto profile =
        orderctl::core::resolve_profile({}, env_of({{"ORDERCTL_SECURITY_PASSWORD", "hunter2"}}));
    auto msg = config_error_of([&] { profile.get_int("bootstrap-servers"); });
    CHECK_CONTAINS(msg, "localhost:9092");
    msg = config_error_of([&] { profile.get_int("security.password"); });
    CHECK_CONTAINS(msg, "security.password");
    CHECK_NOT_CONTAINS(msg, "hunter2");
    config_error_of([&] { profile.get_int("security.username"); });
}
