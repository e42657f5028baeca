// src/mail/mime_text.cc: MIME to the text the model reads.
#include <gtest/gtest.h>

#include <string>

#include "mail_test_util.h"
#include "utf8.h"

namespace meetintent {
namespace {

using mail::MailMessage;
using mail::ParseMail;
using testing::Has;
using testing::MailData;
using testing::ParsedMail;

TEST(MailMimeTextTest, HeadersAreDecoded) {
  const MailMessage m = ParsedMail("rfc2047.eml");
  EXPECT_EQ(m.subject, "D\xc3\xaener samedi ? \xe2\x9d\xa4\xc3\xa0 deux");
  EXPECT_EQ(m.from, "Andr\xc3\xa9 M\xc3\xbcller <Andre@Example.ORG>");
  EXPECT_EQ(m.from_address, "andre@example.org");
  EXPECT_EQ(m.to, "tom@example.com");
  EXPECT_EQ(m.message_id, "mid-2047@example.org");
  EXPECT_EQ(m.in_reply_to, "parent@example.com");
  ASSERT_EQ(m.references.size(), 2u);
  EXPECT_EQ(m.references[0], "root@example.com");
  EXPECT_EQ(m.references[1], "parent@example.com");
  EXPECT_EQ(m.date, "Thu, 05 Jun 2025 07:30:00 +0000");
  EXPECT_EQ(m.time, 1749108600);
}

TEST(MailMimeTextTest, SubjectLineComesFirstAsInTheEnronRows) {
  const MailMessage m = ParsedMail("reply_plain.eml");
  EXPECT_EQ(m.text.rfind("Subject: Re: Q3 budget review\nHonestly Tom", 0), 0u) << m.text;
  EXPECT_EQ(m.text, "Subject: Re: Q3 budget review\n" + m.body);
  EXPECT_FALSE(Has(m.body, "\r")) << "CRLF read as LF";
}

TEST(MailMimeTextTest, NoSubjectNoSubjectLine) {
  MailMessage m;
  ASSERT_TRUE(ParseMail("From: a@b.c\n\nhello there\n", &m).ok());
  EXPECT_EQ(m.text, "hello there\n");
  EXPECT_EQ(m.time, MailMessage::kNoTime);
}

TEST(MailMimeTextTest, AlternativePrefersPlainText) {
  const MailMessage m = ParsedMail("alternative.eml");
  EXPECT_TRUE(Has(m.body, "Plain part")) << m.body;
  EXPECT_FALSE(Has(m.body, "HTML part")) << m.body;
  EXPECT_FALSE(m.from_html);
}

TEST(MailMimeTextTest, AlternativeWithEmptyPlainTakesTheHtml) {
  const MailMessage m = ParsedMail("alternative_empty_plain.eml");
  EXPECT_EQ(m.body, "HTML part: dinner at my place on Saturday?\n");
  EXPECT_TRUE(m.from_html);
}

TEST(MailMimeTextTest, QuotedPrintable) {
  const MailMessage m = ParsedMail("quoted_printable.eml");
  EXPECT_TRUE(Has(m.body, "caf\xc3\xa9 tomorrow")) << m.body;
  EXPECT_TRUE(Has(m.body, "very long name on the corner")) << "soft line break joined";
}

TEST(MailMimeTextTest, Base64) {
  const MailMessage m = ParsedMail("base64.eml");
  EXPECT_EQ(m.body, "Miss you already. Dinner at my place on Saturday? \xe2\x9d\xa4\n");
}

TEST(MailMimeTextTest, Latin1) {
  const MailMessage m = ParsedMail("latin1.eml");
  EXPECT_TRUE(Has(m.body, "caf\xc3\xa9 pr\xc3\xa8s de chez toi ? \xc3\x87" "a me")) << m.body;
}

TEST(MailMimeTextTest, Windows1252) {
  const MailMessage m = ParsedMail("windows1252.eml");
  EXPECT_TRUE(Has(m.body, "\xe2\x80\x9c" "dinner at my place\xe2\x80\x9d \xe2\x80\x93 are"))
      << m.body;
  EXPECT_TRUE(Has(m.body, "\xe2\x82\xac" "20")) << m.body;
}

TEST(MailMimeTextTest, ShiftJis) {
  const MailMessage m = ParsedMail("shift_jis.eml");
  // 今夜、二人だけで食事に行きませんか？
  EXPECT_TRUE(Has(m.body, "\xe4\xbb\x8a\xe5\xa4\x9c\xe3\x80\x81\xe4\xba\x8c\xe4\xba\xba")) << m.body;
}

TEST(MailMimeTextTest, AttachmentsSkippedAttachedMessageReadAsForward) {
  const MailMessage m = ParsedMail("attachments.eml");
  EXPECT_TRUE(Has(m.body, "Look what he wrote to me!")) << m.body;
  EXPECT_FALSE(Has(m.body, "JVBER")) << "the PDF is skipped";
  EXPECT_FALSE(Has(m.body, "Minutes of the quarterly")) << "a text attachment is skipped";
  // The forward banner and headers that email_cleanup.cc knows.
  EXPECT_TRUE(Has(m.body, "---------- Forwarded message ---------\nFrom: Tom Weber")) << m.body;
  EXPECT_TRUE(Has(m.body, "Subject: dinner\n\nWould you like to have dinner")) << m.body;
}

TEST(MailMimeTextTest, HtmlOnlyRepliesQuoteTheQuotedMessage) {
  for (const char* name : {"reply_gmail.eml", "reply_outlook.eml", "reply_apple.eml"}) {
    const MailMessage m = ParsedMail(name);
    EXPECT_TRUE(m.from_html) << name;
    EXPECT_EQ(m.body.rfind("Honestly Tom, forget the budget. I would rather see you alone, "
                           "dinner at my place Saturday?\n", 0), 0u) << name << "\n" << m.body;
    // Quoted, at whatever depth the client nests it (Gmail: "> > ").
    const size_t at = m.body.find("Please find attached the Q3 budget review.");
    ASSERT_NE(at, std::string::npos) << name;
    EXPECT_EQ(m.body.compare(m.body.rfind('\n', at) + 1, 2, "> "), 0) << name << "\n" << m.body;
    EXPECT_FALSE(Has(m.body, "tracking")) << "script dropped";
    EXPECT_FALSE(Has(m.body, "margin")) << "style dropped";
    EXPECT_FALSE(Has(m.body, "&lt;")) << "entities decoded";
  }
  EXPECT_TRUE(Has(ParsedMail("reply_outlook.eml").body, "> From: Tom Weber <tom@example.com>\n"));
}

TEST(MailMimeTextTest, MissingBoundaryIsReadAsWellAsPossible) {
  MailMessage m;
  ASSERT_TRUE(ParseMail(MailData("missing_boundary.eml"), &m).ok());
  EXPECT_EQ(m.subject, "no boundary");
  EXPECT_TRUE(Has(m.body, "Dinner at my place on Saturday?")) << m.body;
}

TEST(MailMimeTextTest, BadBase64DecodesWhatItCan) {
  const MailMessage m = ParsedMail("bad_base64.eml");
  EXPECT_TRUE(Has(m.body, "Miss you already.")) << m.body;
}

TEST(MailMimeTextTest, LeadingMboxFromLineIsSkipped) {
  MailMessage m;
  ASSERT_TRUE(ParseMail("From anna@example.org Tue Jun  3 18:40:00 2025\nSubject: hi\n\nyo\n", &m)
                  .ok());
  EXPECT_EQ(m.subject, "hi");
  EXPECT_EQ(m.body, "yo\n");
}

TEST(MailMimeTextTest, EmptyInputIsAnError) {
  MailMessage m;
  EXPECT_EQ(ParseMail("", &m).code(), StatusCode::kParseError);
  EXPECT_EQ(ParseMail("From x\n", &m).code(), StatusCode::kParseError);
}

// Found by mail_fuzzer: a damaged Content-Type header loses the charset, and
// the raw Latin-1 body came out as invalid UTF-8.
TEST(MailMimeTextTest, BytesThatAreNotUtf8ReadAsLatin1) {
  MailMessage m;
  ASSERT_TRUE(ParseMail("Subject: caf\xe9 \xc3\xa0 deux\nContent-Ty\x01pe: text/plain; "
                        "charset=iso-8859-1\n\nOn se retrouve au caf\xe9 ? \xe2\x9d\xa4\n",
                        &m)
                  .ok());
  EXPECT_EQ(m.body, "On se retrouve au caf\xc3\xa9 ? \xe2\x9d\xa4\n") << "valid UTF-8 kept";
  EXPECT_EQ(m.subject, "caf\xc3\xa9 \xc3\xa0 deux");
  for (const std::string* s : {&m.subject, &m.body, &m.text}) {
    EXPECT_TRUE(IsValidUtf8(s->data(), s->size())) << *s;
  }
}

TEST(MailMimeTextTest, GarbageNeverCrashes) {
  const std::string inputs[] = {
      std::string("\0\0\0\xff\xfe", 5),
      "Content-Type: multipart/mixed; boundary=\"\"\n\n--\n--\n",
      "Content-Type: multipart/alternative; boundary=a\n\n--a\n--a\n--a--\n",
      "Content-Type: message/rfc822\n\nContent-Type: message/rfc822\n\n",
      "Content-Type: text/html\n\n<blockquote><blockquote><div class=gmail_quote>",
      "Content-Transfer-Encoding: base64\n\n====",
      "Subject: =?UTF-8?B?////?= =?x?q?=ZZ?=\n\n",
      "Content-Type: text/plain; charset=no-such-charset\n\n\xff\xfe text\n",
  };
  for (const std::string& raw : inputs) {
    MailMessage m;
    (void)ParseMail(raw, &m);
  }
  // Deep multipart nesting stays bounded.
  std::string deep;
  for (int i = 0; i < 2000; ++i) deep += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\n\n--b" + std::to_string(i) + "\n";
  MailMessage m;
  (void)ParseMail(deep, &m);
}

// GMime parses address fields recursively: 60,000 nested groups overflowed
// the stack (a crash). Such a field is dropped before GMime reads it, in the
// message's header and in a message attached to it; the rest is read.
TEST(MailMimeTextTest, FieldBombsAreDroppedNotParsed) {
  std::string groups;
  for (int i = 0; i < 60000; ++i) groups += "g:";
  std::string angles(60000, '<');
  std::string comments(60000, '(');
  for (const std::string* bomb : {&groups, &angles, &comments}) {
    const std::string raw = "From: a@example.org\nTo : " + *bomb +
                            "\nCc: x@example.org,\n " + *bomb + "\nSubject: lunch\n\nDinner tonight?\n";
    MailMessage m;
    ASSERT_TRUE(ParseMail(raw, &m).ok());
    EXPECT_EQ(m.subject, "lunch");
    EXPECT_EQ(m.from_address, "a@example.org");
    EXPECT_TRUE(Has(m.body, "Dinner tonight?")) << m.body;
  }
  const std::string attached = "Subject: fwd\nContent-Type: message/rfc822\n\nFrom: b@example.org\nTo: " +
                               groups + "\nSubject: inner\n\nSee you at eight.\n";
  MailMessage m;
  ASSERT_TRUE(ParseMail(attached, &m).ok());
  EXPECT_TRUE(Has(m.body, "See you at eight.")) << m.body;
  // A body line is not a field, even one that starts like one.
  MailMessage body;
  ASSERT_TRUE(ParseMail("Subject: page\n\nNote: " + angles + " end of note\n", &body).ok());
  EXPECT_TRUE(Has(body.body, "end of note"));
  // An ordinary field with many addresses is kept.
  std::string many = "To: ";
  for (int i = 0; i < 300; ++i) many += "Person " + std::to_string(i) + " <p" + std::to_string(i) + "@example.org>, ";
  MailMessage kept;
  ASSERT_TRUE(ParseMail(many + "x@example.org\nSubject: all\n\nhi\n", &kept).ok());
  EXPECT_TRUE(Has(kept.to, "p299@example.org")) << kept.to.substr(0, 80);
}

}  // namespace
}  // namespace meetintent
