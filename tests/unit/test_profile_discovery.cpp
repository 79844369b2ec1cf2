// Where the profiles file is found, and which profile of it is used.
#include "test_profile_fixture.h"

using namespace profile_test;
using orderctl::core::discover_profiles_file;
using orderctl::core::list_profiles;
using orderctl::core::resolve_profile;

namespace {

std::string profile_file(const std::string& name) {
    return "profiles:\n  " + name + ":\n    bootstrap-servers: " + name + ":9092\n";
}

const char* const kTwo = R"(profiles:
  local:
    bootstrap-servers: 127.0.0.1:9092
  prod:
    bootstrap-servers: ${PROD_HOST}:9093
)";

}  // namespace

TEST_CASE("profile discovery: each step, in order") {
    TempDir dir;
    const auto flag = dir.write("flag.yaml", profile_file("flag"));
    const auto env_file = dir.write("env.yaml", profile_file("env"));
    const auto cwd_dir = dir.path() / "cwd";
    dir.write("cwd/orderctl.yaml", profile_file("cwd"));
    const auto xdg = dir.write("xdg/orderctl/config.yaml", profile_file("xdg"));
    const auto home = dir.write("home/.config/orderctl/config.yaml", profile_file("home"));
    CwdGuard cwd(cwd_dir);
    Vars vars = {{"ORDERCTL_CONFIG", env_file},
                 {"XDG_CONFIG_HOME", dir.file("xdg")},
                 {"HOME", dir.file("home")}};
    ProfileRequest request;
    request.config_path = flag;

    CHECK(discover_profiles_file(request, env_of(vars)) == flag);
    CHECK(resolve_profile(request, env_of(vars)).name == "flag");
    request.config_path.reset();
    CHECK(discover_profiles_file(request, env_of(vars)) == env_file);
    vars.erase("ORDERCTL_CONFIG");
    CHECK(discover_profiles_file(request, env_of(vars)) == "orderctl.yaml");
    CHECK(resolve_profile(request, env_of(vars)).get("bootstrap-servers") == "cwd:9092");
    fs::remove(cwd_dir / "orderctl.yaml");
    CHECK(discover_profiles_file(request, env_of(vars)) == xdg);
    fs::remove(xdg);
    // XDG_CONFIG_HOME set but without our file still falls back to ~/.config.
    CHECK(discover_profiles_file(request, env_of(vars)) == home);
    vars.erase("XDG_CONFIG_HOME");
    CHECK(discover_profiles_file(request, env_of(vars)) == home);
    fs::remove(home);
    CHECK_FALSE(discover_profiles_file(request, env_of(vars)).has_value());
    CHECK(list_profiles(request, env_of(vars)).empty());
}

TEST_CASE("profile discovery: an explicitly named file must exist") {
    TempDir dir;
    CwdGuard cwd(dir.path());
    dir.write("orderctl.yaml", profile_file("cwd"));
    ProfileRequest request;
    request.config_path = dir.file("missing.yaml");
    auto msg = config_error_of([&] { discover_profiles_file(request, env_of({})); });
    CHECK_CONTAINS(msg, "flag --config: profiles file '" + dir.file("missing.yaml"));
    CHECK_CONTAINS(msg, "does not exist");
    msg = config_error_of([&] {
        resolve_profile({}, env_of({{"ORDERCTL_CONFIG", dir.file("gone.yaml")}}));
    });
    CHECK_CONTAINS(msg, "env ORDERCTL_CONFIG: profiles file '" + dir.file("gone.yaml"));
    // An empty ORDERCTL_CONFIG counts as unset.
    CHECK(discover_profiles_file({}, env_of({{"ORDERCTL_CONFIG", ""}})) == "orderctl.yaml");
}

