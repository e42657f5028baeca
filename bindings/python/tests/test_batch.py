"""classify_many, predict and n_jobs: the batch path (meetintent/_batch.py)."""

import pickle
import unittest

from meetintent import Predictions

from support import PERSONAL, PROFESSIONAL, TEXTS, ModelTestCase, load_tests  # noqa: F401

# Enough messages for two threads of at least 256 each.
MANY = [t + " #%d" % i for i in range(120) for t in TEXTS]


class CountingLib:
    """Stands in for _batch.lib and records which C functions were called."""

    def __init__(self, real):
        self.real = real
        self.calls = []

    def __getattr__(self, name):
        fn = getattr(self.real, name)

        def counted(*args):
            self.calls.append(name)
            return fn(*args)
        return counted


class ClassifyManyTest(ModelTestCase):
    def test_same_results_as_classify_with_any_number_of_jobs(self):
        expected = [self.model.classify(t) for t in MANY]
        for n_jobs in (1, 2, 3, -1, None):
            self.assertEqual(self.model.classify_many(MANY, n_jobs=n_jobs), expected, n_jobs)

    def test_threads_split_the_batch(self):
        from meetintent import _batch
        counting = CountingLib(_batch.lib)
        _batch.lib = counting
        try:
            self.model.classify_many(MANY, n_jobs=2)  # 960 messages: two calls of 480
            self.model.classify_many(TEXTS, n_jobs=2)  # 8 messages: not worth a thread
        finally:
            _batch.lib = counting.real
        self.assertEqual(counting.calls, ["mi_classify_batch_ex"] * 3)

    def test_one_message_is_not_an_iterable_of_messages(self):
        for one in ("hello", b"hello", bytearray(b"hello"), memoryview(b"hello")):
            with self.assertRaises(TypeError) as cm:
                self.model.classify_many(one)
            self.assertIn("classify()", str(cm.exception))
        with self.assertRaises(TypeError):
            self.model.classify_many(["fine", 42])
        with self.assertRaises(TypeError):
            self.model.classify_many(None)

    def test_bad_n_jobs(self):
        for bad, error in ((0, ValueError), (-2, ValueError), ("2", TypeError),
                           (True, TypeError), (1.5, TypeError)):
            with self.assertRaises(error):
                self.model.classify_many(TEXTS, n_jobs=bad)

    def test_a_lone_surrogate_fails_nothing(self):
        texts = ["dinner tonight? \ud800", PROFESSIONAL, "\udfff\ud800 x", b"bytes \xff"]
        many = self.model.classify_many(texts)
        self.assertEqual(len(many), 4)
        self.assertEqual(many[0], self.model.classify("dinner tonight? \ufffd"))
        self.assertEqual(many[0], self.model.classify("dinner tonight? \ud800"))
        self.assertEqual(many[1], self.model.classify(PROFESSIONAL))
        self.assertEqual(many[2], self.model.classify("\ufffd\ufffd x"))

    def test_ascii_and_non_ascii_batches_agree(self):
        ascii_only = ["lunch on friday?", "", "budget review at 10am"]
        mixed = ascii_only + ["今晚一起吃饭吗"]
        self.assertEqual(self.model.classify_many(ascii_only), self.model.classify_many(mixed)[:3])
        self.assertEqual(self.model.classify_many(tuple(ascii_only)),
                         [self.model.classify(t) for t in ascii_only])

    def test_predictions_columns(self):
        long_text = "dinner tonight? " * 70000  # over the 1 MiB read limit
        texts = [PROFESSIONAL, PERSONAL, long_text]
        many = self.model.classify_many(texts)
        self.assertIsInstance(many, Predictions)
        self.assertEqual(many.labels, [p.label for p in many])
        self.assertEqual(many.label_indices, [self.model.labels.index(p.label) for p in many])
        self.assertEqual(many.probability, [p.probability for p in many])
        self.assertEqual(many.truncated, [False, False, True])
        self.assertEqual(many.supported, [True, True, True])
        self.assertTrue(many[2].truncated)
        self.assertIn("read limit", many[2].reason)
        self.assertIsNone(many[0].reason)
        self.assertEqual(many[-1], many[2])
        self.assertEqual(many[1:], [many[1], many[2]])
        with self.assertRaises(IndexError):
            many[3]
        self.assertIn("Predictions(3", repr(many))
        self.assertEqual(pickle.loads(pickle.dumps(many)), list(many))
        self.assertEqual(self.model.classify(long_text), many[2])

    def test_to_numpy(self):
        try:
            import numpy
        except ImportError:
            self.fail("numpy is needed by Predictions.to_numpy (Debian: python3-numpy)")
        many = self.model.classify_many(TEXTS)
        indices, probs = many.to_numpy()
        self.assertEqual(indices.dtype, numpy.int32)
        self.assertEqual(probs.shape, (len(TEXTS), 2))
        self.assertEqual(indices.tolist(), many.label_indices)
        for row, p in zip(probs, many):
            self.assertEqual(row.tolist(), [p.probabilities[n] for n in self.model.labels])


class PredictTest(ModelTestCase):
    def test_one_message(self):
        labels, probs = self.model.predict(PERSONAL)
        p = self.model.classify(PERSONAL)
        self.assertEqual((labels, probs), ((p.label,), (p.probability,)))
        labels, probs = self.model.predict(PERSONAL, k=2)
        self.assertEqual(set(labels), set(self.model.labels))
        self.assertGreaterEqual(probs[0], probs[1])
        self.assertEqual(self.model.predict(PERSONAL, k=-1), (labels, probs))
        self.assertEqual(self.model.predict(b"dinner tonight, just the two of us?", k=5),
                         (labels, probs))

    def test_threshold(self):
        labels, probs = self.model.predict([PERSONAL, PROFESSIONAL, "ok"], k=2, threshold=0.6)
        self.assertEqual(len(labels), 3)
        for row_labels, row_probs in zip(labels, probs):
            self.assertEqual(len(row_labels), len(row_probs))
            self.assertTrue(all(p >= 0.6 for p in row_probs))
        self.assertEqual(self.model.predict([PERSONAL], threshold=1.01), ([()], [()]))

    def test_bad_arguments(self):
        for k in (0, -2, 1.0, True):
            with self.assertRaises(ValueError):
                self.model.predict(PERSONAL, k=k)
        with self.assertRaises(TypeError):
            self.model.predict(PERSONAL, threshold="high")
        with self.assertRaises(TypeError):
            self.model.predict(42)


if __name__ == "__main__":
    unittest.main()
