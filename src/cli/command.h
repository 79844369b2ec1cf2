// How subcommands plug into the app: each registers its CLI11 subcommand(s) and, when parsed,
// leaves the work to do in `action`, which the app runs after parsing succeeded.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace orderctl::cli {

// Returns the exit code; failures are thrown as core::Error.
using Action = std::function<int()>;

struct CommandSpec {
    const char* name;
    const char* description;
    void (*setup)(CLI::App& command, Context& context, Action& action);
};

// Every subcommand, in the order `--help` lists them (src/commands/registry.cpp).
const std::vector<CommandSpec>& all_commands();

}  // namespace orderctl::cli
