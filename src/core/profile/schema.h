// The shape check of a profiles file: which keys exist where and what type each value has.
// The allowed keys come from the canonical key table, so adding a key there adds it here.
#pragma once

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/profile/file.h"

namespace orderctl::core {

struct MapEntry {
    std::string name;  // the key's text
    YAML::Node key;
    YAML::Node value;
};

class SchemaChecker {
  public:
    explicit SchemaChecker(std::string path) : path_(std::move(path)) {}

    SourceLocation at(const YAML::Node& node) const;
    // The entries of a map, in file order; keys must be strings and appear once.
    std::vector<MapEntry> entries(const YAML::Node& map) const;

    void map(const YAML::Node& node, const std::string& what, const std::string& expected) const;
    void scalar(const MapEntry& entry, const std::string& expected) const;
    [[noreturn]] void unknown_key(const MapEntry& entry, const std::string& where,
                                  const std::vector<std::string>& known,
                                  const std::string& noun = "key") const;

    // Checks one profile (a map, or empty) and appends its values under canonical keys.
    void profile(const YAML::Node& node, const std::string& name,
                 std::vector<FileValue>& out) const;

  private:
    void section(const YAML::Node& map, const std::string& prefix, const std::string& profile,
                 std::vector<FileValue>& out) const;
    void librdkafka(const YAML::Node& map, std::vector<FileValue>& out) const;
    void leaf(const MapEntry& entry, const std::string& key, std::vector<FileValue>& out) const;
    void secret_reference(const MapEntry& entry, const std::string& expected) const;

    std::string path_;
};

}  // namespace orderctl::core
