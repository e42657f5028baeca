#include "meetintent/model.h"

#include <algorithm>
#include <cmath>

#include "features2.h"
#include "meetintent/adapt.h"
#include "meetintent/lexicon.h"
#include "meetintent/placeholder.h"
#include "overlay_internal.h"
#include "model_file.h"
#include "model_internals.h"
#include "pipeline.h"
#include "probabilities.h"
#include "script_coverage.h"
#include "weights.h"

namespace meetintent {


void Workspace::Trim() {
  const size_t held = normalized_.CapacityBytes() + tokens_.capacity() * sizeof(Token) +
                      feature_scratch_.slots.capacity() * sizeof(FeatureScratch::Slot) +
                      feature_scratch_.used.capacity() * sizeof(uint32_t) +
                      feature_scratch_.blocks.capacity() + features_.capacity() * sizeof(Feature) +
                      occurrences_.capacity() * sizeof(FeatureOccurrence);
  if (held <= kKeepScratchBytes) return;
  normalized_.ReleaseMemory();
  std::vector<Token>().swap(tokens_);
  feature_scratch_ = FeatureScratch();
  std::vector<Feature>().swap(features_);
  std::vector<FeatureOccurrence>().swap(occurrences_);
}

WeightType Model::weight_type() const { return weights_->type(); }

size_t Model::weight_bytes() const { return weights_->bytes(); }

uint32_t Model::format_version() const { return features_.recipe == 1 ? 1 : 2; }

void Model::BindWeights(const float* f32, const int8_t* i8) {
  weights_ = std::make_unique<WeightView>(
      i8 != nullptr ? WeightView::Int8(i8, col_scale_.data(), rows(), columns_)
                    : WeightView::Float32(f32, rows(), columns_));
}

int Model::LabelIndex(std::string_view name) const {
  for (size_t i = 0; i < labels_.size(); ++i) {
    if (labels_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

void Model::Score(const std::vector<Feature>& features, float* scores) const {
  for (int c = 0; c < columns_; ++c) scores[c] = bias_[static_cast<size_t>(c)];
  weights_->AddDot(features, scores);
}

void Model::Featurize(std::string_view message, Workspace* ws, std::vector<Feature>* out) const {
  Pipeline::Featurize(normalize_, features_, message, ws, out);
}

void Model::PredictFeatures(const std::vector<Feature>& features, Workspace* ws,
                            std::vector<float>* probabilities, bool calibrated) const {
  ws->scores_.resize(static_cast<size_t>(columns_));
  Score(features, ws->scores_.data());
  probabilities->resize(labels_.size());
  ScoresToProbabilities(ws->scores_.data(), columns_, calibrated ? &calibration_ : nullptr,
                        probabilities->data());
}

namespace {

int ArgMax(const std::vector<float>& v) {
  return static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin());
}

}  // namespace

void Model::Predict(std::string_view message, const PredictOptions& options, Workspace* ws,
                    Prediction* out) const {
  PredictAndRead(message, options, ws, out);
  ws->Trim();
}

void Model::PredictAndRead(std::string_view message, const PredictOptions& options,
                           Workspace* ws, Prediction* out) const {
  PredictWith(nullptr, message, options, ws, out);
}

void Model::PredictWith(const Overlay* overlay, std::string_view message,
                        const PredictOptions& options, Workspace* ws, Prediction* out) const {
  if (features_.recipe == 2) {
    ReadParts(message, options, overlay, ws, out);
    return;
  }
  // Recipe 1 reads as meetintent 1.0 did: one feature vector, scored.
  out->deciding_part = DecidingPart::kWholeMessage;
  Featurize(message, ws, &ws->features_);
  ws->scores_.resize(static_cast<size_t>(columns_));
  Score(ws->features_, ws->scores_.data());
  if (overlay != nullptr) AddDeltas(*overlay, ws->features_, ws->scores_.data());
  out->probabilities.resize(labels_.size());
  ScoresToProbabilities(ws->scores_.data(), columns_, &calibration_, out->probabilities.data());
  out->label = ArgMax(out->probabilities);
  out->truncated = ws->normalized_.truncated();
  JudgeCoverage(scripts_, ws->normalized_.text(), ws->tokens_, &out->supported, &out->abstain_reason);
}

namespace {

// The readable form of a feature occurrence in the normalized text.
// A token as the model reads it: recipe 2 shows a gendered word or a name by
// its stand-in ("they", <name>), as the features it gave were hashed.
std::string ReadableToken(const FeatureOptions& options, std::string_view token) {
  if (options.recipe == 2 && !token.empty()) {
    const Lexicon::Entry* entry;
    bool neutralized;
    ReadWord2(options, WordHash2(token), &entry, &neutralized);
    if (neutralized) return ReadablePlaceholders(options.lexicon->StandInText(*entry));
  }
  return ReadablePlaceholders(token);
}

std::string DescribeFeature(const FeatureOptions& options, const FeatureOccurrence& occ,
                            std::string_view text, const std::vector<Token>& tokens) {
  const std::string_view spelled = text.substr(occ.begin, occ.end - occ.begin);
  switch (occ.kind) {
    case FeatureKind::kWord:
      return (occ.marks & 4) ? ReadableToken(options, spelled) : ReadablePlaceholders(spelled);
    case FeatureKind::kBigram: {
      // The two tokens that start and end the occurrence.
      std::string_view first, second;
      for (const Token& t : tokens) {
        if (t.begin == occ.begin) first = t.text;
        if (t.end == occ.end) second = t.text;
      }
      return ReadableToken(options, first) + " " + ReadableToken(options, second);
    }
    case FeatureKind::kCluster: {
      static const char* const kNames[] = {"cl256", "cl1k", "cl4k"};
      return std::string(kNames[occ.marks % 3]) + ":" + ReadableToken(options, spelled);
    }
    case FeatureKind::kCharNgram: {
      std::string s = (occ.marks & 1) ? "<" : "";
      s += ReadablePlaceholders(spelled);
      if (occ.marks & 2) s += ">";
      return s;
    }
  }
  return {};
}

// A feature's pull toward one label, and where it first occurs.
struct Pull {
  float weight;
  size_t occurrence;
};

// Keeps the k strongest of *v, strongest first; ties go to the earlier
// occurrence so the order is stable.
void KeepStrongest(size_t k, std::vector<Pull>* v) {
  auto by_strength = [](const Pull& a, const Pull& b) {
    const float fa = std::fabs(a.weight), fb = std::fabs(b.weight);
    if (fa != fb) return fa > fb;
    return a.occurrence < b.occurrence;
  };
  // The order is total (ties go by occurrence), so selecting the k first and
  // sorting only them gives what sorting everything would.
  const size_t n = std::min(k, v->size());
  const auto nth = v->begin() + static_cast<long>(n);
  if (n < v->size()) std::nth_element(v->begin(), nth, v->end(), by_strength);
  std::sort(v->begin(), nth, by_strength);
  v->resize(n);
}

// The pull of each distinct feature of the message ws has read (with
// occurrences) toward `label` (logit units, calibration scale included),
// split by sign (negative may be nullptr). For two labels the
// single column scores label 1; for more, a label's pull is its weight
// against the mean of all columns.
void Pulls(const Model& model, const Overlay* overlay, int label, bool words_only,
           const Workspace& ws, std::vector<Pull>* positive, std::vector<Pull>* negative) {
  const WeightView& w = ModelInternals::Weights(model);
  const int columns = model.columns();
  const float scale = model.calibration().scale;
  // A weight, with the overlay's delta when it has one.
  auto at = [&](const float* delta, uint32_t id, int c) {
    return delta != nullptr ? w.At(id, c) + delta[c] : w.At(id, c);
  };
  auto pull = [&](const Feature& f) {
    const float* delta = overlay != nullptr ? overlay->Find(f.id) : nullptr;
    if (columns == 1) {
      const float v = at(delta, f.id, 0) * f.value * scale;
      return label == 1 ? v : -v;
    }
    float mean = 0.0f;
    for (int c = 0; c < columns; ++c) mean += at(delta, f.id, c);
    mean /= static_cast<float>(columns);
    return (at(delta, f.id, label) - mean) * f.value * scale;
  };
  positive->clear();
  const std::vector<Feature>& features = ModelInternals::Features(ws);
  positive->reserve(features.size());
  if (negative != nullptr) {
    negative->clear();
    negative->reserve(features.size());
  }
  const std::vector<FeatureOccurrence>& occurrences = ModelInternals::Occurrences(ws);
  // Features come out of ExtractFeatures in first-seen order, so one pass
  // over the occurrences finds each feature's first occurrence.
  size_t next = 0;
  for (size_t i = 0; i < occurrences.size() && next < features.size(); ++i) {
    if (occurrences[i].id != features[next].id) continue;
    const Feature& f = features[next++];
    if (words_only && occurrences[i].kind != FeatureKind::kWord) continue;
    const float v = pull(f);
    if (v > 0) positive->push_back({v, i});
    if (v < 0 && negative != nullptr) negative->push_back({v, i});
  }
}

// The readable contributions of `pulls`, in their order.
void AppendContributions(const FeatureOptions& features, const std::vector<Pull>& pulls,
                         const Workspace& ws, std::vector<Contribution>* out) {
  const std::vector<FeatureOccurrence>& occurrences = ModelInternals::Occurrences(ws);
  for (const Pull& p : pulls) {
    const FeatureOccurrence& occ = occurrences[p.occurrence];
    Contribution c;
    c.feature = DescribeFeature(features, occ, ws.normalized().text(), ws.tokens());
    c.kind = occ.kind;
    c.weight = p.weight;
    c.span = ws.normalized().SourceSpan(occ.begin, occ.end);
    out->push_back(std::move(c));
  }
}

}  // namespace

void Model::Explain(std::string_view message, size_t k, const PredictOptions& options,
                    Workspace* ws, Explanation* out) const {
  ExplainWith(nullptr, message, k, options, ws, out);
}

void Model::ExplainWith(const Overlay* overlay, std::string_view message, size_t k,
                        const PredictOptions& options, Workspace* ws, Explanation* out) const {
  if (features_.recipe == 2) {
    // The decision first, then the features of the part it rests on.
    Prediction p;
    ReadParts(message, options, overlay, ws, &p);
    out->probabilities = p.probabilities;
    out->label = p.label;
    out->deciding_part = p.deciding_part;
    if (ModelInternals::HoldsDecidingPart(*ws)) {
      ModelInternals::ExtractWithOccurrences(*this, ws);
    } else {
      ModelInternals::ReadWithOccurrences(*this, message, ws, ModelInternals::DecidingRanges(*ws));
    }
  } else {
    Prediction p;
    PredictWith(overlay, message, options, ws, &p);
    out->probabilities = p.probabilities;
    out->label = p.label;
    out->deciding_part = DecidingPart::kWholeMessage;
    ModelInternals::ReadWithOccurrences(*this, message, ws);
  }
  std::vector<Pull> positive, negative;
  Pulls(*this, overlay, out->label, /*words_only=*/false, *ws, &positive, &negative);
  KeepStrongest(k, &positive);
  KeepStrongest(k, &negative);
  out->supporting.clear();
  out->opposing.clear();
  AppendContributions(features_, positive, *ws, &out->supporting);
  AppendContributions(features_, negative, *ws, &out->opposing);
}

void Model::ExplainWords(std::string_view message, int label, size_t k, Workspace* ws,
                         std::vector<Contribution>* out) const {
  ModelInternals::ReadRanges(*this, message, nullptr, ws);
  ModelInternals::ExplainReadWords(*this, label, k, ws, out);
}

void ModelInternals::ExplainReadWords(const Model& m, int label, size_t k, Workspace* ws,
                                      std::vector<Contribution>* out, const uint64_t* word_hashes) {
  out->clear();
  // Words only: the other kinds would only be skipped (ExtractWordFeatures2
  // values the words as a full extraction does).
  if (m.features_.recipe == 2) {
    ExtractWordFeatures2(m.features_, ws->tokens_, &ws->feature_scratch_, &ws->features_,
                         &ws->occurrences_, word_hashes);
  } else {
    ExtractWithOccurrences(m, ws);
  }
  std::vector<Pull> positive;
  Pulls(m, nullptr, label, /*words_only=*/true, *ws, &positive, nullptr);
  KeepStrongest(k, &positive);
  AppendContributions(m.features_, positive, *ws, out);
}

}  // namespace meetintent
