"""Tests of the meetintent Python binding (standard library only).

Run with the library given explicitly:
  MEETINTENT_LIBRARY=build/libmeetintent.so.1 PYTHONPATH=bindings/python \
    /usr/bin/python3 -m unittest discover -s bindings/python/tests -v
or against an installed package (which may carry the library itself).
"""

import gc
import os
import pathlib
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest

import meetintent
from meetintent import FeatureKind, MeetintentError, Model, Status

from support import (HEADER, PERSONAL, PROFESSIONAL, TEXTS, ModelTestCase,  # noqa: F401
                     load_tests, train_tsv)


class LibraryTest(unittest.TestCase):
    def test_versions(self):
        self.assertRegex(meetintent.library_version(), r"^1\.\d+\.\d+$")
        self.assertRegex(meetintent.__version__, r"^1\.\d+\.\d+")
        self.assertTrue(os.path.basename(str(meetintent.library_path)).startswith("libmeetintent"))

    def test_every_c_function_is_declared(self):
        from meetintent import _lib
        declared = [name for name, _, _ in _lib.PROTOTYPES]
        self.assertEqual(len(declared), len(set(declared)))
        for name, restype, argtypes in _lib.PROTOTYPES:
            fn = getattr(_lib.lib, name)
            self.assertEqual(fn.restype, restype, name)
            self.assertEqual(tuple(fn.argtypes), tuple(argtypes), name)
        if not HEADER.is_file():
            self.skipTest("meetintent.h not found beside the binding (installed package)")
        in_header = re.findall(r"^MI_API\b[^;]*?\b(mi_\w+)\)?\s*\(", HEADER.read_text(), re.M)
        self.assertEqual(sorted(declared), sorted(in_header))

    def test_abi_mismatch_is_a_clear_error(self):
        from meetintent import _lib

        class FakeLibrary:
            def mi_abi_check(self, version):
                return 11

            def mi_last_error_message(self):
                return b"compiled against 1.0 but this is 2.0"

            def mi_version_string(self):
                return b"2.0.0"

        with self.assertRaises(meetintent.LibraryVersionError) as cm:
            _lib._abi_check(FakeLibrary(), "/somewhere/libmeetintent.so.1")
        self.assertIsInstance(cm.exception, ImportError)
        for part in ("2.0.0", "1.0", "/somewhere/libmeetintent.so.1", "compiled against"):
            self.assertIn(part, str(cm.exception))

    def test_discovery_error_lists_every_place(self):
        # A copy of the package without any library beside it, so only
        # $MEETINTENT_LIBRARY (missing) and the system loader remain.
        with tempfile.TemporaryDirectory() as tmp:
            package = os.path.join(tmp, "meetintent")
            shutil.copytree(os.path.dirname(meetintent.__file__), package,
                            ignore=shutil.ignore_patterns("libmeetintent.so*", "__pycache__"))
            missing = os.path.join(tmp, "nowhere", "libmeetintent.so.1")
            env = dict(os.environ, MEETINTENT_LIBRARY=missing, PYTHONPATH=tmp,
                       PYTHONDONTWRITEBYTECODE="1")
            proc = subprocess.run([sys.executable, "-c", "import meetintent"], env=env,
                                  cwd=tmp, capture_output=True, text=True, timeout=120)
            if proc.returncode == 0:
                # The system loader found an installed library: the unusable
                # $MEETINTENT_LIBRARY must at least have been reported.
                self.assertIn("RuntimeWarning", proc.stderr)
                self.assertIn(missing, proc.stderr)
                self.skipTest("libmeetintent is installed system-wide")
            err = proc.stderr
            self.assertIn("LibraryNotFoundError", err)
            self.assertIn("MEETINTENT_LIBRARY=" + missing, err)
            self.assertIn(os.path.join(package, "libmeetintent.so.1"), err)
            self.assertIn(os.path.join(package, "libmeetintent.so"), err)
            self.assertIn("find_library('meetintent')", err)
            self.assertIn("system loader", err)

    def test_status_names(self):
        for status in Status:
            self.assertEqual(MeetintentError(status).status_name, "MI_" + status.name)


