// A value (a byte or two) per code point of the Basic Multilingual Plane, computed by a
// function (typically a few ICU property lookups) the first time a code point
// of its 256-code-point block is asked for. Hot loops over non-Latin text then
// answer a character with two loads instead of several ICU calls, and a
// message only pays for the blocks it uses (CJK text: a handful).
//
// The answers are the function's own, so a table can never disagree with
// what it caches. Thread-safe: two threads filling the same block write the
// same values; a block is read only after its ready flag (release/acquire).
// Objects must have static storage duration (zero-initialized, no
// constructor runs).
#ifndef MEETINTENT_SRC_BMP_TABLE_H_
#define MEETINTENT_SRC_BMP_TABLE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace meetintent {

template <typename T, T (*kCompute)(char32_t)>
class LazyBmpTable {
 public:
  // REQUIRES: c < 0x10000.
  __attribute__((always_inline)) T Get(char32_t c) {
    const size_t block = c >> 8;
    if (ready_[block].load(std::memory_order_acquire) == 0) Fill(block);
    return values_[c].load(std::memory_order_relaxed);
  }

 private:
  __attribute__((noinline)) void Fill(size_t block) {
    const auto first = static_cast<char32_t>(block << 8);
    for (char32_t c = first; c < first + 256; ++c) {
      values_[c].store(kCompute(c), std::memory_order_relaxed);
    }
    ready_[block].store(1, std::memory_order_release);
  }

  std::atomic<uint8_t> ready_[256];
  std::atomic<T> values_[0x10000];
};

}  // namespace meetintent

#endif  // MEETINTENT_SRC_BMP_TABLE_H_
