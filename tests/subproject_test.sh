#!/bin/sh
# Configures a project that adds meetintent with add_subdirectory and checks
# that the tests are off there by default (and still on when asked for).
# Usage: subproject_test.sh SOURCE_DIR
set -eu
src=$1
work=$(mktemp -d /tmp/meetintent_subproject.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/app"
cat >"$work/app/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.16)
project(app C CXX ASM)
add_subdirectory("$src" meetintent)
CMAKE
cmake -S "$work/app" -B "$work/b" -G Ninja >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }
grep -q '^MEETINTENT_BUILD_TESTS:BOOL=OFF$' "$work/b/CMakeCache.txt" ||
  { echo "subproject: MEETINTENT_BUILD_TESTS is not OFF by default"; exit 1; }
cmake -S "$work/app" -B "$work/b2" -G Ninja -DMEETINTENT_BUILD_TESTS=ON >"$work/log" 2>&1 ||
  { cat "$work/log"; exit 1; }
grep -q '^MEETINTENT_BUILD_TESTS:BOOL=ON$' "$work/b2/CMakeCache.txt" ||
  { echo "subproject: MEETINTENT_BUILD_TESTS=ON was not kept"; exit 1; }
echo "1 passed, 0 failed"
