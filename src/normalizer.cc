#include "meetintent/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cstring>

#include "bmp_table.h"
#include "confusables.h"
#include "deobfuscate.h"
#include "email_cleanup.h"
#include "gender_fold.h"
#include "normalizer_reference.h"
#include "placeholders.h"
#include "utf8.h"

namespace meetintent {

Span NormalizedText::SourceSpan(size_t begin, size_t end) const {
  auto locate = [this](size_t pos, bool is_end) -> uint32_t {
    // The segment holding text byte `pos`.
    auto it = std::upper_bound(
        segments_.begin(), segments_.end(), pos,
        [](size_t p, const Segment& s) { return p < s.text_begin; });
    const size_t idx = static_cast<size_t>(it - segments_.begin()) - 1;
    const Segment& s = segments_[idx];
    if (s.linear) {
      return static_cast<uint32_t>(s.source_begin + (pos - s.text_begin) + (is_end ? 1 : 0));
    }
    return is_end ? s.source_end : s.source_begin;
  };
  if (segments_.empty() || begin >= end) return Span{};
  return Span{locate(begin, false), locate(end - 1, true)};
}

size_t NormalizedText::CapacityBytes() const {
  return text_.capacity() + segments_.capacity() * sizeof(Segment) +
         scratch_keep_.capacity() * sizeof(uint32_t) + scratch_cp_.capacity() * sizeof(char32_t) +
         scratch_span_.capacity() * sizeof(Span) +
         scratch_spare_cp_.capacity() * sizeof(char32_t) +
         scratch_spare_span_.capacity() * sizeof(Span);
}

void NormalizedText::ReleaseMemory() {
  std::string().swap(text_);
  std::vector<Segment>().swap(segments_);
  std::vector<uint32_t>().swap(scratch_keep_);
  CodePoints().swap(scratch_cp_);
  Spans().swap(scratch_span_);
  CodePoints().swap(scratch_spare_cp_);
  Spans().swap(scratch_spare_span_);
  truncated_ = false;
}

void NormalizedText::Clear() {
  text_.clear();
  segments_.clear();
  truncated_ = false;
  ascii_input_ = false;
}

// Builds NormalizedText; a class only so it can reach the private members.
class NormalizerImpl {
 public:
  // With ranges == nullptr the options' e-mail clean-up picks the ranges.
  // kShortcuts: copy ASCII runs without ICU and encode them at once (the
  // normal case); without, every character takes the general path, which
  // tests compare the shortcuts against (normalizer_reference.h).
  template <bool kShortcuts = true>
  static void Run(const NormalizeOptions& options, std::string_view input,
                  const std::vector<uint32_t>* ranges, NormalizedText* out);

