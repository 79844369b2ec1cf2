#!/usr/bin/env bash
# SASL_SSL against the Event Hubs emulation (scripts/kafka/README.md): orderctl profiles with
# secrets by reference, PLAIN as $ConnectionString and SCRAM-SHA-256/512; a wrong password, a wrong
# CA and a certificate for another host name are refused (exit 5, with the hint for the step that
# failed); and no secret ever appears in any output, although every command runs with -vv and
# librdkafka's security, broker and protocol debug logs. kcat over the PLAINTEXT back door, and a
# Java client for SCRAM, are the independent witnesses.
. "$(dirname "$0")/lib.sh"
: "${EH_STATE:?set EH_STATE to the state dir of start.sh eventhubs}"
# shellcheck disable=SC1091
. "$EH_STATE/env"
[ "$KAFKA_MODE" = eventhubs ] || { echo "$EH_STATE is a $KAFKA_MODE cluster, not eventhubs"; exit 1; }
BACKDOOR="$KAFKA_BOOTSTRAP"
echo "Event Hubs emulation: SASL_SSL at $EH_BOOTSTRAP, back door $BACKDOOR; $("$ORDERCTL" --version)"
ORDERS="$SOURCE_DIR/examples/orders.jsonl"
ALL_OUTPUT="$TEST_WORK/all-output.log" # stdout and stderr of every orderctl run, for the secret grep
# shellcheck disable=SC2054 # the commas belong to librdkafka's debug list
DEBUG=(-vv -X debug=security,broker,protocol)

# srun CMD...: like run, for orderctl at full verbosity; keeps everything it printed.
srun() {
    run "$ORDERCTL" "${DEBUG[@]}" --config "$TEST_WORK/orderctl.yaml" "$@"
    local args="$*"
    # the command line itself may hold a secret (the -X case below): not orderctl's output
    { echo "=== orderctl ${args//"$EH_CONNECTION_STRING"/<secret argument>}"; cat "$OUT" "$ERR"; } \
        >>"$ALL_OUTPUT"
    # the assertions (and a failure's report) need orderctl's own lines, not the debug log
    grep -v '^librdkafka: ' "$ERR" >"$ERR.own"
    mv "$ERR.own" "$ERR"
}

# --- secrets and profiles ---------------------------------------------------------------------
# shellcheck disable=SC2034 # SAS_KEY and WRONG_KEY are read through ${!name} below
SAS_KEY="${EH_CONNECTION_STRING##*SharedAccessKey=}"
export EH_CONNECTION_STRING EH_BOOTSTRAP EH_CA_FILE EH_MISMATCH_BOOTSTRAP EH_SCRAM_USER
# the same string with another key: right format, wrong password
WRONG_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n')
export WRONG_CONNECTION_STRING="${EH_CONNECTION_STRING%%SharedAccessKey=*}SharedAccessKey=$WRONG_KEY"
printf '%s\n' "$EH_SCRAM_PASSWORD" >"$TEST_WORK/scram.pass"
chmod 600 "$TEST_WORK/scram.pass"
# another self-signed CA, which did not sign the broker's certificate
"$SOURCE_DIR/scripts/kafka/certs.sh" ca "$TEST_WORK/other-ca" "orderctl test: some other CA"

cat >"$TEST_WORK/orderctl.yaml" <<'YAML'
profiles:
  eh-plain:
    bootstrap-servers: ${EH_BOOTSTRAP}
    security: &plain
      protocol: SASL_SSL
      sasl-mechanism: PLAIN
      username: $ConnectionString
      password: {env: EH_CONNECTION_STRING}
      ca-file: ${EH_CA_FILE}
  eh-scram-256:
    bootstrap-servers: ${EH_BOOTSTRAP}
    security:
      protocol: SASL_SSL
      sasl-mechanism: SCRAM-SHA-256
      username: ${EH_SCRAM_USER}
      password: {file: scram.pass}
      ca-file: ${EH_CA_FILE}
  eh-scram-512:
    bootstrap-servers: ${EH_BOOTSTRAP}
    security:
      protocol: SASL_SSL
      sasl-mechanism: SCRAM-SHA-512
      username: ${EH_SCRAM_USER}
      password: {file: scram.pass}
      ca-file: ${EH_CA_FILE}
  eh-wrong-password:
    bootstrap-servers: ${EH_BOOTSTRAP}
    security:
      protocol: SASL_SSL
      sasl-mechanism: PLAIN
      username: $ConnectionString
      password: {env: WRONG_CONNECTION_STRING}
      ca-file: ${EH_CA_FILE}
  eh-wrong-ca:
    bootstrap-servers: ${EH_BOOTSTRAP}
    security:
      protocol: SASL_SSL
      sasl-mechanism: PLAIN
      username: $ConnectionString
      password: {env: EH_CONNECTION_STRING}
      ca-file: other-ca.pem
  eh-other-name:
    bootstrap-servers: ${EH_MISMATCH_BOOTSTRAP}
    security: *plain
