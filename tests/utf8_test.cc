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

// The decoder as RFC 3629 and the Unicode standard (3.9, maximal subparts)
// state it, byte range by byte range, without DecodeUtf8's shortcut for the
// three-byte form.
size_t ReferenceDecode(const unsigned char* s, size_t n, size_t i, char32_t* cp) {
  const unsigned char b0 = s[i];
  size_t len;
  char32_t c;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  } else if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, c = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, c = b0 & 0x0F;
    lo = b0 == 0xE0 ? 0xA0 : 0x80;
    hi = b0 == 0xED ? 0x9F : 0xBF;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, c = b0 & 0x07;
    lo = b0 == 0xF0 ? 0x90 : 0x80;
    hi = b0 == 0xF4 ? 0x8F : 0xBF;
  } else {
    *cp = kReplacementChar;
    return 1;
  }
  for (size_t k = 1; k < len; ++k) {
    const unsigned char b = i + k < n ? s[i + k] : 0;
    if (i + k >= n || b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) {
      *cp = kReplacementChar;
      return k;
    }
    c = (c << 6) | (b & 0x3F);
  }
  *cp = c;
  return len;
}

// Every lead byte from 0xC0 up with every second and third byte, whole and
// cut after one or two bytes: the same code point and length as the reference.
TEST(Utf8Test, DecodeAgreesWithTheReferenceOnEveryThreeByteInput) {
  unsigned char s[4] = {0, 0, 0, 0x80};
  for (int b0 = 0xC0; b0 <= 0xFF; ++b0) {
    for (int b1 = 0; b1 <= 0xFF; ++b1) {
      for (int b2 = 0; b2 <= 0xFF; ++b2) {
        s[0] = static_cast<unsigned char>(b0);
        s[1] = static_cast<unsigned char>(b1);
        s[2] = static_cast<unsigned char>(b2);
        for (size_t n : {size_t{1}, size_t{2}, size_t{3}, size_t{4}}) {
          char32_t got, want;
          const size_t got_len = DecodeUtf8(s, n, 0, &got);
          const size_t want_len = ReferenceDecode(s, n, 0, &want);
          if (got != want || got_len != want_len) {
            FAIL() << std::hex << b0 << ' ' << b1 << ' ' << b2 << " n=" << n << ": " << got
                   << '/' << got_len << " vs " << want << '/' << want_len;
          }
        }
      }
    }
  }
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
