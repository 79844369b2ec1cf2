// Writing the Event Hubs profile: a textual edit of that profile's block only. Other profiles,
// comments and blank lines stay byte for byte; the result resolves; a stored secret means 0600.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/eventhubs/profile_writer.h"
#include "core/profile/profile.h"
#include "test_profile_fixture.h"

using namespace orderctl::core;
using namespace orderctl::core::eventhubs;
using profile_test::TempDir;

namespace {

const std::string kSecret =
    "Endpoint=sb://orders-prod.servicebus.windows.net/"
    ";SharedAccessKeyName=p;SharedAccessKey=s3cr3t+Key=";

const std::string kExisting = R"(# Team profiles: keep these comments.
current-profile: local
profiles:
    # The laptop cluster.
    local:
        bootstrap-servers: 127.0.0.1:9092   # trailing comment
        topics: {orders: orders, partitions: 6}

    # Staging, shared.
    staging:
        bootstrap-servers: kafka.staging:9092
        librdkafka:
            linger.ms: 20
# the end
)";

EventHubsProfile profile() {
    EventHubsProfile p;
    p.bootstrap = "orders-prod.servicebus.windows.net:9093";
    p.partitions = 4;
    p.description = "Azure Event Hubs namespace orders-prod (Standard tier)";
    return p;
}

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

ResolvedProfile resolve(const std::string& path, const std::string& name) {
    ProfileRequest request;
    request.config_path = path;
    request.profile_name = name;
    return resolve_profile(request, [](const std::string& key) -> std::optional<std::string> {
        if (key == "EVENTHUBS_CONNECTION_STRING") return kSecret;
        return std::nullopt;
    });
}

}  // namespace

TEST_CASE("adding the profile keeps every other line of the file as it was") {
    TempDir dir;
    const std::string path = dir.write("orderctl.yaml", kExisting);
    auto edit = plan_profile_edit(path, kExisting, profile());
    CHECK(edit.action() == "added");
    write_profiles_file(edit, false);
    const std::string after = read(path);
    // The old text is there unchanged, up to the last profile; the new block follows it.
    const std::string before_end = kExisting.substr(0, kExisting.find("# the end"));
    CHECK(after.rfind(before_end.substr(0, before_end.size() - 0), 0) == 0);
    CHECK(after.find("# Team profiles: keep these comments.") != std::string::npos);
    CHECK(after.find("127.0.0.1:9092   # trailing comment") != std::string::npos);
    CHECK(after.find("    # Staging, shared.\n") != std::string::npos);
    CHECK(after.find("\n# the end\n") != std::string::npos);
    CHECK(after.find("\n\n    eventhubs:\n        # Azure Event Hubs namespace orders-prod") !=
          std::string::npos);
    CHECK(after.find(kSecret) == std::string::npos);
    CHECK(after.find("password: {env: EVENTHUBS_CONNECTION_STRING}") != std::string::npos);

    // The file still resolves: the new profile as meant, the others as before.
    auto eventhubs = resolve(path, "eventhubs");
    CHECK(eventhubs.get("bootstrap-servers") == "orders-prod.servicebus.windows.net:9093");
    CHECK(eventhubs.get("security.protocol") == "SASL_SSL");
    CHECK(eventhubs.get("security.sasl-mechanism") == "PLAIN");
    CHECK(eventhubs.get("security.username") == "$ConnectionString");
    CHECK(eventhubs.get("security.password") == kSecret);
    CHECK(eventhubs.find("security.password")->secret);
    CHECK(eventhubs.get("librdkafka.connections.max.idle.ms") == "180000");
    CHECK(eventhubs.get("librdkafka.allow.auto.create.topics") == "false");
    CHECK(eventhubs.get("librdkafka.compression.codec") == "none");
    CHECK(eventhubs.get("topics.partitions") == "4");
    CHECK(resolve(path, "staging").get("librdkafka.linger.ms") == "20");
    CHECK(resolve(path, "local").get("topics.partitions") == "6");
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) != 0600);  // no secret in it: the mode it had

    // A second run changes nothing.
    auto again = plan_profile_edit(path, after, profile());
    CHECK(again.action() == "unchanged");
    CHECK_FALSE(again.changed());
}

