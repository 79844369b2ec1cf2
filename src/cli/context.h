// What every subcommand receives: the global options as parsed, and the profile they select,
// resolved lazily so that commands which need no cluster (profile list, --help) never fail on it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/output.h"
#include "core/kafka/client.h"
#include "core/profile/profile.h"

namespace orderctl::cli {

struct GlobalOptions {
    std::string config_path;
    std::string profile_name;
    std::string bootstrap_servers;
    std::vector<std::string> librdkafka_overrides;  // raw "key=value" from -X
    std::string output;  // "" when -o was not given: the command's default (output_modes.h)
    bool quiet = false;
    int verbosity = 0;
    double timeout_seconds = 15;  // how long to wait for the cluster before exit 5
};

class Context {
  public:
    GlobalOptions options;

    // The profile request the flags make; throws Error(Usage) for a malformed -X.
    core::ProfileRequest profile_request() const;
    // Resolves once and caches.
    const core::ResolvedProfile& profile();
    // Uses this profile instead of resolving one (`orderctl demo` on its in-process cluster,
    // which must not pick up the user's profiles or ORDERCTL_* variables).
    void use_profile(core::ResolvedProfile profile) { profile_ = std::move(profile); }
    // Client options that follow the global flags (verbosity, timeout).
    core::kafka::ClientOptions client_options() const;
    // The mode this command runs in, as the app chose it (output_modes.h); a Context made by
    // a command for its own use (demo) runs its parts in their defaults, or in its -o.
    OutputFormat output_format() const;
    void set_output_format(OutputFormat format) { output_format_ = format; }

  private:
    std::optional<OutputFormat> output_format_;
    std::optional<core::ResolvedProfile> profile_;
};

}  // namespace orderctl::cli
