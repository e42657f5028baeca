// Keyword stuffing (src/word_stuffing.h): which runs are stuffing and which
// are sentences, lists or obfuscated letters.
#include "word_stuffing.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace meetintent {
namespace {

std::vector<std::string> Runs(std::string_view text) {
  std::vector<uint32_t> whole = {0, static_cast<uint32_t>(text.size())}, runs;
  FindStuffedRuns(text, whole, &runs);
  std::vector<std::string> out;
  for (size_t i = 0; i + 1 < runs.size(); i += 2) {
    out.emplace_back(text.substr(runs[i], runs[i + 1] - runs[i]));
  }
  return out;
}

std::string Repeat(std::string_view words, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) {
    if (!out.empty()) out += ' ';
    out += words;
  }
  return out;
}

TEST(WordStuffingTest, FindsAppendedKeywords) {
  const std::string salad = Repeat("budget report roadmap", 6);  // 18 words
  const std::string text = "Would you like to have dinner with me on Friday? " + salad;
  EXPECT_EQ(Runs(text), std::vector<std::string>{salad});
}

TEST(WordStuffingTest, AnyWhitespaceSeparatesWords) {
  // Tabs, newlines and CR LF between the words; control characters and
  // bytes just above a space elsewhere (the separator count is a bound).
  const char* const seps[] = {" ", "\t", "\n", "\r\n", "  "};
  std::string salad;
  for (int i = 0; i < 18; ++i) {
    if (i > 0) salad += seps[i % 5];
    salad += i % 2 ? "budget" : "roadmap";
  }
  const std::string text = std::string("!\x01\x1f\x21\x22 ok. ") + salad + " \x7f!";
  EXPECT_EQ(Runs(text), std::vector<std::string>{salad});
  // Exactly 16 words, at every alignment of the text.
  const std::string sixteen = Repeat("ab", 16);
  for (int pad = 0; pad < 9; ++pad) {
    EXPECT_EQ(Runs(std::string(static_cast<size_t>(pad), '.') + " " + sixteen).size(), 1u) << pad;
  }
}

TEST(WordStuffingTest, FunctionWordEndsRun) {
  // 15 bare words, "and", 15 bare words: no run reaches 16.
  const std::string half = Repeat("budget report roadmap client audit", 3);
  EXPECT_TRUE(Runs(half + " and " + half).empty());
  EXPECT_EQ(Runs(half + " budget and " + half).size(), 1u);
}

TEST(WordStuffingTest, FunctionWordsOfEachLanguage) {
  const std::string half = Repeat("budget report roadmap client audit", 3);  // 15 words
  for (const char* word : {"the", "The", "THE", "und", "que", "avec", "della", "n\xc3\xa3o",
                           "F\xc3\x9cR", "Tambi\xc3\xa9n"}) {
    EXPECT_TRUE(Runs(half + " " + word + " " + half).empty()) << word;
  }
  // A word that is none of them joins the run.
  EXPECT_EQ(Runs(half + " agenda " + half).size(), 1u);
}

TEST(WordStuffingTest, SingleLettersEndRuns) {
  const std::string half = Repeat("budget report roadmap client audit", 3);
  EXPECT_TRUE(Runs(half + " x " + half).empty());
}

TEST(WordStuffingTest, SentencesAreNotStuffing) {
  EXPECT_TRUE(Runs("Thanks for the great talk at the conference yesterday. I would love to "
                   "continue our conversation about the data platform over coffee next week, "
                   "if you have time. Let me know what works for you and I will send an invite.")
                  .empty());
  EXPECT_TRUE(Runs("Vielen Dank f\xc3\xbcr das anregende Gespr\xc3\xa4" "ch an Ihrem Stand in "
                   "Halle 7. Hätten Sie in der KW 18 Zeit für einen 30-minütigen Videocall?")
                  .empty());
}

