// Building a model: set weights, bias and calibration, then freeze them into
// an immutable Model (the split of leveldb's Table and TableBuilder). The
// trainer builds every model this way; so can a program that computes its
// own weights.
//
// Example:
//   std::unique_ptr<meetintent::ModelBuilder> b;
//   meetintent::ModelBuilder::Create({"personal", "professional"}, {}, {}, &b);
//   b->weights()[meetintent::WordFeatureId(b->feature_options(), "dinner")] = 1.5f;
//   std::unique_ptr<meetintent::Model> model;
//   meetintent::Status s = b->Build(/*quantize=*/true, &model);
//
// Thread-safety: a builder is not thread-safe; the models it builds are.
#ifndef MEETINTENT_MODEL_BUILDER_H_
#define MEETINTENT_MODEL_BUILDER_H_

#include <memory>
#include <string>
#include <vector>

#include "meetintent/export.h"
#include "meetintent/features.h"
#include "meetintent/model.h"
#include "meetintent/normalizer.h"
#include "meetintent/status.h"

namespace meetintent {

class MI_EXPORT ModelBuilder {
 public:
  // A builder with zero weights. `labels` must hold 2..1024 distinct names
  // (see Model::labels); the options must validate.
  static Status Create(const std::vector<std::string>& labels, const NormalizeOptions& normalize,
                       const FeatureOptions& features, std::unique_ptr<ModelBuilder>* out);
  // A builder holding a copy of `model` (int8 weights dequantized), e.g. to
  // fold an adaptation into a stand-alone model.
  static Status FromModel(const Model& model, std::unique_ptr<ModelBuilder>* out);

  const std::vector<std::string>& labels() const { return labels_; }
  const NormalizeOptions& normalize_options() const { return normalize_; }
  const FeatureOptions& feature_options() const { return features_; }
  // Score columns: 1 for two labels (the column scores label 1), else one per label.
  int columns() const { return columns_; }
  size_t rows() const { return size_t{1} << features_.hash_bits; }

  // rows() x columns() weights, row-major: row r holds feature bucket r.
  float* weights() { return weights_.data(); }
  const float* weights() const { return weights_.data(); }
  // One bias per column.
  float* bias() { return bias_.data(); }
  const float* bias() const { return bias_.data(); }
  const Calibration& calibration() const { return calibration_; }
  void set_calibration(const Calibration& c) { calibration_ = c; }
  // The scripts the model knows, as the model file's script mask
  // (src/model_file.md): a message mostly in other scripts is reported as
  // unsupported. Default: Latin, Han, Hiragana and Katakana.
  uint32_t known_scripts() const { return scripts_; }
  void set_known_scripts(uint32_t mask) { scripts_ = mask; }

  // Raw scores (columns() values) of a feature vector under the current weights.
  void Score(const std::vector<Feature>& features, float* scores) const;

  // Freezes a copy of the current state into *out: float32 weights, or int8
  // with one scale per column when `quantize`. Fails with kInvalidArgument
  // when a weight, bias or calibration value is not finite or exceeds the
  // model format's bound of 1e4 in magnitude (a diverged training run).
  Status Build(bool quantize, std::unique_ptr<Model>* out) const;

 private:
  ModelBuilder() = default;

  std::vector<std::string> labels_;
  NormalizeOptions normalize_;
  FeatureOptions features_;
  int columns_ = 1;
  std::vector<float> weights_;
  std::vector<float> bias_;
  Calibration calibration_;
  uint32_t scripts_ = 0x381;  // Latin | Han | Hiragana | Katakana
};

}  // namespace meetintent

#endif  // MEETINTENT_MODEL_BUILDER_H_
