// The options of `orderctl produce`, as CLI11 parses them; run.cpp runs them.
#include "commands/produce/produce.h"

#include <memory>

#include "cli/number_checks.h"

namespace orderctl::commands {

void setup_produce(CLI::App& command, cli::Context& context, cli::Action& action) {
    auto o = std::make_shared<ProduceOptions>();
    command.add_option("files", o->files, "JSONL order files (default: stdin; - for stdin)");
    command.add_option("-t,--topic", o->topic, "Topic (default: the profile's orders topic)");
    command.add_option("--key-field", o->key_field, "Top-level field used as the key")
        ->capture_default_str();
    command.add_option("-H,--header", o->headers, "Extra record header key=value (repeatable)")
        ->allow_extra_args(false);
    command.add_option("--partition", o->partition, "Send every order to this partition")
        ->transform(cli::whole_number_of<int32_t>(0));
    command.add_option("--report", o->report,
                       "One JSON line per input line to FILE, or - for stdout");
    command.add_option("--on-invalid", o->on_invalid, "fail, skip or dlq")
        ->check(CLI::IsMember({"fail", "skip", "dlq"}))
        ->capture_default_str();
    command.add_option("--dlq-topic", o->dlq_topic, "Dead-letter topic (default: TOPIC.dlq)");
    command.add_flag("--dry-run", o->dry_run, "Validate and report; publish nothing");
    command.add_option("--rate", o->rate, "At most N orders per second")
        ->check(cli::positive_number());
    command.add_option("--generate", o->generate, "Produce N synthetic valid orders")
        ->transform(cli::whole_number(1));
    command.add_option("--seed", o->seed, "Seed of --generate (same seed, same orders)")
        ->transform(cli::whole_number(0))
        ->capture_default_str();
    command.add_flag("--transactional", o->transactional,
                     "Send in transactions: each line's outcome is known when its "
                     "transaction commits (or aborts)");
    command
        .add_option("--transaction-lines", o->transaction_lines,
                    "With --transactional: commit after at most N lines")
        ->transform(cli::whole_number(1))
        ->capture_default_str();
    command
        .add_option("--transaction-interval", o->transaction_interval,
                    "With --transactional: commit at least every SECONDS")
        ->check(cli::seconds_between(0.001, 600))
        ->capture_default_str();
    command.add_flag("--envelope", o->envelope,
                     "Read the record envelope that consume writes (key, value, headers, "
                     "partition, timestamp) and copy records as they are");
    command.add_flag("--repartition", o->repartition,
                     "With --envelope: ignore each record's partition and let its key choose "
                     "(for a target topic with other partitions)");
    command
        .add_option("--flush-timeout", o->flush_timeout,
                    "Seconds to wait for in-flight orders at the end or on Ctrl-C")
        ->check(cli::seconds_between(0.001, 86400))
        ->capture_default_str();
    command
        .add_option("--max-line-bytes", o->max_line_bytes,
                    "Longest accepted line; longer ones are rejected unread")
        ->transform(cli::whole_number(16, int64_t{1} << 30))
        ->capture_default_str();
    command.footer(
        "Environment:\n"
        "  ORDERCTL_INPUT_THREAD=auto|on|off\n"
        "      Read and validate files and --generate in a thread of their own;\n"
        "      auto: on four CPUs or more (see orderctl-produce(1))");
    command.callback(
        [&context, &action, o] { action = [&context, o] { return run_produce(context, *o); }; });
}

}  // namespace orderctl::commands
