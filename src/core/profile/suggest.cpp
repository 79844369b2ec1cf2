#include "core/profile/suggest.h"

#include "core/suggest.h"

namespace orderctl::core {

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
    const auto match = closest_match(word, candidates);
    return match ? "did you mean '" + *match + "'?" : std::string{};
}

std::string join_names(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) {
        if (!out.empty()) out += ", ";
        out += name;
    }
    return out.empty() ? "(none)" : out;
}

}  // namespace orderctl::core
