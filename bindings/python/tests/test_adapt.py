"""Adapter: one user's corrections over a shared model (mi_overlay_*)."""

import os
import threading
import unittest

import meetintent

from support import ModelTestCase, load_tests  # noqa: F401

EVENING = "Drinks after work on Friday with the team?"
CORRECTIONS = [EVENING, "Want to grab drinks this evening after work?",
               "Team drinks tonight after the offsite, join us", "After-work drinks at the pub at 6?"]


class AdapterTest(ModelTestCase):
    def test_starts_as_the_base_and_learns(self):
        with meetintent.Adapter(self.model) as a:
            before = a.classify(EVENING)
            self.assertEqual(before.probabilities, self.model.classify(EVENING).probabilities)
            for _ in range(5):
                a.update(EVENING, "personal")
            after = a.classify(EVENING)
            self.assertGreater(after.probabilities["personal"],
                               before.probabilities["personal"] + 0.05)
            self.assertEqual(a.updates, 5)
            self.assertGreater(a.entries, 0)

    def test_update_many_is_partial_fit(self):
        with meetintent.Adapter(self.model) as a, meetintent.Adapter(self.model) as b:
            a.update_many(CORRECTIONS, ["personal"] * 4, passes=2)
            for _ in range(2):
                for t in CORRECTIONS:
                    b.update(t, "personal")
            self.assertEqual(a.classify(EVENING).probabilities,
                             b.classify(EVENING).probabilities)
            with self.assertRaises(ValueError):
                a.update_many(CORRECTIONS, ["personal"])
            with self.assertRaises(meetintent.MeetintentError):
                a.update("hi", "spam")

    def test_save_load_merge(self):
        path = os.path.join(self.tmp, "user.mio")
        with meetintent.Adapter(self.model) as a:
            a.update_many(CORRECTIONS, ["personal"] * 4)
            a.save(path)
            expected = a.classify(EVENING).probabilities["personal"]
            with meetintent.Adapter.load(self.model, path) as b:
                self.assertEqual(b.classify(EVENING).probabilities["personal"], expected)
            with a.merge() as merged:
                self.assertAlmostEqual(merged.classify(EVENING).probabilities["personal"],
                                       expected, delta=2e-3)
                with self.assertRaises(meetintent.InvalidArgumentError):
                    meetintent.Adapter.load(merged, path)  # another base
        with open(path, "r+b") as f:
            f.seek(100)
            f.write(b"\x55")
        with self.assertRaises(meetintent.CorruptModelError):
            meetintent.Adapter.load(self.model, path)
        with self.assertRaises(FileNotFoundError):
            meetintent.Adapter.load(self.model, os.path.join(self.tmp, "missing.mio"))

    def test_options(self):
        with meetintent.Adapter(self.model) as a:
            self.assertEqual(a.options, {
                "alpha": 0.5, "beta": 1.0, "l1": a.options["l1"], "l2": a.options["l2"],
                "learn_bias": False, "bias_l2": 1.0, "balance_labels": False,
                "skip_above": 1.0, "words_only": True, "max_entries": 16384})
            self.assertAlmostEqual(a.options["l1"], 0.2, places=6)
        path = os.path.join(self.tmp, "eager.mio")
        with meetintent.Adapter(self.model) as plain, \
                meetintent.Adapter(self.model, alpha=1, l1=0.0, learn_bias=True,
                                   words_only=False, max_entries=1000) as eager:
            self.assertEqual(eager.options["alpha"], 1.0)
            self.assertEqual(eager.options["l1"], 0.0)
            self.assertIs(eager.options["learn_bias"], True)
            self.assertIs(eager.options["words_only"], False)
            self.assertEqual(eager.options["max_entries"], 1000)
            self.assertEqual(eager.options["beta"], 1.0)  # left out: the default
            for _ in range(3):
                plain.update(EVENING, "personal")
                eager.update(EVENING, "personal")
            self.assertGreater(eager.classify(EVENING).probabilities["personal"],
                               plain.classify(EVENING).probabilities["personal"])
            eager.save(path)
            with meetintent.Adapter.load(self.model, path) as loaded:
                self.assertEqual(loaded.options, eager.options)
                self.assertEqual(loaded.classify(EVENING).probabilities,
                                 eager.classify(EVENING).probabilities)

    def test_bad_options_are_refused_by_name(self):
        for name, value in (("alpha", 0), ("alpha", -1.0), ("beta", -1), ("l1", float("nan")),
                            ("l2", 1e5), ("bias_l2", float("inf")), ("skip_above", 0.4),
                            ("max_entries", 0), ("max_entries", 2**24 + 1)):
            with self.assertRaises(meetintent.InvalidArgumentError) as cm:
                meetintent.Adapter(self.model, **{name: value})
            self.assertIn(name, str(cm.exception))
            self.assertIsInstance(cm.exception, ValueError)
        for name, value in (("alpha", "0.5"), ("l1", True), ("words_only", 1),
                            ("learn_bias", "yes"), ("max_entries", 10.5)):
            with self.assertRaises(TypeError):
                meetintent.Adapter(self.model, **{name: value})
        with self.assertRaises(OverflowError):
            meetintent.Adapter(self.model, max_entries=-1)
        with self.assertRaises(TypeError):
            meetintent.Adapter(self.model, gamma=1.0)  # no such option
        # A refused Adapter holds nothing: the base can still be closed.
        base = meetintent.Model.default()
        with self.assertRaises(ValueError):
            meetintent.Adapter(base, alpha=0)
        base.close()
        with self.assertRaises(meetintent.ClosedModelError):
            base.classify(EVENING)

    def test_base_outlives_closing_it(self):
        base = meetintent.Model.default()
        a = meetintent.Adapter(base)
        base.close()  # freed only when the adapter lets go
        self.assertIn(a.classify(EVENING).label, ("personal", "professional"))
        a.close()
        a.close()
        with self.assertRaises(meetintent.ClosedModelError):
            a.classify(EVENING)

    def test_readers_while_one_writer_updates(self):
        with meetintent.Adapter(self.model) as a:
            errors = []

            def read():
                try:
                    for _ in range(200):
                        a.classify(EVENING)
                except Exception as e:  # pragma: no cover - reported below
                    errors.append(e)

            threads = [threading.Thread(target=read) for _ in range(3)]
            for t in threads:
                t.start()
            for t in CORRECTIONS * 10:
                a.update(t, "personal")
            for t in threads:
                t.join()
            self.assertEqual(errors, [])


if __name__ == "__main__":
    unittest.main()
