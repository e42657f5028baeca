#include "script_coverage.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace meetintent
