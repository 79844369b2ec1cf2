// The end of a produce run: settle what is in flight, the summary, the exit code.
#include "commands/produce/finish.h"

#include <cstdio>
#include <exception>
#include <string>

#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "commands/produce/summary.h"
#include "core/error.h"

namespace orderctl::commands {

using core::Error;
using core::ErrorKind;

namespace {

// What the summary's rate counts: orders, unless the lines need not be orders.
const char* line_unit(const ProduceOptions& options) {
    return options.format == InputFormat::Order ? "orders" : "records";
}

}  // namespace

void RunEnd::settle(bool commit) {
    if (transactions_.enabled()) {
        transactions_.end(commit);
        in_flight_.account_unreported("no delivery report came before the run ended");
    } else {
        drain();
    }
}

void RunEnd::drain() {
    if (!producer_) return;
    auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(options_.flush_timeout));
    while (!in_flight_.empty() && Clock::now() < deadline) {
        producer_->poll(100);
        progress_.show(false);
    }
    if (!in_flight_.empty()) {
        cli::print_warning(std::to_string(in_flight_.size()) +
                           " order(s) not acknowledged within --flush-timeout; reporting them "
                           "not sent (still queued) or unknown (on their way)");
        producer_->purge();
        for (int i = 0; i < 50 && !in_flight_.empty(); ++i) producer_->poll(100);
    }
    in_flight_.account_unreported("no delivery report came before the run ended");
}

void RunEnd::after_error(const std::string& error) {
    stop_.reading = true;
    try {
        settle(false);
        report_.close();
        progress_.show(true);
        double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
        for (const auto& problem : problem_lines(report_)) cli::print_warning(problem);
        cli::print_note(
            report_.summary(target_.topic, seconds, options_.dry_run, line_unit(options_)));
        if (auto failure = report_.failure()) cli::print_warning(*failure);
        ProduceSummary document =
            summarize(report_, target_.topic, seconds, options_.dry_run, options_.report);
        document.interrupted = cli::interrupted();
        document.error = error;
        print_document(document);
    } catch (const std::exception& error) {
        cli::print_warning(std::string("while accounting for the lines sent: ") + error.what());
    }
}

int RunEnd::finish() {
    const bool interrupted = cli::interrupted();
    report_.close();
    progress_.show(true);
    double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    std::string summary =
        report_.summary(target_.topic, seconds, options_.dry_run, line_unit(options_));
    if (auto transactions = transactions_.summary(); !transactions.empty())
        summary += "\n" + transactions;
    for (const auto& problem : problem_lines(report_)) cli::print_warning(problem);
    cli::print_note(summary);

    ProduceSummary document =
        summarize(report_, target_.topic, seconds, options_.dry_run, options_.report);
    document.interrupted = interrupted;
    if (interrupted) cli::print_note(interruption_text(document));
    try {
        const int code = exit_code(interrupted);
        print_document(document);
        return code;
    } catch (const Error& error) {
        document.error = error.what();
        print_document(document);
        throw;
    }
}

void RunEnd::print_document(const ProduceSummary& document) const {
    // -o json, yaml: printed whatever the outcome, with the run's error in it.
    if (format_ == cli::OutputFormat::Json || format_ == cli::OutputFormat::Yaml)
        cli::print_result(format_, produce_summary_json(document), {});
}

std::string RunEnd::where_problems_are() const {
    if (options_.report == "-") return "each is reported on stdout";
    if (!options_.report.empty()) return "each is reported in " + options_.report;
    if (report_.unnamed_problems() == 0) return "each is named above";
    return "the first " + std::to_string(ProduceReport::kNamedProblems) +
           " are named above; --report FILE lists every line";
}

int RunEnd::exit_code(bool interrupted) const {
    const uint64_t delivered = report_.count(LineStatus::Delivered);
    const uint64_t problems =
        report_.count(LineStatus::Rejected) + report_.count(LineStatus::Failed) +
        report_.count(LineStatus::NotSent) + report_.count(LineStatus::Unknown);
    // The report is data: one that could not be written whole fails the run.
    if (auto failure = report_.failure())
        throw Error(ErrorKind::Failure, *failure,
                    "the orders were sent as the summary above says; running again would send "
                    "them twice: find the missing lines' keys with 'orderctl consume'");
    if (!stop_.fatal.empty())
        throw Error(ErrorKind::Failure, stop_.fatal + "; stopped reading",
                    (stop_.fatal_hint.empty() ? std::string() : stop_.fatal_hint + "; ") +
                        "the lines after the last committed transaction are reported failed");
    if (interrupted) return cli::kExitInterrupted;
    if (!stop_.stalled.empty())
        throw Error(ErrorKind::Unreachable, stop_.stalled,
                    "check the cluster ('orderctl topics describe " + target_.topic +
                        "'); lines not delivered are each reported");
    if (!stop_.invalid_line.empty())
        throw Error(ErrorKind::Failure,
                    "invalid order at " + stop_.invalid_line + "; stopped reading",
                    "use --on-invalid skip or dlq to go on past invalid orders");
    if (problems == 0) return cli::kExitOk;
    if (delivered == 0 && report_.count(LineStatus::Valid) == 0 &&
        report_.count(LineStatus::Rejected) == 0)
        throw Error(ErrorKind::Failure, "no order was delivered");
    throw Error(ErrorKind::Partial, std::to_string(problems) + " of " +
                                        std::to_string(report_.total()) +
                                        " line(s) were not delivered; " + where_problems_are());
}

}  // namespace orderctl::commands
