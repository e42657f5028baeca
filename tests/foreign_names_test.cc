// Names in another script (src/foreign_names.h): which runs of Han, kana and
// Hangul inside Latin-script text read as the name stand-in, and which stay.
#include "foreign_names.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "name_rules_test_util.h"

namespace meetintent {
namespace {

// The tokens of `text` after the rule, with "<name>" for the stand-in.
std::vector<std::string> Read(const std::string& text) {
  return testing::TokensAfterRule(
      text, [](std::string_view, std::vector<Token>* tokens) { NameForeignScriptRuns(tokens); });
}

bool HasName(const std::vector<std::string>& tokens) {
  for (const std::string& t : tokens) {
    if (t == "<name>") return true;
  }
  return false;
}

TEST(ForeignNamesTest, NamesInLatinTextReadAsTheStandIn) {
  EXPECT_EQ(Read("Obrigada, \xe7\x92\x83\xe8\x91\x89!"),
            (std::vector<std::string>{"obrigada", "<name>"}));
  // Kana, Han, Hangul; in the middle of a sentence.
  EXPECT_TRUE(HasName(Read("Lunch with \xe3\x81\xbf\xe3\x81\x95\xe3\x81\x8d tomorrow?")));
  EXPECT_TRUE(HasName(Read("Meeting with \xe7\x94\xb0\xe4\xb8\xad at 3")));
  EXPECT_TRUE(HasName(Read("Say hi to \xea\xb9\x80\xeb\xaf\xbc\xec\xa7\x80 for me")));
  // Two names, each its own stand-in.
  const std::vector<std::string> two =
      Read("Thanks \xe7\x94\xb0\xe4\xb8\xad and \xe9\x88\xb4\xe6\x9c\xa8, see you at the office");
  EXPECT_EQ(std::count(two.begin(), two.end(), "<name>"), 2);
}

TEST(ForeignNamesTest, ChineseJapaneseAndKoreanTextIsLeftAlone) {
  // "OK 明天见": more Chinese than Latin.
  EXPECT_FALSE(HasName(Read("OK \xe6\x98\x8e\xe5\xa4\xa9\xe8\xa7\x81")));
  // A sentence of Japanese.
  EXPECT_FALSE(HasName(Read("\xe6\x98\x8e\xe6\x97\xa5\xe3\x81\xae\xe4\xbc\x9a\xe8\xad\xb0"
                            "\xe3\x81\xaf" "3\xe6\x99\x82\xe3\x81\xa7\xe3\x81\x99")));
  // A bilingual subject line: the Japanese half is too long to be a name.
  EXPECT_FALSE(HasName(Read("Subject: Lunch with the Tokyo team / "
                            "\xe6\x9d\xb1\xe4\xba\xac\xe3\x83\x81\xe3\x83\xbc\xe3\x83\xa0"
                            "\xe3\x81\xa8\xe3\x81\xae\xe3\x83\xa9\xe3\x83\xb3\xe3\x83\x81")));
}

TEST(ForeignNamesTest, RunLengthAndMessageBounds) {
  const std::string latin = "thanks a lot for the great conference talk yesterday ";
  // Five characters are a name; six are not.
  EXPECT_TRUE(HasName(Read(latin + "\xe4\xb8\x80\xe4\xba\x8c\xe4\xb8\x89\xe5\x9b\x9b\xe4\xba\x94")));
  EXPECT_FALSE(HasName(Read(latin + "\xe4\xb8\x80\xe4\xba\x8c\xe4\xb8\x89\xe5\x9b\x9b\xe4\xba\x94"
                            "\xe5\x85\xad")));
  // More than kMaxForeignChars in all: three runs of four.
  const std::string four = "\xe4\xb8\x80\xe4\xba\x8c\xe4\xb8\x89\xe5\x9b\x9b";
  EXPECT_TRUE(HasName(Read(latin + four + " and " + four)));
  EXPECT_FALSE(HasName(Read(latin + four + " and " + four + " and " + four)));
  // No Latin words at all: nothing to stand in for.
  EXPECT_FALSE(HasName(Read("\xe7\x94\xb0\xe4\xb8\xad")));
}

TEST(ForeignNamesTest, TextWithoutThoseScriptsIsUntouched) {
  EXPECT_EQ(Read("Coffee next week to talk about the role?"),
            (std::vector<std::string>{"coffee", "next", "week", "to", "talk", "about", "the",
                                      "role"}));
  std::vector<Token> none;
  NameForeignScriptRuns(&none);
  EXPECT_TRUE(none.empty());
}

// MayHoldForeignScript looks for lead bytes 16 at a time: every pair of
// bytes at every position of a text finds what a token's first two bytes
// would (0xE3..0xED; 0xEF 0xA4..0xAB; 0xF0 0xA0..0xAF), and text that holds
// none, with placeholders and emoji, is told apart.
TEST(ForeignNamesTest, MayHoldForeignScriptFindsEveryLeadByteAtEveryPosition) {
  for (size_t size : {size_t{1}, size_t{2}, size_t{15}, size_t{16}, size_t{17}, size_t{40}}) {
    for (size_t at = 0; at < size; ++at) {
      for (int b = 0x80; b <= 0xFF; ++b) {
        for (int c : {0x7F, 0x9F, 0xA0, 0xA3, 0xA4, 0xAB, 0xAC, 0xAF, 0xB0}) {
          std::string text(size, 'a');
          text[at] = static_cast<char>(b);
          if (at + 1 < size) text[at + 1] = static_cast<char>(c);
          const bool second = at + 1 < size;
          const bool want = (b >= 0xE3 && b <= 0xED) ||
                            (second && b == 0xEF && c >= 0xA4 && c <= 0xAB) ||
                            (second && b == 0xF0 && c >= 0xA0 && c <= 0xAF);
          ASSERT_EQ(MayHoldForeignScript(text), want) << size << " " << at << " " << b << " " << c;
        }
      }
    }
  }
  EXPECT_FALSE(MayHoldForeignScript(
      "Meet at \xee\x80\x84 \xf0\x9f\x98\x80\xe2\x9d\xa4\xef\xb8\x8f"));
  EXPECT_TRUE(MayHoldForeignScript("Meeting with \xe7\x94\xb0\xe4\xb8\xad at 3"));
}

}  // namespace
}  // namespace meetintent
