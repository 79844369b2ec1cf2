# Shared helpers of the end-to-end tests: each test script sources this, runs the real orderctl
# binary ($ORDERCTL) and checks exit codes and output. Ends with "N passed, N failed".
set -uo pipefail

: "${ORDERCTL:?set ORDERCTL to the orderctl binary}"
: "${SOURCE_DIR:?set SOURCE_DIR to the project root}"

# A clean slate: no user profile, no ORDERCTL_* from the caller's shell.
# The Kafka jars stay where the harness cached them (the witnesses need them, and a fresh HOME
# would fetch them all again); ORDERCTL_CACHE is the harness's variable, not orderctl's.
kafka_cache=${ORDERCTL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/orderctl}
for variable in $(compgen -e | grep '^ORDERCTL_' || true); do unset "$variable"; done
export ORDERCTL_CACHE="$kafka_cache"
TEST_WORK=$(mktemp -d "${TMPDIR:-/tmp}/orderctl-test.XXXXXX")
export HOME="$TEST_WORK/home" XDG_CONFIG_HOME="$TEST_WORK/xdg"
mkdir -p "$HOME" "$XDG_CONFIG_HOME"
cd "$TEST_WORK" || exit 1
trap 'rm -rf "$TEST_WORK"' EXIT

PASSED=0
FAILED=0
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
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}
