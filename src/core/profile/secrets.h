// Secret references in profile files: {env: NAME} and {file: PATH}. Secrets live outside the
// profiles file so the file can be shared and committed.
#pragma once

#include <string>

#include "core/profile/profile.h"

namespace orderctl::core {

// Reads the secret that `kind` ("env" or "file") and `reference` (the variable name or path,
// already interpolated) point at. Relative paths are taken from `base_dir`, the profiles file's
// directory, so a profile works from any working directory. Throws Config errors at `where` that
// name the variable or path but never contain the secret itself.
std::string read_secret(const std::string& kind, const std::string& reference, const EnvLookup& env,
                        const std::string& base_dir, const std::string& where);

}  // namespace orderctl::core
