// `orderctl consume --role R`: one service of the pipeline (inventory, payment, fulfillment).
#pragma once

#include "cli/context.h"
#include "commands/consume/consume.h"

namespace orderctl::commands {

int run_role_service(cli::Context& context, const ConsumeOptions& options);

}  // namespace orderctl::commands
