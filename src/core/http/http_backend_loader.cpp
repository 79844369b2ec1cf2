// Finds and loads liborderctl-http.so (http_backend.h says why it is a module).
//
// Where: beside the binary (the build tree), then ORDERCTL_HTTP_MODULE_DIR relative to the
// binary's directory (the installed layout, e.g. ../lib/orderctl from bin/). The binary's own
// path comes from /proc/self/exe, so no run path is needed: a RUNPATH would also be searched for
// every library the binary loads at start.
#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/http/http_backend.h"

// Defined when the module's code is linked in, as in the unit tests; null otherwise.
extern "C" {
__attribute__((weak)) const char* orderctl_http_module_version();
__attribute__((weak)) const orderctl::core::http::Backend* orderctl_http_backend_v1();
}

namespace orderctl::core::http {
namespace {

const char* const kModuleName = "liborderctl-http.so";

std::string own_directory() {
    char path[PATH_MAX];
    const ssize_t length = ::readlink("/proc/self/exe", path, sizeof path - 1);
    if (length <= 0) return {};
    const std::string exe(path, static_cast<size_t>(length));
    return exe.substr(0, exe.rfind('/'));
}

const Backend* load_module() {
    if (orderctl_http_backend_v1 != nullptr) return orderctl_http_backend_v1();  // linked in

    const std::string dir = own_directory();
    if (dir.empty())
        throw Error(ErrorKind::Failure, std::string("cannot find orderctl's HTTP module ") +
                                            kModuleName + ": /proc/self/exe is not readable");
    const std::vector<std::string> candidates = {
        dir + "/" + kModuleName, dir + "/" + ORDERCTL_HTTP_MODULE_DIR + "/" + kModuleName};
    std::string tried;
    for (const auto& path : candidates) {
        if (::access(path.c_str(), F_OK) != 0) {
            tried += (tried.empty() ? "" : ", ") + path + " (missing)";
            continue;
        }
        void* module = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (module == nullptr) {
            const char* why = ::dlerror();
            throw Error(
                ErrorKind::Failure,
                "cannot load orderctl's HTTP module " + path + ": " + (why ? why : "dlopen failed"),
                "reinstall orderctl; the module and the binary come from one build");
        }
        auto version =
            reinterpret_cast<const char* (*)()>(::dlsym(module, "orderctl_http_module_version"));
        auto entry =
            reinterpret_cast<const Backend* (*)()>(::dlsym(module, "orderctl_http_backend_v1"));
        const char* id = version != nullptr ? version() : nullptr;
        if (entry == nullptr || id == nullptr || std::string(id) != ORDERCTL_HTTP_MODULE_ID)
            throw Error(ErrorKind::Failure,
                        path + " is not the HTTP module of this orderctl (" +
                            ORDERCTL_HTTP_MODULE_ID + "): it is " +
                            (id != nullptr ? std::string(id) + "'s" : "not orderctl's"),
                        "reinstall orderctl; the module and the binary come from one build");
        return entry();  // the module stays loaded until the process ends
    }
    throw Error(ErrorKind::Failure,
                std::string("cannot find orderctl's HTTP module ") + kModuleName +
                    " (needed for HTTP requests and --metrics); tried " + tried,
                "install orderctl with its module (the .deb, or cmake --install), or run the "
                "binary from its build tree");
}

}  // namespace

const Backend& backend() {
    static const Backend* const loaded = load_module();
    return *loaded;
}

}  // namespace orderctl::core::http
