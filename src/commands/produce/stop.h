// Why a produce run stops taking lines before its input ends: set by the part that sees the
// reason, read by the end of the run (finish.h), which turns it into the run's error.
#pragma once

#include <string>

#include "cli/signals.h"

namespace orderctl::commands {

struct RunStop {
    bool reading = false;      // no more lines are taken
    std::string stalled;       // the cluster took nothing for --flush-timeout
    std::string invalid_line;  // --on-invalid fail: "file:line: reason" of the line that stopped
    // --transactional: the producer can do no more transactions (fenced), and the hint for it.
    std::string fatal, fatal_hint;

    // True once no more lines are to be taken: stopped, or Ctrl-C.
    bool now() const { return reading || cli::interrupted(); }
};

}  // namespace orderctl::commands
