#!/usr/bin/python3
"""Where the time of classifying many messages from Python goes.

Run with Debian's Python (/usr/bin/python3; a pyenv python3 does not matter here,
but the project's other Python tools need Debian's packages, so we use it everywhere):

  MEETINTENT_LIBRARY=build/libmeetintent.so.1 PYTHONPATH=bindings/python \\
    /usr/bin/python3 bindings/python/benchmarks/bench_batch.py --messages 100000

Two sets, both from data/test_written.tsv (e-mails and chats in eight languages),
repeated up to --messages: --set mixed, the messages as they are (210 characters
on average); --set chat, the first line of each, kept when 20 to 150 bytes long
(68 bytes on average), where the binding's share of the time is the largest.
Prints messages/second for:

  loop          [model.classify(t) for t in texts]
  encode        only turning the str messages into UTF-8 bytes (the binding's first step)
  pack          encode + building the C arrays (pointers, lengths, results)
  c_batch       one mi_classify_batch_ex call on arrays packed in advance (the C ceiling)
  classify_many model.classify_many(texts): pack + C + lazy results
  + objects     the same, then every Prediction object built (list(...))
  predict       model.predict(texts) (fastText style: labels and probabilities)
  n_jobs=N      classify_many(texts, n_jobs=N)

Each figure is the best of --repeat runs. Not a test: numbers depend on the machine.
"""

import argparse
import os
import pathlib
import sys
import time

import meetintent
from meetintent import _batch

REPO = pathlib.Path(__file__).resolve().parents[3]
SOURCE = REPO / "data" / "test_written.tsv"


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


def best_of(repeat, fn):
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--messages", type=int, default=100000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--jobs", type=int, nargs="*", default=[2])
    p.add_argument("--set", choices=("mixed", "chat"), default="mixed")
    args = p.parse_args()
    texts = load_texts(args.messages, args.set)
    n = len(texts)
    with meetintent.Model.default() as model:
        labels_count = len(model.labels)
        packed = _batch.pack(texts)
        results = _batch.Results(n, labels_count)
        handle = model._acquire()

        def c_only():
            _batch.classify_packed(handle, packed, results, 0, n)

        rows = [
            ("loop", lambda: [model.classify(t) for t in texts]),
            ("encode", lambda: _batch.encode_all(texts)),
            ("pack", lambda: _batch.pack(texts)),
            ("c_batch", c_only),
            ("classify_many", lambda: model.classify_many(texts)),
            ("+ objects", lambda: list(model.classify_many(texts))),
            ("predict", lambda: model.predict(texts)),
        ] + [("n_jobs=%d" % j, lambda j=j: model.classify_many(texts, n_jobs=j))
             for j in args.jobs]
        timings = {}
        for name, fn in rows:
            timings[name] = best_of(args.repeat, fn)
        model._release()
    print("%d %s messages (%.0f bytes on average), %d cores, library %s"
          % (n, args.set, len(packed.blob) / n, os.cpu_count(), meetintent.library_version()))
    for name, seconds in timings.items():
        print("%-14s %10.0f msg/s  %7.3f s  %5.2fx the loop"
              % (name, n / seconds, seconds, timings["loop"] / seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
