#!/usr/bin/env bash
# produce_instructions.sh [N]
#
# The produce benchmark's noise-free companion: the instructions each client executes per
# record (valgrind's callgrind, all threads), orderctl against kcat, on the same N orders into
# the embedded dev broker (`orderctl broker`, a separate process, so the broker's own work is
# not counted). Wall time on two shared cores swings +-15% a round; instruction counts repeat
# to within about 1%, so this is where a change to the produce path shows what it saves.
# It counts instructions, not cycles: system calls, cache misses and waits are not in it, and
# the CPU seconds of produce_bench.sh remain the measure of the bar.
#
# Prints, per tool: instructions per record, and orderctl's split into validation (the input
# thread's OrderValidator) and the rest; then the ratio orderctl/kcat.
#
# Environment:
#   ORDERCTL=PATH   binary to measure (default: a Release build in $BENCH_BUILD_DIR,
#                   /tmp/orderctl-bench-build, configured and built from this tree)
#   BENCH_TMP=DIR   where the inputs and callgrind files go (default: a mktemp dir, removed)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
N=${1:-100000}
case $N in *[!0-9]* | '' | 0) echo "usage: $0 [N]" >&2; exit 2 ;; esac
for cmd in valgrind callgrind_annotate kcat python3; do
  command -v "$cmd" >/dev/null || { echo "produce_instructions: needs $cmd" >&2; exit 2; }
done

work=${BENCH_TMP:-$(mktemp -d /tmp/orderctl-produce-instr.XXXXXX)}
mkdir -p "$work"
broker_pid=""
cleanup() {
  [[ -n $broker_pid ]] && { kill -INT "$broker_pid" 2>/dev/null; wait "$broker_pid" 2>/dev/null || true; }
  [[ -z ${BENCH_TMP:-} ]] && rm -rf "$work"
  return 0
}
trap cleanup EXIT

if [[ -z ${ORDERCTL:-} ]]; then
  build=${BENCH_BUILD_DIR:-/tmp/orderctl-bench-build}
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" --target orderctl >/dev/null
  ORDERCTL=$build/orderctl
fi

orders=$work/orders-$N.jsonl
keyed=$work/orders-$N.keyed
[[ -s $orders && -s $keyed ]] || python3 "$here/make_orders.py" "$N" "$orders" --keyed "$keyed"

# A private runtime dir: the broker's announcement must not leak to other commands.
export XDG_RUNTIME_DIR=$work/run
mkdir -p "$XDG_RUNTIME_DIR"
"$ORDERCTL" broker --partitions 6 >"$work/broker.out" 2>"$work/broker.err" &
broker_pid=$!
for _ in $(seq 300); do [[ -s $work/broker.out ]] && break; sleep 0.1; done
B=$(head -n 1 "$work/broker.out")
[[ -n $B ]] || { cat "$work/broker.err" >&2; exit 1; }

count() {  # count NAME CMD...: total instructions of all threads
  local name=$1
  shift
  valgrind --tool=callgrind --separate-threads=no --callgrind-out-file="$work/$name.cg" "$@" \
    >"$work/$name.out" 2>"$work/$name.err" || { tail -5 "$work/$name.err" >&2; exit 1; }
  sed -n 's/.*I *refs: *//p' "$work/$name.err" | tr -d ,
}
inclusive() {  # inclusive instructions of the functions matching a pattern, in callgrind file $1
  callgrind_annotate --inclusive=yes "$1" 2>/dev/null | grep -E "$2" | head -1 |
    awk '{ gsub(",", "", $1); print $1 }'
}

kcat_total=$(count kcat kcat -P -l -b "$B" -t orders -K $'\t' -X enable.idempotence=true -X acks=all \
  -X partitioner=murmur2_random -X linger.ms=20 -X batch.num.messages=10000 \
  -H content-type=application/json -H order-schema-version=1 "$keyed")
orderctl_total=$(count orderctl "$ORDERCTL" -b "$B" -q produce "$orders" --topic orders)
validation=$(inclusive "$work/orderctl.cg" 'OrderValidator::check(_padded)?\(')
validation=${validation:-0}

python3 - "$N" "$kcat_total" "$orderctl_total" "$validation" <<'EOF'
import sys
n, kcat, orderctl, validation = (int(x) for x in sys.argv[1:])
print(f"instructions per record, {n:,} orders into the dev broker (callgrind, all threads):")
print(f"  kcat      {kcat / n:9,.0f}")
print(f"  orderctl  {orderctl / n:9,.0f}  (validation {validation / n:,.0f}, the rest {(orderctl - validation) / n:,.0f})")
print(f"orderctl/kcat: x{orderctl / kcat:.2f}; without validation x{(orderctl - validation) / kcat:.2f}")
EOF
