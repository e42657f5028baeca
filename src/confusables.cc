#include "confusables.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>

#include "bmp_table.h"
#include "code_point_scan.h"
#include "packed_word_set.h"
#include "script_coverage.h"
#include "utf8.h"

namespace meetintent {
namespace {

bool IsAsciiLetter(char32_t c) { return c >= 'a' && c <= 'z'; }

bool IsMark(char32_t c) {
  if (c < 0x300) return false;
  const int8_t t = u_charType(static_cast<UChar32>(c));
  return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_COMBINING_SPACING_MARK;
}

__attribute__((noinline)) bool IsLetterPastAscii(char32_t c) {
  if (c < 0x250) return (c >= 0xC0 && c != 0xD7 && c != 0xF7) || c == 0xAA || c == 0xB5 || c == 0xBA;
  if (InCjkLetterBlock(c)) return true;
  return u_isalpha(static_cast<UChar32>(c));
}

// Inlined where ASCII is answered, as most of a text is: the scans call it
// for every character.
inline bool IsLetter(char32_t c) { return c < 0x80 ? IsAsciiLetter(c) : IsLetterPastAscii(c); }

bool IsLatin(char32_t c) {
  if (c < 0x80) return IsAsciiLetter(c);
  if (c < 0x250) return IsLetter(c);  // Latin-1 to Latin Extended-B
  // Kana, CJK ideographs and Hangul syllables, most letters of CJK text,
  // answered without ICU's script lookup.
  if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) ||
      (c >= 0xAC00 && c <= 0xD7A3)) {
    return false;
  }
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(static_cast<UChar32>(c), &status) == USCRIPT_LATIN && IsLetter(c);
}

Span Union(Span a, Span b) {
  return Span{std::min(a.begin, b.begin), std::max(a.end, b.end)};
}

// Reverses [b, e) of the text, keeping each letter's marks after it, and
// gives every code point the span of the whole range (its order no longer
// follows the input's).
void ReverseRange(CodePoints* cps, Spans* spans, size_t b, size_t e) {
  if (e <= b) return;
  Span all = (*spans)[b];
  for (size_t k = b; k < e; ++k) all = Union(all, (*spans)[k]);
  std::reverse(cps->begin() + static_cast<ptrdiff_t>(b), cps->begin() + static_cast<ptrdiff_t>(e));
  // Marks now precede their letters: swap each run of marks with the letter after it.
  for (size_t k = b; k < e;) {
    if (!IsMark((*cps)[k])) {
      ++k;
      continue;
    }
    size_t m = k;
    while (m < e && IsMark((*cps)[m])) ++m;
    if (m == e) break;
    std::rotate(cps->begin() + static_cast<ptrdiff_t>(k), cps->begin() + static_cast<ptrdiff_t>(m),
                cps->begin() + static_cast<ptrdiff_t>(m + 1));
    k = m + 1;
  }
  for (size_t k = b; k < e; ++k) (*spans)[k] = all;
}

// --- Reversed text ---------------------------------------------------------

// Short words common in the corpus's languages: a line with several of them
// only when read backwards is reversed text. Words that are common either way
// ("on"/"no", "an"/"na") do not count as evidence.
// Words whose reverse is itself a common word in one of these languages
// ("was", "der", "le"/"el", "it"/"ti", "me"/"em") are not listed.
constexpr const char* kCommonWords[] = {
    "abend", "about", "anche", "and", "at", "auch", "auf", "avec", "bien", "but", "can", "ce",
    "cena", "che", "ciao", "domingo", "molto", "sei", "that", "tutti",
    "com", "como", "con", "dans", "dass", "de", "dein", "della", "den", "dich", "die", "dinner",
    "do", "du", "eine", "est", "esta", "este", "for", "from", "go", "had", "hai", "have", "hay",
    "het", "hoy", "how", "ich", "ihr", "ik", "il", "ist", "je", "just", "les", "like", "los",
    "lunch", "mais", "meet", "meine", "mich", "mit", "moi", "muy", "my", "nicht", "noch", "nous",
    "of", "para", "pas", "pero", "por", "pour", "que", "questa", "qui", "see", "she", "sie",
    "some", "sono", "suis", "the", "this", "time", "to", "tonight", "una", "und", "une", "uns",
    "voor", "vous", "want", "we", "week", "what", "when", "wie", "will", "wir", "with", "would",
    "ya", "you", "your",
};

// By length (2..8) and first letter: a bit per last letter of a common word,
// a quick filter (most words of a message get no further).
struct EdgeLetters {
  uint32_t bits[9][26] = {};
  constexpr EdgeLetters() {
    for (const char* w : kCommonWords) {
      size_t n = 0;
      while (w[n] != '\0') ++n;
      if (n < 9) bits[n][w[0] - 'a'] |= 1u << (w[n - 1] - 'a');
    }
  }
  // REQUIRES: first and last are ASCII small letters.
  constexpr bool MayBeCommon(char32_t first, char32_t last, size_t n) const {
    return n < 9 && (bits[n][first - 'a'] & (1u << (last - 'a'))) != 0;
  }
};
constexpr EdgeLetters kEdgeLetters;

// The common words in a PackedWordSet at most a quarter full.
constexpr size_t kCommonWordBits = 9;
static_assert(std::size(kCommonWords) * 4 <= (size_t{1} << kCommonWordBits),
              "keep the table at most a quarter full");

