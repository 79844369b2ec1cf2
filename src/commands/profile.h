// `orderctl profile list|show`: which profiles exist, and where each resolved value comes from.
#pragma once

#include "cli/command.h"

namespace orderctl::commands {

void setup_profile(CLI::App& command, cli::Context& context, cli::Action& action);

}  // namespace orderctl::commands
