// Security warnings: a profiles file others can read that holds a secret inline, and TLS
// verification turned off. The TLS checks run on librdkafka's own configuration object, so they
// also prove that orderctl's resolved defaults leave librdkafka's safe defaults alone.
#include <librdkafka/rdkafka.h>

#include <iostream>
#include <sstream>

#include "core/profile/file.h"
#include "core/profile/security.h"
#include "test_profile_fixture.h"

using namespace profile_test;
namespace core = orderctl::core;

namespace {

const char* const kInlineSecret = R"(profiles:
  prod:
    bootstrap-servers: broker:9093
    security:
      protocol: SASL_SSL
      sasl-mechanism: PLAIN
      username: app
      password: hunter2-inline
)";

const char* const kReferencedSecret = R"(profiles:
  prod:
    security:
      username: app
      password: {env: KAFKA_PASSWORD}
      key-password: ${KEY_PASSWORD}
)";

std::string write_with_mode(const TempDir& dir, const std::string& name, const std::string& text,
                            fs::perms mode) {
    const auto path = dir.write(name, text);
    fs::permissions(path, mode);
    return path;
}

// Runs `call` and returns what it wrote to std::cerr.
template <class Call>
std::string stderr_of(Call&& call) {
    std::ostringstream captured;
    auto* previous = std::cerr.rdbuf(captured.rdbuf());
    try {
        call();
    } catch (...) {
        std::cerr.rdbuf(previous);
        throw;
    }
    std::cerr.rdbuf(previous);
    return captured.str();
}

// The TLS warnings for `properties` applied to a fresh librdkafka configuration.
std::vector<std::string> tls_warnings_for(const std::vector<core::Setting>& properties,
                                          std::map<std::string, std::string>* effective_out = {}) {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char errstr[256];
    for (const auto& setting : properties)
        REQUIRE(rd_kafka_conf_set(conf, setting.key.c_str(), setting.value.c_str(), errstr,
                                  sizeof errstr) == RD_KAFKA_CONF_OK);
    const auto effective = [conf](const std::string& name) -> std::optional<std::string> {
        char value[512];
        size_t size = sizeof value;
        if (rd_kafka_conf_get(conf, name.c_str(), value, &size) != RD_KAFKA_CONF_OK)
            return std::nullopt;
        return std::string(value);
    };
    if (effective_out)
        for (const char* name :
             {"enable.ssl.certificate.verification", "ssl.endpoint.identification.algorithm"})
            (*effective_out)[name] = effective(name).value_or("<unset>");
    auto warnings = core::tls_verification_warnings(effective, properties);
    rd_kafka_conf_destroy(conf);
    return warnings;
}

}  // namespace

TEST_CASE("profile security: which values count as inline secrets") {
    TempDir dir;
    const auto inline_file = core::load_profiles_file(write_with_mode(
        dir, "a.yaml", kInlineSecret, fs::perms::owner_read | fs::perms::owner_write));
    const auto& values = inline_file.profiles.at(0).values;
    const auto value = [&](const std::string& key) {
        for (const auto& v : values)
            if (v.key == key) return v;
        FAIL("no value " << key);
        return core::FileValue{};
    };
    CHECK(core::is_inline_secret(value("security.password")));
    CHECK_FALSE(core::is_inline_secret(value("security.username")));
    CHECK_FALSE(core::is_inline_secret(value("bootstrap-servers")));

    const auto referenced = core::load_profiles_file(write_with_mode(
        dir, "b.yaml", kReferencedSecret, fs::perms::owner_read | fs::perms::owner_write));
    for (const auto& v : referenced.profiles.at(0).values)
        CHECK_MESSAGE(!core::is_inline_secret(v), v.key << " counted as inline");

    const auto map_file = core::load_profiles_file(write_with_mode(dir, "c.yaml", R"(profiles:
  p:
    librdkafka:
      sasl.password: inline-in-the-map
      sasl.oauthbearer.client.secret: ${SECRET:-fallback-in-the-file}
      linger.ms: 5
)",
                                                                   fs::perms::owner_all));
    for (const auto& v : map_file.profiles.at(0).values)
        CHECK_MESSAGE(core::is_inline_secret(v) == (v.key != "librdkafka.linger.ms"), v.key);
}

