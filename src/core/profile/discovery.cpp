// discover_profiles_file: where the profiles file is, in the order the brief gives.
#include <filesystem>

#include "core/profile/location.h"
#include "core/profile/profile.h"

namespace orderctl::core {

namespace {

std::optional<std::string> non_empty(const std::optional<std::string>& value) {
    return value && !value->empty() ? value : std::nullopt;
}

bool is_file(const std::filesystem::path& path) {
    std::error_code ec;
    return std::filesystem::exists(path, ec) && !std::filesystem::is_directory(path, ec);
}

// A file named explicitly must exist: silently falling back to defaults would send commands to
// the wrong cluster.
std::string must_exist(const std::string& path, const std::string& source) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        config_error(source, "profiles file '" + path + "' is a directory", "a YAML file");
    if (!is_file(path))
        config_error(source, "profiles file '" + path + "' does not exist", "an existing file",
                     "check the path, or leave it out to use ./orderctl.yaml or "
                     "~/.config/orderctl/config.yaml");
    return path;
}

}  // namespace

std::optional<std::string> discover_profiles_file(const ProfileRequest& request,
                                                  const EnvLookup& env) {
    if (request.config_path) return must_exist(*request.config_path, "flag --config");
    if (const auto path = non_empty(env("ORDERCTL_CONFIG")))
        return must_exist(*path, "env ORDERCTL_CONFIG");
    if (is_file("orderctl.yaml")) return "orderctl.yaml";
    // HOME and XDG_CONFIG_HOME come from the lookup too, so tests can point them anywhere.
    if (const auto xdg = non_empty(env("XDG_CONFIG_HOME"))) {
        const auto path = std::filesystem::path(*xdg) / "orderctl" / "config.yaml";
        if (is_file(path)) return path.string();
    }
    if (const auto home = non_empty(env("HOME"))) {
        const auto path = std::filesystem::path(*home) / ".config" / "orderctl" / "config.yaml";
        if (is_file(path)) return path.string();
    }
    return std::nullopt;
}

}  // namespace orderctl::core
