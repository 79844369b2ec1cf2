// `orderctl offsets`: where each consumer group stands (committed, log end, lag, owner).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"

namespace orderctl::commands {

struct OffsetsOptions {
    std::vector<std::string> groups;
    std::vector<std::string> roles;
    std::string topic;               // only this topic
    std::optional<int64_t> max_lag;  // exit 4 when a partition lags more
};

void setup_offsets(CLI::App& command, cli::Context& context, cli::Action& action);
int run_offsets(cli::Context& context, const OffsetsOptions& options);

}  // namespace orderctl::commands
