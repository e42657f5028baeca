#include "meetintent/tokenizer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "meetintent/normalizer.h"
#include "test_util.h"
#include "tokenizer_reference.h"
#include "utf8.h"

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

// Ideographs and kana outside the BMP blocks (Tangut, Nushu, historic kana)
// are words for ICU; the fast path must leave them to it, not drop them
// (found by tokenize_fuzzer; tests/fuzz/regressions/tokenize/).
TEST(TokenizerTest, SupplementaryIdeographsAreWordsAsIcuSays) {
  const std::string text = "a \xf0\x97\x97\x97 x\xf0\x9b\x80\x81y \xf0\x9b\x85\xb0";
  std::vector<Token> fast;
  EXPECT_FALSE(Tokenizer::TokenizeFast(text, &fast));
  EXPECT_EQ(Words(text), Words(text, /*icu=*/true));
  EXPECT_EQ(Words(text).size(), 6u);
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

// Returns true when the fast path took the text.
bool ExpectSameTokens(Tokenizer* t, const std::string& text) {
  std::vector<Token> fast, icu;
  if (!Tokenizer::TokenizeFast(text, &fast)) return false;
  t->TokenizeWithIcu(text, &icu);
  EXPECT_EQ(fast.size(), icu.size()) << "text: " << text;
  for (size_t i = 0; i < std::min(fast.size(), icu.size()); ++i) {
    EXPECT_EQ(fast[i].begin, icu[i].begin) << "text: " << text;
    EXPECT_EQ(fast[i].end, icu[i].end) << "text: " << text;
  }
  return true;
}

// Spaces end the segment before them and are never words themselves (the
// fast path skips them at once): runs of them, spaces at either end, spaces
// carrying a combining mark, ideographic spaces, and spaces next to the
// characters that join across punctuation.
TEST(TokenizerTest, SpacesEndWordsAsIcuSays) {
  const char* texts[] = {
      " ",          "   ",       "a  b",          "  a",          "a  ",
      "a \xcc\x81" "b", "a\xe3\x80\x80\xe3\x80\x80" "b", "a\xe3\x80\x80 b",   "a \t b",
      "a_ _b",      "1 ,2",      "1, 2",          "a' b",         "a 'b",
      "a . b",      "\xf0\x9f\x91\x8d \xf0\x9f\x91\x8d", "\xee\x80\x83 \xee\x80\x83",
      "x\r\n y",     "_ _",       "a:b c:d",       "d\xc3\xa9j\xc3\xa0 vu",
  };
  Tokenizer t;
  for (const char* text : texts) {
    ExpectSameTokens(&t, text);  // format version 1's fast path, where it applies
    std::vector<Token> icu, version2;
    t.TokenizeWithIcu(text, &icu);
    Tokenizer::TokenizeWithoutDictionary(text, &version2);
    ASSERT_EQ(icu.size(), version2.size()) << text;
    for (size_t k = 0; k < icu.size(); ++k) EXPECT_EQ(icu[k].text, version2[k].text) << text;
  }
  EXPECT_EQ(Words("  coffee  at   noon "), (V{"coffee", "at", "noon"}));
}

// The ASCII fast path must give exactly ICU's tokens: every message of every
// shared data set, raw and normalized.
TEST(TokenizerTest, AsciiPathMatchesIcuOnEverySharedMessage) {
  const std::vector<std::string> messages = testing::AllSharedMessages();
  if (messages.empty()) GTEST_SKIP() << "shared data folder not found: " MEETINTENT_SHARED_DATA_DIR;
  Tokenizer t;
  NormalizedText norm;
  size_t fast = 0;
  for (const std::string& m : messages) {
    ExpectSameTokens(&t, m);
    Normalize({}, m, &norm);
    fast += ExpectSameTokens(&t, norm.text());
    if (HasFailure()) return;
  }
  EXPECT_GT(messages.size(), 5000u);
  EXPECT_GT(fast, messages.size() * 9 / 10);  // the fast path is the common one
  std::printf("fast path took %zu of %zu normalized messages\n", fast, messages.size());
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
    if (HasFailure()) return;
  }
}

// The same over non-ASCII characters of the classes the fast path handles:
// accented and Cyrillic letters, curly apostrophes, middle dots, no-break and
// ideographic spaces, combining marks, emoji with skin tones and variation
// selectors, Arabic-Indic digits, and characters that send text to ICU.
TEST(TokenizerTest, FastPathMatchesIcuOnRandomUnicode) {
  const std::vector<std::string> pieces = {
      "a", "Z", "0", " ", ".", ",", "'", "_", ":", "\n", "-", "@",
      "\xc3\xa9", "\xd0\xb4", "\xce\xb1", "\xe2\x80\x99", "\xc2\xb7", "\xc2\xa0",
      "\xe3\x80\x80", "\xcc\x81", "\xf0\x9f\x91\x8d", "\xf0\x9f\x8f\xbd", "\xef\xb8\x8f",
      "\xd9\xa3", "\xe2\x80\x8b", "\xe2\x80\x9c", "\xc2\xbf", "\xd7\x90", "\xe4\xbc\x9a",
      "\xe0\xb8\x81", "\xee\x80\x83", "\xef\xbc\x9a", "\xd5\x9a",
  };
  std::mt19937 rng(11);
  Tokenizer t;
  size_t fast = 0;
  for (int i = 0; i < 30000; ++i) {
    std::string s;
    const int len = 1 + static_cast<int>(rng() % 10);
    for (int k = 0; k < len; ++k) s += pieces[rng() % pieces.size()];
    fast += ExpectSameTokens(&t, s);
    if (HasFailure()) return;
  }
  EXPECT_GT(fast, 5000u);
}

