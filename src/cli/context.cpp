#include "cli/context.h"

#include "cli/diagnostics.h"
#include "core/error.h"

namespace orderctl::cli {

core::ProfileRequest Context::profile_request() const {
    core::ProfileRequest request;
    if (!options.config_path.empty()) request.config_path = options.config_path;
    if (!options.profile_name.empty()) request.profile_name = options.profile_name;
    if (!options.bootstrap_servers.empty()) request.bootstrap_servers = options.bootstrap_servers;
    for (const auto& raw : options.librdkafka_overrides) {
        auto equals = raw.find('=');
        if (equals == std::string::npos || equals == 0) {
            // The argument is not echoed: a mistyped -X may carry a password.
            throw core::Error(core::ErrorKind::Usage,
                              "-X expects key=value; an argument has no key or no '='",
                              "for example: -X linger.ms=10");
        }
        request.librdkafka_overrides.emplace_back(raw.substr(0, equals), raw.substr(equals + 1));
    }
    return request;
}

core::kafka::ClientOptions Context::client_options() const {
    core::kafka::ClientOptions client;
    client.verbosity = options.verbosity;
    client.timeout = std::chrono::milliseconds(static_cast<long>(options.timeout_seconds * 1000));
    return client;
}

const core::ResolvedProfile& Context::profile() {
    if (!profile_) {
        profile_ = core::resolve_profile(profile_request(), core::process_environment());
        const core::Setting* bootstrap = profile_->find("bootstrap-servers");
        if (options.verbosity > 0 && bootstrap && bootstrap->origin.where == "dev-broker")
            print_note("using the dev broker at " + bootstrap->value);
    }
    return *profile_;
}

OutputFormat Context::output_format() const {
    if (output_format_) return *output_format_;
    return options.output.empty() ? OutputFormat::Table : parse_output_format(options.output);
}

}  // namespace orderctl::cli
