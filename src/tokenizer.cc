#include "meetintent/tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/rbbi.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "bmp_table.h"
#include "code_point_scan.h"
#include "meetintent/placeholder.h"
#include "tokenizer_reference.h"
#include "utf8.h"

namespace meetintent {

struct Tokenizer::IcuState {
  std::unique_ptr<icu::BreakIterator> words;
  UText* utext = nullptr;
  ~IcuState() {
    if (utext != nullptr) utext_close(utext);
  }
};

Tokenizer::Tokenizer() : icu_(new IcuState) {
  UErrorCode status = U_ZERO_ERROR;
  // The root locale: the same segmentation for every message, whatever the
  // process locale is.
  icu_->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status)) icu_->words.reset();
}

Tokenizer::~Tokenizer() = default;

namespace {

bool IsEmoji(UChar32 c) {
  return u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) ||
         u_hasBinaryProperty(c, UCHAR_REGIONAL_INDICATOR) ||
         u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION);
}

// UAX #29 word-break classes of the ASCII characters, as ICU's root rules
// assign them. ICU tailors UAX #29 in two ways that matter here: '@' counts
// as a letter (so e-mail addresses stay one word) and ':' is not MidLetter.
enum Wb : unsigned char {
  kOther, kCr, kLf, kNewline, kALetter, kNumeric, kMidLetter, kMidNumLet, kSingleQuote,
  kMidNum, kExtendNumLet, kWSegSpace, kPlaceholder,
  // Only without dictionaries (format version 2):
  kIdeograph,  // Han and Hiragana: every character a word of its own
  kKatakana,   // runs of Katakana are words (UAX #29 rule WB13)
  kComplex,    // Thai, Lao, Khmer, Myanmar: runs are words, cut every 32 characters
  kRegional,   // regional indicators: pairs are flags
  kNumClasses
};

// Without a dictionary, a run of a complex script is cut into words of this
// many characters so its character n-grams stay within the word limit.
constexpr size_t kMaxComplexRun = 32;

struct AsciiTable {
  Wb cls[128];
  constexpr AsciiTable() : cls() {
    for (int c = 0; c < 128; ++c) cls[c] = kOther;
    for (int c = 'a'; c <= 'z'; ++c) cls[c] = kALetter;
    for (int c = 'A'; c <= 'Z'; ++c) cls[c] = kALetter;
    for (int c = '0'; c <= '9'; ++c) cls[c] = kNumeric;
    cls[static_cast<unsigned char>('\r')] = kCr;
    cls[static_cast<unsigned char>('\n')] = kLf;
    cls[0x0B] = kNewline;
    cls[0x0C] = kNewline;
    cls[static_cast<unsigned char>('@')] = kALetter;
    cls[static_cast<unsigned char>('.')] = kMidNumLet;
    cls[static_cast<unsigned char>('\'')] = kSingleQuote;
    cls[static_cast<unsigned char>(',')] = kMidNum;
    cls[static_cast<unsigned char>(';')] = kMidNum;
    cls[static_cast<unsigned char>('_')] = kExtendNumLet;
    cls[static_cast<unsigned char>(' ')] = kWSegSpace;
  }
};
constexpr AsciiTable kAscii;

constexpr bool IsAHLetter(Wb c) { return c == kALetter; }
constexpr bool IsMidLetterQ(Wb c) { return c == kMidLetter || c == kMidNumLet || c == kSingleQuote; }
constexpr bool IsMidNumQ(Wb c) { return c == kMidNum || c == kMidNumLet || c == kSingleQuote; }

