// Scans and in-place moves over the normalizer's code points and their
// spans, shared by its passes (confusables, deobfuscation, placeholders).
#ifndef MEETINTENT_SRC_CODE_POINT_SCAN_H_
#define MEETINTENT_SRC_CODE_POINT_SCAN_H_

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "meetintent/span.h"

namespace meetintent {

// The first position from k on (n at most) whose code point is no ASCII small
// letter. Most of a text is runs of them, which the normalizer's scans skip;
// SSE2 compares four code points at once.
inline size_t SkipAsciiLetters(const char32_t* s, size_t k, size_t n) {
#if defined(__SSE2__)
  // c - 'a' < 26 as unsigned numbers is c - 'a' + 2^31 < 2^31 + 26 as signed ones.
  const __m128i shift = _mm_set1_epi32(INT32_MAX - 'a' + 1);
  const __m128i last = _mm_set1_epi32(INT32_MIN + 25);
  for (; k + 4 <= n; k += 4) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + k));
    const int other =
        _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpgt_epi32(_mm_add_epi32(v, shift), last)));
    if (other != 0) return k + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(other)));
  }
#endif
  while (k < n && static_cast<uint32_t>(s[k] - U'a') < 26) ++k;
  return k;
}

// Moves the code points and spans [b, e) down to start at `to` (to <= b): a
// stretch that a compacting rewrite keeps as it is.
inline void MoveDown(std::vector<char32_t>* cps, std::vector<Span>* spans, size_t b, size_t e,
                     size_t to) {
  if (to == b) return;
  std::copy(cps->begin() + static_cast<ptrdiff_t>(b), cps->begin() + static_cast<ptrdiff_t>(e),
            cps->begin() + static_cast<ptrdiff_t>(to));
  std::copy(spans->begin() + static_cast<ptrdiff_t>(b), spans->begin() + static_cast<ptrdiff_t>(e),
            spans->begin() + static_cast<ptrdiff_t>(to));
}

}  // namespace meetintent

#endif  // MEETINTENT_SRC_CODE_POINT_SCAN_H_
