// How subcommands plug into the app: each registers its CLI11 subcommand(s) and, when parsed,
// leaves the work to do in `action`, which the app runs after parsing succeeded. The list of
// subcommands is the commands' own (commands/registry.h); main() hands it to cli::run.
#pragma once

#include <functional>

#include "cli/context.h"

namespace CLI {
class App;
}  // namespace CLI

namespace orderctl::cli {

// Returns the exit code; failures are thrown as core::Error.
using Action = std::function<int()>;

struct CommandSpec {
    const char* name;
    const char* description;
    void (*setup)(CLI::App& command, Context& context, Action& action);
};

}  // namespace orderctl::cli
