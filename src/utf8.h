// Minimal, strict UTF-8 decoding and encoding (RFC 3629): overlong forms,
// surrogates and code points above U+10FFFF are invalid.
#ifndef MEETINTENT_SRC_UTF8_H_
#define MEETINTENT_SRC_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace meetintent {

constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes one code point at s[i] (i < n). On success stores it in *cp and
// returns its length in bytes. On an invalid sequence stores U+FFFD and
// returns the length of the maximal invalid subpart (at least 1), as the
// Unicode standard recommends, so decoding always makes progress.
size_t DecodeUtf8(const unsigned char* s, size_t n, size_t i, char32_t* cp);

// Appends the UTF-8 encoding of cp to *out. REQUIRES: cp is a scalar value.
void AppendUtf8(char32_t cp, std::string* out);

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
