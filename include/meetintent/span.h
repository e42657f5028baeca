// A byte range of the caller's message: how explanations, highlights and
// thread analysis point back at the words that mattered.
#ifndef MEETINTENT_SPAN_H_
#define MEETINTENT_SPAN_H_

#include <cstdint>

namespace meetintent {

// A half-open byte range [begin, end) in the caller's original message.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool operator==(const Span& o) const { return begin == o.begin && end == o.end; }
  bool operator!=(const Span& o) const { return !(*this == o); }
};

}  // namespace meetintent

#endif  // MEETINTENT_SPAN_H_
