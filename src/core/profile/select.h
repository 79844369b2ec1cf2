// Which profile of a profiles file a command uses.
#pragma once

#include <optional>
#include <string>

#include "core/profile/file.h"
#include "core/profile/profile.h"

namespace orderctl::core {

struct ProfileAsk {
    std::string name;
    std::string where;  // who asked: "flag --profile", "env ORDERCTL_PROFILE", or FILE:LINE:COL
};

// The profile explicitly asked for, in precedence order -p, ORDERCTL_PROFILE, current-profile
// (the latter only when `file` is given); not checked against the file.
std::optional<ProfileAsk> asked_profile(const ProfileRequest& request, const EnvLookup& env,
                                        const ProfilesFile* file);

// The asked-for profile, else the file's only profile. Config error when the asked-for name
// does not exist, or when nothing was asked and the file has several (or no) profiles.
const ProfileEntry& choose_profile(const ProfileRequest& request, const EnvLookup& env,
                                   const ProfilesFile& file);

// Where discovery looks, for hints.
inline constexpr const char* kDiscoveryPlaces =
    "--config FILE, $ORDERCTL_CONFIG, ./orderctl.yaml, $XDG_CONFIG_HOME/orderctl/config.yaml or "
    "~/.config/orderctl/config.yaml";

}  // namespace orderctl::core
