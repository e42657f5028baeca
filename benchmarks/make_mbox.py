#!/usr/bin/python3
"""Writes an mbox of N messages by repeating the hand-made messages of
tests/data/mail/ (each with a distinct Message-ID), for timing
'meetintent mail' on a mailbox:

    benchmarks/make_mbox.py 2000 /tmp/bench.mbox
    time build/meetintent mail --quiet /tmp/bench.mbox > /dev/null
"""
import pathlib
import re
import sys

MESSAGES = sorted((pathlib.Path(__file__).resolve().parent.parent / "tests/data/mail").glob("*.eml"))


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make_mbox.py COUNT OUT.mbox")
    count, out = int(sys.argv[1]), sys.argv[2]
    bodies = [m.read_bytes().replace(b"\r\n", b"\n") for m in MESSAGES]
    with open(out, "wb") as f:
        for i in range(count):
            raw = bodies[i % len(bodies)]
            # mboxrd: a body line starting with "From " (after any ">") gets one more ">".
            raw = re.sub(rb"(?m)^(>*From )", rb">\1", raw)
            raw = re.sub(rb"(?mi)^Message-ID:.*$", b"Message-ID: <bench-%d@example.org>" % i, raw, count=1)
            f.write(b"From bench@example.org Tue Jun  3 18:40:00 2025\n")
            f.write(raw if raw.endswith(b"\n") else raw + b"\n")
            f.write(b"\n")
    print(f"{out}: {count} messages from {len(bodies)} files")


if __name__ == "__main__":
    main()
