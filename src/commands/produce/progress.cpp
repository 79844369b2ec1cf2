// The progress line of produce on stderr.
#include "commands/produce/progress.h"

#include <unistd.h>

#include <cstdio>

namespace orderctl::commands {

bool Progress::wanted(bool quiet) {
    return !quiet && ::isatty(STDERR_FILENO);
}

void Progress::draw(bool final) {
    auto now = Clock::now();
    if (!final && now - last_ < std::chrono::milliseconds(500)) return;
    last_ = now;
    double seconds = std::chrono::duration<double>(now - started_).count();
    const uint64_t sent = sender_.sent();
    std::fprintf(stderr, "\r%llu sent, %llu delivered, %zu in flight, %.0f/s   %s",
                 static_cast<unsigned long long>(sent),
                 static_cast<unsigned long long>(report_.count(LineStatus::Delivered)),
                 in_flight_.size(), seconds > 0 ? sent / seconds : 0.0, final ? "\n" : "");
}

}  // namespace orderctl::commands
