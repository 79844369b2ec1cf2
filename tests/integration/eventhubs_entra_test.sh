#!/usr/bin/env bash
# Microsoft Entra ID sign-in end to end against the Event Hubs emulation: its OAUTH listener
# (SASL_SSL OAUTHBEARER, tokens checked by Kafka's BrokerJwtValidator) and its stand-in Entra
# token endpoint (scripts/kafka/entra/TokenEndpoint.java), both started by `start.sh eventhubs`.
# A profile written by `eventhubs-setup --auth entra`: --check passes every step; produce and a
# role service sign in and work, witnessed by kcat over the PLAINTEXT back door. Each sign-in
# failure ends with exit 5 at the step that broke: the token endpoint's answer (wrong secret,
# unknown resource, an expired token, a token whose sub is no string) or the broker rejecting the
# token (another namespace's audience). Workload identity signs in with the federated token file
# instead of a secret. The tier refusals come before any connection. The client secret, the
# federated token and every token never appear in any output at any verbosity.
source "$(dirname "$0")/lib.sh"
: "${EH_STATE:?set EH_STATE to the state dir of start.sh eventhubs}"
# shellcheck disable=SC1091
. "$EH_STATE/env"
[ -n "${EH_OAUTH_BOOTSTRAP:-}" ] || { echo "$EH_STATE has no OAUTH listener: restart it with start.sh"; exit 1; }
BACKDOOR="$KAFKA_BOOTSTRAP"
SECRET="$EH_ENTRA_CLIENT_SECRET"
URL="$EH_ENTRA_TOKEN_ENDPOINT"
TENANT="$EH_ENTRA_TENANT"
APP="$EH_ENTRA_CLIENT_ID"
ORDERS="$SOURCE_DIR/examples/orders.jsonl"
id=$(unique entra)
hub="$id.orders"
ALL="$TEST_WORK/all-output"
keep() { cat "$OUT" "$ERR" >>"$ALL"; }
# shellcheck disable=SC2054 # the commas belong to librdkafka's debug list
LOUD=(-vvv -X debug=security,broker,protocol)
backdoor_keys() { kcat -C -b "$BACKDOOR" -t "$1" -e -q -f '%k\n' 2>/dev/null | sort; }

# --- the profile ---------------------------------------------------------------------------------
export AZURE_CLIENT_SECRET="$SECRET"
setup() { run oc --config eh.yaml -b "$EH_OAUTH_BOOTSTRAP" --timeout 30 eventhubs-setup --auth entra \
    --namespace "$EH_NAMESPACE" --tenant "$TENANT" --client-id "$APP" --token-endpoint "$URL" \
    --ca-file "$EH_CA_FILE" --eventhub "$hub" --partitions 3 "$@"; keep; }
setup --create-topic
expect_status "--auth entra writes the profile and creates the hub, signed in with a token" 0
expect_in "it signs in with OAUTHBEARER" eh.yaml "sasl-mechanism: OAUTHBEARER"
expect_in "the secret by reference" eh.yaml "sasl.oauthbearer.client.secret: {env: AZURE_CLIENT_SECRET}"
expect_in "the scope is the namespace" eh.yaml \
    "sasl.oauthbearer.scope: https://$EH_NAMESPACE.servicebus.windows.net/.default"
expect_in "the tier is recorded" eh.yaml "tier: Standard"
expect_not_in "no secret in the file" eh.yaml "$SECRET"
expect_eq "kcat sees the hub with 3 partitions" \
    "$(kcat -L -b "$BACKDOOR" -t "$hub" -J 2>/dev/null | jq '.topics[0].partitions | length')" 3

run oc eventhubs-setup --auth entra --namespace ns --client-id app-1 --config x.yaml
expect_status "--auth entra without --tenant is a usage error" 2
run oc eventhubs-setup --auth entra --namespace ns.servicebus.usgovcloudapi.net --tenant t \
    --client-id app-1 --config gov.yaml
expect_in "a US Government namespace signs in at login.microsoftonline.us" gov.yaml \
    "https://login.microsoftonline.us/t/oauth2/v2.0/token"

# --- --check: the token step, then TLS and SASL with that token ---------------------------------
check() { run oc --config eh.yaml -o json -b "$EH_OAUTH_BOOTSTRAP" --timeout 30 "$@" eventhubs-setup \
    --auth entra --namespace "$EH_NAMESPACE" --tenant "$TENANT" --client-id "$APP" \
    --token-endpoint "$URL" --ca-file "$EH_CA_FILE" --eventhub "$hub" --partitions 3 --check; keep; }
