"""Regression tests of meetintent.score_archive against hostile input and folders
(the issue "Hardening, second round", items 5 and 6). Fast: partitions are scored
in this process, and refused plans stop before any Dask cluster starts.

  MEETINTENT_LIBRARY=build/libmeetintent.so.1 PYTHONPATH=bindings/python \\
    /usr/bin/python3 -m unittest discover -s tests/scale -p 'test_*hardening*' -v
"""

import json
import os
import pathlib
import subprocess
import sys
import tempfile
import unittest

import test_score_archive as t  # sets up meetintent and the paths

score_archive = t.score_archive
TIMEOUT = 120


def strict_json(line):
    """json.loads that refuses NaN and Infinity, as strict JSON readers do."""
    def refuse(token):
        raise ValueError("not JSON: %s" % token)
    return json.loads(line, parse_constant=refuse)


def score_file(folder, name, data, fmt="jsonl", first_line=1, batch=4):
    """Scores the whole file as one partition, in this process; returns its records."""
    path = os.path.join(folder, name)
    with open(path, "wb") as f:
        f.write(data)
    out = os.path.join(folder, "out")
    os.makedirs(out, exist_ok=True)
    task = {"path": path, "format": fmt, "index": 0, "start": 0, "end": len(data),
            "first_line": first_line, "out_dir": out, "model": None, "batch": batch}
    stats = score_archive.score_partition(task)
    with open(os.path.join(out, score_archive.PART_NAME % 0), "rb") as f:
        records = [strict_json(line.decode("utf-8")) for line in f]
    os.unlink(os.path.join(out, score_archive.PART_NAME % 0))
    return stats, records


class PoisonLineTest(unittest.TestCase):
    """One bad line gets an error record; it never fails the lines around it."""

    def setUp(self):
        tmp = tempfile.TemporaryDirectory(prefix="meetintent_poison_")
        self.addCleanup(tmp.cleanup)
        self.folder = tmp.name

    def test_poison_lines_do_not_fail_the_partition(self):
        lines = [
            b'{"id":1,"text":"Coffee next week to talk about the role?"}',
            b'{"id":7,"text":"dinner tonight? \\ud800"}',           # lone surrogate escape
            b"[" * 100000,                                           # nested too deeply
            b'{"id":8,"text":"lunch with the team on friday?"}',
            b'{"id":9,"text":"unterminated',                         # broken, id readable
            b'{"id":NaN,"text":"miss you"}',                         # ids JSON cannot hold
            b'{"id":1e999,"text":"see you at the board meeting"}',
            b'{"id":-Infinity,"text":"drinks?"}',
            b'',                                                     # blank: no record
            b'{"id":"\\udc80","text":"an id with a lone surrogate"}',
            b'{"id":10,"text":"the last one"}',
        ]
        stats, records = score_file(self.folder, "a.jsonl", b"\n".join(lines) + b"\n")
        by_id = {json.dumps(r["id"]): r for r in records}
        self.assertEqual(len(records), 10)  # every non-blank line, once
        self.assertEqual((stats["messages"], stats["errors"]), (8, 2))
        # The lone surrogate reads as U+FFFD: scored like that text.
        model = t.meetintent.Model.default()
        self.addCleanup(model.close)
        want = model.classify("dinner tonight? \ufffd")
        self.assertEqual(by_id["7"]["label"], want.label)
        self.assertAlmostEqual(by_id["7"]["probability"], want.probability, places=5)
        # The deep nesting: an error record with its line number and no id.
        deep = [r for r in records if "error" in r and r["line"] == 3]
        self.assertEqual(len(deep), 1)
        self.assertIsNone(deep[0]["id"])
        self.assertIn("nested too deeply", deep[0]["error"])
        self.assertEqual(deep[0]["offset"], len(lines[0]) + len(lines[1]) + 2)
        # The broken line: its id read anyway, its line number.
        self.assertEqual((by_id["9"]["line"], "invalid JSON" in by_id["9"]["error"]), (5, True))
        # Ids JSON cannot hold as numbers: their text, as strings.
        for literal in ("NaN", "1e999", "-Infinity"):
            self.assertIn(json.dumps(literal), by_id, literal)
            self.assertIn("label", by_id[json.dumps(literal)])
        self.assertIn("label", by_id[json.dumps("\udc80")])
        self.assertIn("label", by_id["10"])

    def test_line_numbers_in_byte_partitions(self):
        """Byte partitions do not know their first line: it is counted when needed."""
        data = b'{"id":1,"text":"a"}\n\n{"id":2,"text":"b"}\n{oops\n'
        _, records = score_file(self.folder, "b.jsonl", data, first_line=None)
        errors = [r for r in records if "error" in r]
        self.assertEqual([(r["line"], r["offset"]) for r in errors], [(4, data.index(b"{oops"))])

    def test_line_numbers_of_a_later_byte_partition(self):
        data = b"".join(b'{"id":%d,"text":"x"}\n' % i if i % 3 else b"{bad %d\n" % i
                        for i in range(30))
        path = os.path.join(self.folder, "d.jsonl")
        with open(path, "wb") as f:
            f.write(data)
        out = os.path.join(self.folder, "out")
        os.makedirs(out)
        start = data.index(b"{bad 12")  # a line boundary inside the file
        task = {"path": path, "format": "jsonl", "index": 1, "start": start - 5,
                "end": len(data), "first_line": None, "out_dir": out, "model": None, "batch": 2}
        score_archive.score_partition(task)
        with open(os.path.join(out, score_archive.PART_NAME % 1), "rb") as f:
            errors = [r for r in map(strict_json, f) if "error" in r]
        self.assertEqual([r["line"] for r in errors], [13, 16, 19, 22, 25, 28])
        for r in errors:
            self.assertTrue(data[r["offset"]:].startswith(b"{bad %d" % (r["line"] - 1)))

    def test_tsv_bad_line(self):
        data = b"id\ttext\nx1\thello there\nno tab here\nx2\tbye\n"
        stats, records = score_file(self.folder, "c.tsv", data, fmt="tsv", first_line=1)
        self.assertEqual((stats["messages"], stats["errors"]), (2, 1))
        self.assertEqual([r.get("line") for r in records], [None, 3, None])


