#include "email_cleanup.h"

#include <gtest/gtest.h>

#include <string>

namespace meetintent {
namespace {

std::string Kept(const std::string& text, bool quotes = true, bool signature = true) {
  std::vector<uint32_t> r;
  FindKeptRanges(text, quotes, signature, &r);
  std::string out;
  for (size_t i = 0; i + 1 < r.size(); i += 2) out += text.substr(r[i], r[i + 1] - r[i]);
  return out;
}

TEST(EmailCleanupTest, DropsQuotedLines) {
  EXPECT_EQ(Kept("Yes, Thursday works.\n> Can we meet Thursday?\n>> earlier\nBest"),
            "Yes, Thursday works.\nBest");
}

TEST(EmailCleanupTest, DropsOriginalMessageBlock) {
  EXPECT_EQ(Kept("See you at 3.\n-----Original Message-----\nFrom: Bob\nSent: Monday\nHi"),
            "See you at 3.\n");
  EXPECT_EQ(Kept("Vale.\n-----Mensaje original-----\nDe: Ana"), "Vale.\n");
}

TEST(EmailCleanupTest, DropsWroteLineAndWhatFollows) {
  EXPECT_EQ(Kept("Great!\nOn Mon, 3 May 2021 at 10:00, Ana <a@b.com> wrote:\n> hi"), "Great!\n");
  EXPECT_EQ(Kept("Super.\nAm 3. Mai schrieb Jan Meyer:\n> hallo"), "Super.\n");
}

TEST(EmailCleanupTest, DropsForwardedHeadersButKeepsForwardedBody) {
  EXPECT_EQ(Kept("FYI\n---------- Forwarded message ---------\nFrom: Ana\nDate: Mon\n"
                 "Subject: lunch\nTo: Bob\n\nLunch Friday with the client?"),
            "FYI\nLunch Friday with the client?");
}

TEST(EmailCleanupTest, DropsSignature) {
  EXPECT_EQ(Kept("See you.\n-- \nMaria Rossi\n+39 02 1234567"), "See you.\n");
  EXPECT_EQ(Kept("See you.\n-- \nMaria", true, false), "See you.\n-- \nMaria");
}

TEST(EmailCleanupTest, KeepsEverythingWhenOnlyQuotedTextHasWords) {
  const std::string only_quote = "> Are we still on for dinner?\n";
  EXPECT_EQ(Kept(only_quote), only_quote);
  const std::string enron = "[QUOTED] Bob on 04/25/2001\nPlease confirm the meeting.";
  EXPECT_EQ(Kept(enron), enron);
  // A digit, a letter of either case or any non-ASCII byte is a word's.
  EXPECT_EQ(Kept("?! 7\n> hi"), "?! 7\n");
  EXPECT_EQ(Kept("-:- Z\n> hi"), "-:- Z\n");
  EXPECT_EQ(Kept("\xe2\x9c\x93\n> hi"), "\xe2\x9c\x93\n");
  EXPECT_EQ(Kept("?! :)\n> hi"), "?! :)\n> hi");
}

// Classify tells most lines by their first and last bytes: each marked kind
// is still found behind spaces, tabs and carriage returns, in either case.
TEST(EmailCleanupTest, FindsEveryMarkedLineByItsFirstOrLastByte) {
  EXPECT_EQ(Kept("Ok.\n \t> quoted\nBye"), "Ok.\nBye");
  EXPECT_EQ(Kept("Ok.\n  [Quoted] Bob\nhi"), "Ok.\n");
  EXPECT_EQ(Kept("Ok.\n\t[FORWARDED]\nFrom: Ana\n\nLunch?"), "Ok.\nLunch?");
  EXPECT_EQ(Kept("Ok.\nBEGIN Forwarded Message:\nTo: Bob\nLunch?"), "Ok.\nLunch?");
  EXPECT_EQ(Kept("Ok.\n   -----Original Message-----\r\nhi"), "Ok.\n");
  EXPECT_EQ(Kept("Ok.\n--\r\nMaria"), "Ok.\n");
  EXPECT_EQ(Kept("Ok.\nAna WROTE: \t\r\n> hi"), "Ok.\n");
  EXPECT_EQ(Kept("Ok.\nbut: no\nBye"), "Ok.\nbut: no\nBye");
}

TEST(EmailCleanupTest, PlainChatIsUntouched) {
  EXPECT_EQ(Kept("coffee tmrw? -- i mean after 3"), "coffee tmrw? -- i mean after 3");
  EXPECT_EQ(Kept(""), "");
}

}  // namespace
}  // namespace meetintent
