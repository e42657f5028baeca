#!/usr/bin/env bash
# Whole-process timing of the CLI against the fastText tool on the same lines:
#   build/meetintent classify --format jsonl < LINES > /dev/null
#   fasttext predict-prob MODEL LINES > /dev/null
# fastText (a) is trained by the fasttext tool on data/default_train.tsv
# ("__label__X text", the \n, \t, \r escapes as spaces) with the settings of
# benchmarks/fasttext_benchmark.cc: softmax, lr 0.1, minCount 1, wordNgrams 2,
# dim 50, epoch 25, thread 1, seed 1, minn 0, maxn 0 (its .bin is ~410 MB).
#
# Usage: scripts/cli_vs_fasttext.sh [LANGS [LINES [RUNS]]]
#   LANGS  corpus languages, comma-separated (default zh,ja)
#   LINES  lines, corpus texts repeated (default 100000)
#   RUNS   runs of each program, interleaved (default 5)
# Environment: MEETINTENT (default build/meetintent), WORK (default a new
# temporary folder, ~430 MB with the model: reuse it, or remove it after),
# MEETINTENT_THREADS (default 1: classify --threads; fastText's predict-prob
# has no threads option, so a figure with more is not like for like).
# Prints each run's wall seconds and the min and median of each program.
set -euo pipefail
cd "$(dirname "$0")/.."
langs=${1:-zh,ja}
count=${2:-100000}
runs=${3:-5}
mi=${MEETINTENT:-build/meetintent}
threads=${MEETINTENT_THREADS:-1}
work=${WORK:-$(mktemp -d /tmp/meetintent_cli_vs_fasttext.XXXXXX)}
mkdir -p "$work"
command -v fasttext >/dev/null || { echo "cli_vs_fasttext.sh: fasttext is not installed" >&2; exit 1; }

lines="$work/lines.$langs.$count.txt"
[ -s "$lines" ] || python3 scripts/make_lines.py corpus --langs "$langs" --count "$count" >"$lines"
if [ ! -s "$work/ft_a.bin" ]; then
  python3 - "$work/train.txt" <<'PY'
import re, sys
with open("data/default_train.tsv", encoding="utf-8") as f, open(sys.argv[1], "w", encoding="utf-8") as out:
    for line in f:
        label, text = line.rstrip("\n").split("\t", 1)
        out.write("__label__" + label + " " + re.sub(r"\\[ntr]", " ", text).replace("\t", " ") + "\n")
PY
  fasttext supervised -input "$work/train.txt" -output "$work/ft_a" -loss softmax -lr 0.1 \
    -minCount 1 -wordNgrams 2 -dim 50 -epoch 25 -thread 1 -seed 1 -minn 0 -maxn 0 >/dev/null 2>&1
fi

# seconds CMD...: wall-clock seconds of one run, output discarded.
seconds() {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
summary() {  # summary NAME TIMES...
  local name=$1
  shift
  printf '%s\n' "$@" | sort -n | awk -v n="$name" '{ t[NR] = $1 }
    END { printf "%-10s min %.3f s, median %.3f s (%d runs)\n", n, t[1], t[int((NR + 1) / 2)], NR }'
}
echo "$(wc -l <"$lines") lines of $langs, $(wc -c <"$lines") bytes; meetintent --threads $threads; load $(cut -d' ' -f1-3 /proc/loadavg)"
mi_times=()
ft_times=()
for ((r = 1; r <= runs; ++r)); do
  mi_times+=("$(seconds "$mi" classify --format jsonl --threads "$threads" <"$lines")")
  ft_times+=("$(seconds fasttext predict-prob "$work/ft_a.bin" "$lines")")
  echo "run $r: meetintent ${mi_times[-1]} s, fasttext ${ft_times[-1]} s"
done
summary meetintent "${mi_times[@]}"
summary fasttext "${ft_times[@]}"
echo "work folder: $work"