step_status() { jq -r --arg s "$1" '.check.steps[] | select(.step == $s) | .status' "$OUT"; }
check
expect_status "--check passes" 0
for step in token tls sasl metadata eventhub; do
    expect_eq "--check: step $step ok" "$(step_status "$step")" ok
done
AZURE_CLIENT_SECRET=wrong check
expect_status "--check with a wrong secret: exit 5" 5
expect_eq "... at the token step" "$(step_status token)" failed
expect_in "... with Entra's code" "$ERR" "AADSTS7000215"
expect_in "... and the hint for it" "$ERR" "wrong client secret"
check -X sasl.oauthbearer.scope=https://other/.default
expect_status "--check with a scope of no resource: exit 5" 5
expect_in "... hint: wrong scope" "$ERR" "wrong scope"
check -X sasl.oauthbearer.scope=https://other-ns.servicebus.windows.net/.default
expect_status "--check with another namespace's scope: exit 5" 5
expect_eq "... the token is granted" "$(step_status token)" ok
expect_eq "... and the broker refuses it at the SASL step" "$(step_status sasl)" failed
expect_in "... with the Entra hint" "$ERR" "the broker refused the Entra ID token"
check -X "sasl.oauthbearer.token.endpoint.url=${URL/$TENANT/tenant-2}"
expect_status "--check with a wrong tenant: exit 5" 5
expect_in "... hint: wrong tenant" "$ERR" "wrong tenant"

# --- produce and a role service through the profile ---------------------------------------------
oc --config eh.yaml -p eventhubs topics create "$id.inventory" --partitions 3 >/dev/null 2>&1
oc --config eh.yaml -p eventhubs topics create "$hub.dlq" --partitions 3 >/dev/null 2>&1
run oc --config eh.yaml -p eventhubs "${LOUD[@]}" produce "$ORDERS"
keep
expect_status "produce signs in with the token and exits 0" 0
jq -r .order_id "$ORDERS" | sort >expected-keys
backdoor_keys "$hub" >produced-keys
expect_eq "kcat reads every order, keyed by its id" "$(cmp -s produced-keys expected-keys && echo same)" same
export ORDERCTL_ROLES_INVENTORY_GROUP="$id-inventory" ORDERCTL_ROLES_INVENTORY_OUTPUT_TOPIC="$id.inventory"
run oc --config eh.yaml -p eventhubs "${LOUD[@]}" --timeout 30 consume --role inventory --until end -o jsonl
keep
expect_status "the inventory service signs in with the token and exits 0" 0
expect_in "it processed every order" "$ERR" "120 processed"
backdoor_keys "$id.inventory" >outcome-keys
expect_eq "kcat reads one outcome per order" "$(cmp -s outcome-keys expected-keys && echo same)" same

# --- each sign-in failure at its step, exit 5 ----------------------------------------------------
head -1 "$ORDERS" | jq -c '.order_id = "refused-1"' >one.jsonl
AZURE_CLIENT_SECRET=wrong run oc --config eh.yaml -p eventhubs "${LOUD[@]}" --timeout 20 produce one.jsonl
keep
expect_status "produce with a wrong secret: exit 5" 5
expect_in "... at the token step, the endpoint's answer" "$ERR" "token step: the token endpoint"
expect_in "... with Entra's code" "$ERR" "AADSTS7000215"
run oc --config eh.yaml -p eventhubs "${LOUD[@]}" --timeout 20 \
    -X sasl.oauthbearer.scope=https://other-ns.servicebus.windows.net/.default produce one.jsonl
keep
expect_status "produce with another namespace's token: exit 5" 5
expect_in "... the broker rejected the token" "$ERR" "the broker rejected the token"
expect_in "... with the audience hint" "$ERR" "its audience must be the namespace"
run oc --config eh.yaml -p eventhubs "${LOUD[@]}" --timeout 20 \
    -X sasl.oauthbearer.client.id=expired-client produce one.jsonl
keep
expect_status "produce with an expired token: exit 5" 5
expect_in "... at the token step" "$ERR" "token step: the token endpoint's token cannot be used"
expect_eq "nothing of these reached the hub" "$(backdoor_keys "$hub" | grep -cx refused-1)" 0
# A role service never gives up on its own (it waits for orders): a token that cannot be had
# must still end it, with exit 5, and not in endless retries (timeout bounds the wait).
AZURE_CLIENT_SECRET=wrong run timeout 90 "$ORDERCTL" --config eh.yaml -p eventhubs "${LOUD[@]}" \
    --timeout 20 consume --role inventory
