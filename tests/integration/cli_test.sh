#!/usr/bin/env bash
# The CLI skeleton end to end, without a broker: version, help, usage errors and their exit
# codes, "did you mean", the error format, and exit 5 for an unreachable cluster.
. "$(dirname "$0")/lib.sh"

run oc --version
expect_status "--version exits 0" 0
expect_in "--version names orderctl" "$OUT" "orderctl "
expect_in "--version names librdkafka's version" "$OUT" "librdkafka 2."

run oc --help
expect_status "--help exits 0" 0
expect_in "--help lists topics" "$OUT" "topics"
expect_in "--help lists global -X" "$OUT" "-X"

run oc topics --help
expect_status "topics --help exits 0" 0
expect_in "topics --help lists apply" "$OUT" "apply"

run oc
expect_status "no subcommand is a usage error" 2
expect_in "no subcommand names the choices" "$ERR" "hint: one of: "
expect_in "the choices include topics" "$ERR" "topics"

run oc topcs list
expect_status "unknown subcommand exits 2" 2
expect_in "unknown subcommand error format" "$ERR" "orderctl: error: unknown command or argument 'topcs'"
expect_in "unknown subcommand suggests topics" "$ERR" "did you mean 'topics'?"
expect_not_in "CLI11's wording never reaches the user" "$ERR" "The following argument"

run oc topics lsit
expect_status "unknown verb exits 2" 2
expect_in "unknown verb suggests list" "$ERR" "did you mean 'list'?"

run oc topics list --alll
expect_status "unknown flag exits 2" 2
expect_in "unknown flag names the command" "$ERR" "topics list: unknown flag '--alll'"
expect_in "unknown flag suggests --all" "$ERR" "did you mean '--all'?"

run oc --all topics list
expect_status "a subcommand's flag before the subcommand exits 2" 2
expect_in "and says where it goes" "$ERR" "'--all' is a flag of 'topics list' and goes after it"

# Only the command named is built at start (cli/app.cpp): global flags before it, in every
# form, must still leave the right command with all its options.
run oc -qb 127.0.0.1:1 --timeout 1 topics list
expect_status "global flags run together, the last with its value next (-qb HOST): the command runs (exit 5, unreachable)" 5
run oc -qo json produce --help
expect_in "-qo json produce --help lists produce's own options" "$OUT" "--dry-run"
run oc -vb127.0.0.1:1 --timeout=1 topics list
expect_status "-vbHOST and --timeout=1 before the command: it runs (exit 5)" 5

run oc topics list --bootstrap-server 127.0.0.1:1
expect_status "misspelt global flag exits 2" 2
expect_in "misspelt global flag suggests the right one" "$ERR" "did you mean '--bootstrap-servers'?"

run oc topics list -o xml
expect_status "bad output format exits 2" 2
expect_in "bad output format names the choices" "$ERR" "table,json,yaml,jsonl"

run oc topics list -X linger.ms
expect_status "-X without = exits 2" 2
expect_in "-X error explains the form" "$ERR" "-X expects key=value"

run oc topics create
expect_status "missing argument exits 2" 2
expect_in "missing argument is named" "$ERR" "name is required"

run oc topics create 'bad/name' --partitions 1 -b 127.0.0.1:1
expect_status "invalid topic name exits 2" 2
expect_in "invalid topic name explains the rule" "$ERR" "allowed are letters, digits"

run oc topics create t --partitions 0
expect_status "zero partitions exits 2" 2

# Numbers: a negative count never wraps into a huge one, and every range error is readable (the
# flag, the rule, the value), never CLI11's "Value 0 not in range 0.000000 to ...".
# number_error NAME EXPECTED-MESSAGE ARGS...: exit 2, the message, no CLI11 wording.
number_error() {
    local name=$1 message=$2
    shift 2
    run oc "$@"
    expect_status "$name exits 2" 2
    expect_in "$name says so readably" "$ERR" "$message"
    if grep -qE 'not in range|Could not convert|POSITIVE|NONNEGATIVE' "$ERR"; then
        fail "$name shows CLI11's wording"; else pass "$name shows none of CLI11's wording"; fi
}
number_error "consume --max -1" "--max must be a whole number of 1 or more, got '-1'" \
    consume --max -1 -b 127.0.0.1:1
number_error "consume --max 0" "--max must be a whole number of 1 or more, got '0'" consume --max 0
number_error "consume --max ten" "--max must be a whole number of 1 or more, got 'ten'" \
    consume --max ten
number_error "consume --partition -1" "--partition must be a whole number of 0 or more, got '-1'" \
    consume --partition -1
number_error "consume --idle-timeout 0" \
    "--idle-timeout must be a number of seconds above 0, got '0'" consume --idle-timeout 0
