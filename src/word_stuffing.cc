#include "word_stuffing.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <iterator>

#include "code_point_scan.h"
#include "packed_word_set.h"

namespace meetintent {
namespace {

// The commonest articles, pronouns, prepositions, conjunctions and auxiliaries
// of each language, lower case. Words longer than 8 bytes are left out: they
// are looked up packed into 64 bits.
constexpr std::string_view kFunctionWords[] = {
    // en
    "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for", "with", "from",
    "by", "as", "is", "are", "was", "were", "be", "been", "am", "do", "does", "did", "have",
    "has", "had", "you", "he", "she", "it", "we", "they", "me", "him", "her", "us", "them", "my",
    "your", "his", "its", "our", "their", "this", "that", "these", "those", "not", "no", "so",
    "than", "then", "there", "here", "what", "when", "where", "who", "how", "will", "would",
    "can", "could", "should", "may", "might", "must", "just", "very", "too", "also", "up",
    "out", "about", "into", "over", "after", "before", "all", "some", "any", "which", "let",
    // de
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "und",
    "oder", "aber", "wenn", "dass", "ich", "du", "er", "sie", "es", "wir", "ihr", "mich",
    "dich", "uns", "euch", "mir", "dir", "ihm", "ist", "sind", "war", "bin", "bist", "hat",
    "habe", "haben", "nicht", "kein", "keine", "zu", "mit", "von", "auf", "f\xc3\xbcr", "im",
    "an", "am", "bei", "aus", "nach", "wie", "was", "wer", "auch", "noch", "schon", "ja", "nur",
    "\xc3\xbc" "ber", "mein", "dein", "sein", "wird", "kann",
    // es
    "el", "la", "los", "las", "un", "una", "unos", "unas", "pero", "si", "que", "de", "del",
    "al", "en", "con", "por", "para", "son", "era", "fue", "soy", "eres", "yo", "t\xc3\xba",
    "\xc3\xa9l", "ella", "nosotros", "te", "se", "le", "lo", "nos", "mi", "tu", "su", "m\xc3\xa1s",
    "muy", "como", "qu\xc3\xa9", "cuando", "ya", "tambi\xc3\xa9n", "estoy", "est\xc3\xa1",
    // fr
    "le", "les", "une", "et", "ou", "mais", "qui", "du", "au", "aux", "dans", "sur", "pour",
    "par", "avec", "est", "sont", "suis", "je", "il", "elle", "nous", "vous", "ils", "elles",
    "moi", "toi", "mon", "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses", "ne", "pas",
    "plus", "tr\xc3\xa8s", "ce", "cette", "ces",
    // it
    "il", "gli", "uno", "ma", "che", "di", "della", "da", "sono", "io", "lui", "lei", "noi",
    "voi", "ti", "ci", "non", "pi\xc3\xb9", "molto", "questo", "questa", "per", "ho", "hai",
    // pt
    "os", "as", "um", "uma", "mas", "do", "da", "dos", "das", "no", "na", "nos", "nas", "com",
    "s\xc3\xa3o", "sou", "eu", "ele", "ela", "n\xc3\xb3s", "voc\xc3\xaa", "lhe", "n\xc3\xa3o",
    "mais", "muito", "isso", "este", "esta", "tem", "vai",
};

// The function words in a PackedWordSet at most a quarter full; ReadBareWord
// packs a word's folded bytes as PackWord does.
constexpr size_t kFunctionWordBits = 11;
static_assert(std::size(kFunctionWords) * 4 <= (size_t{1} << kFunctionWordBits),
              "keep the table at most a quarter full");
using FunctionWordSet = PackedWordSet<kFunctionWordBits>;

const FunctionWordSet& FunctionWords() {
  static const FunctionWordSet set(kFunctionWords);
  return set;
}

// Byte classes for the scan.
enum ByteClass : uint8_t { kOther, kSpace, kAsciiLetter, kLatinLead, kListMark };

constexpr std::array<uint8_t, 256> MakeByteClasses() {
  std::array<uint8_t, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] = t[c - 32] = kAsciiLetter;
  for (int c = 0xC3; c <= 0xC9; ++c) t[c] = kLatinLead;
  t[' '] = t['\t'] = t['\n'] = t['\r'] = kSpace;
  t[','] = t[';'] = kListMark;
  return t;
}
constexpr std::array<uint8_t, 256> kByteClass = MakeByteClasses();

uint8_t ClassOf(char c) { return kByteClass[static_cast<unsigned char>(c)]; }

// Reads the token that starts at s[i] (not a space) up to the next space or
// `end`, leaving *i there. Returns whether it is a bare word: two or more
// Latin letters (ASCII, or U+00C0..U+024F but for the signs U+00D7 and
// U+00F7), then at most one ',' or ';'; *key is then the word case-folded
// and packed into 64 bits (0 when longer than 8 bytes).
bool ReadBareWord(const char* s, size_t end, size_t* i, uint64_t* key) {
  size_t at = *i, n = 0;
  uint64_t packed = 0;
  bool bare = true;
  while (at < end) {
    const uint8_t k = ClassOf(s[at]);
    if (k == kAsciiLetter) {
      if (n < 8) packed |= static_cast<uint64_t>(static_cast<unsigned char>(s[at]) | 0x20) << (8 * n);
      ++n;
      ++at;
      continue;
    }
    if (k == kSpace) break;
    if (k == kLatinLead && at + 1 < end) {
      const auto c = static_cast<unsigned char>(s[at]);
      auto trail = static_cast<unsigned char>(s[at + 1]);
      const bool letter = (trail & 0xC0) == 0x80 && !(c == 0xC9 && trail > 0x8F) &&
                          !(c == 0xC3 && (trail == 0x97 || trail == 0xB7));
      if (letter) {
        // U+00C0..U+00DE fold to U+00E0..U+00FE; other capitals stay (rare).
        if (c == 0xC3 && trail <= 0x9E) trail = static_cast<unsigned char>(trail + 0x20);
        if (n + 1 < 8) packed |= (c | static_cast<uint64_t>(trail) << 8) << (8 * n);
        n += 2;
        at += 2;
        continue;
      }
    }
    const bool list_mark = k == kListMark && (at + 1 == end || ClassOf(s[at + 1]) == kSpace);
    ++at;
    if (!list_mark) {
      bare = false;
      while (at < end && ClassOf(s[at]) != kSpace) ++at;
    }
    break;
  }
  *i = at;
  // Two bytes that are one letter are not a word.
  bare = bare && n >= 2 && !(n == 2 && (packed & 0x80) != 0);
  *key = n <= 8 ? packed : 0;
  return bare;
}

// ReadBareWord for the commonest tokens, told from 16 bytes at once (SSE2):
// ASCII letters up to a space, a list mark or the range's end, and tokens
// that are no bare word for a byte after their ASCII letters that cannot go
// on one. Returns false, with *i unmoved, for any other token or when the
// text ends within 16 bytes.
bool ReadAsciiWord(const char* s, size_t size, size_t end, size_t* i, bool* bare,
                   uint64_t* key) {
#if defined(__SSE2__)
  const size_t at = *i;
  if (at + 16 > size) return false;
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + at));
  const auto letters = static_cast<unsigned>(_mm_movemask_epi8(AsciiLetterLanes(v)));
  const size_t n = std::min<size_t>(static_cast<size_t>(__builtin_ctz(~letters)), end - at);
  size_t next = at + n;
  if (next < end && ClassOf(s[next]) != kSpace) {
    const uint8_t k = ClassOf(s[next]);
    if (k == kAsciiLetter || k == kLatinLead) return false;  // the word may go on
    if (k != kListMark || (next + 1 < end && ClassOf(s[next + 1]) != kSpace)) {
      // No bare word: it ends at the next space, looked for in this block.
      const __m128i space =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
                                    _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))),
                       _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
                                    _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))));
      const unsigned after = static_cast<unsigned>(_mm_movemask_epi8(space)) >> (n + 1) << (n + 1);
      if (after == 0 && at + 16 < end) return false;
      *i = after == 0 ? end : std::min(end, at + static_cast<size_t>(__builtin_ctz(after)));
      *bare = false;
      *key = 0;
      return true;
    }
    ++next;
  }
  uint64_t packed;
  std::memcpy(&packed, s + at, 8);
  packed |= 0x2020202020202020ull;
  if (n < 8) packed &= (uint64_t{1} << (8 * n)) - 1;
  *i = next;
  *bare = n >= 2;
  *key = n <= 8 ? packed : 0;
  return true;
