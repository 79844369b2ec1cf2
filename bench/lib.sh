# Shared by the benches (sourced): the binary under test and the broker they run against.
# Expects root, work, kafka, log and die from the bench; sets ORDERCTL, state, own_broker, B.

# ORDERCTL, or a Release build of this tree in BENCH_BUILD_DIR.
bench_orderctl() {
  if [[ -z ${ORDERCTL:-} ]]; then
    local build=${BENCH_BUILD_DIR:-/tmp/orderctl-bench-build}
    log "building orderctl (Release) in $build"
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" --target orderctl >/dev/null
    ORDERCTL=$build/orderctl
  fi
  [[ -x $ORDERCTL ]] || die "no orderctl binary at $ORDERCTL"
}

# The cluster in KAFKA_STATE, or a single KRaft node of the bench's own (own_broker: the
# bench's cleanup stops it). Loopback only.
bench_broker() {
  if [[ -n ${KAFKA_STATE:-} ]]; then
    [[ -f $KAFKA_STATE/env ]] || die "KAFKA_STATE=$KAFKA_STATE has no env file"
    state=$KAFKA_STATE
    log "using the running cluster in $state"
  else
    state=$work/kafka
    own_broker=$state
    log "starting a single KRaft node in $state"
    "$kafka/start.sh" single "$state" >/dev/null
  fi
  # shellcheck disable=SC1091
  source "$state/env"
  B=$KAFKA_BOOTSTRAP
  case ,$B, in *,127.0.0.1:*) ;; *) die "bootstrap $B is not on 127.0.0.1" ;; esac
}
