#!/usr/bin/python3
"""Measures quid-pro-quo detection on messages the scorers were never trained on.

Usage: /usr/bin/python3 scripts/qpq_round2_eval.py [--cli build/meetintent]
       [--half eval|train|all] [FILE.tsv ...]

Reads data/qpq/round2/messages_*.tsv (or the files given; the columns of
data/qpq/messages_<lang>.tsv) and gives each message to `meetintent thread` alone, after a
bare "?" from the other party, as tests/quid_pro_quo_test.cc does with the held-out rows.
Prints, per language and in all, the share of offers (qpq=1) found and the share of the
other messages (near misses written to look like offers, and negatives) flagged: a
reported offer touching the message. The offer, ask and link heads learn from the
training half of round 2 (scripts/qpq_training_data.py); --half eval (the default)
measures the other half, which nothing was trained on. data/qpq/round4/ is never trained on either:
measure it with --half all data/qpq/round4/*.tsv.
"""
import argparse
import collections
import glob
import json
import os
import subprocess
import sys

from qpq_training_data import round2_half

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read_rows(paths):
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            header = f.readline().rstrip("\n").split("\t")
            for line in f:
                fields = line.rstrip("\n").split("\t")
                if len(fields) != len(header):
                    sys.exit(f"{path}: a line without {len(header)} fields: {line[:60]!r}")
                rows.append(dict(zip(header, fields)))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cli", default=os.path.join(ROOT, "build", "meetintent"))
    parser.add_argument("--half", choices=["eval", "train", "all"], default="eval",
                        help="which half of the rows (default: eval, never trained on)")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    paths = args.files or sorted(glob.glob(os.path.join(ROOT, "data", "qpq", "round2", "*.tsv")))
    if not paths:
        sys.exit("no files: data/qpq/round2/*.tsv is missing")
    rows = [r for r in read_rows(paths) if args.half == "all" or round2_half(r["text"]) == args.half]
    threads = "".join(
        json.dumps({"thread_id": str(i),
                    "messages": [{"sender": "a", "text": "?"},
                                 {"sender": "b", "text": r["text"].replace("\\n", "\n")}]},
                   ensure_ascii=False) + "\n"
        for i, r in enumerate(rows))
    out = subprocess.run([args.cli, "thread"], input=threads, capture_output=True, text=True,
                         check=True).stdout.splitlines()
    if len(out) != len(rows):
        sys.exit(f"{len(out)} analyses for {len(rows)} messages")
    counts = collections.defaultdict(lambda: [0, 0, 0, 0])  # offers, found, others, flagged
    for row, line in zip(rows, out):
        analysis = json.loads(line)
        flagged = any(q["benefit_message"] == 1 or q["ask_message"] == 1
                      for q in analysis["quid_pro_quo"])
        offer = row["qpq"] == "1"
        for key in (row["lang"], "all"):
            c = counts[key]
            c[0 if offer else 2] += 1
            c[1 if offer else 3] += flagged
    print("| language | offers found | others flagged |")
    print("|---|---|---|")
    def share(part, whole):  # a file may hold no offers (data/qpq/round5/) or no others
        return f"{part} of {whole} ({part / whole:.2f})" if whole else "none"

    for key in sorted(counts, key=lambda k: (k == "all", k)):
        c = counts[key]
        print(f"| {key} | {share(c[1], c[0])} | {share(c[3], c[2])} |")


if __name__ == "__main__":
    main()
