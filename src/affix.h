// Prefix and suffix tests of a string_view: C++20's starts_with and
// ends_with, for a project built as C++17.
#ifndef MEETINTENT_SRC_AFFIX_H_
#define MEETINTENT_SRC_AFFIX_H_

#include <string_view>

namespace meetintent {

inline bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

inline bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace meetintent

#endif  // MEETINTENT_SRC_AFFIX_H_
