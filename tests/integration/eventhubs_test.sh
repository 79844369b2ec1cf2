#!/usr/bin/env bash
# `orderctl eventhubs-setup` end to end against the Event Hubs emulation (a real Kafka broker with
# a SASL_SSL listener, PLAIN as $ConnectionString, a self-signed CA) and a real Kafka Connect
# worker: the profile written from the connection string, the hub created, the check passing and
# failing at the right layer, produce and a role service through the profile, Kafka -> Event Hubs
# replication through the deployed MirrorMaker 2 connector (kcat on the emulator's PLAINTEXT back
# door as the witness), and no secret in any output at any verbosity.
. "$(dirname "$0")/lib.sh"
use_kafka "${KAFKA_STATE:?}"
LOCAL="$BOOTSTRAP"
# shellcheck disable=SC1091
. "${EH_STATE:?}/env"
BACKDOOR="$KAFKA_BOOTSTRAP"  # the emulator's PLAINTEXT listener, for witnesses only
# shellcheck disable=SC1091
. "${CONNECT_STATE:?}/env"
echo "local Kafka at $LOCAL; Event Hubs emulation at $EH_BOOTSTRAP (back door $BACKDOOR); Connect at $CONNECT_URL"
ORDERS="$SOURCE_DIR/examples/orders.jsonl"
export EVENTHUBS_CONNECTION_STRING="$EH_CONNECTION_STRING"
KEY="${EH_CONNECTION_STRING##*SharedAccessKey=}"
id=$(unique eh)
hub="$id.orders"
CFG="$TEST_WORK/profiles.yaml"
cat >"$CFG" <<YAML
# The profiles of this test: this comment, and the local profile, must survive the edit.
current-profile: local
profiles:
  local:
    bootstrap-servers: $LOCAL   # the plain cluster
YAML
cp "$CFG" original.yaml

# Every output of every mode goes into one file, searched for the secret at the end.
ALL="$TEST_WORK/all-output.txt"
: >"$ALL"
keep() { cat "$OUT" "$ERR" >>"$ALL"; }
# eh ARGS...: eventhubs-setup on the emulator with this test's file, CA and hub.
eh() { run oc --config "$CFG" -b "$EH_BOOTSTRAP" --timeout 30 eventhubs-setup --ca-file "$EH_CA_FILE" --eventhub "$hub" --partitions 3 "$@"; keep; }
backdoor_records() { kcat -C -b "$BACKDOOR" -t "$1" -e -q -f '%k\t%s\n' 2>/dev/null; }

# --- the profile -----------------------------------------------------------------------------
eh --dry-run
expect_status "--dry-run exits 0" 0
expect_in "--dry-run shows the profile's lines to add" "$OUT" "+     bootstrap-servers: $EH_BOOTSTRAP"
expect_in "--dry-run shows the password reference" "$OUT" "password: {env: EVENTHUBS_CONNECTION_STRING}"
expect_eq "--dry-run writes nothing" "$(cmp -s "$CFG" original.yaml && echo same)" same

eh -o json
expect_status "writing the profile exits 0" 0
expect_eq "the profile was added" "$(jq -r .profile.action "$OUT")" added
expect_in "the other profile is kept, with its comment" "$CFG" "    bootstrap-servers: $LOCAL   # the plain cluster"
expect_in "the file's comment is kept" "$CFG" "# The profiles of this test: this comment"
expect_not_in "the file holds no secret" "$CFG" "$KEY"
run oc --config "$CFG" profile show eventhubs -o json
expect_eq "the profile resolves: bootstrap, SASL_SSL, PLAIN, \$ConnectionString, CA, hub" \
    "$(jq -r '[.settings[] | select(.key == "bootstrap-servers" or .key == "security.protocol" or .key == "security.sasl-mechanism" or .key == "security.username" or .key == "security.ca-file" or .key == "topics.orders" or .key == "librdkafka.allow.auto.create.topics") | .value] | join(" ")' "$OUT")" \
    "$EH_BOOTSTRAP false $EH_CA_FILE SASL_SSL PLAIN \$ConnectionString $hub"
