#!/usr/bin/env bash
# consume_bench.sh [N] [--json FILE]
#
# Consume benchmark: one 6-partition topic on one real Kafka broker, filled once with N orders
# (`orderctl produce`), then read from the beginning to the end by each tool, side by side in one
# run, each with a fresh group (or none), output to /dev/null:
#   orderctl         orderctl consume -t T --until end             (no group: assign, no commits)
#   orderctl-group   orderctl consume -t T --group G --until end   (group, commits what it wrote)
#   kcat             kcat -C -J -e -o beginning -t T               (assign mode, exits at the end)
#   kcat-group       kcat -C -J -G G -c N -o beginning T           (group mode, stops after N)
#   role             orderctl consume --role payment --until end   (group, publishes N outcomes)
#   perf-test        Kafka's ConsumerPerformance --messages N --group G (JVM, no output)
# kcat's group mode (-G) has no reliable exit at the end (-e), so the bar compares kcat in assign
# mode with orderctl without a group. kcat-group is told the count instead (-c N), which only a
# benchmark knows; it is the like-for-like peer of orderctl-group.
# Measures wall s, CPU s (user+sys) and peak RSS of each tool with /usr/bin/time, plus the
# broker's CPU s while it ran. Then checks the counts, unmeasured: orderctl and kcat are run
# once more (fresh group) piped into `wc -l`, which must print N; orderctl-group's group must
# have committed N offsets; the role's output topic must hold N records (and its dead-letter
# topic none). A void run fails the benchmark (exit 1).
#
# Environment:
#   RUNS=1            runs per tool (the table reports the median of each measure)
#   ORDERCTL=PATH     binary to measure (default: a Release build in $BENCH_BUILD_DIR,
#                     /tmp/orderctl-bench-build, configured and built from this tree)
#   KAFKA_STATE=DIR   use the running cluster of scripts/kafka/start.sh in DIR (else start
#                     a single KRaft node in a temp dir and stop it at the end)
#   TOOL_TIMEOUT=300  seconds allowed per tool run
#   PARTITIONS=6
#   PERF_TEST=1       0: skip ConsumerPerformance
#   KCAT_GROUP=1      0: skip kcat-group
#   VERIFY=1          0: skip the unmeasured `| wc -l` runs (group, role and perf-test counts
#                     are still checked)
#   KAFKA_TOOL_JVM_OPTS (default -Xmx1g here) flags of the ConsumerPerformance JVM
#   BENCH_TMP=DIR     where the input file goes (default: a mktemp dir, removed at the end)
#   KEEP=1            keep the temp dir (input, logs, broker state)
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
PERF_TEST=${PERF_TEST:-1}
KCAT_GROUP=${KCAT_GROUP:-1}
VERIFY=${VERIFY:-1}
export KAFKA_TOOL_JVM_OPTS=${KAFKA_TOOL_JVM_OPTS:--Xmx1g}

for cmd in kcat python3 java timeout /usr/bin/time; do
  command -v "$cmd" >/dev/null || { echo "consume_bench: needs $cmd" >&2; exit 2; }
done

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { printf 'consume_bench: FAILED: %s\n' "$*" >&2; exit 1; }