number_error "consume --retries -2" "--retries must be a whole number of 0 or more, got '-2'" \
    consume --role payment --exec cat --retries -2
number_error "produce --generate -1" "--generate must be a whole number of 1 or more, got '-1'" \
    produce --generate -1 -b 127.0.0.1:1
number_error "produce --rate 0" "--rate must be a number above 0, got '0'" produce --rate 0
number_error "produce --partition -1" "--partition must be a whole number of 0 or more, got '-1'" \
    produce --partition -1
number_error "produce --seed -5" "--seed must be a whole number of 0 or more, got '-5'" \
    produce --generate 1 --seed -5
number_error "produce --max-line-bytes 8" \
    "--max-line-bytes must be a whole number from 16 to 1073741824, got '8'" produce --max-line-bytes 8
number_error "produce --flush-timeout -1" \
    "--flush-timeout must be a number of seconds from 0.001 to 86400, got '-1'" produce --flush-timeout -1
number_error "produce --transaction-lines 0" \
    "--transaction-lines must be a whole number of 1 or more, got '0'" \
    produce --transactional --transaction-lines 0
number_error "produce --transaction-interval 0" \
    "--transaction-interval must be a number of seconds from 0.001 to 600, got '0'" \
    produce --transactional --transaction-interval 0
number_error "topics create --partitions 0" \
    "--partitions must be a whole number of 1 or more, got '0'" topics create t --partitions 0
number_error "topics create --replication-factor -1" \
    "--replication-factor must be a whole number of 1 or more, got '-1'" \
    topics create t --replication-factor -1
number_error "topics alter --partitions -4" \
    "--partitions must be a whole number of 1 or more, got '-4'" topics alter t --partitions -4
number_error "offsets --max-lag -1" "--max-lag must be a whole number of 0 or more, got '-1'" \
    offsets --max-lag -1
number_error "offsets --watch 0" "--watch must be a number of seconds from 0.1 to 3600, got '0'" \
    offsets --watch 0
number_error "offsets reset --to-offset -1" \
    "--to-offset must be a whole number of 0 or more, got '-1'" offsets reset -g g --to-offset -1
number_error "offsets reset --shift-by x" "--shift-by must be a whole number, got 'x'" \
    offsets reset -g g --shift-by x
number_error "broker --brokers 10" "--brokers must be a whole number from 1 to 9, got '10'" \
    broker --brokers 10
number_error "demo --partitions 0" "--partitions must be a whole number from 1 to 256, got '0'" \
    demo --partitions 0
number_error "smoke --count -1" "--count must be a whole number from 1 to 10000, got '-1'" \
    smoke --count -1
number_error "eventhubs-setup --partitions -1" \
    "--partitions must be a whole number of 1 or more, got '-1'" eventhubs-setup --partitions -1
number_error "eventhubs-setup --max-message-bytes 0" \
    "--max-message-bytes must be a whole number of 1 or more, got '0'" \
    eventhubs-setup --max-message-bytes 0
number_error "--timeout 0" "--timeout must be a number of seconds above 0, got '0'" \
    topics list --timeout 0
run oc offsets reset -g g -t t --shift-by -5 -b 127.0.0.1:1 --timeout 1
expect_status "--shift-by takes a negative (then the cluster is unreachable)" 5

run oc topics list -X no.such.property=1 -b 127.0.0.1:1
expect_status "unknown librdkafka property is a config error" 3
expect_in "unknown property names its origin" "$ERR" "(from flag -X)"

# Nothing listens on port 1: refused at once, exit 5 well before the timeout.
start=$(date +%s)
run oc topics list -b 127.0.0.1:1 --timeout 20
elapsed=$(($(date +%s) - start))
expect_status "unreachable cluster exits 5" 5
expect_in "unreachable cluster names the address" "$ERR" "127.0.0.1:1"
expect_in "unreachable cluster gives a hint" "$ERR" "hint: "
if [ "$elapsed" -lt 15 ]; then pass "refused connection fails fast (${elapsed}s)"; else
    fail "refused connection took ${elapsed}s"; fi

# A port that accepts nothing useful: a listening socket that never answers Kafka requests.
python3 -c '
import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(5)
print(s.getsockname()[1], flush=True); time.sleep(60)' >"$TEST_WORK/port" &
silent_pid=$!
# Bounded wait for the listener (python can be slow to start on a loaded machine).
wait_until 30 nonempty "$TEST_WORK/port"
run oc topics list -b "127.0.0.1:$(cat "$TEST_WORK/port")" --timeout 2
kill "$silent_pid" 2>/dev/null
expect_status "a silent broker times out with exit 5" 5
# Either orderctl's own deadline or librdkafka's handshake timeout fires first; both say so.
if grep -qi "timed out" "$ERR" && grep -qF "127.0.0.1:$(cat "$TEST_WORK/port")" "$ERR"; then
    pass "the timeout is named, with the silent broker's address"
