// The weight matrix of a model: 2^b rows (one per feature bucket) by C score
// columns, stored as float32 or as int8 with one dequantization scale per
// column. A read-only view over memory the Model owns; the one place that
// knows both storage types.
#ifndef MEETINTENT_SRC_WEIGHTS_H_
#define MEETINTENT_SRC_WEIGHTS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "meetintent/features.h"
#include "meetintent/model.h"

namespace meetintent {

class WeightView {
 public:
  WeightView() = default;
  static WeightView Float32(const float* w, size_t rows, int columns) {
    WeightView v;
    v.f32_ = w;
    v.rows_ = rows;
    v.columns_ = columns;
    return v;
  }
  // col_scale: one scale per column, kept alive by the caller.
  static WeightView Int8(const int8_t* w, const float* col_scale, size_t rows, int columns) {
    WeightView v;
    v.i8_ = w;
    v.scale_ = col_scale;
    v.rows_ = rows;
    v.columns_ = columns;
    return v;
  }

  WeightType type() const { return i8_ != nullptr ? WeightType::kInt8 : WeightType::kFloat32; }
  size_t rows() const { return rows_; }
  int columns() const { return columns_; }
  size_t bytes() const {
    return rows_ * static_cast<size_t>(columns_) * (i8_ != nullptr ? 1 : sizeof(float));
  }
  const float* float_data() const { return f32_; }
  const int8_t* int8_data() const { return i8_; }
  float column_scale(int c) const { return scale_ != nullptr ? scale_[c] : 1.0f; }

  // The dequantized weight of bucket `row` for column `col`.
  float At(uint32_t row, int col) const {
    const size_t i = static_cast<size_t>(row) * static_cast<size_t>(columns_) +
                     static_cast<size_t>(col);
    return i8_ != nullptr ? static_cast<float>(i8_[i]) * scale_[col] : f32_[i];
  }

  // scores[c] += sum over features of value * W[id][c]. The order of the
  // float operations is part of what the golden tests pin: do not reorder.
  void AddDot(const std::vector<Feature>& features, float* scores) const;

 private:
  const float* f32_ = nullptr;
  const int8_t* i8_ = nullptr;
  const float* scale_ = nullptr;
  size_t rows_ = 0;
  int columns_ = 1;
};

}  // namespace meetintent

#endif  // MEETINTENT_SRC_WEIGHTS_H_
