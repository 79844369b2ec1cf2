// `orderctl produce`, wired: each part below does one job (see its header); this is the order
// in which a run uses them, from the options to the exit code.
#include <chrono>
#include <csignal>
#include <memory>

#include "cli/diagnostics.h"
#include "cli/output.h"
#include "cli/signals.h"
#include "commands/produce/connect.h"
#include "commands/produce/dead_letters.h"
#include "commands/produce/finish.h"
#include "commands/produce/in_flight_lines.h"
#include "commands/produce/line_handler.h"
#include "commands/produce/pacing.h"
#include "commands/produce/produce.h"
#include "commands/produce/progress.h"
#include "commands/produce/read_loop.h"
#include "commands/produce/report.h"
#include "commands/produce/sender.h"
#include "commands/produce/settings.h"
#include "commands/produce/stop.h"
#include "commands/produce/transactions.h"
#include "core/error.h"
#include "core/kafka/dev_broker_limits.h"

namespace orderctl::commands {

int run_produce(cli::Context& context, const ProduceOptions& options) {
    cli::install_interrupt_handlers();
    // A report reader that went away (`--report - | head`) is a write error, not a signal.
    std::signal(SIGPIPE, SIG_IGN);
    if (options.generate && !options.files.empty())
        throw core::Error(core::ErrorKind::Usage, "--generate and input files exclude each other");
    const auto format = context.output_format();
    if (options.report == "-" &&
        (format == cli::OutputFormat::Json || format == cli::OutputFormat::Yaml))
        throw core::Error(
            core::ErrorKind::Usage,
            "--report - and -o " + cli::output_format_name(format) + " would both write to stdout",
            "write the report to a file (--report FILE), or leave -o out");
    // Checked before anything is sent: the report opens (an old one is emptied only once the
    // run starts), the -H headers, every input, then the cluster and its topics.
    ProduceReport report(options.report);
    const ProduceTarget target = produce_target(context.profile(), options);
    const auto started = std::chrono::steady_clock::now();
    const InputPlan input = plan_input(options);
    // Delivery reports come only from calls made once every part below exists.
    Sender* sender_of_reports = nullptr;
    std::unique_ptr<core::kafka::Producer> producer = connect_producer(
        context, options, target, [&sender_of_reports](const core::kafka::Delivery& delivery) {
            sender_of_reports->on_delivery(delivery);
        });
    report.begin();
    report.stop_when([] { return cli::interrupted(); });
    // A burst is dated by one clock read per 64 records (see Producer), and its report goes out
    // in large writes; a pipe's line by line, soon after each outcome.
    if (producer && input.burst) producer->reuse_clock_reads(64);
    report.set_flush_bytes(input.burst ? (1 << 16) : 4096);
    if (context.options.verbosity > 0)
        cli::print_note(input.thread ? "produce: input read and validated in a thread of its own"
                                     : "produce: input read and validated in the sending thread");

    // The parts; the producer outlives them, and never calls on_delivery from its destructor.
    RunStop stop;
    InFlightLines in_flight(report, target);
    const int timeout_ms = static_cast<int>(context.client_options().timeout.count());
    Transactions transactions(options, timeout_ms, producer.get(), in_flight, report, stop);
    Sender sender(options, target, producer.get(), in_flight, transactions, report, stop);
    sender_of_reports = &sender;
    sender.keep_create_times(producer && core::kafka::is_dev_broker(producer->client()));
    Progress progress(Progress::wanted(context.options.quiet), started, sender, in_flight, report);
    Pacer pacer(options.rate, started, producer.get(), sender, transactions, progress, report,
                stop);
    DeadLetters dead_letters(options, target, sender, stop);
    LineHandler lines(options, target, sender, dead_letters, pacer, report);
    RunEnd end(options, target, started, producer.get(), in_flight, transactions, report, progress,
               stop, context.output_format());

    try {
        read_inputs(options, input, lines, pacer, transactions, producer.get(), stop);
    } catch (const std::exception& error) {
        end.after_error(error.what());
        throw;
    } catch (...) {
        end.after_error("unknown error");
        throw;
    }
    end.settle();
    return end.finish();
}

}  // namespace orderctl::commands