TEST_CASE("profile security: a readable profiles file with an inline secret warns") {
    TempDir dir;
    const auto path = write_with_mode(dir, "shared.yaml", kInlineSecret,
                                      fs::perms::owner_read | fs::perms::owner_write |
                                          fs::perms::group_read | fs::perms::others_read);
    std::string loaded_stderr;
    SUBCASE("loading it prints the warning once, naming the file and chmod 600") {
        loaded_stderr = stderr_of([&] { core::load_profiles_file(path); });
        CHECK_CONTAINS(loaded_stderr, "orderctl: warning: profiles file " + path);
        CHECK_CONTAINS(loaded_stderr, "chmod 600 " + path);
        CHECK_CONTAINS(loaded_stderr, "security.password");
        CHECK_CONTAINS(loaded_stderr, path + ":8");
        CHECK_NOT_CONTAINS(loaded_stderr, "hunter2-inline");
        CHECK(stderr_of([&] { resolve_file(path); }).empty());  // once per process
    }
    SUBCASE("group-readable alone is enough") {
        core::ProfilesFile file;
        (void)stderr_of([&] { file = core::load_profiles_file(path); });
        CHECK(core::profiles_file_exposure_warning(
            file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
        CHECK(core::profiles_file_exposure_warning(file,
                                                   fs::perms::owner_read | fs::perms::others_read));
    }
    SUBCASE("owner-only files do not warn") {
        core::ProfilesFile file;
        (void)stderr_of([&] { file = core::load_profiles_file(path); });
        CHECK_FALSE(core::profiles_file_exposure_warning(
            file, fs::perms::owner_read | fs::perms::owner_write));
        const auto private_path = write_with_mode(dir, "private.yaml", kInlineSecret,
                                                  fs::perms::owner_read | fs::perms::owner_write);
        CHECK(stderr_of([&] { core::load_profiles_file(private_path); }).empty());
    }
}

TEST_CASE("profile security: secrets held by reference never warn, whatever the mode") {
    TempDir dir;
    const auto path =
        write_with_mode(dir, "refs.yaml", kReferencedSecret,
                        fs::perms::owner_all | fs::perms::group_all | fs::perms::others_all);
    CHECK(stderr_of([&] { core::load_profiles_file(path); }).empty());
    CHECK_FALSE(
        core::profiles_file_exposure_warning(core::load_profiles_file(path), fs::perms::all));
}

TEST_CASE("profile security: orderctl keeps librdkafka's TLS verification defaults") {
    // No profiles file: built-in defaults only, as every command resolves them.
    TempDir dir;
    CwdGuard cwd(dir.path());
    const auto profile = core::resolve_profile(ProfileRequest{}, env_of({{"HOME", dir.path()}}));
    std::map<std::string, std::string> effective;
    CHECK(tls_warnings_for(profile.librdkafka_properties(), &effective).empty());
    CHECK(effective["enable.ssl.certificate.verification"] == "true");
    CHECK(effective["ssl.endpoint.identification.algorithm"] == "https");
    for (const auto& setting : profile.librdkafka_properties()) {
        CHECK(setting.key != "enable.ssl.certificate.verification");
        CHECK(setting.key != "ssl.endpoint.identification.algorithm");
    }
}

TEST_CASE("profile security: turning TLS verification off warns, naming where") {
    TempDir dir;
    SUBCASE("certificate verification off with -X") {
        ProfileRequest request;
        request.bootstrap_servers = "127.0.0.1:9093";
        request.librdkafka_overrides = {{"enable.ssl.certificate.verification", "false"}};
        CwdGuard cwd(dir.path());
        const auto profile = core::resolve_profile(request, env_of({}));
        const auto warnings = tls_warnings_for(profile.librdkafka_properties());
        REQUIRE(warnings.size() == 1);
        CHECK_CONTAINS(warnings[0], "TLS certificate verification is off");
        CHECK_CONTAINS(warnings[0], "enable.ssl.certificate.verification=false, from flag -X");
    }
    SUBCASE("hostname verification off in the profile's librdkafka map") {
        const auto path = write_with_mode(dir, "lab.yaml", R"(profiles:
  lab:
    security: {protocol: SSL}
    librdkafka:
      ssl.endpoint.identification.algorithm: none
)",
                                          fs::perms::owner_read | fs::perms::owner_write);
        const auto warnings = tls_warnings_for(resolve_file(path).librdkafka_properties());
        REQUIRE(warnings.size() == 1);
        CHECK_CONTAINS(warnings[0], "TLS hostname verification is off");
        CHECK_CONTAINS(warnings[0],
                       "ssl.endpoint.identification.algorithm=none, from " + path + ":5");
    }
    SUBCASE("both off: two warnings; turned back on by -X: none") {
        ProfileRequest request;
        request.librdkafka_overrides = {{"enable.ssl.certificate.verification", "0"},
                                        {"ssl.endpoint.identification.algorithm", "none"}};
        CwdGuard cwd(dir.path());
        CHECK(tls_warnings_for(core::resolve_profile(request, env_of({})).librdkafka_properties())
                  .size() == 2);
        request.librdkafka_overrides.emplace_back("enable.ssl.certificate.verification", "true");
        request.librdkafka_overrides.emplace_back("ssl.endpoint.identification.algorithm", "https");
        CHECK(tls_warnings_for(core::resolve_profile(request, env_of({})).librdkafka_properties())
                  .empty());
    }
}

TEST_CASE("profile security: warn_once prints each message once") {
    const auto first = stderr_of([] { core::warn_once("profile-security test message"); });
    const auto second = stderr_of([] { core::warn_once("profile-security test message"); });
    CHECK(first == "orderctl: warning: profile-security test message\n");
    CHECK(second.empty());
}
