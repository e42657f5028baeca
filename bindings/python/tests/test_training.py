"""Training from Python: from memory, every option, progress, cancel, patience."""

import dataclasses
import math
import random
import unittest

import meetintent
from meetintent import TrainOptions

from support import ModelTestCase, load_tests, train_tsv  # noqa: F401


def examples(n=20):
    texts = ["dinner date just us %d" % i for i in range(n)]
    texts += ["quarterly budget meeting %d" % i for i in range(n)]
    return texts, ["personal"] * n + ["professional"] * n


def noise(n=300, seed=5):
    """Random words with random labels: validation loss soon gets worse."""
    rng = random.Random(seed)
    words = ["w%d" % i for i in range(400)]
    texts = [" ".join(rng.choice(words) for _ in range(6)) for _ in range(n)]
    return texts, [rng.choice(("a", "b")) for _ in range(n)]


FAST = dict(hash_bits=12)


class Stop(Exception):
    pass


class TrainFromMemoryTest(ModelTestCase):
    def test_train_texts(self):
        texts, labels = examples()
        with meetintent.train_texts(texts, labels, **FAST) as m:
            self.assertEqual(m.labels, ["personal", "professional"])
            self.assertEqual(m.info.hash_bits, 12)
            self.assertEqual(m.classify("budget meeting").label, "professional")
            self.assertEqual(m.classify("dinner date").label, "personal")
        # bytes texts and a TrainOptions object
        with meetintent.train_texts([t.encode() for t in texts], labels,
                                    TrainOptions(hash_bits=12, epochs=3)) as m:
            self.assertEqual(m.classify("budget meeting").label, "professional")

    def test_same_as_from_a_file(self):
        path = train_tsv(self.tmp)
        texts, labels = [], []
        with open(path, encoding="utf-8") as f:
            for line in f:
                label, _, text = line.rstrip("\n").partition("\t")
                texts.append(text)
                labels.append(label)
        with meetintent.train(path, **FAST) as a, meetintent.train_texts(texts, labels,
                                                                         **FAST) as b:
            self.assertEqual(a.to_bytes(), b.to_bytes())

    def test_every_option_reaches_the_trainer(self):
        texts, labels = examples()
        changed = dict(epochs=3, learning_rate=0.25, l2=1e-4, seed=7, validation_fraction=0.2,
                       hash_bits=11, max_word_ngram=1, min_char_ngram=2, max_char_ngram=4,
                       balance_classes=False, calibrate=False, quantize=True,
                       optimizer="lbfgs", patience=3, threads=1, keep_quotes=True,
                       keep_signatures=True, no_placeholders=True, no_deobfuscate=True,
                       no_neutral_words=True, no_block_norm=True, average=2)
        self.assertEqual(set(changed), {f.name for f in dataclasses.fields(TrainOptions)})
        defaults = meetintent.default_train_options()
        for name, value in changed.items():
            self.assertNotEqual(defaults[name], value, name)
        with meetintent.train_texts(texts, labels, **changed) as m:
            info = m.info
            self.assertEqual((info.hash_bits, info.max_word_ngram, info.min_char_ngram,
                              info.max_char_ngram, info.quantized), (11, 1, 2, 4, True))
            self.assertEqual(m.classify("budget meeting").label, "professional")

    def test_switches_change_the_model(self):
        texts = ["call me at +1 555 0100 at 7pm %d" % i for i in range(20)]
        texts += ["dinner at 8pm tonight %d" % i for i in range(20)]
        labels = ["professional"] * 20 + ["personal"] * 20
        with meetintent.train_texts(texts, labels, epochs=3, **FAST) as a, \
                meetintent.train_texts(texts, labels, epochs=3, no_placeholders=True,
                                       **FAST) as b, \
                meetintent.train_texts(texts, labels, epochs=3, average=3, **FAST) as c:
            self.assertNotEqual(a.to_bytes(), b.to_bytes())
            self.assertNotEqual(a.to_bytes(), c.to_bytes())
            self.assertEqual(a.info.weight_bytes, c.info.weight_bytes)

    def test_defaults(self):
        d = meetintent.default_train_options()
        self.assertEqual(d, dataclasses.asdict(TrainOptions()))
        self.assertEqual((d["epochs"], d["learning_rate"], d["l2"], d["optimizer"], d["patience"],
                          d["threads"], d["no_placeholders"]),
                         (10, 0.5, 1e-3, "adagrad", 2, 2, False))

    def test_bad_options(self):
        texts, labels = examples()
        for options, error, name in (
                (dict(learning_rate=math.inf), ValueError, "learning_rate"),
                (dict(learning_rate=1e30), ValueError, "learning_rate"),
                (dict(learning_rate=-1), ValueError, "learning_rate"),
                (dict(l2=math.inf), ValueError, "l2"),
                (dict(epochs=0), ValueError, "epochs"),
                (dict(patience=0), ValueError, "patience"),
                (dict(threads=0), ValueError, "threads"),
                (dict(validation_fraction=math.nan), ValueError, "validation_fraction"),
                (dict(hash_bits=99), ValueError, "hash"),
                (dict(epochs=2**40), OverflowError, "epochs"),
                (dict(seed=-1), OverflowError, "seed"),
                (dict(optimizer="sgd"), ValueError, "optimizer"),
                (dict(balance_classes="yes"), TypeError, "balance_classes"),
                (dict(epochs=2.5), TypeError, "epochs"),
                (dict(no_such_option=1), TypeError, "no_such_option")):
            with self.assertRaises(error, msg=repr(options)) as cm:
                meetintent.train_texts(texts, labels, **options)
            self.assertIn(name, str(cm.exception))
        with self.assertRaises(meetintent.InvalidArgumentError):
            meetintent.train_texts(texts, labels, epochs=0)

    def test_bad_data(self):
        texts, labels = examples()
        with self.assertRaises(ValueError):
            meetintent.train_texts(texts, labels[:-1])
        with self.assertRaises(TypeError):
            meetintent.train_texts(texts, "personal")
        with self.assertRaises(TypeError):
            meetintent.train_texts("one text", ["personal"])
        with self.assertRaises(ValueError):  # one label only
            meetintent.train_texts(texts[:3], ["x"] * 3)
        with self.assertRaises(ValueError):  # no examples
            meetintent.train_texts([], [])
        with self.assertRaises(TypeError):
            meetintent.train_texts(texts, [1] * len(texts))


