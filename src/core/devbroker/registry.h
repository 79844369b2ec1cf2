// Where a running `orderctl broker` announces itself, so that other orderctl commands with no
// profiles file, no -b and no ORDERCTL_BOOTSTRAP_SERVERS find it on their own. The file holds
// the bootstrap address and the broker's pid; it lives in $XDG_RUNTIME_DIR/orderctl/dev-broker
// (per user, gone at logout), else $XDG_CACHE_HOME/orderctl/dev-broker, else
// ~/.cache/orderctl/dev-broker. A file whose pid is gone (a broker killed with SIGKILL) is ignored.
#pragma once

#include <optional>
#include <string>

#include "core/profile/profile.h"

namespace orderctl::core {

struct DevBrokerEntry {
    std::string bootstrap_servers;
    long pid = 0;
};

// The announcement file's path, or nullopt when neither XDG_RUNTIME_DIR nor a cache dir is known.
std::optional<std::string> dev_broker_file(const EnvLookup& env);

// The announced dev broker, only when its process is still alive.
std::optional<DevBrokerEntry> find_dev_broker(const EnvLookup& env);

// Writes the announcement for this process's broker; removes it when destroyed (if it is
// still ours). A failure to write is not fatal: the broker works, discovery does not.
class DevBrokerAnnouncement {
  public:
    DevBrokerAnnouncement(const EnvLookup& env, const std::string& bootstrap_servers);
    ~DevBrokerAnnouncement();
    DevBrokerAnnouncement(const DevBrokerAnnouncement&) = delete;
    DevBrokerAnnouncement& operator=(const DevBrokerAnnouncement&) = delete;

    // The file written, or "" when it could not be written.
    const std::string& path() const { return path_; }
    const std::string& problem() const { return problem_; }

  private:
    std::string path_;
    std::string problem_;
};

}  // namespace orderctl::core
