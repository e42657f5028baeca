// Placeholders: what the normalizer puts in place of URLs, e-mail addresses,
// phone numbers, clock times, dates, other numbers and first names.
//
// Each is a single private-use code point (U+E000..U+E006), three bytes
// EE 80 80..86 in UTF-8. No real text can forge one: the normalizer replaces
// private-use input by U+FFFD. Every stage that meets a placeholder in
// normalized text reads it through the functions here.
#ifndef MEETINTENT_PLACEHOLDER_H_
#define MEETINTENT_PLACEHOLDER_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "meetintent/export.h"

namespace meetintent {

enum class Placeholder : char32_t {
  kUrl = 0xE000,
  kEmail = 0xE001,
  kPhone = 0xE002,
  kNumber = 0xE003,
  kTime = 0xE004,
  kDate = 0xE005,
  // A first name (see FeatureOptions::neutral_words): never produced by the
  // normalizer, only by the feature extractor's stand-ins.
  kName = 0xE006,
};
constexpr char32_t kFirstPlaceholder = 0xE000;
constexpr char32_t kLastPlaceholder = 0xE006;
constexpr size_t kPlaceholderBytes = 3;
// Placeholder::kName in UTF-8: what a first name reads as.
constexpr std::string_view kNamePlaceholder = "\xee\x80\x86";

inline bool IsPlaceholder(char32_t c) { return c >= kFirstPlaceholder && c <= kLastPlaceholder; }

// Returns "<url>", "<email>", "<phone>", "<num>", "<time>", "<date>" or
// "<name>" for a placeholder code point, else nullptr.
MI_EXPORT const char* PlaceholderName(char32_t c);

// The placeholder whose UTF-8 starts at text[i], or 0 when none does.
inline char32_t PlaceholderAt(std::string_view text, size_t i) {
  if (i + 2 >= text.size() || static_cast<unsigned char>(text[i]) != 0xEE ||
      static_cast<unsigned char>(text[i + 1]) != 0x80) {
    return 0;
  }
  const auto last = static_cast<unsigned char>(text[i + 2]);
  const char32_t c = 0xE000 + (last - 0x80u);
  return last >= 0x80 && IsPlaceholder(c) ? c : 0;
}

// `text` with every placeholder spelled as its name ("<url>", "<num>", ...).
MI_EXPORT std::string ReadablePlaceholders(std::string_view text);

}  // namespace meetintent

#endif  // MEETINTENT_PLACEHOLDER_H_