 private:
  // Returns false when the output reached its bound and the rest was cut.
  // With mark_bidi, U+202E and U+202C become the marks of confusables.h
  // (casefolding would drop them). *ascii_only tells whether every kept byte
  // was ASCII (with kShortcuts; without, it is false).
  template <bool kShortcuts>
  static bool DecodeAndFold(std::string_view input, const std::vector<uint32_t>& keep,
                            bool fold_gendered_han, bool mark_bidi, CodePoints* cps, Spans* spans,
                            bool* ascii_only);
  template <bool kShortcuts>
  static void Encode(const CodePoints& cps, const Spans& spans, NormalizedText* out);
};

namespace {

// Characters that carry no text and would only confuse later stages.
constexpr size_t kMaxNonStarters = 30;

inline char32_t Sanitize(char32_t c) {
  if (c == 0 || (c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7F) return ' ';
  // Private-use input could forge a placeholder; noncharacters mean nothing.
  if ((c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000 || (c >= 0xFDD0 && c <= 0xFDEF) ||
      (c & 0xFFFE) == 0xFFFE) {
    return kReplacementChar;
  }
  return c;
}

// Sanitize and ASCII case folding of every ASCII byte, as one table.
struct AsciiFoldTable {
  char32_t c[128];
  AsciiFoldTable() : c() {
    for (char32_t b = 0; b < 128; ++b) {
      c[b] = Sanitize(b);
      if (c[b] >= 'A' && c[b] <= 'Z') c[b] += 'a' - 'A';
    }
  }
};
const AsciiFoldTable kAsciiFold;

#if defined(__SSE2__)
// kAsciiFold on sixteen ASCII bytes at a time from s[k] on, with each code
// point's span its own byte; returns where it stopped (fewer than sixteen
// bytes before `to`). Bytes are below 0x80, so signed compares order them.
size_t FoldAsciiBlocks(const unsigned char* s, size_t k, size_t to, char32_t* cp, Span* sp) {
  const __m128i zero = _mm_setzero_si128();
  const __m128i before_upper = _mm_set1_epi8('A' - 1), after_upper = _mm_set1_epi8('Z' + 1);
  const __m128i case_bit = _mm_set1_epi8(0x20), space = _mm_set1_epi8(' ');
  const __m128i tab = _mm_set1_epi8('\t'), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  const __m128i del = _mm_set1_epi8(0x7F), two = _mm_set1_epi32(2);
  for (; k + 16 <= to; k += 16) {
    __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + k));
    const __m128i upper =
        _mm_and_si128(_mm_cmpgt_epi8(b, before_upper), _mm_cmplt_epi8(b, after_upper));
    const __m128i line_or_tab = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, tab),
                                                          _mm_cmpeq_epi8(b, lf)),
                                             _mm_cmpeq_epi8(b, cr));
    const __m128i control = _mm_or_si128(_mm_andnot_si128(line_or_tab, _mm_cmplt_epi8(b, space)),
                                         _mm_cmpeq_epi8(b, del));
    b = _mm_add_epi8(b, _mm_and_si128(upper, case_bit));
    b = _mm_or_si128(_mm_andnot_si128(control, b), _mm_and_si128(control, space));
    const __m128i low = _mm_unpacklo_epi8(b, zero), high = _mm_unpackhi_epi8(b, zero);
    auto* out = reinterpret_cast<__m128i*>(cp + k);
    _mm_storeu_si128(out + 0, _mm_unpacklo_epi16(low, zero));
    _mm_storeu_si128(out + 1, _mm_unpackhi_epi16(low, zero));
    _mm_storeu_si128(out + 2, _mm_unpacklo_epi16(high, zero));
    _mm_storeu_si128(out + 3, _mm_unpackhi_epi16(high, zero));
    const auto at = static_cast<int>(static_cast<uint32_t>(k));
    __m128i span = _mm_setr_epi32(at, at + 1, at + 1, at + 2);  // two spans
    auto* span_out = reinterpret_cast<__m128i*>(sp + k);
    for (int q = 0; q < 8; ++q) {
      _mm_storeu_si128(span_out + q, span);
      span = _mm_add_epi32(span, two);
    }
  }
  return k;
}

// Encode's ASCII runs four code points at a time from cp[j] on, while each
// is ASCII and its span the next input byte (from `next` on); writes their
// bytes at *t. Returns the first code point it did not take.
size_t EncodeAsciiBlocks(const char32_t* cp, const Span* sp, size_t j, size_t n, uint32_t next,
                         char** t) {
  const __m128i ascii_limit = _mm_set1_epi32(0x7F), four = _mm_set1_epi32(4);
  const auto at = static_cast<int>(next);
  __m128i expected_low = _mm_setr_epi32(at, at + 1, at + 1, at + 2);  // spans j, j + 1
  __m128i expected_high = _mm_setr_epi32(at + 2, at + 3, at + 3, at + 4);  // j + 2, j + 3
  char* out = *t;
  for (; j + 4 <= n; j += 4) {
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(cp + j));
    const __m128i low = _mm_loadu_si128(reinterpret_cast<const __m128i*>(sp + j));
    const __m128i high = _mm_loadu_si128(reinterpret_cast<const __m128i*>(sp + j + 2));
    const __m128i same = _mm_and_si128(_mm_cmpeq_epi32(low, expected_low),
                                       _mm_cmpeq_epi32(high, expected_high));
    // Code points are at most 0x10FFFF, so the signed compare is right.
    if (_mm_movemask_epi8(_mm_andnot_si128(_mm_cmpgt_epi32(c, ascii_limit), same)) != 0xFFFF) {
      break;
    }
    const __m128i words = _mm_packs_epi32(c, c);
    const int bytes = _mm_cvtsi128_si32(_mm_packus_epi16(words, words));
    std::memcpy(out, &bytes, 4);
    out += 4;
    expected_low = _mm_add_epi32(expected_low, four);
    expected_high = _mm_add_epi32(expected_high, four);
  }
  *t = out;
  return j;
}
#endif

inline char32_t FoldGenderedHan(char32_t c) {
  if (c == 0x5979) return 0x4ED6;  // 她 -> 他
  if (c == 0x59B3) return 0x4F60;  // 妳 -> 你
  return c;
}

