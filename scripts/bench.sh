#!/usr/bin/env bash
# Reproduces every performance figure of meetintent in one command:
# configures a Release build with the benchmarks in build-bench/, builds them,
# runs the Google Benchmark programs (pipeline stages, fastText side by side,
# C API and threads, allocations and RSS, training), the callgrind
# instruction counts, and prints a summary. Raw results (Google Benchmark
# JSON, logs, callgrind outputs and profiles, summary.json, summary.md) go to
# build-bench/results/.
#
# Usage: scripts/bench.sh [--quick]
#   --quick   one repetition and shorter runs (a smoke test, noisier figures)
# Environment:
#   BENCH_REPETITIONS  repetitions per benchmark (default 3; medians reported)
#   BENCH_MIN_TIME     Google Benchmark --benchmark_min_time in seconds (default 0.2)
#   BENCH_SKIP         space-separated parts to skip: pipeline fasttext capi alloc train callgrind
#   MI_FASTTEXT_DIM, MI_FASTTEXT_BUCKET, MI_TRAIN_THREADS: see benchmarks/*.cc
#
# Takes about 5 minutes on 2 idle cores, 7 on a loaded one (fastText training
# is 1-2 of them). Installs nothing beyond scripts/install-deps.sh (which
# changes nothing when all is present); the benchmarks also need
# libfasttext-dev, valgrind and python3, which it checks for.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

reps=${BENCH_REPETITIONS:-3}
min_time=${BENCH_MIN_TIME:-0.2}
if [ "${1:-}" = "--quick" ]; then
  reps=1
  min_time=0.05
fi
skip=" ${BENCH_SKIP:-} "

scripts/install-deps.sh
missing=()
for p in libbenchmark-dev libfasttext-dev valgrind python3; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench.sh: missing packages: ${missing[*]} (apt-get install ${missing[*]})" >&2
  exit 1
fi

build=$root/build-bench
results=$build/results
rm -rf "$results"
mkdir -p "$results/data"
# One snapshot of the data for the whole run, so every part sees the same
# messages even if data/ changes meanwhile.
cp data/corpus.tsv data/default_train.tsv data/test_written.tsv "$results/data/"
export MI_BENCH_DATA_DIR=$results/data
# -g only adds debug info (GCC's code generation does not change), so the
# callgrind profile can name source files.
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS=-g \
  -DMEETINTENT_BUILD_BENCHMARKS=ON -DMEETINTENT_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target meetintent_benchmarks
bin=$build/benchmarks

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "host: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "compiler: $(c++ --version | head -1)"
  echo "repetitions: $reps, min_time: $min_time s"
  echo "sources (sha256 of src/ and include/):"
  (cd "$root" && find src include -type f | sort | xargs sha256sum)
} >"$results/environment.txt"

# run NAME BINARY [extra args]: Google Benchmark JSON to results/NAME.json,
# console to stdout and results/NAME.txt, stderr to results/NAME.log.
run() {
  local name=$1 exe=$2
  shift 2
  case "$skip" in *" $name "*) echo "== $name: skipped"; return;; esac
  echo "== $name"
  local t0
  t0=$(date +%s)
  "$exe" --benchmark_repetitions="$reps" --benchmark_display_aggregates_only=true \
    --benchmark_out="$results/$name.json" --benchmark_out_format=json "$@" \
    2>"$results/$name.log" | tee "$results/$name.txt"
  echo "$name: $(( $(date +%s) - t0 )) s" | tee -a "$results/timing.txt"
}

start=$(date +%s)
run pipeline "$bin/pipeline_benchmark" --benchmark_min_time="$min_time"
run adapt "$bin/adapt_benchmark" --benchmark_min_time="$min_time"
run fasttext "$bin/fasttext_benchmark" --benchmark_min_time="$min_time"
run capi "$bin/capi_benchmark" --benchmark_min_time="$min_time"
# Allocation counts are deterministic: one repetition is enough.
run alloc "$bin/alloc_benchmark" --benchmark_min_time="$min_time" --benchmark_repetitions=1
run train "$bin/train_benchmark"
case "$skip" in
  *" callgrind "*) echo "== callgrind: skipped" ;;
  *)
    echo "== callgrind"
    t0=$(date +%s)
    benchmarks/callgrind.sh "$bin/callgrind_driver" "$results/callgrind" | tee "$results/callgrind.txt"
    echo "callgrind: $(( $(date +%s) - t0 )) s" | tee -a "$results/timing.txt"
    ;;
esac
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$results/environment.txt"
echo "== done in $(( $(date +%s) - start )) s; raw results in $results"
echo
python3 benchmarks/report.py "$results"
