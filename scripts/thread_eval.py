#!/usr/bin/python3
"""Measures the thread analysis against the hand-marked threads.

Usage: /usr/bin/python3 scripts/thread_eval.py [--split test|design] [--cli build/meetintent]
       [--json FILE] [-- extra CLI options]

Reports, on data/threads/<split>.jsonl:
  - drift recall: share of "drift" threads where a drift was detected;
  - turning point within one message of the hand mark, among detected drift threads,
    and among all drift threads;
  - false drift: share of "professional" threads where a drift was reported;
  - quid-pro-quo recall (threads with a marked offer where a reported offer touches a
    marked message) and precision (reported offers that touch a marked message);
  - thread label accuracy (drift and personal threads count as personal).
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="test", choices=["test", "design"])
    ap.add_argument("--cli", default=os.path.join(ROOT, "build", "meetintent"))
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("extra", nargs="*", help="extra options for 'meetintent thread'")
    args = ap.parse_args()
    path = os.path.join(ROOT, "data", "threads", args.split + ".jsonl")
    with open(path, encoding="utf-8") as f:
        gold = [json.loads(line) for line in f if line.strip()]
    with open(path, "rb") as f:
        out = subprocess.run([args.cli, "thread", *args.extra], stdin=f, capture_output=True, check=True)
    results = {r["thread_id"]: r for r in map(json.loads, out.stdout.decode().splitlines())}

    drift_total = drift_found = drift_close = 0
    prof_total = prof_false = 0
    qpq_threads = qpq_found = 0
    qpq_reported = qpq_correct = 0
    label_ok = 0
    errors = []
    for g in gold:
        r = results[g["thread_id"]]
        marked = set(g["qpq_indices"])
        if g["kind"] == "drift":
            drift_total += 1
            if r["drift"] is not None:
                drift_found += 1
                if abs(r["drift"]["message"] - g["turn_index"]) <= 1:
                    drift_close += 1
                else:
                    errors.append((g["thread_id"], "turn at %d, marked %d" % (r["drift"]["message"], g["turn_index"])))
            else:
                errors.append((g["thread_id"], "drift missed (marked %d)" % g["turn_index"]))
        if g["kind"] == "professional":
            prof_total += 1
            if r["drift"] is not None:
                prof_false += 1
                errors.append((g["thread_id"], "false drift at %d" % r["drift"]["message"]))
        hits = [q for q in r["quid_pro_quo"] if {q["benefit_message"], q["ask_message"]} & marked]
        if marked:
            qpq_threads += 1
            if hits:
                qpq_found += 1
            else:
                errors.append((g["thread_id"], "qpq missed %s" % sorted(marked)))
        qpq_reported += len(r["quid_pro_quo"])
        qpq_correct += len(hits)
        for q in r["quid_pro_quo"]:
            if q not in hits:
                errors.append((g["thread_id"], "false qpq %d/%d: %r / %r" % (
                    q["benefit_message"], q["ask_message"], q["benefit"]["text"], q["ask"]["text"])))
        want = "professional" if g["kind"] == "professional" else "personal"
        label_ok += r["label"] == want

    def ratio(a, b):
        return a / b if b else float("nan")

    figures = {
        "split": args.split,
        "threads": len(gold),
        "drift_threads": drift_total,
        "drift_recall": ratio(drift_found, drift_total),
        "turn_within_one_of_detected": ratio(drift_close, drift_found),
        "turn_within_one_of_all": ratio(drift_close, drift_total),
        "professional_threads": prof_total,
        "false_drift_rate": ratio(prof_false, prof_total),
        "qpq_threads": qpq_threads,
        "qpq_recall": ratio(qpq_found, qpq_threads),
        "qpq_reported": qpq_reported,
        "qpq_precision": ratio(qpq_correct, qpq_reported),
        "thread_label_accuracy": ratio(label_ok, len(gold)),
    }
    for k, v in figures.items():
        print(f"{k:30} {v:.3f}" if isinstance(v, float) else f"{k:30} {v}")
    if args.show_errors:
        for tid, what in errors:
            print(tid, what, file=sys.stderr)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=2)


if __name__ == "__main__":
    main()