class ClassifyTest(ModelTestCase):
    def test_labels_and_info(self):
        self.assertEqual(self.model.labels, ["personal", "professional"])
        self.assertEqual(self.model.label_index("professional"), 1)
        with self.assertRaises(MeetintentError) as cm:
            self.model.label_index("spam")
        self.assertEqual(cm.exception.status_name, "MI_ERR_UNKNOWN_LABEL")
        self.assertIn("spam", cm.exception.message)
        info = self.model.info
        self.assertEqual(info.num_labels, 2)
        self.assertEqual(info.format_version, 2)
        self.assertGreaterEqual(info.hash_bits, 10)
        self.assertIn(info.weight_type, (0, 1))
        self.assertEqual(info.quantized, info.weight_type == 1)
        self.assertIn("personal", repr(self.model))

    def test_classify_str(self):
        p = self.model.classify(PROFESSIONAL)
        self.assertIsInstance(p, meetintent.Prediction)
        self.assertEqual(p.label, "professional")
        self.assertGreater(p.probability, 0.5)
        self.assertEqual(set(p.probabilities), {"personal", "professional"})
        self.assertAlmostEqual(sum(p.probabilities.values()), 1.0, places=4)
        self.assertEqual(p.probability, p.probabilities[p.label])
        self.assertEqual(self.model.classify(PERSONAL).label, "personal")
        with self.assertRaises(Exception):
            p.label = "x"  # frozen

    def test_classify_bytes_is_the_utf8_of_str(self):
        for text in TEXTS:
            self.assertEqual(self.model.classify(text.encode("utf-8")), self.model.classify(text))
        self.assertEqual(self.model.classify(bytearray(PROFESSIONAL, "utf-8")),
                         self.model.classify(PROFESSIONAL))

    def test_classify_odd_bytes(self):
        for data in (b"", b"caf\xff\xfe\0x", b"\0" * 10):
            p = self.model.classify(data)
            self.assertIn(p.label, self.model.labels)
        with self.assertRaises(TypeError):
            self.model.classify(42)

    def test_classify_many_agrees_with_classify(self):
        texts = TEXTS + [t.encode("utf-8") for t in TEXTS] + [b"caf\xff\xfe\0x"]
        many = self.model.classify_many(texts)
        self.assertEqual(many, [self.model.classify(t) for t in texts])
        self.assertEqual(self.model.classify_many(iter(TEXTS[:2])), many[:2])
        self.assertEqual(self.model.classify_many([]), [])

    def test_classify_many_makes_one_c_call(self):
        from meetintent import _batch
        real = _batch.lib
        calls = []

        class Counting:
            def __getattr__(self, name):
                fn = getattr(real, name)

                def counted(*args):
                    calls.append(name)
                    return fn(*args)
                return counted

        _batch.lib = Counting()
        try:
            result = self.model.classify_many(TEXTS * 5)
        finally:
            _batch.lib = real
        self.assertEqual(len(result), len(TEXTS) * 5)
        self.assertEqual(calls, ["mi_classify_batch_ex"])


