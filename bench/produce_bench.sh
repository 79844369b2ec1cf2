#!/usr/bin/env bash
# produce_bench.sh [N] [--json FILE]
#
# Produce benchmark: the same N keyed JSONL orders into one real Kafka broker, side by side in
# one run, each tool into its own fresh 6-partition topic:
#   orderctl   orderctl produce FILE -q          (validation on, keyed by order_id, 2 headers)
#   kcat       kcat -P -l -K '\t' FILE_KEYED     (same keys, same 2 headers, same producer settings)
#   perf-test  Kafka's ProducerPerformance --payload-file FILE (unkeyed, no headers, JVM)
# and with BARE=1 the same records without headers, which is how a user turns them off:
#   orderctl-kv  orderctl produce --format kv --key-separator TAB FILE_KEYED -q
#                (the line is key and value, sent as they are: no validation, no headers)
#   kcat-bare    kcat -P -l -K '\t' FILE_KEYED   (no headers, the same producer settings)
# kcat against kcat-bare is what the two headers cost librdkafka and the broker.
# Measures wall s, CPU s (user+sys) and peak RSS of each tool with /usr/bin/time, plus the
# broker's CPU s while it ran, then checks with kcat (high watermarks) that each topic holds
# exactly N records: a run that lost or duplicated records fails the benchmark (exit 1).
#
# Environment:
#   RUNS=1            rounds; in each, every tool runs once, orderctl and kcat back to back
#                     (the table reports the median of each measure; the ratios are given
#                     both as ratios of those medians and as the median of the rounds' own
#                     ratios, which is steadier on a shared machine)
#   ORDERCTL=PATH     binary to measure (default: a Release build in $BENCH_BUILD_DIR,
#                     /tmp/orderctl-bench-build, configured and built from this tree)
#   KAFKA_STATE=DIR   use the running cluster of scripts/kafka/start.sh in DIR (else start
#                     a single KRaft node in a temp dir and stop it at the end)
#   TOOL_TIMEOUT=300  seconds allowed per tool run
#   PARTITIONS=6
#   KCAT_HEADERS=1    0: kcat sends no headers (the bare `kcat -P -K` command)
#   BARE=0            1: also run orderctl-kv and kcat-bare (above)
#   PERF_TEST=1       0: skip ProducerPerformance
#   KAFKA_TOOL_JVM_OPTS (default -Xmx1g here) flags of the ProducerPerformance JVM
#   BENCH_TMP=DIR     where the input files go (default: a mktemp dir, removed at the end)
#   KEEP=1            keep the temp dir (inputs, logs, broker state)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
kafka="$root/scripts/kafka"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

N=1000000
JSON_OUT=""
while (($#)); do
  case $1 in
    --json) JSON_OUT=$2; shift 2 ;;
    --json=*) JSON_OUT=${1#--json=}; shift ;;
    -h|--help) bench_help "$0"; exit 0 ;;
    *[!0-9]*|'') echo "usage: $0 [N] [--json FILE]" >&2; exit 2 ;;
    *) N=$1; shift ;;
  esac
done
((N > 0)) || { echo "N must be positive" >&2; exit 2; }
RUNS=${RUNS:-1}
TOOL_TIMEOUT=${TOOL_TIMEOUT:-300}
PARTITIONS=${PARTITIONS:-6}
KCAT_HEADERS=${KCAT_HEADERS:-1}
BARE=${BARE:-0}
PERF_TEST=${PERF_TEST:-1}
for flag in KCAT_HEADERS BARE PERF_TEST; do
  [[ ${!flag} == [01] ]] || { echo "$flag must be 0 or 1, not '${!flag}'" >&2; exit 2; }
done
export KAFKA_TOOL_JVM_OPTS=${KAFKA_TOOL_JVM_OPTS:--Xmx1g}

for cmd in kcat python3 java timeout /usr/bin/time; do
  command -v "$cmd" >/dev/null || { echo "produce_bench: needs $cmd" >&2; exit 2; }
done

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { printf 'produce_bench: FAILED: %s\n' "$*" >&2; exit 1; }

