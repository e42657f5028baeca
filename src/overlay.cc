// Snapshots of an adapter's deltas, and prediction with them.
#include <algorithm>
#include <cstring>

#include "meetintent/adapt.h"
#include "model_internals.h"
#include "overlay_internal.h"

namespace meetintent {

Overlay::~Overlay() = default;

void Overlay::Predict(std::string_view message, const PredictOptions& options, Workspace* ws,
                      Prediction* out) const {
  base_->PredictWith(this, message, options, ws, out);
  ws->Trim();
}

void Overlay::Explain(std::string_view message, size_t k, const PredictOptions& options,
                      Workspace* ws, Explanation* out) const {
  base_->ExplainWith(this, message, k, options, ws, out);
}

void AddDeltas(const Overlay& overlay, const std::vector<Feature>& features, float* scores) {
  const int cols = overlay.columns();
  for (int c = 0; c < cols; ++c) scores[c] += overlay.bias_delta()[c];
  for (const Feature& f : features) {
    if (const float* d = overlay.Find(f.id)) {
      for (int c = 0; c < cols; ++c) scores[c] += f.value * d[c];
    }
  }
}

namespace {

bool AllZero(const float* row, int cols) {
  for (int c = 0; c < cols; ++c) {
    if (row[c] != 0.0f) return false;
  }
  return true;
}

void SetBias(const Model& base, const std::vector<float>& bias_delta, std::vector<float>* bias,
             std::vector<float>* delta) {
  const std::vector<float>& b = ModelInternals::Bias(base);
  *delta = bias_delta;
  bias->resize(b.size());
  for (size_t c = 0; c < b.size(); ++c) (*bias)[c] = b[c] + bias_delta[c];
}

}  // namespace

namespace {

constexpr size_t kShards = size_t{1} << 8;
constexpr uint32_t kEmptyKey = 0xFFFFFFFFu;

size_t ShardOf(uint32_t id) { return (id * 0x9E3779B1u) >> 24; }

uint32_t KeyAt(const float* slot) {
  uint32_t k;
  std::memcpy(&k, slot, sizeof k);
  return k;
}

void SetKey(float* slot, uint32_t k) { std::memcpy(slot, &k, sizeof k); }

// An empty shard of `capacity` slots.
std::shared_ptr<OverlayShard> EmptyShard(size_t capacity, int cols) {
  auto s = std::make_shared<OverlayShard>();
  const size_t stride = 1 + static_cast<size_t>(cols);
  s->mask = capacity - 1;
  s->slots.assign(capacity * stride, 0.0f);
  for (size_t i = 0; i < capacity; ++i) SetKey(&s->slots[i * stride], kEmptyKey);
  return s;
}

// Sets the row of `id` in shard s (which has room); updates *entries.
void Put(OverlayShard* s, int cols, uint32_t id, const float* row, size_t* entries) {
  const size_t stride = 1 + static_cast<size_t>(cols);
  const bool zero = AllZero(row, cols);
  size_t i = (id * 0x9E3779B1u) & s->mask;
  while (KeyAt(&s->slots[i * stride]) != kEmptyKey && KeyAt(&s->slots[i * stride]) != id) {
    i = (i + 1) & s->mask;
  }
  float* slot = &s->slots[i * stride];
  if (KeyAt(slot) == kEmptyKey) {
    if (zero) return;
    SetKey(slot, id);
    ++s->used;
    ++*entries;
  } else if (AllZero(slot + 1, cols) != zero) {
    *entries = zero ? *entries - 1 : *entries + 1;
  }
  std::copy(row, row + cols, slot + 1);
}

// A copy of `s` with room for `more` keys (grown, dropping zeroed rows, when
// it would be more than half full).
std::shared_ptr<OverlayShard> Roomy(const OverlayShard& s, int cols, size_t more) {
  const size_t stride = 1 + static_cast<size_t>(cols);
  if (2 * (s.used + more) <= s.mask + 1) return std::make_shared<OverlayShard>(s);
  size_t live = 0;
  for (size_t i = 0; i <= s.mask; ++i) {
    const float* slot = &s.slots[i * stride];
    live += KeyAt(slot) != kEmptyKey && !AllZero(slot + 1, cols) ? 1 : 0;
  }
  size_t capacity = 2;
  while (capacity < 2 * (live + more)) capacity *= 2;
  std::shared_ptr<OverlayShard> g = EmptyShard(capacity, cols);
  size_t ignored = 0;
  for (size_t i = 0; i <= s.mask; ++i) {
    const float* slot = &s.slots[i * stride];
    if (KeyAt(slot) != kEmptyKey) Put(g.get(), cols, KeyAt(slot), slot + 1, &ignored);
  }
  return g;
}

}  // namespace

std::shared_ptr<const Overlay> OverlayBuilder::Empty(const Model& base, bool words_only) {
  return Fresh(base, words_only, {}, {},
               std::vector<float>(static_cast<size_t>(base.columns()), 0.0f));
}

std::shared_ptr<const Overlay> OverlayBuilder::Fresh(const Model& base, bool words_only,
                                                     const std::vector<uint32_t>& ids,
                                                     const std::vector<float>& rows,
                                                     const std::vector<float>& bias_delta) {
  std::shared_ptr<Overlay> o(new Overlay);
  o->base_ = &base;
  o->columns_ = base.columns();
  o->words_only_ = words_only;
  o->shards_.assign(kShards, EmptyShard(2, base.columns()));  // shared until written
  SetRows(o.get(), ids, rows);
  SetBias(base, bias_delta, &o->bias_, &o->bias_delta_);
  return o;
}

std::shared_ptr<const Overlay> OverlayBuilder::Patch(const Overlay& previous,
                                                     const std::vector<uint32_t>& ids,
                                                     const std::vector<float>& rows,
                                                     const std::vector<float>& bias_delta) {
  std::shared_ptr<Overlay> o(new Overlay(previous));  // shares every shard
  SetRows(o.get(), ids, rows);
  SetBias(*o->base_, bias_delta, &o->bias_, &o->bias_delta_);
  return o;
}

void OverlayBuilder::SetRows(Overlay* o, const std::vector<uint32_t>& ids,
                             const std::vector<float>& rows) {
  const int cols = o->columns_;
  const auto ucols = static_cast<size_t>(cols);
  std::vector<uint32_t> order(ids.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const size_t sa = ShardOf(ids[a]), sb = ShardOf(ids[b]);
    return sa != sb ? sa < sb : a < b;
  });
  for (size_t b = 0, e = 0; b < order.size(); b = e) {
    const size_t shard = ShardOf(ids[order[b]]);
    e = b + 1;
    while (e < order.size() && ShardOf(ids[order[e]]) == shard) ++e;
    std::shared_ptr<OverlayShard> s = Roomy(*o->shards_[shard], cols, e - b);
    for (size_t k = b; k < e; ++k) {
      Put(s.get(), cols, ids[order[k]], &rows[order[k] * ucols], &o->entries_);
      // A key once set keeps its bit (zeroed rows too): Find then looks it up.
      const uint32_t f = (ids[order[k]] * 0x85EBCA6Bu) >> (32 - Overlay::kFilterBits);
      o->filter_[f >> 6] |= uint64_t{1} << (f & 63);
    }
    o->shards_[shard] = std::move(s);
  }
  o->refs_.resize(o->shards_.size());
  for (size_t i = 0; i < o->shards_.size(); ++i) {
    o->refs_[i] = {o->shards_[i]->slots.data(), o->shards_[i]->mask};
  }
}

}  // namespace meetintent
