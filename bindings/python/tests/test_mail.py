"""meetintent.mail: real mail through libmeetintent_mail (mail_c.h)."""

import os
import pathlib
import unittest
import warnings

import meetintent

from support import REPO, ModelTestCase, load_tests  # noqa: F401

try:
    import meetintent.mail as mail
except ImportError as e:
    # Only a build without the mail library may skip: CMake sets the variable otherwise.
    if os.environ.get("MEETINTENT_MAIL_LIBRARY"):
        raise
    mail, SKIP = None, str(e)
else:
    SKIP = None

DATA = REPO / "tests" / "data" / "mail"
REPLIES = ["reply_plain.eml", "reply_gmail.eml", "reply_outlook.eml", "reply_apple.eml"]


@unittest.skipIf(mail is None, "meetintent.mail: %s" % SKIP)
class MailTest(ModelTestCase):
    def test_parse_decodes_headers_and_body(self):
        m = mail.parse((DATA / "rfc2047.eml").read_bytes())
        self.assertEqual(m.subject, "D\u00eener samedi ? \u2764\u00e0 deux")
        self.assertEqual(m.sender_address, "andre@example.org")
        self.assertEqual(m.message_id, "mid-2047@example.org")
        self.assertEqual(m.references, ("root@example.com", "parent@example.com"))
        self.assertEqual(m.time, 1749108600)
        self.assertEqual(m.source, "")
        self.assertTrue(m.text.startswith("Subject: " + m.subject + "\n"))

    def test_replies_above_quoted_business_mail_are_personal(self):
        for name in REPLIES:
            raw = (DATA / name).read_bytes()
            p = mail.classify(self.model, raw)
            self.assertEqual(p.label, "personal", name)
            # A parsed message reads the same as its bytes.
            self.assertEqual(mail.classify(self.model, mail.parse(raw)).probabilities,
                             p.probabilities, name)
            self.assertIn("\n> ", mail.parse(raw).body, name)

    def test_read_mbox_and_errors(self):
        path = pathlib.Path(self.tmp) / "box.mbox"
        with open(path, "wb") as f:
            for name in REPLIES[:2]:
                f.write(b"From x Tue Jun  3 18:40:00 2025\n" + (DATA / name).read_bytes() + b"\n")
        messages = list(mail.read(path))
        self.assertEqual([m.message_id for m in messages], ["r1@example.org", "r2@example.org"])
        self.assertTrue(messages[1].source.endswith("#2"), messages[1].source)
        with self.assertRaises(meetintent.IOFailureError) as e:
            list(mail.read(os.path.join(self.tmp, "missing.mbox")))
        self.assertIn("missing.mbox", str(e.exception))
        with self.assertRaises(meetintent.ParseError):
            mail.parse(b"")
        with self.assertRaises(TypeError):
            mail.parse("a str is not a message")

    def test_malformed_mail(self):
        for name, words in [("truncated.eml", "Dinner at my place"),
                            ("nul_bytes.eml", "at my place"),
                            ("header_bad_utf8.eml", "just the two of us"),
                            ("bad_base64.eml", "Miss you already")]:
            m = mail.parse((DATA / name).read_bytes())
            self.assertIn(words, m.text, name)
            mail.classify(self.model, (DATA / name).read_bytes())


if __name__ == "__main__":
    unittest.main()
