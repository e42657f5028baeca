#include "foreign_names.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "meetintent/placeholder.h"
#include "utf8.h"

namespace meetintent {
namespace {

enum class Script : uint8_t { kLatin, kHanKana, kHangul, kOther };

// Whether a token could start with Han, kana or Hangul, by its first bytes
// (U+3000..U+DFFF, U+F900..U+FAFF, U+20000..U+2FFFF): most tokens, emoji
// included, are told apart without decoding; most by their first byte alone,
// below 0xE3.
bool MaybeForeign(std::string_view t) {
  if (t.empty()) return false;
  const auto b = static_cast<unsigned char>(t[0]);
  if (b < 0xE3) return false;
  if (b <= 0xED) return true;
  if (t.size() < 2) return false;
  const auto c = static_cast<unsigned char>(t[1]);
  return (b == 0xEF && c >= 0xA4 && c <= 0xAB) || (b == 0xF0 && c >= 0xA0 && c <= 0xAF);
}

// The script of a token by its first code point.
Script ScriptOf(std::string_view token) {
  const auto b = static_cast<unsigned char>(token[0]);
  if (b < 0x80) return ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') ? Script::kLatin : Script::kOther;
  char32_t c = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(token.data());
  if (b >= 0xE1 && b <= 0xEF && b != 0xED && token.size() >= 3 && (p[1] & 0xC0) == 0x80 &&
      (p[2] & 0xC0) == 0x80) {
    // Three bytes that cannot be overlong or a surrogate (most CJK text):
    // decoded here, as DecodeUtf8 would.
    c = CombineUtf8Three(p);
  } else if (DecodeUtf8(p, token.size(), 0, &c) == 0) {
    return Script::kOther;
  }
  if (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) return Script::kLatin;
  if (IsHanOrKana(c)) return Script::kHanKana;
  if (c >= 0xAC00 && c <= 0xD7A3) return Script::kHangul;
  return Script::kOther;
}

bool IsForeign(Script s) { return s == Script::kHanKana || s == Script::kHangul; }

// Whether a three-byte token is one Han or kana character (U+3040..U+9FFF,
// lead bytes E3..E9), as ScriptOf would find, without its other cases.
bool IsHanOrKana3(std::string_view t) {
  const auto* p = reinterpret_cast<const unsigned char*>(t.data());
  if (p[0] < 0xE3 || p[0] > 0xE9 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return false;
  return IsHanOrKana(CombineUtf8Three(p));
}

}  // namespace

bool MayHoldForeignScript(std::string_view text) {
  const size_t n = text.size();
  size_t i = 0;
#if defined(__SSE2__)
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  // The bytes 0xE3..0xF0 but for 0xEE (the placeholders' lead byte), 16 at a
  // time; each found is then told as a token's first byte would be.
  const __m128i first_lead = _mm_set1_epi8(static_cast<char>(0x80 - 0xE3));
  const __m128i leads = _mm_set1_epi8(static_cast<char>(0xF0 - 0xE3 + 1 - 128));
  const __m128i placeholder = _mm_set1_epi8(static_cast<char>(0xEE));
  auto found_in = [&](size_t at, unsigned lanes_from) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + at));
    const __m128i lead = _mm_andnot_si128(_mm_cmpeq_epi8(v, placeholder),
                                          _mm_cmplt_epi8(_mm_add_epi8(v, first_lead), leads));
    for (auto m = static_cast<unsigned>(_mm_movemask_epi8(lead)) >> lanes_from << lanes_from;
         m != 0; m &= m - 1) {
      if (MaybeForeign(text.substr(at + static_cast<size_t>(__builtin_ctz(m))))) return true;
    }
    return false;
  };
  for (; i + 16 <= n; i += 16) {
    if (found_in(i, 0)) return true;
  }
  // The last bytes as the last lanes of the last 16.
  if (i < n && n >= 16) return found_in(n - 16, static_cast<unsigned>(16 - (n - i)));
#endif
  for (; i < n; ++i) {
    if (MaybeForeign(text.substr(i))) return true;
  }
  return false;
}

void NameForeignScriptRuns(std::vector<Token>* tokens) {
  std::vector<Token>& t = *tokens;
  size_t first = 0;
  while (first < t.size() && !MaybeForeign(t[first].text)) ++first;
  if (first == t.size()) return;  // most messages
  // Latin letters (counted as bytes: an accented one counts twice) against
  // code points of the other scripts, stopping as soon as there are too many
  // of those: Chinese, Japanese or Korean text is known by its first tokens.
  // The count starts at the first token that may be foreign (none before it
  // is), and Latin is counted only once the message is known to have few.
  size_t foreign = 0;
  for (size_t i = first; i < t.size(); ++i) {
    const std::string_view text = t[i].text;
    if (text.size() == 3 && IsHanOrKana3(text)) {  // most tokens of CJK text
      if (++foreign > kMaxForeignChars) return;
      continue;
    }
    if (!text.empty() && IsForeign(ScriptOf(text)) &&
        (foreign += CountCodePoints(text)) > kMaxForeignChars)
      return;
  }
  size_t latin = 0;
  for (const Token& token : t) {
    if (!token.text.empty() && ScriptOf(token.text) == Script::kLatin) latin += token.text.size();
  }
  if (foreign == 0 || latin < kLatinPerForeignChar * foreign) return;
  size_t out = first;
  for (size_t i = first; i < t.size();) {
    const Script s = t[i].text.empty() ? Script::kOther : ScriptOf(t[i].text);
    // A run: one Hangul word, or Han and kana characters that touch.
    size_t end = i + 1;
    while (s == Script::kHanKana && end < t.size() && t[end].begin == t[end - 1].end &&
           !t[end].text.empty() && ScriptOf(t[end].text) == Script::kHanKana) {
      ++end;
    }
    size_t chars = 0;
    for (size_t k = i; IsForeign(s) && k < end; ++k) chars += CountCodePoints(t[k].text);
    if (chars > 0 && chars <= kMaxForeignNameChars) {
      Token name;
      name.text = kNamePlaceholder;
      name.begin = t[i].begin;
      name.end = t[end - 1].end;
      t[out++] = name;
    } else {
      for (size_t k = i; k < end; ++k) t[out++] = t[k];
    }
    i = end;
  }
  t.resize(out);
}

}  // namespace meetintent