expect_eq "the password is a redacted reference" "$(jq -r '.settings[] | select(.key == "security.password") | .value' "$OUT")" "<redacted>"
expect_eq "no secret written: the file keeps its mode" "$(stat -c %a "$CFG")" "$(stat -c %a original.yaml)"
cp "$CFG" first.yaml
eh -o json
expect_eq "a second run changes nothing" "$(jq -r .profile.action "$OUT")" unchanged
expect_eq "... byte for byte" "$(cmp -s "$CFG" first.yaml && echo same)" same

# --- the event hub -----------------------------------------------------------------------------
eh --create-topic -o json
expect_status "--create-topic exits 0" 0
expect_eq "the hub was created" "$(jq -r .event_hub.action "$OUT")" created
expect_eq "kcat sees it with 3 partitions" \
    "$(kcat -L -b "$BACKDOOR" -t "$hub" -J 2>/dev/null | jq '.topics[0].partitions | length')" 3
eh --create-topic -o json
expect_eq "a second --create-topic changes nothing" "$(jq -r .event_hub.action "$OUT")" exists

# --- the check ---------------------------------------------------------------------------------
eh --check --canary
expect_status "--check --canary passes" 0
for step in tier dns tcp tls sasl metadata eventhub canary; do
    expect_eq "step $step ok" "$(awk -v s="$step" '$1 == s {print $2}' "$OUT")" ok
done
expect_in "the TLS step says the host name was verified" "$OUT" "certificate and hostname verified"
expect_in "the hub step names its partitions" "$OUT" "'$hub' has 3 partitions"
eh --check -o json
expect_eq "-o json gives the steps as data" "$(jq -r '[.check.steps[] | .step + "=" + .status] | join(" ")' "$OUT")" \
    "tier=ok dns=ok tcp=ok tls=ok sasl=ok metadata=ok eventhub=ok"

wrong="${EH_CONNECTION_STRING%SharedAccessKey=*}SharedAccessKey=AAAAwrongAAAAkeyAAAAAAAAAAAAAAAAAAAAAAAAAAA="
EVENTHUBS_CONNECTION_STRING="$wrong" eh --check
expect_status "a wrong key fails the check with exit 5" 5
expect_eq "... at the SASL step, after TLS passed" "$(awk '$1 == "tls" || $1 == "sasl" {printf "%s=%s ", $1, $2}' "$OUT")" "tls=ok sasl=failed "
expect_in "... with the hint" "$ERR" "hint: the connection string was refused"
expect_not_in "... never echoing the wrong key" "$ERR" "AAAAwrongAAAAkey"

"$SOURCE_DIR/scripts/kafka/certs.sh" ca "$TEST_WORK/other-ca" "Some Other CA" >/dev/null 2>&1
cp "$CFG" wrong-ca.yaml
run oc --config wrong-ca.yaml -b "$EH_BOOTSTRAP" --timeout 30 eventhubs-setup --ca-file "$TEST_WORK/other-ca.pem" --eventhub "$hub" --partitions 3 --check; keep
expect_status "a wrong CA fails the check with exit 5" 5
expect_eq "... at the TLS step" "$(awk '$1 == "tls" {print $2}' "$OUT")" failed
expect_in "... with the hint" "$ERR" "--ca-file"
run oc --config wrong-ca.yaml -b "$EH_MISMATCH_BOOTSTRAP" --timeout 30 eventhubs-setup --ca-file "$EH_CA_FILE" --eventhub "$hub" --check; keep
expect_status "a certificate for another host name fails the check (hostname verification on)" 5
expect_eq "... at the TLS step" "$(awk '$1 == "tls" {print $2}' "$OUT")" failed
run oc --config wrong-ca.yaml -b "no-such-namespace.invalid:9093" eventhubs-setup --check; keep
expect_status "an unknown namespace fails with exit 5" 5
expect_eq "... at the DNS step" "$(awk '$1 == "dns" {print $2}' "$OUT")" failed
closed=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
run oc --config wrong-ca.yaml -b "127.0.0.1:$closed" eventhubs-setup --check; keep
expect_status "a closed port fails with exit 5" 5
expect_eq "... at the TCP step" "$(awk '$1 == "tcp" {print $2}' "$OUT")" failed
expect_in "... with the port 9093 hint" "$ERR" "port 9093 is closed"
run oc --config wrong-ca.yaml -b "$EH_BOOTSTRAP" --timeout 30 eventhubs-setup --ca-file "$EH_CA_FILE" --eventhub "$id.missing" --check; keep
expect_status "a missing hub fails the check with exit 1" 1
expect_in "... with the --create-topic hint" "$ERR" "--create-topic"

