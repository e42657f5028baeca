#!/usr/bin/env bash
# Installs what is missing, builds meetintent and runs the whole test suite.
# This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh -DMEETINTENT_BUILD_TESTS=ON
cd build
ctest --output-on-failure --parallel "$(nproc)"
