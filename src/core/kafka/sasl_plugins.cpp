#include "core/kafka/sasl_plugins.h"

#include <sasl/sasl.h>

#include <cstdlib>
#include <mutex>

#include "core/ascii.h"

namespace orderctl::core::kafka {
namespace {

// Cyrus's SASL_CB_VERIFYFILE: a plugin is turned down (so never opened), other files pass.
int refuse_plugins(void* /*context*/, const char* /*file*/, sasl_verify_type_t type) {
    return type == SASL_VRFY_PLUGIN ? SASL_CONTINUE : SASL_OK;
}

// Cyrus keeps every callback as int (*)(void) and casts it back by its id; the step through
// void (*)(void), which matches any function type, says that the cast is meant.
int (*as_callback(int (*proc)(void*, const char*, sasl_verify_type_t)))() {
    return reinterpret_cast<int (*)()>(reinterpret_cast<void (*)()>(proc));
}

}  // namespace

bool needs_cyrus_sasl(const EffectiveProperty& effective) {
    const std::string protocol = ascii_lower(effective("security.protocol").value_or("plaintext"));
    if (protocol.rfind("sasl_", 0) != 0) return false;
    return ascii_lower(effective("sasl.mechanisms").value_or("GSSAPI")) == "gssapi";
}

void prepare_cyrus_sasl(bool uses_gssapi) {
    static std::once_flag once;
    std::call_once(once, [uses_gssapi] {
        if (uses_gssapi || std::getenv("SASL_PATH") != nullptr) return;
        // Cyrus initialises once; librdkafka's own sasl_client_init(NULL), at its first client,
        // then only counts a reference and keeps these callbacks. Turning every plugin down in
        // the file check skips the dlopen and logs nothing; an unreadable plugin path would
        // have Cyrus syslog a message on every run. No mechanism is left, which is fine: none
        // is used. The result is not checked, as librdkafka does not check its own: a failure
        // here leaves Cyrus uninitialised for librdkafka's call, which behaves as before.
        static const sasl_callback_t callbacks[] = {
            {SASL_CB_VERIFYFILE, as_callback(&refuse_plugins), nullptr},
            {SASL_CB_LIST_END, nullptr, nullptr},
        };
        sasl_client_init(callbacks);
    });
}

}  // namespace orderctl::core::kafka