# --- produce and a role service through the profile ---------------------------------------------
for topic in "$hub.dlq" "$id.payments"; do
    oc --config "$CFG" -p eventhubs topics create "$topic" --partitions 3 >/dev/null 2>&1
done
run oc --config "$CFG" -p eventhubs produce "$ORDERS"; keep
expect_status "produce through the Event Hubs profile exits 0" 0
backdoor_records "$hub" | grep -v '^orderctl-canary-' | cut -f1 | sort >produced-keys.txt
jq -r .order_id "$ORDERS" | sort >expected-keys.txt
expect_eq "kcat reads every order, keyed by its id" "$(cmp -s produced-keys.txt expected-keys.txt && echo same)" same
export ORDERCTL_ROLES_PAYMENT_GROUP="$id-payment" ORDERCTL_ROLES_PAYMENT_OUTPUT_TOPIC="$id.payments"
run oc --config "$CFG" -p eventhubs --timeout 30 consume --role payment --until end -o jsonl; keep
expect_status "the payment service through the profile exits 0" 0
expect_in "it decided every order (and dead-lettered the canary)" "$ERR" "121 processed (115 authorized, 5 declined), 1 dead-lettered"
backdoor_records "$id.payments" >payments.tsv
expect_eq "kcat reads one outcome per order" "$(wc -l <payments.tsv)" 120
expect_eq "outcomes are keyed by order id, 5 declined" \
    "$(awk -F'\t' '{split($2,a,"\"order_id\":\""); split(a[2],b,"\""); if (b[1]!=$1) bad++} /"declined"/ {d++} END {print bad+0, d+0}' payments.tsv)" "0 5"
unset ORDERCTL_ROLES_PAYMENT_GROUP ORDERCTL_ROLES_PAYMENT_OUTPUT_TOPIC

# --- replication: local Kafka -> Event Hubs through MirrorMaker 2 -------------------------------
mirror="$id.mirror"
ORDERCTL_BOOTSTRAP_SERVERS="$LOCAL" oc topics create "$mirror" --partitions 3 >/dev/null 2>&1
ORDERCTL_BOOTSTRAP_SERVERS="$LOCAL" oc produce "$ORDERS" -t "$mirror" -q
run oc --config "$CFG" -b "$EH_BOOTSTRAP" --timeout 30 eventhubs-setup --profile-name eventhubs-mirror \
    --ca-file "$EH_CA_FILE" --eventhub "$mirror" --partitions 3 --create-topic; keep
expect_status "the mirror hub is created" 0
run oc --config "$CFG" -b "$EH_BOOTSTRAP" eventhubs-setup --profile-name eventhubs-mirror --ca-file "$EH_CA_FILE" \
    --eventhub "$mirror" --emit connect; keep
expect_status "--emit connect exits 0" 0
expect_eq "the connector replicates the topic under its own name" \
    "$(jq -r '[.topics, ."replication.policy.class", ."source.cluster.bootstrap.servers", ."target.cluster.bootstrap.servers"] | join(" ")' "$OUT")" \
    "$mirror org.apache.kafka.connect.mirror.IdentityReplicationPolicy $LOCAL $EH_BOOTSTRAP"
expect_in "its password is a reference the worker resolves" "$OUT" 'password=\"${env:EVENTHUBS_CONNECTION_STRING}\";'
expect_in "... and it says the worker must have that variable" "$ERR" \
    "EVENTHUBS_CONNECTION_STRING must be set where the Connect worker runs"
run oc --config "$CFG" -b "$EH_BOOTSTRAP" -v --timeout 120 eventhubs-setup --profile-name eventhubs-mirror \
    --ca-file "$EH_CA_FILE" --eventhub "$mirror" --source-profile local --connect-url "$CONNECT_URL" \
    --deploy --connector-name "mirror-$id" -o json; keep