const icu::Normalizer2* NfkcCasefold() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return instance;
}

// Appends a span with its fields written in place: a Span built aside was
// stored in two halves and read back whole, a stall on every character.
inline void AppendSpan(uint32_t begin, uint32_t end, Spans* spans) {
  Span& span = spans->emplace_back();
  span.begin = begin;
  span.end = end;
}

// CJK Unified Ideographs (U+4E00..U+9FFF), most of Chinese and Japanese text.
bool IsUnifiedIdeograph(char32_t c) { return c >= 0x4E00 && c <= 0x9FFF; }

// What a simple starter c becomes as a chunk of its own, or 0 when c is not
// one. A simple starter has combining class 0 and a normalization boundary
// before it, is untouched by Sanitize and the bidi marks, and its NFKC case
// fold alone is one BMP code point: itself for most kana, Hangul syllables,
// Thai letters and CJK punctuation (none of them inert: a voiced mark or a
// trailing jamo can compose with them), another for fullwidth forms (！ -> !).
// Computed by ICU, once per block.
char16_t ComputeSimpleStarterFold(char32_t c) {
  const icu::Normalizer2* nfkc = NfkcCasefold();
  if (nfkc == nullptr || c < 0x80 || (c >= 0xD800 && c <= 0xDFFF) || Sanitize(c) != c ||
      c == 0x202E || c == 0x202C) {
    return 0;
  }
  const auto uc = static_cast<UChar32>(c);
  if (u_getCombiningClass(uc) != 0 || !nfkc->hasBoundaryBefore(uc)) return 0;
  const icu::UnicodeString alone(uc);
  icu::UnicodeString folded;
  UErrorCode status = U_ZERO_ERROR;
  nfkc->normalize(alone, folded, status);
  if (U_FAILURE(status) || folded.length() != 1 || U16_IS_SURROGATE(folded[0])) return 0;
  return folded[0];
}
LazyBmpTable<char16_t, ComputeSimpleStarterFold> simple_starter_folds;

// The unified ideographs (each its own fold: normalizer_test), then the table.
inline __attribute__((always_inline)) char32_t SimpleStarterFold(char32_t c) {
  if (IsUnifiedIdeograph(c)) return c;
  return c < 0x10000 ? simple_starter_folds.Get(c) : 0;
}

}  // namespace

