"""Tests of meetintent.score_archive (the `meetintent-score-archive` command): scoring an
archive on a Dask cluster, surviving a killed worker and a killed driver, without
losing or duplicating any message.

Needs Debian's python3-dask and python3-distributed, the Python binding and the
library:
  MEETINTENT_LIBRARY=build/libmeetintent.so.1 PYTHONPATH=bindings/python \\
    /usr/bin/python3 -m unittest discover -s tests/scale -v
(without PYTHONPATH the source tree's bindings/python is used; without
MEETINTENT_LIBRARY, build/libmeetintent.so.1 when it exists).
"""

import collections
import json
import os
import pathlib
import random
import signal
import subprocess
import sys
import tempfile
import time
import unittest

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
# The scorer as the package runs it; scripts/score_archive.py is a thin wrapper of it.
COMMAND = [sys.executable, "-m", "meetintent.score_archive"]
WRAPPER = REPO / "scripts" / "score_archive.py"
MESSAGES_SOURCE = REPO / "data" / "test_written.tsv"

# The same set-up for this process, the script and every worker it starts.
if "MEETINTENT_LIBRARY" not in os.environ and (REPO / "build" / "libmeetintent.so.1").exists():
    os.environ["MEETINTENT_LIBRARY"] = str(REPO / "build" / "libmeetintent.so.1")
try:
    import meetintent  # noqa: E402
except ModuleNotFoundError:
    sys.path.insert(0, str(REPO / "bindings" / "python"))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(REPO / "bindings" / "python")] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
    import meetintent  # noqa: E402
from meetintent import score_archive  # noqa: E402

try:
    import dask  # noqa: F401,E402
    from distributed import Client, LocalCluster  # noqa: E402
except ImportError as e:  # a missing dependency is a failure, not a skip
    raise ImportError("tests/scale needs Debian's python3-dask and python3-distributed "
                      "(scripts/install-deps.sh): %s" % e)

TIMEOUT = 300


def _unescape(text):
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in "nt\\":
            out.append({"n": "\n", "t": "\t", "\\": "\\"}[text[i + 1]])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _escape(text):
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def make_archive(folder, jsonl_messages=2400, tsv_messages=1800, seed=7):
    """Two files: a.jsonl and b.tsv. Returns {id: text} and the number of bad lines."""
    texts = []
    with open(MESSAGES_SOURCE, encoding="utf-8") as f:
        for line in f:
            label, _, text = line.rstrip("\n").partition("\t")
            if text:
                texts.append(_unescape(text))
    texts += ["Coffee next week to talk about the role?", "Dinner tonight, just the two of us?",
              "", "   ", "tab\there and a backslash \\ and a newline\nin one", "😉 ça va? 明天见"]
    rng = random.Random(seed)
    expected = {}
    bad = 0
    with open(os.path.join(folder, "a.jsonl"), "w", encoding="utf-8") as f:
        for i in range(jsonl_messages):
            ident = "a-%05d" % i
            text = rng.choice(texts)
            expected[ident] = text
            f.write(json.dumps({"id": ident, "text": text}, ensure_ascii=rng.random() < 0.5))
            f.write("\n")
            if i % 500 == 250:  # lines that are not messages: one error record each
                f.write("{not json\n")
                f.write(json.dumps({"id": "no-text-%d" % i}) + "\n")
                f.write("\n")  # blank: no record
                bad += 2
    with open(os.path.join(folder, "b.tsv"), "w", encoding="utf-8", newline="") as f:
        f.write("id\ttext\n")
        for i in range(tsv_messages):
            ident = "b-%05d" % i
            text = rng.choice(texts)
            expected[ident] = text
            f.write("%s\t%s%s" % (ident, _escape(text), "\r\n" if i % 3 == 0 else "\n"))
        f.write("b-last\tno final newline")  # the last line has no "\n"
        expected["b-last"] = "no final newline"
    return expected, bad


