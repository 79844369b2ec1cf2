// Message pieces for profile errors: "did you mean" hints and name lists.
#pragma once

#include <string>
#include <vector>

namespace orderctl::core {

// "did you mean 'x'?" or "" — ready to be used as an Error hint.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

// "a, b, c" for messages; "(none)" for an empty list.
std::string join_names(const std::vector<std::string>& names);

}  // namespace orderctl::core