#else
  static_cast<void>(s), static_cast<void>(size), static_cast<void>(end);
  static_cast<void>(i), static_cast<void>(bare), static_cast<void>(key);
  return false;
#endif
}

// At least the number of bytes <= ' ' in s[0, n) (so of separators), eight
// bytes at a time: (w - 0x21..) & ~w has the high bit of every byte below
// 0x21 set, and of some bytes just above one (a borrow), never fewer.
size_t SeparatorBound(const char* s, size_t n) {
  size_t count = 0, i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, s + i, 8);
    const uint64_t high = (w - 0x2121212121212121ull) & ~w & 0x8080808080808080ull;
    count += static_cast<size_t>(((high >> 7) * 0x0101010101010101ull) >> 56);
  }
  for (; i < n; ++i) count += static_cast<unsigned char>(s[i]) <= ' ';
  return count;
}

// The number of bytes <= ' ' in s[0, n), sixteen at a time (SSE2), or the
// bound above.
size_t CountSeparators(const char* s, size_t n) {
#if defined(__SSE2__)
  if (n < 16) return SeparatorBound(s, n);
  const __m128i space = _mm_set1_epi8(' ');
  auto separators_in = [&](size_t at) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + at));
    return _mm_cmpeq_epi8(_mm_min_epu8(v, space), v);
  };
  LaneCounter separators;
  size_t i = 0;
  for (; i + 16 <= n; i += 16) separators.Add(separators_in(i));
  // The last bytes as the last lanes of the last 16.
  if (i < n) separators.Add(_mm_andnot_si128(FirstLanes(16 - (n - i)), separators_in(n - 16)));
  return separators.Total();