template <bool kShortcuts>
bool NormalizerImpl::DecodeAndFold(std::string_view input, const std::vector<uint32_t>& keep,
                                   bool fold_gendered_han, bool mark_bidi, CodePoints* cps,
                                   Spans* spans, bool* ascii_only) {
  *ascii_only = kShortcuts;
  const auto* s = reinterpret_cast<const unsigned char*>(input.data());
  // NFKC can expand a character up to 18-fold (U+FDFA): the output is cut at
  // twice the input, so memory per call stays a small multiple of the input.
  const size_t max_output = 2 * input.size() + 4096;
  const icu::Normalizer2* nfkc = NfkcCasefold();
  icu::UnicodeString chunk, folded;
  uint32_t chunk_begin = 0, chunk_end = 0;
  // A chunk of one code point is held here, outside `chunk`, until a second
  // one joins it (kShortcuts only): a lone normalization-inert code point is
  // its own NFKC case fold (ICU's definition of inert), so most chunks of
  // non-Latin text never reach ICU's normalize().
  bool lone = false;
  char32_t lone_cp = 0;

  // A chunk runs from one normalization boundary to the next; each output code
  // point of a non-trivial chunk maps to the whole chunk's input span.
  auto flush = [&]() {
    if (lone) {
      lone = false;
      if (nfkc != nullptr) {
        char32_t alone = SimpleStarterFold(lone_cp);
        if (alone == 0 && nfkc->isInert(static_cast<UChar32>(lone_cp))) alone = lone_cp;
        if (alone != 0) {
          cps->push_back(fold_gendered_han ? FoldGenderedHan(alone) : alone);
          AppendSpan(chunk_begin, chunk_end, spans);
          return;
        }
      }
      chunk.append(static_cast<UChar32>(lone_cp));
    }
    if (chunk.isEmpty()) return;
    UErrorCode status = U_ZERO_ERROR;
    folded.remove();
    if (nfkc != nullptr) nfkc->normalize(chunk, folded, status);
    const icu::UnicodeString& result = (nfkc != nullptr && U_SUCCESS(status)) ? folded : chunk;
    for (int32_t k = 0; k < result.length();) {
      const UChar32 c = result.char32At(k);
      const auto cp = static_cast<char32_t>(c);
      cps->push_back(fold_gendered_han ? FoldGenderedHan(cp) : cp);
      AppendSpan(chunk_begin, chunk_end, spans);
      k += U16_LENGTH(c);
    }
    chunk.remove();
  };

  // Input bytes [from, to), all ASCII: each its own chunk, folded.
  auto append_ascii = [&](size_t from, size_t to) {
    const size_t base = cps->size();
    cps->resize(base + (to - from));
    spans->resize(base + (to - from));
    char32_t* cp = cps->data() + base - from;
    Span* sp = spans->data() + base - from;
    size_t k = from;
#if defined(__SSE2__)
    k = FoldAsciiBlocks(s, k, to, cp, sp);
#endif
    for (; k < to; ++k) {
      cp[k] = kAsciiFold.c[s[k]];
      sp[k] = Span{static_cast<uint32_t>(k), static_cast<uint32_t>(k + 1)};
    }
  };

  // The Stream-Safe Text Format (UAX #15): at most 30 non-starters in a row.
  // Longer runs are dropped; canonical reordering of a run is quadratic in
  // its length, so an unbounded run would make normalization quadratic.
  size_t non_starters = 0;
  for (size_t r = 0; r + 1 < keep.size(); r += 2) {
    if (cps->size() >= max_output) break;
    size_t i = keep[r];
    const size_t end = keep[r + 1];
    // Pure-ASCII ranges (most chat) need no ICU: fold and copy in one pass.
    if (kShortcuts && AsciiRunEnd(s, i, end) == end) {
      flush();
      non_starters = 0;
      append_ascii(i, end);
      continue;
    }
    *ascii_only = false;
    while (i < end && cps->size() < max_output) {
      if (kShortcuts && s[i] < 0x80) {
        // ASCII is its own NFKC-casefold chunk except before a combining mark,
        // which the next non-ASCII step sees via hasBoundaryBefore: a run of
        // ASCII is copied at once but for its last character when non-ASCII
        // follows, unless that is a simple starter (a boundary before it).
        const size_t run_end = AsciiRunEnd(s, i + 1, end);
        size_t direct = run_end - i;
        bool before_starter = false;
        if (run_end < end && nfkc != nullptr) {
          char32_t next;
          DecodeUtf8(s, end, run_end, &next);
          before_starter = SimpleStarterFold(next) != 0;
          --direct;
        }
        if (direct > 0 || before_starter) {
          flush();  // as the general path would: ASCII has a boundary before
          non_starters = 0;
          // The last one too if the output stays under its bound after it,
          // so that the starter is read next, as one at a time would.
          if (before_starter && cps->size() + direct + 1 < max_output) ++direct;
        }
        if (direct > 0) {
          // As one character at a time would: the first always, the rest
          // while the output is under its bound.
          const size_t room = cps->size() < max_output ? max_output - cps->size() : 1;
          direct = std::min(direct, room);
          append_ascii(i, i + direct);
          i += direct;
          continue;
        }
      }
      char32_t c;
      size_t len = DecodeUtf8(s, end, i, &c);
      c = Sanitize(c);
      if (mark_bidi && (c == 0x202E || c == 0x202C)) {
        c = c == 0x202E ? kRightToLeftOverrideMark : kPopDirectionalMark;
      }
      if (kShortcuts && nfkc != nullptr && SimpleStarterFold(c) != 0) {
        // A chunk of its own, held as lone: a mark after it may still join.
        non_starters = 0;
        if (lone || !chunk.isEmpty()) flush();
        // Each simple starter that follows closes the chunk before it (it has
        // a boundary before), so that one goes straight out as its fold.
        char32_t fold = SimpleStarterFold(c);
        for (size_t at = i + len; at < end && s[at] >= 0x80 && cps->size() < max_output;) {
          char32_t next;
          size_t next_len;
          if (s[at] >= 0xE1 && s[at] <= 0xEC && at + 2 < end && (s[at + 1] & 0xC0) == 0x80 &&
              (s[at + 2] & 0xC0) == 0x80) {
            // Three bytes that cannot be overlong or a surrogate (kana, Han,
            // Hangul...): decoded here, as DecodeUtf8 would.
            next = CombineUtf8Three(s + at);
            next_len = 3;
          } else {
            next_len = DecodeUtf8(s, end, at, &next);
          }
          const char32_t next_fold = SimpleStarterFold(next);
          if (next_fold == 0) break;  // (a simple starter is its own Sanitize)
          cps->push_back(fold_gendered_han ? FoldGenderedHan(fold) : fold);
          AppendSpan(static_cast<uint32_t>(i), static_cast<uint32_t>(at), spans);
          i = at;
          c = next;
          fold = next_fold;
          len = next_len;
          at += next_len;
        }
        chunk_begin = static_cast<uint32_t>(i);
        lone = true;
        lone_cp = c;
        chunk_end = static_cast<uint32_t>(i + len);
        i += len;
        continue;
      }
      if (u_getCombiningClass(static_cast<UChar32>(c)) != 0) {
        if (++non_starters > kMaxNonStarters) {
          i += len;
          continue;
        }
      } else {
        non_starters = 0;
      }
      if ((lone || !chunk.isEmpty()) && nfkc->hasBoundaryBefore(static_cast<UChar32>(c))) {
        flush();
      }
      if (!lone && chunk.isEmpty()) {  // c starts a chunk
        chunk_begin = static_cast<uint32_t>(i);
        if (kShortcuts) {
          lone = true;
          lone_cp = c;
        } else {
          chunk.append(static_cast<UChar32>(c));
        }
      } else {
        if (lone) chunk.append(static_cast<UChar32>(lone_cp));
        lone = false;
        chunk.append(static_cast<UChar32>(c));
      }
      chunk_end = static_cast<uint32_t>(i + len);
      i += len;
    }
    flush();
  }
  if (cps->size() < max_output) return true;
  cps->resize(max_output);
  spans->resize(max_output);
  return false;
}

