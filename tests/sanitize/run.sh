#!/usr/bin/env bash
# The sanitizer layer: builds orderctl and unit_tests with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer (the flags of the fuzz build) in BUILD_DIR, then runs, with any
# sanitizer report fatal:
#   1. every unit test;
#   2. the embedded flow (scripts/demo.sh: `orderctl broker`, produce with a report, the three
#      role services to the end, and their restart) with the sanitized binary;
#   3. `orderctl demo`, the same flow in one process;
#   4. a generated run through the dev broker: produce --generate, consume --role --exactly-once.
#   tests/sanitize/run.sh BUILD_DIR
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
build_dir=$1
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
# -O1 -g, as AddressSanitizer's documentation advises: reports as exact, and the clang build
# (the longest step of this layer) much shorter than at -O2.
flags="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"

CC=clang CXX=clang++ cmake -S "$source_dir" -B "$build_dir" -G Ninja \
    -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="$flags" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" -DORDERCTL_MIMALLOC=OFF >/dev/null
cmake --build "$build_dir" --target orderctl unit_tests

# Any report ends the process with an error; the log names file and line.
export ASAN_OPTIONS="abort_on_error=0:halt_on_error=1:detect_leaks=1:exitcode=99:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=98"
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0"
orderctl=$build_dir/orderctl
work=$(mktemp -d)
broker_pid=""
cleanup() {
    if [ -n "$broker_pid" ]; then kill -INT "$broker_pid" 2>/dev/null; wait "$broker_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
status=0
# sanitized NAME LOG: fails when LOG holds a sanitizer report.
sanitized() {
    if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$2"; then
        echo "sanitize: $1: sanitizer report:" >&2
        grep -E -A30 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$2" | head -60 >&2
        status=1
    fi
}

echo "sanitize: unit tests"
if ! "$build_dir/tests/unit_tests" >"$work/unit.log" 2>&1; then
    tail -40 "$work/unit.log" >&2
    status=1
fi
sanitized "unit tests" "$work/unit.log"
tail -2 "$work/unit.log"

echo "sanitize: the embedded flow (scripts/demo.sh)"
if bash "$source_dir/scripts/demo.sh" "$orderctl" >"$work/demo.log" 2>&1 &&
    grep -q '115 authorized, 5 declined' "$work/demo.log"; then
    echo "demo flow: ok"
else
    tail -40 "$work/demo.log" >&2
    status=1
fi
sanitized "demo flow" "$work/demo.log"

echo "sanitize: orderctl demo (the flow in one process)"
if (cd "$work" && HOME="$work" XDG_CONFIG_HOME="$work" "$orderctl" demo) >"$work/demo2.log" 2>&1 &&
    [ "$(grep -c '^total lag of orderctl-[a-z]*: 0$' "$work/demo2.log")" -eq 3 ]; then
    echo "orderctl demo: ok"
else
    tail -40 "$work/demo2.log" >&2
    status=1
fi
sanitized "orderctl demo" "$work/demo2.log"

echo "sanitize: generated orders, exactly-once payment service, on the dev broker"
export HOME="$work" XDG_CONFIG_HOME="$work"
unset ORDERCTL_CONFIG ORDERCTL_PROFILE ORDERCTL_BOOTSTRAP_SERVERS
cd "$work"
"$orderctl" broker --partitions 3 >broker.out 2>broker.err &
broker_pid=$!
for _ in $(seq 300); do [ -s broker.out ] && break; sleep 0.1; done
export ORDERCTL_BOOTSTRAP_SERVERS=$(head -1 broker.out)
# offsets runs with the slow unwinder, so that LeakSanitizer sees through librdkafka's frames
# (built without frame pointers) and lsan.supp can name the one leak that is librdkafka's own.
{
    "$orderctl" produce --generate 20000 --seed 3 --report report.jsonl &&
        "$orderctl" consume --role payment --exactly-once --until end -o jsonl >payments.jsonl &&
        "$orderctl" consume -t orders --from earliest --max 100 >plain.jsonl &&
        ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0" \
            "$orderctl" offsets --role payment -o json >offsets.json
} >flow.log 2>&1 || { tail -30 flow.log >&2; status=1; }
kill -INT "$broker_pid" 2>/dev/null
wait "$broker_pid" 2>/dev/null || true
broker_pid=""
cat broker.err >>flow.log
sanitized "generated flow" flow.log
delivered=$(grep -c '"status":"delivered"' report.jsonl || true)
outcomes=$(wc -l <payments.jsonl)
echo "generated flow: $delivered delivered, $outcomes payment outcomes"
if [ "$delivered" != 20000 ] || [ "$outcomes" != 20000 ]; then
    tail -20 flow.log >&2
    status=1
fi
# Failure paths, not only the happy ones: an input that breaks off with orders in flight, a
# cluster that freezes under a full queue, Ctrl-C in that wait. Every process of these writes
# any sanitizer report to a file of its own under $work/reports (log_path), checked at the end.
echo "sanitize: failure paths (read error in flight, frozen broker, Ctrl-C)"
mkdir -p "$work/reports"
failure_asan="$ASAN_OPTIONS:log_path=$work/reports/asan"
failure_ubsan="$UBSAN_OPTIONS:log_path=$work/reports/ubsan"
"$orderctl" broker --partitions 3 >broker.out 2>broker.err &
broker_pid=$!
for _ in $(seq 300); do [ -s broker.out ] && break; sleep 0.1; done
export ORDERCTL_BOOTSTRAP_SERVERS=$(head -1 broker.out)
read_error_status=0
ASAN_OPTIONS="$failure_asan" UBSAN_OPTIONS="$failure_ubsan" "$orderctl" produce \
    "$source_dir/examples/orders.jsonl" /proc/self/mem --report readerror.jsonl >failure.log 2>&1 ||
    read_error_status=$?
reported=$(grep -c '"status":"delivered"' readerror.jsonl || true)
echo "read error with orders in flight: exit $read_error_status, $reported of 120 reported delivered"
if [ "$read_error_status" != 1 ] || [ "$reported" != 120 ]; then
    tail -20 failure.log >&2
    status=1
fi
# The HTTP module (liborderctl-http.so, built with the same flags): loaded for --metrics, a
# scrape served (the dev broker has no ListGroups: a group named), SIGTERM; an endpoint stopped right after it started (a refused cluster); and
# the binary without its module.
echo "sanitize: the HTTP module (--metrics served and stopped, the module missing)"
# offsets with the slow unwinder, as above, so that lsan.supp can name librdkafka's own leak.
export ASAN_OPTIONS="$failure_asan:fast_unwind_on_malloc=0" UBSAN_OPTIONS="$failure_ubsan"
"$orderctl" offsets --role payment --watch 0.5 --metrics 127.0.0.1:0 -o json >/dev/null 2>watch.err &
watch_pid=$!
for _ in $(seq 100); do grep -q 'metrics at http' watch.err 2>/dev/null && break; sleep 0.1; done
scrape_url=$(grep -o 'http://[^ ]*/metrics' watch.err | head -1 || true)
scraped=0
for _ in $(seq 50); do
    [ -n "$scrape_url" ] && python3 -c 'import sys, urllib.request
print(urllib.request.urlopen(sys.argv[1], timeout=5).status)' "$scrape_url" 2>/dev/null |
        grep -qx 200 && scraped=1 && break
    sleep 0.1
done
kill -TERM "$watch_pid" 2>/dev/null || true
watch_status=0
wait "$watch_pid" || watch_status=$?
refused_status=0
timeout 60 "$orderctl" offsets --all-groups --watch 1 --metrics 127.0.0.1:0 -b 127.0.0.1:1 \
    --timeout 2 >/dev/null 2>refused.err || refused_status=$?
mkdir -p alone
cp "$orderctl" alone/orderctl
missing_status=0
alone/orderctl offsets --all-groups --watch 1 --metrics 127.0.0.1:0 >/dev/null 2>missing.err ||
    missing_status=$?
export ASAN_OPTIONS="${failure_asan%:log_path=*}" UBSAN_OPTIONS="${failure_ubsan%:log_path=*}"
echo "metrics: scraped $scraped, SIGTERM exit $watch_status; refused cluster exit $refused_status; no module exit $missing_status"
if [ "$scraped" != 1 ] || [ "$watch_status" != 130 ] || [ "$refused_status" != 5 ] ||
    [ "$missing_status" != 1 ] || ! grep -q "cannot find orderctl's HTTP module" missing.err; then
    cat watch.err refused.err missing.err | tail -20 >&2
    status=1
fi
kill -INT "$broker_pid" 2>/dev/null
wait "$broker_pid" 2>/dev/null || true
broker_pid=""
if ! ASAN_OPTIONS="$failure_asan" UBSAN_OPTIONS="$failure_ubsan" ORDERCTL="$orderctl" \
    SOURCE_DIR="$source_dir" bash "$source_dir/tests/integration/produce_stall_test.sh" >stall.log 2>&1; then
    tail -30 stall.log >&2
    status=1
fi
tail -1 stall.log
for report in "$work"/reports/*; do
    [ -e "$report" ] && sanitized "failure paths ($(basename "$report"))" "$report"
done

[ $status -eq 0 ] && echo "sanitize: clean" || echo "sanitize: FAILED"
exit $status
