#!/usr/bin/python3
"""Splits threads.jsonl into design.jsonl and test.jsonl (35% of threads).

The split depends only on a hash of each thread id, fixed before any design
or tuning of the thread analysis: design and tuning use design.jsonl only.
Run: /usr/bin/python3 data/threads/split.py
"""
import hashlib
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def is_test(thread_id):
    digest = hashlib.sha256(("meetintent-thread-split-v1|" + thread_id).encode()).digest()
    return int.from_bytes(digest[:8], "little") % 100 < 35


def main():
    with open(os.path.join(HERE, "threads.jsonl"), encoding="utf-8") as f:
        threads = [json.loads(line) for line in f if line.strip()]
    outputs = {"design": [], "test": []}
    for t in threads:
        outputs["test" if is_test(t["thread_id"]) else "design"].append(t)
    for name, rows in outputs.items():
        with open(os.path.join(HERE, name + ".jsonl"), "w", encoding="utf-8", newline="\n") as f:
            for t in rows:
                f.write(json.dumps(t, ensure_ascii=False) + "\n")
        print(name, len(rows))


if __name__ == "__main__":
    main()
