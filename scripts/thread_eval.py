#!/usr/bin/python3
"""Measures the thread analysis against the hand-marked threads.

Usage: /usr/bin/python3 scripts/thread_eval.py [--split test|design|qpq-design|qpq-heldout|qpq-fresh|qpq-fresh2]
       [--cli build/meetintent] [--json FILE] [-- extra CLI options]

Reports, on data/threads/<split>.jsonl:
  - drift recall: share of "drift" threads where a drift was detected;
  - turning point within one message of the hand mark, among detected drift threads,
    and among all drift threads;
  - false drift: share of "professional" threads where a drift was reported;
  - quid-pro-quo recall (threads with a marked offer where a reported offer touches a
    marked message) and precision (reported offers that touch a marked message);
  - thread label accuracy (drift and personal threads count as personal);
  - quid-pro-quo recall and precision per language.

--split qpq-design and qpq-heldout read the short threads of data/qpq/threads_<lang>.jsonl
instead (even-numbered ids: design, used to choose the quid-pro-quo thresholds; odd-numbered:
held out). Their marked messages are benefit_msg and ask_msg of the threads with "qpq": true;
they have no drift marks, so only the quid-pro-quo figures mean anything there.
--split qpq-fresh reads every thread of data/qpq/round6/threads_<lang>.jsonl, written on
2026-12-07 by writers who saw none of the project's data: never trained or tuned on.
--split qpq-fresh2 reads data/qpq/round8/threads_<lang>.jsonl: a second such set, written
later the same day and measured once before its errors were read (data/qpq/round8/README.md).
"""
import argparse
import glob
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="test",
                    choices=["test", "design", "qpq-design", "qpq-heldout", "qpq-fresh",
                             "qpq-fresh2"])
    ap.add_argument("--cli", default=os.path.join(ROOT, "build", "meetintent"))
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("extra", nargs="*", help="extra options for 'meetintent thread'")
    args = ap.parse_args()
    gold = load_split(args.split)
    lines = "".join(json.dumps({"thread_id": g["thread_id"], "messages": g["messages"]}) + "\n"
                    for g in gold)
    out = subprocess.run([args.cli, "thread", *args.extra], input=lines.encode("utf-8"),
                         capture_output=True, check=True)
    results = {r["thread_id"]: r for r in map(json.loads, out.stdout.decode().splitlines())}

    drift_total = drift_found = drift_close = 0
    prof_total = prof_false = 0
    qpq_threads = qpq_found = 0
    qpq_reported = qpq_correct = 0
    label_ok = labelled = 0
    errors = []
    per_lang = {}  # lang -> [offer threads, found, reported, correct]
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
        lang = per_lang.setdefault(g["lang"], [0, 0, 0, 0, 0, 0])
        lang[2] += len(r["quid_pro_quo"])
        lang[3] += len(hits)
        if marked:
            qpq_threads += 1
            lang[0] += 1
            if hits:
                qpq_found += 1
                lang[1] += 1
            else:
                errors.append((g["thread_id"], "qpq missed %s" % sorted(marked)))
        qpq_reported += len(r["quid_pro_quo"])
        qpq_correct += len(hits)
        for q in r["quid_pro_quo"]:
            if q not in hits:
                errors.append((g["thread_id"], "false qpq %d/%d: %r / %r" % (
                    q["benefit_message"], q["ask_message"], q["benefit"]["text"], q["ask"]["text"])))
        if g["kind"] != "qpq-data":
            want = "professional" if g["kind"] == "professional" else "personal"
            label_ok += r["label"] == want
            labelled += 1
            lang[4] += r["label"] == want
            lang[5] += 1

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
        "thread_label_accuracy": ratio(label_ok, labelled),
    }
    figures["qpq_per_language"] = {
        k: {"threads": v[0], "recall": ratio(v[1], v[0]), "reported": v[2],
            "precision": ratio(v[3], v[2]), "labelled": v[5],
            "label_accuracy": ratio(v[4], v[5])} for k, v in sorted(per_lang.items())}
    for k, v in figures.items():
        if k != "qpq_per_language":
            print(f"{k:30} {v:.3f}" if isinstance(v, float) else f"{k:30} {v}")
    print("quid pro quo and thread labels per language:")
    print(f"  {'lang':6} {'offers':>6} {'found':>5} {'recall':>6} {'reported':>8} {'correct':>7} {'precision':>9}"
          f" {'labelled':>8} {'label_acc':>9}")
    for k, v in sorted(per_lang.items()):
        print(f"  {k:6} {v[0]:6d} {v[1]:5d} {ratio(v[1], v[0]):6.3f} {v[2]:8d} {v[3]:7d} {ratio(v[3], v[2]):9.3f}"
              f" {v[5]:8d} {ratio(v[4], v[5]):9.3f}")
    if args.show_errors:
        for tid, what in errors:
            print(tid, what, file=sys.stderr)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=2)


def load_split(split):
    """The threads of a split, in data/threads' format (qpq_indices marks the offers)."""
    if split in ("test", "design"):
        with open(os.path.join(ROOT, "data", "threads", split + ".jsonl"), encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    parity = {"qpq-design": 0, "qpq-heldout": 1}.get(split)  # the fresh splits: every thread
    folder = {"qpq-fresh": ("qpq", "round6"), "qpq-fresh2": ("qpq", "round8")}.get(split, ("qpq",))
    gold = []
    for path in sorted(glob.glob(os.path.join(ROOT, "data", *folder, "threads_*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                t = json.loads(line)
                if parity is not None and int(t["id"].split("-")[1]) % 2 != parity:
                    continue
                marked = {t["benefit_msg"], t["ask_msg"]} - {None} if t["qpq"] else set()
                gold.append({"thread_id": t["id"], "lang": t["lang"], "kind": "qpq-data",
                             "turn_index": None, "qpq_indices": sorted(marked),
                             "messages": t["messages"]})
    return gold


if __name__ == "__main__":
    main()