// Whether there is no word boundary between p and c (UAX #29 rules, in their
// order; the first that applies decides). The context: the class before p
// (kOther at the start), the class after c (kOther at the end), whether p is
// past the segment's first character, and c's distance from that character.
constexpr bool Joins(Wb p, Wb c, Wb before_p, Wb after_c, bool p_in_segment, size_t run) {
  if (p == kCr && c == kLf) return true;                                    // WB3
  if (p == kCr || p == kLf || p == kNewline) return false;                  // WB3a
  if (c == kCr || c == kLf || c == kNewline) return false;                  // WB3b
  if (p == kWSegSpace && c == kWSegSpace) return true;                      // WB3d
  if (IsAHLetter(p) && IsAHLetter(c)) return true;                          // WB5
  if (IsAHLetter(p) && IsMidLetterQ(c) && IsAHLetter(after_c)) return true; // WB6
  if (IsAHLetter(before_p) && IsMidLetterQ(p) && IsAHLetter(c) && p_in_segment) return true;  // WB7
  if (p == kNumeric && c == kNumeric) return true;                          // WB8
  if (IsAHLetter(p) && c == kNumeric) return true;                          // WB9
  if (p == kNumeric && IsAHLetter(c)) return true;                          // WB10
  if (before_p == kNumeric && IsMidNumQ(p) && c == kNumeric && p_in_segment) return true;  // WB11
  if (p == kNumeric && IsMidNumQ(c) && after_c == kNumeric) return true;    // WB12
  if (p == kKatakana && c == kKatakana) return true;                        // WB13
  if (p == kComplex && c == kComplex) return run < kMaxComplexRun;
  if (p == kRegional && c == kRegional) return run % 2 == 1;                // WB15/16
  if ((IsAHLetter(p) || p == kNumeric || p == kExtendNumLet) && c == kExtendNumLet) {
    return true;                                                            // WB13a
  }
  if (p == kExtendNumLet && (IsAHLetter(c) || c == kNumeric)) return true;  // WB13b
  return false;                                                             // WB999
}

// Whether Joins(p, c, ...) reads its context: p and c meet the rest of a
// rule that looks beyond them. For every other pair the context changes
// nothing, and a table holds the answer.
constexpr bool NeedsContext(Wb p, Wb c) {
  return (IsAHLetter(p) && IsMidLetterQ(c)) || (IsMidLetterQ(p) && IsAHLetter(c)) ||
         (IsMidNumQ(p) && c == kNumeric) || (p == kNumeric && IsMidNumQ(c)) ||
         (p == kComplex && c == kComplex) || (p == kRegional && c == kRegional);
}

// Per pair of classes: 0 boundary, 1 no boundary, 2 ask Joins with the context.
struct JoinTable {
  unsigned char v[kNumClasses][kNumClasses];
  constexpr JoinTable() : v() {
    for (int p = 0; p < kNumClasses; ++p) {
      for (int c = 0; c < kNumClasses; ++c) {
        const auto wp = static_cast<Wb>(p), wc = static_cast<Wb>(c);
        v[p][c] = NeedsContext(wp, wc) ? 2 : Joins(wp, wc, kOther, kOther, false, 1) ? 1 : 0;
      }
    }
  }
};
constexpr JoinTable kJoin;

// An ideograph is a boundary on both sides whatever the context (FastTokenize
// relies on it).
constexpr bool IdeographsNeverJoin() {
  for (int k = 0; k < kNumClasses; ++k) {
    if (kJoin.v[k][kIdeograph] != 0 || kJoin.v[kIdeograph][k] != 0) return false;
  }
  return true;
}
static_assert(IdeographsNeverJoin());

bool IsSupplementaryDictionaryLetter(UChar32 c) {
  if (u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)) return true;
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  return script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA || script == USCRIPT_HAN;
}