class SymlinkTest(unittest.TestCase):
    """Nothing is deleted or written through a symbolic link."""

    def setUp(self):
        tmp = tempfile.TemporaryDirectory(prefix="meetintent_symlink_")
        self.addCleanup(tmp.cleanup)
        self.root = pathlib.Path(tmp.name)
        self.victim = self.root / "victim"
        self.victim.mkdir()
        for name in ("part-00000.jsonl", "_manifest.json", "_SUCCESS", "precious.txt"):
            (self.victim / name).write_text("victim's own %s\n" % name)
        self.archive = self.root / "archive2"
        self.archive.mkdir()
        (self.archive / "x.jsonl").write_text('{"id":1,"text":"hello"}\n')

    def victim_untouched(self):
        self.assertEqual(sorted(p.name for p in self.victim.iterdir()),
                         ["_SUCCESS", "_manifest.json", "part-00000.jsonl", "precious.txt"])
        for p in self.victim.iterdir():
            self.assertEqual(p.read_text(), "victim's own %s\n" % p.name)

    def run_scorer(self, *args):
        return subprocess.run(t.COMMAND + ["--local-workers", "1"] + [str(a) for a in args],
                              capture_output=True, text=True, timeout=TIMEOUT)

    def test_symlinked_output_folder_is_refused_with_restart(self):
        os.symlink(self.victim, self.archive / "x.jsonl.scores")
        proc = self.run_scorer("--restart", self.archive)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn("symbolic link", proc.stderr)
        self.victim_untouched()

    def test_output_dir_through_a_link_is_refused(self):
        out = self.root / "out"
        out.mkdir()
        sub = self.archive / "sub"
        sub.mkdir()
        (sub / "y.jsonl").write_text('{"id":2,"text":"hi"}\n')
        os.symlink(self.victim, out / "sub")  # out/sub/y.jsonl.scores would land in victim
        proc = self.run_scorer("--output-dir", out, "--restart", self.archive)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn("outside --output-dir", proc.stderr)
        self.victim_untouched()
        self.assertFalse((self.victim / "y.jsonl.scores").exists())

    def test_symlinked_files_in_the_output_folder_are_replaced_not_followed(self):
        """Part files, manifest and markers that are links: --restart removes the links,
        the run writes real files, the targets keep their bytes."""
        scores = self.archive / "x.jsonl.scores"
        scores.mkdir()
        for name in ("part-00000.jsonl", "_manifest.json", "_SUCCESS"):
            os.symlink(self.victim / name, scores / name)
        proc = self.run_scorer("--restart", self.archive)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.victim_untouched()
        self.assertFalse((scores / "part-00000.jsonl").is_symlink())
        self.assertEqual(json.loads((scores / "part-00000.jsonl").read_text())["id"], 1)

    def test_symlinked_manifest_is_not_read(self):
        scores = self.archive / "x.jsonl.scores"
        scores.mkdir()
        os.symlink(self.victim / "_manifest.json", scores / "_manifest.json")
        proc = self.run_scorer(self.archive)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn("symbolic link", proc.stderr)
        self.victim_untouched()


class WrapperTest(unittest.TestCase):
    def test_scripts_wrapper_runs_the_package_module(self):
        proc = subprocess.run([sys.executable, str(t.WRAPPER), "--help"], capture_output=True,
                              text=True, timeout=TIMEOUT)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("meetintent-score-archive", proc.stdout)


if __name__ == "__main__":
    unittest.main()
