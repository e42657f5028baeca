#!/usr/bin/env bash
# Runs the test suite under the sanitizers:
#   1. build-asan/: AddressSanitizer + UndefinedBehaviorSanitizer (gcc), the
#      whole ctest suite, leaks detected, the first report fatal;
#   2. build-tsan/: ThreadSanitizer, only the concurrency tests
#      (ctest -R "Concurrent|c_api_test").
# Builds are RelWithDebInfo without benchmarks, to fit CI (2 cores).
# Prints a summary; exits non-zero when a build or a test failed.
# Usage: scripts/sanitizers.sh          (env: JOBS, default nproc)
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=${JOBS:-$(nproc)}

scripts/install-deps.sh || exit 1

summary=()
failed=0
now() { date +%s; }
note() {  # note STATUS PHASE SECONDS
  summary+=("$(printf '%-4s %-44s %5ss' "$1" "$2" "$3")")
  [ "$1" = ok ] || failed=$((failed + 1))
}
run_phase() {  # run_phase NAME COMMAND...: runs and times a phase, records its result
  local name=$1 start status
  shift
  echo "=== $name"
  start=$(now)
  "$@"
  status=$?
  if [ $status -eq 0 ]; then note ok "$name" $(($(now) - start)); else note FAIL "$name" $(($(now) - start)); fi
  return $status
}

# meetintent_mail is left out: GMime and GLib are not instrumented and the mail
# tests have not yet had a clean ASan/LeakSanitizer run; the normal build runs
# them (ctest -R mail).
common=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMEETINTENT_BUILD_BENCHMARKS=OFF
        -DMEETINTENT_BUILD_TESTS=ON -DMEETINTENT_BUILD_MAIL=OFF)

# Runtime options: every report is fatal and shows a stack.
asan_env=(ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
          UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1)
# CPython is not built with ASan: the runtime must be preloaded to load the
# instrumented libmeetintent.so, and the interpreter's own allocations at exit
# are not ours, so leak checking is off for the tests that run Python (found
# from the test list: "python" in the command, or PYTHONPATH set).
libasan=$(${CXX:-g++} -print-file-name=libasan.so)
python_env=(LD_PRELOAD="$libasan"
            ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:strict_string_checks=1
            UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1)
# Tests that cannot work in a sanitizer build, skipped there (the normal
# build runs them): consumer_test builds an outside project against the
# installed library without -fsanitize, so the instrumented libmeetintent.a
# cannot link into it.
skip_regex=${SANITIZERS_SKIP_TESTS:-^consumer_test$}

python_tests_regex() {  # python_tests_regex BUILD_DIR: "^(a|b)$" of the tests that run Python
  (cd "$1" && ctest --show-only=json-v1) | python3 -c '
import json, re, sys
names = []
for t in json.load(sys.stdin).get("tests", []):
    env = " ".join(p.get("value", "") if isinstance(p.get("value"), str) else " ".join(p.get("value", []))
                   for p in t.get("properties", []) if p.get("name") == "ENVIRONMENT")
    if any("python" in a.lower() for a in t.get("command", [])) or "PYTHONPATH=" in env:
        names.append(re.escape(t["name"]))
print("^(" + "|".join(names) + ")$" if names else "^$no-python-tests")
'
}

# ---------------------------------------------------------------- ASan + UBSan
asan_configure() {
  cmake -S . -B build-asan "${common[@]}" -DMEETINTENT_SANITIZE=address,undefined >/dev/null
}
asan_build() {
  # The build runs instrumented programs (the default model's trainer, test
  # discovery): they get the same fatal options.
  env "${asan_env[@]}" cmake --build build-asan --parallel "$jobs"
}
asan_test() {
  (cd build-asan && env "${asan_env[@]}" ctest --output-on-failure --parallel "$jobs" \
     --timeout 900 -E "$py_regex|$skip_regex")
}
asan_python() {
  (cd build-asan && env "${python_env[@]}" ctest --output-on-failure --parallel "$jobs" \
     --timeout 900 -R "$py_regex" -E "$skip_regex")
}
if run_phase "asan+ubsan: configure" asan_configure &&
   run_phase "asan+ubsan: build" asan_build; then
  py_regex=$(python_tests_regex build-asan)
  echo "sanitizers: tests run with the ASan runtime preloaded (Python): $py_regex"
  echo "sanitizers: tests skipped in sanitizer builds: $skip_regex"
  run_phase "asan+ubsan: ctest (all but Python)" asan_test
  run_phase "asan+ubsan: ctest (Python, ASan preloaded)" asan_python
fi

# ---------------------------------------------------------------- TSan
# Debian's ICU is not built with TSan. It synchronizes its lazy, one-time
# initialization (umtx_initOnce: std::atomic acquire/release) inside the
# library, where TSan cannot see it, so the first BreakIterator or Normalizer2
# made by two threads at once is reported as a race between ICU's own mallocs
# and strchr/memcpy calls (the trainer's feature threads and
# ModelTest.ConcurrentPredictionsAgree both do this). ICU's own memory accesses
# are invisible to TSan anyway: ignore the interceptors it calls, nothing else.
tsan_supp=$root/build-tsan/tsan-suppressions.txt
tsan_env=(TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:history_size=4:suppressions=$tsan_supp)
tsan_configure() {
  mkdir -p build-tsan
  printf '%s\n' 'called_from_lib:libicuuc.so' 'called_from_lib:libicui18n.so' >"$tsan_supp"
  cmake -S . -B build-tsan "${common[@]}" -DMEETINTENT_SANITIZE=thread >/dev/null
}
tsan_build() {
  # Only what the concurrency tests need.
  env "${tsan_env[@]}" cmake --build build-tsan --parallel "$jobs" --target model_test adapter_test thread_test c_api_test lexicon_test \
    meetintent_cli cli_worker_pool_test cli_input_test
}
tsan_test() {
  (cd build-tsan && env "${tsan_env[@]}" ctest --output-on-failure --parallel "$jobs" \
     --timeout 900 -R 'Concurrent|c_api_test' -E '_NOT_BUILT$' --no-tests=error)
}
if run_phase "tsan: configure" tsan_configure &&
   run_phase "tsan: build (model, adapter, thread, lexicon, C API, CLI input and worker pool tests)" tsan_build; then
  run_phase "tsan: ctest -R 'Concurrent|c_api_test'" tsan_test
fi

echo
echo "=== sanitizers summary ($root)"
printf '%s\n' "${summary[@]}"
if [ "$failed" -eq 0 ]; then
  echo "sanitizers: all phases passed"
else
  echo "sanitizers: $failed phase(s) failed"
fi
[ "$failed" -eq 0 ]
