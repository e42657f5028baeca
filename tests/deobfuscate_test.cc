#include "deobfuscate.h"

#include <gtest/gtest.h>

#include "meetintent/normalizer.h"

namespace meetintent {
namespace {

std::string Norm(const std::string& in, bool deobfuscate = true) {
  NormalizeOptions o;
  o.deobfuscate = deobfuscate;
  NormalizedText t;
  Normalize(o, in, &t);
  return t.text();
}

TEST(DeobfuscateTest, LookAlikeLettersInLatinWords) {
  EXPECT_EQ(Norm("d\xd0\xb0te"), "date");                     // Cyrillic а
  EXPECT_EQ(Norm("dr\xce\xb9nks \xd1\x81offee"), "drinks coffee");  // Greek ι, Cyrillic с
  // Words wholly in Cyrillic or Greek are left alone.
  EXPECT_EQ(Norm("\xd0\xb4\xd0\xb0\xd1\x82\xd0\xb0"), "\xd0\xb4\xd0\xb0\xd1\x82\xd0\xb0");  // дата
  EXPECT_EQ(Norm("\xce\xba\xce\xb1\xcf\x86\xce\xad"), "\xce\xba\xce\xb1\xcf\x86\xce\xad");  // καφέ
}

TEST(DeobfuscateTest, LeetspeakBetweenLetters) {
  EXPECT_EQ(Norm("d4te"), "date");
  EXPECT_EQ(Norm("dr1nks"), "drinks");
  EXPECT_EQ(Norm("h00t"), "hoot");
  EXPECT_EQ(Norm("s3xy"), "sexy");
  // Digits at a word's edge are ordinary text.
  EXPECT_EQ(Norm("mp3 covid19 4ever b2b"), "mp3 covid19 4ever b2b");
}

TEST(DeobfuscateTest, LetterSpacing) {
  EXPECT_EQ(Norm("a d a t e tonight"), "adate tonight");
  EXPECT_EQ(Norm("d a t e"), "date");
  EXPECT_EQ(Norm("d-a-t-e"), "date");
  EXPECT_EQ(Norm("d_a_t_e"), "date");
  EXPECT_EQ(Norm("d.a.t.e"), "date");
  // Two single letters are ordinary chat ("r u ok").
  EXPECT_EQ(Norm("r u ok"), "r u ok");
  EXPECT_EQ(Norm("d*te"), "dte");
}

TEST(DeobfuscateTest, OffLeavesTextAsNfkcMadeIt) {
  EXPECT_EQ(Norm("d4te", false), "d4te");
  EXPECT_EQ(Norm("d a t e", false), "d a t e");
}

TEST(DeobfuscateTest, SpansStillPointAtTheOriginal) {
  const std::string in = "drinks? d a t e!";
  NormalizedText t;
  Normalize({}, in, &t);
  const size_t at = t.text().find("date");
  ASSERT_NE(at, std::string::npos);
  const Span s = t.SourceSpan(at, at + 4);
  EXPECT_EQ(in.substr(s.begin, s.end - s.begin), "d a t e");
}

TEST(DeobfuscateTest, OrdinaryTextInOtherScriptsIsUnchanged) {
  const char* texts[] = {
      "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, \xd0\xba\xd0\xb0\xd0\xba \xd0\xb4\xd0\xb5\xd0\xbb\xd0\xb0?",  // Привет, как дела?
      "\xe6\x98\x8e\xe5\xa4\xa9\xe5\xbc\x80\xe4\xbc\x9a",  // 明天开会
      "\xe6\x98\x8e\xe6\x97\xa5\xe3\x81\xae\xe4\xbc\x9a\xe8\xad\xb0",  // 明日の会議
      "caf\xc3\xa9 \xc3\xa0 14h, \xc3\xa7" "a marche ?",
  };
  for (const char* t : texts) EXPECT_EQ(Norm(t), Norm(t, false)) << t;
}

}  // namespace
}  // namespace meetintent
