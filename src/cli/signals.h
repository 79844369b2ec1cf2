// SIGINT/SIGTERM as a flag that long-running commands poll, so they can shut down cleanly
// (flush, commit, leave the group) and then exit 130.
#pragma once

namespace orderctl::cli {

void install_interrupt_handlers();
bool interrupted();

}  // namespace orderctl::cli
