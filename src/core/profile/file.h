// Reading a profiles file: YAML parsing and the schema check of every profile in it. Values are
// kept as YAML nodes here; only the chosen profile's values are interpolated and have their
// secrets read (see resolve_file_value), so one profile's missing variable cannot break another.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/profile/location.h"
#include "core/profile/profile.h"

namespace orderctl::core {

struct FileValue {
    std::string key;  // canonical key: "security.password", "librdkafka.linger.ms"
    YAML::Node node;  // a scalar, or a secret reference {env: NAME} / {file: PATH}
    SourceLocation at;
};

struct ProfileEntry {
    std::string name;
    SourceLocation at;
    std::vector<FileValue> values;

    const FileValue* find(const std::string& key) const;
};

struct ProfilesFile {
    std::string path;
    std::optional<FileValue> current_profile;
    std::vector<ProfileEntry> profiles;  // in file order

    const ProfileEntry* find(const std::string& name) const;
    std::vector<std::string> names() const;
};

// Parses and schema-checks the whole file; throws Config errors at FILE:LINE:COL.
ProfilesFile load_profiles_file(const std::string& path);

struct FileText {
    std::string text;
    bool from_secret_reference = false;
};

// The text of one value: interpolated, or the secret a reference points at.
FileText resolve_file_value(const FileValue& value, const EnvLookup& env,
                            const std::string& profiles_path);

}  // namespace orderctl::core
