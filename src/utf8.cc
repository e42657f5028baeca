#include "utf8.h"

namespace meetintent {

size_t DecodeUtf8(const unsigned char* s, size_t n, size_t i, char32_t* cp) {
  const unsigned char b0 = s[i];
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
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

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsValidUtf8(const char* s, size_t n) {
  const auto* u = reinterpret_cast<const unsigned char*>(s);
  size_t i = 0;
  while (i < n) {
    char32_t cp;
    const size_t len = DecodeUtf8(u, n, i, &cp);
    if (cp == kReplacementChar &&
        !(len == 3 && u[i] == 0xEF && u[i + 1] == 0xBF && u[i + 2] == 0xBD)) {
      return false;
    }
    i += len;
  }
  return true;
}

size_t Utf8Floor(const char* s, size_t n) {
  const auto* u = reinterpret_cast<const unsigned char*>(s);
  // Walk back over at most 3 continuation bytes to the lead byte.
  size_t k = n;
  int cont = 0;
  while (k > 0 && cont < 4 && (u[k - 1] & 0xC0) == 0x80) {
    --k;
    ++cont;
  }
  if (k == 0) return n;  // no lead byte: nothing to protect
  const unsigned char lead = u[k - 1];
  size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (need > 1 && static_cast<size_t>(cont) + 1 < need) return k - 1;
  return n;
}

}  // namespace meetintent