template <bool kShortcuts>
void NormalizerImpl::Encode(const CodePoints& cps, const Spans& spans, NormalizedText* out) {
  std::string& text = out->text_;
  auto& segments = out->segments_;
  // Written through a pointer into room for the longest encoding (four bytes
  // a code point), cut to size at the end: no check of room per character.
  text.resize(4 * cps.size());
  char* const t0 = text.data();
  size_t size = 0;
  const char32_t* const cp = cps.data();
  const Span* const sp = spans.data();
  const size_t n = cps.size();
  for (size_t k = 0; k < n; ++k) {
    const size_t before = size;
    const Span src = sp[k];
    // The common case: ASCII characters continuing an identity run, each the
    // one-byte input right after the previous one. The whole run at once.
    if (kShortcuts && cp[k] < 0x80 && src.end == src.begin + 1 && !segments.empty() &&
        segments.back().linear && segments.back().source_end == src.begin) {
      char* t = t0 + before;
      *t++ = static_cast<char>(cp[k]);
      size_t j = k + 1;
#if defined(__SSE2__)
      j = EncodeAsciiBlocks(cp, sp, j, n, src.end, &t);
#endif
      const size_t scalar_from = j;
      uint32_t next = src.end + static_cast<uint32_t>(j - (k + 1));
      // Spans compared as one 64-bit word each, stepping both halves by one
      // (the same word on either byte order; inputs stay below UINT32_MAX).
      static_assert(sizeof(Span) == sizeof(uint64_t), "Span is two uint32_t");
      const Span first{next, next + 1};
      uint64_t expected;
      std::memcpy(&expected, &first, sizeof expected);
      while (j < n && cp[j] < 0x80) {
        uint64_t span;
        std::memcpy(&span, &sp[j], sizeof span);
        if (span != expected) break;
        expected += 0x100000001ULL;
        ++j;
      }
      next += static_cast<uint32_t>(j - scalar_from);
      for (size_t q = scalar_from; q < j; ++q) *t++ = static_cast<char>(cp[q]);
      size = static_cast<size_t>(t - t0);
      segments.back().source_end = next;
      k = j - 1;
      continue;
    }
    // Any code point continuing a linear run, each one its own input (its
    // span as long as its encoding, no other code point from the same
    // chunk): the run at once, as the steps below would extend it one by one.
    // Each is written before it is checked; one that fails is written over.
    // ASCII after the first goes back to the run of ASCII above, which takes
    // four at a time ("café next week": the rest of the line).
    if (kShortcuts && !segments.empty() && segments.back().linear &&
        segments.back().source_end == src.begin) {
      size_t j = k;
      uint32_t next = src.begin;
      char* t = t0 + before;
      while (j < n && (j == k || cp[j] >= 0x80)) {
        char* const after = WriteUtf8(cp[j], t);
        const auto len = static_cast<uint32_t>(after - t);
        if (sp[j].begin != next || sp[j].end != next + len ||
            (j + 1 < n && sp[j + 1].begin == next)) {
          break;
        }
        t = after;
        next += len;
        ++j;
      }
      if (j > k) {
        size = static_cast<size_t>(t - t0);
        segments.back().source_end = next;
        k = j - 1;
        continue;
      }
    }
    size = static_cast<size_t>(WriteUtf8(cp[k], t0 + before) - t0);
    const uint32_t produced = static_cast<uint32_t>(size - before);
    // A code point that is its own input (same length, one code point per
    // chunk) extends or starts a linear run; anything else maps to its chunk.
    const bool this_linear = produced == src.end - src.begin &&
                             (k + 1 >= n || sp[k + 1].begin != src.begin) &&
                             (k == 0 || sp[k - 1].begin != src.begin);
    if (!segments.empty()) {
      auto& last = segments.back();
      if (this_linear && last.linear && last.source_end == src.begin) {
        last.source_end = src.end;
        continue;
      }
      if (!this_linear && !last.linear && last.source_begin == src.begin &&
          last.source_end == src.end) {
        continue;  // same chunk, several output code points
      }
    }
    segments.push_back({static_cast<uint32_t>(before), src.begin, src.end, this_linear});
  }
  text.resize(size);
}

