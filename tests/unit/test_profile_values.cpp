// ${VAR} interpolation and secret references in profile values.
#include "test_profile_fixture.h"

using namespace profile_test;

namespace {

// One profile whose client-id (line 3, value at column 16) is `value`.
std::string with_client_id(const std::string& value) {
    return "profiles:\n  local:\n    client-id: " + value + "\n";
}

std::string client_id(const TempDir& dir, const std::string& value, Vars vars = {}) {
    return resolve_file(dir.write("p.yaml", with_client_id(value)), std::move(vars))
        .get("client-id");
}

}  // namespace

TEST_CASE("profile interpolation") {
    TempDir dir;
    CHECK(client_id(dir, "${APP}", {{"APP", "svc"}}) == "svc");
    CHECK(client_id(dir, "pre-${APP}-post", {{"APP", "svc"}}) == "pre-svc-post");
    CHECK(client_id(dir, "${A}${B}", {{"A", "1"}, {"B", "2"}}) == "12");
    CHECK(client_id(dir, "${APP:-fallback}") == "fallback");
    CHECK(client_id(dir, "${APP:-fallback}", {{"APP", ""}}) == "fallback");
    CHECK(client_id(dir, "${APP:-fallback}", {{"APP", "set"}}) == "set");
    CHECK(client_id(dir, "${APP:-}") == "");
    CHECK(client_id(dir, "'${APP}'", {{"APP", ""}}) == "");
    CHECK(client_id(dir, "cost$$5") == "cost$5");
    CHECK(client_id(dir, "'$${NOT_A_VAR}'") == "${NOT_A_VAR}");
    CHECK(client_id(dir, "$ConnectionString") == "$ConnectionString");
    CHECK(client_id(dir, "'a$b$'") == "a$b$");
}

TEST_CASE("profile interpolation: Event Hubs username stays literal") {
    TempDir dir;
    const auto path = dir.write("eh.yaml", R"(profiles:
  eventhubs:
    bootstrap-servers: ${EH_NAMESPACE}.servicebus.windows.net:9093
    security:
      protocol: SASL_SSL
      sasl-mechanism: PLAIN
      username: $ConnectionString
      password: {env: EH_CONNECTION_STRING}
)");
    const auto profile = resolve_file(
        path, {{"EH_NAMESPACE", "ns"}, {"EH_CONNECTION_STRING", "Endpoint=sb://ns/;Key=k"}});
    CHECK(profile.get("bootstrap-servers") == "ns.servicebus.windows.net:9093");
    CHECK(profile.get("security.username") == "$ConnectionString");
    CHECK(profile.get("security.password") == "Endpoint=sb://ns/;Key=k");
}

TEST_CASE("profile interpolation: errors name the variable and the position") {
    TempDir dir;
    const auto path = dir.file("p.yaml");
    auto msg = config_error_of([&] { client_id(dir, "${MISSING_VAR}"); });
    CHECK_CONTAINS(msg, path + ":3:16: environment variable MISSING_VAR is not set");
    CHECK_CONTAINS(msg, "${MISSING_VAR:-value}");
    msg = config_error_of([&] { client_id(dir, "${OPEN"); });
    CHECK_CONTAINS(msg, path + ":3:16: unterminated '${'");
    msg = config_error_of([&] { client_id(dir, "'${1BAD}'"); });
    CHECK_CONTAINS(msg, "bad variable reference");
    msg = config_error_of([&] { client_id(dir, "'${}'"); });
    CHECK_CONTAINS(msg, "bad variable reference");
}

TEST_CASE("profile interpolation: every scalar, numbers and enums after expansion") {
    TempDir dir;
    const auto path = dir.write("p.yaml", R"(current-profile: ${WHICH:-local}
profiles:
  local:
    security:
      protocol: ${PROTO:-SSL}
    topics:
      partitions: ${PARTS:-3}
    librdkafka:
      linger.ms: ${LINGER}
)");
    const auto profile = resolve_file(path, {{"LINGER", "7"}});
    CHECK(profile.name == "local");
    CHECK(profile.get("security.protocol") == "SSL");
    CHECK(profile.get_int("topics.partitions") == 3);
    CHECK(profile.get("librdkafka.linger.ms") == "7");
    const auto msg = config_error_of([&] {
        resolve_file(path, {{"LINGER", "7"}, {"PARTS", "many"}});
    });
    CHECK_CONTAINS(msg, path + ":7:19: bad value 'many' for topics.partitions");
}