bool IsCommonWord(const char* w, size_t n) {
  if (!kEdgeLetters.MayBeCommon(w[0], w[n - 1], n)) return false;
  static const PackedWordSet<kCommonWordBits> table(kCommonWords);
  return table.Contains(PackWord(std::string_view(w, n)));
}

// Whether the word of n ASCII letters is a common word read backwards only.
bool CommonOnlyBackwards(const char32_t* word, size_t n) {
  char w[8], r[8];
  if (n > sizeof(w)) return false;
  for (size_t m = 0; m < n; ++m) w[m] = static_cast<char>(word[m]);
  std::reverse_copy(w, w + n, r);
  return IsCommonWord(r, n) && !IsCommonWord(w, n);
}

// Counts, over the ASCII words of [b, e), the common words read forwards and
// read backwards.
void CountCommonWords(const CodePoints& s, size_t b, size_t e, int* forwards, int* backwards) {
  char w[8];
  for (size_t i = b; i < e;) {
    if (!IsLetter(s[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    bool ascii = true;
    while (j < e && (IsLetter(s[j]) || IsMark(s[j]))) ascii &= IsAsciiLetter(s[j++]);
    const size_t n = j - i;
    // Only a word that may be common one way or the other (so of 2 to 8
    // letters) is copied and looked up.
    if (ascii && (kEdgeLetters.MayBeCommon(s[i], s[j - 1], n) ||
                  kEdgeLetters.MayBeCommon(s[j - 1], s[i], n))) {
      for (size_t k = 0; k < n; ++k) w[k] = static_cast<char>(s[i + k]);
      const bool f = IsCommonWord(w, n);
      std::reverse(w, w + n);
      const bool r = IsCommonWord(w, n);
      if (f != r) {
        *forwards += f;
        *backwards += r;
      }
    }
    i = j;
  }
}

// Lines after a right-to-left override, and text that reads right only
// backwards, in reading order; removes the override marks. A line is read
// backwards when its words say so, or when the whole message's words do and
// the line has no common word read forwards.
void ReadReversedLines(CodePoints* cps, Spans* spans, bool marks) {
  CodePoints& s = *cps;
  const size_t n = s.size();
  auto line_end = [&s, n](size_t line) {
    size_t end = line;
    while (end < n && s[end] != '\n') ++end;
    return end;
  };
  // First the overrides, and the whole message's words. (Two passes over the
  // lines, rather than a list of them, so that a warm call allocates nothing;
  // reversing a line moves no line break.)
  int forwards = 0, backwards = 0;
  for (size_t line = 0, end = 0; line < n; line = end + 1) {
    end = line_end(line);
    if (marks) {
      for (size_t k = line; k < end; ++k) {
        if (s[k] != kRightToLeftOverrideMark) continue;
        size_t stop = k + 1;
        while (stop < end && s[stop] != kPopDirectionalMark) ++stop;
        ReverseRange(cps, spans, k + 1, stop);
        k = stop;
      }
    }
    CountCommonWords(s, line, end, &forwards, &backwards);
  }
  auto backwards_text = [](int f, int b) { return b >= 2 && b > 2 * f; };
  const bool message = backwards_text(forwards, backwards);
  for (size_t line = 0, end = 0; line < n; line = end + 1) {
    end = line_end(line);
    // A line with an override is already in reading order.
    if (marks && std::find(s.begin() + static_cast<ptrdiff_t>(line),
                           s.begin() + static_cast<ptrdiff_t>(end),
                           kRightToLeftOverrideMark) != s.begin() + static_cast<ptrdiff_t>(end)) {
      continue;
    }
    int line_forwards = 0, line_backwards = 0;
    CountCommonWords(s, line, end, &line_forwards, &line_backwards);
    if (backwards_text(line_forwards, line_backwards) || (message && line_forwards == 0)) {
      ReverseRange(cps, spans, line, end);
    }
  }
  if (!marks) return;
  size_t w = 0;
  for (size_t k = 0; k < n; ++k) {
    if (s[k] == kRightToLeftOverrideMark || s[k] == kPopDirectionalMark) continue;
    s[w] = s[k];
    (*spans)[w++] = (*spans)[k];
  }
  s.resize(w);
  spans->resize(w);
}

// --- Upside-down text --------------------------------------------------------

// The letter an upside-down character stands for; 0 if none. Characters that
// are also ordinary letters (b d n p q u, which flip into one another) are
// `ambiguous`.
char32_t Unflip(char32_t c, bool* ambiguous) {
  *ambiguous = true;
  switch (c) {
    case 'b': return 'q';
    case 'q': return 'b';
    case 'd': return 'p';
    case 'p': return 'd';
    case 'n': return 'u';
    case 'u': return 'n';
    case 'l': case 'o': case 's': case 'x': case 'z': return c;
    default: break;
  }
  *ambiguous = false;
  switch (c) {
    case 0x0250: return 'a';  // ɐ
    case 0x0254: return 'c';  // ɔ
    case 0x01DD: return 'e';  // ǝ
    case 0x0259: return 'e';  // ə
    case 0x025F: return 'f';  // ɟ
    case 0x0183: return 'g';  // ƃ
    case 0x0265: return 'h';  // ɥ
    case 0x1D09: return 'i';  // ᴉ
    case 0x0131: return 'i';  // ı
    case 0x027E: return 'j';  // ɾ
    case 0x029E: return 'k';  // ʞ
    case 0x026F: return 'm';  // ɯ
    case 0x0279: return 'r';  // ɹ
    case 0x0287: return 't';  // ʇ
    case 0x028C: return 'v';  // ʌ
    case 0x028D: return 'w';  // ʍ
    case 0x028E: return 'y';  // ʎ
    default: return 0;
  }
}

char32_t UnflipPunctuation(char32_t c) {
  switch (c) {
    case 0xBF: return '?';
    case 0xA1: return '!';
    case 0x02D9: return '.';
    case '\'': return ',';
    case ',': return '\'';
    case '(': return ')';
    case ')': return '(';
    default: return c;
  }
}

// Counts the characters only upside-down text uses, and ASCII letters that
// cannot be upside-down ones, in [b, e).
void CountFlipped(const CodePoints& s, size_t b, size_t e, size_t* flipped, size_t* plain) {
  for (size_t k = b; k < e; ++k) {
    bool ambiguous;
    const char32_t u = Unflip(s[k], &ambiguous);
    if (u != 0 && !ambiguous) ++*flipped;
    if (u == 0 && IsAsciiLetter(s[k])) ++*plain;
  }
}

void UnflipRange(CodePoints* cps, Spans* spans, size_t b, size_t e) {
  ReverseRange(cps, spans, b, e);
  for (size_t k = b; k < e; ++k) {
    bool ambiguous;
    const char32_t u = Unflip((*cps)[k], &ambiguous);
    (*cps)[k] = u != 0 ? u : UnflipPunctuation((*cps)[k]);
  }
}

// Whole lines, else single words, written upside down.
void ReadUpsideDown(CodePoints* cps, Spans* spans) {
  CodePoints& s = *cps;
  const size_t n = s.size();
  for (size_t line = 0; line < n;) {
    size_t end = line;
    while (end < n && s[end] != '\n') ++end;
    size_t flipped = 0, plain = 0;
    CountFlipped(s, line, end, &flipped, &plain);
    if (flipped >= 2 && plain * 8 <= flipped) {
      UnflipRange(cps, spans, line, end);
    } else if (flipped >= 2) {
      for (size_t i = line; i < end;) {
        size_t j = i;
        while (j < end && (IsLetter(s[j]) || IsMark(s[j]))) ++j;
        size_t word_flipped = 0, word_plain = 0;
        CountFlipped(s, i, j, &word_flipped, &word_plain);
        if (word_flipped >= 2 && word_plain == 0) UnflipRange(cps, spans, i, j);
        i = j + 1;
      }
    }
    line = end + 1;
  }
}

// --- Letters in disguise ----------------------------------------------------

// Latin small capitals and the like, which NFKC leaves alone.
char32_t SmallCapital(char32_t c) {
  switch (c) {
    case 0x1D00: return 'a';
    case 0x0299: return 'b';
    case 0x1D04: return 'c';
    case 0x1D05: return 'd';
    case 0x1D07: return 'e';
    case 0xA730: return 'f';
    case 0x0262: return 'g';
    case 0x029C: return 'h';
    case 0x026A: return 'i';
    case 0x1D0A: return 'j';
    case 0x1D0B: return 'k';
    case 0x029F: return 'l';
    case 0x1D0D: return 'm';
    case 0x0274: return 'n';
    case 0x1D0F: return 'o';
    case 0x1D18: return 'p';
    case 0xA7AF: return 'q';
    case 0x0280: return 'r';
    case 0xA731: return 's';
    case 0x1D1B: return 't';
    case 0x1D1C: return 'u';
    case 0x1D20: return 'v';
    case 0x1D21: return 'w';
    case 0x028F: return 'y';
    case 0x1D22: return 'z';
    default: return 0;
  }
}

const USpoofChecker* SpoofChecker() {
  static const USpoofChecker* checker = [] {
    UErrorCode status = U_ZERO_ERROR;
    USpoofChecker* c = uspoof_open(&status);
    return U_SUCCESS(status) ? c : nullptr;  // kept for the process's lifetime
  }();
  return checker;
}

// The ASCII letter a non-Latin letter is confusable with (its UTS #39
// skeleton, lower-cased, when that is one letter); 0 if none.
char32_t LatinSkeletonUncached(char32_t c) {
  switch (c) {  // where the skeleton is not the letter people mean
    case 0x04CF: return 'l';  // ӏ (palochka) reads as l in Latin words
    case 0x044C: return 'b';  // ь
    default: break;
  }
  const USpoofChecker* checker = SpoofChecker();
  if (checker == nullptr) return 0;
  UChar in[2], out[8];
  int32_t len = 0;
  U16_APPEND_UNSAFE(in, len, static_cast<UChar32>(c));
  UErrorCode status = U_ZERO_ERROR;
  const int32_t n = uspoof_getSkeleton(checker, 0, in, len, out, 8, &status);
  if (U_FAILURE(status) || n != 1) return 0;
  const char32_t l = out[0] >= 'A' && out[0] <= 'Z' ? out[0] + ('a' - 'A') : out[0];
  return IsAsciiLetter(l) ? l : 0;
}

// LatinSkeleton remembers recent answers per thread: the skeleton costs about
// a thousand instructions, and words that mix Latin with another script ask
// it about the same few characters over and over.
char32_t LatinSkeleton(char32_t c) {
  // No ideograph, kana or Hangul syllable has a one-letter Latin skeleton
  // (checked for every one by deobfuscate_test); CJK text asks about
  // thousands of them, too many to cache.
  if (InCjkLetterBlock(c)) return 0;
  struct Entry {
    char32_t key_plus_one;  // 0: empty
    char32_t skeleton;
  };
  thread_local Entry cache[1024];
  Entry& e = cache[(c * 0x9E3779B1u) >> 22];
  if (e.key_plus_one != c + 1) e = Entry{c + 1, LatinSkeletonUncached(c)};
  return e.skeleton;
}

// Combining marks that only decorate: overlays and strike-throughs.
bool IsOverlay(char32_t c) {
  return (c >= 0x0334 && c <= 0x0338) || c == 0x20D2 || c == 0x20D3 ||
         (c >= 0x20D8 && c <= 0x20DA) || c == 0x20E5 || c == 0x20E6 || c == 0x20EA ||
         c == 0x20EB;
}

// Marks below a letter that no language in the corpus needs on Latin
// letters, except one dot below a vowel (Vietnamese); cedilla, ogonek and
// comma below are letters of their own in several languages.
bool IsMarkBelow(char32_t c) {
  return c != 0x0326 && u_getCombiningClass(static_cast<UChar32>(c)) == 220;
}

bool IsVowel(char32_t c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

// ICU's normalizer instances (never freed, owned by ICU); null if ICU's data
// is missing.
const icu::Normalizer2* Nfd() {
  static const icu::Normalizer2* n = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* d = icu::Normalizer2::getNFDInstance(status);
    return U_SUCCESS(status) ? d : nullptr;
  }();
  return n;
}
const icu::Normalizer2* Nfc() {
  static const icu::Normalizer2* n = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* c = icu::Normalizer2::getNFCInstance(status);
    return U_SUCCESS(status) ? c : nullptr;
  }();
  return n;
}

// A letter with its marks, decomposed.
struct Letter {
  char32_t base;
  Span span;
  char32_t marks[4];
  int mark_count;  // marks beyond 4 are dropped (they only decorate)
};

// Splits a precomposed Latin letter (ḍ) into its base and marks.
void Decompose(char32_t c, Letter* l) {
  l->base = c;
  l->mark_count = 0;
  const icu::Normalizer2* nfd = Nfd();
  icu::UnicodeString d;
  if (c < 0xC0 || !IsLatin(c) || nfd == nullptr ||
      !nfd->getDecomposition(static_cast<UChar32>(c), d)) {
    return;
  }
  l->base = static_cast<char32_t>(d.char32At(0));
  for (int32_t k = U16_LENGTH(l->base); k < d.length() && l->mark_count < 4;) {
    const UChar32 m = d.char32At(k);
    l->marks[l->mark_count++] = static_cast<char32_t>(m);
    k += U16_LENGTH(m);
  }
}

// Calls fn(letter) for each letter of the word [b, e) with its marks, small
// capitals read as their letters; a mark with no letter before it stands
// alone. (Called twice by FixWord rather than stored, so that a warm call
// allocates nothing.)
template <class Fn>
void ForEachLetter(const CodePoints& s, const Spans& spans, size_t b, size_t e, Fn fn) {
  Letter l;
  bool started = false;
  auto done = [&] {
    if (char32_t c = SmallCapital(l.base)) l.base = c;
    fn(l);
  };
  for (size_t k = b; k < e; ++k) {
    if (IsMark(s[k]) && started) {
      l.span = Union(l.span, spans[k]);
      if (l.mark_count < 4) l.marks[l.mark_count++] = s[k];
      continue;
    }
    if (IsOverlay(s[k])) continue;  // decorating nothing
    if (started) done();
    Decompose(s[k], &l);
    l.span = spans[k];
    started = true;
  }
  if (started) done();
}

// Rewrites one word [b, e) into *out (letters and their marks).
void FixWord(const CodePoints& s, const Spans& spans, size_t b, size_t e, bool latin_message,
             CodePoints* out, Spans* out_spans) {
  // What the word is made of.
  size_t letters = 0, latin = 0, lookalike = 0, below = 0;
  bool below_consonant = false, stacked = false;
  ForEachLetter(s, spans, b, e, [&](const Letter& l) {
    ++letters;
    const bool is_latin = IsLatin(l.base);
    latin += is_latin;
    lookalike += !is_latin && LatinSkeleton(l.base) != 0;
    stacked |= l.mark_count >= 3;
    for (int m = 0; m < l.mark_count; ++m) {
      if (is_latin && IsMarkBelow(l.marks[m])) {
        ++below;
        below_consonant |= !IsVowel(l.base);
      }
    }
  });
  const bool map_lookalikes =
      lookalike > 0 && (latin > 0 || (latin_message && lookalike == letters));
  const bool drop_below = below >= 2 || below_consonant;
  const icu::Normalizer2* nfc = Nfc();
  ForEachLetter(s, spans, b, e, [&](const Letter& l) {
    char32_t base = l.base;
    const bool is_latin = IsLatin(base);
    if (map_lookalikes && !is_latin) {
      if (char32_t c = LatinSkeleton(base)) base = c;
    }
    const bool latin_now = IsLatin(base);
    // The marks kept, composed onto the letter where Unicode can.
    char32_t rest[4];
    int rest_count = 0;
    for (int m = 0; m < l.mark_count; ++m) {
      const char32_t mark = l.marks[m];
      if (IsOverlay(mark)) continue;
      if (latin_now && (stacked || (drop_below && IsMarkBelow(mark)) ||
                        u_charType(static_cast<UChar32>(mark)) == U_ENCLOSING_MARK)) {
        continue;
      }
      const UChar32 composed =
          rest_count == 0 && nfc != nullptr
              ? nfc->composePair(static_cast<UChar32>(base), static_cast<UChar32>(mark))
              : U_SENTINEL;
      if (composed >= 0) {
        base = static_cast<char32_t>(composed);
      } else {
        rest[rest_count++] = mark;
      }
    }
    out->push_back(base);
    out_spans->push_back(l.span);
    for (int m = 0; m < rest_count; ++m) {
      out->push_back(rest[m]);
      out_spans->push_back(l.span);
    }
  });
}

// Does the word [b, e) need FixWord? Most words are plain letters, and words
// of other scripts are left alone unless Latin letters are around.
enum class Need { kNo, kYes, kIfLatinMessage };

Need WordNeedsFixing(const CodePoints& s, size_t b, size_t e) {
  bool latin = false, other = false, marks = false;
  for (size_t k = b; k < e; ++k) {
    const char32_t c = s[k];
    if (c < 0x80) {
      latin = true;
      continue;
    }
    if (IsOverlay(c) || SmallCapital(c) != 0) return Need::kYes;
    if (IsMark(c)) {
      marks = true;
    } else if (IsLatin(c)) {
      latin = true;
      if (c > 0x17F) return Need::kYes;  // precomposed letters with marks below, IPA...
    } else {
      other = true;
    }
  }
  if ((latin && marks) || (latin && other)) return Need::kYes;
  return other ? Need::kIfLatinMessage : Need::kNo;
}

// Are most letters of the text Latin?
bool IsLatinMessage(const CodePoints& s) {
  size_t letters = 0, latin = 0;
  for (char32_t c : s) {
    if (IsLetter(c)) {
      ++letters;
      latin += IsLatin(c) || SmallCapital(c) != 0;
    }
  }
  return latin * 2 > letters;
}

void FixLetters(CodePoints* cps, Spans* spans, CodePoints* spare_cps, Spans* spare_spans) {
  const CodePoints& s = *cps;
  const size_t n = s.size();
  int latin_message = -1;  // computed when a word first needs it
  CodePoints& out = *spare_cps;
  Spans& out_spans = *spare_spans;
  out.clear();
  out_spans.clear();
  bool changed = false;
  size_t copied = 0;  // with `changed`: s[0, copied) is in out, rewritten
  auto copy_to = [&](size_t end) {
    if (!changed) {
      out.reserve(n);
      out_spans.reserve(n);
      changed = true;
    }
    out.insert(out.end(), s.begin() + static_cast<ptrdiff_t>(copied),
               s.begin() + static_cast<ptrdiff_t>(end));
    out_spans.insert(out_spans.end(), spans->begin() + static_cast<ptrdiff_t>(copied),
                     spans->begin() + static_cast<ptrdiff_t>(end));
    copied = end;
  };
  for (size_t i = 0; i < n;) {
    if (!IsLetter(s[i]) && !IsMark(s[i])) {
      if (IsOverlay(s[i])) {  // on spaces or punctuation it decorates nothing
        copy_to(i);
        copied = i + 1;
      }
      ++i;
      continue;
    }
    size_t j = i;
    while (j < n && (IsLetter(s[j]) || IsMark(s[j]))) ++j;
    const Need need = WordNeedsFixing(s, i, j);
    if (need != Need::kNo && latin_message < 0) latin_message = IsLatinMessage(s);
    if (need == Need::kYes || (need == Need::kIfLatinMessage && latin_message == 1)) {
      copy_to(i);
      FixWord(s, *spans, i, j, latin_message == 1, &out, &out_spans);
      copied = j;
    }
    i = j;
  }
  if (!changed) return;
  copy_to(n);
  cps->swap(out);
  spans->swap(out_spans);
}

// --- Letters split by separators -------------------------------------------

bool IsSeparator(char32_t c) {
  if (c >= 0xE000 && c <= 0xF8FF) return false;  // placeholders
  return !IsLetter(c) && !IsMark(c) && !(c >= '0' && c <= '9');
}

// The first single letter (no letter before it, no letter or mark after it)
// from `from` on, or the text's size. Words of two letters or more are
// skipped whole.
size_t NextSingleLetter(const CodePoints& s, size_t from) {
  const size_t n = s.size();
  for (size_t k = from; k < n;) {
    if (!IsLetter(s[k])) {
      ++k;
      continue;
    }
    size_t end = SkipAsciiLetters(s.data(), k + 1, n);
    while (end < n && IsLetter(s[end])) ++end;
    if (end == k + 1 && (end == n || !IsMark(s[end])) && (k == 0 || !IsLetter(s[k - 1]))) {
      return k;
    }
    k = end;
  }
  return n;
}

// "d,a,t,e", "d / a / t / e", a letter per line: three or more single letters
// with the same separator (one to three separator characters) between them.
void JoinSeparatedLetters(CodePoints* cps, Spans* spans) {
  CodePoints& s = *cps;
  Spans& sp = *spans;
  const size_t n = s.size();
  auto single_letter_at = [&](size_t k) {
    return k < n && IsLetter(s[k]) && (k + 1 >= n || (!IsLetter(s[k + 1]) && !IsMark(s[k + 1]))) &&
           (k == 0 || !IsLetter(s[k - 1]));
  };
  size_t w = 0;
  for (size_t i = 0; i < n;) {
    // Up to the next single letter the text stays as it is (most of an
    // e-mail, once a message wakes this rule): moved down at once.
    const size_t single = NextSingleLetter(s, i);
    MoveDown(cps, spans, i, single, w);
    w += single - i;
    i = single;
    if (i == n) break;
    for (size_t len = 1; len <= 3; ++len) {
      size_t k = i, count = 1;
      auto same_separator_after = [&](size_t at) {
        if (at + len + 1 > n) return false;
        for (size_t m = 0; m < len; ++m) {
          if (!IsSeparator(s[at + 1 + m]) || s[at + 1 + m] != s[i + 1 + m]) return false;
        }
        return single_letter_at(at + len + 1);
      };
      while (same_separator_after(k)) {
        k += len + 1;
        ++count;
      }
      if (count >= 3) {
        for (size_t m = i; m <= k; m += len + 1) {
          s[w] = s[m];
          sp[w++] = sp[m];
        }
        i = k + 1;
        break;
      }
    }
    if (i >= n) break;
    s[w] = s[i];
    sp[w++] = sp[i];
    ++i;
  }
  s.resize(w);
  sp.resize(w);
}

// --- Text written without spaces -------------------------------------------

constexpr const char* kCommonWordList[] = {
#include "common_words.inc"
};

// Costs of the common words for the segmenter: Zipf's law reads rank r of N
// as probability 1 / (r log N), so a word costs log(r log N).
struct CommonWords {
  std::unordered_map<std::string_view, float> cost;  // UTF-8 words
  size_t longest = 0;                                 // in code points
};

const CommonWords& Words() {
  static const CommonWords* words = [] {
    auto* w = new CommonWords;  // kept for the process's lifetime
    const size_t n = sizeof(kCommonWordList) / sizeof(kCommonWordList[0]);
    const double log_n = std::log(static_cast<double>(n));
    w->cost.reserve(n);
    for (size_t r = 0; r < n; ++r) {
      const std::string_view v = kCommonWordList[r];
      w->cost.emplace(v, static_cast<float>(std::log(static_cast<double>(r + 1) * log_n)));
      w->longest = std::max(w->longest, CountCodePoints(v));
    }
    return w;
  }();
  return *words;
}

// Longest run of letters the segmenter reads; longer ones are left alone.
constexpr size_t kMaxSegmentLetters = 1024;
// A piece that is no common word costs this plus kUnknownLetterCost a letter
// (a rare word costs about 11), and at most a quarter of a run's letters may
// be in such pieces.
constexpr float kUnknownCost = 20;
constexpr float kUnknownLetterCost = 6;
constexpr size_t kMaxUnknownPiece = 6;
// A piece the writer's capitals mark off on both sides ("Cem" in "HeyCem",
// "Valadares" in "CristinaValadares") and that is no common word is a name
// or another proper noun: one piece at this flat cost, more than a split
// into two or three common words costs ("Coffeetime" still reads "coffee
// time") and less than one with an unknown piece, and not counted in the
// quarter of unknown letters. Never the whole run ("Whyareyouso" is split).
constexpr float kCapitalPieceCost = 24;
constexpr size_t kMaxCapitalPiece = 20;

// The cheapest split of a run of letters, as the end offsets (in code points)
// of its pieces; false when too much of it is no common word. `utf8` is the
// run, `offsets` the byte offset of each of its code points and its size.
// After an apostrophe the run may begin with a clitic ("s" of "let's").
struct SegmentCell {
  float cost;
  size_t from, unknown;
};

// `word_start[k]` (0 < k < n) is set where the writer's capitals begin a word:
// an upper-case letter after a lower-case one ("HeyCem", "doJardim"). No piece
// crosses one. `word_start[0]` is set when the run begins with a capital.
bool Segment(std::string_view utf8, const std::vector<size_t>& offsets,
             const std::vector<uint8_t>& word_start, bool after_apostrophe,
             std::vector<SegmentCell>* best_cells, std::vector<size_t>* ends) {
  const CommonWords& words = Words();
  const size_t n = offsets.size() - 1;
  constexpr float kInf = std::numeric_limits<float>::infinity();
  using Cell = SegmentCell;
  std::vector<Cell>& best = *best_cells;
  best.assign(n + 1, Cell{kInf, 0, 0});
  best[0] = Cell{0, 0, 0};
  size_t word_begin = 0;  // the last place before i where a word must begin
  for (size_t i = 1; i <= n; ++i) {
    if (word_start[i - 1]) word_begin = i - 1;
    const size_t longest = std::max({words.longest, kMaxUnknownPiece, kMaxCapitalPiece});
    for (size_t len = 1; len <= std::min(longest, i - word_begin); ++len) {
      const Cell& before = best[i - len];
      if (before.cost == kInf) continue;
      const std::string_view piece = utf8.substr(offsets[i - len], offsets[i] - offsets[i - len]);
      const auto it = words.cost.find(piece);
      float cost;
      size_t unknown = before.unknown;
      if (it != words.cost.end() && len <= words.longest) {
        cost = it->second;
      } else if (len >= 2 && len <= kMaxCapitalPiece && len < n && word_start[i - len] &&
                 (i == n || word_start[i])) {
        cost = kCapitalPieceCost;
      } else if (i == len && after_apostrophe &&
                 (piece == "s" || piece == "t" || piece == "d" || piece == "m" ||
                  piece == "ll" || piece == "re" || piece == "ve")) {
        cost = 1;
      } else if (len <= kMaxUnknownPiece) {
        cost = kUnknownCost + kUnknownLetterCost * static_cast<float>(len);
        unknown += len;
      } else {
        continue;
      }
      if (before.cost + cost < best[i].cost) best[i] = Cell{before.cost + cost, i - len, unknown};
    }
  }
  if (best[n].cost == kInf || best[n].unknown * 4 > n) return false;
  ends->clear();
  for (size_t i = n; i > 0; i = best[i].from) ends->push_back(i);
  std::reverse(ends->begin(), ends->end());
  return true;
}

// Lines of twenty Latin letters or more without a single space: each run of Latin
// letters that is not a common word is split into common words when it can
// be ("wouldyoulike" reads "would you like"), and placeholders get spaces
// around them ("for2weeks").
void SplitLinesWithoutSpaces(std::string_view input, CodePoints* cps, Spans* spans,
                             CodePoints* spare_cps, Spans* spare_spans) {
  const CodePoints& s = *cps;
  const size_t n = s.size();
  CodePoints& out = *spare_cps;
  Spans& out_spans = *spare_spans;
  bool changed = false;
  // Kept by the thread between calls, so that a warm call allocates nothing
  // (small: a word has at most kMaxSegmentLetters letters).
  thread_local std::string word;
  thread_local std::vector<size_t> offsets, ends;
  thread_local std::vector<SegmentCell> best;
  thread_local std::vector<uint8_t> word_start;
  auto start_changes = [&](size_t at) {
    if (changed) return;
    out.assign(s.begin(), s.begin() + static_cast<ptrdiff_t>(at));
    out_spans.assign(spans->begin(), spans->begin() + static_cast<ptrdiff_t>(at));
    changed = true;
  };
  for (size_t line = 0; line < n;) {
    size_t end = line, letters = 0, latin = 0;
    bool spaced = false;
    for (; end < n && s[end] != '\n'; ++end) {
      if (spaced) continue;  // only the line's end is still wanted
      if (IsLetter(s[end])) {
        ++letters;
        latin += IsLatin(s[end]);
      }
      spaced |= s[end] == ' ' || s[end] == '\t' || s[end] == 0x3000;
    }
    // Scripts written without spaces (Chinese, Japanese, Thai...) are not
    // Latin text that lost its spaces.
    const bool split = latin >= 20 && latin * 10 >= letters * 9 && !spaced;
    if (!split && !changed) {
      line = end + 1;
      continue;
    }
    for (size_t i = line; i < end;) {
      size_t j = i;
      while (split && j < end && IsLatin(s[j])) ++j;
      if (j - i >= 4 && j - i <= kMaxSegmentLetters && (j == end || !IsLetter(s[j])) &&
          (i == line || !IsLetter(s[i - 1]))) {
        word.clear();
        offsets.clear();
        for (size_t k = i; k < j; ++k) {
          offsets.push_back(word.size());
          AppendUtf8(s[k], &word);
        }
        offsets.push_back(word.size());
        word_start.assign(j - i, 0);
        word_start[0] = IsUpperInInput(input, (*spans)[i]);
        for (size_t k = i + 1; k < j; ++k) {
          word_start[k - i] = IsUpperInInput(input, (*spans)[k]) &&
                              !IsUpperInInput(input, (*spans)[k - 1]);
        }
        const bool after_apostrophe = i > line && s[i - 1] == '\'';
        if (Words().cost.count(word) == 0 &&
            Segment(word, offsets, word_start, after_apostrophe, &best, &ends) &&
            ends.size() > 1) {
          start_changes(i);
          size_t piece = i;
          for (size_t e : ends) {
            if (piece > i) {
              out.push_back(' ');
              out_spans.push_back((*spans)[piece - 1]);
            }
            for (; piece < i + e; ++piece) {
              out.push_back(s[piece]);
              out_spans.push_back((*spans)[piece]);
            }
          }
          i = j;
          continue;
        }
      }
      if (j == i) j = i + 1;
      // Digits and placeholders between letters stand for words of their own.
      const bool placeholder = split && j == i + 1 &&
                               ((s[i] >= 0xE000 && s[i] <= 0xE0FF) || (s[i] >= '0' && s[i] <= '9'));
      if (placeholder) start_changes(i);
      if (changed) {
        if (placeholder && i > line && IsLetter(s[i - 1])) {  // first of a run
          out.push_back(' ');
          out_spans.push_back((*spans)[i]);
        }
        out.insert(out.end(), s.begin() + static_cast<ptrdiff_t>(i),
                   s.begin() + static_cast<ptrdiff_t>(j));
        out_spans.insert(out_spans.end(), spans->begin() + static_cast<ptrdiff_t>(i),
                         spans->begin() + static_cast<ptrdiff_t>(j));
        if (placeholder && j < end && IsLetter(s[j])) {  // last of a run
          out.push_back(' ');
          out_spans.push_back((*spans)[i]);
        }
      }
      i = j;
    }
    if (changed && end < n) {
      out.push_back(s[end]);
      out_spans.push_back((*spans)[end]);
    }
    line = end + 1;
  }
  if (!changed) return;
  cps->swap(out);
  spans->swap(out_spans);
}

// What one cheap pass over the text finds for the rules: most messages need
// none of them, and each rule runs only when its trigger is there.
struct Triggers {
  bool marks = false;      // bidi override marks
  bool flipped = false;    // characters only upside-down text uses
  bool exotic = false;     // letters or marks past Latin Extended-A (other scripts, IPA)
  bool separated = false;  // three single letters, each within four of the last
  bool unspaced = false;   // a line of 20+ letters without a space
  bool unspaced_latin = false;  // ... of 20+ Latin letters (all the rule splits)
  int backwards = 0;       // words common only when read backwards
};

// What FindTriggers asks of a code point past ASCII and the CJK letter
// blocks, as bits. Cached per BMP block: the ICU lookups behind it were the
// cost of this scan on CJK punctuation and text of other scripts.
enum : uint8_t { kLetterOrMark = 1, kLatinLetter = 2, kBidiMark = 4, kExotic = 8, kFlipped = 16 };
uint8_t ComputeTriggerBits(char32_t c) {
  const bool letter = IsLetter(c) || IsMark(c);
  const bool latin = c < 0x250 ? letter : ScriptOf(c) == kScriptLatin;
  bool ambiguous;
  return static_cast<uint8_t>(
      (letter ? kLetterOrMark : 0) | (latin ? kLatinLetter : 0) |
      (c == kRightToLeftOverrideMark || c == kPopDirectionalMark ? kBidiMark : 0) |
      // FixLetters changes letters and marks only, and leaves CJK letters
      // (none looks like a Latin letter) and their words as they are.
      (letter && c > 0x17F && !InCjkLetterBlock(c) ? kExotic : 0) |
      (c >= 0x131 && Unflip(c, &ambiguous) != 0 ? kFlipped : 0));
}
LazyBmpTable<uint8_t, ComputeTriggerBits> trigger_bits;

Triggers FindTriggers(const CodePoints& s) {
  Triggers t;
  const size_t n = s.size();
  size_t run = 0;                   // letters (and marks) in the current word
  bool ascii_run = true;            // ... all ASCII letters
  size_t single1 = 0, single2 = 0;  // positions + 1 of the last two single letters
  size_t line_letters = 0, line_latin = 0;
  bool line_spaced = false;
  // The word s[k - run, k) ends.
  auto end_word = [&](size_t k) {
    if (run == 1) {
      const size_t at = k;  // position + 1 of the single letter
      if (single2 != 0 && at - single2 <= 4 && single1 != 0 && single2 - single1 <= 4) {
        t.separated = true;
      }
      single1 = single2;
      single2 = at;
    } else if (ascii_run && kEdgeLetters.MayBeCommon(s[k - 1], s[k - run], run)) {
      // All ASCII letters (at most 8, or MayBeCommon says no), and read
      // backwards it may be a common word.
      t.backwards += CommonOnlyBackwards(s.data() + (k - run), run);
    }
    run = 0;
    ascii_run = true;
  };
  auto end_line = [&] {
    t.unspaced |= line_letters >= 20 && !line_spaced;
    t.unspaced_latin |= line_latin >= 20 && !line_spaced;
    line_letters = line_latin = 0;
    line_spaced = false;
  };
  for (size_t k = 0; k < n; ++k) {
    const char32_t c = s[k];
    if (static_cast<uint32_t>(c - 'a') < 26) {  // a run of ASCII letters at once
      const size_t end = SkipAsciiLetters(s.data(), k + 1, n);
      const size_t len = end - k;
      run += len;
      line_letters += len;
      line_latin += len;
      k = end - 1;
      continue;
    }
    if (c >= 0x80) {
      if (InCjkLetterBlock(c)) {  // a run of CJK letters at once: neither marks nor exotic
        size_t end = k + 1;
        while (end < n && InCjkLetterBlock(s[end])) ++end;
        const size_t len = end - k;
        ascii_run = false;
        run += len;
        line_letters += len;
        k = end - 1;
        continue;
      }
      const uint8_t bits = c < 0x10000 ? trigger_bits.Get(c) : ComputeTriggerBits(c);
      t.marks |= (bits & kBidiMark) != 0;
      t.exotic |= (bits & kExotic) != 0;
      t.flipped |= (bits & kFlipped) != 0;
      if ((bits & kLetterOrMark) != 0) {
        ascii_run = false;
        ++run;
        ++line_letters;
        line_latin += (bits & kLatinLetter) != 0;
        continue;
      }
    }
    // Not a letter: the word before it, if any, ends.
    if (run != 0) end_word(k);
    if (c == ' ' || c == '\t' || c == 0x3000) {
      line_spaced = true;
    } else if (c == '\n') {
      end_line();
    }
  }
  if (run != 0) end_word(n);
  end_line();
  return t;
}

}  // namespace

bool IsUpperInInput(std::string_view input, Span span) {
  if (span.begin >= input.size()) return false;
  const auto* bytes = reinterpret_cast<const unsigned char*>(input.data());
  if (bytes[span.begin] < 0x80) return bytes[span.begin] >= 'A' && bytes[span.begin] <= 'Z';
  char32_t c;
  DecodeUtf8(bytes, input.size(), span.begin, &c);
  return u_isupper(static_cast<UChar32>(c));
}

void SeeThroughUnicode(std::string_view input, CodePoints* cps, Spans* spans, CodePoints* spare_cps,
                       Spans* spare_spans) {
  const Triggers t = FindTriggers(*cps);
  if (t.marks || t.backwards >= 2) ReadReversedLines(cps, spans, t.marks);
  if (t.flipped) ReadUpsideDown(cps, spans);
  if (t.exotic) FixLetters(cps, spans, spare_cps, spare_spans);
  if (t.separated) JoinSeparatedLetters(cps, spans);
  // SplitLinesWithoutSpaces splits only lines of 20+ Latin letters without a
  // space: unless a rule above changed letters, only such a line wakes it
  // (Chinese and Japanese lines, spaceless but not Latin, do not).
  const bool changed = t.marks || t.backwards >= 2 || t.flipped || t.exotic || t.separated;
  if (changed ? t.unspaced : t.unspaced_latin) {
    SplitLinesWithoutSpaces(input, cps, spans, spare_cps, spare_spans);
  }
}

}  // namespace meetintent