work=${BENCH_TMP:-$(mktemp -d /tmp/orderctl-produce-bench.XXXXXX)}
mkdir -p "$work"
own_broker=""
cleanup() {
  local rc=$?
  bench_stop_own_broker
  if [[ ${KEEP:-0} == 1 || -n ${BENCH_TMP:-} ]]; then
    log "kept $work"
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the binary and the broker ----------------------------------------------------------------
bench_orderctl
bench_broker
[[ $B == *,* ]] && log "note: $B has several brokers; the benchmark is meant for 'single'"
broker_pids=()
for id in ${KAFKA_NODE_IDS//,/ }; do
  var=KAFKA_NODE_${id}_PID
  [[ -n ${!var:-} ]] && broker_pids+=("${!var}")
done
# The brokers' user+sys CPU seconds, from /proc (clock ticks).
broker_cpu() {
  local hz total=0 pid u s
  hz=$(getconf CLK_TCK)
  for pid in "${broker_pids[@]}"; do
    # utime and stime are fields 14 and 15 (the comm field "(java)" has no spaces)
    read -r u s < <(awk '{print $14, $15}' "/proc/$pid/stat" 2>/dev/null || echo 0 0)
    total=$((total + u + s))
  done
  awk -v t="$total" -v hz="$hz" 'BEGIN { printf "%.2f", t / hz }'
}

# --- the input -------------------------------------------------------------------------------
orders=$work/orders-$N.jsonl
keyed=$work/orders-$N.keyed
if [[ ! -s $orders || ! -s $keyed ]]; then
  log "generating $N orders"
  python3 "$here/make_orders.py" "$N" "$orders" --keyed "$keyed"
fi
lines=$(wc -l <"$orders")
((lines == N)) || die "$orders has $lines lines, not $N"
file_bytes=$(stat -c %s "$orders")
value_bytes=$((file_bytes - N))  # the record values: each line without its newline
log "input: $N orders, $value_bytes value bytes ($((value_bytes / N)) B/order avg)"
log "checking the input with orderctl --dry-run"
"$ORDERCTL" -q produce "$orders" --dry-run || die "orderctl rejects the generated input"
cat "$orders" "$keyed" >/dev/null  # warm the page cache: every tool reads from memory

# --- helpers ---------------------------------------------------------------------------------
topic_tool() { "$kafka/tool.sh" org.apache.kafka.tools.TopicCommand --bootstrap-server "$B" "$@"; }

records_in() {  # sum of the high watermarks of all partitions
  local args=() p
  for ((p = 0; p < PARTITIONS; p++)); do args+=(-t "$1:$p:-1"); done
  kcat -Q -b "$B" "${args[@]}" | awk '$3 == "offset" || $(NF-1) == "offset" { s += $NF; n++ }
    END { if (n != P) { print "partitions answered: " n > "/dev/stderr"; exit 1 } print s }' P="$PARTITIONS"
}

results=$work/results.tsv
: >"$results"
stamp=$(date +%s)

run_tool() {  # run_tool NAME RUN
  local name=$1 run=$2
  local topic="bench-$name-$stamp-$run" out=$work/$name-$run
  topic_tool --create --topic "$topic" --partitions "$PARTITIONS" --replication-factor 1 >/dev/null
  local cmd
  case $name in
    orderctl)
      cmd=("$ORDERCTL" -b "$B" -q produce "$orders" --topic "$topic") ;;
    orderctl-kv)
      cmd=("$ORDERCTL" -b "$B" -q produce --format kv --key-separator $'\t' "$keyed"
        --topic "$topic") ;;
    kcat | kcat-bare)
      cmd=(kcat -P -l -b "$B" -t "$topic" -K $'\t'
        -X enable.idempotence=true -X acks=all -X partitioner=murmur2_random
        -X linger.ms=20 -X batch.num.messages=10000)
      if [[ $name == kcat && $KCAT_HEADERS == 1 ]]; then
        cmd+=(-H content-type=application/json -H order-schema-version=1)
      fi
      cmd+=("$keyed") ;;
    perf-test)
      cmd=("$kafka/tool.sh" org.apache.kafka.tools.ProducerPerformance --topic "$topic"
        --num-records "$N" --payload-file "$orders" --throughput -1
        --producer-props "bootstrap.servers=$B" acks=all enable.idempotence=true
        linger.ms=20 batch.size=1048576) ;;
  esac
  printf '%q ' "${cmd[@]}" >"$out.cmd"
  # Each run writes some 450 MB into the broker's log files. Left to the kernel's writeback,
  # they are flushed during the next run, which then ran up to a quarter slower whichever
  # tool it was: every run starts with the broker's earlier writes on disk.
  sync
  sleep 1
  log "run $run: $name -> $topic"
  local cpu0 cpu1 rc=0
  cpu0=$(broker_cpu)
  /usr/bin/time -o "$out.time" -f '%e %U %S %M' \
    timeout "$TOOL_TIMEOUT" "${cmd[@]}" >"$out.stdout" 2>"$out.stderr" || rc=$?
  cpu1=$(broker_cpu)
  if ((rc != 0)); then
    tail -5 "$out.stderr" >&2
    die "$name exited with status $rc (124: timed out after ${TOOL_TIMEOUT}s)"
  fi
  local count
  count=$(records_in "$topic") || die "$name: cannot read the high watermarks of $topic"
  ((count == N)) || die "$name: topic $topic holds $count records, not $N: the run is void"
  local wall user sys rss self=""
  read -r wall user sys rss < <(tail -1 "$out.time")
  if [[ $name == perf-test ]]; then
    self=$(grep -o '^[0-9]* records sent, [0-9.]* records/sec' "$out.stdout" | tail -1 |
      awk '{print $4}')
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$run" "$wall" "$user" "$sys" "$rss" \
    "$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.2f", b - a }')" "${self:--}" >>"$results"
  log "  $name: wall ${wall}s cpu $(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')s rss $((rss / 1024))MB, $count records ok"
  topic_tool --delete --topic "$topic" >/dev/null 2>&1 || true
}

