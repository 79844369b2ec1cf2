#include "core/profile/select.h"

#include "core/profile/interpolation.h"
#include "core/profile/suggest.h"

namespace orderctl::core {

std::optional<ProfileAsk> asked_profile(const ProfileRequest& request, const EnvLookup& env,
                                        const ProfilesFile* file) {
    if (request.profile_name) return ProfileAsk{*request.profile_name, "flag --profile"};
    // An empty variable counts as unset, so `ORDERCTL_PROFILE= orderctl ...` clears it.
    if (const auto name = env("ORDERCTL_PROFILE"); name && !name->empty())
        return ProfileAsk{*name, "env ORDERCTL_PROFILE"};
    if (file && file->current_profile) {
        const FileValue& current = *file->current_profile;
        const std::string where = current.at.str();
        return ProfileAsk{interpolate(current.node.Scalar(), env, where), where};
    }
    return std::nullopt;
}

const ProfileEntry& choose_profile(const ProfileRequest& request, const EnvLookup& env,
                                   const ProfilesFile& file) {
    const auto names = file.names();
    if (const auto ask = asked_profile(request, env, &file)) {
        if (const ProfileEntry* found = file.find(ask->name)) return *found;
        config_error(ask->where, "no profile '" + ask->name + "' in " + file.path,
                     "one of " + join_names(names), did_you_mean(ask->name, names));
    }
    if (file.profiles.size() == 1) return file.profiles.front();
    if (file.profiles.empty())
        config_error(file.path, "no profiles defined",
                     "a 'profiles:' map with at least one profile");
    config_error(file.path, "no profile chosen among " + join_names(names),
                 "-p NAME, ORDERCTL_PROFILE, or 'current-profile: NAME' in the file",
                 "add 'current-profile: " + names.front() + "' to " + file.path + ", or pass -p " +
                     names.front());
}

}  // namespace orderctl::core

namespace orderctl::core {

std::vector<ProfileSummary> list_profiles(const ProfileRequest& request, const EnvLookup& env) {
    const auto path = discover_profiles_file(request, env);
    if (!path) return {};
    const ProfilesFile file = load_profiles_file(*path);
    // Listing must work even when the asked-for profile is misspelled: then none is current.
    std::string current;
    if (const auto ask = asked_profile(request, env, &file))
        current = ask->name;
    else if (file.profiles.size() == 1)
        current = file.profiles.front().name;
    std::vector<ProfileSummary> out;
    for (const ProfileEntry& profile : file.profiles) {
        const FileValue* servers = profile.find("bootstrap-servers");
        const bool plain = servers && servers->node.IsScalar();
        out.push_back({profile.name, profile.name == current,
                       plain ? servers->node.Scalar() : std::string{}});
    }
    return out;
}

}  // namespace orderctl::core
