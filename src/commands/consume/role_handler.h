// The role's handler, one order at a time: the order is validated, then handled by the role's
// built-in logic or by the user's --exec program (retried with backoff). An order that is not
// valid, or that the handler gave up on, comes back as a problem: the record is dead-lettered.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "commands/consume/consume.h"
#include "core/metrics/histogram.h"
#include "core/order/order_validator.h"
#include "core/roles/exec_handler.h"
#include "core/roles/role_handlers.h"

namespace orderctl::commands {

struct HandlerAnswer {
    core::RoleOutcome outcome;
    std::string problem;  // empty: `outcome` holds the answer
};

class RoleHandler {
  public:
    // `serve_for` is called while a failed --exec handler backs off, so that the outcome
    // producer's deliveries keep flowing; `timed`: measure the built-in handler too (--metrics).
    RoleHandler(core::Role role, const ConsumeOptions& options, int verbosity,
                std::function<void(std::chrono::milliseconds)> serve_for);

    HandlerAnswer handle(std::string_view order);
    void time_builtin(bool on) { time_builtin_ = on; }

    bool external() const { return exec_ != nullptr; }
    uint64_t failures() const { return failures_; }
    unsigned starts() const { return exec_ ? exec_->starts() : 0; }
    const core::metrics::Histogram& seconds() const { return seconds_; }

  private:
    core::Role role_;
    core::RoleSettings settings_;
    unsigned retries_;
    int verbosity_;
    std::function<void(std::chrono::milliseconds)> serve_for_;
    core::OrderValidator validator_;
    std::unique_ptr<core::ExecHandler> exec_;  // --exec: the user's handler
    core::metrics::Histogram seconds_;
    uint64_t failures_ = 0;
    bool time_builtin_ = false;

    // --exec: the handler's outcome, retried with backoff; a problem when it gave up.
    HandlerAnswer run_exec(std::string_view order);
};

}  // namespace orderctl::commands