# orderctl and kcat take turns going first: whatever the broker still does after a round
# (deleting the last topic's logs, GC) then weighs on both alike.
for ((r = 1; r <= RUNS; r++)); do
  order=(orderctl kcat)
  ((r % 2 == 0)) && order=(kcat orderctl)
  if [[ $BARE == 1 ]]; then
    if ((r % 2 == 0)); then order+=(kcat-bare orderctl-kv); else order+=(orderctl-kv kcat-bare); fi
  fi
  [[ $PERF_TEST == 1 ]] && order+=(perf-test)
  for tool in "${order[@]}"; do
    run_tool "$tool" "$r"
  done
done

# --- report ----------------------------------------------------------------------------------
kcat_version=$(kcat -V 2>&1 | sed -n 's/^Version \([^ ]*\).*\(librdkafka [0-9.]*\).*/\1 (\2)/p' | head -1)
python3 - "$results" "$N" "$value_bytes" "$RUNS" "$JSON_OUT" <<EOF
import json, os, statistics, sys, time
path, n, value_bytes, runs, json_out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
rows = {}
for line in open(path):
    name, run, wall, user, sys_, rss, broker, self_rate = line.rstrip("\n").split("\t")
    rows.setdefault(name, []).append(dict(wall=float(wall), cpu=float(user) + float(sys_),
        user=float(user), sys=float(sys_), rss_kb=int(rss), broker_cpu=float(broker),
        self_rate=None if self_rate == "-" else float(self_rate), round=int(run)))
med = lambda xs: statistics.median(xs)
tools = {}
for name, rs in rows.items():
    wall = med([r["wall"] for r in rs]); cpu = med([r["cpu"] for r in rs])
    t = dict(runs=rs, wall_s=wall, cpu_s=cpu, records_per_s=n / wall, mb_per_s=value_bytes / wall / 1e6,
             cpu_s_per_million=cpu / n * 1e6, peak_rss_mb=med([r["rss_kb"] for r in rs]) / 1024,
             broker_cpu_s=med([r["broker_cpu"] for r in rs]))
    if rs[0]["self_rate"] is not None:
        t["self_reported_records_per_s"] = med([r["self_rate"] for r in rs])
    tools[name] = t
