"""Model.analyze_thread: trajectories per sender, highlights with their text, drift as
a named object, options, and clear errors for bad shapes."""

import unittest

import meetintent
from meetintent import Drift, ThreadMessage, ThreadOptions

from support import ModelTestCase, load_tests  # noqa: F401

OFFER = ("I could put in a good word with the hiring manager, but only if we get to know each "
         "other better first. Dinner at my place, just the two of us?")
THREAD = [
    ("a", "Great meeting you at the summit. Can we set up a call about your API?"),
    ThreadMessage("b", "Sure, Tuesday 3pm works. I'll send the docs.", 1700000000),
    ("a", "Perfect, talk then."),
    ("b", OFFER, 1700000600),
]


class AnalysisTest(ModelTestCase):
    def test_senders_and_drift(self):
        a = self.model.analyze_thread(THREAD)
        self.assertEqual([s.sender for s in a.senders], ["a", "b"])
        self.assertEqual([s.messages for s in a.senders], [[0, 2], [1, 3]])
        for s in a.senders:
            self.assertEqual(len(s.smoothed), len(s.messages))
            self.assertTrue(all(0 <= x <= 1 for x in s.smoothed))
        # b's trajectory starts at b's own first message and rises with the offer.
        self.assertGreater(a.senders[1].smoothed[1], a.senders[1].smoothed[0])
        self.assertIsInstance(a.drift, Drift)
        self.assertEqual((a.drift.message, a.drift.sender), (3, "b"))
        turn, who, p = a.drift  # still a tuple
        self.assertEqual((turn, who, p), (3, "b", a.personal[3]))
        self.assertEqual(a.label, "personal")

    def test_highlights_carry_their_text(self):
        a = self.model.analyze_thread(THREAD)
        self.assertTrue(a.highlights)
        roles = set()
        for h in a.highlights:
            text = THREAD[h.message][1] if isinstance(THREAD[h.message], tuple) \
                else THREAD[h.message].text
            self.assertEqual(h.text, text.encode()[h.begin:h.end].decode())
            roles.add(h.role)
        self.assertIn("benefit", roles)
        self.assertIn("put in a good word", [h.text for h in a.highlights])
        # A bytes message gives bytes highlights.
        b = self.model.analyze_thread([(b"x", b"Great meeting you."), (b"y", OFFER.encode())])
        self.assertTrue(all(isinstance(h.text, bytes) for h in b.highlights))
        self.assertEqual(b.drift.sender, b"y")

    def test_professional_thread_has_no_drift(self):
        a = self.model.analyze_thread([("a", "Can we move the budget review to Thursday?"),
                                       ("b", "Yes, Thursday 10am works for the whole team.")])
        self.assertIsNone(a.drift)
        self.assertEqual(a.label, "professional")

    def test_empty_thread_is_an_error(self):
        for empty in ([], (), iter([])):
            with self.assertRaises(ValueError) as cm:
                self.model.analyze_thread(empty)
            self.assertIn("at least one message", str(cm.exception))

    def test_bad_shapes(self):
        cases = [
            ("hello", TypeError, "iterable of messages"),
            (ThreadMessage("a", "b"), TypeError, "iterable of messages"),
            ([42], TypeError, "message 0"),
            ([("a", "ok"), ("b",)], ValueError, "message 1"),
            ([("a", "b", None, "extra")], ValueError, "message 0"),
            ([("a", 42)], TypeError, "message 0"),
            ([(42, "text")], TypeError, "message 0"),
            ([("a", "x"), ("b", "y", "noon")], TypeError, "message 1"),
            (None, TypeError, ""),
        ]
        for messages, error, text in cases:
            with self.assertRaises(error, msg=repr(messages)) as cm:
                self.model.analyze_thread(messages)
            self.assertIn(text, str(cm.exception))


class OptionsTest(ModelTestCase):
    def test_defaults_are_the_library_ones(self):
        o = ThreadOptions()
        self.assertEqual((o.smoothing, o.short_message_tokens, o.message_threshold,
                          o.thread_threshold, o.pair_window_messages, o.pair_window_seconds),
                         (0.5, 16.0, 0.65, 0.5, 2, 86400))
        self.assertEqual(self.model.analyze_thread(THREAD, ThreadOptions()),
                         self.model.analyze_thread(THREAD))

    def test_options_change_the_reading(self):
        base = self.model.analyze_thread(THREAD)
        unsmoothed = self.model.analyze_thread(THREAD, ThreadOptions(smoothing=1.0))
        self.assertEqual(unsmoothed.personal, base.personal)
        self.assertNotEqual(unsmoothed.smoothed, base.smoothed)
        never = self.model.analyze_thread(THREAD, ThreadOptions(message_threshold=1.0))
        self.assertIsNone(never.drift)

    def test_bad_options(self):
        for bad, error, name in (
                (ThreadOptions(smoothing=0), meetintent.InvalidArgumentError, "smoothing"),
                (ThreadOptions(smoothing=float("nan")), ValueError, "smoothing"),
                (ThreadOptions(thread_threshold=2), ValueError, "thread_threshold"),
                (ThreadOptions(short_message_tokens=-1), ValueError, "short_message_tokens"),
                (ThreadOptions(pair_window_messages=-1), ValueError, "pair_window_messages"),
                (ThreadOptions(pair_window_seconds=-1), ValueError, "pair_window_seconds"),
                (ThreadOptions(pair_window_messages=2**40), OverflowError, "pair_window_messages"),
                (ThreadOptions(pair_window_messages=2.5), TypeError, "pair_window_messages"),
                (ThreadOptions(smoothing="half"), TypeError, "smoothing")):
            with self.assertRaises(error, msg=repr(bad)) as cm:
                self.model.analyze_thread(THREAD, bad)
            self.assertIn(name, str(cm.exception))
        with self.assertRaises(TypeError):
            self.model.analyze_thread(THREAD, {"smoothing": 0.5})


if __name__ == "__main__":
    unittest.main()
