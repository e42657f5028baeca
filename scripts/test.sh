#!/usr/bin/env bash
# Installs what is missing, builds meetintent and runs the whole test suite:
#   1. the unit, C API, Python, example, install and scale tests (ctest);
#   2. the same suite under AddressSanitizer + UndefinedBehaviorSanitizer, and
#      the concurrency tests under ThreadSanitizer (scripts/sanitizers.sh);
#   3. each libFuzzer target for 60 seconds, after replaying its seeds and
#      every input that ever crashed it (scripts/fuzz.sh).
# This is what CI runs (.ci/run). About 20 to 30 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh -DMEETINTENT_BUILD_TESTS=ON
(cd build && ctest --output-on-failure --parallel "$(nproc)")
scripts/sanitizers.sh
scripts/fuzz.sh "${MEETINTENT_FUZZ_SECONDS:-60}"