// Word-break class of a non-ASCII code point, or false when the fast path
// must not handle it. With dictionaries (format version 1), the dictionary
// scripts (Chinese, Japanese, Thai, Lao, Khmer, Myanmar; Korean to be safe)
// and the classes whose rules the fast path does not implement (Katakana,
// Hebrew letters, regional indicators, ZWJ) go to ICU. Without (version 2),
// every code point has a class here.
template <bool kDictionary>
bool ClassifyNonAscii(char32_t c, Wb* cls, bool* transparent) {
  *transparent = false;
  const auto uc = static_cast<UChar32>(c);
  if constexpr (kDictionary) {
    if ((c >= 0x1100 && c <= 0x11FF) || (c >= 0x2E80 && c <= 0xA4CF) ||
        (c >= 0xA960 && c <= 0xA97F) || (c >= 0xAC00 && c <= 0xD7FF) ||
        (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
        (c >= 0xFF00 && c <= 0xFFEF) || c >= 0x20000) {
      return false;
    }
    if (u_getIntPropertyValue(uc, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT) return false;
    // ICU keeps ideographs and kana outside the blocks above (Tangut, Nushu,
    // Khitan, historic kana) as words; their word-break class says Other.
    if (c >= 0x10000 && IsSupplementaryDictionaryLetter(uc)) return false;
  } else {
    if (u_getIntPropertyValue(uc, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT) {
      const auto gc = u_charType(uc);
      if (gc == U_NON_SPACING_MARK || gc == U_COMBINING_SPACING_MARK) {
        *cls = kOther;
        *transparent = true;
      } else {
        *cls = u_isalpha(uc) ? kComplex : kOther;
      }
      return true;
    }
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(uc, &status);
    if ((script == USCRIPT_HAN || script == USCRIPT_HIRAGANA) && u_isalpha(uc)) {
      *cls = kIdeograph;
      return true;
    }
  }
  switch (u_getIntPropertyValue(uc, UCHAR_WORD_BREAK)) {
    case U_WB_ALETTER: *cls = kALetter; return true;
    case U_WB_NUMERIC: *cls = kNumeric; return true;
    case U_WB_MIDLETTER:
      // ICU's root rules drop the colons from MidLetter.
      *cls = (c == 0xFE55 || c == 0xFF1A) ? kOther : kMidLetter;
      return true;
    case U_WB_MIDNUMLET: *cls = kMidNumLet; return true;
    case U_WB_SINGLE_QUOTE: *cls = kSingleQuote; return true;
    case U_WB_MIDNUM: *cls = kMidNum; return true;
    case U_WB_EXTENDNUMLET: *cls = kExtendNumLet; return true;
    case U_WB_WSEGSPACE: *cls = kWSegSpace; return true;
    case U_WB_NEWLINE: *cls = kNewline; return true;
    case U_WB_EXTEND:
    case U_WB_FORMAT:
      *cls = kOther;
      *transparent = true;
      return true;
    case U_WB_OTHER: *cls = kOther; return true;
    default:
      if constexpr (kDictionary) return false;  // Katakana, Hebrew, quotes, RI, ZWJ, CR, LF
      switch (u_getIntPropertyValue(uc, UCHAR_WORD_BREAK)) {
        case U_WB_KATAKANA: *cls = kKatakana; return true;
        case U_WB_HEBREW_LETTER: *cls = kALetter; return true;
        case U_WB_REGIONAL_INDICATOR: *cls = kRegional; return true;
        case U_WB_ZWJ:
          *cls = kOther;
          *transparent = true;
          return true;
        default: *cls = kOther; return true;  // quotes; CR and LF are ASCII
      }
  }
}

// ClassifyNonAscii<false> of a BMP code point in a byte: the class, 0x80
// when the character is transparent, and 0x40 when it is an emoji (asked of
// every segment without letters: CJK punctuation). Asked once per block
// (LazyBmpTable).
constexpr uint8_t kTransparentBit = 0x80, kEmojiBit = 0x40, kClassBits = 0x3F;
static_assert(kNumClasses <= kClassBits);
uint8_t ComputeClassWithoutDictionary(char32_t c) {
  Wb cls = kOther;
  bool transparent = false;
  ClassifyNonAscii<false>(c, &cls, &transparent);
  return static_cast<uint8_t>(cls | (transparent ? kTransparentBit : 0) |
                              (IsEmoji(static_cast<UChar32>(c)) ? kEmojiBit : 0));
}
LazyBmpTable<uint8_t, ComputeClassWithoutDictionary> classes_without_dictionary;

// The fast path: UAX #29 word boundaries for text without dictionary
// scripts. kAsciiOnly refuses any non-ASCII character but placeholders;
// kDictionary (format version 1) refuses the scripts ICU segments with
// dictionaries, while without it (version 2) they get the simple rules of
// ClassifyNonAscii and nothing is refused. kCached (version 2 only) takes
// the classes of BMP characters from classes_without_dictionary and emits
// ideographs at once.
//
// FastTokenizeRange appends the tokens of text[from, to) to *out, read as if
// that range were the whole text; text[to], if any, must be ASCII.
template <bool kAsciiOnly, bool kDictionary = true, bool kCached = false>
bool FastTokenizeRange(std::string_view whole, size_t from, size_t to, std::vector<Token>* out) {
  const std::string_view text = whole.substr(0, to);
  const size_t n = to;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  // One entry per base character; Extend and Format characters stay with
  // the character before them (rule WB4), so they only move its end. The
  // arrays only grow (at most one entry per byte, plus the end position), and
  // are written through pointers: no per-character push_back.
  struct Scratch {
    std::vector<uint32_t> pos;
    std::vector<Wb> cls;
    std::vector<unsigned char> extended;  // the character carries Extend/Format
  };
  thread_local Scratch scratch;
  if (scratch.pos.size() < n - from + 1) {
    scratch.pos.resize(n - from + 1);
    scratch.cls.resize(n - from + 1);
    scratch.extended.resize(n - from + 1);
  }
  uint32_t* const pos = scratch.pos.data();
  Wb* const cls = scratch.cls.data();
  unsigned char* const extended = scratch.extended.data();
  size_t m = 0;
  for (size_t i = from; i < n;) {
    const unsigned char b = bytes[i];
    // Eight ASCII bytes: one entry each, without a test per byte.
    if (b < 0x80 && i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, bytes + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
#if defined(__SSE2__)
        const __m128i at = _mm_set1_epi32(static_cast<int>(static_cast<uint32_t>(i)));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(pos + m),
                         _mm_add_epi32(at, _mm_setr_epi32(0, 1, 2, 3)));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(pos + m + 4),
                         _mm_add_epi32(at, _mm_setr_epi32(4, 5, 6, 7)));
        std::memset(extended + m, 0, 8);
        for (size_t k = 0; k < 8; ++k) cls[m + k] = kAscii.cls[bytes[i + k]];
#else
        for (size_t k = 0; k < 8; ++k) {
          pos[m + k] = static_cast<uint32_t>(i + k);
          cls[m + k] = kAscii.cls[bytes[i + k]];
          extended[m + k] = 0;
        }
#endif
        m += 8;
        i += 8;
        continue;
      }
    }
    if (b < 0x80) {
      pos[m] = static_cast<uint32_t>(i);
      cls[m] = kAscii.cls[b];
      extended[m] = 0;
      ++m;
      ++i;
      continue;
    }
    // U+5000..U+9FFF (most Chinese and Japanese text): all ideographs, as the
    // class table says of each (tests compare it with the uncached path).
    const bool ideograph = !kDictionary && kCached && b >= 0xE5 && b <= 0xE9 && i + 3 <= n &&
                           (bytes[i + 1] & 0xC0) == 0x80 && (bytes[i + 2] & 0xC0) == 0x80;
    if (ideograph || PlaceholderAt(text, i) != 0) {  // three bytes either way
      pos[m] = static_cast<uint32_t>(i);
      cls[m] = ideograph ? kIdeograph : kPlaceholder;
      extended[m] = 0;
      ++m;
      i += 3;
      continue;
    }
    if (kAsciiOnly) return false;
    char32_t c;
    const size_t len = DecodeUtf8(bytes, n, i, &c);
    Wb wb;
    bool transparent;
    if (!kDictionary && kCached && c < 0x10000) {
      const uint8_t v = classes_without_dictionary.Get(c);
      wb = static_cast<Wb>(v & kClassBits);
      transparent = (v & kTransparentBit) != 0;
    } else if (!ClassifyNonAscii<kDictionary>(c, &wb, &transparent)) {
      return false;
    }
    const bool attaches = transparent && m > 0 && cls[m - 1] != kCr &&
                          cls[m - 1] != kLf && cls[m - 1] != kNewline;
    if (attaches) {
      extended[m - 1] = 1;
    } else {
      pos[m] = static_cast<uint32_t>(i);
      cls[m] = wb;
      extended[m] = 0;
      ++m;
    }
    i += len;
  }
  pos[m] = static_cast<uint32_t>(n);

  auto at = [&](size_t k) -> Wb { return k < m ? cls[k] : kOther; };
  // Writes the token's fields in place: a Token built aside and copied in
  // was stored in two halves and read back whole, a stall on every token.
  auto add_token = [&](uint32_t b, uint32_t e) {
    Token& token = out->emplace_back();
    token.text = std::string_view(text.data() + b, e - b);
    token.begin = b;
    token.end = e;
  };
  size_t start = 0;
  bool has_letter = false, has_digit = false;
  size_t enl = 0;  // ExtendNumLet characters in the segment
  // Whether the character at entry k is an emoji (decoded again: rare).
  auto emoji_at = [&](size_t k) {
    if (bytes[pos[k]] < 0x80) return false;
    char32_t c;
    DecodeUtf8(bytes, n, pos[k], &c);
    if (kCached && c < 0x10000) return (classes_without_dictionary.Get(c) & kEmojiBit) != 0;
    return IsEmoji(static_cast<UChar32>(c));
  };
  auto emit = [&](size_t end_k) {
    // ICU's rules give no word status to a segment that ends in "_" carrying
    // a combining mark ("a_\u0301"); the fast path follows.
    if (cls[end_k - 1] == kExtendNumLet && extended[end_k - 1]) return;
    const bool keep = has_letter || has_digit || cls[start] == kPlaceholder ||
                      cls[start] >= kIdeograph ||
                      (enl >= 2 && end_k - start == enl) ||
                      emoji_at(start);
    if (keep) add_token(pos[start], pos[end_k]);
  };
  // Starts a segment at entry k, with nothing seen in it yet.
  auto start_segment = [&](size_t k) {
    start = k;
    has_letter = has_digit = false;
    enl = 0;
  };
  for (size_t k = 0; k < m; ++k) {
    const Wb c = cls[k];
    // Inside a run of letters every step is WB5 (join): from the segment's
    // first character or from inside a run, skip to the run's end.
    if (c == kALetter && (k == start || cls[k - 1] == kALetter)) {
      has_letter = true;
      while (k + 1 < m && cls[k + 1] == kALetter) ++k;
      continue;
    }
    // No rule joins an ideograph to anything on either side: the segment
    // before it ends, and it is a word of its own (as emit would keep it).
    // (kCached only, so that the uncached path checks this one in tests.)
    if (kCached && c == kIdeograph) {
      if (k > start) emit(k);
      add_token(pos[k], pos[k + 1]);
      start_segment(k + 1);
      continue;
    }
    // A space joins nothing but another space (WB3d), and spaces are never a
    // word: the segment before it ends, and the next starts after it.
    if (c == kWSegSpace) {
      if (k > start) emit(k);
      start_segment(k + 1);
      continue;
    }
    if (k > start) {
      const Wb p = cls[k - 1];
      const unsigned char known = kJoin.v[p][c];
      const bool join = known < 2 ? known == 1
                                  : Joins(p, c, k >= 2 ? cls[k - 2] : kOther, at(k + 1),
                                          k - 1 > start, k - start);
      if (!join) {
        emit(k);
        start_segment(k);
      }
    }
    has_letter |= c == kALetter;
    has_digit |= c == kNumeric;
    enl += c == kExtendNumLet;
  }
  if (m > start) emit(m);
  return true;
}

