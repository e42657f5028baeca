#include "script_coverage.h"

#include <iterator>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "utf8.h"

namespace meetintent {
namespace {

// The table behind ScriptOf gives ICU's answer for every code point.
TEST(ScriptCoverageTest, ScriptOfMatchesIcuOnEveryCodePoint) {
  int differ = 0;
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    differ += ScriptOf(c) != ScriptOfUncached(c);
  }
  EXPECT_EQ(differ, 0);
  EXPECT_EQ(ScriptOf(U'a'), kScriptLatin);
  EXPECT_EQ(ScriptOf(U'\u4f60'), kScriptHan);
  EXPECT_EQ(ScriptOf(U'\u304b'), kScriptHiragana);
  EXPECT_EQ(ScriptOf(U'\u30ab'), kScriptKatakana);
  EXPECT_EQ(ScriptOf(U'\uac00'), kScriptHangul);
  EXPECT_EQ(ScriptOf(U'\u0e01'), kScriptThai);
  EXPECT_EQ(ScriptOf(U'\u3001'), 0u);  // ideographic comma: common
  EXPECT_EQ(ScriptOf(U'\u10d0'), kScriptOther);  // Georgian
}

// JudgeCoverage counts the characters from U+5000 to U+9FFF as Han letters by
// their lead byte (0xE5..0xE9), without asking: ICU agrees on every one.
TEST(ScriptCoverageTest, EveryCodePointOfTheHanLeadBytesIsAHanLetter) {
  int other = 0;
  for (char32_t c = 0x5000; c <= 0x9FFF; ++c) other += ScriptOfUncached(c) != kScriptHan;
  EXPECT_EQ(other, 0);
}

// ...and those from U+E000 to U+EFFF (lead byte 0xEE, the placeholders
// among them) and from U+1F000 to U+1FFFF (F0 9F, emoji) as no letters.
TEST(ScriptCoverageTest, NoCodePointOfThePrivateUseAndEmojiLeadBytesIsALetter) {
  int letters = 0;
  for (char32_t c = 0xE000; c <= 0xEFFF; ++c) letters += ScriptOfUncached(c) != 0;
  for (char32_t c = 0x1F000; c <= 0x1FFFF; ++c) letters += ScriptOfUncached(c) != 0;
  EXPECT_EQ(letters, 0);
}

// A model of Latin, Han and kana judges Chinese and Japanese text, not Korean.
TEST(ScriptCoverageTest, JudgesByTheLettersOfKnownScripts) {
  const uint32_t scripts = kVersion1Scripts;
  auto judge = [&](std::string_view text) {
    std::vector<Token> tokens = {Token{text, 0, static_cast<uint32_t>(text.size())}};
    bool supported;
    const char* reason;
    JudgeCoverage(scripts, text, tokens, &supported, &reason);
    return supported;
  };
  EXPECT_TRUE(judge(u8"\u6211\u4eec\u660e\u5929\u5f00\u4f1a"));
  EXPECT_TRUE(judge(u8"\u304b\u30ab\u4f60 meeting"));
  EXPECT_FALSE(judge(u8"\ud68c\uc758\ub294 \ub0b4\uc77c"));
}

// JudgeCoverage reads runs of three-byte characters its own way: it decides
// as a count of every code point's script would, on text of every script.
TEST(ScriptCoverageTest, JudgesAsACountOfEveryCodePoint) {
  const char32_t starts[] = {U'a',      U'\u00e9', U'\u0430', U'\u4e00', U'\u3041', U'\u30a1',
                             U'\uac00', U'\u0e01', U'\u3001', U'\u4dc0', U'\u6f00', U'\u9fc0',
                             U'\U00020000', U'0', U' ', U'\u05d0', U'\ue010',
                             U'\U0001f600'};
  std::mt19937 rng(3);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const int length = std::uniform_int_distribution<int>(1, 40)(rng);
    for (int k = 0; k < length; ++k) {
      const char32_t c = starts[rng() % std::size(starts)] + rng() % 64;
      AppendUtf8(c, &text);
    }
    const auto scripts = static_cast<uint32_t>(rng()) | kScriptLatin;
    uint64_t known = 0, all = 0;
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    for (size_t at = 0; at < text.size();) {
      char32_t c;
      at += DecodeUtf8(s, text.size(), at, &c);
      if (const uint32_t bit = ScriptOf(c)) {
        ++all;
        known += (scripts & bit) != 0;
      }
    }
    std::vector<Token> tokens = {Token{text, 0, static_cast<uint32_t>(text.size())}};
    bool supported;
    const char* reason;
    JudgeCoverage(scripts, text, tokens, &supported, &reason);
    ASSERT_EQ(supported, 2 * known >= all) << text;
  }
  // A three-byte lead cut short at the end (not normalized text, but never a
  // hang): read as DecodeUtf8 reads it.
  for (std::string_view text : {std::string_view("\xe4\xb8"), std::string_view("ab\xe4"),
                                std::string_view("\xe4\xb8\x80\xe4")}) {
    std::vector<Token> tokens = {Token{text, 0, static_cast<uint32_t>(text.size())}};
    bool supported;
    const char* reason;
    JudgeCoverage(kVersion1Scripts, text, tokens, &supported, &reason);
    EXPECT_TRUE(supported);
  }
}

// JudgeCoverage counts ASCII letters sixteen bytes at a time, up to the next
// other character: each ASCII byte, at every lane, before and after Cyrillic
// letters and in long texts, counts as one
// letter or none, as it is or not. With Cyrillic known and Latin not, one
// letter more or less flips the judgement.
TEST(ScriptCoverageTest, CountsEveryAsciiLetterAtEveryLane) {
  const std::string cyrillic = u8"\u0434";
  auto check = [&](std::string text) {
    size_t latin = 0, known = 0;
    for (size_t at = 0; at < text.size(); ++at) {
      const auto b = static_cast<unsigned char>(text[at]);
      latin += ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
      known += b == 0xD0;  // the lead byte of U+0434
    }
    // Evened out at the end, then one letter more of each script.
    if (known < latin) {
      for (; known < latin; ++known) text += cyrillic;
    } else {
      text.append(known - latin, 'q');
    }
    auto supported = [](const std::string& t) {
      std::vector<Token> tokens = {Token{t, 0, static_cast<uint32_t>(t.size())}};
      bool yes;
      const char* reason;
      JudgeCoverage(kScriptCyrillic, t, tokens, &yes, &reason);
      return yes;
    };
    ASSERT_TRUE(supported(text)) << text;
    ASSERT_TRUE(supported(text + cyrillic)) << text;
    ASSERT_FALSE(supported(text + "q")) << text;
  };
  for (int b = 1; b < 0x80; ++b) {
    for (size_t at = 0; at < 34; ++at) {
      for (size_t cut : {size_t{0}, size_t{1}, at, at + 1, size_t{39}}) {
        std::string text(40, '7');
        text[at] = static_cast<char>(b);
        check(text);
        check(text.substr(0, cut) + cyrillic + text.substr(cut));
      }
    }
  }
  check(std::string(5000, 'a'));  // every lane set in every block
  std::mt19937 rng(5);
  for (int i = 0; i < 200; ++i) {
    std::string text;
    const int length = i < 10 ? 6000 : std::uniform_int_distribution<int>(1, 100)(rng);
    for (int k = 0; k < length; ++k) {
      if (rng() % 8 == 0) {
        text += cyrillic;
      } else {
        text += static_cast<char>(1 + rng() % 0x7F);
      }
    }
    check(text);
  }
}

}  // namespace
}  // namespace meetintent
