// The end of a command that acts on several items (partitions, topics, lines) when some of them
// failed: one wording, "F of T <what>", and one rule for the exit (0 when none failed, 1 when
// all did, 4 when some did).
#pragma once

#include <cstdint>
#include <string>

#include "core/error.h"

namespace orderctl::cli {

// "F of T <what>", e.g. "2 of 5 partitions were not reset".
std::string partial_summary(uint64_t failed, uint64_t total, const std::string& what);

// Error(Partial, partial_summary(...), hint): exit 4, some items done and some not.
core::Error partial_error(uint64_t failed, uint64_t total, const std::string& what,
                          const std::string& hint = {});

// kExitOk when nothing failed; throws Error(Failure, none_done) when every item failed, else
// partial_error(failed, total, what).
int batch_exit(uint64_t failed, uint64_t total, const std::string& none_done,
               const std::string& what);

}  // namespace orderctl::cli