template <bool kAsciiOnly, bool kDictionary = true, bool kCached = false>
bool FastTokenize(std::string_view text, std::vector<Token>* out) {
  out->clear();
  return FastTokenizeRange<kAsciiOnly, kDictionary, kCached>(text, 0, text.size(), out);
}

// What TokenizeWithoutDictionary's first reading makes of an ASCII byte.
enum ByteRole : unsigned char {
  kLetterByte,   // ALetter: a word goes on
  kJoinerByte,   // '.' and '\'' join two letters (WB6, WB7), else end words
  kBreakByte,    // ',' and ';' (MidNum): end words, but join digits
  kFreeByte,     // Other, spaces, line ends: end words, and join nothing on
                 // either side, so the general rules may start or stop there
  kGeneralByte,  // digits, '_', controls, non-ASCII: the general rules
};

struct ByteRoles {
  ByteRole role[256];
  constexpr ByteRoles() : role() {
    for (int b = 0; b < 256; ++b) role[b] = kGeneralByte;
    for (int b = 0x20; b < 0x7F; ++b) {
      switch (kAscii.cls[b]) {
        case kALetter: role[b] = kLetterByte; break;
        case kMidNumLet:
        case kSingleQuote: role[b] = kJoinerByte; break;
        case kMidNum: role[b] = kBreakByte; break;
        case kOther:
        case kWSegSpace: role[b] = kFreeByte; break;
        default: break;  // digits and '_'
      }
    }
    role[static_cast<unsigned char>('\n')] = kFreeByte;
  }
};
constexpr ByteRoles kRoles;

