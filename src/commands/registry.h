// The one visible list of orderctl's subcommands, in the order `--help` lists them.
#pragma once

#include <vector>

#include "cli/command.h"

namespace orderctl::commands {

const std::vector<cli::CommandSpec>& all_commands();

}  // namespace orderctl::commands
