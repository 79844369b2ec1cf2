// eventhubs-setup: the MirrorMaker 2 connector that replicates the local orders topic into
// Event Hubs, printed (--emit connect) or deployed to a Kafka Connect worker (--deploy).
#include <filesystem>
#include <iostream>

#include "cli/diagnostics.h"
#include "commands/eventhubs_setup/run.h"
#include "core/error.h"
#include "core/eventhubs/connect_config.h"
#include "core/eventhubs/connect_deploy.h"

namespace orderctl::commands::eventhubs_setup {
namespace {

using core::Error;
using core::ErrorKind;

// The local cluster to replicate from: --source-profile, else the file's current profile.
// -b names the Event Hubs endpoint in this command, so it does not apply here.
core::ResolvedProfile source_profile(const SetupRun& run) {
    core::ProfileRequest request;
    if (!run.context.options.config_path.empty())
        request.config_path = run.context.options.config_path;
    if (!run.options.source_profile.empty()) request.profile_name = run.options.source_profile;
    auto profile = core::resolve_profile(request, core::process_environment());
    if (!profile.name.empty() && profile.name == run.options.profile_name)
        throw Error(ErrorKind::Usage,
                    "the source profile is the Event Hubs profile '" + profile.name + "' itself",
                    "name the local cluster's profile with --source-profile");
    return profile;
}

}  // namespace

void emit_or_deploy_connector(SetupRun& run) {
    const auto source = source_profile(run);
    core::eventhubs::MirrorPlan plan;
    plan.connector_name = run.options.connector_name;
    plan.source_bootstrap = source.get("bootstrap-servers");
    plan.source_security_protocol = source.get("security.protocol");
    if (plan.source_security_protocol.find("SASL") != std::string::npos)
        cli::print_warning(
            "the source profile uses SASL: add its source.cluster.sasl.* settings "
            "to the connector config (they hold a secret orderctl does not write)");
    plan.source_replication_factor = source.get("topics.replication-factor");
    if (plan.source_replication_factor.empty()) plan.source_replication_factor = "1";
    plan.target_bootstrap = run.bootstrap;
    plan.password_env = run.options.connection_string_env;
    // The worker reads the CA from its own file system: an absolute path at least.
    plan.target_ca_file = run.ca_file;
    if (plan.target_ca_file.empty() && !run.options.ca_file.empty())
        plan.target_ca_file = std::filesystem::absolute(run.options.ca_file).string();
    plan.topic = run.event_hub;
    const auto config = core::eventhubs::mirror_source_config(plan);
    // The config holds only a reference to the secret: whoever read it from stdin (or an
    // environment of their own) would otherwise learn this when the task fails to log in.
    cli::print_note("the connector's password is ${env:" + plan.password_env +
                    "}: " + plan.password_env +
                    " must be set where the Connect worker runs, and the worker needs "
                    "config.providers=env (EnvVarConfigProvider)");

    if (!run.options.deploy) {
        std::cout << config.dump(2) << '\n';
        return;
    }
    cli::print_note("deploying connector '" + plan.connector_name + "' to " +
                    run.options.connect_url + " (source " + plan.source_bootstrap + ", target " +
                    plan.target_bootstrap + ")");
    const auto status = core::eventhubs::deploy_connector(
        run.options.connect_url, plan.connector_name, config, run.context.client_options().timeout);
    cli::Json tasks = cli::Json::array();
    for (const auto& task : status.tasks)
        tasks.push_back({{"id", task.id}, {"state", task.state}, {"worker", task.worker}});
    run.result["connector"] = {{"name", status.name},
                               {"action", status.created ? "created" : "updated"},
                               {"state", status.state},
                               {"tasks", tasks},
                               {"source", plan.source_bootstrap},
                               {"target", plan.target_bootstrap},
                               {"topic", plan.topic}};
    if (run.tables())
        cli::print_table(std::cout,
                         {{"connector", "action", "state", "tasks", "topic"},
                          {{status.name, status.created ? "created" : "updated", status.state,
                            std::to_string(status.tasks.size()) + " RUNNING", plan.topic}}});
}

}  // namespace orderctl::commands::eventhubs_setup