expect_status "--deploy exits 0 once the connector runs" 0
expect_eq "the connector and its task run" "$(jq -r '[.connector.state] + [.connector.tasks[].state] | join(" ")' "$OUT")" "RUNNING RUNNING"
kcat -C -b "$LOCAL" -t "$mirror" -e -q -f '%p %k %s\n' 2>/dev/null | sort >source.txt
replicated=""
for _ in $(seq 90); do
    kcat -C -b "$BACKDOOR" -t "$mirror" -e -q -f '%p %k %s\n' 2>/dev/null | sort >target.txt
    if [ "$(wc -l <target.txt)" -ge 120 ]; then replicated=yes; break; fi
    sleep 1
done
expect_eq "120 orders reach the Event Hubs side" "$replicated" yes
expect_eq "... byte for byte, with their keys and partitions" "$(cmp -s source.txt target.txt && echo same)" same
# Remove the connector (python3: the curl command is not among the test tools).
python3 -c 'import sys, urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1], method="DELETE"), timeout=30)' \
    "$CONNECT_URL/connectors/mirror-$id" 2>/dev/null

# A worker whose task fails (a stand-in REST API: the real worker's failures are slow to provoke).
cat >fake_connect.py <<'PY'
import http.server, json, sys
class Handler(http.server.BaseHTTPRequestHandler):
    def reply(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def do_PUT(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        if "/refused/" in self.path: self.reply(400, {"error_code": 400, "message": "Connector configuration is invalid"})
        else: self.reply(201, {})
    def do_GET(self):
        self.reply(200, {"name": "x", "connector": {"state": "RUNNING"}, "tasks": [{"id": 0, "state": "FAILED",
            "trace": "org.apache.kafka.common.errors.SaslAuthenticationException: bad credentials\n\tat Foo.bar"}]})
    def log_message(self, *args): pass
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
PY
python3 fake_connect.py >fake.port &
fake_pid=$!
for _ in $(seq 50); do [ -s fake.port ] && break; sleep 0.1; done
fake_url="http://127.0.0.1:$(cat fake.port)"
run oc --config "$CFG" -b "$EH_BOOTSTRAP" --timeout 10 eventhubs-setup --profile-name eventhubs-mirror --ca-file "$EH_CA_FILE" \
    --eventhub "$mirror" --source-profile local --connect-url "$fake_url" --deploy --connector-name failing; keep
expect_status "a FAILED task fails --deploy with exit 1" 1
expect_in "... naming the task and the first line of its trace" "$ERR" "task 0: org.apache.kafka.common.errors.SaslAuthenticationException: bad credentials"
expect_not_in "... not the rest of the trace" "$ERR" "Foo.bar"
run oc --config "$CFG" -b "$EH_BOOTSTRAP" --timeout 10 eventhubs-setup --profile-name eventhubs-mirror --ca-file "$EH_CA_FILE" \
    --eventhub "$mirror" --source-profile local --connect-url "$fake_url" --deploy --connector-name refused; keep
expect_status "a refused config fails --deploy with exit 1" 1
expect_in "... with the worker's message" "$ERR" "HTTP 400: Connector configuration is invalid"
kill "$fake_pid" 2>/dev/null; wait "$fake_pid" 2>/dev/null
run oc --config "$CFG" -b "$EH_BOOTSTRAP" eventhubs-setup --profile-name eventhubs-mirror --ca-file "$EH_CA_FILE" \
    --eventhub "$mirror" --source-profile local --connect-url "$fake_url" --deploy; keep
expect_status "an unreachable worker: exit 5" 5

# --- the az plan -----------------------------------------------------------------------------
run oc eventhubs-setup --emit az --namespace orders-prod --resource-group orders-rg --location westeurope --partitions 8; keep
expect_status "--emit az exits 0 without a connection string (--namespace)" 0
cp "$OUT" provision.sh
expect_eq "the script is valid bash" "$(bash -n provision.sh && echo valid)" valid
mkdir -p stub
printf '#!/bin/sh\necho "az $*" >>"%s"\n' "$TEST_WORK/az-calls.txt" >stub/az
chmod +x stub/az
PATH="$TEST_WORK/stub:$PATH" bash provision.sh >/dev/null
expect_in "it creates the namespace on Standard" az-calls.txt "az eventhubs namespace create -g orders-rg -n orders-prod -l westeurope --sku Standard"
expect_in "it creates the hub with partitions and retention in hours" az-calls.txt \
    "az eventhubs eventhub create -g orders-rg --namespace-name orders-prod -n orders --partition-count 8 --retention-time-in-hours 168"
expect_in "it creates a Send+Listen policy" az-calls.txt "-n orderctl --rights Send Listen"
tail -1 az-calls.txt >last-call.txt
expect_in "it reads the policy's connection string last" last-call.txt "keys list"

# --- refusals ----------------------------------------------------------------------------------
run oc eventhubs-setup --connection-string "$EH_CONNECTION_STRING" --dry-run; keep
expect_status "a connection string in argv is refused" 2
expect_not_in "... without echoing it" "$ERR" "$KEY"
run oc --config "$CFG" eventhubs-setup --connection-string - --dry-run \
    <<<"${EH_CONNECTION_STRING/SharedAccessKey=/SharedAccessSignature=}"
keep
expect_status "a SharedAccessSignature from stdin is refused with exit 2" 2
expect_in "... naming the problem" "$ERR" "SharedAccessSignature"
run oc --config "$CFG" eventhubs-setup --partitions 40 --dry-run; keep
expect_status "40 partitions on Standard: exit 2" 2
expect_in "... naming the limit" "$ERR" "at most 32 partitions"
eh --tier Basic --dry-run
expect_status "the Basic tier: exit 2" 2
expect_in "... no Kafka there" "$ERR" "Basic tier has no Kafka endpoint"

# --- --store-secret, from stdin ---------------------------------------------------------------
cp original.yaml stored.yaml
run env -u EVENTHUBS_CONNECTION_STRING "$ORDERCTL" --config stored.yaml -b "$EH_BOOTSTRAP" eventhubs-setup \
    --connection-string - --store-secret --ca-file "$EH_CA_FILE" --eventhub "$hub" --partitions 3 \
    <<<"$EH_CONNECTION_STRING"
keep
expect_status "--store-secret from stdin exits 0" 0
expect_eq "the file holding the secret is mode 0600" "$(stat -c %a stored.yaml)" 600
run env -u EVENTHUBS_CONNECTION_STRING "$ORDERCTL" --config stored.yaml -p eventhubs --timeout 30 topics describe "$hub" -o json; keep
expect_status "the stored secret works without the variable" 0

# --- no secret anywhere, at any verbosity -------------------------------------------------------
eh -v --dry-run
eh -v --create-topic
eh -vv --check --canary
EVENTHUBS_CONNECTION_STRING="$wrong" eh -vv --check
eh -v --store-secret --dry-run
run oc --config "$CFG" -p eventhubs -v produce "$ORDERS" -q; keep
run oc --config "$CFG" -p eventhubs -vv --timeout 30 consume --until end --max 5 -q; keep
run oc --config "$CFG" -b "$EH_BOOTSTRAP" -v eventhubs-setup --profile-name eventhubs-mirror --eventhub "$mirror" --emit connect; keep
run oc -vv eventhubs-setup --emit az --namespace orders-prod --resource-group orders-rg --location westeurope; keep
run oc --config "$CFG" -b "$EH_BOOTSTRAP" -vv eventhubs-setup --connection-string - --dry-run --eventhub "$hub" \
    <<<"$EH_CONNECTION_STRING"
keep
expect_status "-vv --connection-string - --dry-run exits 0" 0
expect_eq "the runs above printed something to search" "$([ "$(wc -l <"$ALL")" -gt 100 ] && echo yes)" yes
expect_not_in "no output of any mode holds the key" "$ALL" "$KEY"
expect_not_in "no output of any mode holds the connection string" "$ALL" "$EH_CONNECTION_STRING"
expect_not_in "nor the wrong key tried" "$ALL" "AAAAwrongAAAAkey"

finish
