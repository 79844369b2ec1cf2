// The OAuth 2.0 client-credentials grant that an Event Hubs profile signs in with (Microsoft
// Entra ID): orderctl fetches the token itself and hands it to librdkafka's OAUTHBEARER
// mechanism, because Debian's librdkafka 2.0.2 is built without libcurl and so refuses
// sasl.oauthbearer.method=oidc ("not supported in this build"). The profile keeps librdkafka's
// own property names, so it stays valid for a librdkafka that has the flow built in.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/profile/profile.h"

namespace orderctl::core::oauth {

struct TokenRequest {
    std::string endpoint_url;   // sasl.oauthbearer.token.endpoint.url
    std::string client_id;      // sasl.oauthbearer.client.id
    std::string client_secret;  // sasl.oauthbearer.client.secret
    std::string scope;          // sasl.oauthbearer.scope
    // sasl.oauthbearer.assertion.file (the name Kafka's Java client gives it, KIP-1258; not a
    // librdkafka 2.0.2 property): AKS workload identity's federated token file. When set, the
    // client proves itself with its contents as a JWT client assertion instead of a secret.
    std::string assertion_file;
};

// The librdkafka properties of the OIDC flow; a client takes them out of what it gives
// librdkafka and runs the flow itself (see above).
bool is_oidc_property(const std::string& name);
// The request from the properties, nullopt unless sasl.oauthbearer.method=oidc is among them.
std::optional<TokenRequest> oidc_request(const std::vector<Setting>& properties);

struct Token {
    std::string value;  // the JWT; a secret, never printed
    int64_t expires_at_ms = 0;
    std::string principal;              // the token's "sub" (else the client id)
    std::vector<std::string> audience;  // the token's "aud"
};

// The claims orderctl reads from a JWT's payload (it does not verify the signature: the broker
// does). Error(Unreachable) when the text is not a JWT.
Token decode_jwt(const std::string& jwt, const std::string& fallback_principal);

// The hint for a refused token request, from Entra's AADSTS code in the error body (wrong
// tenant, unknown client, wrong or expired secret, wrong scope), else from the OAuth error.
std::string refusal_hint(const std::string& error_body);

// The form of the grant: client_id, then client_secret, or client_assertion_type (jwt-bearer)
// and client_assertion = `assertion` when the request has an assertion file; then scope.
std::string grant_form(const TokenRequest& request, const std::string& assertion);

// The federated token in `path`, read anew on every call (the kubelet rotates the file under
// a running client). Error(Config) when it cannot be read or is empty.
std::string read_assertion(const std::string& path);

// POSTs the grant (reading the assertion file first, if any). Error(Unreachable) when the
// endpoint cannot be reached, or when it refuses (the message has the endpoint's error and
// AADSTS code, never the secret or the assertion; the hint from refusal_hint).
Token request_token(const TokenRequest& request, std::chrono::milliseconds timeout);

// The audience a token must carry for the scope ("https://NS/.default" -> "https://NS").
std::string audience_of_scope(const std::string& scope);

}  // namespace orderctl::core::oauth
