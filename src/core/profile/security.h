// Warnings about settings that weaken security. They warn, not fail: a shared test box or a
// self-signed lab broker are real needs, but the user must know what was given up.
//  - a profiles file that group or others can read and that holds a secret written inline
//    (not an {env:}/{file:} reference or a bare ${VAR});
//  - TLS certificate or hostname verification turned off (librdkafka has both on by default, and
//    orderctl itself never changes them).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/profile/file.h"
#include "core/profile/profile.h"

namespace orderctl::core {

// True for a value that holds a credential: a secret canonical key (security.password, ...) or a
// free-map librdkafka property named like one (sasl.password, *.secret, ...).
bool is_secret_profile_key(const std::string& key);

// True when the secret sits in the file's text: a scalar other than exactly "${NAME}".
bool is_inline_secret(const FileValue& value);

// The warning for `file` with permission bits `mode`, or nullopt when it holds no inline secret
// or only its owner can read it.
std::optional<std::string> profiles_file_exposure_warning(const ProfilesFile& file,
                                                          std::filesystem::perms mode);

// Reads the file's mode and prints the warning above (once per file and process).
void warn_if_profiles_file_exposed(const ProfilesFile& file);

// The value librdkafka will use for a property (rd_kafka_conf_get), or nullopt.
using PropertyLookup = std::function<std::optional<std::string>(const std::string&)>;

// Warnings for TLS verification turned off in the effective configuration; `properties` (in the
// order they were applied) tell where the setting came from.
std::vector<std::string> tls_verification_warnings(const PropertyLookup& effective,
                                                   const std::vector<Setting>& properties);

// "orderctl: warning: MESSAGE" on stderr, each distinct message once per process (several
// clients in one command share their configuration).
void warn_once(const std::string& message);

}  // namespace orderctl::core
