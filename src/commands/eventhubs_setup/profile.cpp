// eventhubs-setup: writing the Event Hubs profile (or showing the change with --dry-run).
#include <filesystem>
#include <iostream>

#include "cli/diagnostics.h"
#include "commands/eventhubs_setup/run.h"
#include "core/error.h"
#include "core/eventhubs/entra_login.h"
#include "core/eventhubs/profile_writer.h"
#include "core/eventhubs/tier_limits.h"

namespace orderctl::commands::eventhubs_setup {
namespace {

namespace fs = std::filesystem;
using core::Error;
using core::ErrorKind;

// The file the profile goes into: --config (created when missing), else the one discovery
// finds, else the per-user default that discovery would find next time.
std::string profiles_path(cli::Context& context) {
    if (!context.options.config_path.empty()) return context.options.config_path;
    const auto env = core::process_environment();
    core::ProfileRequest request;
    if (auto found = core::discover_profiles_file(request, env)) return *found;
    if (auto xdg = env("XDG_CONFIG_HOME"); xdg && !xdg->empty())
        return (fs::path(*xdg) / "orderctl" / "config.yaml").string();
    if (auto home = env("HOME"); home && !home->empty())
        return (fs::path(*home) / ".config" / "orderctl" / "config.yaml").string();
    throw Error(ErrorKind::Config, "no profiles file and no HOME to create one in",
                "give the file with --config FILE");
}

std::string absolute_ca_file(const std::string& path) {
    if (path.empty()) return path;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        throw Error(ErrorKind::Usage, "--ca-file " + path + ": not a readable file",
                    "the CA certificate in PEM format");
    return fs::absolute(path).lexically_normal().string();
}

}  // namespace

core::EnvLookup SetupRun::environment() const {
    auto base = core::process_environment();
    return [base, name = options.connection_string_env,
            secret = connection_string](const std::string& key) -> std::optional<std::string> {
        if (key == name && !secret.empty()) return secret;
        return base(key);
    };
}

core::ResolvedProfile SetupRun::eventhubs_profile() const {
    core::ProfileRequest request = context.profile_request();
    request.config_path = profiles_path;
    request.profile_name = options.profile_name;
    return core::resolve_profile(request, environment());
}

void write_profile(SetupRun& run) {
    const auto& o = run.options;
    run.profiles_path = profiles_path(run.context);
    run.ca_file = absolute_ca_file(o.ca_file);
    core::eventhubs::EventHubsProfile profile;
    profile.name = o.profile_name;
    profile.bootstrap = run.bootstrap;
    profile.password_env = o.connection_string_env;
    if (o.store_secret) profile.stored_secret = run.connection_string;
    const bool entra = o.auth == "entra";
    if (entra) {
        core::eventhubs::EntraSignIn sign_in;
        sign_in.client_id = o.client_id;
        sign_in.secret_env = o.client_secret_env;
        sign_in.workload_identity = o.workload_identity;
        sign_in.token_endpoint = o.token_endpoint.empty()
                                     ? core::eventhubs::token_endpoint(run.parsed.host(), o.tenant)
                                     : o.token_endpoint;
        sign_in.scope = core::eventhubs::token_scope(run.parsed.host());
        profile.entra = sign_in;
    }
    profile.ca_file = run.ca_file;
    profile.event_hub = run.event_hub;
    profile.partitions = o.partitions;
    profile.max_message_bytes = o.max_message_bytes;
    profile.tier = core::eventhubs::limits_of(core::eventhubs::parse_tier(o.tier)).name;
    profile.description = "Azure Event Hubs namespace " + run.parsed.namespace_name + " (" +
                          core::eventhubs::limits_of(core::eventhubs::parse_tier(o.tier)).name +
                          " tier), " + (entra ? "Microsoft Entra ID sign-in, " : "") +
                          "written by orderctl eventhubs-setup";

    auto edit = core::eventhubs::plan_profile_edit(
        run.profiles_path, core::eventhubs::read_if_exists(run.profiles_path), profile);
    const std::string action =
        o.dry_run && edit.changed() ? "would be " + edit.action() : edit.action();
    if (!o.dry_run && edit.changed()) core::eventhubs::write_profiles_file(edit, o.store_secret);

    // What the profile reads from the environment to sign in: the secret's variable, or the
    // federated token file's (which AKS's workload identity webhook sets in the pod).
    const std::string secret_env = o.workload_identity ? "AZURE_FEDERATED_TOKEN_FILE"
                                   : entra             ? o.client_secret_env
                                                       : o.connection_string_env;
    const std::string secret_text = o.store_secret ? "stored in the file (mode 0600)"
                                    : o.workload_identity
                                        ? "federated token (${AZURE_FEDERATED_TOKEN_FILE})"
                                        : "{env: " + secret_env + "}";
    cli::Json data = {{"profile", o.profile_name},  {"file", run.profiles_path},
                      {"action", action},           {"namespace", run.parsed.namespace_name},
                      {"bootstrap", run.bootstrap}, {"event_hub", run.event_hub},
                      {"password", secret_text},    {"auth", o.auth}};
    if (o.dry_run) {
        const std::string diff = core::eventhubs::diff_view(edit, run.secrets());
        if (run.tables()) std::cout << diff;
        data["diff"] = diff;
    } else if (run.tables()) {
        cli::print_table(
            std::cout, {{"profile", "action", "file", "bootstrap", "password"},
                        {{o.profile_name, action, run.profiles_path, run.bootstrap, secret_text}}});
    }
    run.result["profile"] = data;
    if (o.dry_run) return;
    if (!o.store_secret && !core::process_environment()(secret_env))
        cli::print_warning(secret_env +
                           " is not set in this shell: export it before using the profile");
    if (!edit.changed()) return;
    const std::string config =
        run.context.options.config_path.empty() ? "" : " --config " + run.profiles_path;
    cli::print_note("use it: orderctl" + config + " -p " + o.profile_name + " produce ...");
}

}  // namespace orderctl::commands::eventhubs_setup
