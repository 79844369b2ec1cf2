// libFuzzer: profile loading takes any file. YAML text goes through the loader and schema check,
// then every value of every profile through interpolation, {env: NAME} secret references,
// validation and the inline-secret check. Only Config errors may come out; anything else
// (a crash, a sanitizer report, another exception) is a finding.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/error.h"
#include "core/profile/file.h"
#include "core/profile/interpolation.h"
#include "core/profile/keys.h"
#include "core/profile/security.h"

namespace {

namespace core = orderctl::core;

// A fixed environment: some variables set, one empty, the rest unset.
std::optional<std::string> fuzz_env(const std::string& name) {
    if (name == "EMPTY") return std::string();
    if (name.size() == 1 || name == "KAFKA_PASSWORD" || name == "HOST")
        return "value-of-" + name + "-${NOT_EXPANDED_AGAIN}";
    return std::nullopt;
}

// The loader reads a path: one private file per fuzzing process, rewritten for each input.
const std::string& scratch_path() {
    static const std::string path = [] {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "fuzz-profile-XXXXXX.yaml").string();
        int fd = ::mkstemps(pattern.data(), 5);
        if (fd < 0) std::abort();
        ::close(fd);
        return pattern;
    }();
    return path;
}

void resolve_values(const core::ProfilesFile& file) {
    for (const auto& profile : file.profiles) {
        for (const auto& value : profile.values) {
            try {
                (void)core::is_inline_secret(value);
                // {file: PATH} would read whatever path the input names (/dev/zero never ends):
                // only the reference's own text is interpolated for those.
                std::string text;
                if (value.node.IsMap() && value.node.begin()->first.Scalar() == "file")
                    text = core::interpolate(value.node.begin()->second.Scalar(), fuzz_env,
                                             value.at.str());
                else
                    text = core::resolve_file_value(value, fuzz_env, file.path).text;
                if (const auto* spec = core::find_key_spec(value.key))
                    (void)core::validate_value(*spec, text, spec->secret, value.at.str());
            } catch (const core::Error& error) {
                if (error.kind() != core::ErrorKind::Config) std::abort();
            }
        }
    }
    (void)core::profiles_file_exposure_warning(file, std::filesystem::perms::all);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string& path = scratch_path();
    std::FILE* out = std::fopen(path.c_str(), "wb");
    if (out == nullptr) std::abort();
    std::fwrite(data, 1, size, out);
    std::fclose(out);
    try {
        resolve_values(core::load_profiles_file(path));
    } catch (const core::Error& error) {
        if (error.kind() != core::ErrorKind::Config) std::abort();
    }
    return 0;
}
