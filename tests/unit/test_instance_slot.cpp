// Instance slots: distinct numbers for instances side by side, the same number again for the
// one that restarts after its predecessor died, even by SIGKILL.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "core/roles/instance_slot.h"

using orderctl::core::EnvLookup;
using orderctl::core::InstanceSlot;

namespace {

struct RuntimeDir {
    std::filesystem::path path;
    RuntimeDir() {
        char pattern[] = "/tmp/orderctl-slot-XXXXXX";
        path = ::mkdtemp(pattern);
    }
    ~RuntimeDir() { std::filesystem::remove_all(path); }
    EnvLookup env() const {
        return [dir = path.string()](const std::string& name) -> std::optional<std::string> {
            if (name == "XDG_RUNTIME_DIR") return dir;
            return std::nullopt;
        };
    }
};

}  // namespace

TEST_CASE("instance slots: side by side distinct, freed slots reused, groups apart") {
    RuntimeDir dir;
    auto first = InstanceSlot::claim(dir.env(), "orderctl-payment");
    auto second = InstanceSlot::claim(dir.env(), "orderctl-payment");
    CHECK(first.locked());
    CHECK(first.number() == 0);
    CHECK(second.number() == 1);
    CHECK(InstanceSlot::claim(dir.env(), "orderctl-inventory").number() == 0);
    { InstanceSlot gone = std::move(first); }  // released
    CHECK(InstanceSlot::claim(dir.env(), "orderctl-payment").number() == 0);
    CHECK(InstanceSlot::claim(dir.env(), "odd/group name").locked());
}

TEST_CASE("instance slots: a SIGKILLed holder's slot goes to the instance that restarts") {
    RuntimeDir dir;
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        auto held = InstanceSlot::claim(dir.env(), "g");
        char number = static_cast<char>('0' + held.number());
        if (::write(ready[1], &number, 1) != 1) std::_Exit(1);
        ::pause();
        std::_Exit(0);
    }
    char number = 0;
    REQUIRE(::read(ready[0], &number, 1) == 1);
    CHECK(number == '0');
    CHECK(InstanceSlot::claim(dir.env(), "g").number() == 1);  // held by the live child
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    CHECK(InstanceSlot::claim(dir.env(), "g").number() == 0);
    ::close(ready[0]);
    ::close(ready[1]);
}

TEST_CASE("instance slots: no usable directory means number 0, unlocked") {
    auto slot = InstanceSlot::claim([](const std::string&) { return std::nullopt; }, "g");
    CHECK_FALSE(slot.locked());
    CHECK(slot.number() == 0);
}
