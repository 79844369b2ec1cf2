#!/usr/bin/env bash
# latency_bench.sh [--json FILE]
#
# Order-to-outcome latency: orders go into a fresh orders topic at fixed rates while the three
# role services (inventory, payment, fulfillment) run, each in its own group, each publishing one
# outcome per order (keyed by the order id) to its own topic. All these topics keep the broker's
# LogAppendTime (message.timestamp.type=LogAppendTime), so an order's latency in one role is
#   timestamp of its outcome - timestamp of the order        (both stamped by the same broker)
# which covers the fetch, the handler, the outcome producer's wait and its append. Reported per
# role and rate: p50, p99, p99.9 and max in ms.
# Beside it, on the same broker in the same round, the floor: Kafka's own
# org.apache.kafka.tools.EndToEndLatency (a synchronous send with acks=all, then the poll that
# reads that record back, repeated), printed as ratios role/floor at p50 and p99.
#
# One round, for each rate: topics created, the three roles started, a warm-up of RATE x
# WARMUP_SECONDS orders (at least 10 per partition) sent at RATE and all answered (the group
# joins, the first connections and every partition's first fetch and append are charged to no
# measured order), then RATE x DURATION orders (at least MIN_ORDERS) with
# `orderctl produce --rate RATE`; once every
# outcome is in, the roles are stopped (SIGTERM) and the timestamps read back with kcat. Then
# EndToEndLatency runs for E2E_MESSAGES records. With RUNS>1, each figure is the median over
# the rounds, and the ratios are paired by round (the median of each round's own ratio).
#
# Environment:
#   RUNS=3            rounds
#   RATES="100 1000 10000"   orders per second
#   DURATION=5        seconds of orders per rate (so 500, 5,000 and 50,000 orders)
#   WARMUP_SECONDS=1  seconds of unmeasured orders at the same rate before them
#   MIN_ORDERS=500
#   E2E_MESSAGES=2000 records of each EndToEndLatency run
#   E2E_SIZE=480      its record size in bytes (orders average about 440 B)
#   ORDERCTL=PATH     binary to measure (default: a Release build in $BENCH_BUILD_DIR,
#                     /tmp/orderctl-bench-build, configured and built from this tree)
#   ORDERCTL_ROLE_ARGS  extra global options for the role services, e.g. "-X linger.ms=5"
#   VARIANTS="name:options;name:options"  role services run once per variant in each round,
#                     in turn (reversed in even rounds), against the same floor: a before/after
#                     in one run, e.g. VARIANTS="now:;linger5:-X linger.ms=5"; options that
#                     start with bin=PATH run that build of orderctl instead, e.g.
#                     VARIANTS="before:bin=/tmp/old/orderctl;after:"
#   ORDERCTL_PRODUCE_ARGS extra global options for produce
#   KAFKA_STATE=DIR   use the running cluster of scripts/kafka/start.sh in DIR (else start
#                     a single KRaft node in a temp dir and stop it at the end)
#   PARTITIONS=6
#   ROLES="inventory payment fulfillment"  the role services that run (ROLES=payment: one
#                     consume plus one produce, the floor's own shape, on an otherwise idle CPU)
#   TOOL_TIMEOUT=300  seconds allowed for one rate's orders to be produced and answered
#   KEEP=1            keep the temp dir (inputs, timestamps, logs)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
kafka="$root/scripts/kafka"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

bench_json_args "$0" "$@"
RUNS=${RUNS:-3}
RATES=${RATES:-100 1000 10000}
SECONDS_PER_RATE=${DURATION:-5}
WARMUP_SECONDS=${WARMUP_SECONDS:-1}
MIN_ORDERS=${MIN_ORDERS:-500}
E2E_MESSAGES=${E2E_MESSAGES:-2000}
E2E_SIZE=${E2E_SIZE:-480}
PARTITIONS=${PARTITIONS:-6}
TOOL_TIMEOUT=${TOOL_TIMEOUT:-300}
read -r -a ROLES <<<"${ROLES:-inventory payment fulfillment}"

for cmd in kcat python3 java timeout; do
  command -v "$cmd" >/dev/null || { echo "latency_bench: needs $cmd" >&2; exit 2; }
done

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { printf 'latency_bench: FAILED: %s\n' "$*" >&2; exit 1; }

