#include "weights.h"

namespace meetintent {

void WeightView::AddDot(const std::vector<Feature>& features, float* scores) const {
  const auto cols = static_cast<size_t>(columns_);
  if (i8_ != nullptr) {
    // int8: accumulate in float per column, scale once at the end.
    if (cols == 1) {
      float s = 0.0f;
      for (const Feature& f : features) s += f.value * static_cast<float>(i8_[f.id]);
      scores[0] += s * scale_[0];
      return;
    }
    for (const Feature& f : features) {
      const int8_t* row = i8_ + static_cast<size_t>(f.id) * cols;
      for (size_t c = 0; c < cols; ++c) {
        scores[c] += f.value * static_cast<float>(row[c]) * scale_[c];
      }
    }
    return;
  }
  if (cols == 1) {
    float s = 0.0f;
    for (const Feature& f : features) s += f.value * f32_[f.id];
    scores[0] += s;
    return;
  }
  for (const Feature& f : features) {
    const float* row = f32_ + static_cast<size_t>(f.id) * cols;
    for (size_t c = 0; c < cols; ++c) scores[c] += f.value * row[c];
  }
}

}  // namespace meetintent
