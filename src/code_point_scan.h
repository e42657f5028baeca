// Scans and in-place moves over the normalizer's code points and their
// spans, shared by its passes (confusables, deobfuscation, placeholders),
// and SSE2 helpers for the passes that scan UTF-8 bytes (script coverage,
// word stuffing, the tokenizer's letter runs).
#ifndef MEETINTENT_SRC_CODE_POINT_SCAN_H_
#define MEETINTENT_SRC_CODE_POINT_SCAN_H_

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "meetintent/code_points.h"

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

#if defined(__SSE2__)
// 0xFF in the lanes of 16 bytes that are ASCII letters of either case.
inline __m128i AsciiLetterLanes(__m128i bytes) {
  // (b | 0x20) - 'a' < 26 as unsigned bytes is (b | 0x20) - 'a' - 128 < 26 - 128 as signed ones.
  const __m128i lower = _mm_or_si128(bytes, _mm_set1_epi8(0x20));
  return _mm_cmplt_epi8(_mm_add_epi8(lower, _mm_set1_epi8(static_cast<char>(0x80 - 'a'))),
                        _mm_set1_epi8(static_cast<char>(26 - 128)));
}

// 0xFF in the first k lanes (k <= 16), 0 in the others.
inline __m128i FirstLanes(size_t k) {
  static constexpr unsigned char kLanes[32] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                                0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(kLanes + 16 - k));
}

// Counts the lanes set (0xFF) over blocks of 16: each block's bytes are
// summed into two 64-bit sums, 255 a lane set, that never wrap around.
class LaneCounter {
 public:
  void Add(__m128i lanes) {
    sums_ = _mm_add_epi64(sums_, _mm_sad_epu8(lanes, _mm_setzero_si128()));
  }
  uint64_t Total() const {
    alignas(16) uint64_t sums[2];
    _mm_store_si128(reinterpret_cast<__m128i*>(sums), sums_);
    return (sums[0] + sums[1]) / 255;
  }

 private:
  __m128i sums_ = _mm_setzero_si128();
};
#endif

// Moves the code points and spans [b, e) down to start at `to` (to <= b): a
// stretch that a compacting rewrite keeps as it is.
inline void MoveDown(CodePoints* cps, Spans* spans, size_t b, size_t e, size_t to) {
  if (to == b) return;
  std::copy(cps->begin() + static_cast<ptrdiff_t>(b), cps->begin() + static_cast<ptrdiff_t>(e),
            cps->begin() + static_cast<ptrdiff_t>(to));
  std::copy(spans->begin() + static_cast<ptrdiff_t>(b), spans->begin() + static_cast<ptrdiff_t>(e),
            spans->begin() + static_cast<ptrdiff_t>(to));
}

}  // namespace meetintent

#endif  // MEETINTENT_SRC_CODE_POINT_SCAN_H_
