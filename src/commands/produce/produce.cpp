// The options of `orderctl produce`, as CLI11 parses them; run.cpp runs them.
#include "commands/produce/produce.h"

#include <memory>
#include <optional>
#include <string>

#include "cli/number_checks.h"

#include "core/error.h"

namespace orderctl::commands {

namespace {

// --format, --envelope and --key-separator as given; apply_format() checks how they combine.
struct FormatFlags {
    std::string name;  // empty: not given
    bool envelope = false;
    std::optional<std::string> separator;
};

core::Error usage(const std::string& what, const std::string& hint = "") {
    return core::Error(core::ErrorKind::Usage, what, hint);
}

// --envelope stays as the name it had before --format: an alias of --format envelope, so it
// may come with that --format but with no other.
void apply_format(const FormatFlags& flags, ProduceOptions& options) {
    const std::string name =
        flags.name.empty() ? (flags.envelope ? "envelope" : "order") : flags.name;
    if (flags.envelope && name != "envelope")
        throw usage("--envelope and --format " + name + " exclude each other",
                    "--envelope is --format envelope; give one of them");
    if (name == "envelope") options.format = InputFormat::Envelope;
    if (name == "raw") options.format = InputFormat::Raw;
    if (name == "kv") options.format = InputFormat::KeyValue;
    if (flags.separator && options.format != InputFormat::KeyValue)
        throw usage("--key-separator applies to --format kv only");
    if (options.format == InputFormat::KeyValue) {
        if (!flags.separator)
            throw usage("--format kv needs --key-separator SEP",
                        "e.g. --key-separator ':' for lines like key:value");
        if (flags.separator->empty()) throw usage("--key-separator must not be empty");
        options.key_separator = *flags.separator;
    }
    if (options.repartition && options.format != InputFormat::Envelope)
        throw usage("--repartition applies to --format envelope only");
}

}  // namespace

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
    auto format = std::make_shared<FormatFlags>();
    command
        .add_option("--format", format->name,
                    "What a line is: order (default), envelope (consume's record envelope, "
                    "copied as it is), raw (the line is the value; no key) or kv (KEY SEP VALUE, "
                    "see --key-separator)")
        ->check(CLI::IsMember({"order", "envelope", "raw", "kv"}));
    command.add_flag("--envelope", format->envelope, "The same as --format envelope");
    command.add_option("--key-separator", format->separator,
                       "With --format kv: the key is what comes before the first SEP, the value "
                       "what follows (kcat's -K)");
    command.add_flag("--repartition", o->repartition,
                     "With --format envelope: ignore each record's partition and let its key "
                     "choose (for a target topic with other partitions)");
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
    command.callback([&context, &action, o, format] {
        action = [&context, o, format] {
            apply_format(*format, *o);
            return run_produce(context, *o);
        };
    });
}

}  // namespace orderctl::commands