keep
expect_status "a role service with a wrong secret: exit 5" 5
expect_in "... at the token step" "$ERR" "token step: the token endpoint"
run timeout 90 "$ORDERCTL" --config eh.yaml -p eventhubs "${LOUD[@]}" --timeout 20 \
    -X sasl.oauthbearer.scope=https://other-ns.servicebus.windows.net/.default consume --role inventory
keep
expect_status "a role service with another namespace's token: exit 5" 5
expect_in "... the broker rejected the token" "$ERR" "the broker rejected the token"
unset ORDERCTL_ROLES_INVENTORY_GROUP ORDERCTL_ROLES_INVENTORY_OUTPUT_TOPIC

# --- token answers that are not what they seem, and a client that cannot be made -------------
run oc --config eh.yaml -p eventhubs "${LOUD[@]}" --timeout 20 \
    -X sasl.oauthbearer.client.id=numeric-sub-client produce one.jsonl
keep
expect_status "a token whose sub is a number: exit 5" 5
expect_in "... at the token step" "$ERR" "token step: the token endpoint's answer cannot be used"
run oc --config eh.yaml -p eventhubs -X no.such.property=1 produce one.jsonl
keep
expect_status "an Entra profile with an unknown -X property: exit 3" 3
expect_in "... naming it" "$ERR" "librdkafka property 'no.such.property'"

# --- workload identity: the federated token file instead of a secret ----------------------------
unset AZURE_CLIENT_SECRET
export AZURE_FEDERATED_TOKEN_FILE="$TEST_WORK/federated-token"
cp "$EH_ENTRA_FEDERATED_TOKEN_FILE" "$AZURE_FEDERATED_TOKEN_FILE"
run oc --config wi.yaml -b "$EH_OAUTH_BOOTSTRAP" --timeout 30 -o json eventhubs-setup --auth entra \
    --workload-identity --namespace "$EH_NAMESPACE" --tenant "$TENANT" --client-id "$APP" \
    --token-endpoint "$URL" --ca-file "$EH_CA_FILE" --eventhub "$hub" --partitions 3 --check
keep
expect_status "--workload-identity: the profile is written and --check passes" 0
expect_eq "... its token step granted a token" "$(step_status token)" ok
expect_in "... the profile reads the federated token file" wi.yaml \
    "sasl.oauthbearer.assertion.file: \${AZURE_FEDERATED_TOKEN_FILE}"
expect_not_in "... and holds no client secret" wi.yaml "client.secret"
head -1 "$ORDERS" | jq -c '.order_id = "wi-1"' >wi.jsonl
run oc --config wi.yaml -p eventhubs "${LOUD[@]}" produce wi.jsonl
keep
expect_status "produce with workload identity exits 0" 0
expect_eq "kcat reads its order" "$(backdoor_keys "$hub" | grep -cx wi-1)" 1
# The file is read at every token request: a rotated token that the tenant does not know
# is refused, at the token step.
echo "eyJhbGciOiJub25lIn0.e30.rotated" >"$AZURE_FEDERATED_TOKEN_FILE"
run oc --config wi.yaml -p eventhubs --timeout 20 produce wi.jsonl
keep
expect_status "a federated token no credential matches: exit 5" 5
expect_in "... with Entra's code" "$ERR" "AADSTS70021"
expect_in "... and its hint" "$ERR" "matches no federated credential"
AZURE_FEDERATED_TOKEN_FILE="$TEST_WORK/no-such-file" run oc --config wi.yaml -p eventhubs produce wi.jsonl
keep
expect_status "an unreadable federated token file: exit 3" 3
expect_in "... naming the file" "$ERR" "cannot read the federated token file $TEST_WORK/no-such-file"
unset AZURE_FEDERATED_TOKEN_FILE
run oc --config wi.yaml -p eventhubs produce wi.jsonl
keep
expect_status "AZURE_FEDERATED_TOKEN_FILE unset: exit 3" 3
export AZURE_CLIENT_SECRET="$SECRET"
run oc eventhubs-setup --workload-identity --namespace ns --config x.yaml
expect_status "--workload-identity without --auth entra is a usage error" 2

