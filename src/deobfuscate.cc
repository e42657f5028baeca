#include "deobfuscate.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "code_point_scan.h"
#include "confusables.h"

namespace meetintent {
namespace {

bool IsLatinLetter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0x24F && c != 0xF7); }

__attribute__((noinline)) bool IsLetterPastAscii(char32_t c) {
  return InCjkLetterBlock(c) || u_isalpha(static_cast<UChar32>(c));
}

// Inlined where ASCII is answered, as most of a text is.
inline bool IsLetter(char32_t c) { return c < 0x80 ? c >= 'a' && c <= 'z' : IsLetterPastAscii(c); }

// Lower-case Cyrillic and Greek letters that look like Latin ones.
char32_t LatinLookAlike(char32_t c) {
  switch (c) {
    // Cyrillic
    case 0x0430: return 'a';  // а
    case 0x0435: return 'e';  // е
    case 0x043E: return 'o';  // о
    case 0x0440: return 'p';  // р
    case 0x0441: return 'c';  // с
    case 0x0443: return 'y';  // у
    case 0x0445: return 'x';  // х
    case 0x0456: return 'i';  // і
    case 0x0458: return 'j';  // ј
    case 0x0455: return 's';  // ѕ
    case 0x0501: return 'd';  // ԁ
    case 0x051B: return 'q';  // ԛ
    case 0x051D: return 'w';  // ԝ
    case 0x04BB: return 'h';  // һ
    case 0x0432: return 'b';  // в (as in small caps)
    case 0x043A: return 'k';  // к
    case 0x043C: return 'm';  // м
    case 0x043D: return 'h';  // н
    case 0x0442: return 't';  // т
    // Greek
    case 0x03BF: return 'o';  // ο
    case 0x03B1: return 'a';  // α
    case 0x03B5: return 'e';  // ε
    case 0x03B9: return 'i';  // ι
    case 0x03BA: return 'k';  // κ
    case 0x03BD: return 'v';  // ν
    case 0x03C1: return 'p';  // ρ
    case 0x03C4: return 't';  // τ
    case 0x03C5: return 'u';  // υ
    case 0x03C7: return 'x';  // χ
    case 0x03B7: return 'n';  // η
    case 0x03C9: return 'w';  // ω
    default: return 0;
  }
}

constexpr char32_t LeetLetter(char32_t c) {
  switch (c) {
    case '0': return 'o';
    case '1': return 'i';
    case '3': return 'e';
    case '4': return 'a';
    case '5': return 's';
    case '7': return 't';
    case '@': return 'a';
    case '$': return 's';
    default: return 0;
  }
}

constexpr bool IsSpacingSeparator(char32_t c) {
  return c == ' ' || c == '.' || c == '-' || c == '_' || c == '*' || c == 0xB7;
}

// What an ASCII character can wake in Deobfuscate's first scan, as bits:
// letters (most of any text) wake nothing and cost one load.
enum : uint8_t { kLeet = 1, kSeparator = 2, kStar = 4 };
struct AsciiScanRoles {
  uint8_t bits[128];
  constexpr AsciiScanRoles() : bits() {
    for (char32_t c = 0; c < 128; ++c) {
      bits[c] = static_cast<uint8_t>((LeetLetter(c) != 0 ? kLeet : 0) |
                                     (IsSpacingSeparator(c) ? kSeparator : 0) |
                                     (c == '*' ? kStar : 0));
    }
  }
};
constexpr AsciiScanRoles kScanRoles;

// Applies look-alike and leetspeak rules inside each word.
void FixWords(CodePoints* cps_in) {
  CodePoints& s = *cps_in;
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    if (!IsLetter(s[i]) && LeetLetter(s[i]) == 0 && !(s[i] >= '0' && s[i] <= '9')) {
      ++i;
      continue;
    }
    // A word: letters, digits and the leet symbols.
    size_t j = i;
    bool latin = false, lookalike = false;
    while (j < n && (IsLetter(s[j]) || (s[j] >= '0' && s[j] <= '9') || LeetLetter(s[j]) != 0)) {
      latin |= IsLatinLetter(s[j]);
      lookalike |= LatinLookAlike(s[j]) != 0;
      ++j;
    }
    if (latin && lookalike) {
      for (size_t k = i; k < j; ++k) {
        if (char32_t l = LatinLookAlike(s[k])) s[k] = l;
      }
    }
    // Leet characters strictly between two letters (after the look-alike fix).
    for (size_t k = i + 1; k + 1 < j; ++k) {
      const char32_t leet = LeetLetter(s[k]);
      if (leet == 0) continue;
      // Find the letters around a run of leet characters ("h00t").
      size_t b = k, e = k;
      while (b > i && LeetLetter(s[b - 1]) != 0) --b;
      while (e + 1 < j && LeetLetter(s[e + 1]) != 0) ++e;
      if (b > i && e + 1 < j && IsLatinLetter(s[b - 1]) && IsLatinLetter(s[e + 1])) {
        for (size_t m = b; m <= e; ++m) s[m] = LeetLetter(s[m]);
      }
      k = e;
    }
    i = j;
  }
}

