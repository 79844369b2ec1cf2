#include "commands/eventhubs_setup/eventhubs_setup.h"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <iostream>
#include <iterator>
#include <memory>
#include <regex>

#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "cli/number_checks.h"
#include "commands/eventhubs_setup/run.h"
#include "core/error.h"
#include "core/eventhubs/az_script.h"
#include "core/eventhubs/entra_login.h"
#include "core/eventhubs/tier_limits.h"

namespace orderctl::commands {
namespace {

using core::Error;
using core::ErrorKind;
using eventhubs_setup::SetupRun;

void usage(const std::string& message, const std::string& hint = {}) {
    throw Error(ErrorKind::Usage, message, hint);
}

void check_combinations(const EventhubsSetupOptions& o) {
    if (o.canary && !o.check) usage("--canary needs --check");
    if (o.deploy && o.connect_url.empty()) usage("--deploy needs --connect-url URL");
    if (!o.connect_url.empty() && !o.deploy)
        usage("--connect-url needs --deploy", "--emit connect prints the config instead");
    const bool acts = o.create_topic || o.check || o.deploy;
    if (!o.emit.empty() && acts)
        usage(
            "--emit prints and does nothing else; run --create-topic, --check or --deploy "
            "separately");
    if (o.dry_run && acts) usage("--dry-run shows the profile change only; drop it to act");
    if (!o.emit.empty() && (o.dry_run || o.store_secret))
        usage("--emit writes no profile: --dry-run and --store-secret do not apply");
    static const std::regex variable("[A-Za-z_][A-Za-z0-9_]*");
    if (!std::regex_match(o.connection_string_env, variable))
        usage("--connection-string-env: not an environment variable name");
    const bool entra = o.auth == "entra";
    if (!entra && (!o.tenant.empty() || !o.client_id.empty() || !o.token_endpoint.empty() ||
                   o.workload_identity))
        usage(
            "--tenant, --client-id, --token-endpoint and --workload-identity belong to --auth "
            "entra");
    if (entra) {
        if (o.namespace_name.empty())
            usage("--auth entra needs --namespace NS", "the namespace name or its host name");
        if (o.tenant.empty() && o.token_endpoint.empty())
            usage("--auth entra needs --tenant T", "the directory (tenant) id or domain");
        if (o.client_id.empty())
            usage("--auth entra needs --client-id C", "the app registration's application id");
        if (!std::regex_match(o.client_secret_env, variable))
            usage("--client-secret-env: not an environment variable name");
        if (o.store_secret || !o.connection_string.empty())
            usage(
                "--auth entra signs in with a client secret held by --client-secret-env; "
                "--store-secret and --connection-string do not apply");
    }
    // The value is never echoed: it may be the secret itself, pasted by mistake.
    if (!o.connection_string.empty() && o.connection_string != "-")
        usage("--connection-string takes only '-' (read it from stdin)",
              "a secret on the command line shows in ps and in shell history; use "
              "--connection-string-env NAME or --connection-string - instead");
}

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// The connection string from stdin or the environment, without surrounding white space (echo
// and here-strings add a newline that is not part of it).
std::string read_connection_string(const EventhubsSetupOptions& o) {
    if (o.connection_string == "-") {
        // The prompt goes to stderr; nothing typed is echoed back by orderctl.
        if (::isatty(STDIN_FILENO))
            cli::print_note("paste the connection string, then Enter and Ctrl-D");
        std::string text((std::istreambuf_iterator<char>(std::cin)),
                         std::istreambuf_iterator<char>());
        return trimmed(text);
    }
    auto value = core::process_environment()(o.connection_string_env);
    if (value && !value->empty()) return trimmed(*value);
    throw Error(
        ErrorKind::Usage, "no connection string: " + o.connection_string_env + " is not set",
        std::string(o.emit == "az" ? "for a namespace yet to create, give --namespace NAME; "
                                     "else "
                                   : "") +
            "export " + o.connection_string_env +
            "='Endpoint=sb://...' (single quotes), or pipe it in with "
            "--connection-string -");
}

int emit_az(SetupRun& run, const core::eventhubs::SetupRequest& request) {
    core::eventhubs::AzPlan plan;
    plan.resource_group = run.options.resource_group;
    plan.location = run.options.location;
    plan.namespace_name = run.options.namespace_name.empty() || run.options.auth == "entra"
                              ? run.parsed.namespace_name
                              : run.options.namespace_name;
    if (run.options.auth == "entra") plan.role_assignee = run.options.client_id;
    plan.event_hub = run.event_hub;
    plan.request = request;
    std::cout << core::eventhubs::az_script(plan);
    return cli::kExitOk;
}

}  // namespace

void setup_eventhubs_setup(CLI::App& command, cli::Context& context, cli::Action& action) {
    auto o = std::make_shared<EventhubsSetupOptions>();
    command.add_option("--connection-string-env", o->connection_string_env,
                       "Environment variable holding the connection string "
                       "(default EVENTHUBS_CONNECTION_STRING)");
    command.add_option("--connection-string", o->connection_string,
                       "'-': read the connection string from stdin (never a value in argv)");
    command.add_option("--eventhub", o->event_hub,
                       "Event hub (the orders topic); default EntityPath, else orders");
    command.add_option("--partitions", o->partitions, "Partitions of the event hub (default 4)")
        ->transform(cli::whole_number_of<int>(1));
    command
        .add_option("--retention-hours", o->retention_hours,
                    "Retention of the event hub in hours (default 168)")
        ->transform(cli::whole_number_of<int>(1));
    command.add_option("--tier", o->tier, "Basic, Standard (default), Premium or Dedicated");
    command
        .add_option("--max-message-bytes", o->max_message_bytes,
                    "message.max.bytes for the profile, checked against the tier")
        ->transform(cli::whole_number(1));
    command.add_option("--resource-group", o->resource_group, "Azure resource group (--emit az)");
    command.add_option("--location", o->location, "Azure region, e.g. westeurope (--emit az)");
    command.add_option("--namespace", o->namespace_name,
                       "Namespace for --emit az (then no connection string is read)");
    command.add_option("--profile-name", o->profile_name,
                       "Name of the profile to write (default eventhubs)");
    command.add_option("--ca-file", o->ca_file,
                       "CA certificate (PEM) for the profile's ssl.ca.location");
    command.add_flag("--store-secret", o->store_secret,
                     "Write the connection string itself into the profile (file mode 0600)");
    command.add_flag("--dry-run", o->dry_run, "Show the profile change; write nothing");
    command.add_option("--emit", o->emit, "Print instead: az (provisioning script) or connect")
        ->check(CLI::IsMember({"az", "connect"}));
    command.add_flag("--create-topic", o->create_topic,
                     "Create the event hub through the Kafka admin API if missing");
    command.add_flag("--check", o->check,
                     "Check DNS, TCP, TLS, SASL, metadata and the event hub, step by step");
    command.add_flag("--canary", o->canary, "With --check: a produce-and-consume round trip");
    command.add_option("--source-profile", o->source_profile,
                       "Profile of the local cluster to replicate from (default: current)");
    command.add_option("--connect-url", o->connect_url, "Kafka Connect REST URL (with --deploy)");
    command.add_flag("--deploy", o->deploy,
                     "Deploy the MirrorMaker 2 connector and wait until it runs");
    command.add_option("--connector-name", o->connector_name,
                       "Connector name (default orderctl-orders-to-eventhubs)");
    command
        .add_option("--auth", o->auth, "connection-string (default) or entra (Microsoft Entra ID)")
        ->check(CLI::IsMember({"connection-string", "entra"}));
    command.add_option("--tenant", o->tenant, "--auth entra: the directory (tenant) id or domain");
    command.add_option("--client-id", o->client_id, "--auth entra: the application (client) id");
    command.add_option("--client-secret-env", o->client_secret_env,
                       "--auth entra: variable holding the client secret (default "
                       "AZURE_CLIENT_SECRET)");
    command.add_flag("--workload-identity", o->workload_identity,
                     "--auth entra: sign in with AKS workload identity's federated token "
                     "($AZURE_FEDERATED_TOKEN_FILE) instead of a client secret");
    command.add_option("--token-endpoint", o->token_endpoint,
                       "--auth entra: token endpoint URL (default: the namespace's cloud's Entra)");
    command.callback([&context, &action, o] {
        action = [&context, o] { return run_eventhubs_setup(context, *o); };
    });
}

int run_eventhubs_setup(cli::Context& context, const EventhubsSetupOptions& o) {
    check_combinations(o);
    core::eventhubs::SetupRequest request;
    request.tier = core::eventhubs::parse_tier(o.tier);
    request.partitions = o.partitions;
    request.retention_hours = o.retention_hours;
    if (o.max_message_bytes) request.max_message_bytes = *o.max_message_bytes;
    core::eventhubs::check_tier_limits(request);

    SetupRun run{context, o, {}, {}, {}, {}, {}, {}, cli::Json::object()};
    const bool az_only = o.emit == "az";
    const bool entra = o.auth == "entra";
    // A new namespace (--emit az --namespace) has no connection string yet; Entra needs none.
    if (entra) {
        const std::string host = core::eventhubs::namespace_host(o.namespace_name);
        run.parsed.namespace_name = host.substr(0, host.find('.'));
        run.parsed.domain = host.substr(host.find('.') + 1);
    } else if (!(az_only && !o.namespace_name.empty())) {
        run.connection_string = read_connection_string(o);
        run.parsed = core::eventhubs::parse_connection_string(run.connection_string);
    }
    run.event_hub = o.event_hub;
    if (run.parsed.entity_path) {
        if (!run.event_hub.empty() && run.event_hub != *run.parsed.entity_path)
            usage("--eventhub " + run.event_hub +
                      " differs from the connection string's "
                      "EntityPath " +
                      *run.parsed.entity_path,
                  "an event-hub-level connection string grants that one hub only");
        run.event_hub = *run.parsed.entity_path;
        cli::print_warning(
            "the connection string is event-hub-level (EntityPath): it grants the hub '" +
            run.event_hub + "' only; Kafka clients may need a namespace-level policy (--check)");
    }
    if (run.event_hub.empty()) run.event_hub = "orders";
    if (az_only) return emit_az(run, request);

    run.bootstrap = context.options.bootstrap_servers.empty() ? run.parsed.kafka_bootstrap()
                                                              : context.options.bootstrap_servers;
    if (entra && o.emit == "connect")
        usage("--emit connect writes a connection-string sign-in; use --auth connection-string");
    try {
        if (o.emit != "connect") write_profile(run);
        if (o.create_topic) create_event_hub(run);
        if (o.check) check_connectivity(run);
        if (o.emit == "connect" || o.deploy) emit_or_deploy_connector(run);
    } catch (const Error&) {
        // -o json: the steps done so far are data too, the failed one included.
        if (!run.tables() && !run.result.empty())
            cli::print_result(context.output_format(), run.result, {});
        throw;
    }
    if (!run.tables() && o.emit != "connect")
        cli::print_result(context.output_format(), run.result, {});
    return cli::kExitOk;
}

}  // namespace orderctl::commands
