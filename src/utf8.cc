#include "utf8.h"

namespace meetintent {

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
