#!/usr/bin/env python3
"""Writes one-message-per-line input for whole-process CLI timing and for
before/after output comparisons of `meetintent classify --format jsonl`.

Usage:
  scripts/make_lines.py corpus [--langs zh,ja] [--count N] > lines.txt
      texts of data/corpus.tsv (every split) in the given languages (default:
      all), in corpus order, repeated until N lines (default: one pass). The
      corpus's \\n, \\t, \\r escapes become spaces, so meetintent and
      `fasttext predict-prob` read the same words.
  scripts/make_lines.py random [--count N] [--seed S] > lines.txt
      N lines (default 20,000) of random code points from all planes (ASCII,
      Latin, combining marks, CJK, kana, Hangul, Thai, emoji, controls,
      private use, noncharacters, unassigned), as valid UTF-8 without tabs or
      newlines: a stress input for differential checks.

Deterministic: the same arguments give the same bytes.
"""
import argparse
import csv
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ESCAPES = re.compile(r"\\[ntr]")


def corpus_lines(langs, count):
    with open(ROOT / "data" / "corpus.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    texts = []
    for r in rows:
        if langs and r["lang"] not in langs:
            continue
        t = ESCAPES.sub(" ", r["text"]).replace("\t", " ").replace("\r", " ").replace("\n", " ")
        texts.append(t)
    if not texts:
        sys.exit("make_lines.py: no corpus text in those languages")
    n = count or len(texts)
    return [texts[k % len(texts)] for k in range(n)]


# Ranges to draw code points from, weighted towards the text people write.
RANGES = [
    (0x20, 0x7E, 20), (0xA0, 0x24F, 6), (0x300, 0x36F, 4), (0x370, 0x52F, 4),
    (0x0E00, 0x0E7F, 6), (0x1100, 0x11FF, 2), (0x2000, 0x206F, 3), (0x2100, 0x2BFF, 2),
    (0x3000, 0x30FF, 10), (0x3100, 0x33FF, 2), (0x3400, 0x4DBF, 2), (0x4E00, 0x9FFF, 20),
    (0xA000, 0xABFF, 1), (0xAC00, 0xD7A3, 6), (0xE000, 0xF8FF, 1), (0xF900, 0xFAFF, 2),
    (0xFB00, 0xFFFD, 3), (0x10000, 0x1F0FF, 1), (0x1F100, 0x1FAFF, 5), (0x20000, 0x3134F, 2),
    (0xE0000, 0xE01EF, 1), (0xF0000, 0x10FFFF, 1), (0x0, 0x1F, 1),
]


def random_lines(count, seed):
    rng = random.Random(seed)
    weights = [w for _, _, w in RANGES]
    out = []
    for _ in range(count):
        length = rng.randint(1, 120)
        cps = []
        for _ in range(length):
            lo, hi, _ = rng.choices(RANGES, weights)[0]
            c = rng.randint(lo, hi)
            if 0xD800 <= c <= 0xDFFF or c in (0x9, 0xA, 0xD):
                c = 0x20
            cps.append(chr(c))
        out.append("".join(cps))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["corpus", "random"])
    ap.add_argument("--langs", default="", help="comma-separated corpus languages (corpus)")
    ap.add_argument("--count", type=int, default=0)
    ap.add_argument("--seed", type=int, default=19)
    a = ap.parse_args()
    if a.kind == "corpus":
        lines = corpus_lines(set(filter(None, a.langs.split(","))), a.count)
    else:
        lines = random_lines(a.count or 20000, a.seed)
    out = sys.stdout.buffer
    for line in lines:
        out.write(line.encode("utf-8", "surrogatepass") + b"\n")


if __name__ == "__main__":
    main()
