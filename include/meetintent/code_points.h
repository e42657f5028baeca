// The code points a normalization pass reads and rewrites, with the source
// span of each: the vectors NormalizedText keeps as scratch. Only their type
// is public (NormalizedText holds them); the passes are internal.
#ifndef MEETINTENT_CODE_POINTS_H_
#define MEETINTENT_CODE_POINTS_H_

#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#include "meetintent/span.h"

namespace meetintent {

// std::allocator, except that an element made without a value is left
// unwritten. A pass grows its vectors by resize() and then writes every new
// element: zeroing them first cost 1.6% of a chat message's instructions
// and 2.2% of an e-mail's (callgrind).
template <class T>
struct UnwrittenAllocator : std::allocator<T> {
  static_assert(std::is_trivially_copyable<T>::value && std::is_trivially_destructible<T>::value,
                "only types that need no constructor may be left unwritten");
  template <class U>
  struct rebind {
    using other = UnwrittenAllocator<U>;
  };
  UnwrittenAllocator() = default;
  template <class U>
  UnwrittenAllocator(const UnwrittenAllocator<U>&) noexcept {}

  template <class U>
  void construct(U*) noexcept {}
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

using CodePoints = std::vector<char32_t, UnwrittenAllocator<char32_t>>;
using Spans = std::vector<Span, UnwrittenAllocator<Span>>;

}  // namespace meetintent

#endif  // MEETINTENT_CODE_POINTS_H_
