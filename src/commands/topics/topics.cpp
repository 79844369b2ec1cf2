#include "commands/topics/topics.h"

#include <CLI/CLI.hpp>

#include <memory>

#include "cli/number_checks.h"
#include "commands/topics/verbs.h"

namespace orderctl::commands {
namespace {

// Binds a verb: its options live as long as the app, and parsing it selects its run function.
template <typename Options, typename Setup>
void add_verb(CLI::App& command, cli::Context& context, cli::Action& action, const char* name,
              const char* description, int (*run)(cli::Context&, const Options&), Setup setup) {
    auto options = std::make_shared<Options>();
    CLI::App* verb = command.add_subcommand(name, description);
    verb->fallthrough();
    setup(*verb, *options);
    verb->callback([&context, &action, options, run] {
        action = [&context, options, run] { return run(context, *options); };
    });
}

}  // namespace

void setup_topics(CLI::App& command, cli::Context& context, cli::Action& action) {
    using namespace topics;
    command.require_subcommand(1);

    add_verb<ListOptions>(command, context, action, "list", "List topics", &run_list,
                          [](CLI::App& verb, ListOptions& o) {
                              verb.add_flag("--all", o.all, "Include Kafka's internal topics");
                          });
    add_verb<DescribeOptions>(command, context, action, "describe",
                              "Partitions (leader, replicas, ISR, offsets) and non-default configs",
                              &run_describe, [](CLI::App& verb, DescribeOptions& o) {
                                  verb.add_option("name", o.name, "Topic")->required();
                              });
    add_verb<CreateOptions>(
        command, context, action, "create", "Create a topic", &run_create,
        [](CLI::App& verb, CreateOptions& o) {
            verb.add_option("name", o.name, "Topic")->required();
            verb.add_option("--partitions", o.partitions, "Partitions (default: profile)")
                ->transform(cli::whole_number_of<int32_t>(1));
            // Kafka's replication factor is a 16-bit field.
            verb.add_option("--replication-factor", o.replication_factor,
                            "Replicas per partition (default: profile)")
                ->transform(cli::whole_number_of<int16_t>(1));
            verb.add_option("--config", o.configs, "Topic config key=value (repeatable)")
                ->allow_extra_args(false);
            verb.add_flag("--if-not-exists", o.if_not_exists, "Succeed if the topic exists");
            verb.add_flag("--dry-run", o.dry_run, "Let the broker validate, create nothing");
        });
    add_verb<AlterOptions>(
        command, context, action, "alter", "Add partitions or change topic configs", &run_alter,
        [](CLI::App& verb, AlterOptions& o) {
            verb.add_option("name", o.name, "Topic")->required();
            verb.add_option("--partitions", o.partitions, "New total (partitions only grow)")
                ->transform(cli::whole_number_of<int32_t>(1));
            verb.add_option("--config", o.configs, "Set a topic config key=value (repeatable)")
                ->allow_extra_args(false);
            verb.add_option("--delete-config", o.delete_configs,
                            "Remove a topic config, back to the default (repeatable)")
                ->allow_extra_args(false);
            verb.add_flag("--dry-run", o.dry_run, "Let the broker validate, change nothing");
        });
    add_verb<DeleteOptions>(command, context, action, "delete",
                            "Delete topics (shows what it would delete without --yes)", &run_delete,
                            [](CLI::App& verb, DeleteOptions& o) {
                                verb.add_option("names", o.names, "Topics")->required();
                                verb.add_flag("--yes", o.yes, "Really delete");
                            });
    add_verb<ApplyOptions>(
        command, context, action, "apply",
        "Plan the changes a topics file asks for; apply them with --execute", &run_apply,
        [](CLI::App& verb, ApplyOptions& o) {
            verb.add_option("-f,--file", o.file, "Desired topics (YAML)")->required();
            verb.add_flag("--execute", o.execute, "Apply the plan");
        });
}

}  // namespace orderctl::commands
