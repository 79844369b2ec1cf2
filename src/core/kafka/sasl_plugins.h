// Whether the process loads Cyrus SASL's plugins: only when a client signs in with GSSAPI.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace orderctl::core::kafka {

// A client property as librdkafka will use it (the default when nothing set it), or nullopt.
using EffectiveProperty = std::function<std::optional<std::string>(const std::string& name)>;

// True when the client needs Cyrus SASL: librdkafka 2.0.2 uses it for GSSAPI (Kerberos) only;
// PLAIN, SCRAM and OAUTHBEARER are its own. GSSAPI is librdkafka's default mechanism, so a
// SASL_* protocol with no mechanism set needs it too.
bool needs_cyrus_sasl(const EffectiveProperty& effective);

// Called before each client is created, with needs_cyrus_sasl of its configuration; only the
// first call in a process acts. librdkafka's
// first client has Cyrus open every plugin in its directory (eight here, and Berkeley DB with
// them): about 3.6M instructions, a fifth of `orderctl topics list`, for nothing unless the
// client uses GSSAPI. So unless it does, or the user set SASL_PATH, Cyrus is initialised first
// with a file check that turns every plugin down. Cyrus initialises once per process, so a
// GSSAPI client created after a first non-GSSAPI one in the same process would find no
// mechanism; each orderctl command works with one cluster and one profile.
void prepare_cyrus_sasl(bool uses_gssapi);

}  // namespace orderctl::core::kafka