// Format version 2's tokens with the class table, as without it.
void ExpectSameWithoutDictionary(const std::string& s) {
  std::vector<Token> cached, uncached;
  Tokenizer::TokenizeWithoutDictionary(s, &cached);
  TokenizeWithoutDictionaryUncached(s, &uncached);
  ASSERT_EQ(cached.size(), uncached.size()) << s;
  for (size_t k = 0; k < cached.size(); ++k) {
    ASSERT_TRUE(cached[k].begin == uncached[k].begin && cached[k].end == uncached[k].end) << s;
    ASSERT_TRUE(cached[k].text.data() == s.data() + cached[k].begin &&
                cached[k].text.size() == cached[k].end - cached[k].begin)
        << s;
  }
}

// Every BMP code point between letters, digits, marks, ideographs, kana,
// Thai and spaces: a class table that disagreed with ICU anywhere, or an
// ideograph emitted otherwise than the general steps would, fails here.
TEST(TokenizerTest, WithoutDictionaryMatchesUncachedOnEveryBmpCodePoint) {
  for (char32_t c = 0x80; c < 0x10000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    std::string ch;
    AppendUtf8(c, &ch);
    const std::string s = "a" + ch + "b " + ch + ch + "1" + ch + "2." + ch + "\xcc\x81" + ch +
                          "\xe4\xbc\x9a" + ch + "\xe3\x82\xab" + ch + "\xe0\xb8\x81" + ch +
                          "\xe3\x81\x8b" + ch + " " + ch;
    ASSERT_NO_FATAL_FAILURE(ExpectSameWithoutDictionary(s));
  }
}

TEST(TokenizerTest, WithoutDictionaryMatchesUncachedOnRandomUnicode) {
  std::mt19937 rng(29);
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    const int len = 1 + static_cast<int>(rng() % 24);
    for (int k = 0; k < len; ++k) {
      // Mostly the BMP, sometimes beyond it (answered without the table).
      char32_t c = static_cast<char32_t>(rng() % 8 == 0 ? 0x10000 + rng() % 0x30000 : rng() % 0x10000);
      if (c >= 0xD800 && c <= 0xDFFF) c = ' ';
      AppendUtf8(c, &s);
    }
    ASSERT_NO_FATAL_FAILURE(ExpectSameWithoutDictionary(s));
  }
}

// Every shared message, raw and normalized: TokenizeWithoutDictionary's
// first reading (letter runs) and its general pieces, against the general
// rules over the whole text.
TEST(TokenizerTest, WithoutDictionaryMatchesUncachedOnEverySharedMessage) {
  const std::vector<std::string> messages = testing::AllSharedMessages();
  if (messages.empty()) GTEST_SKIP() << "shared data folder not found: " MEETINTENT_SHARED_DATA_DIR;
  NormalizedText norm;
  for (const std::string& m : messages) {
    ASSERT_NO_FATAL_FAILURE(ExpectSameWithoutDictionary(m));
    Normalize({}, m, &norm);
    ASSERT_NO_FATAL_FAILURE(ExpectSameWithoutDictionary(std::string(norm.text())));
  }
}

// Short strings of the pieces where the first reading hands over to the
// general rules: letters around joiners and breaks, digits and '_' inside
// and beside words, marks and format characters after spaces (WB4 attaches
// them to the space: a skin tone after a space is no word, alone it is one),
// emoji sequences, placeholders, line ends.
TEST(TokenizerTest, WithoutDictionaryMatchesUncachedOnLetterRunsAndPieces) {
  const std::vector<std::string> pieces = {"a",
                                           "b",
                                           "Z",
                                           "@",
                                           "ab",
                                           "xyz",
                                           ".",
                                           "'",
                                           ",",
                                           ";",
                                           ":",
                                           "-",
                                           "!",
                                           " ",
                                           "  ",
                                           "\n",
                                           "\r",
                                           "\t",
                                           "\x0b",
                                           "0",
                                           "7",
                                           "_",
                                           "\xcc\x81",
                                           "\xe2\x80\x8d",
                                           "\xe2\x80\x8b",
                                           "\xef\xb8\x8f",
                                           "\xf0\x9f\x8f\xbd",
                                           "\xf0\x9f\x91\x8d",
                                           "\xf0\x9f\x87\xab",
                                           "\xc3\xa9",
                                           "\xd0\xb4",
                                           "\xe4\xbc\x9a",
                                           "\xe3\x82\xab",
                                           "\xe0\xb8\x81",
                                           "\xc2\xa0",
                                           "\xe3\x80\x80",
                                           "\xe2\x80\x99",
                                           "\xc2\xb7",
                                           "\xee\x80\x83",
                                           "\xd7\x90",
                                           "\xff"};
  std::mt19937 rng(41);
  for (int i = 0; i < 100000; ++i) {
    std::string s;
    const int len = 1 + static_cast<int>(rng() % 16);
    for (int k = 0; k < len; ++k) {
      // Half the pieces letters or spaces, so that runs and pieces alternate.
      const size_t pick = rng() % (2 * pieces.size());
      s += pick < pieces.size() ? pieces[pick] : (pick % 3 == 0 ? " " : "ab");
    }
    ASSERT_NO_FATAL_FAILURE(ExpectSameWithoutDictionary(s));
  }
}

}  // namespace
}  // namespace meetintent