// The end of the run of letter bytes from i. SSE2 finds the end of a run of
// ASCII letters sixteen bytes at a time; '@' goes on one by one.
size_t SkipLetterBytes(const unsigned char* bytes, size_t i, size_t n) {
#if defined(__SSE2__)
  for (; i + 16 <= n; i += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + i));
    const auto letters = static_cast<unsigned>(_mm_movemask_epi8(AsciiLetterLanes(block)));
    if (letters != 0xFFFF) {
      i += static_cast<size_t>(__builtin_ctz(~letters));
      break;
    }
  }
#endif
  while (i < n && kRoles.role[bytes[i]] == kLetterByte) ++i;
  return i;
}

// Format version 2's tokens in two readings. Most of a message is ASCII
// letters between spaces and punctuation, where the rules reduce to this:
// a word is a run of letters, two runs joined by one '.' or '\'' are one
// word, and nothing else is kept. That first reading emits those words at
// once. A piece it cannot read (a digit, '_', a control character,
// anything non-ASCII) goes to the general rules (FastTokenizeRange), from
// the last free byte before it to a free byte after it: free bytes join
// nothing on either side, and no character attaches to one (WB4 attaches
// marks to spaces, so a piece starts at the space before it), so the tokens
// of the piece alone are the tokens of the whole there. Words the first
// reading gave inside the piece are taken back.
void TokenizeLetterRuns(std::string_view text, std::vector<Token>* out) {
  out->clear();
  const size_t n = text.size();
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  auto role = [&](size_t i) { return kRoles.role[bytes[i]]; };
  size_t free = 0;  // where a general piece would start: the last free byte, or 0
  size_t i = 0;
  while (i < n) {
    const ByteRole r = role(i);
    if (r == kFreeByte) {
      free = i++;
      continue;
    }
    if (r == kJoinerByte || r == kBreakByte) {
      ++i;
      continue;
    }
    if (r == kLetterByte) {
      const size_t begin = i;
      for (;;) {
        i = SkipLetterBytes(bytes, i + 1, n);
        if (i + 1 < n && role(i) == kJoinerByte && role(i + 1) == kLetterByte) continue;
        break;
      }
      if (i == n || role(i) != kGeneralByte) {
        Token& token = out->emplace_back();
        token.text = std::string_view(text.data() + begin, i - begin);
        token.begin = static_cast<uint32_t>(begin);
        token.end = static_cast<uint32_t>(i);
        continue;
      }
    }
    // A piece for the general rules, up to a free byte followed by a letter
    // (or the end), so that a run of non-ASCII words is one piece.
    while (!out->empty() && out->back().begin >= free) out->pop_back();
    size_t end = i + 1;
    // Text in another script than ASCII reads on in one piece to its end.
    if (bytes[i] >= 0x80 && PlaceholderAt(text, i) == 0) end = n;
    while (end < n && !(role(end) == kFreeByte && (end + 1 == n || role(end + 1) == kLetterByte))) {
      ++end;
    }
    FastTokenizeRange<false, false, true>(text, free, end, out);
    i = end;
  }
}

}  // namespace