TEST_CASE("profile selection: -p, then ORDERCTL_PROFILE, then current-profile, then the only one") {
    TempDir dir;
    const auto path = dir.write("p.yaml", std::string("current-profile: local\n") + kTwo);
    const Vars vars = {{"PROD_HOST", "prod.example"}};
    ProfileRequest request;
    request.profile_name = "prod";
    CHECK(resolve_file(path, {{"PROD_HOST", "h"}, {"ORDERCTL_PROFILE", "local"}}, request).name ==
          "prod");
    CHECK(resolve_file(path, {{"PROD_HOST", "h"}, {"ORDERCTL_PROFILE", "prod"}}).name == "prod");
    CHECK(resolve_file(path, {{"ORDERCTL_PROFILE", ""}}).name == "local");
    CHECK(resolve_file(path, vars).name == "local");
    const auto only = dir.write("only.yaml", profile_file("solo"));
    CHECK(resolve_file(only).name == "solo");
    CHECK(resolve_file(only).get("bootstrap-servers") == "solo:9092");
}

TEST_CASE("profile selection: errors") {
    TempDir dir;
    const auto two = dir.write("two.yaml", kTwo);
    ProfileRequest request;

    auto msg = config_error_of([&] { resolve_file(two); });
    CHECK_CONTAINS(msg, two + ": no profile chosen among local, prod");
    CHECK_CONTAINS(msg, "expected -p NAME, ORDERCTL_PROFILE, or 'current-profile: NAME'");

    request.profile_name = "prd";
    msg = config_error_of([&] { resolve_file(two, {}, request); });
    CHECK_CONTAINS(msg, "flag --profile: no profile 'prd' in " + two);
    CHECK_CONTAINS(msg, "expected one of local, prod");
    CHECK_CONTAINS(msg, "hint: did you mean 'prod'?");

    msg = config_error_of([&] { resolve_file(two, {{"ORDERCTL_PROFILE", "staging"}}); });
    CHECK_CONTAINS(msg, "env ORDERCTL_PROFILE: no profile 'staging'");
    CHECK_NOT_CONTAINS(msg, "did you mean");

    const auto current = dir.write("current.yaml", std::string("current-profile: lcal\n") + kTwo);
    msg = config_error_of([&] { resolve_file(current); });
    CHECK_CONTAINS(msg, current + ":1:18: no profile 'lcal'");
    CHECK_CONTAINS(msg, "did you mean 'local'?");

    const auto empty = dir.write("empty.yaml", "profiles: {}\n");
    msg = config_error_of([&] { resolve_file(empty); });
    CHECK_CONTAINS(msg, "no profiles defined");

    // Asking for a profile without any profiles file must not fall back to localhost.
    TempDir nowhere;
    CwdGuard cwd(nowhere.path());
    msg = config_error_of([&] { resolve_profile(request, env_of({})); });
    CHECK_CONTAINS(msg, "flag --profile: profile 'prd' asked for, but no profiles file found");
    msg = config_error_of([&] { resolve_profile({}, env_of({{"ORDERCTL_PROFILE", "x"}})); });
    CHECK_CONTAINS(msg, "env ORDERCTL_PROFILE");
}

TEST_CASE("profile list: names in file order, the current one, servers as written") {
    TempDir dir;
    const auto path = dir.write("p.yaml", std::string("current-profile: prod\n") + kTwo);
    ProfileRequest request;
    request.config_path = path;
    auto profiles = list_profiles(request, env_of({}));
    REQUIRE(profiles.size() == 2);
    CHECK(profiles[0].name == "local");
    CHECK(profiles[1].name == "prod");
    CHECK_FALSE(profiles[0].current);
    CHECK(profiles[1].current);
    CHECK(profiles[0].bootstrap_servers == "127.0.0.1:9092");
    CHECK(profiles[1].bootstrap_servers == "${PROD_HOST}:9093");

    CHECK(list_profiles(request, env_of({{"ORDERCTL_PROFILE", "local"}}))[0].current);
    request.profile_name = "local";
    CHECK(list_profiles(request, env_of({{"ORDERCTL_PROFILE", "prod"}}))[0].current);
    // A misspelled name does not stop the listing; nothing is current then.
    request.profile_name = "nope";
    for (const auto& p : list_profiles(request, env_of({}))) CHECK_FALSE(p.current);

    const auto two = dir.write("two.yaml", kTwo);
    request = {};
    request.config_path = two;
    for (const auto& p : list_profiles(request, env_of({}))) CHECK_FALSE(p.current);
    request.config_path = dir.write("one.yaml", profile_file("solo"));
    CHECK(list_profiles(request, env_of({}))[0].current);
}