work=$(mktemp -d /tmp/orderctl-latency-bench.XXXXXX)
own_broker=""
role_pids=()
own_topics=()
stop_roles() {
  local pid
  for pid in "${role_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${role_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  role_pids=()
}
cleanup() {
  local rc=$?
  stop_roles
  if [[ -z $own_broker && ${#own_topics[@]} -gt 0 ]]; then
    delete_topics "${own_topics[@]}"
  fi
  bench_stop_own_broker
  if [[ ${KEEP:-0} == 1 ]]; then log "kept $work"; else rm -rf "$work"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the binary and the broker ----------------------------------------------------------------
bench_orderctl
bench_broker

# Topics are made and removed with orderctl itself: a JVM tool per topic would cost seconds.
new_topic() {  # new_topic NAME: 6 partitions, RF 1, stamped by the broker
  "$ORDERCTL" -b "$B" -q topics create "$1" --partitions "$PARTITIONS" --replication-factor 1 \
    --config message.timestamp.type=LogAppendTime >/dev/null
  own_topics+=("$1")
}
delete_topics() { "$ORDERCTL" -b "$B" -q topics delete --yes "$@" >/dev/null 2>&1 || true; }
records_in() {  # sum of the high watermarks of all partitions
  local args=() p
  for ((p = 0; p < PARTITIONS; p++)); do args+=(-t "$1:$p:-1"); done
  kcat -Q -b "$B" "${args[@]}" 2>/dev/null | awk '$(NF-1) == "offset" { s += $NF; n++ }
    END { if (n != P) exit 1; print s }' P="$PARTITIONS"
}
wait_for_records() {  # wait_for_records TOPIC COUNT SECONDS
  local deadline=$((SECONDS + $3)) have
  while ((SECONDS < deadline)); do
    have=$(records_in "$1" || echo 0)
    ((have >= $2)) && return 0
    sleep 0.2
  done
  log "$1 holds ${have:-0} records after $3 s, not $2"
  return 1
}
timestamps() {  # timestamps TOPIC FILE: "key timestamp_ms" per record
  timeout "$TOOL_TIMEOUT" kcat -C -b "$B" -t "$1" -e -q -o beginning -f '%k %T\n' >"$2"
}

stamp=$(date +%s)
python3 "$here/make_orders.py" 1 "$work/warmup.jsonl" --seed 999
sed -i 's/"order_id":"[^"]*"/"order_id":"WARMUP-1"/' "$work/warmup.jsonl"
results=$work/results.tsv
: >"$results"

# The warm-up group coordinator (__consumer_offsets) and the first JVM start, unmeasured.
log "warming up the group coordinator"
warm=bench-latency-warm-$stamp
new_topic "$warm"
"$ORDERCTL" -b "$B" -q produce "$work/warmup.jsonl" --topic "$warm" >/dev/null
timeout "$TOOL_TIMEOUT" "$ORDERCTL" -b "$B" -q consume -t "$warm" --group "$warm" --max 1 >/dev/null

# VARIANTS: "name:global options;name:global options" for the role services, run in turn in each
# round (in reverse order in even rounds), against one floor per round and rate.
IFS=';' read -r -a variants <<<"${VARIANTS:-default:${ORDERCTL_ROLE_ARGS:-}}"

warmup_orders() {  # warmup_orders COUNT: a file of COUNT orders with ids WARMUP-1..COUNT
  local file=$work/warmup-$1.jsonl
  if [[ ! -s $file ]]; then
    python3 "$here/make_orders.py" "$1" "$file.tmp" --seed 999
    awk '{ sub(/"order_id":"[^"]*"/, "\"order_id\":\"WARMUP-" NR "\""); print }' \
      "$file.tmp" >"$file" && rm -f "$file.tmp"
  fi
  printf '%s\n' "$file"
}

one_variant() {  # one_variant ROUND RATE N DIR NAME ARGS
  local run=$1 rate=$2 n=$3 dir=$4/$5 name=$5 args=$6
  mkdir -p "$dir"
  local tag=$stamp-$run-$rate-$name role pid bin=$ORDERCTL
  if [[ $args == bin=* ]]; then  # another build of orderctl for this variant's role services
    bin=${args%% *} && bin=${bin#bin=}
    [[ $args == *" "* ]] && args=${args#* } || args=""
  fi
  local topic=bench-lat-orders-$tag topics=()
  topics=("$topic")
  for role in "${ROLES[@]}"; do topics+=("bench-lat-$role-$tag"); done
  for t in "${topics[@]}"; do new_topic "$t"; done
  cat >"$dir/profile.yaml" <<YAML
profiles:
  bench:
    bootstrap-servers: $B
    topics: {orders: $topic, partitions: $PARTITIONS}
    roles:
      inventory: {group: bench-lat-inventory-$tag, output-topic: bench-lat-inventory-$tag}
      payment: {group: bench-lat-payment-$tag, output-topic: bench-lat-payment-$tag}
      fulfillment: {group: bench-lat-fulfillment-$tag, output-topic: bench-lat-fulfillment-$tag}
YAML
  for role in "${ROLES[@]}"; do
    # shellcheck disable=SC2086
    "$bin" --config "$dir/profile.yaml" -p bench -q $args consume --role "$role" \
      >/dev/null 2>"$dir/$role.stderr" &
    role_pids+=($!)
  done
  # The warm-up runs at the measured rate, so that every partition of every topic has had its
  # first append and fetch and the roles are in their steady state before the clock starts:
  # with a single warm-up order, 5 of 6 partitions were cold and the first ~0.2 s of the
  # measured orders took 10-30 ms instead of 2-5 ms.
  local warm_n=$((rate * WARMUP_SECONDS)) warm_file
  ((warm_n < 10 * PARTITIONS)) && warm_n=$((10 * PARTITIONS))
  warm_file=$(warmup_orders "$warm_n")
  timeout "$TOOL_TIMEOUT" "$ORDERCTL" -b "$B" -q produce "$warm_file" --topic "$topic" \
    --rate "$rate" >/dev/null || die "the warm-up produce failed at $rate/s"
  for role in "${ROLES[@]}"; do
    wait_for_records "bench-lat-$role-$tag" "$warm_n" 120 ||
      die "$role did not answer the $warm_n warm-up orders"
  done
  log "round $run: $n orders at $rate/s, roles '$name'${args:+ ($args)}"
  local t0 t1
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  timeout "$TOOL_TIMEOUT" "$ORDERCTL" -b "$B" -q ${ORDERCTL_PRODUCE_ARGS:-} produce "$orders" \
    --topic "$topic" --rate "$rate" >/dev/null || die "produce failed at $rate/s"
  t1=$(date +%s.%N)
  for role in "${ROLES[@]}"; do
    wait_for_records "bench-lat-$role-$tag" $((n + warm_n)) "$TOOL_TIMEOUT" ||
      die "$role did not answer all $n orders"
  done
  # Peak RSS of each role service, from /proc before it is stopped.
  local i=0
  for role in "${ROLES[@]}"; do
    pid=${role_pids[$i]}
    awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" >"$dir/$role.rss_kb" 2>/dev/null || true
    i=$((i + 1))
  done
  stop_roles
  timestamps "$topic" "$dir/orders.ts"
  for role in "${ROLES[@]}"; do timestamps "bench-lat-$role-$tag" "$dir/$role.ts"; done
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$rate" "$n" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" "$dir" "$name" >>"$results"
  delete_topics "${topics[@]}"
}

one_rate() {  # one_rate ROUND RATE
  local run=$1 rate=$2 n
  n=$((rate * SECONDS_PER_RATE))
  ((n < MIN_ORDERS)) && n=$MIN_ORDERS
  local dir=$work/r$run-$rate
  mkdir -p "$dir"
  orders=$work/orders-$n.jsonl
  [[ -s $orders ]] || python3 "$here/make_orders.py" "$n" "$orders"
  local order=("${variants[@]}") v
  if ((run % 2 == 0)); then
    order=()
    for ((v = ${#variants[@]} - 1; v >= 0; v--)); do order+=("${variants[$v]}"); done
  fi
  for v in "${order[@]}"; do one_variant "$run" "$rate" "$n" "$dir" "${v%%:*}" "${v#*:}"; done

  log "round $run: EndToEndLatency, $E2E_MESSAGES records of $E2E_SIZE B"
  local e2e=bench-lat-e2e-$stamp-$run-$rate
  new_topic "$e2e"
  timeout "$TOOL_TIMEOUT" "$kafka/tool.sh" org.apache.kafka.tools.EndToEndLatency "$B" "$e2e" \
    "$E2E_MESSAGES" all "$E2E_SIZE" >"$dir/e2e.out" 2>"$dir/e2e.err" ||
    { tail -5 "$dir/e2e.err" >&2; die "EndToEndLatency failed"; }
  delete_topics "$e2e"
}

for ((r = 1; r <= RUNS; r++)); do
  for rate in $RATES; do one_rate "$r" "$rate"; done
done

python3 "$here/latency_report.py" "$results" "$RUNS" "${JSON_OUT:-}" \
  "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || true)" "${VARIANTS:-default:${ORDERCTL_ROLE_ARGS:-}}"
