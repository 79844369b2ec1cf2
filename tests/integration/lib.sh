# Shared helpers of the end-to-end tests: each test script sources this, runs the real orderctl
# binary ($ORDERCTL) and checks exit codes and output. Ends with "N passed, N failed" (and
# ", N skipped" when a check could not be made here; see finish).
set -uo pipefail

: "${ORDERCTL:?set ORDERCTL to the orderctl binary}"
: "${SOURCE_DIR:?set SOURCE_DIR to the project root}"

# A clean slate: no user profile, no ORDERCTL_* from the caller's shell.
# The Kafka jars stay where the harness cached them (the witnesses need them, and a fresh HOME
# would fetch them all again); ORDERCTL_CACHE is the harness's variable, not orderctl's.
kafka_cache=${ORDERCTL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/orderctl}
for variable in $(compgen -e | grep '^ORDERCTL_' || true); do unset "$variable"; done
# orderctl's HTTP requests (token endpoint, Kafka Connect) honour proxy variables as curl does;
# the tests' servers are on loopback, and a test that wants a proxy sets one itself.
unset HTTP_PROXY http_proxy HTTPS_PROXY https_proxy NO_PROXY no_proxy
export ORDERCTL_CACHE="$kafka_cache"
TEST_WORK=$(mktemp -d "${TMPDIR:-/tmp}/orderctl-test.XXXXXX")
export HOME="$TEST_WORK/home" XDG_CONFIG_HOME="$TEST_WORK/xdg"
mkdir -p "$HOME" "$XDG_CONFIG_HOME"
cd "$TEST_WORK" || exit 1
trap 'rm -rf "$TEST_WORK"' EXIT

PASSED=0
FAILED=0
SKIPPED=0
STATUS=0
OUT="$TEST_WORK/stdout"
ERR="$TEST_WORK/stderr"

# A name unique to this run, for topics and groups on a shared broker.
unique() { echo "$1-$$-$RANDOM"; }

# run CMD...: runs it, keeps its exit status in $STATUS and its output in $OUT and $ERR.
run() {
    "$@" >"$OUT" 2>"$ERR"
    STATUS=$?
}

oc() { "$ORDERCTL" "$@"; }

pass() {
    PASSED=$((PASSED + 1))
    echo "ok: $1"
}

fail() {
    FAILED=$((FAILED + 1))
    echo "FAILED: $1"
    echo "  exit status: $STATUS"
    echo "  stdout: $(head -c 2000 "$OUT" | sed 's/^/    /')"
    echo "  stderr: $(head -c 2000 "$ERR" | sed 's/^/    /')"
}

# skip WHY: a check that cannot be made here (a tool missing, not root) is not made; the script
# goes on with the others, and finish reports the skip to CTest.
skip() {
    SKIPPED=$((SKIPPED + 1))
    echo "skip: $1"
}

# expect NAME STATUS: the last run exited with STATUS.
expect_status() {
    if [ "$STATUS" -eq "$2" ]; then pass "$1"; else fail "$1 (expected exit $2)"; fi
}

# expect_in NAME FILE TEXT: FILE contains TEXT (fixed string).
expect_in() {
    if grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1 (expected '$3' in $(basename "$2"))"; fi
}

expect_not_in() {
    if grep -qF -- "$3" "$2"; then fail "$1 (did not expect '$3' in $(basename "$2"))"; else pass "$1"; fi
}

# expect_eq NAME ACTUAL EXPECTED
expect_eq() {
    if [ "$2" = "$3" ]; then pass "$1"; else
        FAILED=$((FAILED + 1))
        echo "FAILED: $1"
        echo "  expected: $3"
        echo "  actual:   $2"
    fi
}

# Polling, bounded: every wait in these tests is one of these, never a bare sleep.
now_ms() { date +%s%3N; }

# free_ports N: N distinct free loopback ports for servers a test starts later, picked as the
# Kafka harness picks its own (scripts/kafka/common.sh): below Linux's ephemeral range. A port
# from bind(0) is in that range, where any client's outgoing connection (a broker's, a JVM's,
# another test's) may take it as its own end before the test's server binds it.
free_ports() {
    bash -c '. "$1/scripts/kafka/common.sh" && kh_pick_ports "$2"' free_ports "$SOURCE_DIR" "$1"
}

# seconds_since MS: elapsed seconds since MS, one decimal.
seconds_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

