#include "foreign_names.h"

#include "meetintent/placeholder.h"
#include "utf8.h"

namespace meetintent {
namespace {

enum class Script { kLatin, kHanKana, kHangul, kOther };

bool IsHanOrKana(char32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

// The script of a token by its first code point, and its length in code
// points.
Script ScriptOf(std::string_view token, size_t* chars) {
  *chars = 0;
  if (token.empty()) return Script::kOther;
  for (size_t i = 0; i < token.size(); ++i) {
    *chars += (static_cast<unsigned char>(token[i]) & 0xC0) != 0x80;
  }
  const auto b = static_cast<unsigned char>(token[0]);
  if (b < 0x80) return ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') ? Script::kLatin : Script::kOther;
  char32_t c = 0;
  if (DecodeUtf8(reinterpret_cast<const unsigned char*>(token.data()), token.size(), 0, &c) == 0) {
    return Script::kOther;
  }
  if (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) return Script::kLatin;
  if (IsHanOrKana(c)) return Script::kHanKana;
  if (c >= 0xAC00 && c <= 0xD7A3) return Script::kHangul;
  return Script::kOther;
}

}  // namespace

void NameForeignScriptRuns(std::vector<Token>* tokens) {
  // Most messages hold no byte of those scripts (all start at 0xE3 or above).
  bool any = false;
  for (const Token& t : *tokens) any = any || (!t.text.empty() && static_cast<unsigned char>(t.text[0]) >= 0xE3);
  if (!any) return;
  size_t latin_letters = 0, foreign_chars = 0;
  std::vector<Script> scripts(tokens->size());
  for (size_t i = 0; i < tokens->size(); ++i) {
    size_t chars;
    scripts[i] = ScriptOf((*tokens)[i].text, &chars);
    if (scripts[i] == Script::kLatin) latin_letters += chars;
    if (scripts[i] == Script::kHanKana || scripts[i] == Script::kHangul) {
      foreign_chars += chars;
      // Chinese, Japanese or Korean text: known by its first few tokens.
      if (foreign_chars > kMaxForeignChars) return;
    }
  }
  if (latin_letters < kLatinPerForeignChar * foreign_chars) return;
  size_t out = 0;
  for (size_t i = 0; i < tokens->size();) {
    // A run: one Hangul word, or Han and kana characters that touch.
    size_t end = i + 1, chars = 0;
    if (scripts[i] == Script::kHanKana) {
      while (end < tokens->size() && scripts[end] == Script::kHanKana &&
             (*tokens)[end].begin == (*tokens)[end - 1].end) {
        ++end;
      }
    }
    if (scripts[i] == Script::kHanKana || scripts[i] == Script::kHangul) {
      for (size_t k = i; k < end; ++k) {
        size_t n;
        ScriptOf((*tokens)[k].text, &n);
        chars += n;
      }
    }
    if (chars > 0 && chars <= kMaxForeignNameChars) {
      Token name;
      name.text = kNamePlaceholder;
      name.begin = (*tokens)[i].begin;
      name.end = (*tokens)[end - 1].end;
      (*tokens)[out++] = name;
    } else {
      for (size_t k = i; k < end; ++k) (*tokens)[out++] = (*tokens)[k];
    }
    i = end;
  }
  tokens->resize(out);
}

}  // namespace meetintent
