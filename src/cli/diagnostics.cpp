#include "cli/diagnostics.h"

#include <iostream>

namespace orderctl::cli {
namespace {
bool quiet_mode = false;
}

void set_quiet(bool quiet) {
    quiet_mode = quiet;
}

void print_error(const std::string& message, const std::string& hint) {
    std::cerr << "orderctl: error: " << message << '\n';
    if (!hint.empty()) std::cerr << "hint: " << hint << '\n';
}

void print_warning(const std::string& message) {
    std::cerr << "orderctl: warning: " << message << '\n';
}

void print_note(const std::string& message) {
    if (!quiet_mode) std::cerr << message << '\n';
}

}  // namespace orderctl::cli
