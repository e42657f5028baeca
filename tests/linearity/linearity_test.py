#!/usr/bin/python3
"""Fails when any class of hostile input costs super-linear time.

For each class, builds inputs of n and 10n bytes (or messages), runs the CLI on
each under `valgrind --tool=callgrind` (instruction counts do not depend on
how busy the machine is) and checks that 10x the input costs at most
MAX_RATIO times the instructions: linear work gives about 10, quadratic 100.

Usage: linearity_test.py CLI [n]    (Debian's /usr/bin/python3, valgrind)
"""

import json
import re
import subprocess
import sys
import tempfile

MAX_RATIO = 20.0


def text_classes(n):
    """Single messages of about n bytes, one per hostile shape."""
    return {
        "combining marks of two classes": "a" + "\u0301\u0316" * (n // 4),
        "spaced digits (phone scan)": "1 " * (n // 2),
        "percent-separated letters before @ (e-mail scan)": "a%" * (n // 2) + "@",
        "U+FDFA (18x NFKC expansion)": "\ufdfa" * (n // 3),
        "one long word": "a" * n,
        "spaced letters (deobfuscation)": "d a t e " * (n // 8),
        "leetspeak": "d4t3 " * (n // 5),
        "quote markers": "> " * (n // 2),
        "signature markers": "--\n" * (n // 3),
        "zero-width joiners and emoji": "\U0001F468\u200d" * (n // 7),
        "Chinese": "我们明天一起吃饭吧" * (n // 27),
        "Thai": "ไปกินข้าวกันไหม" * (n // 45),
        "look-alike letters": "dаtе " * (n // 7),
        "dots and digits": "1." * (n // 2),
    }


def thread_classes(m):
    """Threads of m messages."""
    distinct = [{"thread_id": "t", "sender": "s%d" % i, "text": "Great meeting you."}
                for i in range(m)]
    one_sender = [{"thread_id": "t", "sender": "a", "text": "I can refer you for the role."}
                  for _ in range(m)]
    return {"thread: distinct senders": distinct, "thread: one sender repeating an offer": one_sender}


def instructions(cmd, data):
    with tempfile.NamedTemporaryFile() as f:
        f.write(data.encode("utf-8", "surrogatepass"))
        f.flush()
        r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd,
                           stdin=open(f.name, "rb"), stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, check=False)
    m = re.search(rb"Collected : (\d+)", r.stderr)
    if r.returncode != 0 or not m:
        sys.exit("linearity_test: %s failed (exit %d):\n%s" % (cmd, r.returncode,
                                                                r.stderr.decode()[-2000:]))
    return int(m.group(1))


def main():
    cli = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    failures = []
    cases = []
    small, large = text_classes(n), text_classes(10 * n)
    for name in small:
        cases.append((name, [cli, "classify"], small[name] + "\n", large[name] + "\n"))
    small_t, large_t = thread_classes(n // 40), thread_classes(n // 4)
    for name in small_t:
        to_jsonl = lambda msgs: "".join(json.dumps(x) + "\n" for x in msgs)
        cases.append((name, [cli, "thread"], to_jsonl(small_t[name]), to_jsonl(large_t[name])))
    for name, cmd, a, b in cases:
        base = instructions([cli, "version"], "")
        ia = instructions(cmd, a) - base
        ib = instructions(cmd, b) - base
        ratio = ib / max(ia, 1)
        print("%-52s %12d %13d  x%.1f" % (name, ia, ib, ratio))
        if ratio > MAX_RATIO:
            failures.append(name)
    if failures:
        sys.exit("super-linear: " + ", ".join(failures))
    print("%d passed, 0 failed" % len(cases))


if __name__ == "__main__":
    main()