TEST_CASE("updating replaces only that profile's block, comments above it stay") {
    TempDir dir;
    const std::string path = dir.write("orderctl.yaml", kExisting);
    write_profiles_file(plan_profile_edit(path, kExisting, profile()), false);
    const std::string first = read(path);
    EventHubsProfile changed = profile();
    changed.partitions = 8;
    changed.ca_file = "/etc/ssl/private ca.pem";
    auto edit = plan_profile_edit(path, first, changed);
    CHECK(edit.action() == "updated");
    write_profiles_file(edit, false);
    const std::string second = read(path);
    CHECK(second.find("partitions: 8") != std::string::npos);
    CHECK(second.find("partitions: 4") == std::string::npos);
    CHECK(second.substr(0, second.find("    eventhubs:")) ==
          first.substr(0, first.find("    eventhubs:")));
    CHECK(resolve(path, "eventhubs").get("security.ca-file") == "/etc/ssl/private ca.pem");
    // The dry-run view shows the change as lines removed and added.
    const std::string diff = diff_view(plan_profile_edit(path, second, profile()), {});
    CHECK(diff.find("- " + std::string(8, ' ') + "topics: {orders: orders, partitions: 8") !=
          std::string::npos);
    CHECK(diff.find("+ " + std::string(8, ' ') + "topics: {orders: orders, partitions: 4") !=
          std::string::npos);
}

TEST_CASE("a stored secret: 0600, redacted in the dry-run view, still parsed back exactly") {
    TempDir dir;
    const std::string path = dir.file("new/config.yaml");
    EventHubsProfile p = profile();
    p.stored_secret = kSecret + "$x'y";  // '$' and quotes must survive the YAML and ${} rules
    auto edit = plan_profile_edit(path, std::nullopt, p);
    CHECK(edit.action() == "created");
    const std::string diff = diff_view(edit, {*p.stored_secret, "s3cr3t+Key="});
    CHECK(diff.find("s3cr3t") == std::string::npos);
    CHECK(diff.find("+ " + std::string(6, ' ') + "password: <redacted>") != std::string::npos);
    write_profiles_file(edit, true);
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    ProfileRequest request;
    request.config_path = path;
    auto resolved = resolve_profile(request, [](const std::string&) { return std::nullopt; });
    CHECK(resolved.get("security.password") == *p.stored_secret);
}

TEST_CASE("an empty profiles map, a file without one, a flow-style map") {
    TempDir dir;
    const std::string empty = "profiles: {}\n";
    const std::string a = dir.write("a.yaml", empty);
    auto edit = plan_profile_edit(a, empty, profile());
    CHECK(edit.new_text.rfind("profiles:\n  eventhubs:\n", 0) == 0);
    const std::string only_current = "# just a comment\n";
    const std::string b = dir.write("b.yaml", only_current);
    CHECK(plan_profile_edit(b, only_current, profile())
              .new_text.rfind("# just a comment\n\nprofiles:\n  eventhubs:\n", 0) == 0);
    const std::string flow = "profiles: {local: {bootstrap-servers: x:9092}}\n";
    const std::string c = dir.write("c.yaml", flow);
    CHECK_THROWS_AS(plan_profile_edit(c, flow, profile()), Error);
    // A broken file is never edited.
    const std::string broken = "profiles:\n  local:\n    bootstrap-server: x\n";
    const std::string d = dir.write("d.yaml", broken);
    CHECK_THROWS_AS(plan_profile_edit(d, broken, profile()), Error);
}

TEST_CASE("the profile in the middle of the file is replaced in place") {
    TempDir dir;
    const std::string text =
        "profiles:\n  eventhubs:\n    bootstrap-servers: old:9093\n    # old comment\n\n"
        "  # the next one\n  local:\n    bootstrap-servers: 127.0.0.1:9092\n";
    const std::string path = dir.write("m.yaml", text);
    auto edit = plan_profile_edit(path, text, profile());
    CHECK(edit.action() == "updated");
    CHECK(edit.new_text.find("old:9093") == std::string::npos);
    CHECK(edit.new_text.find("old comment") == std::string::npos);
    CHECK(edit.new_text.find("\n\n  # the next one\n  local:\n    bootstrap-servers: "
                             "127.0.0.1:9092\n") != std::string::npos);
}