class ExplainTest(ModelTestCase):
    def check_spans(self, text):
        data = text.encode("utf-8") if isinstance(text, str) else text
        e = self.model.explain(text, k=50)
        contributions = e.supporting + e.opposing
        self.assertTrue(contributions)
        for c in contributions:
            self.assertLessEqual(0, c.begin)
            self.assertLess(c.begin, c.end)
            self.assertLessEqual(c.end, len(data))
            # Byte offsets on character boundaries: the span decodes strictly.
            span = data[c.begin:c.end].decode("utf-8")
            self.assertEqual(c.substring(data), data[c.begin:c.end])
            if isinstance(text, str):
                self.assertEqual(c.substring(text), span)
            # The feature comes from that part of the message.
            core = c.feature
            if c.kind == FeatureKind.CLUSTER:  # "cl256:word": the word's cluster
                core = core.split(":", 1)[1]
            if c.kind == FeatureKind.CHAR_NGRAM:
                core = core[1:] if core.startswith("<") else core
                core = core[:-1] if core.endswith(">") else core
                parts = [core]
            else:  # words; placeholders such as <time> stand for other text
                parts = [w for w in core.split(" ") if not re.fullmatch(r"<\w+>", w)]
            for part in parts:
                self.assertIn(part, span.casefold(), (c, span))
        return contributions

    def test_explain(self):
        text = "You looked stunning at the panel. Drinks at my place, just us?"
        e = self.model.explain(text, k=3)
        self.assertIsInstance(e, meetintent.Explanation)
        p = self.model.classify(text)
        self.assertEqual((e.label, e.probability), (p.label, p.probability))
        self.assertEqual(e.label, "personal")
        self.assertTrue(1 <= len(e.supporting) <= 3 and len(e.opposing) <= 3)
        for group, sign in ((e.supporting, 1), (e.opposing, -1)):
            self.assertEqual([c.weight * sign > 0 for c in group], [True] * len(group))
            weights = [abs(c.weight) for c in group]
            self.assertEqual(weights, sorted(weights, reverse=True))
            for c in group:
                self.assertIsInstance(c.kind, FeatureKind)
                self.assertEqual(c.supports, sign > 0)

    def test_explain_spans_ascii(self):
        self.check_spans("You looked stunning at the panel. Drinks at my place, just us?")
        self.check_spans("Lunch with the hiring team on Friday at 12:30? Agenda attached.")

    def test_explain_spans_non_ascii(self):
        for text in ("Ça te dirait un dîner à deux ce soir ? Juste nous ❤️",
                     "今晚一起吃饭吗？就我们俩",
                     "¿Cenamos mañana, solo tú y yo? 🍷 Te echo de menos"):
            contributions = self.check_spans(text)
            # The offsets are bytes, not characters: some span lies after a
            # multi-byte character, where the two differ.
            self.assertTrue(any(len(text.encode("utf-8")[:c.begin].decode("utf-8")) != c.begin
                                for c in contributions))
            self.check_spans(text.encode("utf-8"))

    def test_explain_spans_case_expansion(self):
        # Case folding turns ß into ss. substring() always returns whole
        # characters; the raw byte spans should not cut a character either.
        text = "Grüße aus der Straße, bis morgen"
        data = text.encode("utf-8")
        e = self.model.explain(text, k=100)
        cut = []
        for c in e.supporting + e.opposing:
            self.assertNotIn("\ufffd", c.substring(text))
            self.assertIn(data[c.begin:c.end].decode("utf-8", "ignore"), c.substring(text))
            try:
                data[c.begin:c.end].decode("utf-8")
            except UnicodeDecodeError:
                cut.append((c.feature, c.begin, c.end))
        if cut:
            self.skipTest("known library issue: spans of character n-grams inside a case "
                          "expansion (ß -> ss) cut the UTF-8 sequence: %s" % cut[:3])

    def test_explain_k(self):
        for k in (0, -1, 1001):
            with self.assertRaises(ValueError):
                self.model.explain(PROFESSIONAL, k=k)
        e = self.model.explain(PROFESSIONAL, k=1)
        self.assertLessEqual(len(e.supporting), 1)
        self.assertLessEqual(len(e.opposing), 1)