TEST(WordStuffingTest, ObfuscatedLettersAreNotWords) {
  // Letters split by spaces are the see-through rules' business, not a run.
  EXPECT_TRUE(Runs("w o u l d  y o u  l i k e  t o  g r a b  d r i n k s  t o n i g h t").empty());
  EXPECT_TRUE(Runs(Repeat("d4t3 t0n1ght", 10)).empty());
}

TEST(WordStuffingTest, PunctuationAndOtherScriptsEndRuns) {
  const std::string ten = Repeat("budget report", 5);
  EXPECT_TRUE(Runs(ten + ". " + ten).empty());
  EXPECT_TRUE(Runs(ten + " \xe4\xbc\x9a\xe8\xae\xae " + ten).empty());
  EXPECT_EQ(Runs(ten + ", " + ten).size(), 1u) << "a list with commas is one run";
}

TEST(WordStuffingTest, RunsStayInsideRanges) {
  const std::string salad = Repeat("budget report roadmap client", 5);  // 20 words
  const std::string text = "> " + salad + "\n" + salad;
  std::vector<uint32_t> second = {static_cast<uint32_t>(salad.size() + 3),
                                  static_cast<uint32_t>(text.size())};
  std::vector<uint32_t> runs;
  FindStuffedRuns(text, second, &runs);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0], second[0]);
  EXPECT_EQ(runs[1], second[1]);
}

// The SSE2 shortcuts read a token's ASCII letters 16 bytes at once and
// count the separators exactly: every ASCII byte at every position of a
// stuffed run (so in every lane of a token, and where the text or a range
// ends within 16 bytes) finds the runs and the function words that reading
// each byte finds.
TEST(WordStuffingTest, ShortcutsMatchReadingEveryByteOnEveryAsciiByteAtEveryPosition) {
  const std::string base =
      "Budget invoice, roadmap AUDIT client; quarterly Deliverables stakeholder kpi synergy "
      "thy revenue pipeline forecast leverage metrics abcdefghijklmnopq onboarding,\t"
      "compliance escalation ab the Budget invoice, roadmap AUDIT client; quarterly "
      "Deliverables stakeholder kpi synergy thy revenue pipeline forecast leverage metrics "
      "onboarding;\ncompliance escalation";
  auto check = [](const std::string& text, const std::vector<uint32_t>& ranges) {
    std::vector<uint32_t> fast, slow;
    FindStuffedRuns(text, ranges, &fast);
    FindStuffedRunsWithoutShortcuts(text, ranges, &slow);
    ASSERT_EQ(fast, slow) << text;
  };
  const auto n = static_cast<uint32_t>(base.size());
  for (size_t at = 0; at < base.size(); ++at) {
    for (int b = 1; b < 0x80; ++b) {
      std::string text = base;
      text[at] = static_cast<char>(b);
      check(text, {0, n});
      check(text, {0, n - 7});
      check(text, {2, 40, 41, n - 20});
    }
  }
  // Non-ASCII Latin letters, other scripts and control bytes among them.
  for (std::string_view other : {"\xc3\xa9", "\xc3\x97", "\xe4\xb8\x80", "\x0b", "1"}) {
    for (size_t at = 0; at < base.size(); ++at) {
      const std::string text = base.substr(0, at) + std::string(other) + base.substr(at);
      check(text, {0, static_cast<uint32_t>(text.size())});
    }
  }
}

TEST(WordStuffingTest, SubtractRanges) {
  std::vector<uint32_t> out;
  SubtractRanges({0, 10, 20, 30}, {5, 25}, &out);
  EXPECT_EQ(out, (std::vector<uint32_t>{0, 5, 25, 30}));
  SubtractRanges({0, 10}, {}, &out);
  EXPECT_EQ(out, (std::vector<uint32_t>{0, 10}));
  SubtractRanges({0, 10}, {0, 10}, &out);
  EXPECT_TRUE(out.empty());
  SubtractRanges({0, 10, 12, 14}, {2, 3, 4, 5, 13, 20}, &out);
  EXPECT_EQ(out, (std::vector<uint32_t>{0, 2, 3, 4, 5, 10, 12, 13}));
}

}  // namespace
}  // namespace meetintent
