#include "meetintent/model.h"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>

#include "model_file.h"

namespace meetintent {

using RowMajorMatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowMajorMatrixI8 = Eigen::Matrix<int8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

Workspace::Workspace() = default;
Workspace::~Workspace() = default;




Status Model::Create(const std::vector<std::string>& labels, const NormalizeOptions& normalize,
                     const FeatureOptions& features, std::unique_ptr<Model>* out) {
  if (std::string_view why = features.Validate(); !why.empty()) {
    return Status::InvalidArgument(std::string(why));
  }
  if (Status s = ValidateLabels(labels); !s.ok()) return s;
  std::unique_ptr<Model> m(new Model);
  m->labels_ = labels;
  m->normalize_ = normalize;
  m->features_ = features;
  m->columns_ = labels.size() == 2 ? 1 : static_cast<int>(labels.size());
  m->owned_f32_.assign(m->rows() * static_cast<size_t>(m->columns_), 0.0f);
  m->weights_f32_ = m->owned_f32_.data();
  m->bias_.assign(static_cast<size_t>(m->columns_), 0.0f);
  *out = std::move(m);
  return Status::Ok();
}

float* Model::mutable_weights() { return owned_f32_.empty() ? nullptr : owned_f32_.data(); }
float* Model::mutable_bias() { return bias_.data(); }
void Model::set_calibration(const Calibration& c) { calibration_ = c; }

void Model::Quantize() {
  if (weight_type_ == WeightType::kInt8) return;
  const size_t rows = this->rows();
  const auto cols = static_cast<size_t>(columns_);
  Eigen::Map<const RowMajorMatrixF> w(weights_f32_, static_cast<Eigen::Index>(rows),
                                      static_cast<Eigen::Index>(cols));
  col_scale_.assign(cols, 0.0f);
  owned_i8_.assign(rows * cols, 0);
  Eigen::Map<RowMajorMatrixI8> q(owned_i8_.data(), static_cast<Eigen::Index>(rows),
                                 static_cast<Eigen::Index>(cols));
  for (size_t c = 0; c < cols; ++c) {
    const float max_abs = w.col(static_cast<Eigen::Index>(c)).cwiseAbs().maxCoeff();
    const float scale = max_abs > 0 ? max_abs / 127.0f : 1.0f;
    col_scale_[c] = scale;
    for (size_t r = 0; r < rows; ++r) {
      const float v = std::nearbyint(w(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) / scale);
      q(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) =
          static_cast<int8_t>(std::clamp(v, -127.0f, 127.0f));
    }
  }
  weight_type_ = WeightType::kInt8;
  weights_i8_ = owned_i8_.data();
  weights_f32_ = nullptr;
  owned_f32_.clear();
  owned_f32_.shrink_to_fit();
}

size_t Model::weight_bytes() const {
  return rows() * static_cast<size_t>(columns_) *
         (weight_type_ == WeightType::kInt8 ? 1 : sizeof(float));
}

uint32_t Model::format_version() const { return kModelFormatVersion; }

int Model::LabelIndex(std::string_view name) const {
  for (size_t i = 0; i < labels_.size(); ++i) {
    if (labels_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

void Model::Score(const std::vector<Feature>& features, float* scores) const {
  const int cols = columns_;
  for (int c = 0; c < cols; ++c) scores[c] = bias_[static_cast<size_t>(c)];
  if (weight_type_ == WeightType::kFloat32) {
    if (cols == 1) {
      float s = 0.0f;
      for (const Feature& f : features) s += f.value * weights_f32_[f.id];
      scores[0] += s;
      return;
    }
    Eigen::Map<Eigen::VectorXf> out(scores, cols);
    Eigen::Map<const RowMajorMatrixF> w(weights_f32_, static_cast<Eigen::Index>(rows()), cols);
    for (const Feature& f : features) out += f.value * w.row(f.id).transpose();
    return;
  }
  // int8: accumulate in float per column, scale once at the end.
  if (cols == 1) {
    float s = 0.0f;
    for (const Feature& f : features) s += f.value * static_cast<float>(weights_i8_[f.id]);
    scores[0] += s * col_scale_[0];
    return;
  }
  for (const Feature& f : features) {
    const int8_t* row = weights_i8_ + static_cast<size_t>(f.id) * static_cast<size_t>(cols);
    for (int c = 0; c < cols; ++c) {
      scores[c] += f.value * static_cast<float>(row[c]) * col_scale_[static_cast<size_t>(c)];
    }
  }
}

void Model::ScoresToProbabilities(const float* scores, bool calibrated, float* probs) const {
  const float scale = calibrated ? calibration_.scale : 1.0f;
  auto bias = [&](int c) {
    return calibrated && !calibration_.bias.empty() ? calibration_.bias[static_cast<size_t>(c)]
                                                    : 0.0f;
  };
  if (columns_ == 1) {
    const float z = scale * scores[0] + bias(0);
    const float p1 = 1.0f / (1.0f + std::exp(-z));
    probs[0] = 1.0f - p1;
    probs[1] = p1;
    return;
  }
  float max_z = -INFINITY;
  for (int c = 0; c < columns_; ++c) max_z = std::max(max_z, scale * scores[c] + bias(c));
  float sum = 0.0f;
  for (int c = 0; c < columns_; ++c) {
    probs[c] = std::exp(scale * scores[c] + bias(c) - max_z);
    sum += probs[c];
  }
  for (int c = 0; c < columns_; ++c) probs[c] /= sum;
}

void Model::Featurize(std::string_view message, Workspace* ws, std::vector<Feature>* out) const {
  Normalize(normalize_, message, &ws->normalized_);
  ws->tokenizer_.Tokenize(ws->normalized_.text(), &ws->tokens_);
  ExtractFeatures(features_, ws->tokens_, &ws->feature_scratch_, out);
}

void Model::PredictFeatures(const std::vector<Feature>& features, Workspace* ws,
                            std::vector<float>* probabilities, bool calibrated) const {
  ws->scores_.resize(static_cast<size_t>(columns_));
  Score(features, ws->scores_.data());
  probabilities->resize(labels_.size());
  ScoresToProbabilities(ws->scores_.data(), calibrated, probabilities->data());
}

void Model::Predict(std::string_view message, Workspace* ws, Prediction* out) const {
  Featurize(message, ws, &ws->features_);
  PredictFeatures(ws->features_, ws, &out->probabilities);
  out->label = static_cast<int>(
      std::max_element(out->probabilities.begin(), out->probabilities.end()) -
      out->probabilities.begin());
  out->truncated = ws->normalized_.truncated();
}

namespace {

// The readable form of a feature occurrence in the normalized text.
std::string DescribeFeature(const FeatureOccurrence& occ, std::string_view text,
                            const std::vector<Token>& tokens) {
  auto render = [](std::string_view piece) {
    std::string s;
    for (size_t i = 0; i < piece.size();) {
      // Placeholders read as "<url>", "<num>", ...
      if (i + 2 < piece.size() && static_cast<unsigned char>(piece[i]) == 0xEE &&
          static_cast<unsigned char>(piece[i + 1]) == 0x80) {
        const char* name =
            PlaceholderName(0xE000 + (static_cast<unsigned char>(piece[i + 2]) - 0x80));
        if (name != nullptr) {
          s += name;
          i += 3;
          continue;
        }
      }
      s.push_back(piece[i++]);
    }
    return s;
  };
  switch (occ.kind) {
    case FeatureKind::kWord:
      return render(text.substr(occ.begin, occ.end - occ.begin));
    case FeatureKind::kBigram: {
      // The two tokens that start and end the occurrence.
      std::string_view first, second;
      for (const Token& t : tokens) {
        if (t.begin == occ.begin) first = t.text;
        if (t.end == occ.end) second = t.text;
      }
      return render(first) + " " + render(second);
    }
    case FeatureKind::kCharNgram: {
      std::string s = (occ.marks & 1) ? "<" : "";
      s += render(text.substr(occ.begin, occ.end - occ.begin));
      if (occ.marks & 2) s += ">";
      return s;
    }
  }
  return {};
}

}  // namespace

void Model::Explain(std::string_view message, size_t k, Workspace* ws, Explanation* out) const {
  Normalize(normalize_, message, &ws->normalized_);
  ws->tokenizer_.Tokenize(ws->normalized_.text(), &ws->tokens_);
  ExtractFeatures(features_, ws->tokens_, &ws->feature_scratch_, &ws->features_,
                  &ws->occurrences_);
  PredictFeatures(ws->features_, ws, &out->probabilities);
  out->label = static_cast<int>(
      std::max_element(out->probabilities.begin(), out->probabilities.end()) -
      out->probabilities.begin());
  out->supporting.clear();
  out->opposing.clear();

  // Contribution of each distinct feature toward the predicted label. For
  // two labels the single column scores label 1; for more, a label's
  // contribution is measured against the mean of all columns.
  const int label = out->label;
  auto weight_of = [&](uint32_t id, int col) {
    const size_t idx = static_cast<size_t>(id) * static_cast<size_t>(columns_) +
                       static_cast<size_t>(col);
    return weight_type_ == WeightType::kFloat32
               ? weights_f32_[idx]
               : static_cast<float>(weights_i8_[idx]) * col_scale_[static_cast<size_t>(col)];
  };
  auto contribution = [&](const Feature& f) {
    if (columns_ == 1) {
      const float w = weight_of(f.id, 0) * f.value * calibration_.scale;
      return label == 1 ? w : -w;
    }
    float mean = 0.0f;
    for (int c = 0; c < columns_; ++c) mean += weight_of(f.id, c);
    mean /= static_cast<float>(columns_);
    return (weight_of(f.id, label) - mean) * f.value * calibration_.scale;
  };

  struct Item {
    float weight;
    size_t occurrence;  // first occurrence in text order
  };
  // Features come out of ExtractFeatures in first-seen order, so one pass
  // over the occurrences finds each feature's first occurrence.
  std::vector<Item> positive, negative;
  size_t next = 0;
  for (size_t i = 0; i < ws->occurrences_.size() && next < ws->features_.size(); ++i) {
    if (ws->occurrences_[i].id != ws->features_[next].id) continue;
    const float w = contribution(ws->features_[next]);
    if (w > 0) positive.push_back({w, i});
    if (w < 0) negative.push_back({w, i});
    ++next;
  }
  // Strongest first; ties broken by position in the text, for a stable order.
  auto by_strength = [](const Item& a, const Item& b) {
    const float fa = std::fabs(a.weight), fb = std::fabs(b.weight);
    if (fa != fb) return fa > fb;
    return a.occurrence < b.occurrence;
  };
  auto top = [&](std::vector<Item>* v) {
    const size_t n = std::min(k, v->size());
    std::partial_sort(v->begin(), v->begin() + static_cast<long>(n), v->end(), by_strength);
    v->resize(n);
  };
  top(&positive);
  top(&negative);
  std::vector<Item> items = std::move(positive);
  items.insert(items.end(), negative.begin(), negative.end());
  const std::string_view text = ws->normalized_.text();
  for (const Item& it : items) {
    auto& bucket = it.weight > 0 ? out->supporting : out->opposing;
    const FeatureOccurrence& occ = ws->occurrences_[it.occurrence];
    Contribution c;
    c.feature = DescribeFeature(occ, text, ws->tokens_);
    c.kind = occ.kind;
    c.weight = it.weight;
    c.span = ws->normalized_.SourceSpan(occ.begin, occ.end);
    bucket.push_back(std::move(c));
  }
}

void Model::TopWords(const Workspace& ws, int label, size_t k,
                     std::vector<Contribution>* out) const {
  out->clear();
  const size_t cols = static_cast<size_t>(columns_);
  auto weight_of = [&](uint32_t id, size_t col) {
    const size_t idx = static_cast<size_t>(id) * cols + col;
    return weight_type_ == WeightType::kFloat32
               ? weights_f32_[idx]
               : static_cast<float>(weights_i8_[idx]) * col_scale_[col];
  };
  struct Item {
    float weight;
    size_t token;
  };
  std::vector<Item> items;
  for (size_t t = 0; t < ws.tokens_.size(); ++t) {
    const uint32_t id = TokenWordFeatureId(features_, ws.tokens_[t].text);
    float w;
    if (cols == 1) {
      w = weight_of(id, 0) * (label == 1 ? 1.0f : -1.0f);
    } else {
      float mean = 0;
      for (size_t c = 0; c < cols; ++c) mean += weight_of(id, c);
      w = weight_of(id, static_cast<size_t>(label)) - mean / static_cast<float>(cols);
    }
    if (w > 0) items.push_back({w, t});
  }
  // Strongest first, earlier first on ties; one entry per distinct word.
  std::stable_sort(items.begin(), items.end(),
                   [](const Item& a, const Item& b) { return a.weight > b.weight; });
  for (const Item& it : items) {
    if (out->size() >= k) break;
    const Token& tok = ws.tokens_[it.token];
    bool seen = false;
    for (const Contribution& c : *out) seen |= c.feature == tok.text;
    if (seen) continue;
    Contribution c;
    c.feature = std::string(tok.text);
    c.kind = FeatureKind::kWord;
    c.weight = it.weight;
    c.span = ws.normalized_.SourceSpan(tok.begin, tok.end);
    out->push_back(std::move(c));
  }
}

}  // namespace meetintent