class ProgressTest(ModelTestCase):
    def test_progress_without_validation_has_nan(self):
        seen = []
        texts, labels = examples()
        meetintent.train_texts(texts, labels, epochs=4, validation_fraction=0,
                               on_epoch=seen.append, **FAST).close()
        self.assertEqual([p.epoch for p in seen], [1, 2, 3, 4])
        self.assertTrue(all(p.epochs == 4 for p in seen))
        self.assertTrue(all(math.isnan(p.validation_loss) and math.isnan(p.validation_accuracy)
                            for p in seen))
        self.assertFalse(any(p.validated for p in seen))
        self.assertTrue(all(p.train_loss > 0 and p.seconds >= 0 for p in seen))

    def test_returning_true_stops_and_keeps_the_best_model(self):
        seen = []
        texts, labels = examples()

        def on_epoch(p):
            seen.append(p)
            return p.epoch == 2

        with meetintent.train_texts(texts, labels, epochs=50, patience=1000,
                                    validation_fraction=0.25, on_epoch=on_epoch, **FAST) as m:
            self.assertEqual(m.classify("budget meeting").label, "professional")
        self.assertEqual([p.epoch for p in seen], [1, 2])
        self.assertTrue(all(p.validated and 0 <= p.validation_accuracy <= 1 for p in seen))

    def test_an_exception_in_the_callback_stops_training_and_propagates(self):
        texts, labels = examples()
        calls = []

        def on_epoch(p):
            calls.append(p.epoch)
            raise Stop("user stop at %d" % p.epoch)

        with self.assertRaises(Stop) as cm:
            meetintent.train_texts(texts, labels, epochs=10, on_epoch=on_epoch, **FAST)
        self.assertEqual(str(cm.exception), "user stop at 1")
        self.assertEqual(calls, [1])
        with self.assertRaises(TypeError):
            meetintent.train_texts(texts, labels, on_epoch="print", **FAST)

    def test_from_a_file_too(self):
        seen = []
        meetintent.train(train_tsv(self.tmp), epochs=3, on_epoch=seen.append, **FAST).close()
        self.assertEqual([p.epoch for p in seen], [1, 2, 3])

    def test_patience_stops_early(self):
        texts, labels = noise()
        runs = {}
        for patience in (1, 10000):
            seen = []
            meetintent.train_texts(texts, labels, epochs=30, patience=patience,
                                   validation_fraction=0.3, on_epoch=seen.append,
                                   **FAST).close()
            runs[patience] = len(seen)
        self.assertLess(runs[1], 30)
        self.assertEqual(runs[10000], 30)


if __name__ == "__main__":
    unittest.main()
