#!/usr/bin/env bash
# Instructions per classified message, counted by callgrind: deterministic,
# so the figures do not drift with machine load.
#
# For each input (chat, email, nonlatin) the driver runs twice under
# `valgrind --tool=callgrind`: once classifying N messages (one pass over the
# input set) and once classifying 0, with the same start-up and warm-up. The
# figure is (Ir(N) - Ir(0)) / N. A third run on chat collects only inside the
# classify loop (--toggle-collect) for the profile, annotated with
# callgrind_annotate (inclusive and self cost).
#
# Usage: benchmarks/callgrind.sh DRIVER [OUT_DIR]
#   DRIVER   the built callgrind_driver
#   OUT_DIR  where callgrind outputs, annotations and callgrind.json go
#            (default: a new temporary folder)
# Prints one line per input; set CALLGRIND_KINDS="chat email" to pick inputs
# and CALLGRIND_PROFILE=0 to skip the profile run.
set -euo pipefail

driver=${1:?usage: callgrind.sh DRIVER [OUT_DIR]}
out=${2:-$(mktemp -d /tmp/meetintent_callgrind.XXXXXX)}
kinds=${CALLGRIND_KINDS:-chat email nonlatin}
mkdir -p "$out"
command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind is not installed" >&2; exit 1; }

# Runs the driver under callgrind; prints the total instructions (Ir).
collect() {  # collect OUT_FILE KIND N [extra valgrind options]
  local file=$1 kind=$2 n=$3
  shift 3
  valgrind --tool=callgrind --callgrind-out-file="$file" "$@" "$driver" "$kind" "$n" \
    >"$file.stdout" 2>"$file.log"
  local ir
  ir=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$file.log" | tail -1)
  [ -n "$ir" ] || { echo "callgrind.sh: no Ir total in $file.log" >&2; exit 1; }
  echo "$ir"
}

json="$out/callgrind.json"
echo "{" >"$json"
first=1
printf '%-9s %9s %16s %16s %14s %12s\n' input messages "Ir(N)" "Ir(0)" "Ir/message" "Ir/byte"
for kind in $kinds; do
  n=$("$driver" "$kind" --count)
  bytes=$("$driver" "$kind" --count-bytes)
  ir0=$(collect "$out/callgrind.$kind.0.out" "$kind" 0)
  irn=$(collect "$out/callgrind.$kind.N.out" "$kind" "$n")
  per=$(awk -v a="$irn" -v b="$ir0" -v n="$n" 'BEGIN { printf "%.0f", (a - b) / n }')
  perb=$(awk -v a="$irn" -v b="$ir0" -v n="$bytes" 'BEGIN { printf "%.1f", (a - b) / n }')
  printf '%-9s %9d %16d %16d %14d %12s\n' "$kind" "$n" "$irn" "$ir0" "$per" "$perb"
  [ $first -eq 1 ] || echo "," >>"$json"
  first=0
  printf '  "%s": {"messages": %d, "bytes": %d, "ir_n": %d, "ir_0": %d, "ir_per_message": %d, "ir_per_byte": %s}' \
    "$kind" "$n" "$bytes" "$irn" "$ir0" "$per" "$perb" >>"$json"
done
echo "" >>"$json"
echo "}" >>"$json"

if [ "${CALLGRIND_PROFILE:-1}" != 0 ]; then
  kind=chat
  n=$("$driver" "$kind" --count)
  prof="$out/callgrind.profile.$kind.out"
  collect "$prof" "$kind" "$n" --collect-atstart=no --toggle-collect=mi_bench_classify_loop \
    >/dev/null
  callgrind_annotate --auto=no --inclusive=yes --threshold=99 "$prof" \
    >"$out/profile.$kind.inclusive.txt"
  callgrind_annotate --auto=no --inclusive=no --threshold=99 "$prof" >"$out/profile.$kind.self.txt"
  # Per source line, for the project's files (Release build with -g).
  callgrind_annotate --auto=yes --inclusive=no --threshold=95 "$prof" \
    >"$out/profile.$kind.annotated_source.txt" 2>/dev/null || true
  # With debug info the self listing splits a function by the file each
  # inlined piece came from; add the pieces up per function as well.
  python3 - "$out/profile.$kind.self.txt" >"$out/profile.$kind.self_by_function.txt" <<'PY'
import re, sys
total, cost = 0, {}
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(\S.*)$", line)
    if not m:
        continue
    ir, what = int(m.group(1).replace(",", "")), m.group(2)
    if what == "PROGRAM TOTALS":
        total = ir
        continue
    fn = re.sub(r"(\s*\[[^\]]*\])+$", "", what.split(":", 1)[1] if ":" in what else what)
    cost[fn] = cost.get(fn, 0) + ir
print(f"{total:>15,}  PROGRAM TOTALS (self cost summed per function over source files)")
for fn, ir in sorted(cost.items(), key=lambda kv: -kv[1])[:40]:
    print(f"{ir:>15,} ({100.0 * ir / max(total, 1):5.2f}%)  {fn}")
PY
  echo "profile of $kind ($n messages, classify loop only): $out/profile.$kind.{inclusive,self,self_by_function}.txt"
fi
echo "callgrind outputs: $out"
