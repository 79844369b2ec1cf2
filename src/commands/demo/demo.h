// `orderctl demo`: the whole order flow of the brief in one command, on a dev cluster inside
// this process: the order service publishes the example orders, the three role services run to
// the end, and a walkthrough shows where order 12345 went, what each service decided, and where
// each group stands (lag zero).
#pragma once

#include "cli/command.h"

namespace orderctl::commands {

void setup_demo(CLI::App& command, cli::Context& context, cli::Action& action);

}  // namespace orderctl::commands