TEST_CASE("profile secrets: env references") {
    TempDir dir;
    const auto path = dir.write("p.yaml", R"(profiles:
  local:
    security:
      username: {env: KAFKA_USER}
      password: {env: KAFKA_PASSWORD}
)");
    const auto profile =
        resolve_file(path, {{"KAFKA_USER", "alice"}, {"KAFKA_PASSWORD", "hunter2"}});
    const auto* password = profile.find("security.password");
    REQUIRE(password);
    CHECK(password->value == "hunter2");
    CHECK(password->secret);
    CHECK(password->origin.where == path + ":5");
    // Any value given by reference is a secret, whatever its key.
    CHECK(profile.find("security.username")->secret);

    auto msg = config_error_of([&] { resolve_file(path, {{"KAFKA_USER", "alice"}}); });
    CHECK_CONTAINS(msg, path + ":5:17: secret variable KAFKA_PASSWORD is not set");
    msg = config_error_of([&] {
        resolve_file(path, {{"KAFKA_USER", "alice"}, {"KAFKA_PASSWORD", ""}});
    });
    CHECK_CONTAINS(msg, "secret variable KAFKA_PASSWORD is empty");
}

TEST_CASE("profile secrets: file references") {
    TempDir dir;
    dir.write("conf/secrets/key.pass", "s3cr3t-key\n");
    dir.write("abs.pass", "s3cr3t-abs\r\n");
    const auto path = dir.write("conf/p.yaml",
                                "profiles:\n  local:\n    security:\n"
                                "      key-password: {file: secrets/key.pass}\n"
                                "      password: {file: " +
                                    dir.file("abs.pass") +
                                    "}\n    librdkafka:\n"
                                    "      sasl.oauthbearer.client.secret: "
                                    "{file: \"${SECRETS}/key.pass\"}\n");
    // The relative path is taken from the profiles file's directory, not the working directory.
    TempDir elsewhere;
    CwdGuard cwd(elsewhere.path());
    const auto profile = resolve_file(path, {{"SECRETS", dir.file("conf/secrets")}});
    CHECK(profile.get("security.key-password") == "s3cr3t-key");
    CHECK(profile.get("security.password") == "s3cr3t-abs");
    const auto* oauth = profile.find("librdkafka.sasl.oauthbearer.client.secret");
    REQUIRE(oauth);
    CHECK(oauth->value == "s3cr3t-key");
    CHECK(oauth->secret);
    CHECK(oauth->origin.level == OriginLevel::File);
}

TEST_CASE("profile secrets: unreadable files are errors that never show a secret") {
    TempDir dir;
    dir.write("empty.pass", "\n");
    dir.write("good.pass", "s3cr3t-content\n");
    const auto write = [&](const std::string& ref) {
        return dir.write("p.yaml",
                         "profiles:\n  local:\n    security:\n"
                         "      key-password: {file: good.pass}\n"
                         "      password: " +
                             ref + "\n    topics:\n      partitions: ${PARTS:-0}\n");
    };
    auto msg = config_error_of([&] { resolve_file(write("{file: nope.pass}")); });
    CHECK_CONTAINS(
        msg, dir.file("p.yaml") + ":5:17: cannot read secret file '" + dir.file("nope.pass") + "'");
    CHECK_NOT_CONTAINS(msg, "s3cr3t");
    msg = config_error_of([&] { resolve_file(write("{file: .}")); });
    CHECK_CONTAINS(msg, "is a directory");
    msg = config_error_of([&] { resolve_file(write("{file: empty.pass}")); });
    CHECK_CONTAINS(msg, "is empty");
    // A later error, after the secrets were read, does not show them either.
    msg = config_error_of([&] { resolve_file(write("{file: good.pass}")); });
    CHECK_CONTAINS(msg, "topics.partitions");
    CHECK_NOT_CONTAINS(msg, "s3cr3t");
}
