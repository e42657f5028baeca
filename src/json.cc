#include "json.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iterator>

#include "utf8.h"

namespace meetintent {
namespace json {
namespace {

constexpr int kMaxDepth = 64;

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  bool Document(Value* out, std::string* error) {
    SkipSpace();
    if (!ParseValue(out, 0)) {
      *error = error_ + " at byte " + std::to_string(pos_);
      return false;
    }
    SkipSpace();
    if (pos_ != s_.size()) {
      *error = "unexpected trailing characters at byte " + std::to_string(pos_);
      return false;
    }
    return true;
  }

 private:
  bool Fail(const char* msg) {
    error_ = msg;
    return false;
  }
  void SkipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool Literal(std::string_view lit) {
    if (s_.substr(pos_, lit.size()) != lit) return Fail("invalid literal");
    pos_ += lit.size();
    return true;
  }
  bool ParseValue(Value* v, int depth) {
    if (depth > kMaxDepth) return Fail("nesting too deep");
    if (pos_ >= s_.size()) return Fail("unexpected end of input");
    const char c = s_[pos_];
    switch (c) {
      case '{': return ParseObject(v, depth);
      case '[': return ParseArray(v, depth);
      case '"': v->type = Value::kString; return ParseString(&v->string);
      case 't': v->type = Value::kBool; v->boolean = true; return Literal("true");
      case 'f': v->type = Value::kBool; v->boolean = false; return Literal("false");
      case 'n': v->type = Value::kNull; return Literal("null");
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber(v);
        return Fail("unexpected character");
    }
  }
  bool ParseNumber(Value* v) {
    const size_t start = pos_;
    if (s_[pos_] == '-') ++pos_;
    auto digits = [&] {
      const size_t b = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      return pos_ > b;
    };
    if (!digits()) return Fail("invalid number");
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (!digits()) return Fail("invalid number");
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!digits()) return Fail("invalid number");
    }
    v->type = Value::kNumber;
    v->number = std::strtod(std::string(s_.substr(start, pos_ - start)).c_str(), nullptr);
    return true;
  }
  bool Hex4(uint32_t* out) {
    if (s_.size() - pos_ < 4) return Fail("truncated \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = s_[pos_++];
      v <<= 4;
      if (h >= '0' && h <= '9') v |= static_cast<uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f') v |= static_cast<uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') v |= static_cast<uint32_t>(h - 'A' + 10);
      else return Fail("invalid \\u escape");
    }
    *out = v;
    return true;
  }
  bool ParseString(std::string* out) {
    ++pos_;  // opening quote
    out->clear();
    while (true) {
      if (pos_ >= s_.size()) return Fail("unterminated string");
      const unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return Fail("control character in string");
      if (c != '\\') {
        out->push_back(static_cast<char>(c));
        ++pos_;
        continue;
      }
      ++pos_;
      if (pos_ >= s_.size()) return Fail("unterminated escape");
      const char e = s_[pos_++];
      switch (e) {
        case '"': out->push_back('"'); break;
        case '\\': out->push_back('\\'); break;
        case '/': out->push_back('/'); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u': {
          uint32_t cp;
          if (!Hex4(&cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo;
            if (s_.substr(pos_, 2) == "\\u") {
              pos_ += 2;
              if (!Hex4(&lo)) return false;
              if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
              } else {
                AppendUtf8(kReplacementChar, out);
                cp = (lo >= 0xD800 && lo <= 0xDFFF) ? kReplacementChar : lo;
              }
            } else {
              cp = kReplacementChar;
            }
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            cp = kReplacementChar;
          }
          AppendUtf8(static_cast<char32_t>(cp), out);
          break;
        }
        default: return Fail("invalid escape");
      }
    }
  }
  bool ParseArray(Value* v, int depth) {
    ++pos_;
    v->type = Value::kArray;
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipSpace();
      v->array.emplace_back();
      if (!ParseValue(&v->array.back(), depth + 1)) return false;
      SkipSpace();
      if (pos_ >= s_.size()) return Fail("unterminated array");
      if (s_[pos_] == ',') { ++pos_; continue; }
      if (s_[pos_] == ']') { ++pos_; return true; }
      return Fail("expected ',' or ']'");
    }
  }
  bool ParseObject(Value* v, int depth) {
    ++pos_;
    v->type = Value::kObject;
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != '"') return Fail("expected a member name");
      std::string key;
      if (!ParseString(&key)) return false;
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != ':') return Fail("expected ':'");
      ++pos_;
      SkipSpace();
      v->object.emplace_back(std::move(key), Value());
      if (!ParseValue(&v->object.back().second, depth + 1)) return false;
      SkipSpace();
      if (pos_ >= s_.size()) return Fail("unterminated object");
      if (s_[pos_] == ',') { ++pos_; continue; }
      if (s_[pos_] == '}') { ++pos_; return true; }
      return Fail("expected ',' or '}'");
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace

const Value* Value::Find(std::string_view key) const {
  const Value* found = nullptr;
  for (const auto& [k, v] : object) {
    if (k == key) found = &v;
  }
  return found;
}

bool Parse(std::string_view text, Value* out, std::string* error) {
  *out = Value();
  return Parser(text).Document(out, error);
}