# --- through an HTTP proxy (HTTP_PROXY, NO_PROXY, as curl reads them) ----------------------------
# A forward proxy on loopback that relays each request (itself ignoring proxies) and then logs
# its request line.
python3 - proxy.port proxy.log <<'PY' >proxy.err 2>&1 &
import http.server, sys, urllib.request
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
class Relay(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        request = urllib.request.Request(self.path, data=body, method="POST",
                                         headers={"Content-Type": self.headers["Content-Type"]})
        try:
            answer = opener.open(request, timeout=20)
        except urllib.error.HTTPError as refused:
            answer = refused
        data = answer.read()
        self.send_response(answer.status if hasattr(answer, "status") else answer.code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()
        # logged once answered: a line means the client has its token
        with open(sys.argv[2], "a") as log:
            log.write(self.command + " " + self.path + "\n")
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Relay)
open(sys.argv[1] + ".tmp", "w").write(str(server.server_address[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
server.serve_forever()
PY
PROXY_PID=$!
if wait_until 20 nonempty proxy.port; then
    : >proxy.log
    HTTP_PROXY="http://127.0.0.1:$(cat proxy.port)" run oc --config eh.yaml -p eventhubs --timeout 20 \
        produce one.jsonl
    keep
    expect_status "produce with HTTP_PROXY set signs in through the proxy" 0
    expect_in "... the token request went through it, with the absolute URL" proxy.log "POST $URL"
    : >proxy.log
    HTTP_PROXY="http://127.0.0.1:$(cat proxy.port)" NO_PROXY="localhost,127.0.0.1" run oc \
        --config eh.yaml -p eventhubs --timeout 20 produce one.jsonl
    keep
    expect_status "with the endpoint's host in NO_PROXY, produce signs in directly" 0
    expect_eq "... and nothing went through the proxy" "$(wc -l <proxy.log)" 0
    HTTP_PROXY="http://127.0.0.1:port" run oc --config eh.yaml -p eventhubs produce one.jsonl
    keep
    expect_status "a proxy variable that is no URL: exit 3" 3
    expect_in "... naming the variable's scheme" "$ERR" "the http proxy variable is not a proxy URL"
    # A running role service whose token cannot be refreshed (its token endpoint gone: the
    # proxy stopped) ends with exit 5 once the token has expired, not in endless retries.
    : >proxy.log
    HTTP_PROXY="http://127.0.0.1:$(cat proxy.port)" ORDERCTL_ROLES_INVENTORY_GROUP="$id-short" \
        ORDERCTL_ROLES_INVENTORY_OUTPUT_TOPIC="$id.inventory" timeout 60 "$ORDERCTL" \
        --config eh.yaml -p eventhubs -X sasl.oauthbearer.client.id=short-lived-client \
        consume --role inventory >short.out 2>short.err &
    SHORT_PID=$!
    wait_until 20 nonempty proxy.log || fail "the short-lived token was never asked for"
    kill "$PROXY_PID" 2>/dev/null
    wait "$PROXY_PID" 2>/dev/null
    STATUS=0
    reap "$SHORT_PID" 70 || STATUS=$?
    cp short.out "$OUT"
    cp short.err "$ERR"
    keep
    expect_status "a role service whose token expired unrefreshed: exit 5" 5
    expect_in "... saying so, with the token step's reason" "$ERR" \
        "the token has expired and could not be refreshed: token step: "
else
    fail "the loopback proxy did not start: $(cat proxy.err)"
fi
kill "$PROXY_PID" 2>/dev/null
wait "$PROXY_PID" 2>/dev/null

# --- the tier: refused before connecting ---------------------------------------------------------
run oc --config eh.yaml -p eventhubs produce --transactional one.jsonl
keep
expect_status "produce --transactional on Standard: exit 3" 3
expect_in "... with the hint" "$ERR" "Premium and Dedicated"
run oc --config eh.yaml -p eventhubs consume --role payment --exactly-once
keep
expect_status "consume --exactly-once on Standard: exit 3" 3
run oc --config eh.yaml -p eventhubs -X compression.codec=lz4 produce one.jsonl
keep
expect_status "produce with lz4 on Standard: exit 3" 3
expect_in "... naming the codec" "$ERR" "compression.codec=lz4"
run oc --config eh.yaml -p eventhubs -X compression.codec=snappy -o json -b "$EH_OAUTH_BOOTSTRAP" \
    eventhubs-setup --auth entra --namespace "$EH_NAMESPACE" --tenant "$TENANT" --client-id "$APP" \
    --token-endpoint "$URL" --ca-file "$EH_CA_FILE" --eventhub "$hub" --tier Premium --check
keep
expect_status "--check names a codec the tier rejects: exit 3" 3
expect_in "... in its tier step" "$ERR" "tier step failed: compression.codec=snappy"

# --- no secret, no token anywhere ----------------------------------------------------------------
expect_in "the debug log was on (the search below means something)" "$ALL" "librdkafka: "
expect_not_in "the client secret never appears in any output" "$ALL" "$SECRET"
expect_not_in "no token (a JWT) appears in any output" "$ALL" "eyJhbGciOi"
expect_not_in "the federated token never appears in any output" "$ALL" "$(cat "$EH_ENTRA_FEDERATED_TOKEN_FILE")"
finish
