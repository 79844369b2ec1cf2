#include "cli/partial.h"

#include "cli/exit_codes.h"

namespace orderctl::cli {

std::string partial_summary(uint64_t failed, uint64_t total, const std::string& what) {
    return std::to_string(failed) + " of " + std::to_string(total) + " " + what;
}

core::Error partial_error(uint64_t failed, uint64_t total, const std::string& what,
                          const std::string& hint) {
    return core::Error(core::ErrorKind::Partial, partial_summary(failed, total, what), hint);
}

int batch_exit(uint64_t failed, uint64_t total, const std::string& none_done,
               const std::string& what) {
    if (failed == 0) return kExitOk;
    if (failed == total) throw core::Error(core::ErrorKind::Failure, none_done);
    throw partial_error(failed, total, what);
}

}  // namespace orderctl::cli
