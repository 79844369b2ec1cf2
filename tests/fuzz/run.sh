#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in BUILD_DIR and runs each for SECONDS on a copy of
# its seed corpus (so runs never write into the repository). Exits non-zero on a crash.
#   tests/fuzz/run.sh BUILD_DIR SECONDS
set -euo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: $0 BUILD_DIR SECONDS" >&2
    exit 2
fi
build_dir=$1
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
targets=(order_validator envelope line_reader profile)
targets+=(offset_plan)
targets+=(connection_string)

CC=clang CXX=clang++ cmake -S "$source_dir" -B "$build_dir" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DORDERCTL_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build_dir" --target "${targets[@]/#/fuzz_}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for target in "${targets[@]}"; do
    cp -r "$here/corpus/$target" "$work/$target"
    dict=()
    [[ -f "$here/$target.dict" ]] && dict=("-dict=$here/$target.dict")
    echo "fuzzing $target for ${seconds}s"
    # Crash reproducers go to BUILD_DIR, not the repository.
    if ! "$build_dir/tests/fuzz/fuzz_$target" "${dict[@]}" -max_total_time="$seconds" \
        -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$build_dir/" "$work/$target"; then
        echo "fuzz_$target FAILED: reproducer in $build_dir" >&2
        status=1
    fi
done
exit $status
