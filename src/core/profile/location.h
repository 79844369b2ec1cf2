// Where a profile value came from, and the one error shape every profile problem uses, so that
// editors and users can jump to "FILE:LINE:COL" and always read what was expected.
#pragma once

#include <string>

#include "core/error.h"

namespace orderctl::core {

struct SourceLocation {
    std::string file;
    int line = 0;  // 1-based; 0 when unknown
    int column = 0;

    std::string str() const {
        if (line <= 0) return file;
        return file + ":" + std::to_string(line) + ":" + std::to_string(column);
    }
    // Origins name the line only: columns are noise in `profile show`.
    std::string origin() const { return file + ":" + std::to_string(line); }
};

// Throws Error(Config, "WHERE: WHAT; expected EXPECTED", hint). `where` is a location
// ("file:3:5") or a source such as "env ORDERCTL_TOPICS_PARTITIONS".
[[noreturn]] inline void config_error(const std::string& where, const std::string& what,
                                      const std::string& expected, std::string hint = {}) {
    throw Error(ErrorKind::Config, where + ": " + what + "; expected " + expected, std::move(hint));
}

}  // namespace orderctl::core
