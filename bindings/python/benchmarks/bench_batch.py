#!/usr/bin/python3
"""Where the time of classifying many messages from Python goes.

Run with Debian's Python (/usr/bin/python3), like every Python tool of the project:

  MEETINTENT_LIBRARY=build/libmeetintent.so.1 PYTHONPATH=bindings/python \\
    /usr/bin/python3 bindings/python/benchmarks/bench_batch.py --set chat --instructions

Two sets, both from data/test_written.tsv (e-mails and chats in eight languages),
repeated up to --messages: --set mixed, the messages as they are (206 bytes on
average); --set chat, the first line of each, kept when 20 to 150 bytes long (68 bytes
on average), where the binding's share of the time is the largest. The rows:

  loop          [model.classify(t) for t in texts]
  encode        only turning the str messages into UTF-8 bytes (the binding's first step)
  pack          encode + building the C arrays (one blob, pointers, lengths)
  c_batch       one mi_classify_batch_ex call on arrays packed in advance (the C work)
  classify_many model.classify_many(texts): pack + C + lazy results
  + objects     the same, then every Prediction object built (list(...))
  predict       model.predict(texts) (fastText style: labels and probabilities)
  n_jobs=N      classify_many(texts, n_jobs=N)

Wall clock (default): messages/second, the best of --repeat runs, and as a multiple
of the loop's. On a machine shared with other jobs these move by tens of percent
from run to run.

--instructions: instructions per message counted by callgrind instead, which do not
depend on load: each row runs under `valgrind --tool=callgrind` with N and N/2
messages and the figure is the difference over N/2 (start-up cancels out, and every row
is measured on the same messages: the second N/2); for c_batch the counts are the
inclusive cost of mi_classify_batch_ex (callgrind_annotate). n_jobs rows are
wall-clock only. Not a test: the numbers depend on the machine.
"""

import argparse
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time

import meetintent
from meetintent import _batch

REPO = pathlib.Path(__file__).resolve().parents[3]
SOURCE = REPO / "data" / "test_written.tsv"
ROWS = ("loop", "encode", "pack", "c_batch", "classify_many", "+ objects", "predict")


def load_texts(count, which):
    texts = []
    with open(SOURCE, encoding="utf-8") as f:
        for line in f:
            text = line.rstrip("\n").partition("\t")[2].replace("\\n", "\n")
            if which == "chat":
                text = text.split("\n")[0]
                if not 20 <= len(text.encode("utf-8")) <= 150:
                    continue
            if text:
                texts.append(text)
    return [texts[i % len(texts)] for i in range(count)]


def row_functions(model, texts, wanted, jobs):
    """{row name: fn()} over `texts` for the rows wanted; c_batch's arrays are packed
    here, before any timing, and only when c_batch is wanted (a row run alone under
    callgrind must not pay for them)."""
    rows = {
        "loop": lambda: [model.classify(t) for t in texts],
        "encode": lambda: _batch.encode_all(texts),
        "pack": lambda: _batch.pack(texts),
        "classify_many": lambda: model.classify_many(texts),
        "+ objects": lambda: list(model.classify_many(texts)),
        "predict": lambda: model.predict(texts),
    }
    if "c_batch" in wanted:
        packed = _batch.pack(texts)
        results = _batch.Results(len(texts), len(model.labels))
        rows["c_batch"] = lambda: _batch.classify_packed(model._handle, packed, results, 0,
                                                         len(texts))
    for j in jobs:
        rows["n_jobs=%d" % j] = lambda j=j: model.classify_many(texts, n_jobs=j)
    return {name: rows[name] for name in list(wanted) + ["n_jobs=%d" % j for j in jobs]}


def best_of(repeat, fn):
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def callgrind(row, count, which):
    """Instructions of one run of this script doing only `row` on `count` messages; for
    c_batch, those inside mi_classify_batch_ex only (inclusive, whatever got inlined)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        proc = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out,
                               sys.executable, __file__, "--only", row, "--messages",
                               str(count), "--set", which],
                              capture_output=True, text=True, check=True)
        if row != "c_batch":
            return int(re.findall(r"Collected : (\d+)", proc.stderr)[-1])
        annotated = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100",
                                    out], capture_output=True, text=True, check=True).stdout
    return max(int(line.split()[0].replace(",", "")) for line in annotated.splitlines()
               if "mi_classify_batch_ex" in line and line.strip()[:1].isdigit())


def instructions(args):
    print("instructions per message, %s set, library %s (callgrind: N=%d minus N/2)"
          % (args.set, meetintent.library_version(), args.messages))
    half = args.messages // 2
    per = {}
    for row in ROWS:
        per[row] = (callgrind(row, args.messages, args.set)
                    - callgrind(row, half, args.set)) / (args.messages - half)
    print("%-14s %14s %10s" % ("", "instructions", "x loop"))
    for row in ROWS:
        print("%-14s %14.0f %9.2fx" % (row, per[row], per["loop"] / per[row]))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--messages", type=int, default=None,
                   help="default: 100000 (wall clock), 4000 (--instructions)")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--jobs", type=int, nargs="*", default=[2])
    p.add_argument("--set", choices=("mixed", "chat"), default="mixed")
    p.add_argument("--instructions", action="store_true",
                   help="count instructions with callgrind instead of timing")
    p.add_argument("--only", choices=ROWS, help=argparse.SUPPRESS)  # one run, for callgrind
    args = p.parse_args()
    if args.messages is None:
        args.messages = 4000 if args.instructions or args.only else 100000
    if args.instructions:
        instructions(args)
        return 0
    texts = load_texts(args.messages, args.set)
    with meetintent.Model.default() as model:
        if args.only:
            row_functions(model, texts, [args.only], [])[args.only]()
            return 0
        rows = row_functions(model, texts, ROWS, args.jobs)
        timings = {name: best_of(args.repeat, fn) for name, fn in rows.items()}
    n = len(texts)
    mean_bytes = sum(len(t.encode("utf-8")) for t in texts) / max(n, 1)
    print("%d %s messages (%.0f bytes on average), %d cores, library %s, best of %d"
          % (n, args.set, mean_bytes, os.cpu_count(), meetintent.library_version(),
             args.repeat))
    print("%-14s %12s %10s" % ("", "msg/s", "x loop"))
    for name, seconds in timings.items():
        print("%-14s %12.0f %9.2fx" % (name, n / seconds, timings["loop"] / seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
