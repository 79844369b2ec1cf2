// `orderctl broker`: a dev cluster in this process, for the demo and quick experiments.
#pragma once

#include "cli/command.h"

namespace orderctl::commands {

void setup_broker(CLI::App& command, cli::Context& context, cli::Action& action);

}  // namespace orderctl::commands
