#!/usr/bin/python3
"""Measures meetintent.score_archive's throughput with 1, 2, ... local worker processes,
against an in-process baseline (one Python thread calling classify_many, no Dask).

  MEETINTENT_LIBRARY=build/libmeetintent.so.1 PYTHONPATH=bindings/python \\
    /usr/bin/python3 tests/scale/bench_score_archive.py --messages 200000 --workers 1 2

The archive is made of data/test_written.tsv's messages (written e-mails and chats,
mixed languages) with unique ids, in two JSON Lines files. Prints one line per run:
messages/second of the scoring phase (tasks running) and end to end (including
starting the local cluster and planning). Not a test: the numbers depend on the machine.
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import test_score_archive as t  # noqa: E402  (sets up meetintent and the paths)


def make(folder, n):
    texts = []
    with open(t.MESSAGES_SOURCE, encoding="utf-8") as f:
        for line in f:
            text = line.rstrip("\n").partition("\t")[2]
            if text:
                texts.append(t._unescape(text))
    total_bytes = 0
    for name, count in (("a.jsonl", n // 2), ("b.jsonl", n - n // 2)):
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            for i in range(count):
                line = json.dumps({"id": "%s-%d" % (name[0], i), "text": texts[i % len(texts)]},
                                  ensure_ascii=False) + "\n"
                total_bytes += len(line.encode("utf-8"))
                f.write(line)
    return texts, total_bytes


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--messages", type=int, default=200000)
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    p.add_argument("--partition-lines", type=int, default=20000)
    p.add_argument("--repeat", type=int, default=1)
    args = p.parse_args()

    with tempfile.TemporaryDirectory(prefix="meetintent_bench_") as folder:
        texts, nbytes = make(folder, args.messages)
        print("archive: %d messages, %.1f MB, mean %.0f bytes/message, %d CPUs"
              % (args.messages, nbytes / 1e6, nbytes / args.messages, os.cpu_count()))

        # Baseline: this process alone, the same work as a worker minus Dask.
        score_archive = t.score_archive
        model = t.meetintent.Model.default()
        t0 = time.perf_counter()
        cpu0 = time.process_time()
        n = 0
        for name in ("a.jsonl", "b.jsonl"):
            path = os.path.join(folder, name)
            size = os.path.getsize(path)
            task = {"path": path, "format": "jsonl", "index": 99999, "start": 0, "end": size,
                    "out_dir": folder, "model": None, "batch": 1024}
            n += score_archive.score_partition(task)["messages"]
            os.unlink(os.path.join(folder, score_archive.PART_NAME % 99999))
        dt = time.perf_counter() - t0
        cpu = time.process_time() - cpu0
        print("in-process, 1 thread, no Dask: %d messages in %.2f s = %.0f messages/s; "
              "%.0f messages per CPU-second" % (n, dt, n / dt, n / cpu))
        t0 = time.perf_counter()
        sample = [texts[i % len(texts)] for i in range(min(args.messages, 50000))]
        model.classify_many(sample)
        dt = time.perf_counter() - t0
        print("classify_many alone (no reading/writing): %.0f messages/s" % (len(sample) / dt))

        for workers in args.workers:
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                proc = subprocess.run(
                    t.COMMAND + ["--local-workers", str(workers),
                                 "--partition-lines", str(args.partition_lines), "--restart",
                                 folder],
                    capture_output=True, text=True)
                wall = time.perf_counter() - t0
                if proc.returncode != 0:
                    print(proc.stderr)
                    sys.exit(1)
                s = t.summary_of(proc)
                print("dask, %d worker process(es): %d messages, scoring %.2f s = %.0f messages/s; "
                      "end to end %.2f s = %.0f messages/s; %.0f messages per task CPU-second"
                      % (workers, s["messages"], s["scoring_seconds"], s["messages_per_second"],
                         wall, s["messages"] / wall,
                         s["messages"] / max(s["task_cpu_seconds"], 1e-9)))


if __name__ == "__main__":
    main()
