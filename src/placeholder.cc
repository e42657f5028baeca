#include "meetintent/placeholder.h"

namespace meetintent {

const char* PlaceholderName(char32_t c) {
  switch (c) {
    case 0xE000: return "<url>";
    case 0xE001: return "<email>";
    case 0xE002: return "<phone>";
    case 0xE003: return "<num>";
    case 0xE004: return "<time>";
    case 0xE005: return "<date>";
    case 0xE006: return "<name>";
    default: return nullptr;
  }
}

std::string ReadablePlaceholders(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (const char32_t c = PlaceholderAt(text, i)) {
      out += PlaceholderName(c);
      i += kPlaceholderBytes;
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

}  // namespace meetintent
