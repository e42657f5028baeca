#!/usr/bin/env bash
# Instructions of thread analysis against classifying the same messages one by
# one (callgrind). Usage: benchmarks/thread_cost.sh BUILD_DIR
#
# Two figures:
#  - "ratio": two passes over the test threads, less a run that classifies
#    nothing, so it includes what thread analysis sets up once per process
#    (the quid-pro-quo scorers, the cue-phrase index);
#  - "per pass": the third pass less the first, divided by two, for each, so
#    one-off set-up cancels out: the steady cost of analysing a thread.
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
classify1=$(count classify "$data" 1)
classify2=$(count classify "$data" 2)
classify3=$(count classify "$data" 3)
thread1=$(count thread "$data" 1)
thread2=$(count thread "$data" 2)
thread3=$(count thread "$data" 3)
classify=$(( classify2 - base ))
thread=$(( thread2 - base ))
classify_pass=$(( (classify3 - classify1) / 2 ))
thread_pass=$(( (thread3 - thread1) / 2 ))
awk -v c="$classify" -v t="$thread" -v cp="$classify_pass" -v tp="$thread_pass" 'BEGIN {
  printf "classify one by one: %d instructions\nthread analysis:     %d instructions\nratio:               %.3f\n", c, t, t / c
  printf "per pass:            classify %d, thread %d, ratio %.3f\n", cp, tp, tp / cp }'
