// Every kind of bad profiles file: a Config error at FILE:LINE:COL saying what was expected.
#include "test_profile_fixture.h"

using namespace profile_test;

namespace {

struct BadFile {
    TempDir dir;
    std::string path;

    // The error that resolving `text` (as the only file, profile `local` chosen) produces.
    std::string error(const std::string& text, Vars vars = {}) {
        path = dir.write("bad.yaml", text);
        ProfileRequest request;
        request.profile_name = "local";
        return config_error_of([&] { resolve_file(path, std::move(vars), request); });
    }
};

}  // namespace

TEST_CASE("profile file: YAML syntax errors carry line and column") {
    BadFile bad;
    auto msg = bad.error("profiles:\n  local:\n    bootstrap-servers: [a, b\n");
    CHECK_CONTAINS(msg, bad.path + ":4:1: YAML syntax error");
    CHECK_CONTAINS(msg, "expected valid YAML");
    msg = bad.error("profiles:\n  local:\n    client-id: a: b\n");
    CHECK_CONTAINS(msg, bad.path + ":3:17: YAML syntax error");
}

TEST_CASE("profile file: unknown keys everywhere, with suggestions") {
    BadFile bad;
    auto msg = bad.error("profile:\n  local: {}\n");
    CHECK_CONTAINS(msg, bad.path + ":1:1: unknown key 'profile' at the top level");
    CHECK_CONTAINS(msg, "expected one of current-profile, profiles");
    CHECK_CONTAINS(msg, "did you mean 'profiles'?");

    msg = bad.error("profiles:\n  local:\n    boostrap-servers: x:9092\n");
    CHECK_CONTAINS(msg, bad.path + ":3:5: unknown key 'boostrap-servers' in profile 'local'");
    CHECK_CONTAINS(
        msg,
        "expected one of bootstrap-servers, client-id, security, topics, eventhubs, roles, "
        "librdkafka");
    CHECK_CONTAINS(msg, "hint: did you mean 'bootstrap-servers'?");

    msg = bad.error("profiles:\n  local:\n    security:\n      protocl: SSL\n");
    CHECK_CONTAINS(msg, bad.path + ":4:7: unknown key 'protocl' in security of profile 'local'");
    CHECK_CONTAINS(msg, "did you mean 'protocol'?");

    msg = bad.error("profiles:\n  local:\n    topics:\n      partition: 3\n");
    CHECK_CONTAINS(msg, ":4:7: unknown key 'partition' in topics");
    CHECK_CONTAINS(msg, "did you mean 'partitions'?");

    msg = bad.error("profiles:\n  local:\n    roles:\n      shipping: {group: g}\n");
    CHECK_CONTAINS(msg, ":4:7: unknown role 'shipping'");
    CHECK_CONTAINS(msg, "expected one of inventory, payment, fulfillment");
    CHECK_NOT_CONTAINS(msg, "did you mean");

    msg = bad.error("profiles:\n  local:\n    roles:\n      payment: {group: g, output: t}\n");
    CHECK_CONTAINS(msg, ":4:27: unknown key 'output' in roles.payment of profile 'local'");
    CHECK_CONTAINS(msg, "expected one of group, output-topic");

    msg = bad.error("profiles:\n  local:\n    security:\n      password: {envv: PW}\n");
    CHECK_CONTAINS(msg, ":4:18: unknown key 'envv' in the secret reference of 'password'");
    CHECK_CONTAINS(msg, "did you mean 'env'?");

    // A profile that is not chosen is checked too: a typo must not wait for the day it is used.
    msg = bad.error("profiles:\n  local: {}\n  prod:\n    client-idd: x\n");
    CHECK_CONTAINS(msg, ":4:5: unknown key 'client-idd' in profile 'prod'");
}

