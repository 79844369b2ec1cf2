// The exit-code table of orderctl, the same for every subcommand (documented in orderctl(1)).
#pragma once

#include "core/error.h"

namespace orderctl::cli {

enum ExitCode : int {
    kExitOk = 0,
    kExitFailure = 1,
    kExitUsage = 2,
    kExitConfig = 3,
    kExitPartial = 4,
    kExitUnreachable = 5,
    kExitInterrupted = 130,
};

inline int exit_code_for(core::ErrorKind kind) {
    switch (kind) {
        case core::ErrorKind::Failure:
            return kExitFailure;
        case core::ErrorKind::Usage:
            return kExitUsage;
        case core::ErrorKind::Config:
            return kExitConfig;
        case core::ErrorKind::Partial:
            return kExitPartial;
        case core::ErrorKind::Unreachable:
            return kExitUnreachable;
        case core::ErrorKind::Interrupted:
            return kExitInterrupted;
    }
    return kExitFailure;
}

}  // namespace orderctl::cli