class LoadSaveTest(ModelTestCase):
    def test_round_trip(self):
        path = pathlib.Path(self.tmp) / "default.mim"
        self.model.save(path)
        expected = self.model.classify_many(TEXTS)
        with Model.load(path) as loaded:
            self.assertEqual(loaded.classify_many(TEXTS), expected)
            self.assertEqual(loaded.info, self.model.info)
        with Model.load(str(path)) as loaded:
            self.assertEqual(loaded.labels, self.model.labels)
        data = path.read_bytes()
        with Model.from_bytes(data) as from_bytes:
            self.assertEqual(from_bytes.classify_many(TEXTS), expected)
            path2 = os.path.join(self.tmp, "again.mim")
            from_bytes.save(path2)
        self.assertEqual(pathlib.Path(path2).read_bytes(), data)
        with Model.from_bytes(memoryview(data)) as m:
            self.assertEqual(m.classify(PROFESSIONAL), expected[0])

    def test_corrupt_bytes(self):
        path = os.path.join(self.tmp, "m.mim")
        self.model.save(path)
        data = bytearray(pathlib.Path(path).read_bytes())
        data[len(data) // 2] ^= 1
        for bad in (bytes(data), bytes(data[:10]), b"not a model at all"):
            with self.assertRaises(MeetintentError) as cm:
                Model.from_bytes(bad)
            self.assertEqual(cm.exception.status_name, "MI_ERR_CORRUPT_MODEL")
            self.assertEqual(cm.exception.status, Status.ERR_CORRUPT_MODEL)
            self.assertIsInstance(cm.exception, meetintent.CorruptModelError)
            self.assertTrue(cm.exception.message)
            self.assertIn("MI_ERR_CORRUPT_MODEL", str(cm.exception))

    def test_missing_file(self):
        missing = os.path.join(self.tmp, "no", "such.mim")
        with self.assertRaises(MeetintentError) as cm:
            Model.load(missing)
        self.assertEqual(cm.exception.status_name, "MI_ERR_IO")
        self.assertEqual(cm.exception.status, 2)
        self.assertIsInstance(cm.exception, meetintent.IOFailureError)
        self.assertIn(missing, cm.exception.message)
        with self.assertRaises(MeetintentError) as cm:
            self.model.save(missing)
        self.assertEqual(cm.exception.status_name, "MI_ERR_IO")

    def test_error_pickles(self):
        try:
            Model.load("/nonexistent/m.mim")
        except MeetintentError as e:
            copy = pickle.loads(pickle.dumps(e))
            self.assertEqual((type(copy), copy.status, copy.status_name, copy.message),
                             (type(e), e.status, e.status_name, e.message))


class TrainTest(ModelTestCase):
    def test_train(self):
        path = train_tsv(self.tmp)
        with meetintent.train(path, hash_bits=12, validation_fraction=0, epochs=5) as m:
            self.assertEqual(m.labels, ["personal", "professional"])
            self.assertEqual(m.info.hash_bits, 12)
            self.assertEqual(m.classify("budget meeting").label, "professional")
            self.assertEqual(m.classify("dinner date").label, "personal")
        with meetintent.train(pathlib.Path(path), hash_bits=12, validation_fraction=0,
                              quantize=True, calibrate=False) as m:
            self.assertTrue(m.info.quantized)

    def test_train_defaults(self):
        defaults = meetintent.default_train_options()
        self.assertEqual(defaults["epochs"], 10)
        self.assertEqual(defaults["hash_bits"], 20)

    def test_train_errors(self):
        with self.assertRaises(MeetintentError) as cm:
            meetintent.train(os.path.join(self.tmp, "none.tsv"))
        self.assertEqual(cm.exception.status_name, "MI_ERR_IO")
        bad = os.path.join(self.tmp, "bad.tsv")
        with open(bad, "w") as f:
            f.write("no tab on this line\n")
        with self.assertRaises(meetintent.ParseError) as cm:
            meetintent.train(bad)
        self.assertEqual(cm.exception.status_name, "MI_ERR_PARSE")
        with open(bad, "w") as f:
            f.write("one\tlabel only\n")
        with self.assertRaises(MeetintentError) as cm:
            meetintent.train(bad)
        self.assertEqual(cm.exception.status_name, "MI_ERR_INVALID_ARGUMENT")
        with self.assertRaises(MeetintentError) as cm:
            meetintent.train(train_tsv(self.tmp), hash_bits=99)
        self.assertEqual(cm.exception.status_name, "MI_ERR_INVALID_ARGUMENT")
        with self.assertRaises(TypeError):
            meetintent.train(train_tsv(self.tmp), no_such_option=1)


class LifetimeTest(ModelTestCase):
    def test_context_manager_and_close(self):
        with Model.default() as m:
            self.assertFalse(m.closed)
            self.assertEqual(m.classify(PROFESSIONAL).label, "professional")
        self.assertTrue(m.closed)
        self.assertIn("closed", repr(m))
        for use in (lambda: m.classify(PROFESSIONAL), lambda: m.classify_many([PERSONAL]),
                    lambda: m.explain(PERSONAL), lambda: m.labels, lambda: m.info,
                    lambda: m.save(os.path.join(self.tmp, "x.mim")),
                    lambda: m.label_index("personal")):
            with self.assertRaises(meetintent.ClosedModelError) as cm:
                use()
            self.assertIn("closed", str(cm.exception))
        m.close()  # again: nothing
        with self.assertRaises(meetintent.ClosedModelError):
            with m:
                pass

    def test_cannot_construct_directly(self):
        with self.assertRaises(TypeError):
            Model()

    def test_garbage_collection(self):
        for _ in range(50):
            m = Model.default()
            m.classify(PERSONAL)
            del m
        closed = Model.default()
        closed.close()
        del closed
        gc.collect()


class ThreadSafetyTest(ModelTestCase):
    def test_threads_share_a_model(self):
        expected = [self.model.classify(t) for t in TEXTS]
        expected_explanations = [self.model.explain(t) for t in TEXTS[:3]]
        results, errors = [], []

        def work(batch):
            try:
                for _ in range(30):
                    if batch:
                        results.append(self.model.classify_many(TEXTS))
                    else:
                        results.append([self.model.classify(t) for t in TEXTS])
                    for t, e in zip(TEXTS[:3], expected_explanations):
                        if self.model.explain(t) != e:
                            errors.append("explanation differs for %r" % t)
            except Exception as e:  # reported below
                errors.append(repr(e))

        threads = [threading.Thread(target=work, args=(i % 4 == 3,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(len(results), 8 * 30)
        for r in results:
            self.assertEqual(r, expected)

    def test_close_while_another_thread_classifies(self):
        m = Model.default()
        started = threading.Event()
        outcome = []

        def work():
            try:
                while True:
                    m.classify_many(TEXTS * 20)
                    started.set()
            except meetintent.ClosedModelError:
                outcome.append("closed")
            except Exception as e:
                outcome.append(repr(e))
            finally:
                started.set()

        t = threading.Thread(target=work)
        t.start()
        started.wait(60)
        m.close()  # the call in progress finishes before the model is freed
        t.join(60)
        self.assertEqual(outcome, ["closed"])


class ThreadTest(unittest.TestCase):
    def test_drift_and_quid_pro_quo(self):
        with meetintent.Model.default() as model:
            offer = ("I could put in a good word with the hiring manager, but only if we get to "
                     "know each other better first. Dinner at my place, just the two of us?")
            a = model.analyze_thread([
                ("a", "Great meeting you at the summit. Can we set up a call about your API?"),
                meetintent.ThreadMessage("b", "Sure, Tuesday 3pm works. I'll send the docs.", 1700000000),
                ("b", offer),
            ])
            self.assertEqual(a.label, "personal")
            self.assertEqual(len(a.personal), 3)
            self.assertEqual(a.drift[0], 2)
            self.assertEqual(a.drift[1], "b")
            self.assertEqual(len(a.quid_pro_quo), 1)
            q = a.quid_pro_quo[0]
            self.assertEqual(offer.encode()[q.benefit[0]:q.benefit[1]], b"put in a good word")
            self.assertTrue(q.conditional)
            self.assertTrue(a.highlights)

    def test_professional_thread(self):
        with meetintent.Model.default() as model:
            a = model.analyze_thread([("a", "Can we move the budget review to Thursday?"),
                                      ("b", "Yes, Thursday 10am works for the whole team.")])
            self.assertIsNone(a.drift)
            self.assertEqual(a.quid_pro_quo, [])
            self.assertEqual(a.label, "professional")


if __name__ == "__main__":
    unittest.main()
