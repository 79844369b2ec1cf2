// Binds the flags of `orderctl offsets` and its verbs `reset` and `delete`.
#include "commands/offsets/offsets.h"

#include <CLI/CLI.hpp>

#include <memory>

#include "cli/number_checks.h"

namespace orderctl::commands {
namespace {

void setup_reset(CLI::App& command, cli::Context& context, cli::Action& action) {
    auto o = std::make_shared<OffsetsResetOptions>();
    CLI::App* verb = command.add_subcommand(
        "reset", "Plan moving a group's committed offsets; apply the plan with --execute");
    verb->fallthrough();
    verb->add_option("-g,--group", o->group, "Consumer group (not needed with --from-file)");
    verb->add_option("-t,--topic", o->topics, "TOPIC or TOPIC:PARTITION,PARTITION,... (repeatable)")
        ->allow_extra_args(false);
    auto* modes = verb->add_option_group("mode", "Where to move the offsets (exactly one)");
    modes->add_flag("--to-earliest", o->to_earliest, "The oldest record still in the log");
    modes->add_flag("--to-latest", o->to_latest, "The log end: skip everything not yet read");
    modes->add_option("--to-offset", o->to_offset, "This offset (clamped to the log)")
        ->transform(cli::whole_number(0));
    modes->add_option("--to-datetime", o->to_datetime,
                      "The first record at or after this RFC 3339 time");
    modes
        ->add_option("--shift-by", o->shift_by,
                     "N records forward (or back, negative) from the committed offset")
        ->transform(cli::whole_number(std::numeric_limits<int64_t>::min()));
    modes->add_option("--from-file", o->from_file, "A plan written by --export");
    verb->add_option("--export", o->export_file, "Write the plan (JSON) to FILE");
    verb->add_flag("--execute", o->execute, "Apply the plan");
    verb->callback([&context, &action, o] {
        action = [&context, o] { return run_offsets_reset(context, *o); };
    });
}

void setup_delete(CLI::App& command, cli::Context& context, cli::Action& action) {
    auto o = std::make_shared<OffsetsDeleteOptions>();
    CLI::App* verb = command.add_subcommand(
        "delete", "Delete a group's committed offsets (shows what it would delete without --yes)");
    verb->fallthrough();
    verb->add_option("-g,--group", o->group, "Consumer group")->required();
    verb->add_option("-t,--topic", o->topic,
                     "Only this topic's offsets (default: the whole group)");
    verb->add_flag("--yes", o->yes, "Really delete");
    verb->callback([&context, &action, o] {
        action = [&context, o] { return run_offsets_delete(context, *o); };
    });
}

// --recommend-instances and the KEDA trigger settings it reads; each needs the first.
void setup_recommend(CLI::App& command, OffsetsOptions& o, CLI::Option* max_lag,
                     CLI::Option* watch) {
    auto* recommend = command.add_flag(
        "--recommend-instances", o.recommend_instances,
        "For each group, the instances it needs, as KEDA's Kafka scaler computes them");
    recommend->excludes(max_lag);
    command
        .add_option("--lag-threshold", o.lag_threshold,
                    "Records of lag one instance is for (KEDA's lagThreshold, default 10)")
        ->transform(cli::whole_number(1))
        ->needs(recommend);
    command
        .add_option("--activation-lag-threshold", o.activation_lag_threshold,
                    "Lag up to which a group stays at zero instances (default 0)")
        ->transform(cli::whole_number(0))
        ->needs(recommend);
    command
        .add_option("--offset-reset-policy", o.offset_reset_policy,
                    "Where a group without a commit starts: earliest (the role services' "
                    "default) or latest")
        ->check(CLI::IsMember({"earliest", "latest"}))
        ->needs(recommend);
    command
        .add_flag("--scale-to-zero-on-invalid-offset", o.scale_to_zero_on_invalid_offset,
                  "A partition without a commit counts no lag (KEDA's "
                  "scaleToZeroOnInvalidOffset)")
        ->needs(recommend);
    auto* idle = command
                     .add_flag("--allow-idle-consumers", o.allow_idle_consumers,
                               "No cap at the partition count (KEDA's allowIdleConsumers)")
                     ->needs(recommend);
    command
        .add_flag("--limit-to-partitions-with-lag", o.limit_to_partitions_with_lag,
                  "Cap at the partitions with lag (KEDA's limitToPartitionsWithLag)")
        ->needs(recommend)
        ->excludes(idle);
    // KEDA compares each poll with the one before: a single snapshot has no "before".
    command
        .add_flag("--exclude-persistent-lag", o.exclude_persistent_lag,
                  "With --watch: a partition whose committed offset has not moved since the "
                  "last refresh counts no lag (KEDA's excludePersistentLag)")
        ->needs(recommend)
        ->needs(watch);
}

}  // namespace

void setup_offsets(CLI::App& command, cli::Context& context, cli::Action& action) {
    auto o = std::make_shared<OffsetsOptions>();
    command.add_option("-g,--group", o->groups, "Consumer group (repeatable)")
        ->allow_extra_args(false);
    command.add_option("--role", o->roles, "The group of a role (repeatable)")
        ->check(CLI::IsMember({"inventory", "payment", "fulfillment"}))
        ->allow_extra_args(false);
    command.add_flag("--all-groups", o->all_groups, "Every consumer group of the cluster");
    command.add_option("-t,--topic", o->topic, "Only this topic");
    auto* max_lag = command
                        .add_option("--max-lag", o->max_lag,
                                    "Exit 4 when any partition lags more than N records (CI check)")
                        ->transform(cli::whole_number(0));
    auto* watch =
        command
            .add_option("--watch", o->watch_seconds,
                        "Refresh every SECONDS (default 2) with rates and time to catch up; "
                        "Ctrl-C stops")
            ->expected(0, 1)
            ->default_str("2")
            ->check(cli::seconds_between(0.1, 3600))
            ->excludes(max_lag);
    command
        .add_option("--metrics", o->metrics_address,
                    "With --watch: serve each group's lag and time-behind to Prometheus at "
                    "HOST:PORT (or :PORT) /metrics")
        ->needs(watch);
    setup_recommend(command, *o, max_lag, watch);
    setup_reset(command, context, action);
    setup_delete(command, context, action);
    // Runs after a verb's callback: the view is the action only when no verb was given.
    command.callback([&command, &context, &action, o] {
        if (command.get_subcommands().empty())
            action = [&context, o] { return run_offsets(context, *o); };
    });
}

}  // namespace orderctl::commands
