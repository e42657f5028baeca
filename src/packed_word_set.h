// A set of short words (2 to 8 bytes), each packed into one integer with its
// bytes in order from the low byte, in an open-addressing table: a lookup is
// one multiply and usually one probe. Used where a word test runs on every
// short word of every message (confusables.cc, word_stuffing.cc), where a
// binary search over strings cost a few thousand instructions a message.
#ifndef MEETINTENT_SRC_PACKED_WORD_SET_H_
#define MEETINTENT_SRC_PACKED_WORD_SET_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace meetintent {

// A word of 2..8 bytes as one integer, its bytes in order from the low byte;
// 0 for anything else.
inline uint64_t PackWord(std::string_view w) {
  if (w.size() < 2 || w.size() > 8) return 0;
  uint64_t key = 0;
  for (size_t k = 0; k < w.size(); ++k) {
    key |= static_cast<uint64_t>(static_cast<unsigned char>(w[k])) << (8 * k);
  }
  return key;
}

// 2^kBits slots; keep it at most a quarter full (checked where it is built).
template <size_t kBits>
class PackedWordSet {
 public:
  static constexpr size_t kSlots = size_t{1} << kBits;

  // Words that do not pack (shorter than 2 or longer than 8 bytes) are left out.
  template <class Words>
  explicit PackedWordSet(const Words& words) {
    for (std::string_view w : words) {
      const uint64_t key = PackWord(w);
      if (key == 0) continue;
      size_t i = Slot(key);
      while (slots_[i] != 0 && slots_[i] != key) i = (i + 1) & (kSlots - 1);
      slots_[i] = key;
    }
  }

  // Whether a packed word is in the set; never for 0.
  bool Contains(uint64_t key) const {
    if (key == 0) return false;
    for (size_t i = Slot(key);; i = (i + 1) & (kSlots - 1)) {
      if (slots_[i] == key) return true;
      if (slots_[i] == 0) return false;
    }
  }

 private:
  static size_t Slot(uint64_t key) {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> (64 - kBits));
  }
  uint64_t slots_[kSlots] = {};
};

}  // namespace meetintent

#endif  // MEETINTENT_SRC_PACKED_WORD_SET_H_
