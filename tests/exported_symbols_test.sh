#!/usr/bin/env bash
# Fails when libmeetintent.so exports a symbol outside the documented list
# (tests/exported_symbols.txt), or misses one of them.
set -euo pipefail
lib=$1
expected=$2
actual=$(nm -D --defined-only "$lib" | awk '{print $3}' | sed 's/@.*//' | sort -u)
if ! diff <(sort -u "$expected") <(echo "$actual"); then
  echo "exported symbols differ from $expected (< documented, > exported)" >&2
  exit 1
fi
soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
if [ "$soname" != "libmeetintent.so.1" ]; then
  echo "unexpected SONAME '$soname'" >&2
  exit 1
fi
echo "1 passed, 0 failed"
