#include "meetintent/model_builder.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "model_file.h"
#include "model_internals.h"
#include "script_coverage.h"

namespace meetintent {

static_assert(kVersion1Scripts == 0x381, "the builder's default is version 1's scripts");

Status ModelBuilder::Create(const std::vector<std::string>& labels,
                            const NormalizeOptions& normalize, const FeatureOptions& features,
                            std::unique_ptr<ModelBuilder>* out) {
  if (out == nullptr) return Status::InvalidArgument("out is NULL");
  if (std::string_view why = features.Validate(); !why.empty()) {
    return Status::InvalidArgument(std::string(why));
  }
  if (Status s = ValidateLabels(labels); !s.ok()) return s;
  std::unique_ptr<ModelBuilder> b(new ModelBuilder);
  b->labels_ = labels;
  // A recipe-1 model is written as format 1, which loads without the
  // format-2 normalizer options: built without them, it reads as its file.
  b->normalize_ = features.recipe == 1 ? Version1NormalizeOptions(normalize) : normalize;
  b->features_ = features;
  b->columns_ = labels.size() == 2 ? 1 : static_cast<int>(labels.size());
  b->weights_.assign(b->rows() * static_cast<size_t>(b->columns_), 0.0f);
  b->bias_.assign(static_cast<size_t>(b->columns_), 0.0f);
  *out = std::move(b);
  return Status::Ok();
}

Status ModelBuilder::FromModel(const Model& model, std::unique_ptr<ModelBuilder>* out) {
  if (Status s = Create(model.labels(), model.normalize_options(), model.feature_options(), out);
      !s.ok()) {
    return s;
  }
  ModelBuilder& b = **out;
  const WeightView& w = ModelInternals::Weights(model);
  const size_t rows = b.rows();
  for (size_t r = 0; r < rows; ++r) {
    for (int c = 0; c < b.columns_; ++c) {
      b.weights_[r * static_cast<size_t>(b.columns_) + static_cast<size_t>(c)] =
          w.At(static_cast<uint32_t>(r), c);
    }
  }
  b.bias_ = ModelInternals::Bias(model);
  b.calibration_ = model.calibration();
  b.scripts_ = ModelInternals::Scripts(model);
  return Status::Ok();
}

void ModelBuilder::Score(const std::vector<Feature>& features, float* scores) const {
  for (int c = 0; c < columns_; ++c) scores[c] = bias_[static_cast<size_t>(c)];
  WeightView::Float32(weights_.data(), rows(), columns_).AddDot(features, scores);
}

namespace {

bool Bounded(float v) { return std::isfinite(v) && std::fabs(v) <= kMaxModelMagnitude; }

}  // namespace

Status ModelBuilder::Build(bool quantize, std::unique_ptr<Model>* out) const {
  if (out == nullptr) return Status::InvalidArgument("out is NULL");
  for (float v : weights_) {
    if (!Bounded(v)) {
      return Status::InvalidArgument(
          "a weight is not finite or exceeds 1e4: training diverged (lower the learning rate)");
    }
  }
  for (float v : bias_) {
    if (!Bounded(v)) return Status::InvalidArgument("a bias is not finite or exceeds 1e4");
  }
  for (float v : calibration_.bias) {
    if (!Bounded(v)) return Status::InvalidArgument("a calibration bias is not finite");
  }
  if (!(calibration_.scale >= kMinCalibrationScale && Bounded(calibration_.scale))) {
    return Status::InvalidArgument("the calibration scale must be in [1e-3, 1e4]");
  }
  std::unique_ptr<Model> m(new Model);
  m->labels_ = labels_;
  m->normalize_ = normalize_;
  m->features_ = features_;
  m->calibration_ = calibration_;
  m->columns_ = columns_;
  m->scripts_ = scripts_;
  m->bias_ = bias_;
  if (!quantize) {
    m->owned_f32_ = weights_;
    m->BindWeights(m->owned_f32_.data(), nullptr);
    *out = std::move(m);
    return Status::Ok();
  }
  // int8 with one scale per column: the column's largest magnitude maps to 127.
  const size_t rows = this->rows();
  const auto cols = static_cast<size_t>(columns_);
  m->col_scale_.assign(cols, 1.0f);
  for (size_t c = 0; c < cols; ++c) {
    float max_abs = 0.0f;
    for (size_t r = 0; r < rows; ++r) max_abs = std::max(max_abs, std::fabs(weights_[r * cols + c]));
    // A column too small for a normal float scale is all zeros in int8.
    if (max_abs / 127.0f >= std::numeric_limits<float>::min()) m->col_scale_[c] = max_abs / 127.0f;
  }
  m->owned_i8_.resize(rows * cols);
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) {
      const float v = std::nearbyint(weights_[r * cols + c] / m->col_scale_[c]);
      m->owned_i8_[r * cols + c] = static_cast<int8_t>(std::clamp(v, -127.0f, 127.0f));
    }
  }
  m->BindWeights(nullptr, m->owned_i8_.data());
  *out = std::move(m);
  return Status::Ok();
}

}  // namespace meetintent
