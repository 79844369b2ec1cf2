#include "commands/profile.h"

#include <CLI/CLI.hpp>

#include "cli/diagnostics.h"
#include "cli/exit_codes.h"

namespace orderctl::commands {
namespace {

int run_list(cli::Context& context) {
    auto request = context.profile_request();
    auto env = core::process_environment();
    auto file = core::discover_profiles_file(request, env);
    auto profiles = core::list_profiles(request, env);
    cli::Json data = cli::Json::array();
    cli::Table table{{"current", "name", "bootstrap-servers"}, {}};
    for (const auto& profile : profiles) {
        data.push_back({{"name", profile.name},
                        {"current", profile.current},
                        {"bootstrap_servers", profile.bootstrap_servers}});
        table.rows.push_back({profile.current ? "*" : "", profile.name, profile.bootstrap_servers});
    }
    if (!file)
        cli::print_note("no profiles file found; using built-in defaults");
    else
        cli::print_note("profiles file: " + *file);
    cli::print_result(context.output_format(), data, table);
    return cli::kExitOk;
}

int run_show(cli::Context& context, const std::string& name) {
    if (!name.empty()) context.options.profile_name = name;
    const auto& profile = context.profile();
    cli::Json settings = cli::Json::array();
    cli::Table table{{"key", "value", "origin"}, {}};
    for (const auto& setting : profile.settings) {
        // Secrets never leave the process, whatever the verbosity.
        std::string value = setting.secret ? "<redacted>" : setting.value;
        settings.push_back({{"key", setting.key},
                            {"value", value},
                            {"origin", setting.origin.where},
                            {"secret", setting.secret}});
        table.rows.push_back({setting.key, value, setting.origin.where});
    }
    cli::Json data = {{"profile", profile.name.empty() ? cli::Json() : cli::Json(profile.name)},
                      {"file", profile.file.empty() ? cli::Json() : cli::Json(profile.file)},
                      {"settings", settings}};
    cli::print_note("profile: " + (profile.name.empty() ? "(none)" : profile.name) +
                    (profile.file.empty() ? "" : " from " + profile.file));
    cli::print_result(context.output_format(), data, table);
    return cli::kExitOk;
}

}  // namespace

void setup_profile(CLI::App& command, cli::Context& context, cli::Action& action) {
    command.require_subcommand(1);
    auto* list = command.add_subcommand("list", "List the profiles of the profiles file");
    list->fallthrough();
    list->callback([&context, &action] { action = [&context] { return run_list(context); }; });

    auto* show = command.add_subcommand("show", "Show resolved settings and where each comes from");
    show->fallthrough();
    auto name = std::make_shared<std::string>();
    show->add_option("name", *name, "Profile to show (default: the selected one)");
    show->callback([&context, &action, name] {
        action = [&context, name] { return run_show(context, *name); };
    });
}

}  // namespace orderctl::commands
