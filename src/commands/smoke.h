// `orderctl smoke`: a canary round trip for CI. Produces one uniquely marked record (or a few),
// reads it back from its partition, and reports the round-trip latency; on failure, names the
// step that failed (connect, topic, produce, consume) and exits 5 when the cluster is unreachable.
#pragma once

#include "cli/command.h"

namespace orderctl::commands {

void setup_smoke(CLI::App& command, cli::Context& context, cli::Action& action);

}  // namespace orderctl::commands
