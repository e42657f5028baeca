"""What the binding's test modules share: messages, a model per test, and the
"N passed, N failed" line CI reads after each module (load_tests)."""

import os
import pathlib
import sys
import tempfile
import unittest

from meetintent import Model

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent.parent
HEADER = REPO / "include" / "meetintent" / "meetintent.h"

PROFESSIONAL = "Coffee next week to talk about the role?"
PERSONAL = "dinner tonight, just the two of us?"
TEXTS = [
    PROFESSIONAL,
    PERSONAL,
    "Attached is the agenda for Thursday's client meeting.",
    "You looked stunning at the panel. Drinks at my place, just us?",
    "Subject: minutes\nAction items from today's sync attached.",
    "今晚一起吃饭吗？就我们俩",
    "Ça te dirait un dîner à deux ce soir ? Juste nous ❤️",
    "",
]


def train_tsv(directory, rows=10):
    path = os.path.join(directory, "train.tsv")
    with open(path, "w", encoding="utf-8") as f:
        for i in range(rows):
            f.write("personal\tdinner date just us %d\n" % i)
            f.write("professional\tquarterly budget meeting %d\n" % i)
    return path


class ModelTestCase(unittest.TestCase):
    def setUp(self):
        self.model = Model.default()
        self.addCleanup(self.model.close)
        tmp = tempfile.TemporaryDirectory(prefix="meetintent_py_")
        self.addCleanup(tmp.cleanup)
        self.tmp = tmp.name


class _SummarySuite(unittest.TestSuite):
    """Prints "N passed, N failed" after a module's tests (CI reads it)."""

    def run(self, result, debug=False):
        def counts():
            return (result.testsRun,
                    len(result.failures) + len(result.errors)
                    + len(getattr(result, "unexpectedSuccesses", ())),
                    len(result.skipped))

        run0, failed0, skipped0 = counts()
        result = super().run(result, debug)
        run1, failed1, skipped1 = counts()
        failed, skipped = failed1 - failed0, skipped1 - skipped0
        passed = max(0, run1 - run0 - failed - skipped)
        stream = sys.stderr
        stream.flush()
        if skipped:
            print("%d skipped" % skipped, file=stream)
        print("%d passed, %d failed" % (passed, failed), file=stream, flush=True)
        return result


def load_tests(loader, tests, pattern):
    """Use as `from support import load_tests` in each test module."""
    return _SummarySuite(tests)
