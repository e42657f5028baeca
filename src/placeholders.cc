#include "placeholders.h"

#include <unicode/uchar.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "code_point_scan.h"

namespace meetintent {
namespace {

bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlpha(char32_t c) { return c >= 'a' && c <= 'z'; }
// Letters of any script, for "is this digit glued to a word" decisions.
bool IsLetter(char32_t c) {
  return IsAsciiAlpha(c) || (c >= 0x80 && u_isalpha(static_cast<UChar32>(c)));
}
// Han, kana, Hangul, Thai, Lao, Khmer, Myanmar: scripts whose words meet
// digits without a space ("18時", "3시", "ตอน 3โมง").
bool IsUnspacedScript(char32_t c) {
  return (c >= 0x0E00 && c <= 0x0EFF) ||    // Thai, Lao
         (c >= 0x1000 && c <= 0x109F) ||    // Myanmar
         (c >= 0x1100 && c <= 0x11FF) ||    // Hangul Jamo
         (c >= 0x1780 && c <= 0x17FF) ||    // Khmer
         (c >= 0x3005 && c <= 0x3007) ||    // 々 〆 〇
         (c >= 0x3040 && c <= 0x31FF) ||    // kana, Bopomofo, Hangul compatibility jamo
         (c >= 0xA960 && c <= 0xA97F) ||    // Hangul Jamo Extended-A
         (c >= 0xA9E0 && c <= 0xA9FF) ||    // Myanmar Extended-B
         (c >= 0xAA60 && c <= 0xAA7F) ||    // Myanmar Extended-A
         (c >= 0xD7B0 && c <= 0xD7FF) ||    // Hangul Jamo Extended-B
         (c >= 0x3400 && c <= 0x4DBF) ||    // Han extension A
         (c >= 0x4E00 && c <= 0x9FFF) ||    // Han
         (c >= 0xAC00 && c <= 0xD7A3) ||    // Hangul syllables
         (c >= 0xF900 && c <= 0xFAFF) ||    // Han compatibility
         (c >= 0xFF66 && c <= 0xFFDC) ||    // halfwidth kana and Hangul
         (c >= 0x20000 && c <= 0x3FFFF);    // Han supplementary planes
}
bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0; }

bool MatchAt(const CodePoints& s, size_t i, const char* lit) {
  for (size_t k = 0; lit[k] != '\0'; ++k) {
    if (i + k >= s.size() || s[i + k] != static_cast<unsigned char>(lit[k])) return false;
  }
  return true;
}

bool AtWordStart(const CodePoints& s, size_t i) {
  return i == 0 || !(IsLetter(s[i - 1]) || IsDigit(s[i - 1]) || s[i - 1] == '.' ||
                     s[i - 1] == '_' || s[i - 1] == '-' || s[i - 1] == '+');
}

bool IsTrailingPunct(char32_t c) {
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' ||
         c == ']' || c == '\'' || c == '"';
}

// URL: "http://", "https://" or "www." up to whitespace, minus trailing
// punctuation. Returns the end, or i when there is no URL at i.
size_t MatchUrl(const CodePoints& s, size_t i) {
  size_t j;
  if (MatchAt(s, i, "https://")) {
    j = i + 8;
  } else if (MatchAt(s, i, "http://")) {
    j = i + 7;
  } else if (MatchAt(s, i, "www.") && AtWordStart(s, i)) {
    j = i + 4;
  } else {
    return i;
  }
  const size_t body = j;
  while (j < s.size() && !IsSpace(s[j]) && s[j] != '<' && s[j] != '>' && s[j] != '"') ++j;
  while (j > body && IsTrailingPunct(s[j - 1])) --j;
  return j > body ? j : i;
}

bool IsLocalPartChar(char32_t c) {
  return IsAsciiAlpha(c) || IsDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' ||
         c == '-';
}
bool IsDomainChar(char32_t c) { return IsAsciiAlpha(c) || IsDigit(c) || c == '-' || c == '.'; }

// A local part is at most 64 characters (RFC 5321): the scan is bounded,
// so a long run of local-part characters costs linear time, not quadratic.
constexpr size_t kMaxLocalPart = 64;

// E-mail address starting at a word start. Returns the end, or i.
size_t MatchEmail(const CodePoints& s, size_t i) {
  if (!AtWordStart(s, i) || !(IsAsciiAlpha(s[i]) || IsDigit(s[i]))) return i;
  size_t j = i;
  while (j < s.size() && j - i <= kMaxLocalPart && IsLocalPartChar(s[j])) ++j;
  if (j >= s.size() || s[j] != '@' || j == i || j - i > kMaxLocalPart) return i;
  size_t k = j + 1;
  bool dot = false;
  while (k < s.size() && IsDomainChar(s[k])) {
    if (s[k] == '.' && k > j + 1) dot = true;
    ++k;
  }
  while (k > j + 1 && (s[k - 1] == '.' || s[k - 1] == '-')) --k;
  if (!dot || k <= j + 3) return i;
  // The last dot must be followed by at least two letters (a TLD).
  size_t last_dot = k;
  while (last_dot > j + 1 && s[last_dot - 1] != '.') --last_dot;
  if (k - last_dot < 2) return i;
  return k;
}

size_t SkipDigits(const CodePoints& s, size_t i) {
  while (i < s.size() && IsDigit(s[i])) ++i;
  return i;
}

// "am", "pm", "a.m.", "p.m." at j (after optional one space). Returns end or j.
size_t MatchMeridiem(const CodePoints& s, size_t j) {
  size_t k = j;
  if (k < s.size() && s[k] == ' ') ++k;
  if (k >= s.size() || (s[k] != 'a' && s[k] != 'p')) return j;
  if (MatchAt(s, k + 1, "m")) {
    if (k + 2 < s.size() && IsLetter(s[k + 2])) return j;
    return k + 2;
  }
  if (MatchAt(s, k + 1, ".m.")) return k + 4;
  return j;
}

// Everything that starts with a digit at a word start. One function of
// ~100 lines on purpose: the formats (clock times, dates, phone numbers,
// amounts) are tried in an order that matters, on one cursor, and reading
// them top to bottom is the specification.
size_t MatchNumeric(const CodePoints& s, size_t i, Placeholder* kind) {
  const size_t n = s.size();
  size_t j = SkipDigits(s, i);
  const size_t first_len = j - i;

  // Clock time: 9:30, 09:30:15, optional am/pm; 14h30; 9am, 9 pm.
  if (first_len <= 2 && j + 2 < n + 0 && s[j] == ':' && j + 2 < n + 1 && IsDigit(s[j + 1])) {
    size_t k = SkipDigits(s, j + 1);
    if (k - (j + 1) == 2) {
      if (k + 2 < n + 1 && k < n && s[k] == ':' && k + 1 < n && IsDigit(s[k + 1])) {
        const size_t k2 = SkipDigits(s, k + 1);
        if (k2 - (k + 1) == 2) k = k2;
      }
      *kind = Placeholder::kTime;
      return MatchMeridiem(s, k);
    }
  }
  if (first_len <= 2) {
    const size_t m = MatchMeridiem(s, j);
    if (m != j) {
      *kind = Placeholder::kTime;
      return m;
    }
    if (j < n && s[j] == 'h' && (j + 1 >= n || !IsLetter(s[j + 1]))) {
      size_t k = SkipDigits(s, j + 1);
      if (k - (j + 1) == 0 || k - (j + 1) == 2) {
        *kind = Placeholder::kTime;
        return k;
      }
    }
  }

  // Date: d/d/d, d-d-d, d.d.d (year first or last), d/d.
  if (j < n && (s[j] == '/' || s[j] == '-' || s[j] == '.') && first_len <= 4) {
    const char32_t sep = s[j];
    size_t k = SkipDigits(s, j + 1);
    const size_t second_len = k - (j + 1);
    if (second_len >= 1 && second_len <= 2) {
      if (k < n && s[k] == sep && k + 1 < n && IsDigit(s[k + 1])) {
        const size_t k2 = SkipDigits(s, k + 1);
        const size_t third_len = k2 - (k + 1);
        if ((third_len == 2 || third_len == 4 || (first_len == 4 && third_len <= 2)) &&
            (k2 >= n || !IsDigit(s[k2]))) {
          *kind = Placeholder::kDate;
          return k2;
        }
      } else if (sep == '/' && first_len <= 2 && (k >= n || !IsDigit(s[k]))) {
        *kind = Placeholder::kDate;
        return k;
      }
    }
  }

  // Phone: at least 7 digits in groups separated by single spaces, dashes,
  // dots or parentheses.
  {
    size_t k = j;
    size_t digits = first_len;
    size_t last_digit_end = j;
    // Past 15 digits it is no phone number: stop there, so a long run of
    // digit groups costs linear time, not quadratic.
    while (k < n && digits <= 15) {
      if (IsDigit(s[k])) {
        const size_t e = SkipDigits(s, k);
        digits += e - k;
        k = e;
        last_digit_end = k;
        continue;
      }
      // One or two separators ("-", " ", ") ", " (") between digit groups.
      auto is_sep = [&](size_t at) {
        return at < n && (s[at] == ' ' || s[at] == '-' || s[at] == '.' || s[at] == '(' ||
                          s[at] == ')');
      };
      if (is_sep(k) && k + 1 < n && IsDigit(s[k + 1])) {
        ++k;
        continue;
      }
      if (is_sep(k) && is_sep(k + 1) && s[k] != s[k + 1] && k + 2 < n && IsDigit(s[k + 2])) {
        k += 2;
        continue;
      }
      break;
    }
    if (digits >= 7 && digits <= 15 && last_digit_end > j) {
      *kind = Placeholder::kPhone;
      return last_digit_end;
    }
  }

  // Plain number: 12, 3.5, 1,000, 12.000,50, ordinals 1st/2nd/3rd/4th.
  size_t k = j;
  while (k + 1 < n && (s[k] == '.' || s[k] == ',') && IsDigit(s[k + 1])) k = SkipDigits(s, k + 1);
  if (k + 1 < n + 0 && k < n &&
      (MatchAt(s, k, "st") || MatchAt(s, k, "nd") || MatchAt(s, k, "rd") || MatchAt(s, k, "th")) &&
      (k + 2 >= n || !IsLetter(s[k + 2]))) {
    k += 2;
  }
  *kind = Placeholder::kNumber;
  return k;
}

// 間, 间, 간 after a unit make a duration ("18時間", "3日間", "3시간").
bool IsDurationMark(char32_t c) { return c == 0x9593 || c == 0x95F4 || c == 0xAC04; }  // 間 间 간
// What "3号" numbers when it is not a date ("3号线", "5号楼").
bool IsNumberedThing(char32_t c) {
  switch (c) {
    case 0x7EBF: case 0x7DDA:  // 线 線 (a metro line)
    case 0x697C: case 0x6A13:  // 楼 樓
    case 0x623F: case 0x5BA4:  // 房 室
    case 0x95E8: case 0x9580:  // 门 門
    case 0x4F4D: case 0x5EA7:  // 位 座
    case 0x9986: case 0x9928:  // 馆 館
    case 0x5385: case 0x5EF3:  // 厅 廳
    case 0x8F66: case 0x8ECA:  // 车 車
    case 0x53E3: case 0x5E8A:  // 口 床
    case 0x7A97: case 0x684C:  // 窗 桌
      return true;
    default:
      return false;
  }
}

// After a number of one or two digits ending at j, the units that make it a
// time or a date in Chinese, Japanese and Korean: "18時(30分|半)", "3点(半|15分)",
// "3시(30분)", "5月3日", "5月3号", "3일". Not durations ("18時間", "3日間",
// "3시간") nor numbered things ("3号线", "5号楼"). Returns the end and sets
// *kind, or returns j.
size_t MatchCjkUnit(const CodePoints& s, size_t j, Placeholder* kind) {
  const size_t n = s.size();
  if (j >= n) return j;
  const bool duration = j + 1 < n && IsDurationMark(s[j + 1]);
  auto minutes = [&](size_t k, char32_t unit) {  // optional "30分" / "半"
    if (k < n && s[k] == 0x534A) return k + 1;   // 半
    const size_t d = SkipDigits(s, k);
    if (d > k && d - k <= 2 && d < n && s[d] == unit) return d + 1;
    return k;
  };
  switch (s[j]) {
    case 0x6642:  // 時
    case 0x65F6:  // 时
    case 0x70B9:  // 点
    case 0x9EDE:  // 點
      if (duration) return j;
      *kind = Placeholder::kTime;
      return minutes(j + 1, 0x5206);  // 分
    case 0xC2DC:  // 시
      if (duration) return j;
      *kind = Placeholder::kTime;
      return minutes(j + 1, 0xBD84);  // 분
    case 0x6708: {  // 月, then a day: "5月3日"
      const size_t d = SkipDigits(s, j + 1);
      *kind = Placeholder::kDate;
      if (d > j + 1 && d - (j + 1) <= 2 && d < n && (s[d] == 0x65E5 || s[d] == 0x53F7)) return d + 1;
      return j + 1;
    }
    case 0xC6D4:  // 월
      *kind = Placeholder::kDate;
      return j + 1;
    case 0x65E5:  // 日
    case 0x53F7:  // 号
    case 0xC77C:  // 일
      if (duration || (j + 1 < n && IsNumberedThing(s[j + 1]))) return j;
      *kind = Placeholder::kDate;
      return j + 1;
    default:
      return j;
  }
}

// What an ASCII character is to ReplacePlaceholders, as bits: which matchers
// can start at it.
enum : unsigned { kDigit = 1, kPlus = 2, kHOrW = 4, kAsciiLetter = 8 };
struct AsciiRoles {
  unsigned char bits[128];
  constexpr AsciiRoles() : bits() {
    for (int c = 0; c < 128; ++c) {
      unsigned b = 0;
      if (c >= '0' && c <= '9') b |= kDigit;
      if (c == '+') b |= kPlus;
      if (c == 'h' || c == 'w') b |= kHOrW;
      if (c >= 'a' && c <= 'z') b |= kAsciiLetter;
      bits[c] = static_cast<unsigned char>(b);
    }
  }
};
constexpr AsciiRoles kAsciiRole;
// The same without the letters, for text without an '@'.
struct AsciiRolesWithoutAt : AsciiRoles {
  constexpr AsciiRolesWithoutAt() {
    for (int c = 'a'; c <= 'z'; ++c) bits[c] = static_cast<unsigned char>(bits[c] & ~kAsciiLetter);
  }
};
constexpr AsciiRolesWithoutAt kAsciiRoleWithoutAt;

// The first position from k on (n at most) whose character can start a
// match when letters cannot: a digit, '+', 'h' or 'w' (the characters of
// kAsciiRoleWithoutAt). SSE2 looks at four code points at a time.
size_t SkipInertWithoutAt(const char32_t* s, size_t k, size_t n) {
#if defined(__SSE2__)
  // c - '0' < 10 as unsigned numbers is c - '0' + 2^31 < 2^31 + 10 as signed ones.
  const __m128i to_signed = _mm_set1_epi32(INT32_MAX - '0' + 1);
  const __m128i ten = _mm_set1_epi32(INT32_MIN + 10);
  const __m128i plus = _mm_set1_epi32('+'), h = _mm_set1_epi32('h'), w = _mm_set1_epi32('w');
  for (; k + 4 <= n; k += 4) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + k));
    const __m128i digit = _mm_cmplt_epi32(_mm_add_epi32(v, to_signed), ten);
    const __m128i start = _mm_or_si128(_mm_or_si128(digit, _mm_cmpeq_epi32(v, plus)),
                                       _mm_or_si128(_mm_cmpeq_epi32(v, h), _mm_cmpeq_epi32(v, w)));
    const int found = _mm_movemask_ps(_mm_castsi128_ps(start));
    if (found != 0) return k + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(found)));
  }
