#include "core/profile/interpolation.h"

#include <cctype>

#include "core/profile/location.h"

namespace orderctl::core {

namespace {

bool valid_name(const std::string& name) {
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
    for (const char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    return true;
}

const char* const kSyntax = "${NAME} or ${NAME:-default} (write $$ for a literal $)";

}  // namespace

std::string interpolate(const std::string& text, const EnvLookup& env, const std::string& where) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char next = i + 1 < text.size() ? text[i + 1] : '\0';
        if (text[i] != '$' || (next != '$' && next != '{')) {
            out += text[i];
            continue;
        }
        if (next == '$') {
            out += '$';
            ++i;
            continue;
        }
        const std::size_t close = text.find('}', i + 2);
        if (close == std::string::npos) config_error(where, "unterminated '${' in value", kSyntax);
        const std::string inner = text.substr(i + 2, close - i - 2);
        const std::size_t dash = inner.find(":-");
        const std::string name = inner.substr(0, dash);
        if (!valid_name(name))
            config_error(where, "bad variable reference '${" + inner + "}'", kSyntax);
        const auto value = env(name);
        if (dash != std::string::npos) {
            out += value && !value->empty() ? *value : inner.substr(dash + 2);
        } else if (value) {
            out += *value;
        } else {
            config_error(where, "environment variable " + name + " is not set",
                         "it set, or a default as ${" + name + ":-value}");
        }
        i = close;
    }
    return out;
}

}  // namespace orderctl::core
