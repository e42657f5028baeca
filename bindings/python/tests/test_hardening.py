"""Types, errors and hostile values (the issue "Hardening, second round", item 14,
and the type and error items of "Python and the command line as their users expect
them")."""

import errno
import inspect
import os
import pickle
import subprocess
import sys
import typing
import unittest

import meetintent
from meetintent import MeetintentError, Model

from support import PERSONAL, PROFESSIONAL, ModelTestCase, load_tests, train_tsv  # noqa: F401


class TypeHintsTest(unittest.TestCase):
    def test_get_type_hints_on_every_public_class_and_method(self):
        checked = 0
        for name in meetintent.__all__:
            obj = getattr(meetintent, name)
            if not isinstance(obj, type):
                if callable(obj):
                    typing.get_type_hints(obj)
                    checked += 1
                continue
            typing.get_type_hints(obj)  # raised NameError: Dict before
            checked += 1
            for attr, member in inspect.getmembers(obj):
                if attr.startswith("_") and attr != "__init__":
                    continue
                if isinstance(member, property):
                    member = member.fget
                if inspect.isfunction(member) or inspect.ismethod(member):
                    with self.subTest(cls=name, member=attr):
                        typing.get_type_hints(member)
                        checked += 1
        self.assertGreater(checked, 60)
        hints = typing.get_type_hints(meetintent.Prediction)
        self.assertEqual(hints["truncated"], bool)
        self.assertEqual(typing.get_type_hints(Model.classify)["return"], meetintent.Prediction)

    def test_numpy_is_not_imported_by_the_plain_api(self):
        code = ("import sys, meetintent; m = meetintent.Model.default(); "
                "m.classify_many(['a', 'b']); m.predict(['a']); m.analyze_thread([('a', 'b')]); "
                "print('numpy' in sys.modules)")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             timeout=120)
        self.assertEqual(out.stdout.strip(), "False", out.stderr)


class ErrorTest(ModelTestCase):
    def test_missing_file_is_a_file_not_found_error(self):
        missing = os.path.join(self.tmp, "no", "such.mim")
        for call in (lambda: Model.load(missing), lambda: self.model.save(missing),
                     lambda: meetintent.train(missing)):
            with self.assertRaises(FileNotFoundError) as cm:
                call()
            e = cm.exception
            self.assertIsInstance(e, meetintent.MissingFileError)
            self.assertIsInstance(e, meetintent.IOFailureError)
            self.assertIsInstance(e, MeetintentError)
            self.assertEqual(e.errno, errno.ENOENT)
            self.assertEqual(e.status, meetintent.Status.ERR_IO)
        self.assertEqual(e.filename, missing)
        copy = pickle.loads(pickle.dumps(e))
        self.assertEqual((type(copy), copy.errno, copy.filename, copy.status, str(copy)),
                         (type(e), e.errno, e.filename, e.status, str(e)))

    def test_other_io_errors_are_os_errors_with_their_errno(self):
        with self.assertRaises(OSError) as cm:
            Model.load(self.tmp)  # a folder
        self.assertNotIsInstance(cm.exception, FileNotFoundError)
        self.assertIsInstance(cm.exception, meetintent.IOFailureError)
        self.assertEqual(cm.exception.errno, errno.EISDIR)

    def test_invalid_argument_is_a_value_error(self):
        with self.assertRaises(ValueError) as cm:
            meetintent.train(train_tsv(self.tmp), hash_bits=99)
        self.assertIsInstance(cm.exception, meetintent.InvalidArgumentError)
        self.assertIn("hash", str(cm.exception))


class NulTest(ModelTestCase):
    def test_nul_in_a_path(self):
        path = os.path.join(self.tmp, "model.mim")
        self.model.save(path)
        for call in (lambda: Model.load(path + "\0.txt"), lambda: Model.load(path.encode() + b"\0"),
                     lambda: self.model.save(path + "\0x"),
                     lambda: meetintent.train(train_tsv(self.tmp) + "\0")):
            with self.assertRaises(ValueError) as cm:
                call()
            self.assertIn("NUL", str(cm.exception))

    def test_nul_in_a_sender_or_label(self):
        with self.assertRaises(ValueError):
            self.model.analyze_thread([("alice\0x", "hi"), ("alice\0y", "hello")])
        with self.assertRaises(ValueError):
            meetintent.train_texts(["a", "b"], ["x\0y", "z"])

    def test_senders_that_differ_only_in_lone_surrogates_stay_apart(self):
        a = self.model.analyze_thread([("alice\ud800", "hi"), ("alice\udfff", "hello")])
        self.assertEqual([s.sender for s in a.senders], ["alice\ud800", "alice\udfff"])


class TimestampTest(ModelTestCase):
    def analyze(self, timestamp):
        return self.model.analyze_thread([("a", PROFESSIONAL, timestamp), ("b", PERSONAL)])

    def test_range(self):
        self.analyze(0)
        self.analyze(2**63 - 1)
        self.analyze(None)
        for bad, error in ((2**64 + 5, OverflowError), (2**63, OverflowError), (-5, ValueError),
                           (-1, ValueError), (1.5, TypeError), (True, TypeError),
                           ("1700000000", TypeError)):
            with self.assertRaises(error, msg=repr(bad)) as cm:
                self.analyze(bad)
            self.assertIn("message 0", str(cm.exception))


class FromBytesTest(ModelTestCase):
    def test_only_bytes_like(self):
        for bad in (123, "model bytes", None, [1, 2, 3], 1.5):
            with self.assertRaises(TypeError, msg=repr(bad)):
                Model.from_bytes(bad)
        data = self.model.to_bytes()
        for good in (data, bytearray(data), memoryview(data)):
            with Model.from_bytes(good) as m:
                self.assertEqual(m.classify(PERSONAL), self.model.classify(PERSONAL))


if __name__ == "__main__":
    unittest.main()
