#!/usr/bin/env python3
"""Validate threads.jsonl (thread-level drift / quid-pro-quo data).

Usage: /usr/bin/python3 check.py threads.jsonl
Prints counts by kind and language; exits non-zero on any problem.
"""
import json
import sys
from collections import Counter
from datetime import datetime

KINDS = {"drift", "professional", "personal"}
LANGS = {"en", "es", "fr", "de", "pt", "it", "zh", "ja"}
KEYS = {"thread_id", "lang", "kind", "turn_index", "qpq_indices", "messages"}


def parse_time(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ")


def main(path):
    problems = []
    kinds, langs, lang_kind = Counter(), Counter(), Counter()
    ids = set()
    n_qpq = 0
    n = 0
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            def bad(msg):
                problems.append("line %d: %s" % (lineno, msg))
            if not line.strip():
                bad("empty line")
                continue
            try:
                t = json.loads(line)
            except json.JSONDecodeError as e:
                bad("invalid JSON: %s" % e)
                continue
            n += 1
            if not isinstance(t, dict):
                bad("not an object")
                continue
            missing = KEYS - t.keys()
            if missing:
                bad("missing keys %s" % sorted(missing))
                continue
            extra = t.keys() - KEYS
            if extra:
                bad("unexpected keys %s" % sorted(extra))
            tid = t["thread_id"]
            if not isinstance(tid, str) or not tid:
                bad("bad thread_id")
            elif tid in ids:
                bad("duplicate thread_id %s" % tid)
            ids.add(tid)
            kind, lang = t["kind"], t["lang"]
            if kind not in KINDS:
                bad("bad kind %r" % kind)
            if lang not in LANGS:
                bad("bad lang %r" % lang)
            kinds[kind] += 1
            langs[lang] += 1
            lang_kind[(lang, kind)] += 1
            msgs = t["messages"]
            if not isinstance(msgs, list) or not (3 <= len(msgs) <= 15):
                bad("need 3..15 messages")
                continue
            prev = None
            for i, m in enumerate(msgs):
                if not isinstance(m, dict) or "sender" not in m or "text" not in m:
                    bad("message %d lacks sender/text" % i)
                    continue
                if set(m) - {"sender", "time", "text"}:
                    bad("message %d has unexpected keys" % i)
                if not isinstance(m["text"], str) or not m["text"].strip():
                    bad("message %d has empty text" % i)
                if not isinstance(m["sender"], str) or not m["sender"]:
                    bad("message %d has bad sender" % i)
                if "time" in m:
                    try:
                        ts = parse_time(m["time"])
                    except (TypeError, ValueError):
                        bad("message %d bad time %r" % (i, m["time"]))
                        continue
                    if prev is not None and ts < prev:
                        bad("message %d time goes backwards" % i)
                    prev = ts
            if len({m.get("sender") for m in msgs if isinstance(m, dict)}) < 2:
                bad("fewer than two senders")
            ti = t["turn_index"]
            if kind == "drift":
                if not isinstance(ti, int) or isinstance(ti, bool) or not (0 <= ti < len(msgs)):
                    bad("drift thread needs turn_index in range, got %r" % (ti,))
                elif ti == 0:
                    bad("drift thread cannot turn at message 0 (must start professional)")
            elif ti is not None:
                bad("turn_index must be null for kind %s" % kind)
            q = t["qpq_indices"]
            if not isinstance(q, list) or not all(isinstance(x, int) and not isinstance(x, bool) for x in q):
                bad("qpq_indices must be a list of ints")
            else:
                if len(set(q)) != len(q):
                    bad("duplicate qpq index")
                if any(not (0 <= x < len(msgs)) for x in q):
                    bad("qpq index out of range")
                if q:
                    n_qpq += 1
                    if kind != "drift":
                        bad("qpq_indices must be empty unless kind == drift")
    print("threads: %d" % n)
    print("by kind:")
    for k in sorted(kinds):
        print("  %-13s %4d  (%.1f%%)" % (k, kinds[k], 100.0 * kinds[k] / max(n, 1)))
    print("  drift with qpq: %d" % n_qpq)
    print("by lang:")
    for l in sorted(langs, key=lambda x: -langs[x]):
        per = ", ".join("%s=%d" % (k, lang_kind[(l, k)]) for k in sorted(KINDS))
        print("  %-3s %4d  (%.1f%%)  %s" % (l, langs[l], 100.0 * langs[l] / max(n, 1), per))
    if problems:
        print("PROBLEMS (%d):" % len(problems))
        for p in problems[:200]:
            print("  " + p)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
