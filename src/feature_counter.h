// Pieces both feature recipes share: the counting table that turns feature
// occurrences into distinct ids with counts, and small helpers.
#ifndef MEETINTENT_SRC_FEATURE_COUNTER_H_
#define MEETINTENT_SRC_FEATURE_COUNTER_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "hash.h"
#include "meetintent/features.h"
#include "meetintent/placeholder.h"

namespace meetintent {

// n-grams come from a word's first 256 bytes.
constexpr size_t kMaxNgramBytes = 256;

inline uint32_t Bucket(uint64_t h, int bits) { return static_cast<uint32_t>(h >> (64 - bits)); }

// Bucket(Mix64(h), bits), one step shorter: bits is at most 24 (hash_bits),
// and Mix64's last step does not change the top 33 bits.
inline uint32_t MixedBucket(uint64_t h, int bits) { return Bucket(Mix64TopBits(h), bits); }

// Placeholder tokens are whole words; n-grams of them add nothing.
inline bool IsPlaceholderToken(std::string_view t) {
  return t.size() == kPlaceholderBytes && PlaceholderAt(t, 0) != 0;
}

inline size_t Utf8Length(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// Counts ids in an open-addressing table whose slots hold the id and its
// count. Slots are cleared by bumping a generation number, so a warm call
// never touches memory it does not use; `used` lists the claimed slots in
// first-seen order.
class Counter {
 public:
  explicit Counter(FeatureScratch* s) : s_(s) {}

  void Reset(size_t expected) {
    size_t cap = 64;
    while (cap < 2 * expected && cap < kInitialCapacityLimit) cap <<= 1;
    if (s_->slots.size() < cap) Allocate(cap);
    mask_ = s_->slots.size() - 1;
    s_->used.clear();
    if (++s_->generation == 0) {  // wrapped: clear for real
      for (FeatureScratch::Slot& slot : s_->slots) slot.generation = 0;
      s_->generation = 1;
    }
    generation_ = s_->generation;
    slots_ = s_->slots.data();
  }

  void Add(uint32_t id, uint16_t block) {
    size_t i = Home(id);
    while (true) {
      FeatureScratch::Slot& slot = slots_[i];
      if (slot.generation != generation_) {
        if (2 * (s_->used.size() + 1) > mask_ + 1) {  // keep the load under one half
          GrowAndAdd(id, block);
          return;
        }
        slot = {generation_, id, 1, block};
        s_->used.push_back(static_cast<uint32_t>(i));
        return;
      }
      if (slot.id == id) {
        if (slot.count < UINT16_MAX) ++slot.count;
        return;
      }
      i = (i + 1) & mask_;
    }
  }

  // Appends (id, count) of every distinct id, in first-seen order, and the
  // block of each to s_->blocks.
  void Collect(std::vector<Feature>* out) const {
    out->resize(s_->used.size());
    s_->blocks.resize(s_->used.size());
    Feature* f = out->data();
    uint8_t* b = s_->blocks.data();
    for (uint32_t i : s_->used) {
      *f++ = Feature{slots_[i].id, static_cast<float>(slots_[i].count)};
      *b++ = static_cast<uint8_t>(slots_[i].block);
    }
  }

 private:
  // Long messages grow the table as needed; short ones never see more.
  static constexpr size_t kInitialCapacityLimit = 4096;

  size_t Home(uint32_t id) const { return (id * 0x9E3779B1u) & mask_; }

  void Allocate(size_t cap) {
    s_->slots.assign(cap, FeatureScratch::Slot{0, 0, 0, 0});
    s_->generation = 0;
    mask_ = cap - 1;
  }

  // Out of line, so that Add, which it calls back, can be inlined.
  __attribute__((noinline)) void GrowAndAdd(uint32_t id, uint16_t block) {
    Grow();
    Add(id, block);
  }

  void Grow() {
    std::vector<FeatureScratch::Slot> old;
    old.swap(s_->slots);
    std::vector<uint32_t> old_used;
    old_used.swap(s_->used);
    Allocate(2 * (mask_ + 1));
    s_->generation = generation_ = 1;
    slots_ = s_->slots.data();
    for (uint32_t o : old_used) {
      size_t i = Home(old[o].id);
      while (slots_[i].generation == 1) i = (i + 1) & mask_;
      slots_[i] = {1, old[o].id, old[o].count, old[o].block};
      s_->used.push_back(static_cast<uint32_t>(i));
    }
  }

  FeatureScratch* s_;
  FeatureScratch::Slot* slots_ = nullptr;
  size_t mask_ = 0;
  uint32_t generation_ = 0;
};


}  // namespace meetintent

#endif  // MEETINTENT_SRC_FEATURE_COUNTER_H_
