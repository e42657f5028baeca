#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) with clang-14 + ASan + UBSan in
# build-fuzz/ and runs each for SECONDS (default 60).
#
#   scripts/fuzz.sh [SECONDS]
#
# The working corpus of each target is build-fuzz/corpus/<target>/: a copy of
# the seed corpus (tests/fuzz/corpus/<target>/) that grows from run to run;
# the regressions (tests/fuzz/regressions/<target>/) are read, never written.
# Nothing in the source tree is written. Each target first replays its
# regressions (every input that ever crashed it: a bug not yet fixed fails
# here), then fuzzes. A crash, leak, timeout or out-of-memory is saved in
# build-fuzz/crashes/<target>-crash-<sha1> (etc.) with the command that
# reproduces it; the script then exits non-zero (after running the remaining
# targets). Prints each target's executions per second and, last,
# "N passed, N failed" (targets).
#
# Nine targets at the default 60 s keep a CI run near 8 minutes with the build.
#
# Environment: FUZZ_TARGETS (default "classify model_load dataset thread
# normalize tokenize model_file overlay_load mail"; mail is skipped when the build has no
# meetintent_mail),
# FUZZ_BUILD_DIR (default build-fuzz), JOBS (build parallelism, default nproc).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=${1:-60}
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: $0 [SECONDS]   (a positive number of seconds per target)" >&2
  exit 2
fi
targets=(${FUZZ_TARGETS:-classify model_load dataset thread normalize tokenize model_file overlay_load mail})
build=${FUZZ_BUILD_DIR:-build-fuzz}
jobs=${JOBS:-$(nproc)}

# --- Tools: the project's packages, then clang-14 and its runtimes (libFuzzer,
# ASan, UBSan), installed only when missing.
scripts/install-deps.sh || exit 1
missing=()
for p in clang-14 libclang-rt-14-dev; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "fuzz: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "fuzz: must run as root to install ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" || exit 1
fi

# --- Configure and build (the top-level CMakeLists.txt adds tests/fuzz when
# MEETINTENT_FUZZ is on).
if ! grep -q 'tests/fuzz' CMakeLists.txt; then
  echo "fuzz: the top-level CMakeLists.txt does not add tests/fuzz (option MEETINTENT_FUZZ)" >&2
  exit 1
fi
config=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
        -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14
        -DMEETINTENT_SANITIZE=address,undefined -DMEETINTENT_FUZZ=ON
        -DMEETINTENT_BUILD_TESTS=OFF -DMEETINTENT_BUILD_BENCHMARKS=OFF)
start=$(date +%s)
echo "fuzz: configuring and building $build/ (clang-14, ASan+UBSan, libFuzzer)"
mkdir -p "$build"
cmake -S . -B "$build" "${config[@]}" >"$build/configure.log" 2>&1 ||
  { cat "$build/configure.log"; echo "fuzz: configure failed"; exit 1; }
cmake --build "$build" --parallel "$jobs" --target meetintent_fuzzers ||
  { echo "fuzz: build failed"; exit 1; }
echo "fuzz: built in $(($(date +%s) - start)) s"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
crashes=$build/crashes
mkdir -p "$crashes" "$build/logs"

max_len_of() {
  case "$1" in
    classify|normalize) echo 65536 ;;
    tokenize) echo 4096 ;;
    *) echo 16384 ;;
  esac
}
dict_of() {
  case "$1" in
    classify) echo "$root/tests/fuzz/classify.dict" ;;
    dataset|thread) echo "$root/tests/fuzz/json.dict" ;;
    *) echo "" ;;
  esac
}

