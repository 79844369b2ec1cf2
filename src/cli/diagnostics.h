// Messages for the user on stderr: errors, hints, warnings, and verbose notes.
#pragma once

#include <string>

namespace orderctl::cli {

void print_error(const std::string& message, const std::string& hint = {});
void print_warning(const std::string& message);
// Informational lines for humans (summaries); silent under -q.
void print_note(const std::string& message);
void set_quiet(bool quiet);

}  // namespace orderctl::cli