# (ours, peer): each pair that ran; the kcat pair is the bar.
compared = [(a, b) for a, b in (("orderctl", "kcat"), ("orderctl", "perf-test"),
                                ("orderctl-kv", "kcat-bare"), ("kcat", "kcat-bare"))
            if a in tools and b in tools]
ratios = {}
for ours, peer in compared:
    o, p = tools[ours], tools[peer]
    ratios[f"{ours}/{peer}"] = dict(throughput=o["records_per_s"] / p["records_per_s"],
                                    cpu_per_order=o["cpu_s_per_million"] / p["cpu_s_per_million"])
# Paired by round: orderctl and kcat run back to back, so each round's ratio sees one state of
# the machine, where the medians above mix rounds whose speed differs by up to x2 on a shared
# host. The median of the per-round ratios is the figure the bar is read from.
paired = {}
for ours, peer in compared:
    pairs = [(a, b) for a in rows[ours] for b in rows[peer] if a["round"] == b["round"]]
    paired[f"{ours}/{peer}"] = dict(
        throughput=med([b["wall"] / a["wall"] for a, b in pairs]),
        cpu_per_order=med([a["cpu"] / b["cpu"] for a, b in pairs]),
        rounds=len(pairs),
        rounds_no_more_cpu=sum(a["cpu"] <= b["cpu"] for a, b in pairs),
        rounds_at_least_as_fast=sum(a["wall"] <= b["wall"] for a, b in pairs),
        per_round=[dict(round=a["round"], throughput=b["wall"] / a["wall"], cpu_per_order=a["cpu"] / b["cpu"])
                   for a, b in pairs])
print()
print(f"produce benchmark: N={n} orders ({value_bytes / n:.0f} B avg value), {runs} run(s), median; "
      f"{os.cpu_count()} CPUs shared with the broker; load avg now {os.getloadavg()[0]:.1f}")
hdr = ("tool", "records/s", "MB/s", "wall s", "CPU s/1M orders", "peak RSS MB", "broker CPU s")
fmt = "{:<11} {:>10} {:>7} {:>7} {:>16} {:>12} {:>13}"
print(fmt.format(*hdr))
for name in ("orderctl", "kcat", "orderctl-kv", "kcat-bare", "perf-test"):
    if name not in tools:
        continue
    t = tools[name]
    print(fmt.format(name, f"{t['records_per_s']:,.0f}", f"{t['mb_per_s']:.1f}", f"{t['wall_s']:.2f}",
                     f"{t['cpu_s_per_million']:.2f}", f"{t['peak_rss_mb']:.0f}", f"{t['broker_cpu_s']:.1f}"))
if "self_reported_records_per_s" in tools.get("perf-test", {}):
    print(f"(perf-test's own figure, without JVM start-up: {tools['perf-test']['self_reported_records_per_s']:,.0f} records/s)")
for k, v in ratios.items():
    print(f"{k}: throughput x{v['throughput']:.2f}, CPU per order x{v['cpu_per_order']:.2f} (ratio of the medians)")
for k, v in paired.items():
    print(f"{k}, paired by round: throughput x{v['throughput']:.2f}, CPU per order x{v['cpu_per_order']:.2f} "
          f"(median of {v['rounds']} rounds; at least as fast in {v['rounds_at_least_as_fast']}, "
          f"no more CPU in {v['rounds_no_more_cpu']})")
if json_out:
    doc = dict(benchmark="produce", date=time.strftime("%Y-%m-%dT%H:%M:%S%z"), n=n,
               value_bytes=value_bytes, runs=runs, cpus=os.cpu_count(), tools=tools, ratios=ratios, paired_ratios=paired,
               kcat="$kcat_version", kafka="${KAFKA_VERSION:-}", orderctl="$ORDERCTL",
               orderctl_git="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || true)$(git -C "$root" diff --quiet HEAD 2>/dev/null || echo '+dirty')",
               kcat_headers=$KCAT_HEADERS, bare=$BARE, partitions=$PARTITIONS, loadavg_1m=os.getloadavg()[0])
    with open(json_out, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    print(f"wrote {json_out}")
EOF
