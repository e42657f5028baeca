#include "meetintent/tokenizer.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "meetintent/normalizer.h"
#include "test_util.h"

namespace meetintent {
namespace {

std::vector<std::string> Words(const std::string& text, bool icu = false) {
  Tokenizer t;
  std::vector<Token> tokens;
  if (icu) t.TokenizeWithIcu(text, &tokens); else t.Tokenize(text, &tokens);
  std::vector<std::string> out;
  for (const Token& tok : tokens) {
    EXPECT_EQ(text.substr(tok.begin, tok.end - tok.begin), tok.text);
    out.emplace_back(tok.text);
  }
  return out;
}

using V = std::vector<std::string>;

TEST(TokenizerTest, SplitsWordsAndDropsPunctuation) {
  EXPECT_EQ(Words("coffee tomorrow? can't wait... e.g. 3.5 a_b"),
            (V{"coffee", "tomorrow", "can't", "wait", "e.g", "3.5", "a_b"}));
}

TEST(TokenizerTest, SegmentsChineseJapaneseAndThaiIntoWords) {
  // 我们明天开会 -> 我们 / 明天 / 开会 (ICU's dictionary).
  const V zh = Words("\xe6\x88\x91\xe4\xbb\xac\xe6\x98\x8e\xe5\xa4\xa9\xe5\xbc\x80\xe4\xbc\x9a");
  EXPECT_EQ(zh, (V{"\xe6\x88\x91\xe4\xbb\xac", "\xe6\x98\x8e\xe5\xa4\xa9",
                   "\xe5\xbc\x80\xe4\xbc\x9a"}));
  // 明日の会議 (Japanese): more than one token, none empty.
  const V ja = Words("\xe6\x98\x8e\xe6\x97\xa5\xe3\x81\xae\xe4\xbc\x9a\xe8\xad\xb0");
  EXPECT_GE(ja.size(), 2u);
  // สวัสดีครับ (Thai, no spaces): segmented into more than one word.
  EXPECT_GE(Words("\xe0\xb8\xaa\xe0\xb8\xa7\xe0\xb8\xb1\xe0\xb8\xaa\xe0\xb8\x94\xe0\xb8\xb5"
                  "\xe0\xb8\x84\xe0\xb8\xa3\xe0\xb8\xb1\xe0\xb8\x9a")
                .size(),
            2u);
}

TEST(TokenizerTest, KeepsEmojiAsTokens) {
  EXPECT_EQ(Words("drinks? \xf0\x9f\x8d\xb7\xf0\x9f\x98\x8a"),
            (V{"drinks", "\xf0\x9f\x8d\xb7", "\xf0\x9f\x98\x8a"}));
  // A skin-tone modifier stays with its emoji.
  EXPECT_EQ(Words("\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd ok"),
            (V{"\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", "ok"}));
}

TEST(TokenizerTest, KeepsPlaceholdersAsTokens) {
  const std::string url = "\xee\x80\x80";
  EXPECT_EQ(Words("see " + url + "!"), (V{"see", url}));
  EXPECT_EQ(Words("see " + url + "!", true), (V{"see", url}));
  EXPECT_EQ(Words("x" + url + "y"), (V{"x", url, "y"}));
}

TEST(TokenizerTest, AsciiPathRefusesNonAscii) {
  std::vector<Token> tokens;
  EXPECT_FALSE(Tokenizer::TokenizeAscii("caf\xc3\xa9", &tokens));
  EXPECT_TRUE(tokens.empty());
  EXPECT_TRUE(Tokenizer::TokenizeAscii("cafe", &tokens));
}

void ExpectSameTokens(Tokenizer* t, const std::string& text) {
  std::vector<Token> fast, icu;
  if (!Tokenizer::TokenizeAscii(text, &fast)) return;
  t->TokenizeWithIcu(text, &icu);
  ASSERT_EQ(fast.size(), icu.size()) << "text: " << text;
  for (size_t i = 0; i < fast.size(); ++i) {
    ASSERT_EQ(fast[i].begin, icu[i].begin) << "text: " << text;
    ASSERT_EQ(fast[i].end, icu[i].end) << "text: " << text;
  }
}

// The ASCII fast path must give exactly ICU's tokens: every message of every
// shared data set, raw and normalized.
TEST(TokenizerTest, AsciiPathMatchesIcuOnEverySharedMessage) {
  const std::vector<std::string> messages = testing::AllSharedMessages();
  if (messages.empty()) GTEST_SKIP() << "shared data folder not found: " MEETINTENT_SHARED_DATA_DIR;
  Tokenizer t;
  NormalizedText norm;
  size_t ascii = 0;
  for (const std::string& m : messages) {
    ExpectSameTokens(&t, m);
    Normalize({}, m, &norm);
    std::vector<Token> tmp;
    ascii += Tokenizer::TokenizeAscii(norm.text(), &tmp);
    ExpectSameTokens(&t, norm.text());
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(messages.size(), 5000u);
  EXPECT_GT(ascii, messages.size() / 2);  // the fast path is the common one
}

// Random strings over the characters whose word-break classes matter.
TEST(TokenizerTest, AsciiPathMatchesIcuOnRandomStrings) {
  const std::string alphabet = "aZ09 .,;:'_-\n\r\t!?\"@#/\x0b\x0c";
  const std::string placeholder = "\xee\x80\x83";
  std::mt19937 rng(7);
  Tokenizer t;
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    const int len = 1 + static_cast<int>(rng() % 12);
    for (int k = 0; k < len; ++k) {
      const size_t pick = rng() % (alphabet.size() + 1);
      if (pick == alphabet.size()) s += placeholder; else s.push_back(alphabet[pick]);
    }
    ExpectSameTokens(&t, s);
    if (HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace meetintent
