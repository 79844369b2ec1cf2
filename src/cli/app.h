// The orderctl application: global options, the subcommand list, one place that turns errors
// into messages and exit codes.
#pragma once

namespace orderctl::cli {

int run(int argc, char** argv);

}  // namespace orderctl::cli
