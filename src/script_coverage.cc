#include "script_coverage.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <cstring>

#include "bmp_table.h"
#include "code_point_scan.h"
#include "meetintent/placeholder.h"
#include "utf8.h"

namespace meetintent {

uint32_t ScriptOfUncached(char32_t c) {
  if (c < 0x80) return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? uint32_t{kScriptLatin} : 0u;
  if (!u_isalpha(static_cast<UChar32>(c))) return 0;
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(static_cast<UChar32>(c), &status)) {
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED: return 0;
    case USCRIPT_LATIN: return kScriptLatin;
    case USCRIPT_GREEK: return kScriptGreek;
    case USCRIPT_CYRILLIC: return kScriptCyrillic;
    case USCRIPT_ARMENIAN: return kScriptArmenian;
    case USCRIPT_HEBREW: return kScriptHebrew;
    case USCRIPT_ARABIC: return kScriptArabic;
    case USCRIPT_DEVANAGARI: return kScriptDevanagari;
    case USCRIPT_HAN: return kScriptHan;
    case USCRIPT_HIRAGANA: return kScriptHiragana;
    case USCRIPT_KATAKANA: return kScriptKatakana;
    case USCRIPT_HANGUL: return kScriptHangul;
    case USCRIPT_THAI: return kScriptThai;
    default: return kScriptOther;
  }
}

namespace {

// ScriptOfUncached of a BMP code point as the bit's index plus one (0: none).
uint8_t ComputeScriptIndex(char32_t c) {
  const uint32_t bit = ScriptOfUncached(c);
  return bit == 0 ? 0 : static_cast<uint8_t>(__builtin_ctz(bit) + 1);
}
LazyBmpTable<uint8_t, ComputeScriptIndex> script_indexes;

// ScriptOf, inline for the loops below.
inline __attribute__((always_inline)) uint32_t ScriptOfInline(char32_t c) {
  if (c < 0x80) return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? uint32_t{kScriptLatin} : 0u;
  if (c >= 0x10000) return ScriptOfUncached(c);
  const uint8_t index = script_indexes.Get(c);
  return index == 0 ? 0u : 1u << (index - 1);
}

}  // namespace

uint32_t ScriptOf(char32_t c) { return ScriptOfInline(c); }

void CountScripts(std::string_view text, uint64_t counts[32]) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t i = 0; i < text.size();) {
    char32_t c;
    if (s[i] < 0x80) {
      c = s[i++];
    } else {
      i += DecodeUtf8(s, text.size(), i, &c);
    }
    if (const uint32_t bit = ScriptOfInline(c)) ++counts[__builtin_ctz(bit)];
  }
}

namespace {

constexpr uint64_t kHighBits = 0x8080808080808080ULL;
constexpr uint64_t kOnes = 0x0101010101010101ULL;

// The ASCII letters among eight ASCII bytes (every high bit clear). Each byte
// stays below 0x100 through the sums, so no byte carries into the next.
inline uint64_t AsciiLettersIn(uint64_t word) {
  const uint64_t lower = word | (0x20 * kOnes);
  const uint64_t at_least_a = lower + (0x80 - 'a') * kOnes;      // high bit: >= 'a'
  const uint64_t past_z = lower + (0x80 - 'z' - 1) * kOnes;      // high bit: > 'z'
  const uint64_t letters = (at_least_a & ~past_z & kHighBits) >> 7;  // 1 per letter
  return (letters * kOnes) >> 56;                                 // their sum
}

}  // namespace