template <bool kShortcuts>
void NormalizerImpl::Run(const NormalizeOptions& options, std::string_view input,
                         const std::vector<uint32_t>* ranges, NormalizedText* out) {
  out->Clear();
  if (input.size() > options.max_input_bytes) {
    input = input.substr(0, Utf8Floor(input.data(), options.max_input_bytes));
    out->truncated_ = true;
  }
  if (input.size() > UINT32_MAX - 1) input = input.substr(0, Utf8Floor(input.data(), UINT32_MAX - 1));

  std::vector<uint32_t>& keep = out->scratch_keep_;
  if (ranges == nullptr) {
    FindKeptRanges(input, options.strip_email_quotes, options.strip_signature, &keep);
  } else {  // the caller's ranges, clipped to what is read
    keep.clear();
    const auto n = static_cast<uint32_t>(input.size());
    for (size_t r = 0; r + 1 < ranges->size(); r += 2) {
      const uint32_t b = std::min((*ranges)[r], n), e = std::min((*ranges)[r + 1], n);
      if (b < e) {
        keep.push_back(b);
        keep.push_back(e);
      }
    }
  }

  CodePoints& cps = out->scratch_cp_;
  Spans& spans = out->scratch_span_;
  cps.clear();
  spans.clear();
  const bool see_through = options.deobfuscate && options.deobfuscate_unicode;
  bool ascii_only;
  if (!DecodeAndFold<kShortcuts>(input, keep, options.fold_gendered_han, see_through, &cps,
                                 &spans, &ascii_only)) {
    out->truncated_ = true;
  }
  // Only ideographs are folded, and ASCII input gives none.
  if (options.fold_gendered_cjk && !ascii_only) {
    FoldGenderedCjk(&cps, &spans, &out->scratch_spare_cp_, &out->scratch_spare_span_);
  }
  if (options.placeholders) ReplacePlaceholders(&cps, &spans, options.unspaced_script_numbers);
  if (see_through) {
    SeeThroughUnicode(input, &cps, &spans, &out->scratch_spare_cp_, &out->scratch_spare_span_);
  }
  if (options.deobfuscate) Deobfuscate(&cps, &spans);
  Encode<kShortcuts>(cps, spans, out);
  // No pass makes a non-ASCII character of ASCII ones but placeholders.
  out->ascii_input_ = ascii_only;
}

void Normalize(const NormalizeOptions& options, std::string_view input, NormalizedText* out) {
  NormalizerImpl::Run(options, input, nullptr, out);
}

void NormalizeRanges(const NormalizeOptions& options, std::string_view input,
                     const std::vector<uint32_t>& ranges, NormalizedText* out) {
  NormalizerImpl::Run(options, input, &ranges, out);
}

void NormalizeWithoutShortcuts(const NormalizeOptions& options, std::string_view input,
                               NormalizedText* out) {
  NormalizerImpl::Run<false>(options, input, nullptr, out);
}

}  // namespace meetintent