YAML

# What each secret-holding profile resolves to never shows the secret either.
srun -p eh-plain profile show

# --- PLAIN: topic, produce, consume (plain and group), witnessed over the back door ---------------
# round_trip PROFILE: create a topic, produce the example orders, read them back with orderctl
# (plain and as a group) and with kcat over the back door; everything compared by content.
round_trip() {
    local profile="$1" topic group
    topic=$(unique "sec-$profile")
    group=$(unique "sec-group-$profile")
    srun -p "$profile" topics create "$topic" --partitions 3
    expect_status "$profile: topics create over SASL_SSL exits 0" 0
    srun -p "$profile" produce "$ORDERS" --topic "$topic"
    expect_status "$profile: produce over SASL_SSL exits 0" 0
    expect_in "$profile: 120 orders delivered" "$ERR" "120 delivered, 0 rejected, 0 failed, 0 not sent"
    kcat -C -b "$BACKDOOR" -t "$topic" -e -q -f '%k\t%s\n' 2>/dev/null | sort >"$TEST_WORK/witness.tsv"
    srun -p "$profile" consume -t "$topic" --until end
    expect_status "$profile: plain consume over SASL_SSL exits 0" 0
    cp "$OUT" "$TEST_WORK/plain.jsonl"
    srun -p "$profile" consume -g "$group" -t "$topic" --until end
    expect_status "$profile: group consume over SASL_SSL exits 0" 0
    cp "$OUT" "$TEST_WORK/group.jsonl"
    srun -p "$profile" offsets -g "$group" -o json
    expect_status "$profile: offsets over SASL_SSL exits 0" 0
    expect_eq "$profile: the group committed all 120 records (offsets, committed summed)" \
        "$(python3 -c 'import json,sys; print(sum(p["committed"] for g in json.load(open(sys.argv[1])) for p in g["partitions"]))' "$OUT")" 120
    python3 - "$ORDERS" "$TEST_WORK/witness.tsv" "$TEST_WORK/plain.jsonl" "$TEST_WORK/group.jsonl" \
        >"$TEST_WORK/check.txt" <<'PY'
import json, sys
expected = {}
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    expected[json.loads(line)["order_id"]] = line
problems = []
witness = {}
for row in open(sys.argv[2], encoding="utf-8"):
    key, value = row.rstrip("\n").split("\t", 1)
    witness[key] = value
if witness != expected:
    problems.append(f"back door: {len(witness)} records, not the 120 input lines")
for name, path in (("plain consume", sys.argv[3]), ("group consume", sys.argv[4])):
    got = {}
    for line in open(path, encoding="utf-8"):
        envelope = json.loads(line)
        value = envelope["value"]
        got[envelope["key"]] = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if set(got) != set(expected):
        problems.append(f"{name}: keys differ ({len(got)} read)")
    elif any(json.loads(got[k]) != json.loads(v) for k, v in expected.items()):
        problems.append(f"{name}: some value differs")
print("; ".join(problems) or "same")
PY
    expect_eq "$profile: the back door and both consumers see exactly the 120 input orders" \
        "$(cat "$TEST_WORK/check.txt")" same
}
round_trip eh-plain

# --- SCRAM-SHA-256 and SCRAM-SHA-512 ---------------------------------------------------------------
# The broker side is witnessed by Kafka's Java client with the same user and password.
for mechanism in SCRAM-SHA-256 SCRAM-SHA-512; do
    cat >"$TEST_WORK/java-$mechanism.properties" <<PROPS