void JudgeCoverage(uint32_t scripts, std::string_view normalized, const std::vector<Token>& tokens,
                   bool* supported, const char** reason) {
  *supported = true;
  *reason = nullptr;
  bool content = false;
  for (const Token& t : tokens) {
    if (!(t.text.size() == kPlaceholderBytes && PlaceholderAt(t.text, 0) != 0)) {
      content = true;
      break;
    }
  }
  if (!content) {
    *supported = false;
    *reason = "empty";
    return;
  }
  uint64_t known = 0, all = 0;
  uint64_t ascii_letters = 0;  // Latin: counted without a decode, added below
  uint64_t han = 0;            // U+5000..U+9FFF, by their lead byte: added below
  const auto* s = reinterpret_cast<const unsigned char*>(normalized.data());
  const size_t n = normalized.size();
  // Reads the character at s[i] >= 0x80 (a run of three-byte ones at once);
  // returns the position after it.
  auto read_non_ascii = [&](size_t i) {
    // A run of three-byte characters (most CJK, kana, Hangul and Thai text):
    // decoded without checks, as normalized text is valid UTF-8.
    if ((s[i] & 0xF0) == 0xE0 && i + 3 <= n) {
      while (i + 3 <= n && (s[i] & 0xF0) == 0xE0) {
        // Every code point from U+5000 to U+9FFF is a Han letter (a test
        // checks it against ICU): most Chinese and Japanese text.
        if (s[i] >= 0xE5 && s[i] <= 0xE9) {
          ++han;
          i += 3;
          continue;
        }
        // U+E000..U+EFFF are private use, no letters (a test checks it):
        // the placeholders.
        if (s[i] == 0xEE) {
          i += 3;
          continue;
        }
        const char32_t c = CombineUtf8Three(s + i);
        i += 3;
        if (const uint32_t bit = ScriptOfInline(c)) {
          ++all;
          known += (scripts & bit) != 0;
        }
      }
      return i;
    }
    // U+1F000..U+1FFFF (emoji, most of the rest) hold no letters either (a
    // test checks it): told without asking ICU.
    if (s[i] == 0xF0 && i + 4 <= n && s[i + 1] == 0x9F && (s[i + 2] & 0xC0) == 0x80 &&
        (s[i + 3] & 0xC0) == 0x80) {
      return i + 4;
    }
    char32_t c;
    i += DecodeUtf8(s, n, i, &c);
    if (const uint32_t bit = ScriptOfInline(c)) {
      ++all;
      known += (scripts & bit) != 0;
    }
    return i;
  };
  size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes at a time: the ASCII letters before the first other byte
  // are counted in lanes, and that byte's character is read as below.
  LaneCounter letters;
  while (i + 16 <= n) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    const auto other = static_cast<unsigned>(_mm_movemask_epi8(v));
    if (other == 0) {
      letters.Add(AsciiLetterLanes(v));
      i += 16;
      continue;
    }
    const auto ascii = static_cast<size_t>(__builtin_ctz(other));
    letters.Add(_mm_and_si128(AsciiLetterLanes(v), FirstLanes(ascii)));
    i = read_non_ascii(i + ascii);
  }
  // The last bytes, when ASCII, as the last lanes of the text's last 16.
  if (i < n && n >= 16) {
    const size_t before = 16 - (n - i);  // lanes already counted
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + n - 16));
    if ((static_cast<unsigned>(_mm_movemask_epi8(v)) >> before) == 0) {
      letters.Add(_mm_andnot_si128(FirstLanes(before), AsciiLetterLanes(v)));
      i = n;
    }
  }
  ascii_letters = letters.Total();
#endif
  while (i < n) {
    if (s[i] < 0x80 && i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, s + i, 8);
      if ((word & kHighBits) == 0) {  // eight ASCII bytes at once
        ascii_letters += AsciiLettersIn(word);
        i += 8;
        continue;
      }
    }
    if (s[i] < 0x80) {
      const unsigned char b = s[i++] | 0x20;
      ascii_letters += b >= 'a' && b <= 'z';
      continue;
    }
    i = read_non_ascii(i);
  }
  all += ascii_letters + han;
  if ((scripts & kScriptLatin) != 0) known += ascii_letters;
  if ((scripts & kScriptHan) != 0) known += han;
  if (2 * known < all) {
    *supported = false;
    *reason = "unsupported-script";
  }
}

}  // namespace meetintent
