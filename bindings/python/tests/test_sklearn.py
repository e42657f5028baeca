"""meetintent.sklearn.MeetintentClassifier with Debian's python3-sklearn: fit from
memory, numpy outputs, get/set_params, Pipeline, cross_val_score, GridSearchCV, pickle."""

import contextlib
import dataclasses
import io
import pickle
import unittest

try:
    import numpy
    from sklearn.base import clone
    from sklearn.exceptions import NotFittedError
    from sklearn.model_selection import GridSearchCV, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer
except ImportError as e:  # a missing dependency is a failure, not a skip
    raise ImportError("these tests need Debian's python3-numpy and python3-sklearn "
                      "(scripts/install-deps.sh): %s" % e)

import meetintent
from meetintent.sklearn import MeetintentClassifier

from support import REPO, load_tests  # noqa: F401

FAST = dict(hash_bits=12, epochs=4)


def labelled(limit=400):
    """The first messages of data/test_written.tsv (both labels, many languages)."""
    texts, labels = [], []
    with open(REPO / "data" / "test_written.tsv", encoding="utf-8") as f:
        for line in f:
            label, _, text = line.rstrip("\n").partition("\t")
            texts.append(text.replace("\\n", "\n"))
            labels.append(label)
            if len(texts) == limit:
                break
    return texts, labels


@dataclasses.dataclass(frozen=True, order=True)
class Shown:
    """A class label whose str() hides its value."""

    value: int

    def __str__(self):
        return "label"


def lower(texts):
    return [t.lower() for t in texts]


class ClassifierTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.texts, cls.labels = labelled()

    def test_fit_predict_proba_decision_function(self):
        clf = MeetintentClassifier(**FAST).fit(self.texts, self.labels)
        self.assertEqual(clf.classes_.tolist(), ["personal", "professional"])
        self.assertIsInstance(clf.model_, meetintent.Model)
        proba = clf.predict_proba(self.texts)
        self.assertIsInstance(proba, numpy.ndarray)
        self.assertEqual(proba.shape, (len(self.texts), 2))
        numpy.testing.assert_allclose(proba.sum(axis=1), 1, rtol=1e-5)
        predicted = clf.predict(self.texts)
        self.assertEqual(predicted.tolist(), clf.classes_[proba.argmax(axis=1)].tolist())
        self.assertEqual(predicted.tolist(),
                         [p.label for p in clf.model_.classify_many(self.texts)])
        scores = clf.decision_function(self.texts)
        self.assertEqual(scores.shape, (len(self.texts),))
        self.assertEqual(((scores > 0) == (predicted == "professional")).all(), True)
        self.assertGreater(clf.score(self.texts, self.labels), 0.9)

    def test_labels_of_any_type_and_order(self):
        y = [2 if label == "personal" else 10 for label in self.labels]  # "10" < "2" as str
        clf = MeetintentClassifier(**FAST).fit(self.texts, y)
        self.assertEqual(clf.classes_.tolist(), [2, 10])
        by_str = MeetintentClassifier(**FAST).fit(self.texts, self.labels)
        numpy.testing.assert_allclose(clf.predict_proba(self.texts),
                                      by_str.predict_proba(self.texts), atol=1e-6)
        self.assertEqual(clf.predict(self.texts[:5]).tolist(),
                         [2 if p == "personal" else 10 for p in by_str.predict(self.texts[:5])])

    def test_three_classes(self):
        y = [label if i % 3 else "other" for i, label in enumerate(self.labels)]
        clf = MeetintentClassifier(**FAST).fit(self.texts, y)
        self.assertEqual(clf.classes_.tolist(), ["other", "personal", "professional"])
        self.assertEqual(clf.predict_proba(self.texts[:7]).shape, (7, 3))
        self.assertEqual(clf.decision_function(self.texts[:7]).shape, (7, 3))

    def test_params_are_the_training_options(self):
        params = MeetintentClassifier().get_params()
        options = dataclasses.asdict(meetintent.TrainOptions())
        self.assertEqual({k: params[k] for k in options}, options)
        self.assertEqual(set(params) - set(options), {"n_jobs", "verbose"})
        clf = MeetintentClassifier().set_params(l2=1e-4, optimizer="lbfgs")
        self.assertEqual((clf.l2, clf.optimizer), (1e-4, "lbfgs"))
        self.assertEqual(clone(clf).get_params(), clf.get_params())

    def test_bad_input(self):
        with self.assertRaises(TypeError):
            MeetintentClassifier(**FAST).fit("one message", ["personal"])
        with self.assertRaises(ValueError):
            MeetintentClassifier(**FAST).fit(numpy.array([self.texts[:4]] * 2), [1, 2])
        with self.assertRaises(ValueError):
            MeetintentClassifier(**FAST).fit(self.texts, self.labels[:-1])
        with self.assertRaises(ValueError) as cm:  # different classes, one str()
            MeetintentClassifier(**FAST).fit(self.texts[:4], [Shown(1), Shown(2), Shown(1),
                                                              Shown(2)])
        self.assertIn("same str()", str(cm.exception))
        with self.assertRaises(ValueError):  # an option the library refuses
            MeetintentClassifier(learning_rate=float("inf")).fit(self.texts, self.labels)
        with self.assertRaises(NotFittedError):
            MeetintentClassifier().predict(self.texts)

    def test_pipeline_cross_val_score_grid_search(self):
        pipe = make_pipeline(FunctionTransformer(lower), MeetintentClassifier(**FAST))
        scores = cross_val_score(pipe, self.texts, self.labels, cv=3)
        self.assertEqual(len(scores), 3)
        self.assertTrue(all(0.5 < s <= 1 for s in scores), scores)
        grid = GridSearchCV(MeetintentClassifier(**FAST),
                            {"l2": [1e-4, 1e-2], "no_placeholders": [False, True]}, cv=2)
        grid.fit(numpy.array(self.texts, dtype=object), self.labels)
        self.assertEqual(len(grid.cv_results_["params"]), 4)
        self.assertIn(grid.best_params_["l2"], (1e-4, 1e-2))
        self.assertEqual(grid.predict(self.texts[:3]).shape, (3,))

    def test_pickle_and_verbose(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            clf = MeetintentClassifier(verbose=True, **FAST).fit(self.texts, self.labels)
        self.assertIn("epoch 1/4", out.getvalue())
        copy = pickle.loads(pickle.dumps(clf))
        numpy.testing.assert_array_equal(copy.predict_proba(self.texts),
                                         clf.predict_proba(self.texts))
        self.assertEqual(copy.classes_.tolist(), clf.classes_.tolist())

    def test_n_jobs(self):
        clf = MeetintentClassifier(**FAST).fit(self.texts, self.labels)
        many = self.texts * 3
        numpy.testing.assert_array_equal(clf.set_params(n_jobs=2).predict_proba(many),
                                         clf.set_params(n_jobs=1).predict_proba(many))


if __name__ == "__main__":
    unittest.main()
