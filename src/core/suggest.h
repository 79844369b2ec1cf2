// "Did you mean": the closest candidate to a mistyped name.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace orderctl::core {

// Edit distance between two strings, a swap of neighbours counting as one edit.
size_t edit_distance(const std::string& a, const std::string& b);

// The candidate closest to `word`, if it is close enough to be a plausible typo
// (at most a third of its length in edits, between 1 and 3).
std::optional<std::string> closest_match(const std::string& word,
                                         const std::vector<std::string>& candidates);

}  // namespace orderctl::core
