#include "core/profile/security.h"

#include <iostream>
#include <mutex>
#include <set>

#include "core/profile/keys.h"

namespace orderctl::core {

namespace fs = std::filesystem;

bool is_secret_profile_key(const std::string& key) {
    if (const KeySpec* spec = find_key_spec(key)) return spec->secret;
    const std::string prefix = kLibrdkafkaPrefix;
    return key.rfind(prefix, 0) == 0 && is_secret_librdkafka_property(key.substr(prefix.size()));
}

bool is_inline_secret(const FileValue& value) {
    if (!is_secret_profile_key(value.key) || !value.node.IsScalar()) return false;
    const std::string& text = value.node.Scalar();
    if (text.empty()) return false;
    // Exactly one ${NAME} (no default, nothing around it) takes the secret from the environment.
    const bool only_variable = text.size() > 3 && text.rfind("${", 0) == 0 && text.back() == '}' &&
                               text.find_first_of("${}:", 2) == text.size() - 1;
    return !only_variable;
}

std::optional<std::string> profiles_file_exposure_warning(const ProfilesFile& file,
                                                          fs::perms mode) {
    const fs::perms others = fs::perms::group_read | fs::perms::others_read;
    if ((mode & others) == fs::perms::none) return std::nullopt;
    for (const ProfileEntry& profile : file.profiles)
        for (const FileValue& value : profile.values)
            if (is_inline_secret(value))
                return "profiles file " + file.path + " is readable by group or others and holds " +
                       value.key + " inline (at " + value.at.origin() + "); run 'chmod 600 " +
                       file.path +
                       "', or hold the secret by reference ({env: NAME} or {file: PATH})";
    return std::nullopt;
}

void warn_if_profiles_file_exposed(const ProfilesFile& file) {
    std::error_code ec;
    const fs::file_status status = fs::status(file.path, ec);
    if (ec) return;
    if (auto warning = profiles_file_exposure_warning(file, status.permissions()))
        warn_once(*warning);
}

namespace {

// The last property of that name: librdkafka applies them in order, so it is the one in force.
const Setting* last_setting(const std::vector<Setting>& properties, const std::string& key) {
    const Setting* found = nullptr;
    for (const Setting& setting : properties)
        if (setting.key == key) found = &setting;
    return found;
}

std::string from(const std::vector<Setting>& properties, const std::string& key) {
    const Setting* setting = last_setting(properties, key);
    return setting ? ", from " + setting->origin.where : "";
}

}  // namespace

std::vector<std::string> tls_verification_warnings(const PropertyLookup& effective,
                                                   const std::vector<Setting>& properties) {
    std::vector<std::string> warnings;
    const char* const certificate = "enable.ssl.certificate.verification";
    const char* const hostname = "ssl.endpoint.identification.algorithm";
    if (const auto value = effective(certificate); value && *value != "true")
        warnings.push_back("TLS certificate verification is off (" + std::string(certificate) +
                           "=" + *value + from(properties, certificate) +
                           "): any certificate is accepted, the broker's identity is not checked");
    if (const auto value = effective(hostname); value && *value != "https")
        warnings.push_back("TLS hostname verification is off (" + std::string(hostname) + "=" +
                           *value + from(properties, hostname) +
                           "): a certificate issued for another host is accepted");
    return warnings;
}

void warn_once(const std::string& message) {
    static std::mutex mutex;
    static std::set<std::string> shown;
    std::lock_guard lock(mutex);
    if (!shown.insert(message).second) return;
    std::cerr << "orderctl: warning: " << message << '\n';
}

}  // namespace orderctl::core
