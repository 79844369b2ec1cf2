// The orderctl application: global options, the subcommands it is given, one place that turns
// errors into messages and exit codes.
#pragma once

#include <vector>

#include "cli/command.h"

namespace orderctl::cli {

// Parses argv against the global options and `commands` (in the order `--help` lists them),
// runs the chosen one and returns its exit code.
int run(int argc, char** argv, const std::vector<CommandSpec>& commands);

}  // namespace orderctl::cli
