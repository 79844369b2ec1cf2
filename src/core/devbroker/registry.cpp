#include "core/devbroker/registry.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace orderctl::core {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> non_empty(const std::optional<std::string>& value) {
    return value && !value->empty() ? value : std::nullopt;
}

bool process_alive(long pid) {
    if (pid <= 0) return false;
    // EPERM: alive but another user's; still a live broker at that address.
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

std::optional<DevBrokerEntry> read_entry(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    DevBrokerEntry entry;
    std::string line;
    while (std::getline(in, line)) {
        const auto equals = line.find('=');
        if (equals == std::string::npos) continue;
        const std::string key = line.substr(0, equals), value = line.substr(equals + 1);
        if (key == "bootstrap") entry.bootstrap_servers = value;
        if (key == "pid") entry.pid = std::strtol(value.c_str(), nullptr, 10);
    }
    if (entry.bootstrap_servers.empty() || entry.pid <= 0) return std::nullopt;
    return entry;
}

}  // namespace

std::optional<std::string> dev_broker_file(const EnvLookup& env) {
    fs::path dir;
    if (const auto runtime = non_empty(env("XDG_RUNTIME_DIR")))
        dir = *runtime;
    else if (const auto cache = non_empty(env("XDG_CACHE_HOME")))
        dir = *cache;
    else if (const auto home = non_empty(env("HOME")))
        dir = fs::path(*home) / ".cache";
    else
        return std::nullopt;
    return (dir / "orderctl" / "dev-broker").string();
}

std::optional<DevBrokerEntry> find_dev_broker(const EnvLookup& env) {
    const auto path = dev_broker_file(env);
    if (!path) return std::nullopt;
    auto entry = read_entry(*path);
    if (!entry || !process_alive(entry->pid)) return std::nullopt;
    return entry;
}

DevBrokerAnnouncement::DevBrokerAnnouncement(const EnvLookup& env,
                                             const std::string& bootstrap_servers) {
    const auto path = dev_broker_file(env);
    if (!path) {
        problem_ = "neither XDG_RUNTIME_DIR nor HOME is set";
        return;
    }
    std::error_code ec;
    fs::create_directories(fs::path(*path).parent_path(), ec);
    // Written aside and renamed, so a reader never sees half a file.
    const std::string temporary = *path + "." + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << "bootstrap=" << bootstrap_servers << "\npid=" << ::getpid() << "\n";
        if (!out) {
            problem_ = "cannot write " + temporary;
            return;
        }
    }
    ::chmod(temporary.c_str(), 0600);
    fs::rename(temporary, *path, ec);
    if (ec) {
        problem_ = "cannot write " + *path + ": " + ec.message();
        fs::remove(temporary, ec);
        return;
    }
    path_ = *path;
}

DevBrokerAnnouncement::~DevBrokerAnnouncement() {
    if (path_.empty()) return;
    // A second broker may have announced itself since: leave its file alone.
    const auto entry = read_entry(path_);
    if (entry && entry->pid != static_cast<long>(::getpid())) return;
    std::error_code ec;
    fs::remove(path_, ec);
}

}  // namespace orderctl::core
