#include "timestamp.h"

namespace meetintent {
namespace cli {
namespace {

// Reads exactly `n` digits at text[*pos]; advances *pos.
bool Digits(std::string_view text, size_t* pos, int n, int* out) {
  if (text.size() < *pos + static_cast<size_t>(n)) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    const char c = text[*pos + static_cast<size_t>(i)];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += static_cast<size_t>(n);
  *out = v;
  return true;
}

bool Expect(std::string_view text, size_t* pos, std::string_view one_of) {
  if (*pos >= text.size() || one_of.find(text[*pos]) == std::string_view::npos) return false;
  ++*pos;
  return true;
}

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
// (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// The offset after the seconds: "Z", "+hh:mm" or "-hh:mm", in seconds east of UTC.
bool ParseOffset(std::string_view text, size_t* pos, int64_t* offset) {
  if (Expect(text, pos, "Zz")) {
    *offset = 0;
    return true;
  }
  if (*pos >= text.size() || (text[*pos] != '+' && text[*pos] != '-')) return false;
  const int sign = text[(*pos)++] == '-' ? -1 : 1;
  int hh = 0, mm = 0;
  if (!Digits(text, pos, 2, &hh) || !Expect(text, pos, ":") || !Digits(text, pos, 2, &mm) ||
      hh > 23 || mm > 59) {
    return false;
  }
  *offset = sign * (hh * 3600 + mm * 60);
  return true;
}

}  // namespace

bool ParseRfc3339(std::string_view text, int64_t* seconds, std::string* error) {
  size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!Digits(text, &pos, 4, &y) || !Expect(text, &pos, "-") || !Digits(text, &pos, 2, &mo) ||
      !Expect(text, &pos, "-") || !Digits(text, &pos, 2, &d) || !Expect(text, &pos, "Tt ") ||
      !Digits(text, &pos, 2, &h) || !Expect(text, &pos, ":") || !Digits(text, &pos, 2, &mi) ||
      !Expect(text, &pos, ":") || !Digits(text, &pos, 2, &s)) {
    *error = "expected an RFC 3339 time such as 2025-03-04T10:15:00Z or 2025-03-04T12:15:00+02:00";
    return false;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(y, mo) || h > 23 || mi > 59 || s > 60) {
    *error = "no such date or time of day";
    return false;
  }
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const size_t first = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == first) {
      *error = "expected digits after the decimal point of the seconds";
      return false;
    }
  }
  int64_t offset = 0;
  if (!ParseOffset(text, &pos, &offset) || pos != text.size()) {
    *error = "expected 'Z' or an offset such as +02:00 after the seconds";
    return false;
  }
  *seconds = DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset;
  return true;
}

}  // namespace cli
}  // namespace meetintent