security.protocol=SASL_SSL
sasl.mechanism=$mechanism
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$EH_SCRAM_USER" password="$EH_SCRAM_PASSWORD";
ssl.truststore.type=PEM
ssl.truststore.location=$EH_CA_FILE
PROPS
done
java_topic=$(unique sec-java-scram)
kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$EH_BOOTSTRAP" \
    --command-config "$TEST_WORK/java-SCRAM-SHA-512.properties" --create --topic "$java_topic" \
    --partitions 1 >"$TEST_WORK/java.out" 2>&1
kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$EH_BOOTSTRAP" \
    --command-config "$TEST_WORK/java-SCRAM-SHA-256.properties" --list >>"$TEST_WORK/java.out" 2>&1
expect_in "the broker accepts the SCRAM user (Java client, SHA-512 creates, SHA-256 lists)" \
    "$TEST_WORK/java.out" "$java_topic"

# librdkafka before 2.6.1 repeats the client nonce in its SCRAM final message, which Kafka 4
# brokers refuse (librdkafka PR #4895): with such a librdkafka, SCRAM must fail cleanly (exit 5,
# a SASL message), never hang or succeed wrongly; from 2.6.1 on it must work end to end.
rdkafka_version=$("$ORDERCTL" --version | sed -n 's/.*librdkafka \([0-9][0-9.]*\).*/\1/p')
if [ "$(printf '%s\n2.6.1\n' "$rdkafka_version" | sort -V | head -n1)" = 2.6.1 ]; then
    round_trip eh-scram-256
    round_trip eh-scram-512
else
    echo "note: librdkafka $rdkafka_version cannot do SCRAM with Kafka 4 brokers (needs 2.6.1+)"
    for profile in eh-scram-256 eh-scram-512; do
        srun -p "$profile" topics list
        expect_status "$profile: librdkafka $rdkafka_version's SCRAM is refused: exit 5" 5
        expect_in "$profile: the error names the SASL authentication" "$ERR" "SASL authentication"
        expect_in "$profile: the hint explains the librdkafka SCRAM limit" "$ERR" "2.6.1"
    done
fi

# --- Cyrus SASL's plugins: loaded only for GSSAPI ------------------------------------------------
# librdkafka has Cyrus SASL (its GSSAPI provider) load every plugin in its directory at the first
# client; orderctl has Cyrus turn them down unless the client uses GSSAPI or the user set
# SASL_PATH. glibc's loader says which files a run opened (LD_DEBUG=files, on stderr).
# plugins_loaded [ENV...] -- ARGS...: the sasl2 plugin files that `orderctl ARGS` loaded.
plugins_loaded() {
    local env=()
    while [ "$1" != -- ]; do env+=("$1"); shift; done
    shift
    env LD_DEBUG=files "${env[@]}" "$ORDERCTL" --config "$TEST_WORK/orderctl.yaml" "$@" \
        >/dev/null 2>"$TEST_WORK/ld-debug.log"
    echo "exit $?" >>"$TEST_WORK/ld-debug.log"
    grep -o 'file=[^ ]*sasl2/lib[a-z0-9]*\.so' "$TEST_WORK/ld-debug.log" | sort -u | tr '\n' ' '
}
plugin_dir=$(dirname "$(find /usr/lib -path '*/sasl2/libplain.so' -print -quit)")
[ -f "$plugin_dir/libplain.so" ] ||
    fail "Cyrus SASL's plugins are not installed (libsasl2-modules, from scripts/install-deps.sh)"
loaded=$(plugins_loaded -- -p eh-plain topics list)
expect_in "a PLAIN client over SASL_SSL lists topics without the plugins" "$TEST_WORK/ld-debug.log" "exit 0"
expect_eq "and loads none of Cyrus's plugins" "$loaded" ""
# Cyrus logs to syslog, never to stderr: an empty plugin path, tried first, had it log a line on
# every run. The connection to the syslog socket shows it, whether or not a syslog daemon runs.
if strace -f -qq -o /dev/null true 2>/dev/null; then
    strace -f -qq -e trace=connect -o "$TEST_WORK/connect.trace" \
        "$ORDERCTL" --config "$TEST_WORK/orderctl.yaml" -p eh-plain topics list >/dev/null 2>&1
    expect_in "strace saw the run's connections (the broker's)" "$TEST_WORK/connect.trace" "connect("
    expect_not_in "and Cyrus sent nothing to syslog" "$TEST_WORK/connect.trace" "/dev/log"