work=${BENCH_TMP:-$(mktemp -d /tmp/orderctl-consume-bench.XXXXXX)}
mkdir -p "$work"
own_broker=""
own_topic=""  # on a cluster from KAFKA_STATE: the input topic, deleted at the end
cleanup() {
  local rc=$?
  if [[ -n $own_topic && -z $own_broker ]]; then
    topic_tool --delete --topic "$own_topic" >/dev/null 2>&1 || true
  fi
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

# --- helpers ---------------------------------------------------------------------------------
topic_tool() { "$kafka/tool.sh" org.apache.kafka.tools.TopicCommand --bootstrap-server "$B" "$@"; }

records_in() {  # sum of the high watermarks of all partitions
  local args=() p
  for ((p = 0; p < PARTITIONS; p++)); do args+=(-t "$1:$p:-1"); done
  kcat -Q -b "$B" "${args[@]}" | awk '$3 == "offset" || $(NF-1) == "offset" { s += $NF; n++ }
    END { if (n != P) { print "partitions answered: " n > "/dev/stderr"; exit 1 } print s }' P="$PARTITIONS"
}

committed_by() {  # committed_by GROUP TOPIC: sum of the group's committed offsets on TOPIC
  "$kafka/tool.sh" org.apache.kafka.tools.consumer.group.ConsumerGroupCommand \
    --bootstrap-server "$B" --describe --group "$1" 2>/dev/null |
    awk -v t="$2" '$2 == t && $4 ~ /^[0-9]+$/ { s += $4; n++ }
      END { if (n != P) { print "partitions committed: " n > "/dev/stderr"; exit 1 } print s }' P="$PARTITIONS"
}

# --- the input -------------------------------------------------------------------------------
stamp=$(date +%s)
orders=$work/orders-$N.jsonl
if [[ ! -s $orders ]]; then
  log "generating $N orders"
  python3 "$here/make_orders.py" "$N" "$orders"
fi
lines=$(wc -l <"$orders")
((lines == N)) || die "$orders has $lines lines, not $N"
file_bytes=$(stat -c %s "$orders")
value_bytes=$((file_bytes - N))  # the record values: each line without its newline
topic=bench-consume-$stamp
log "filling $topic ($PARTITIONS partitions) with $N orders, $value_bytes value bytes ($((value_bytes / N)) B/order avg)"
topic_tool --create --topic "$topic" --partitions "$PARTITIONS" --replication-factor 1 >/dev/null
own_topic=$topic
timeout "$TOOL_TIMEOUT" "$ORDERCTL" -b "$B" -q produce "$orders" --topic "$topic" >/dev/null ||
  die "orderctl produce could not fill $topic"
count=$(records_in "$topic") || die "cannot read the high watermarks of $topic"
((count == N)) || die "$topic holds $count records, not $N"
rm -f "$orders"  # not needed any more: every tool reads the topic
# The first group on a new broker creates __consumer_offsets (50 partitions), which takes
# seconds: do it now, unmeasured, so that it is not charged to the first group tool.
log "warming up the group coordinator"
timeout "$TOOL_TIMEOUT" "$ORDERCTL" -b "$B" -q consume -t "$topic" --group "bench-warmup-$stamp" \
  --max 1 >/dev/null || die "the warm-up consumer failed"

results=$work/results.tsv
: >"$results"
tools=(orderctl orderctl-group kcat)
[[ $KCAT_GROUP == 1 ]] && tools+=(kcat-group)
tools+=(role)
[[ $PERF_TEST == 1 ]] && tools+=(perf-test)

tool_cmd() {  # tool_cmd NAME RUN SUFFIX: sets cmd=(...) for that tool, with fresh group names
  local name=$1 run=$2 suffix=$3
  local group="bench-$name-$stamp-$run$suffix"
  case $name in
    orderctl)
      cmd=("$ORDERCTL" -b "$B" -q consume -t "$topic" --until end) ;;
    orderctl-group)
      cmd=("$ORDERCTL" -b "$B" -q consume -t "$topic" --group "$group" --until end) ;;
    kcat)
      cmd=(kcat -C -b "$B" -t "$topic" -J -e -q -o beginning) ;;
    kcat-group)
      cmd=(kcat -C -b "$B" -G "$group" -J -q -c "$N" -o beginning "$topic") ;;
    role)
      local profile=$work/role-$run.yaml out_topic="bench-payments-$stamp-$run"
      cat >"$profile" <<YAML
profiles:
  bench:
    bootstrap-servers: $B
    topics: {orders: $topic, partitions: $PARTITIONS}
    roles:
      payment: {group: $group, output-topic: $out_topic}
YAML
      cmd=("$ORDERCTL" --config "$profile" -p bench -q consume --role payment --until end) ;;
    perf-test)
      cmd=("$kafka/tool.sh" org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$B"
        --topic "$topic" --messages "$N" --group "$group" --timeout 60000) ;;
  esac
}

run_tool() {  # run_tool NAME RUN
  local name=$1 run=$2
  local out=$work/$name-$run out_topic="bench-payments-$stamp-$run" group="bench-$name-$stamp-$run"
  if [[ $name == role ]]; then
    topic_tool --create --topic "$out_topic" --partitions "$PARTITIONS" --replication-factor 1 >/dev/null
  fi
  local cmd
  tool_cmd "$name" "$run" ""
  printf '%q ' "${cmd[@]}" >"$out.cmd"
  log "run $run: $name <- $topic"
  local cpu0 cpu1 rc=0
  cpu0=$(broker_cpu)
  local stdout=/dev/null
  [[ $name == perf-test ]] && stdout=$out.stdout  # its one CSV line of results
  /usr/bin/time -o "$out.time" -f '%e %U %S %M' \
    timeout "$TOOL_TIMEOUT" "${cmd[@]}" >"$stdout" 2>"$out.stderr" || rc=$?
  cpu1=$(broker_cpu)
  if ((rc != 0)); then
    tail -5 "$out.stderr" >&2
    die "$name exited with status $rc (124: timed out after ${TOOL_TIMEOUT}s)"
  fi
  # The counts, unmeasured.
  local count how self=""
  case $name in
    orderctl|kcat)
      if [[ $VERIFY == 1 ]]; then
        tool_cmd "$name" "$run" "-verify"
        count=$(timeout "$TOOL_TIMEOUT" "${cmd[@]}" 2>/dev/null | wc -l) ||
          die "$name: the counting run failed"
        how="lines (second run | wc -l)"
      else
        count=$N how="lines (not checked: VERIFY=0)"
      fi ;;
    orderctl-group|kcat-group)
      count=$(committed_by "$group" "$topic") || die "$name: cannot read the offsets of $group"
      how="offsets committed by $group" ;;
    role)
      local dlq
      count=$(records_in "$out_topic") || die "role: cannot read the high watermarks of $out_topic"
      dlq=$(records_in "$topic.dlq" 2>/dev/null || echo 0)
      ((dlq == 0)) || die "role: $dlq records dead-lettered to $topic.dlq"
      how="outcomes in $out_topic" ;;
    perf-test)
      # start.time, end.time, MB, MB.sec, nMsg, nMsg.sec, rebalance.ms, fetch.ms, fetch.MB.sec,
      # fetch.nMsg.sec
      count=$(awk -F', *' 'NF >= 10 && $5 ~ /^[0-9]+$/ { c = $5 } END { print c + 0 }' "$out.stdout")
      self=$(awk -F', *' 'NF >= 10 && $5 ~ /^[0-9]+$/ { r = $10 } END { print r }' "$out.stdout")
      how="records by its own count" ;;
  esac
  ((count == N)) || die "$name: $count $how, not $N: the run is void"
  local wall user sys rss
  read -r wall user sys rss < <(tail -1 "$out.time")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$run" "$wall" "$user" "$sys" "$rss" \
    "$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.2f", b - a }')" "${self:--}" >>"$results"
  log "  $name: wall ${wall}s cpu $(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')s rss $((rss / 1024))MB, $count $how ok"
  if [[ $name == role ]]; then
    topic_tool --delete --topic "$out_topic" >/dev/null 2>&1 || true
  fi
}

