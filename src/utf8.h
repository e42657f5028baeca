// Minimal, strict UTF-8 decoding and encoding (RFC 3629): overlong forms,
// surrogates and code points above U+10FFFF are invalid.
#ifndef MEETINTENT_SRC_UTF8_H_
#define MEETINTENT_SRC_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace meetintent {

constexpr char32_t kReplacementChar = 0xFFFD;

// The code point of the three bytes at p, a lead byte E0..EF and two
// continuation bytes, without checking them (callers do, or read text they
// know is valid).
inline char32_t CombineUtf8Three(const unsigned char* p) {
  return (char32_t{p[0]} & 0x0F) << 12 | (char32_t{p[1]} & 0x3F) << 6 | (char32_t{p[2]} & 0x3F);
}

// Decodes one code point at s[i] (i < n). On success stores it in *cp and
// returns its length in bytes. On an invalid sequence stores U+FFFD and
// returns the length of the maximal invalid subpart (at least 1), as the
// Unicode standard recommends, so decoding always makes progress.
// Inline: it runs once per character in every stage.
inline size_t DecodeUtf8(const unsigned char* s, size_t n, size_t i, char32_t* cp) {
  const unsigned char b0 = s[i];
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  // The three-byte form (CJK, kana, Hangul, Thai...), valid when it encodes
  // U+0800..U+FFFF outside the surrogates: decoded with one test of each byte.
  if ((b0 & 0xF0) == 0xE0 && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
    const char32_t c3 = (char32_t{b0} & 0x0F) << 12 | (char32_t{s[i + 1]} & 0x3F) << 6 |
                        (char32_t{s[i + 2]} & 0x3F);
    if (c3 >= 0x800 && (c3 < 0xD800 || c3 > 0xDFFF)) {
      *cp = c3;
      return 3;
    }
  }
  size_t len;
  char32_t c;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    c = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    c = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;         // overlong
    if (b0 == 0xED) hi = 0x9F;         // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    c = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;         // overlong
    if (b0 == 0xF4) hi = 0x8F;         // above U+10FFFF
  } else {
    *cp = kReplacementChar;
    return 1;
  }
  for (size_t k = 1; k < len; ++k) {
    if (i + k >= n) {
      *cp = kReplacementChar;
      return k;
    }
    const unsigned char b = s[i + k];
    const unsigned char min = (k == 1) ? lo : 0x80;
    const unsigned char max = (k == 1) ? hi : 0xBF;
    if (b < min || b > max) {
      *cp = kReplacementChar;
      return k;
    }
    c = (c << 6) | (b & 0x3F);
  }
  *cp = c;
  return len;
}

// The length of cp's UTF-8 encoding. REQUIRES: cp is a scalar value.
inline uint32_t Utf8Length(char32_t cp) {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

// Writes the UTF-8 encoding of cp at out (room for Utf8Length(cp) bytes) and
// returns the end of what it wrote. REQUIRES: cp is a scalar value.
inline char* WriteUtf8(char32_t cp, char* out) {
  if (cp < 0x80) {
    *out++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out++ = static_cast<char>(0xC0 | (cp >> 6));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out++ = static_cast<char>(0xE0 | (cp >> 12));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out++ = static_cast<char>(0xF0 | (cp >> 18));
    *out++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

// Appends the UTF-8 encoding of cp to *out. REQUIRES: cp is a scalar value.
inline void AppendUtf8(char32_t cp, std::string* out) {
  char buf[4];
  out->append(buf, static_cast<size_t>(WriteUtf8(cp, buf) - buf));
}

// The number of code points of UTF-8 text. One three-byte character (most
// tokens of CJK text) is told at once: a loop costs more to enter.
inline size_t CountCodePoints(std::string_view s) {
  if (s.size() == 3 && (static_cast<unsigned char>(s[0]) & 0xF0) == 0xE0 &&
      (static_cast<unsigned char>(s[1]) & 0xC0) == 0x80 &&
      (static_cast<unsigned char>(s[2]) & 0xC0) == 0x80) {
    return 1;
  }
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Returns true iff [s, s+n) is valid UTF-8.
bool IsValidUtf8(const char* s, size_t n);

// Returns the first i in [from, end) with s[i] >= 0x80, or end: the end of
// the ASCII run at `from`. Reads eight bytes at a time.
inline size_t AsciiRunEnd(const unsigned char* s, size_t from, size_t end) {
  size_t i = from;
  while (i + 8 <= end) {
    uint64_t word;
    std::memcpy(&word, s + i, 8);
    if ((word & 0x8080808080808080ULL) != 0) break;
    i += 8;
  }
  while (i < end && s[i] < 0x80) ++i;
  return i;
}

// Returns the largest k <= n such that s[0, k) does not end inside a
// multi-byte sequence.
size_t Utf8Floor(const char* s, size_t n);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_UTF8_H_
