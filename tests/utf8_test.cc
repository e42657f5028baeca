#include "utf8.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace meetintent {
namespace {

std::vector<char32_t> DecodeAll(const std::string& s) {
  std::vector<char32_t> out;
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t i = 0; i < s.size();) {
    char32_t c;
    const size_t n = DecodeUtf8(u, s.size(), i, &c);
    EXPECT_GE(n, 1u);
    out.push_back(c);
    i += n;
  }
  return out;
}

TEST(Utf8Test, DecodesValidSequences) {
  EXPECT_EQ(DecodeAll("a\xc3\xa9\xe4\xbc\x9a\xf0\x9f\x98\x80"),
            (std::vector<char32_t>{'a', 0xE9, 0x4F1A, 0x1F600}));
}

TEST(Utf8Test, InvalidSequencesBecomeReplacementCharacters) {
  const char32_t R = kReplacementChar;
  // Overlong encodings.
  EXPECT_EQ(DecodeAll("\xc0\xaf"), (std::vector<char32_t>{R, R}));
  EXPECT_EQ(DecodeAll("\xe0\x80\xaf"), (std::vector<char32_t>{R, R, R}));
  EXPECT_EQ(DecodeAll("\xf0\x80\x80\xaf"), (std::vector<char32_t>{R, R, R, R}));
  // Surrogates.
  EXPECT_EQ(DecodeAll("\xed\xa0\x80"), (std::vector<char32_t>{R, R, R}));
  // Above U+10FFFF.
  EXPECT_EQ(DecodeAll("\xf4\x90\x80\x80"), (std::vector<char32_t>{R, R, R, R}));
  EXPECT_EQ(DecodeAll("\xf5\x80"), (std::vector<char32_t>{R, R}));
  // Truncated sequences: one replacement for the maximal subpart.
  EXPECT_EQ(DecodeAll("\xe4\xbc"), (std::vector<char32_t>{R}));
  EXPECT_EQ(DecodeAll("\xe4\xbcx"), (std::vector<char32_t>{R, 'x'}));
  EXPECT_EQ(DecodeAll("\xf0\x9f\x98"), (std::vector<char32_t>{R}));
  // Stray continuation bytes.
  EXPECT_EQ(DecodeAll("\x80\xbf"), (std::vector<char32_t>{R, R}));
  EXPECT_EQ(DecodeAll(std::string("\xff\xfe", 2)), (std::vector<char32_t>{R, R}));
}

TEST(Utf8Test, EncodeRoundTripsEveryPlane) {
  for (char32_t c : {char32_t{0x41}, char32_t{0x7FF}, char32_t{0xFFFD}, char32_t{0x10000},
                     char32_t{0x1F600}, char32_t{0xE0001}, char32_t{0x10FFFF}}) {
    std::string s;
    AppendUtf8(c, &s);
    EXPECT_EQ(DecodeAll(s), std::vector<char32_t>{c});
    EXPECT_TRUE(IsValidUtf8(s.data(), s.size()));
  }
}

TEST(Utf8Test, IsValidUtf8) {
  EXPECT_TRUE(IsValidUtf8("", 0));
  EXPECT_TRUE(IsValidUtf8("\xef\xbf\xbd", 3));  // a real U+FFFD is valid
  EXPECT_FALSE(IsValidUtf8("\xc3", 1));
  EXPECT_FALSE(IsValidUtf8("a\xed\xa0\x80", 4));
}

TEST(Utf8Test, FloorNeverSplitsASequence) {
  const std::string s = "a\xe4\xbc\x9a";  // a + 会
  EXPECT_EQ(Utf8Floor(s.data(), 1), 1u);
  EXPECT_EQ(Utf8Floor(s.data(), 2), 1u);
  EXPECT_EQ(Utf8Floor(s.data(), 3), 1u);
  EXPECT_EQ(Utf8Floor(s.data(), 4), 4u);
}

}  // namespace
}  // namespace meetintent
