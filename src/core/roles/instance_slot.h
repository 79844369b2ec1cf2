// A number for one running instance of a role service that stays the same when that instance
// restarts on this host: the lowest N whose lock file no live process holds. The exactly-once
// service builds its transactional.id from it, so a restarted instance takes over the id of
// the one that died: initializing transactions then fences the dead producer and aborts its
// open transaction at once, instead of leaving read_committed readers stuck behind it until
// transaction.timeout.ms. Two instances running side by side get two numbers.
#pragma once

#include <string>

#include "core/profile/profile.h"

namespace orderctl::core {

class InstanceSlot {
  public:
    // Claims the slot of `name` (a group id) under $XDG_RUNTIME_DIR/orderctl/instances (else
    // the cache dir). The locks are flock(2)s, which the kernel drops when a process dies,
    // SIGKILL included. Never throws: without a usable directory the number is 0, unlocked.
    static InstanceSlot claim(const EnvLookup& env, const std::string& name);

    InstanceSlot() = default;
    InstanceSlot(InstanceSlot&& other) noexcept;
    InstanceSlot& operator=(InstanceSlot&& other) noexcept;
    InstanceSlot(const InstanceSlot&) = delete;
    InstanceSlot& operator=(const InstanceSlot&) = delete;
    ~InstanceSlot();

    int number() const { return number_; }
    bool locked() const { return fd_ >= 0; }

  private:
    int fd_ = -1;
    int number_ = 0;
};

}  // namespace orderctl::core