else fail "the timeout is not named"; fi

# Profiles: secrets stay hidden, bad files are exit 3 with file:line:col.
export SECRET_PASSWORD='s3cr3t-do-not-print'
cat >orderctl.yaml <<'YAML'
current-profile: dev
profiles:
  dev:
    bootstrap-servers: 127.0.0.1:1
    security:
      protocol: SASL_PLAINTEXT
      sasl-mechanism: PLAIN
      username: alice
      password: {env: SECRET_PASSWORD}
YAML
for verbosity in "" -v -vv; do
    run oc profile show $verbosity
    expect_status "profile show $verbosity exits 0" 0
    expect_not_in "profile show $verbosity hides the password" "$OUT" "$SECRET_PASSWORD"
    expect_not_in "profile show $verbosity stderr hides the password" "$ERR" "$SECRET_PASSWORD"
done
run oc profile show
expect_in "profile show marks the secret" "$OUT" "<redacted>"
expect_in "profile show gives the file origin" "$OUT" "orderctl.yaml:4"
run oc profile show -o json -b 127.0.0.1:2
bootstrap_origin=$(jq -r '.settings[] | select(.key=="bootstrap-servers") | .origin' "$OUT")
expect_eq "a flag beats the profile" "$bootstrap_origin" "flag --bootstrap-servers"
ORDERCTL_BOOTSTRAP_SERVERS=127.0.0.1:3 run oc profile show -o json
bootstrap=$(jq -r '.settings[] | select(.key=="bootstrap-servers") | .value' "$OUT")
expect_eq "the environment beats the profile" "$bootstrap" "127.0.0.1:3"
run oc topics list -vv --timeout 2
expect_status "a SASL profile against nothing exits 5" 5
expect_not_in "no password in -vv diagnostics" "$ERR" "$SECRET_PASSWORD"

run oc profile list -o json
expect_eq "profile list names the current profile" "$(jq -r '.[] | select(.current) | .name' "$OUT")" "dev"

printf 'profiles:\n  dev:\n    boostrap-servers: x\n' >orderctl.yaml
run oc topics list
expect_status "an unknown profile key exits 3" 3
expect_in "the error has file, line and column" "$ERR" "orderctl.yaml:3:5"
expect_in "the error suggests the key" "$ERR" "bootstrap-servers"

printf 'profiles:\n  dev: [unclosed\n' >orderctl.yaml
run oc topics list
expect_status "a YAML syntax error exits 3" 3
expect_in "the syntax error names the file" "$ERR" "orderctl.yaml:"

run oc --config "$TEST_WORK/missing.yaml" topics list
expect_status "a missing --config file exits 3" 3

# --- help, as in git and rpk -----------------------------------------------------------------
run oc help produce
expect_status "orderctl help produce: exit 0" 0
cp "$OUT" help.txt
run oc produce --help
expect_eq "orderctl help produce is orderctl produce --help" "$(cat help.txt)" "$(cat "$OUT")"
expect_in "a command's help points to the global options" "$OUT" "Global options (--config, -p, -b, -X, -o, --timeout, -q, -v)"
run oc help topics create
expect_in "orderctl help topics create: the verb's help" "$OUT" "--partitions"
# Global options may come before the word help, as before any command.
run oc -v help produce
expect_status "orderctl -v help produce: exit 0" 0
expect_eq "orderctl -v help produce is orderctl help produce" "$(cat "$OUT")" "$(cat help.txt)"
run oc -b 127.0.0.1:1 --timeout 2 -q help produce
expect_eq "global options with values before help: the same help" "$(cat "$OUT")" "$(cat help.txt)"
run oc --timeout=2 -vv help topics create
expect_in "--timeout=2 and -vv before help topics create: the verb's help" "$OUT" "--partitions"
run oc -v help nosuch
expect_status "orderctl -v help of an unknown command: exit 2" 2
expect_in "... naming the word" "$ERR" "help: unknown command 'nosuch'"
run oc -b help produce --help
expect_in "help as the value of -b is not the word help" "$OUT" "--key-field"
run oc help
expect_status "orderctl help: exit 0" 0
expect_in "orderctl help names 'orderctl help COMMAND'" "$OUT" "orderctl help COMMAND"
run oc help nosuch
expect_status "orderctl help of an unknown command: exit 2" 2
run oc produce "$SOURCE_DIR/examples/orders.jsonl" -o json --report - -b 127.0.0.1:1
expect_status "produce -o json with --report - is a usage error" 2
expect_in "saying both want stdout" "$ERR" "--report - and -o json would both write to stdout"

