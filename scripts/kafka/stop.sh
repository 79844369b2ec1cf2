#!/usr/bin/env bash
# stop.sh STATE_DIR
# Stop every node of the cluster started by start.sh in STATE_DIR: SIGTERM to
# all (a controlled shutdown), up to KAFKA_STOP_TIMEOUT (default 30) seconds,
# then SIGKILL. Logs and data stay in STATE_DIR/node-*/. Idempotent: nothing to
# stop is not an error.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

(($# == 1)) || { echo "usage: $0 STATE_DIR" >&2; exit 2; }
[[ -d $1 ]] || { kh_log "$1: no such directory, nothing to stop"; exit 0; }
state=$(cd "$1" && pwd)

exec 9>"$state/.lock"
flock 9

# The pid files, not only env: a start.sh that died half-way leaves no env. The eventhubs
# mode's stand-in token endpoint (entra/) stops with the nodes.
items=()
for d in "$state"/node-* "$state/entra"; do
  [[ -f $d/pid ]] || continue
  pid=$(cat "$d/pid")
  kh_pid_is_node "$pid" "$d" && items+=("$d:$pid")
done
if ((${#items[@]} == 0)); then
  kh_log "nothing running in $state"
else
  kh_stop_pids "${KAFKA_STOP_TIMEOUT:-30}" "${items[@]}"
  kh_log "stopped ${#items[@]} node(s) in $state"
fi
[[ -f $state/entra/pid ]] && : >"$state/entra/pid"
for d in "$state"/node-*; do
  [[ -f $d/pid ]] || continue
  : >"$d/pid"
  id=${d##*/node-}
  [[ -f $state/env ]] && kh_env_set "$state" "KAFKA_NODE_${id}_PID" ""
done
exit 0
