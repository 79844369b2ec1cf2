#include "cli/app.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/command.h"
#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "cli/number_checks.h"
#include "cli/output_modes.h"
#include "cli/usage_errors.h"
#include "core/error.h"
#include "core/kafka/library.h"

namespace orderctl::cli {
namespace {

std::string version_text() {
    return std::string("orderctl ") + ORDERCTL_VERSION + " (librdkafka " +
           core::kafka::library_version() + ")";
}

void add_global_options(CLI::App& app, GlobalOptions& options) {
    app.add_option("--config", options.config_path, "Profiles file (else $ORDERCTL_CONFIG, ...)");
    app.add_option("-p,--profile", options.profile_name, "Profile to use");
    app.add_option("-b,--bootstrap-servers", options.bootstrap_servers,
                   "Brokers host:port[,host:port...]");
    app.add_option("-X", options.librdkafka_overrides, "librdkafka property key=value (repeatable)")
        ->take_last()
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->allow_extra_args(false);
    app.add_option("-o,--output", options.output,
                   "Output format: table, json, yaml, jsonl (which apply depends on the command; "
                   "see man orderctl, OUTPUT)")
        ->check(CLI::IsMember(output_format_names()));
    app.add_option("--timeout", options.timeout_seconds,
                   "Seconds to wait for the cluster before giving up (exit 5)")
        ->check(positive_seconds());
    app.add_flag("-q,--quiet", options.quiet, "Only data on stdout; no summaries or progress");
    app.add_flag("-v,--verbose", options.verbosity, "More detail on stderr (repeatable)");
}

// The chosen subcommand chain ("topics list") decides which -o modes apply.
OutputFormat choose_output(const CLI::App& app, const std::string& requested) {
    const CLI::App* leaf = &app;
    std::string path;
    while (!leaf->get_subcommands().empty()) {
        leaf = leaf->get_subcommands().front();
        path += (path.empty() ? "" : " ") + leaf->get_name();
    }
    return choose_output_mode(requested, path, [leaf](const std::string& flag) {
        try {
            return leaf->count(flag) > 0;
        } catch (const CLI::OptionNotFound&) {
            return false;
        }
    });
}

}  // namespace

int run(int argc, char** argv, const std::vector<CommandSpec>& commands) {
    Context context;
    Action action;
    CLI::App app{"orderctl: the order pipeline on Apache Kafka and Azure Event Hubs", "orderctl"};
    app.set_version_flag("--version", version_text());
    app.require_subcommand(1);
    app.fallthrough();  // global options are accepted after the subcommand too
    add_global_options(app, context.options);
    for (const auto& spec : commands) {
        CLI::App* command = app.add_subcommand(spec.name, spec.description);
        command->fallthrough();
        spec.setup(*command, context, action);
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        return kExitOk;
    } catch (const CLI::CallForAllHelp&) {
        std::cout << app.help("", CLI::AppFormatMode::All);
        return kExitOk;
    } catch (const CLI::CallForVersion&) {
        std::cout << version_text() << '\n';
        return kExitOk;
    } catch (const CLI::ParseError& error) {
        return report_usage_error(app, error);
    }

    set_quiet(context.options.quiet);
    try {
        if (!action) throw core::Error(core::ErrorKind::Usage, "nothing to do");
        context.set_output_format(choose_output(app, context.options.output));
        return action();
    } catch (const core::Error& error) {
        print_error(error.what(), error.hint());
        return exit_code_for(error.kind());
    } catch (const std::exception& error) {
        print_error(error.what());
        return kExitFailure;
    }
}

}  // namespace orderctl::cli
