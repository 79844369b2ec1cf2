// Shared helpers for the profile tests: temp directories, an injected environment, and a way to
// catch the Config error a call must throw. Tests never read the real environment.
#pragma once

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "core/error.h"
#include "core/profile/profile.h"

namespace profile_test {

namespace fs = std::filesystem;
using orderctl::core::EnvLookup;
using orderctl::core::ErrorKind;
using orderctl::core::OriginLevel;
using orderctl::core::ProfileRequest;
using orderctl::core::ResolvedProfile;
using Vars = std::map<std::string, std::string>;

class TempDir {
  public:
    TempDir() {
        static std::atomic<int> counter{0};
        const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
        path_ = fs::temp_directory_path() / ("orderctl-profile-test-" + std::to_string(stamp) +
                                             "-" + std::to_string(counter++));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const fs::path& path() const { return path_; }
    std::string file(const std::string& relative) const { return (path_ / relative).string(); }

    // Writes `content` at `relative` (creating directories) and returns the full path.
    std::string write(const std::string& relative, const std::string& content) const {
        const fs::path target = path_ / relative;
        fs::create_directories(target.parent_path());
        std::ofstream(target, std::ios::binary) << content;
        return target.string();
    }

  private:
    fs::path path_;
};

// Moves into a directory for the lifetime of the guard: "./orderctl.yaml" discovery depends on it.
class CwdGuard {
  public:
    explicit CwdGuard(const fs::path& dir) : previous_(fs::current_path()) {
        fs::current_path(dir);
    }
    ~CwdGuard() { fs::current_path(previous_); }

  private:
    fs::path previous_;
};

inline EnvLookup env_of(Vars vars) {
    return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
        const auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
}

inline ResolvedProfile resolve_file(const std::string& path, Vars vars = {},
                                    ProfileRequest request = {}) {
    request.config_path = path;
    return orderctl::core::resolve_profile(request, env_of(std::move(vars)));
}

// Runs `call`, which must throw Error(Config); returns "message\nhint: hint" for checks.
template <class Call>
std::string config_error_of(Call&& call) {
    try {
        call();
    } catch (const orderctl::core::Error& e) {
        CHECK(e.kind() == ErrorKind::Config);
        return std::string(e.what()) + "\nhint: " + e.hint();
    }
    FAIL("expected a Config error");
    return {};
}

inline bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace profile_test

// Each argument is evaluated once, before the check: the message is built lazily by doctest,
// and re-running a call that itself checks would re-enter doctest's reporter.
#define PROFILE_CHECK_TEXT(text, part, want)                                                    \
    do {                                                                                        \
        const std::string checked_text_ = (text);                                               \
        const std::string checked_part_ = (part);                                               \
        CHECK_MESSAGE(profile_test::contains(checked_text_, checked_part_) == (want),           \
                      "'" << checked_part_ << std::string(want ? "' not in: " : "' found in: ") \
                          << checked_text_);                                                    \
    } while (false)
#define CHECK_CONTAINS(text, part) PROFILE_CHECK_TEXT(text, part, true)
#define CHECK_NOT_CONTAINS(text, part) PROFILE_CHECK_TEXT(text, part, false)