#endif
  while (k < n && (s[k] >= 0x80 || kAsciiRoleWithoutAt.bits[s[k]] == 0)) ++k;
  return k;
}

}  // namespace

void ReplacePlaceholders(CodePoints* cps_in, Spans* spans_in, bool unspaced_script_numbers) {
  CodePoints& s = *cps_in;
  Spans& spans = *spans_in;
  const size_t n = s.size();
  size_t w = 0;  // write position: the rewrite never grows the sequence
  size_t i = 0;
  // An address starting at i has its '@' within kMaxLocalPart characters,
  // and only local-part characters before it: elsewhere (or without an '@'
  // further on) MatchEmail would find nothing. email_from is where that run
  // of characters starts (at most kMaxLocalPart before the '@'). Positions
  // from the search's start on are not rewritten yet, so both stay valid.
  constexpr size_t kNone = SIZE_MAX;
  size_t next_at = 0, email_from = 0;
  bool searched = false;
  auto at_near = [&](size_t from) {
    if (!searched || next_at < from) {
      searched = true;
      next_at = static_cast<size_t>(std::find(s.begin() + static_cast<std::ptrdiff_t>(from), s.end(),
                                              U'@') - s.begin());
      if (next_at == n) {
        next_at = kNone;
      } else {
        email_from = next_at;
        while (email_from > from && next_at - email_from < kMaxLocalPart &&
               IsLocalPartChar(s[email_from - 1])) {
          --email_from;
        }
      }
    }
    return next_at != kNone && from >= email_from;
  };
  // Without any '@', letters start nothing but URLs ('h', 'w').
  const unsigned char* roles =
      at_near(0) || next_at != kNone ? kAsciiRole.bits : kAsciiRoleWithoutAt.bits;
  while (i < n) {
    // Characters no matcher can start at are found as a stretch, then left
    // in place (before the first replacement) or moved down in one loop.
    // Writes stay below w <= i, so s[i - 1] keeps the original character the
    // matchers look back at.
    // Letters start an address only within kMaxLocalPart characters of the
    // next '@' (without an '@', never): until then they are stepped over too.
    size_t letters_from = i;
    if (roles == kAsciiRoleWithoutAt.bits) {
      letters_from = n;
    } else if (!at_near(i)) {
      letters_from = next_at == kNone ? n : email_from;
    }
    size_t stretch_end = SkipInertWithoutAt(s.data(), i, letters_from);
    if (stretch_end >= letters_from) {
      while (stretch_end < n && (s[stretch_end] >= 0x80 || roles[s[stretch_end]] == 0)) ++stretch_end;
    }
    MoveDown(cps_in, spans_in, i, stretch_end, w);
    w += stretch_end - i;
    i = stretch_end;
    if (i == n) break;
    const char32_t c = s[i];
    // A letter can start only an e-mail address, and that only at a word
    // start; otherwise it is copied.
    const unsigned role = c < 0x80 ? roles[c] : 0u;
    if (role == kAsciiLetter && (!at_near(i) || !AtWordStart(s, i))) {
      if (w != i) {
        s[w] = c;
        spans[w] = spans[i];
      }
      ++i;
      ++w;
      continue;
    }
    size_t end = i;
    Placeholder kind = Placeholder::kNumber;
    if (c == 'h' || c == 'w') {  // a URL needs ':' or '.', which MatchUrl checks
      end = MatchUrl(s, i);
      kind = Placeholder::kUrl;
    }
    if (end == i && (IsAsciiAlpha(c) || IsDigit(c)) && at_near(i)) {
      end = MatchEmail(s, i);
      kind = Placeholder::kEmail;
    }
    if (end == i && c == '+' && i + 1 < n && IsDigit(s[i + 1]) && AtWordStart(s, i)) {
      Placeholder k2;
      const size_t e = MatchNumeric(s, i + 1, &k2);
      if (k2 == Placeholder::kPhone) {
        end = e;
        kind = k2;
      }
    }
    // Digits glued to letters ("b2b", "mp3", "q3") are part of a word.
    auto glues = [&](char32_t letter) {
      return IsLetter(letter) && !(unspaced_script_numbers && IsUnspacedScript(letter));
    };
    if (end == i && IsDigit(c) && (i == 0 || !glues(s[i - 1])) &&
        (i == 0 || !IsDigit(s[i - 1]))) {
      end = MatchNumeric(s, i, &kind);
      if (end < n && glues(s[end])) {
        end = i;
      } else if (unspaced_script_numbers && kind == Placeholder::kNumber && end - i <= 2 &&
                 IsDigit(s[end - 1])) {
        end = MatchCjkUnit(s, end, &kind);  // one or two digits: an hour, a day, a month
      }
    }
    if (end > i) {
      s[w] = static_cast<char32_t>(kind);
      spans[w] = Span{spans[i].begin, spans[end - 1].end};
      ++w;
      i = end;
    } else {
      s[w] = s[i];
      spans[w] = spans[i];
      ++w;
      ++i;
    }
  }
  s.resize(w);
  spans.resize(w);
}

}  // namespace meetintent