else
    skip "strace cannot trace here: the syslog check needs it"
fi
loaded=$(plugins_loaded -- -p eh-plain -X sasl.mechanism=GSSAPI --timeout 3 topics list)
expect_in "a GSSAPI client (no Kerberos here) still has the plugins loaded" <(echo "$loaded") \
    "$plugin_dir/libplain.so"
mkdir -p "$TEST_WORK/own/sasl2"
ln -sf "$plugin_dir/libanonymous.so" "$TEST_WORK/own/sasl2/libanonymous.so"
loaded=$(plugins_loaded SASL_PATH="$TEST_WORK/own/sasl2" -- -p eh-plain topics list)
expect_eq "SASL_PATH set by the user is honoured (the one plugin there, no other)" "$loaded" \
    "file=$TEST_WORK/own/sasl2/libanonymous.so "

# --- refusals -----------------------------------------------------------------------------------
srun -p eh-wrong-password topics list
expect_status "a wrong password (key) exits 5" 5
expect_in "the wrong password is reported as a SASL failure" "$ERR" "SASL authentication"
expect_in "the wrong password gets a SASL hint" "$ERR" "hint: "
grep '^hint: ' "$ERR" >"$TEST_WORK/hint.txt"
expect_in "the SASL hint names the credentials" "$TEST_WORK/hint.txt" "password"

srun -p eh-wrong-ca topics list
expect_status "a certificate from an unknown CA exits 5" 5
expect_in "the unknown CA is reported as a TLS failure" "$ERR" "certificate verify failed"
grep '^hint: ' "$ERR" >"$TEST_WORK/hint.txt"
expect_in "the unknown CA gets a TLS hint naming the CA file" "$TEST_WORK/hint.txt" "CA"

# Hostname verification is on by default: the MISMATCH listener's certificate is signed by the
# right CA but names mismatch.invalid, not localhost.
srun -p eh-other-name topics list
expect_status "a certificate for another host name is refused by default: exit 5" 5
expect_in "the name mismatch is reported as a TLS failure" "$ERR" "certificate verify failed"
grep '^hint: ' "$ERR" >"$TEST_WORK/hint.txt"
expect_in "the name mismatch gets a TLS hint" "$TEST_WORK/hint.txt" "CA"
# ...and that name is the only thing wrong: turned off explicitly, the same listener works.
srun -p eh-other-name -X ssl.endpoint.identification.algorithm=none topics list
expect_status "with hostname verification explicitly off, the same listener answers" 0
expect_in "turning verification off prints a warning" "$ERR" "orderctl: warning:"

# librdkafka's every debug context (its configuration dump included), and the password given as
# -X instead of by reference: still no secret in the output.
srun -p eh-plain -X debug=all topics list
expect_status "metadata with debug=all exits 0" 0
srun -p eh-plain -X "sasl.password=$EH_CONNECTION_STRING" topics list
expect_status "the password given by -X works too" 0

# --- no secret anywhere ----------------------------------------------------------------------
runs=$(grep -c '^=== orderctl' "$ALL_OUTPUT")
echo "secret grep over $runs orderctl runs, $(wc -c <"$ALL_OUTPUT") bytes of output"
expect_eq "the debug logs really were on (librdkafka lines present)" \
    "$(grep -c '^librdkafka: ' "$ALL_OUTPUT" | awk '{print ($1 > 100) ? "yes" : "no (" $1 ")"}')" yes
for name in EH_CONNECTION_STRING SAS_KEY WRONG_CONNECTION_STRING WRONG_KEY EH_SCRAM_PASSWORD; do
    if grep -qF -- "${!name}" "$ALL_OUTPUT"; then
        FAILED=$((FAILED + 1))
        echo "FAILED: the secret $name appears in orderctl's output:"
        grep -F -- "${!name}" "$ALL_OUTPUT" | head -n 3 | sed "s|${!name}|<THE SECRET>|g; s/^/    /"
    else
        pass "no output of any run contains $name"
    fi
done

finish