def read_outputs(folder):
    """(records with a label, error records), from every part file under folder."""
    scored, errors = [], []
    for part in sorted(pathlib.Path(folder).glob("*.scores/part-*.jsonl")):
        with open(part, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                (errors if "error" in rec else scored).append(rec)
    return scored, errors


def run_script(*args, **kwargs):
    cmd = COMMAND + [str(a) for a in args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, **kwargs)


def summary_of(proc):
    lines = [l for l in proc.stdout.splitlines() if l.startswith("{")]
    if not lines:
        raise AssertionError("no summary; rc=%d\nstdout:\n%s\nstderr:\n%s"
                             % (proc.returncode, proc.stdout, proc.stderr))
    return json.loads(lines[-1])


def wait_for_parts(folder, count, proc, deadline):
    while time.time() < deadline:
        done = len(list(pathlib.Path(folder).glob("*.scores/part-*.jsonl")))
        if done >= count:
            return done
        if proc.poll() is not None:
            raise AssertionError("the run ended before %d partitions were done:\n%s"
                                 % (count, proc.stderr.read() if proc.stderr else ""))
        time.sleep(0.02)
    raise AssertionError("fewer than %d partitions done in time" % count)


class ScoreArchiveTest(unittest.TestCase):
    maxDiff = 2000

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="meetintent_scale_")
        self.folder = self.tmp.name
        self.expected, self.bad = make_archive(self.folder)
        self.model = meetintent.Model.default()

    def tearDown(self):
        self.model.close()
        self.tmp.cleanup()

    def check_outputs(self):
        """Every input id exactly once, with the label this process computes for it."""
        scored, errors = read_outputs(self.folder)
        counts = collections.Counter(r["id"] for r in scored)
        duplicated = sorted(i for i, n in counts.items() if n > 1)
        missing = sorted(set(self.expected) - set(counts))
        unexpected = sorted(set(counts) - set(self.expected))
        self.assertEqual((duplicated[:5], missing[:5], unexpected[:5]), ([], [], []))
        self.assertEqual(len(scored), len(self.expected))
        self.assertEqual(len(errors), self.bad)
        ids = list(self.expected)
        preds = self.model.classify_many([self.expected[i] for i in ids])
        want = {i: p for i, p in zip(ids, preds)}
        for rec in scored:
            p = want[rec["id"]]
            self.assertEqual(rec["label"], p.label, rec)
            self.assertAlmostEqual(rec["probability"], p.probability, places=5)
        self.assertEqual(list(pathlib.Path(self.folder).glob("*.scores/*.tmp-*")), [])
        for name in ("a.jsonl", "b.tsv"):
            self.assertTrue(os.path.exists(os.path.join(self.folder, name + ".scores", "_SUCCESS")))

    def test_killed_worker_is_replaced_and_nothing_is_lost(self):
        """Two worker processes; one is SIGKILLed mid-run; Dask reruns its work."""
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            client.wait_for_workers(2, timeout=60)
            pids_before = client.run(os.getpid)
            self.assertEqual(len(set(pids_before.values())), 2)
            proc = subprocess.Popen(
                COMMAND + ["--scheduler", cluster.scheduler_address,
                           "--wait-workers", "2", "--partition-lines", "100",
                           "--partition-delay", "0.15", self.folder],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            try:
                wait_for_parts(self.folder, 4, proc, time.time() + TIMEOUT)
                victim = sorted(pids_before.values())[0]
                os.kill(victim, signal.SIGKILL)
                killed_at = len(list(pathlib.Path(self.folder).glob("*.scores/part-*.jsonl")))
                out, err = proc.communicate(timeout=TIMEOUT)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
            self.assertEqual(proc.returncode, 0, err)
            summary = json.loads(out.splitlines()[-1])
            total = summary["partitions"]
            self.assertLess(killed_at, total, "the worker was killed after the run had ended")
            # A partition the killed worker had published just before it died is rerun
            # by Dask and then skipped (its part file exists): never written twice.
            self.assertEqual(summary["scored_partitions"] + summary["skipped_partitions"], total,
                             summary)
            self.assertLessEqual(summary["skipped_partitions"], 1, summary)
            self.assertEqual(summary["failed_partitions"], 0)
            if not summary["skipped_partitions"]:
                self.assertEqual(summary["messages"], len(self.expected))
                self.assertEqual(summary["errors"], self.bad)
            # The nanny replaced the killed process.
            client.wait_for_workers(2, timeout=60)
            pids_after = client.run(os.getpid)
            self.assertNotIn(victim, pids_after.values())
            # Each worker process loads the model once, however many partitions it scores.
            self.assertLessEqual(summary["model_loads"], 2)
        self.check_outputs()

    def test_rerun_after_killed_driver_resumes(self):
        """The driver and its local cluster are SIGKILLed; a second run finishes the rest."""
        proc = subprocess.Popen(
            COMMAND + ["--local-workers", "2", "--partition-lines", "100",
                       "--partition-delay", "0.1", self.folder],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            start_new_session=True)  # its own process group: the driver and its workers
        try:
            wait_for_parts(self.folder, 3, proc, time.time() + TIMEOUT)
        finally:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            proc.stdout.close()
        time.sleep(0.5)  # let the killed group's processes disappear
        done = len(list(pathlib.Path(self.folder).glob("*.scores/part-*.jsonl")))
        second = run_script("--local-workers", "2", "--partition-lines", "100", self.folder)
        self.assertEqual(second.returncode, 0, second.stderr)
        summary = summary_of(second)
        self.assertLess(done, summary["partitions"], "the first run was not interrupted")
        self.assertGreaterEqual(summary["already_done"], done)
        self.assertEqual(summary["already_done"] + summary["scored_partitions"],
                         summary["partitions"])
        self.assertGreater(summary["scored_partitions"], 0)
        self.check_outputs()

        # A third run has nothing left to do and starts no cluster.
        third = run_script("--local-workers", "2", "--partition-lines", "100", self.folder)
        self.assertEqual(third.returncode, 0, third.stderr)
        self.assertEqual(summary_of(third)["already_done"], summary["partitions"])
        self.assertEqual(summary_of(third)["workers"], 0)

    def test_byte_partitions_and_changed_settings(self):
        """--partition-bytes covers every line once; other settings are then refused."""
        first = run_script("--local-workers", "1", "--partition-bytes", "20000", self.folder)
        self.assertEqual(first.returncode, 0, first.stderr)
        self.check_outputs()
        before = sorted(p.name for p in pathlib.Path(self.folder).glob("*.scores/*"))
        refused = run_script("--local-workers", "1", "--partition-lines", "100", self.folder)
        self.assertEqual(refused.returncode, 2)
        self.assertIn("--restart", refused.stderr)
        self.assertEqual(sorted(p.name for p in pathlib.Path(self.folder).glob("*.scores/*")),
                         before)
        again = run_script("--local-workers", "1", "--partition-lines", "1000", "--restart",
                           self.folder)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertEqual(summary_of(again)["already_done"], 0)
        self.check_outputs()


class PartitioningTest(unittest.TestCase):
    """The planner's ranges cover every line exactly once, whatever the chunk size."""

    def test_line_and_byte_partitions_cover_every_line_once(self):
        rng = random.Random(3)
        saved = score_archive.SCAN_CHUNK
        self.addCleanup(setattr, score_archive, "SCAN_CHUNK", saved)
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "f.jsonl")
            for _ in range(150):
                data = b"\n".join(b"x" * rng.randint(0, 5) for _ in range(rng.randint(0, 40)))
                if data and rng.random() < 0.5:
                    data += b"\n"
                with open(path, "wb") as f:
                    f.write(data)
                starts = ([0] + [i + 1 for i, b in enumerate(data) if b == 10 and i + 1 < len(data)]
                          if data else [])
                for chunk in (1, 3, 7, 1 << 20):
                    score_archive.SCAN_CHUNK = chunk
                    for n in (1, 2, 5, 100):
                        parts = score_archive.line_partitions(path, n)
                        self.assertTrue(all(len(self._lines(path, s, e)) <= n for s, e in parts))
                        self.assertEqual(
                            [o for s, e in parts for o in self._lines(path, s, e)], starts)
                for size in (1, 4, 64):
                    parts = score_archive.byte_partitions(len(data), size)
                    self.assertEqual(
                        [o for s, e in parts for o in self._lines(path, s, e)], starts)

    @staticmethod
    def _lines(path, start, end):
        with open(path, "rb") as f:
            return [offset for offset, _ in score_archive.read_lines(f, start, end)]

    def test_parse_line(self):
        self.assertEqual(score_archive.parse_line("tsv", 5, b"x1\ta\\nb\\\\n\\t\r\n"),
                         ("x1", b"a\nb\\n\t", None))
        self.assertIsNone(score_archive.parse_line("tsv", 0, b"id\ttext\n"))
        self.assertIsNone(score_archive.parse_line("jsonl", 9, b"  \n"))
        self.assertEqual(score_archive.parse_line("tsv", 9, b"lonely\n")[2],
                         "no tab: expected id<TAB>text")
        self.assertEqual(score_archive.parse_line("jsonl", 0, b'\xef\xbb\xbf{"id":1,"text":"hi"}'),
                         (1, "hi", None))
        self.assertEqual(score_archive.parse_line("jsonl", 3, b'{"id":2}\n')[:2], (2, None))
        self.assertIn("invalid JSON", score_archive.parse_line("jsonl", 3, b"{\n")[2])


if __name__ == "__main__":
    unittest.main()
