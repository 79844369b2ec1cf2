// The state one `eventhubs-setup` run carries from step to step (internal to the command).
#pragma once

#include <string>
#include <vector>

#include "cli/context.h"
#include "cli/output.h"
#include "commands/eventhubs_setup/eventhubs_setup.h"
#include "core/eventhubs/connection_string.h"
#include "core/profile/profile.h"

namespace orderctl::commands::eventhubs_setup {

struct SetupRun {
    cli::Context& context;
    const EventhubsSetupOptions& options;
    std::string connection_string;  // the secret, as read
    core::eventhubs::ConnectionString parsed;
    std::string event_hub;
    std::string bootstrap;      // what the profile gets
    std::string profiles_path;  // the file the profile is written to
    std::string ca_file;        // absolute, when given
    cli::Json result = cli::Json::object();

    bool tables() const { return context.output_format() == cli::OutputFormat::Table; }
    std::vector<std::string> secrets() const { return {connection_string, parsed.key}; }
    // The environment, with the connection string under its variable name (it may have come
    // from stdin), for resolving the profile just written.
    core::EnvLookup environment() const;
    core::ResolvedProfile eventhubs_profile() const;
};

void write_profile(SetupRun& run);
void create_event_hub(SetupRun& run);
void check_connectivity(SetupRun& run);
void emit_or_deploy_connector(SetupRun& run);

}  // namespace orderctl::commands::eventhubs_setup
