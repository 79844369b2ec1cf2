// Profiles: which cluster to talk to and how, resolved from four levels.
// Precedence, highest first: flags (and -X), ORDERCTL_* environment variables, the chosen
// profile of the profiles file, built-in defaults. Every resolved value remembers where it came
// from, so `profile show` can tell the user.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace orderctl::core {

// Looks up an environment variable; injectable so tests never touch the real environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_environment();

// What the command line asked for. Empty optionals mean "not given".
struct ProfileRequest {
    std::optional<std::string> config_path;        // --config
    std::optional<std::string> profile_name;       // -p/--profile
    std::optional<std::string> bootstrap_servers;  // -b/--bootstrap-servers
    std::vector<std::pair<std::string, std::string>>
        librdkafka_overrides;  // -X key=value, in order
};

enum class OriginLevel { Default = 0, File = 1, Env = 2, Flag = 3 };

struct Origin {
    OriginLevel level = OriginLevel::Default;
    std::string
        where;  // "default", "env ORDERCTL_X", "flag -X", "flag --bootstrap-servers", "FILE:LINE"
};

struct Setting {
    std::string key;    // canonical key, e.g. "security.sasl-mechanism" or "librdkafka.linger.ms"
    std::string value;  // resolved text (interpolated, secret references read)
    Origin origin;
    bool secret = false;  // never printed; shown as <redacted>
};

class ResolvedProfile {
  public:
    std::string name;               // profile name, or empty when no profile file was used
    std::string file;               // the profiles file used, or empty
    std::vector<Setting> settings;  // every known key, sorted by key

    const Setting* find(const std::string& key) const;
    std::string get(const std::string& key) const;  // "" when absent
    int get_int(const std::string& key) const;      // Error(Config) when not an integer

    std::string orders_topic() const { return get("topics.orders"); }
    std::string role_group(const std::string& role) const;
    std::string role_output_topic(const std::string& role) const;

    // The librdkafka properties to set, in order, with their origins: structured fields mapped to
    // librdkafka names (bootstrap-servers -> bootstrap.servers, security.ca-file ->
    // ssl.ca.location, ...) merged with the free `librdkafka:` map and -X; for one property the
    // highest precedence level wins.
    std::vector<Setting> librdkafka_properties() const;
};

// Resolves the profile for a command. Throws Error(Config) naming file, line and column.
ResolvedProfile resolve_profile(const ProfileRequest& request, const EnvLookup& env);

struct ProfileSummary {
    std::string name;
    bool current = false;
    std::string bootstrap_servers;  // as written in the file (uninterpolated is fine)
};

// The profiles file that discovery picks (--config, $ORDERCTL_CONFIG, ./orderctl.yaml,
// $XDG_CONFIG_HOME/orderctl/config.yaml, ~/.config/orderctl/config.yaml), or nullopt.
std::optional<std::string> discover_profiles_file(const ProfileRequest& request,
                                                  const EnvLookup& env);

// Profiles named in the discovered file; empty when there is none.
std::vector<ProfileSummary> list_profiles(const ProfileRequest& request, const EnvLookup& env);

}  // namespace orderctl::core