bool Tokenizer::TokenizeAscii(std::string_view text, std::vector<Token>* out) {
  return FastTokenize<true>(text, out);
}

bool Tokenizer::TokenizeFast(std::string_view text, std::vector<Token>* out) {
  return FastTokenize<false>(text, out);
}

void Tokenizer::TokenizeWithoutDictionary(std::string_view text, std::vector<Token>* out) {
  TokenizeLetterRuns(text, out);
}

void TokenizeWithoutDictionaryUncached(std::string_view text, std::vector<Token>* out) {
  FastTokenize<false, false, false>(text, out);
}

void Tokenizer::TokenizeWithIcu(std::string_view text, std::vector<Token>* out) {
  out->clear();
  if (text.empty() || !icu_->words) return;
  UErrorCode status = U_ZERO_ERROR;
  icu_->utext = utext_openUTF8(icu_->utext, text.data(), static_cast<int64_t>(text.size()),
                               &status);
  if (U_FAILURE(status)) return;
  icu::BreakIterator& bi = *icu_->words;
  bi.setText(icu_->utext, status);
  if (U_FAILURE(status)) return;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  int32_t begin = bi.first();
  for (int32_t end = bi.next(); end != icu::BreakIterator::DONE; begin = end, end = bi.next()) {
    bool keep = bi.getRuleStatus() >= UBRK_WORD_NONE_LIMIT;
    if (!keep) {
      char32_t cp;
      DecodeUtf8(s, static_cast<size_t>(end), static_cast<size_t>(begin), &cp);
      keep = IsPlaceholder(cp) ||
             (cp >= 0x80 && IsEmoji(static_cast<UChar32>(cp)));
    }
    if (keep) {
      const auto b = static_cast<uint32_t>(begin), e = static_cast<uint32_t>(end);
      out->push_back(Token{std::string_view(text.data() + b, e - b), b, e});
    }
  }
}

void Tokenizer::Tokenize(std::string_view text, std::vector<Token>* out) {
  if (!TokenizeFast(text, out)) TokenizeWithIcu(text, out);
}

}  // namespace meetintent