# wait_until SECONDS CMD...: runs CMD until it succeeds (0) or SECONDS (whole) have passed (1),
# sleeping $POLL between tries: 0.1 s, or more for a costly CMD (`POLL=0.5 wait_until ...`).
wait_until() {
    local limit=$1 start
    shift
    start=$(now_ms)
    while :; do
        "$@" && return 0
        [ $(($(now_ms) - start)) -ge $((limit * 1000)) ] && return 1
        sleep "${POLL:-0.1}"
    done
}

# ended PID...: none of the processes runs any more.
ended() {
    local pid
    for pid; do kill -0 "$pid" 2>/dev/null && return 1; done
    return 0
}

# reap PID SECONDS: waits (bounded) for the background process PID to end, SIGKILLs it when it
# has not ended within SECONDS (saying so on stderr), and returns its exit status.
reap() {
    wait_until "$2" ended "$1" || { kill -9 "$1" 2>/dev/null; echo "process $1 did not end within $2 s" >&2; }
    wait "$1"
}

# nonempty FILE...: every FILE exists and is not empty (a process has announced itself).
nonempty() {
    local file
    for file; do [ -s "$file" ] || return 1; done
    return 0
}

# Sources the env file a harness fixture wrote; exports BOOTSTRAP.
use_kafka() {
    local state="$1"
    # shellcheck disable=SC1091
    . "$state/env"
    export BOOTSTRAP="$KAFKA_BOOTSTRAP"
}

# A fresh topic named after $1 with ${2:-6} partitions (more `topics create` flags may follow).
new_topic() {
    local name
    name=$(unique "$1")
    oc topics create "$name" --partitions "${2:-6}" "${@:3}" >/dev/null 2>&1 || echo "cannot create $name" >&2
    echo "$name"
}

# role_setup ID PARTITIONS ROLE...: ./orderctl.yaml with one profile, "test", on $BOOTSTRAP: the
# orders topic $ID.orders, each ROLE's group $ID-ROLE and output topic ($ID.payments for payment,
# else $ID.ROLE); creates $ID.orders with PARTITIONS partitions, and $ID.orders.dlq and the
# output topics with 3.
role_setup() {
    local id=$1 partitions=$2 role out
    shift 2
    local topics=()
    {
        printf 'profiles:\n  test:\n    bootstrap-servers: %s\n    topics: {orders: %s.orders}\n    roles:\n' \
            "$BOOTSTRAP" "$id"
        for role; do
            out=$role
            [ "$role" = payment ] && out=payments
            topics+=("$out")
            printf '      %s: {group: %s-%s, output-topic: %s.%s}\n' "$role" "$id" "$role" "$id" "$out"
        done
    } >orderctl.yaml
    oc topics create "$id.orders" --partitions "$partitions" >/dev/null 2>&1
    for out in orders.dlq "${topics[@]}"; do oc topics create "$id.$out" --partitions 3 >/dev/null 2>&1; done
}

# committed_keys TOPIC EXPECTED FILE: the keys of TOPIC's records as a read_committed reader
# (kcat) sees them, one a line, into FILE; prints "TOTAL DISTINCT". Transaction markers follow
# the last commit, so it reads again (bounded: 15 s) until EXPECTED distinct keys are there.
committed_keys() {
    local topic=$1 expected=$2 file=$3 total=0 distinct=0
    POLL=0.5 wait_until 15 _committed_keys_read
    echo "$total $distinct"
}
_committed_keys_read() {
    timeout 180 kcat -C -b "$BOOTSTRAP" -t "$topic" -e -q -X isolation.level=read_committed -f '%k\n' \
        >"$file" 2>/dev/null
    read -r total distinct < <(awk '{n++; s[$1]=1} END {print n+0, length(s)}' "$file")
    [ "$distinct" -ge "$expected" ]
}

# A witness that fails must fail the test, even inside a pipeline (where counters are lost).
kafka_tool() {
    "$SOURCE_DIR/scripts/kafka/tool.sh" "$@" || {
        echo "kafka tool failed: $*" >&2
        echo "$*" >>"$TEST_WORK/witness-failures"
    }
}

finish() {
    if [ -s "$TEST_WORK/witness-failures" ]; then
        fail "a Kafka tool (witness) failed: $(head -1 "$TEST_WORK/witness-failures")"
    fi
    if [ "$SKIPPED" -eq 0 ]; then echo "$PASSED passed, $FAILED failed"; else
        echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"; fi
    [ "$FAILED" -eq 0 ] || return 1
    # Every check that could run passed, but some could not run: 77, which tests/CMakeLists.txt
    # names as SKIP_RETURN_CODE, so that CTest shows a skip and not a pass.
    [ "$SKIPPED" -eq 0 ] || return 77
}
