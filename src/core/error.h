// Typed errors of the core library. The CLI maps each kind to one exit code
// (see src/cli/exit_codes.h) and prints it once, in one place.
#pragma once

#include <stdexcept>
#include <string>

namespace orderctl::core {

enum class ErrorKind {
    Failure,      // the operation failed
    Usage,        // bad flag value or argument the parser could not catch
    Config,       // configuration or profile error
    Partial,      // some items failed while others succeeded
    Unreachable,  // cannot reach or authenticate to the cluster, or timed out waiting for it
    Interrupted,  // SIGINT/SIGTERM after a clean shutdown
};

class Error : public std::runtime_error {
  public:
    Error(ErrorKind kind, const std::string& message, std::string hint = {})
        : std::runtime_error(message), kind_(kind), hint_(std::move(hint)) {}

    ErrorKind kind() const { return kind_; }
    const std::string& hint() const { return hint_; }

  private:
    ErrorKind kind_;
    std::string hint_;
};

}  // namespace orderctl::core