// The first position from `from` on where the rewrite of Deobfuscate may
// change something: an asterisk or a single letter (no letter on either
// side). Words of two letters or more, most of a text, are skipped whole.
size_t NextRewriteStart(const CodePoints& s, size_t from) {
  const size_t n = s.size();
  for (size_t k = from; k < n;) {
    if (s[k] == '*') return k;
    if (!IsLetter(s[k])) {
      ++k;
      continue;
    }
    size_t end = SkipAsciiLetters(s.data(), k + 1, n);
    while (end < n && IsLetter(s[end])) ++end;
    if (end == k + 1 && (k == 0 || !IsLetter(s[k - 1]))) return k;
    k = end;
  }
  return n;
}

}  // namespace

void Deobfuscate(CodePoints* cps_in, Spans* spans_in) {
  // Most messages hold nothing any rule could touch: check that first.
  // FixWords changes a word with a Latin letter and a look-alike (Greek or
  // Cyrillic), or leet characters between Latin letters ("h00t"); nothing else.
  bool leet = false, latin = false, lookalike = false, spacing = false;
  CodePoints& t = *cps_in;
  const size_t size = t.size();
  for (size_t k = 0; k < size; ++k) {
    const char32_t c = t[k];
    if (c < 0x80) {
      if (static_cast<uint32_t>(c - 'a') < 26) {  // ASCII letters wake nothing else
        latin = true;
        k = SkipAsciiLetters(t.data(), k + 1, size) - 1;
        continue;
      }
      const uint8_t role = kScanRoles.bits[c];
      if (role == 0) continue;
      if ((role & kLeet) != 0 && k > 0 && IsLatinLetter(t[k - 1])) {
        // ... and a Latin letter after the run of leet characters: "h00t",
        // not "covid19".
        size_t e = k + 1;
        while (e < size && LeetLetter(t[e]) != 0) ++e;
        leet |= e < size && IsLatinLetter(t[e]);
      }
      // An asterisk is dropped only between letters (FixWords changes no
      // character next to one from a non-letter to a letter).
      spacing |= (role & kStar) != 0 && k > 0 && k + 1 < size && IsLetter(t[k - 1]) &&
                 IsLetter(t[k + 1]);
      if ((role & kSeparator) == 0) continue;
    } else if (c < 0x530) {
      // (Latin-1 symbols count as Latin letters here: that costs at most a
      // FixWords that changes nothing.)
      latin |= c < 0x250;
      lookalike |= c >= 0x370;
      if (!IsSpacingSeparator(c)) continue;
    } else {
      // The typographic apostrophe reads as the plain one ("it’s" = "it's"),
      // which wakes nothing.
      if (c == 0x2019) t[k] = '\'';
      continue;
    }
    // c as the first separator of "d a t e": the rewrite below needs three
    // single letters, so a single letter before c and letters one and three
    // on, with c again between them ("I am a good" does not wake it). (Neither
    // U+2019 nor the apostrophe is a letter or a separator: turning one into
    // the other above changes no answer here.)
    spacing |= k >= 1 && k + 3 < size && t[k + 2] == c &&
               IsLetter(t[k - 1]) && (k < 2 || !IsLetter(t[k - 2])) && IsLetter(t[k + 1]) &&
               IsLetter(t[k + 3]);
  }
  // Without a Latin letter and a look-alike in the text no look-alike is
  // fixed, and leet characters stay unless they stand between Latin letters.
  const bool words = leet || (latin && lookalike);
  if (words) FixWords(cps_in);
  if (!spacing) return;

  // Letter spacing and asterisks: a compacting rewrite.
  CodePoints& s = *cps_in;
  Spans& spans = *spans_in;
  const size_t n = s.size();
  size_t w = 0;
  size_t i = 0;
  auto single_letter_at = [&](size_t k) {
    return k < n && IsLetter(s[k]) && (k + 1 >= n || !IsLetter(s[k + 1])) &&
           (k == 0 || !IsLetter(s[k - 1]));
  };
  while (i < n) {
    // Up to the next place where a rule may apply the text stays as it is:
    // moved down at once, once something before it was dropped.
    const size_t keep = NextRewriteStart(s, i);
    MoveDown(cps_in, spans_in, i, keep, w);
    w += keep - i;
    i = keep;
    if (i == n) break;
    // "d a t e": letters at i, i+2, i+4... with one repeated separator.
    if (i + 2 < n && IsSpacingSeparator(s[i + 1]) && single_letter_at(i)) {
      const char32_t sep = s[i + 1];
      size_t count = 1, k = i;
      while (k + 2 < n && s[k + 1] == sep && single_letter_at(k + 2)) {
        k += 2;
        ++count;
      }
      if (count >= 3) {
        for (size_t m = i; m <= k; m += 2) {
          s[w] = s[m];
          spans[w] = spans[m];
          ++w;
        }
        i = k + 1;
        continue;
      }
    }
    // "d*te": an asterisk between letters.
    if (s[i] == '*' && i > 0 && i + 1 < n && IsLetter(s[i - 1]) && IsLetter(s[i + 1])) {
      ++i;
      continue;
    }
    s[w] = s[i];
    spans[w] = spans[i];
    ++w;
    ++i;
  }
  s.resize(w);
  spans.resize(w);
}

}  // namespace meetintent
