// `orderctl topics`: list, describe, create, alter, delete, apply.
#pragma once

#include "cli/command.h"

namespace orderctl::commands {

void setup_topics(CLI::App& command, cli::Context& context, cli::Action& action);

}  // namespace orderctl::commands
