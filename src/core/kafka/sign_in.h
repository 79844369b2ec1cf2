// Whether a long-running client (a role service) can still sign in with orderctl's own OIDC
// flow (core/oauth/token_request.h). librdkafka keeps using a token whose refresh failed until
// it expires, and a consumer's loop never gives up on its own: so the loop asks.
#pragma once

#include "core/kafka/client.h"

namespace orderctl::core::kafka {

// Throws the token step's Error when a refresh has failed and the token it would have replaced
// has expired (no later refresh succeeded): no new connection could sign in. A refresh that
// fails while the token still lives (a short outage of the token endpoint) throws nothing:
// librdkafka tries again every 10 s. Clients without the OIDC flow never throw.
void check_sign_in(const Client& client);

}  // namespace orderctl::core::kafka