namespace {

// Bytes a JSON string can hold as they are: printable ASCII but '"' and '\\'.
struct PlainBytes {
  bool is[256] = {};
  constexpr PlainBytes() {
    for (int c = 0x20; c < 0x7F; ++c) is[c] = c != '"' && c != '\\';
  }
};
constexpr PlainBytes kPlain;

}  // namespace

void AppendString(std::string_view s, std::string* out) {
  out->push_back('"');
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t i = 0; i < s.size();) {
    size_t run = i;
    while (run < s.size() && kPlain.is[u[run]]) ++run;
    out->append(s.data() + i, run - i);  // the common case, in one piece
    if (run == s.size()) break;
    i = run;
    const unsigned char c = u[i];
    if (c < 0x80) {
      switch (c) {
        case '"': *out += "\\\""; break;
        case '\\': *out += "\\\\"; break;
        case '\n': *out += "\\n"; break;
        case '\r': *out += "\\r"; break;
        case '\t': *out += "\\t"; break;
        default: {
          static const char kHex[] = "0123456789abcdef";
          const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
          out->append(esc, sizeof(esc));
        }
      }
      ++i;
      continue;
    }
    char32_t cp;
    const size_t len = DecodeUtf8(u, s.size(), i, &cp);
    AppendUtf8(cp, out);
    i += len;
  }
  out->push_back('"');
}

namespace {

// Powers of ten, exact as doubles up to 1e22.
constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23,
                             1e24, 1e25, 1e26, 1e27, 1e28, 1e29, 1e30, 1e31, 1e32, 1e33, 1e34, 1e35};

// v's six significant digits as r (100000..999999) and its decimal exponent,
// for 1e-30 <= v < 1e6; false near a rounding tie. One multiply gives v * 10^k
// within ~2e-10 of its exact value, so the rounding is exact unless that value
// lies within 1e-6 of a half, which is left to std::to_chars.
bool SixDigits(double v, int64_t* r, int* exponent) {
  if (!(v >= 1e-30 && v < 1e6)) return false;
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  const int binary_exponent = static_cast<int>((bits >> 52) & 0x7FF) - 1023;
  int e = (binary_exponent * 1233) >> 12;  // floor(binary_exponent * log10(2)), maybe one low
  for (int tries = 0; tries < 3; ++tries) {
    // (The estimate can be one below -30 for v just above 1e-30: kPow10
    // stops at 1e35.)
    if (5 - e >= static_cast<int>(std::size(kPow10)) || e - 5 >= static_cast<int>(std::size(kPow10))) return false;
    const double scaled = e <= 5 ? v * kPow10[5 - e] : v / kPow10[e - 5];
    if (scaled < 1e5) {
      --e;  // the exponent is v's own, before rounding
    } else if (scaled >= 1e6) {
      ++e;
    } else {
      if (std::fabs(scaled - std::floor(scaled) - 0.5) < 1e-6) return false;
      const double rounded = std::floor(scaled + 0.5);
      // 999999.5 and up round to the next power of ten.
      *r = rounded < 1e6 ? static_cast<int64_t>(rounded) : 100000;
      *exponent = rounded < 1e6 ? e : e + 1;
      return true;
    }
  }
  return false;
}

// Writes v as printf's "%.6g" would (std::to_chars, general, precision 6) and
// returns the end, or nullptr where SixDigits declines. to_chars does exact
// arithmetic (Ryu) at about ten times the cost; probabilities are written on
// every CLI line.
char* FormatSixDigits(double v, char* out) {
  int64_t r;
  int e;
  if (!SixDigits(v, &r, &e)) return nullptr;
  char digits[6];
  for (int k = 5; k >= 0; --k, r /= 10) digits[k] = static_cast<char>('0' + r % 10);
  int kept = 6;  // %g drops trailing zeros
  while (kept > 1 && digits[kept - 1] == '0') --kept;
  char* p = out;
  if (e < -4 || e >= 6) {
    *p++ = digits[0];
    if (kept > 1) {
      *p++ = '.';
      for (int k = 1; k < kept; ++k) *p++ = digits[k];
    }
    *p++ = 'e';
    *p++ = e < 0 ? '-' : '+';
    const int a = e < 0 ? -e : e;
    *p++ = static_cast<char>('0' + a / 10);
    *p++ = static_cast<char>('0' + a % 10);
  } else if (e >= 0) {
    for (int k = 0; k <= e; ++k) *p++ = digits[k];
    if (kept > e + 1) {
      *p++ = '.';
      for (int k = e + 1; k < kept; ++k) *p++ = digits[k];
    }
  } else {
    *p++ = '0';
    *p++ = '.';
    for (int k = -1; k > e; --k) *p++ = '0';
    for (int k = 0; k < kept; ++k) *p++ = digits[k];
  }
  return p;
}

}  // namespace

char* FormatNumber(double v, char* out) {
  if (!std::isfinite(v)) {
    std::memcpy(out, "null", 4);
    return out + 4;
  }
  char* end = FormatSixDigits(v, out);
  if (end == nullptr) {
    end = std::to_chars(out, out + kMaxNumberChars, v, std::chars_format::general, 6).ptr;
  }
  return end;
}

void AppendNumber(double v, std::string* out) {
  char buf[kMaxNumberChars];
  out->append(buf, FormatNumber(v, buf));
}

void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, r.ptr);
}

}  // namespace json
}  // namespace meetintent