for ((r = 1; r <= RUNS; r++)); do
  for tool in "${tools[@]}"; do
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
        self_rate=None if self_rate in ("-", "") else float(self_rate)))
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
def ratio(a, b):
    return dict(throughput=tools[a]["records_per_s"] / tools[b]["records_per_s"],
                cpu_per_record=tools[a]["cpu_s_per_million"] / tools[b]["cpu_s_per_million"])
ratios = {"orderctl/kcat": ratio("orderctl", "kcat"),
          "orderctl-group/kcat": ratio("orderctl-group", "kcat"),
          "role/orderctl": ratio("role", "orderctl")}
if "kcat-group" in tools:
    ratios["orderctl-group/kcat-group"] = ratio("orderctl-group", "kcat-group")
if "perf-test" in tools:
    ratios["orderctl/perf-test"] = ratio("orderctl", "perf-test")
bars = {"plain consumer at least as fast as kcat -C -J": ratios["orderctl/kcat"]["throughput"] >= 1.0,
        "role service within 2x of the plain consumer": ratios["role/orderctl"]["throughput"] >= 0.5}
print()
print(f"consume benchmark: N={n} orders ({value_bytes / n:.0f} B avg value), {runs} run(s), median; "
      f"{os.cpu_count()} CPUs shared with the broker; load avg now {os.getloadavg()[0]:.1f}")
hdr = ("tool", "records/s", "MB/s", "wall s", "CPU s/1M orders", "peak RSS MB", "broker CPU s")
fmt = "{:<15} {:>10} {:>7} {:>7} {:>16} {:>12} {:>13}"
print(fmt.format(*hdr))
for name in ("orderctl", "orderctl-group", "kcat", "kcat-group", "role", "perf-test"):
    if name not in tools:
        continue
    t = tools[name]
    print(fmt.format(name, f"{t['records_per_s']:,.0f}", f"{t['mb_per_s']:.1f}", f"{t['wall_s']:.2f}",
                     f"{t['cpu_s_per_million']:.2f}", f"{t['peak_rss_mb']:.0f}", f"{t['broker_cpu_s']:.1f}"))
if "self_reported_records_per_s" in tools.get("perf-test", {}):
    print(f"(perf-test's own fetch figure, without JVM start-up and group join: "
          f"{tools['perf-test']['self_reported_records_per_s']:,.0f} records/s)")
for k, v in ratios.items():
    print(f"{k}: throughput x{v['throughput']:.2f}, CPU per record x{v['cpu_per_record']:.2f}")
for k, ok in bars.items():
    print(f"bar: {k}: {'met' if ok else 'NOT met'}")
if json_out:
    doc = dict(benchmark="consume", date=time.strftime("%Y-%m-%dT%H:%M:%S%z"), n=n,
               value_bytes=value_bytes, runs=runs, cpus=os.cpu_count(), tools=tools, ratios=ratios,
               bars=bars, kcat="$kcat_version", kafka="${KAFKA_VERSION:-}", orderctl="$ORDERCTL",
               orderctl_git="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || true)$(git -C "$root" diff --quiet HEAD 2>/dev/null || echo '+dirty')",
               partitions=$PARTITIONS, verify=$VERIFY, kcat_group=$KCAT_GROUP, loadavg_1m=os.getloadavg()[0])
    with open(json_out, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    print(f"wrote {json_out}")
EOF