# --- the HTTP module (liborderctl-http.so), loaded only for HTTP calls and --metrics --------------
# The binary as built serves --metrics: its module is beside it. Port 0 takes a free port; the
# broker at port 1 refuses, so the command ends at once, after the endpoint was up.
# In a directory of their own: the cases above leave a broken ./orderctl.yaml behind.
mkdir -p "$TEST_WORK/module" && cd "$TEST_WORK/module" || exit 1
METRICS_ARGS=(offsets --all-groups --watch 1 --metrics 127.0.0.1:0 -b 127.0.0.1:1 --timeout 2)
run oc "${METRICS_ARGS[@]}"
expect_in "--metrics from the build tree: the module is found and the endpoint listens" "$ERR" \
    "metrics at http://127.0.0.1:"
mkdir -p alone
cp "$ORDERCTL" alone/orderctl
HERE=$(pwd -P)  # the loader names the binary's directory as /proc/self/exe resolves it
run alone/orderctl --version
expect_status "a binary without its module still runs what needs no HTTP" 0
run env LD_DEBUG=files alone/orderctl --help
expect_not_in "... and loads no HTTP library at start" "$ERR" "libcpp-httplib"
run alone/orderctl "${METRICS_ARGS[@]}"
expect_status "--metrics without the module: exit 1" 1
expect_in "... saying which module is missing and where it looked" "$ERR" \
    "cannot find orderctl's HTTP module liborderctl-http.so (needed for HTTP requests and --metrics); tried $HERE/alone/liborderctl-http.so (missing)"
expect_in "... with a hint" "$ERR" "install orderctl with its module"
expect_not_in "... before the cluster is contacted" "$ERR" "cannot reach the cluster"
# The token step of an OAUTHBEARER (OIDC) sign-in is an HTTP request too: the missing module is
# exit 1 there as well, not exit 5, which would read as an outage of the token endpoint.
OIDC_ARGS=(-b 127.0.0.1:1 --timeout 3 -X security.protocol=SASL_PLAINTEXT
    -X sasl.mechanism=OAUTHBEARER -X sasl.oauthbearer.method=oidc
    -X sasl.oauthbearer.client.id=cli-test -X sasl.oauthbearer.client.secret=cli-test-secret
    -X sasl.oauthbearer.scope=cli-test -X sasl.oauthbearer.token.endpoint.url=http://127.0.0.1:1/token
    topics list)
run oc "${OIDC_ARGS[@]}"
expect_status "a token endpoint that refuses: exit 5" 5
expect_in "... at the token step" "$ERR" "token step: cannot POST http://127.0.0.1:1/token"
run alone/orderctl "${OIDC_ARGS[@]}"
expect_status "the token step without the module: exit 1" 1
expect_in "... saying the module is missing" "$ERR" "token step: cannot find orderctl's HTTP module"
echo "not a shared object" >alone/liborderctl-http.so
run alone/orderctl "${METRICS_ARGS[@]}"
expect_status "a module that does not load: exit 1" 1
expect_in "... naming it and the loader's reason" "$ERR" \
    "cannot load orderctl's HTTP module $HERE/alone/liborderctl-http.so: "
# A module of another version (as a stale one left by a hand install would be) is refused, not
# called: its backend entry would abort if it were.
if command -v cc >/dev/null; then
    cat >stale_module.c <<'EOF'
#include <stdlib.h>
const char* orderctl_http_module_version(void) { return "0.0.0-other"; }
const void* orderctl_http_backend_v1(void) { abort(); }
EOF
    if cc -shared -fPIC -o alone/liborderctl-http.so stale_module.c 2>cc.err; then
        run alone/orderctl "${METRICS_ARGS[@]}"
        expect_status "a module of another version: exit 1" 1
        expect_in "... refused, naming both versions" "$ERR" \
            "$HERE/alone/liborderctl-http.so is not the HTTP module of this orderctl ($("$ORDERCTL" --version | awk '{ print $2 }')+"
        expect_in "... and the module's" "$ERR" "): it is 0.0.0-other's"
    else fail "cc built the stale module: $(head -3 cc.err)"; fi
    # A library of that name that is not orderctl's at all (no version entry point).
    echo 'int not_orderctl(void) { return 0; }' >foreign_module.c
    if cc -shared -fPIC -o alone/liborderctl-http.so foreign_module.c 2>cc.err; then
        run alone/orderctl "${METRICS_ARGS[@]}"
        expect_status "a foreign library in the module's place: exit 1" 1
        expect_in "... refused as not orderctl's" "$ERR" "): it is not orderctl's"
    else fail "cc built the stale module: $(head -3 cc.err)"; fi
else skip "no C compiler: the stale-module case is not run"; fi

finish
