// The dev broker's announcement file and its use by profile resolution: found only when its
// process is alive, never when a profiles file exists, always below -b and the environment.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include "core/devbroker/demo_walkthrough.h"
#include "core/devbroker/registry.h"
#include "test_profile_fixture.h"

using namespace profile_test;
using orderctl::core::dev_broker_file;
using orderctl::core::DevBrokerAnnouncement;
using orderctl::core::find_dev_broker;
using orderctl::core::resolve_profile;

namespace {

// A pid that is certainly not running: a child that has exited and been reaped.
long dead_pid() {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    return child;
}

std::string bootstrap_of(const ResolvedProfile& profile) {
    return profile.get("bootstrap-servers") + " " + profile.find("bootstrap-servers")->origin.where;
}

}  // namespace

TEST_CASE("dev broker file: XDG_RUNTIME_DIR, else XDG_CACHE_HOME, else ~/.cache") {
    CHECK(dev_broker_file(env_of({{"XDG_RUNTIME_DIR", "/run/u"}, {"HOME", "/h"}})) ==
          "/run/u/orderctl/dev-broker");
    CHECK(dev_broker_file(env_of({{"XDG_CACHE_HOME", "/c"}, {"HOME", "/h"}})) ==
          "/c/orderctl/dev-broker");
    CHECK(dev_broker_file(env_of({{"XDG_RUNTIME_DIR", ""}, {"HOME", "/h"}})) ==
          "/h/.cache/orderctl/dev-broker");
    CHECK_FALSE(dev_broker_file(env_of({})).has_value());
}

TEST_CASE("dev broker: announced while alive, removed when done, a dead pid ignored") {
    TempDir dir;
    const auto env = env_of({{"XDG_RUNTIME_DIR", dir.path().string()}});
    CHECK_FALSE(find_dev_broker(env).has_value());
    {
        DevBrokerAnnouncement announcement(env, "127.0.0.1:40000");
        REQUIRE(announcement.path() == dir.file("orderctl/dev-broker"));
        const auto found = find_dev_broker(env);
        REQUIRE(found.has_value());
        CHECK(found->bootstrap_servers == "127.0.0.1:40000");
        CHECK(found->pid == static_cast<long>(::getpid()));
        CHECK(fs::status(announcement.path()).permissions() ==
              (fs::perms::owner_read | fs::perms::owner_write));
    }
    CHECK_FALSE(fs::exists(dir.file("orderctl/dev-broker")));

    dir.write("orderctl/dev-broker",
              "bootstrap=127.0.0.1:1\npid=" + std::to_string(dead_pid()) + "\n");
    CHECK_FALSE(find_dev_broker(env).has_value());
    dir.write("orderctl/dev-broker", "garbage\n");
    CHECK_FALSE(find_dev_broker(env).has_value());
}

TEST_CASE("dev broker: a newer broker's file is left alone by an older one stopping") {
    TempDir dir;
    const auto env = env_of({{"XDG_RUNTIME_DIR", dir.path().string()}});
    {
        DevBrokerAnnouncement announcement(env, "127.0.0.1:40000");
        // Another broker (pid 1 is always alive) announced itself since.
        dir.write("orderctl/dev-broker", "bootstrap=127.0.0.1:40001\npid=1\n");
    }
    CHECK(fs::exists(dir.file("orderctl/dev-broker")));
}

TEST_CASE("profile resolution: the dev broker replaces only the default") {
    TempDir dir;
    TempDir cwd;
    CwdGuard guard(cwd.path());
    Vars vars = {{"XDG_RUNTIME_DIR", dir.path().string()}, {"HOME", dir.file("home")}};
    DevBrokerAnnouncement announcement(env_of(vars), "127.0.0.1:40000");

    CHECK(bootstrap_of(resolve_profile({}, env_of(vars))) == "127.0.0.1:40000 dev-broker");

    ProfileRequest flag;
    flag.bootstrap_servers = "127.0.0.1:9092";
    CHECK(bootstrap_of(resolve_profile(flag, env_of(vars))) ==
          "127.0.0.1:9092 flag --bootstrap-servers");

    Vars with_env = vars;
    with_env["ORDERCTL_BOOTSTRAP_SERVERS"] = "10.0.0.1:9092";
    CHECK(bootstrap_of(resolve_profile({}, env_of(with_env))) ==
          "10.0.0.1:9092 env ORDERCTL_BOOTSTRAP_SERVERS");

    // A profiles file, even one without bootstrap-servers, means the user chose a cluster.
    const auto file = dir.write("profiles.yaml", "profiles:\n  local:\n    client-id: me\n");
    CHECK(bootstrap_of(resolve_file(file, vars)) == "localhost:9092 default");
}

TEST_CASE("demo profile: defaults and the in-process cluster, nothing else") {
    const auto profile = orderctl::core::demo_profile("127.0.0.1:40000");
    CHECK(bootstrap_of(profile) == "127.0.0.1:40000 demo");
    CHECK(profile.orders_topic() == "orders");
    CHECK(profile.role_group("payment") == "orderctl-payment");
    CHECK(std::is_sorted(profile.settings.begin(), profile.settings.end(),
                         [](const auto& a, const auto& b) { return a.key < b.key; }));
}
