#include "commands/consume/consume.h"
#include "commands/consume/role.h"

#include <memory>

#include "cli/number_checks.h"

namespace orderctl::commands {

void setup_consume(CLI::App& command, cli::Context& context, cli::Action& action) {
    auto o = std::make_shared<ConsumeOptions>();
    command.add_option("-t,--topic", o->topic, "Topic (default: the profile's orders topic)");
    command.add_option("-g,--group", o->group,
                       "Consumer group: commit what was written (default: no group, no commits)");
    command
        .add_option("--from", o->from,
                    "Where to start: earliest, latest, OFFSET, @RFC3339 or @-DURATION "
                    "(e.g. @-1h); with --group only earliest or latest, for a new group")
        ->capture_default_str();
    command.add_option("--partition", o->partition, "Only this partition (not with --group)")
        ->transform(cli::whole_number_of<int32_t>(0));
    command.add_option("--max", o->max, "Stop after N records")->transform(cli::whole_number(1));
    command.add_option("--until", o->until,
                       "Stop at the end offsets taken at start (end), or at a time "
                       "(@RFC3339, @-DURATION)");
    command.add_option("--idle-timeout", o->idle_timeout, "Stop after SECONDS without a record")
        ->check(cli::positive_seconds());
    command
        .add_option("--filter", o->filters,
                    "Only records whose key=GLOB or header:NAME=GLOB matches (repeatable; all "
                    "must match)")
        ->allow_extra_args(false);
    auto format = command.add_option(
        "--format", o->format,
        "Write each record by this template instead of the envelope: %t %p %o %k %s %K %S %T "
        "%h, \\n \\t (as kcat -f)");
    command
        .add_option("--role", o->role,
                    "Run a service of the pipeline: inventory, payment or fulfillment")
        ->check(CLI::IsMember({"inventory", "payment", "fulfillment"}))
        ->excludes(format);
    command.add_option("--catalog", o->catalog,
                       "inventory: file of known SKUs, one per line; others are rejected");
    command.add_option("--limit", o->limit, "payment: decline orders above this amount");
    command.add_flag("--exactly-once", o->exactly_once,
                     "Role services: each outcome and its offset commit in one transaction "
                     "(read_committed input)");
    auto exec = command.add_option(
        "--exec", o->exec,
        "Role services: run CMD (one long-lived child) as the handler: an order per line on its "
        "stdin, a JSON outcome per line on its stdout");
    command
        .add_option("--exec-timeout", o->exec_timeout,
                    "Seconds the --exec handler has to answer one order")
        ->check(cli::positive_seconds())
        ->capture_default_str()
        ->needs(exec);
    command
        .add_option("--retries", o->retries,
                    "Attempts after a failed handler call (with backoff) before dead-lettering")
        ->transform(cli::whole_number_of<unsigned>(0))
        ->capture_default_str()
        ->needs(exec);
    command.add_option("--metrics", o->metrics,
                       "Role services: serve Prometheus metrics at HOST:PORT (or :PORT) /metrics");
    command.callback([&context, &action, o] {
        action = [&context, o] {
            return o->role.empty() ? run_consume(context, *o) : run_role_service(context, *o);
        };
    });
}

}  // namespace orderctl::commands
