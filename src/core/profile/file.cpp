#include "core/profile/file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/profile/interpolation.h"
#include "core/profile/keys.h"
#include "core/profile/schema.h"
#include "core/profile/secrets.h"
#include "core/profile/security.h"

namespace orderctl::core {

const FileValue* ProfileEntry::find(const std::string& key) const {
    for (const auto& value : values)
        if (value.key == key) return &value;
    return nullptr;
}

const ProfileEntry* ProfilesFile::find(const std::string& name) const {
    for (const auto& profile : profiles)
        if (profile.name == name) return &profile;
    return nullptr;
}

std::vector<std::string> ProfilesFile::names() const {
    std::vector<std::string> out;
    for (const auto& profile : profiles) out.push_back(profile.name);
    return out;
}

namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::error_code ec;
    if (!in || std::filesystem::is_directory(path, ec))
        config_error(path,
                     std::string("cannot read profiles file (") +
                         (in ? "is a directory" : std::strerror(errno)) + ")",
                     "a readable YAML file");
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

YAML::Node parse_yaml(const std::string& path) {
    const std::string text = read_text(path);
    try {
        return YAML::Load(text);
    } catch (const YAML::Exception& e) {
        SourceLocation at{path, e.mark.line + 1, e.mark.column + 1};
        if (e.mark.is_null()) at.line = 0;
        config_error(at.str(), "YAML syntax error: " + e.msg, "valid YAML");
    }
}

}  // namespace

ProfilesFile load_profiles_file(const std::string& path) {
    ProfilesFile file{path, std::nullopt, {}};
    const YAML::Node root = parse_yaml(path);
    if (root.IsNull()) return file;  // an empty file names no profiles
    SchemaChecker check(path);
    check.map(root, "the top level of a profiles file",
              "a map with 'profiles:' and optionally 'current-profile:'");
    for (const auto& entry : check.entries(root)) {
        if (entry.name == "current-profile") {
            check.scalar(entry, "a profile name");
            file.current_profile = FileValue{entry.name, entry.value, check.at(entry.value)};
        } else if (entry.name == "profiles") {
            if (entry.value.IsNull()) continue;
            check.map(entry.value, "'profiles'", "a map of profile names to profiles");
            for (const auto& profile : check.entries(entry.value)) {
                ProfileEntry parsed{profile.name, check.at(profile.key), {}};
                check.profile(profile.value, profile.name, parsed.values);
                file.profiles.push_back(std::move(parsed));
            }
        } else {
            check.unknown_key(entry, "at the top level", {"current-profile", "profiles"});
        }
    }
    warn_if_profiles_file_exposed(file);
    return file;
}

FileText resolve_file_value(const FileValue& value, const EnvLookup& env,
                            const std::string& profiles_path) {
    const std::string where = value.at.str();
    if (value.node.IsScalar()) return {interpolate(value.node.Scalar(), env, where), false};
    const auto reference = *value.node.begin();  // shape checked by the schema
    const std::string target = interpolate(reference.second.Scalar(), env, where);
    const std::string base_dir = std::filesystem::path(profiles_path).parent_path().string();
    return {read_secret(reference.first.Scalar(), target, env, base_dir, where), true};
}

}  // namespace orderctl::core
