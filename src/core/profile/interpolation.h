// ${VAR} expansion of profile file values.
#pragma once

#include <string>

#include "core/profile/profile.h"

namespace orderctl::core {

// Expands ${VAR} and ${VAR:-default} (default also when VAR is empty, as in the shell); "$$" is
// one "$". Any other "$" stays as written, because real values start with one: Event Hubs' SASL
// username is the literal "$ConnectionString". Errors are Config errors at `where`.
std::string interpolate(const std::string& text, const EnvLookup& env, const std::string& where);

}  // namespace orderctl::core