TEST_CASE("profile file: wrong types") {
    BadFile bad;
    auto msg = bad.error("- local\n");
    CHECK_CONTAINS(msg, bad.path + ":1:1: the top level of a profiles file is a list");
    msg = bad.error("profiles:\n  - local\n");
    CHECK_CONTAINS(msg, ":2:3: 'profiles' is a list; expected a map of profile names");
    msg = bad.error("profiles:\n  local: localhost\n");
    CHECK_CONTAINS(msg, ":2:10: profile 'local' is a single value; expected a map of settings");
    msg = bad.error("profiles:\n  local:\n    bootstrap-servers: [a, b]\n");
    CHECK_CONTAINS(msg, ":3:24: 'bootstrap-servers' is a list; expected a string, or a secret");
    msg = bad.error("profiles:\n  local:\n    client-id:\n");
    CHECK_CONTAINS(msg, ":3:5: 'client-id' is empty; expected a string");
    msg = bad.error("profiles:\n  local:\n    security: SSL\n");
    CHECK_CONTAINS(msg, ":3:15: 'security' is a single value; expected a map");
    msg = bad.error("profiles:\n  local:\n    topics:\n      partitions: {env: P}\n");
    CHECK_CONTAINS(msg, ":4:19: 'partitions' is a map; expected an integer >= 1");
    msg = bad.error("profiles:\n  local:\n    librdkafka:\n      ssl: {ca: x}\n");
    CHECK_CONTAINS(msg, ":4:12: 'ssl' is a map; expected a string or number, or a secret");
    msg = bad.error("profiles:\n  local:\n    librdkafka:\n      ssl: {ca: x, b: y}\n");
    CHECK_CONTAINS(msg, ":4:12: 'ssl' is a map; expected a string or number, or a secret");
    msg = bad.error("profiles:\n  local:\n    security:\n      password: {env: [A]}\n");
    CHECK_CONTAINS(msg, ":4:23: 'env' is a list; expected a variable name");
    msg = bad.error("current-profile: [local]\nprofiles:\n  local: {}\n");
    CHECK_CONTAINS(msg, ":1:18: 'current-profile' is a list; expected a profile name");
    msg = bad.error("profiles:\n  local:\n    client-id: a\n    client-id: b\n");
    CHECK_CONTAINS(msg, ":4:5: duplicate key 'client-id'");
}

TEST_CASE("profile file: bad integers and enums") {
    BadFile bad;
    const auto topics = [&](const std::string& line) {
        return bad.error("profiles:\n  local:\n    topics:\n      " + line + "\n");
    };
    auto msg = topics("partitions: six");
    CHECK_CONTAINS(msg, ":4:19: bad value 'six' for topics.partitions; expected an integer >= 1");
    CHECK_CONTAINS(topics("partitions: 0"), "expected an integer >= 1");
    CHECK_CONTAINS(topics("partitions: -1"), "bad value '-1'");
    // Checked in every profile, not only the chosen one.
    CHECK_CONTAINS(bad.error("profiles:\n  local: {}\n  prod:\n    topics: {partitions: 0}\n"),
                   ":4:26: bad value '0' for topics.partitions");
    CHECK_CONTAINS(topics("partitions: 1.5"), "bad value '1.5'");
    CHECK_CONTAINS(topics("partitions: 99999999999"), "bad value '99999999999'");
    CHECK_CONTAINS(topics("replication-factor: 0"), "expected an integer >= 1, or -1");
    CHECK_CONTAINS(topics("replication-factor: -2"), "bad value '-2'");

    msg = bad.error("profiles:\n  local:\n    security:\n      protocol: SASL_SLL\n");
    CHECK_CONTAINS(msg,
                   ":4:17: bad value 'SASL_SLL' for security.protocol; expected one of "
                   "PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
    CHECK_CONTAINS(msg, "did you mean 'SASL_SSL'?");
    msg = bad.error("profiles:\n  local:\n    security:\n      sasl-mechanism: GSSAPI\n");
    CHECK_CONTAINS(msg, "expected one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER");
}

TEST_CASE("profile file: an unreadable profiles file") {
    BadFile bad;
    fs::create_directories(bad.dir.path() / "adir");
    ProfileRequest request;
    request.config_path = bad.dir.file("adir");
    const auto msg = config_error_of([&] { orderctl::core::resolve_profile(request, env_of({})); });
    CHECK_CONTAINS(msg,
                   "flag --config: profiles file '" + bad.dir.file("adir") + "' is a directory");
}

TEST_CASE("profile file: an empty file has no profiles") {
    BadFile bad;
    bad.path = bad.dir.write("empty.yaml", "");
    CHECK_CONTAINS(config_error_of([&] { resolve_file(bad.path); }), "no profiles defined");
    ProfileRequest request;
    request.config_path = bad.path;
    CHECK(orderctl::core::list_profiles(request, env_of({})).empty());
}
