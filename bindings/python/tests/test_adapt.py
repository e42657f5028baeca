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
