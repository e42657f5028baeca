#!/usr/bin/env bash
# Instructions of thread analysis against classifying the same messages one by
# one (callgrind). Usage: benchmarks/thread_cost.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: thread_cost.sh BUILD_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
driver=$build/benchmarks/thread_cost_driver
data=$root/data/threads/test.jsonl
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$driver" "$@" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
base=$(count classify "$data" 0)
classify=$(( $(count classify "$data" 2) - base ))
thread=$(( $(count thread "$data" 2) - base ))
awk -v c="$classify" -v t="$thread" 'BEGIN {
  printf "classify one by one: %d instructions\nthread analysis:     %d instructions\nratio:               %.3f\n", c, t, t / c }'
