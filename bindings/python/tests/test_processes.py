"""A Model travels through its bytes: pickle, copy, multiprocessing."""

import copy
import multiprocessing
import os
import pickle
import unittest

import meetintent
from meetintent import Model

from support import TEXTS, ModelTestCase, load_tests  # noqa: F401


class BytesTest(ModelTestCase):
    def test_to_bytes_is_the_model_file(self):
        path = os.path.join(self.tmp, "m.mim")
        self.model.save(path)
        with open(path, "rb") as f:
            self.assertEqual(self.model.to_bytes(), f.read())
        with Model.from_bytes(self.model.to_bytes()) as m:
            self.assertEqual(m.classify_many(TEXTS), self.model.classify_many(TEXTS))

    def test_pickle_and_copy(self):
        expected = self.model.classify_many(TEXTS)
        for clone in (pickle.loads(pickle.dumps(self.model)),
                      pickle.loads(pickle.dumps(self.model, protocol=0)),
                      copy.deepcopy(self.model), copy.copy(self.model)):
            self.assertIsNot(clone, self.model)
            self.assertEqual(clone.classify_many(TEXTS), expected)
            clone.close()  # independent: the original stays usable
        self.assertEqual(self.model.classify_many(TEXTS), expected)

    def test_closed_model_does_not_pickle(self):
        m = Model.default()
        m.close()
        with self.assertRaises(meetintent.ClosedModelError):
            pickle.dumps(m)

    def test_trained_model_pickles(self):
        texts = ["dinner date just us %d" % i for i in range(10)]
        texts += ["quarterly budget meeting %d" % i for i in range(10)]
        with meetintent.train_texts(texts, ["personal"] * 10 + ["professional"] * 10,
                                    hash_bits=12) as m:
            clone = pickle.loads(pickle.dumps(m))
            self.assertEqual(clone.labels, m.labels)
            self.assertEqual(clone.to_bytes(), m.to_bytes())
            clone.close()


class MultiprocessingTest(ModelTestCase):
    def test_pool_map_of_a_bound_method(self):
        expected = [self.model.classify(t) for t in TEXTS]
        # spawn: fresh interpreters that import meetintent and unpickle the model.
        with multiprocessing.get_context("spawn").Pool(2) as pool:
            got = pool.map(self.model.classify, TEXTS, chunksize=2)
            many = pool.apply(self.model.classify_many, (TEXTS,))
        self.assertEqual(got, expected)
        self.assertEqual(many, expected)  # Predictions pickle as a list


if __name__ == "__main__":
    unittest.main()
