#include "core/roles/instance_slot.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <utility>

#include "core/devbroker/registry.h"

namespace orderctl::core {
namespace fs = std::filesystem;

namespace {

constexpr int kMaxSlots = 1024;  // more instances of one group on one host than anyone runs

// A group id as a file name: anything but letters, digits, '.', '_' and '-' becomes '_'.
std::string file_name_of(const std::string& name) {
    std::string out;
    for (char c : name) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        out += plain ? c : '_';
    }
    return out.empty() ? std::string("_") : out;
}

}  // namespace

InstanceSlot InstanceSlot::claim(const EnvLookup& env, const std::string& name) {
    InstanceSlot slot;
    // The dev broker's announcement lives in the same per-user directory.
    const auto announcement = dev_broker_file(env);
    if (!announcement) return slot;
    const fs::path dir = fs::path(*announcement).parent_path() / "instances";
    std::error_code ec;
    fs::create_directories(dir, ec);
    const std::string base = (dir / file_name_of(name)).string();
    for (int number = 0; number < kMaxSlots; ++number) {
        const std::string path = base + "." + std::to_string(number) + ".lock";
        const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) return slot;  // the directory is not usable: number 0, unlocked
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
            slot.fd_ = fd;
            slot.number_ = number;
            return slot;
        }
        ::close(fd);
    }
    return slot;
}

InstanceSlot::InstanceSlot(InstanceSlot&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), number_(other.number_) {}

InstanceSlot& InstanceSlot::operator=(InstanceSlot&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = std::exchange(other.fd_, -1);
        number_ = other.number_;
    }
    return *this;
}

InstanceSlot::~InstanceSlot() {
    if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
}

}  // namespace orderctl::core
