#!/usr/bin/env bash
# eventhubs-setup --auth entra against a stand-in Entra token endpoint on loopback
# (scripts/kafka/entra/TokenEndpoint.java: client-credentials grant, RS256, AADSTS refusals).
# No broker is needed for what this asserts: librdkafka opens no broker connection before it
# has a token, so every sign-in failure ends at the token step, exit 5, with Entra's hint; the
# tier refusals come before any connection at all. The client secret and every token never
# appear in any output at any verbosity.
source "$(dirname "$0")/lib.sh"

command -v java >/dev/null || { skip "no java (scripts/install-deps.sh installs it)"; finish; exit; }

SECRET="entra-$RANDOM-$RANDOM-secret"
printf '%s\n' "$SECRET" >secret
java -Xmx48m "$SOURCE_DIR/scripts/kafka/entra/TokenEndpoint.java" port tenant-1 app-1 secret \
    https://ns.servicebus.windows.net >endpoint.log 2>&1 &
ENDPOINT_PID=$!
trap 'kill $ENDPOINT_PID 2>/dev/null; rm -rf "$TEST_WORK"' EXIT
POLL=0.5 wait_until 120 nonempty port || { fail "the token endpoint did not start: $(cat endpoint.log)"; finish; exit; }
PORT=$(cat port)
URL="http://127.0.0.1:$PORT/tenant-1/oauth2/v2.0/token"
ALL="$TEST_WORK/all-output"
keep() { cat "$OUT" "$ERR" >>"$ALL"; }

# --- the profile ---------------------------------------------------------------------------------
export AZURE_CLIENT_SECRET="$SECRET"
run oc --config eh.yaml -b "127.0.0.1:$PORT" eventhubs-setup --auth entra --namespace ns \
    --tenant tenant-1 --client-id app-1 --token-endpoint "$URL"
keep
expect_status "--auth entra writes the profile" 0
expect_in "it signs in with OAUTHBEARER" eh.yaml "sasl-mechanism: OAUTHBEARER"
expect_in "the secret by reference" eh.yaml "sasl.oauthbearer.client.secret: {env: AZURE_CLIENT_SECRET}"
expect_in "the scope is the namespace" eh.yaml "sasl.oauthbearer.scope: https://ns.servicebus.windows.net/.default"
expect_in "the tier is recorded" eh.yaml "tier: Standard"
expect_not_in "no secret in the file" eh.yaml "$SECRET"

run oc eventhubs-setup --auth entra --namespace ns --client-id app-1 --config x.yaml
expect_status "--auth entra without --tenant is a usage error" 2
run oc eventhubs-setup --auth entra --namespace ns.servicebus.usgovcloudapi.net --tenant t \
    --client-id app-1 --config gov.yaml
expect_in "a US Government namespace signs in at login.microsoftonline.us" gov.yaml \
    "https://login.microsoftonline.us/t/oauth2/v2.0/token"

# --- the token step of --check (the broker here is the endpoint's port: TCP passes, TLS not) -----
check() { run oc --config eh.yaml -p eventhubs -o json -b "127.0.0.1:$PORT" "$@" eventhubs-setup \
    --auth entra --namespace ns --tenant tenant-1 --client-id app-1 --token-endpoint "$URL" \
    --check; keep; }
check
step_status() { jq -r --arg s "$1" '.check.steps[] | select(.step == $s) | .status' "$OUT"; }
expect_eq "--check: the token is granted, audience right" "$(step_status token)" ok
expect_eq "--check: ... and TLS comes after it (this broker is no broker)" "$(step_status tls)" failed
AZURE_CLIENT_SECRET=wrong check
expect_status "--check with a wrong secret: exit 5" 5
expect_eq "... at the token step" "$(step_status token)" failed
expect_in "... with Entra's code" "$ERR" "AADSTS7000215"
expect_in "... and the hint for it" "$ERR" "wrong client secret"
check -X sasl.oauthbearer.scope=https://other/.default
expect_status "--check with a wrong scope: exit 5" 5
expect_in "... hint: wrong scope" "$ERR" "wrong scope"
check -X "sasl.oauthbearer.token.endpoint.url=http://127.0.0.1:$PORT/tenant-2/oauth2/v2.0/token"
expect_status "--check with a wrong tenant: exit 5" 5
expect_in "... hint: wrong tenant" "$ERR" "wrong tenant"

# --- produce and a role service sign in through the token step ---------------------------------
echo '{"order_id":"1","customer_id":"c","items":[{"sku":"a","qty":1,"unit_price":"1.00"}],"currency":"EUR"}' >orders.jsonl
AZURE_CLIENT_SECRET=wrong run oc --config eh.yaml -p eventhubs -vv --timeout 20 produce orders.jsonl
keep
expect_status "produce with a wrong secret: exit 5" 5
expect_in "... naming the token step" "$ERR" "token step"
run oc --config eh.yaml -p eventhubs -vv --timeout 20 \
    -X sasl.oauthbearer.client.id=expired-client produce orders.jsonl
keep
expect_status "produce with an expired token: exit 5" 5
expect_in "... the token cannot be used" "$ERR" "token"
AZURE_CLIENT_SECRET=wrong run oc --config eh.yaml -p eventhubs -vv --timeout 20 consume --role payment --idle-timeout 5
keep
expect_status "a role service with a wrong secret: exit 5" 5

# --- the tier: refused before connecting ---------------------------------------------------------
run oc --config eh.yaml -p eventhubs produce --transactional orders.jsonl
keep
expect_status "produce --transactional on Standard: exit 3" 3
expect_in "... with the hint" "$ERR" "Premium and Dedicated"
run oc --config eh.yaml -p eventhubs consume --role payment --exactly-once
keep
expect_status "consume --exactly-once on Standard: exit 3" 3
run oc --config eh.yaml -p eventhubs -X compression.codec=lz4 produce orders.jsonl
keep
expect_status "produce with lz4 on Standard: exit 3" 3
expect_in "... naming the codec" "$ERR" "compression.codec=lz4"
run oc --config eh.yaml -p eventhubs -X compression.codec=snappy -o json -b "127.0.0.1:$PORT" \
    eventhubs-setup --auth entra --namespace ns --tenant tenant-1 --client-id app-1 \
    --token-endpoint "$URL" --tier Premium --check
keep
expect_status "--check names a codec the tier rejects: exit 3" 3
expect_in "... in its tier step" "$ERR" "tier step failed: compression.codec=snappy"

# --- no secret, no token anywhere ----------------------------------------------------------------
expect_not_in "the client secret never appears in any output" "$ALL" "$SECRET"
expect_not_in "no token (a JWT) appears in any output" "$ALL" "eyJhbGciOi"
finish
