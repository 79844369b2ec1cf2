#!/usr/bin/env bash
# startup_bench.sh [--json FILE]
#
# Start-up benchmark: the commands a script runs in a loop, side by side with kcat in one run,
# against one real Kafka broker on loopback:
#   orderctl --help                    against  kcat -V
#   orderctl -b B topics list          against  kcat -b B -L
# Each command runs RUNS times (interleaved, so that a burst of load hits all of them alike),
# with its output to /dev/null. Per run: wall time, and CPU time (user+sys) of the process and
# all its threads, from wait4's rusage; the table shows the medians and orderctl / kcat ratios.
# With valgrind installed (not a dependency of the build or the tests), also the instructions
# of one run (callgrind), which do not depend on the machine's load; these are user-space
# only (the kernel's part, mapping libraries and page faults, is in the CPU time).
#
# Environment:
#   RUNS=40           runs per command
#   ORDERCTL=PATH     binary to measure (default: a Release build in $BENCH_BUILD_DIR,
#                     /tmp/orderctl-bench-build, configured and built from this tree)
#   KAFKA_STATE=DIR   use the running cluster of scripts/kafka/start.sh in DIR (else start
#                     a single KRaft node in a temp dir and stop it at the end)
#   INSTRUCTIONS=1    0: skip the callgrind counts even when valgrind is there
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
kafka="$root/scripts/kafka"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

bench_json_args "$0" "$@"
RUNS=${RUNS:-40}
INSTRUCTIONS=${INSTRUCTIONS:-1}
((RUNS > 0)) || { echo "RUNS must be positive" >&2; exit 2; }

for cmd in kcat python3; do
  command -v "$cmd" >/dev/null || { echo "startup_bench: needs $cmd" >&2; exit 2; }
done

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { printf 'startup_bench: FAILED: %s\n' "$*" >&2; exit 1; }

work=$(mktemp -d /tmp/orderctl-startup-bench.XXXXXX)
own_broker=""
cleanup() {
  local rc=$?
  bench_stop_own_broker
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench_orderctl
bench_broker
ORDERCTL=$(realpath "$ORDERCTL")  # the runs below start in $work

# Measured as a user without a profiles file would run them: no ./orderctl.yaml (the runs start
# in $work), no ORDERCTL_* setting and no SASL_PATH from the caller's environment.
for name in $(compgen -e); do
  [[ $name == ORDERCTL_* || $name == SASL_PATH ]] && unset "$name"
done
cd "$work"
# A void run would measure an error message: each command must succeed and print something.
for cmd in "$ORDERCTL --help" "$ORDERCTL -b $B topics list" "kcat -V" "kcat -b $B -L"; do
  # shellcheck disable=SC2086 # the words of cmd are its arguments
  out=$($cmd 2>&1) || die "'$cmd' failed: $out"
  [[ -n $out ]] || die "'$cmd' printed nothing"
done
counting=0
if [[ $INSTRUCTIONS == 1 ]] && command -v valgrind >/dev/null; then counting=1; fi
log "measuring $RUNS runs of each command (instructions: $([[ $counting == 1 ]] && echo yes || echo no))"

python3 - "$RUNS" "$counting" "$ORDERCTL" "$B" "$JSON_OUT" <<'PY'
import json, os, re, statistics, subprocess, sys, time

runs, counting, orderctl, bootstrap, json_out = int(sys.argv[1]), sys.argv[2] == "1", *sys.argv[3:]
pairs = [
    ("--help", [orderctl, "--help"], ["kcat", "-V"]),
    ("topics list", [orderctl, "-b", bootstrap, "topics", "list"], ["kcat", "-b", bootstrap, "-L"]),
]

def once(argv):
    """Wall and CPU (user+sys, all threads) seconds of one run, from the child's rusage."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        child = subprocess.Popen(argv, stdout=null, stderr=null)
        _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"startup_bench: FAILED: {' '.join(argv)} exited {code}")
    return wall, usage.ru_utime + usage.ru_stime

def instructions(argv):
    result = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + argv,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    match = re.search(r"refs:\s+([\d,]+)", result.stderr)
    return int(match.group(1).replace(",", "")) if match else None

commands = [argv for _, a, b in pairs for argv in (a, b)]
samples = {id(argv): ([], []) for argv in commands}
for argv in commands:
    once(argv)  # warm the page cache once, unmeasured
for _ in range(runs):
    for argv in commands:
        wall, cpu = once(argv)
        samples[id(argv)][0].append(wall)
        samples[id(argv)][1].append(cpu)

rows = []
for name, ours, theirs in pairs:
    row = {"command": name, "orderctl": {}, "kcat": {}}
    for tool, argv in (("orderctl", ours), ("kcat", theirs)):
        walls, cpus = samples[id(argv)]
        row[tool] = {"argv": " ".join(argv[1:]) if tool == "orderctl" else " ".join(argv),
                     "wall_ms": statistics.median(walls) * 1000,
                     "cpu_ms": statistics.median(cpus) * 1000,
                     "instructions": instructions(argv) if counting else None}
    rows.append(row)

print(f"\nStart-up, medians of {runs} runs (wall ms / CPU ms, user+sys of all threads)")
print(f"{'command':<12} {'orderctl':>14} {'kcat':>14} {'wall x':>7} {'CPU x':>7}   {'instructions M':>22}")
for row in rows:
    o, k = row["orderctl"], row["kcat"]
    instr = ""
    if o["instructions"] and k["instructions"]:
        instr = (f"{o['instructions'] / 1e6:5.1f} / {k['instructions'] / 1e6:5.1f}"
                 f" (x {o['instructions'] / k['instructions']:.2f})")
    print(f"{row['command']:<12} {o['wall_ms']:6.1f} / {o['cpu_ms']:5.1f} {k['wall_ms']:6.1f} / {k['cpu_ms']:5.1f}"
          f" {o['wall_ms'] / k['wall_ms']:7.2f} {o['cpu_ms'] / k['cpu_ms']:7.2f}   {instr:>22}")
print("(kcat: -V for --help, -L for topics list; x: orderctl / kcat)")
if json_out:
    with open(json_out, "w", encoding="utf-8") as out:
        json.dump({"runs": runs, "rows": rows}, out, indent=2)
PY
