#include "core/profile/secrets.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/profile/location.h"

namespace orderctl::core {

namespace {

std::string from_env(const std::string& name, const EnvLookup& env, const std::string& where) {
    const auto value = env(name);
    // An empty password is almost always an unexported or misspelled variable, not a choice.
    if (!value)
        config_error(where, "secret variable " + name + " is not set", "it to hold the secret");
    if (value->empty())
        config_error(where, "secret variable " + name + " is empty", "it to hold the secret");
    return *value;
}

std::string from_file(const std::string& reference, const std::string& base_dir,
                      const std::string& where) {
    std::filesystem::path path(reference);
    if (path.is_relative() && !base_dir.empty()) path = std::filesystem::path(base_dir) / path;
    const std::string shown = path.string();
    const char* const expected = "a readable file holding the secret";
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        config_error(where, "secret file '" + shown + "' is a directory", expected);
    std::ifstream in(path, std::ios::binary);
    if (!in)
        config_error(where,
                     "cannot read secret file '" + shown + "' (" + std::strerror(errno) + ")",
                     expected);
    std::ostringstream content;
    content << in.rdbuf();
    std::string secret = content.str();
    // Editors and `echo` add a final newline that is never part of the secret.
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
    if (secret.empty()) config_error(where, "secret file '" + shown + "' is empty", expected);
    return secret;
}

}  // namespace

std::string read_secret(const std::string& kind, const std::string& reference, const EnvLookup& env,
                        const std::string& base_dir, const std::string& where) {
    if (kind == "env") return from_env(reference, env, where);
    return from_file(reference, base_dir, where);
}

}  // namespace orderctl::core
