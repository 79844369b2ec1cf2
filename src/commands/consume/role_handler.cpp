#include "commands/consume/role_handler.h"

#include <algorithm>

#include "cli/diagnostics.h"
#include "cli/signals.h"
#include "core/error.h"

namespace orderctl::commands {

using Clock = std::chrono::steady_clock;
using core::Error;
using core::ErrorKind;

RoleHandler::RoleHandler(core::Role role, const ConsumeOptions& options, int verbosity,
                         std::function<void(std::chrono::milliseconds)> serve_for)
    : role_(role),
      retries_(options.retries),
      verbosity_(verbosity),
      serve_for_(std::move(serve_for)) {
    if (!options.exec.empty())
        exec_ = std::make_unique<core::ExecHandler>(
            options.exec,
            std::chrono::milliseconds(static_cast<int64_t>(options.exec_timeout * 1000)));
    if (!options.catalog.empty()) settings_.catalog = core::load_catalog(options.catalog);
    if (!options.limit.empty()) {
        settings_.limit = core::Decimal::parse(options.limit);
        if (!settings_.limit)
            throw Error(ErrorKind::Usage,
                        "--limit must be a decimal amount, got '" + options.limit + "'");
    }
}

HandlerAnswer RoleHandler::handle(std::string_view order) {
    core::OrderCheck check = validator_.check(order);
    if (!check.valid) return {{}, check.error};
    if (exec_) return run_exec(order);
    HandlerAnswer answer;
    try {
        if (time_builtin_) {
            auto started = Clock::now();
            answer.outcome = core::handle_order(role_, order, settings_);
            seconds_.observe(std::chrono::duration<double>(Clock::now() - started).count());
        } else {
            answer.outcome = core::handle_order(role_, order, settings_);
        }
    } catch (const Error& error) {
        answer.problem = error.what();
    }
    return answer;
}

HandlerAnswer RoleHandler::run_exec(std::string_view order) {
    for (unsigned attempt = 0;; ++attempt) {
        auto started = Clock::now();
        core::ExecReply reply = exec_->call(order);
        seconds_.observe(std::chrono::duration<double>(Clock::now() - started).count());
        if (reply.ok) return {core::RoleOutcome{std::move(reply.kind), std::move(reply.json)}, ""};
        ++failures_;
        if (attempt >= retries_ || cli::interrupted())
            return {
                {},
                "handler failed " + std::to_string(attempt + 1) + " time(s); last: " + reply.error};
        // Exponential backoff from 100 ms, capped at 5 s; deliveries keep flowing meanwhile.
        auto pause =
            std::chrono::milliseconds(std::min<int64_t>(5000, 100LL << std::min(attempt, 6u)));
        if (verbosity_ > 0)
            cli::print_warning("handler: " + reply.error + "; retrying in " +
                               std::to_string(pause.count()) + " ms");
        serve_for_(pause);
    }
}

}  // namespace orderctl::commands