#else
  return SeparatorBound(s, n);
#endif
}

template <bool kShortcuts>
void FindStuffedRunsIn(std::string_view text, const std::vector<uint32_t>& ranges,
                       std::vector<uint32_t>* runs) {
  const char* s = text.data();
  const FunctionWordSet& function_words = FunctionWords();
  for (size_t r = 0; r + 1 < ranges.size(); r += 2) {
    const size_t end = ranges[r + 1];
    // Words left <= separators left + 1. An upper bound on the separators,
    // counted cheaply, lets most messages stop after their first function
    // word, when too few words are left.
    size_t separators_left = kShortcuts ? CountSeparators(s + ranges[r], end - ranges[r])
                                        : SeparatorBound(s + ranges[r], end - ranges[r]);
    size_t run_begin = 0, run_end = 0;
    size_t run_words = 0;
    auto close_run = [&] {
      if (run_words >= kMinStuffedWords) {
        runs->push_back(static_cast<uint32_t>(run_begin));
        runs->push_back(static_cast<uint32_t>(run_end));
      }
      run_words = 0;
    };
    for (size_t i = ranges[r]; i < end;) {
      if (ClassOf(s[i]) == kSpace) {
        --separators_left;
        ++i;
        continue;
      }
      if (run_words + separators_left + 1 < kMinStuffedWords) break;
      const size_t token_begin = i;
      uint64_t key;
      bool bare;
      if (!kShortcuts || !ReadAsciiWord(s, text.size(), end, &i, &bare, &key)) {
        bare = ReadBareWord(s, end, &i, &key);
      }
      if (bare && !function_words.Contains(key)) {
        if (run_words == 0) run_begin = token_begin;
        run_end = i;
        ++run_words;
      } else {
        close_run();
      }
    }
    close_run();
  }
}

}  // namespace

void FindStuffedRuns(std::string_view text, const std::vector<uint32_t>& ranges,
                     std::vector<uint32_t>* runs) {
  FindStuffedRunsIn<true>(text, ranges, runs);
}

void FindStuffedRunsWithoutShortcuts(std::string_view text, const std::vector<uint32_t>& ranges,
                                     std::vector<uint32_t>* runs) {
  FindStuffedRunsIn<false>(text, ranges, runs);
}

void SubtractRanges(const std::vector<uint32_t>& ranges, const std::vector<uint32_t>& cut,
                    std::vector<uint32_t>* out) {
  out->clear();
  size_t c = 0;
  for (size_t r = 0; r + 1 < ranges.size(); r += 2) {
    uint32_t at = ranges[r];
    const uint32_t end = ranges[r + 1];
    while (c + 1 < cut.size() && cut[c + 1] <= at) c += 2;
    for (size_t k = c; k + 1 < cut.size() && cut[k] < end; k += 2) {
      if (cut[k] > at) {
        out->push_back(at);
        out->push_back(cut[k]);
      }
      at = std::max(at, cut[k + 1]);
    }
    if (at < end) {
      out->push_back(at);
      out->push_back(end);
    }
  }
}

}  // namespace meetintent