passed=0
failed=0
report=()
for name in "${targets[@]}"; do
  bin=$build/tests/fuzz/${name}_fuzzer
  seeds=tests/fuzz/corpus/$name
  regressions=tests/fuzz/regressions/$name
  work=$build/corpus/$name
  log=$build/logs/$name.log
  if [ "$name" = mail ] && [ -z "${FUZZ_TARGETS:-}" ] && [ ! -x "$bin" ]; then
    echo "fuzz: mail: not built (no GMime/gumbo, MEETINTENT_BUILD_MAIL off): skipped"
    continue
  fi
  if [ ! -x "$bin" ] || [ ! -d "$seeds" ]; then
    echo "fuzz: unknown target '$name' (no $bin or $seeds)" >&2
    failed=$((failed + 1))
    report+=("$(printf '%-11s FAIL  no such target' "$name")")
    continue
  fi
  mkdir -p "$work"
  cp -n "$seeds"/* "$work"/ 2>/dev/null || true
  opts=(-max_total_time="$seconds" -max_len="$(max_len_of "$name")" -rss_limit_mb=2048
        -timeout=10 -print_final_stats=1 -artifact_prefix="$crashes/$name-")
  dict=$(dict_of "$name")
  [ -n "$dict" ] && opts+=(-dict="$dict")
  stamp=$(mktemp)

  # 1. The regressions, once each (as CTest does).
  replay=PASS
  if [ -n "$(ls -A "$regressions" 2>/dev/null | grep -v '^\.')" ]; then
    if ! timeout --kill-after=30 1800 "$bin" -runs=0 -rss_limit_mb=2048 -timeout=10 \
           -artifact_prefix="$crashes/$name-regression-" "$regressions" \
           >"$build/logs/$name.regressions.log" 2>&1; then
      replay=FAIL
      echo "fuzz: $name FAILS on a saved regression (an unfixed bug); see $build/logs/$name.regressions.log"
      grep -E -m1 -A12 'fuzz invariant violated|^==[0-9]+==ERROR|runtime error|ALARM' \
        "$build/logs/$name.regressions.log" | grep -v '^INFO' | sed 's/^/    /'
    fi
  fi

  # 2. Fuzzing, from the working corpus.
  echo "fuzz: $name for ${seconds}s (log: $log)"
  timeout --kill-after=30 $((seconds + 300)) "$bin" "${opts[@]}" "$work" >"$log" 2>&1
  status=$?

  # Executions per second: libFuzzer's final stats, else the last status line.
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  if [ -z "$rate" ]; then
    rate=$(grep -o 'exec/s: [0-9]*' "$log" | tail -1 | awk '{print $2}')
  fi
  cov=$(grep -o 'cov: [0-9]* ft: [0-9]* corp: [0-9]*' "$log" | tail -1)
  artifacts=$(find "$crashes" -maxdepth 1 -type f -newer "$stamp" -name "$name-*" \
                ! -name "$name-slow-unit-*" ! -name "$name-regression-*" 2>/dev/null | sort)
  rm -f "$stamp"
  verdict=PASS
  { [ $status -ne 0 ] || [ -n "$artifacts" ] || [ $replay = FAIL ]; } && verdict=FAIL
  line=$(printf '%-11s %-4s regressions %-4s %8s exec/s %10s runs  %s' "$name" "$verdict" \
           "$replay" "${rate:-?}" "${execs:-?}" "$cov")
  if [ $verdict = PASS ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
  if [ $status -ne 0 ] || [ -n "$artifacts" ]; then
    echo "fuzz: $name: fuzzing FAILED (exit $status); the report:"
    grep -E -A40 '^==[0-9]+==ERROR|runtime error|fuzz invariant violated|deadly signal|ERROR: libFuzzer' \
      "$log" | head -60 | sed 's/^/    /'
    for a in $artifacts; do
      echo "fuzz: saved $a; reproduce with: $bin $a"
      line+="  -> $a"
    done
    [ -z "$artifacts" ] && line+="  (no artifact; see $log)"
  fi
  echo "$line"
  report+=("$line")
done

echo
echo "=== fuzz summary (${seconds}s per target, $build/)"
printf '%s\n' "${report[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
