#include "email_cleanup.h"

#include <array>
#include <cstdint>
#include <cstring>

namespace meetintent {
namespace {

enum class LineKind { kText, kQuoted, kReplyHeader, kForwardBanner, kSignature };

// Byte classes, looked up once a line or byte: kMayOpenMark for the bytes a
// line of another kind than text starts with (after spaces), kWordByte for
// digits, letters and every byte of a non-ASCII character.
enum ByteClass : uint8_t { kMayOpenMark = 1, kWordByte = 2 };

constexpr std::array<uint8_t, 256> MakeByteClasses() {
  std::array<uint8_t, 256> t{};
  for (unsigned char c : {'-', '>', '[', 'b', 'B'}) t[c] = kMayOpenMark;
  for (int c = '0'; c <= '9'; ++c) t[c] |= kWordByte;
  for (int c = 'a'; c <= 'z'; ++c) t[c] |= kWordByte, t[c - 32] |= kWordByte;
  for (int c = 0x80; c <= 0xFF; ++c) t[c] |= kWordByte;
  return t;
}
constexpr std::array<uint8_t, 256> kByteClass = MakeByteClasses();

bool Is(char c, ByteClass k) { return (kByteClass[static_cast<unsigned char>(c)] & k) != 0; }

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (Lower(s[i]) != prefix[i]) return false;
  }
  return true;
}

bool EndsWithNoCase(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && StartsWithNoCase(s.substr(s.size() - suffix.size()), suffix);
}

bool ContainsNoCase(std::string_view s, std::string_view needle) {
  for (size_t i = 0; i + needle.size() <= s.size(); ++i) {
    if (StartsWithNoCase(s.substr(i), needle)) return true;
  }
  return false;
}

// "-----Original Message-----", "---------- Forwarded message ---------",
// "----- Forwarded by X on ... -----", in any language.
bool IsDashBanner(std::string_view line) {
  return line.size() >= 8 && line.substr(0, 3) == "---";
}

bool IsForwardWord(std::string_view line) {
  static constexpr std::string_view kWords[] = {
      "forward", "weitergeleitet", "transf", "reenviado", "reenvi", "encaminhad", "inoltrat",
      "\xe8\xbd\xac\xe5\x8f\x91",  // 转发
      "\xe8\xbb\xa2\xe9\x80\x81",  // 転送
  };
  for (std::string_view w : kWords) {
    if (ContainsNoCase(line, w)) return true;
  }
  return false;
}

// "On Tue, 3 May 2022 at 10:00, Ana <a@b.c> wrote:" and its translations.
bool IsWroteLine(std::string_view line) {
  static constexpr std::string_view kEndings[] = {
      "wrote:", "escribi\xc3\xb3:", "a \xc3\xa9" "crit :", "a \xc3\xa9" "crit:", "schrieb:",
      "escreveu:", "ha scritto:", "geschrieben:",
  };
  // Every form ends in ':' (the endings, and the test below).
  if (line.size() > 300 || line.empty() || line.back() != ':') return false;
  for (std::string_view e : kEndings) {
    if (EndsWithNoCase(line, e)) return true;
  }
  // "Am 03.05.2021 um 10:00 schrieb Jan Meyer <jan@x.de>:" names the author last.
  return (StartsWithNoCase(line, "am ") || StartsWithNoCase(line, "on ")) &&
         (ContainsNoCase(line, " schrieb ") || ContainsNoCase(line, " wrote ")) &&
         line.back() == ':';
}

bool IsHeaderField(std::string_view line) {
  static constexpr std::string_view kFields[] = {
      "from:", "to:", "cc:", "bcc:", "sent:", "date:", "subject:", "de:", "para:",
      "enviado:", "asunto:", "assunto:", "von:", "an:", "gesendet:", "betreff:", "objet :",
      "objet:", "envoy\xc3\xa9 :", "da:", "a:", "inviato:", "oggetto:",
  };
  for (std::string_view f : kFields) {
    if (StartsWithNoCase(line, f)) return true;
  }
  return false;
}

LineKind Classify(std::string_view raw) {
  const std::string_view line = Trim(raw);
  // Every kind but text starts with one of "->[bB" or ends in ':' (as `raw`
  // does when it starts with '-'): most lines are told by two bytes.
  if (line.empty()) return LineKind::kText;
  if (!Is(line.front(), kMayOpenMark) && line.back() != ':') return LineKind::kText;
  if (raw == "-- " || raw == "--" || raw == "-- \r" || raw == "--\r") return LineKind::kSignature;
  if (!line.empty() && line.front() == '>') return LineKind::kQuoted;
  if (StartsWithNoCase(line, "[quoted]")) return LineKind::kReplyHeader;
  if (StartsWithNoCase(line, "[forwarded]") || StartsWithNoCase(line, "begin forwarded message"))
    return LineKind::kForwardBanner;
  if (IsDashBanner(line)) {
    return IsForwardWord(line) ? LineKind::kForwardBanner : LineKind::kReplyHeader;
  }
  if (IsWroteLine(line)) return LineKind::kReplyHeader;
  return LineKind::kText;
}

bool HasAlnum(std::string_view text, const std::vector<uint32_t>& ranges) {
  for (size_t r = 0; r + 1 < ranges.size(); r += 2) {
    for (uint32_t i = ranges[r]; i < ranges[r + 1]; ++i) {
      if (Is(text[i], kWordByte)) return true;
    }
  }
  return false;
}

void Keep(uint32_t begin, uint32_t end, std::vector<uint32_t>* ranges) {
  if (begin >= end) return;
  if (!ranges->empty() && ranges->back() == begin) {
    ranges->back() = end;  // merge with the previous kept line
  } else {
    ranges->push_back(begin);
    ranges->push_back(end);
  }
}

}  // namespace

void FindKeptRanges(std::string_view text, bool strip_quotes, bool strip_signature,
                    std::vector<uint32_t>* ranges) {
  ranges->clear();
  const uint32_t n = static_cast<uint32_t>(text.size());
  if (!strip_quotes && !strip_signature) {
    Keep(0, n, ranges);
    return;
  }
  bool in_forward_header = false;
  uint32_t pos = 0;
  while (pos < n) {
    const void* nl = std::memchr(text.data() + pos, '\n', n - pos);
    const uint32_t line_end =
        nl ? static_cast<uint32_t>(static_cast<const char*>(nl) - text.data()) : n;
    const uint32_t next = nl ? line_end + 1 : n;
    const std::string_view line = text.substr(pos, line_end - pos);
    const LineKind kind = Classify(line);
    if (kind == LineKind::kSignature && strip_signature) break;
    if (strip_quotes) {
      if (kind == LineKind::kReplyHeader) break;  // the rest is the quoted reply
      if (kind == LineKind::kForwardBanner) {
        in_forward_header = true;
        pos = next;
        continue;
      }
      if (in_forward_header) {
        const std::string_view t = Trim(line);
        if (t.empty() || IsHeaderField(t)) {
          pos = next;
          continue;
        }
        in_forward_header = false;
      }
      if (kind == LineKind::kQuoted) {
        pos = next;
        continue;
      }
    }
    Keep(pos, next, ranges);
    pos = next;
  }
  if (!HasAlnum(text, *ranges)) {
    ranges->clear();
    Keep(0, n, ranges);
  }
}

}  // namespace meetintent
