// Snapshots of an adapter's deltas, and prediction with them.
#include <algorithm>

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

std::shared_ptr<const Overlay> OverlayBuilder::Empty(const Model& base) {
  return Fresh(base, {}, {}, std::vector<float>(static_cast<size_t>(base.columns()), 0.0f));
}

std::shared_ptr<const Overlay> OverlayBuilder::Fresh(const Model& base,
                                                     const std::vector<uint32_t>& ids,
                                                     const std::vector<float>& rows,
                                                     const std::vector<float>& bias_delta) {
  std::shared_ptr<Overlay> o(new Overlay);
  const int cols = base.columns();
  const auto ucols = static_cast<size_t>(cols);
  o->base_ = &base;
  o->columns_ = cols;
  size_t nonzero = 0;
  for (size_t i = 0; i < ids.size(); ++i) nonzero += AllZero(&rows[i * ucols], cols) ? 0 : 1;
  size_t capacity = 16;
  while (capacity < 2 * nonzero + 2) capacity *= 2;
  o->mask_ = capacity - 1;
  o->keys_.assign(capacity, Overlay::kEmpty);
  o->values_.assign(capacity * ucols, 0.0f);
  for (size_t i = 0; i < ids.size(); ++i) {
    const float* row = &rows[i * ucols];
    if (AllZero(row, cols)) continue;
    size_t s = o->Slot(ids[i]);
    while (o->keys_[s] != Overlay::kEmpty && o->keys_[s] != ids[i]) s = (s + 1) & o->mask_;
    if (o->keys_[s] == Overlay::kEmpty) {
      ++o->used_;
      ++o->entries_;
    }
    o->keys_[s] = ids[i];
    std::copy(row, row + cols, &o->values_[s * ucols]);
  }
  SetBias(base, bias_delta, &o->bias_, &o->bias_delta_);
  return o;
}

std::shared_ptr<const Overlay> OverlayBuilder::Patch(const Overlay& previous,
                                                     const std::vector<uint32_t>& ids,
                                                     const std::vector<float>& rows,
                                                     const std::vector<float>& bias_delta) {
  std::shared_ptr<Overlay> o(new Overlay(previous));  // the copy of copy-on-write
  const int cols = o->columns_;
  const auto ucols = static_cast<size_t>(cols);
  for (size_t i = 0; i < ids.size(); ++i) {
    const float* row = &rows[i * ucols];
    const bool zero = AllZero(row, cols);
    size_t s = o->Slot(ids[i]);
    while (o->keys_[s] != Overlay::kEmpty && o->keys_[s] != ids[i]) s = (s + 1) & o->mask_;
    float* dst = &o->values_[s * ucols];
    if (o->keys_[s] == Overlay::kEmpty) {
      if (zero) continue;
      if (2 * (o->used_ + 1) > o->keys_.size()) return nullptr;
      o->keys_[s] = ids[i];
      ++o->used_;
      ++o->entries_;
    } else if (AllZero(dst, cols) != zero) {
      o->entries_ = zero ? o->entries_ - 1 : o->entries_ + 1;
    }
    std::copy(row, row + cols, dst);
  }
  SetBias(*o->base_, bias_delta, &o->bias_, &o->bias_delta_);
  return o;
}

}  // namespace meetintent
