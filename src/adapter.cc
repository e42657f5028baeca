// Adapter: FTRL-proximal on the deltas of one user's corrections (adapt.h).
#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>

#include "byte_io.h"
#include "meetintent/adapt.h"
#include "meetintent/model_builder.h"
#include "model_internals.h"
#include "overlay_internal.h"
#include "probabilities.h"

namespace meetintent {

std::string_view AdaptOptions::Validate() const {
  auto ok = [](float v) { return std::isfinite(v) && v >= 0.0f && v <= 1e4f; };
  if (!ok(alpha) || alpha < 1e-6f) return "alpha must be at least 1e-6 and at most 1e4";
  if (!ok(beta)) return "beta must be >= 0 and at most 1e4";
  if (!ok(l1) || !ok(l2) || !ok(bias_l2)) return "l1, l2 and bias_l2 must be >= 0 and at most 1e4";
  if (!std::isfinite(skip_above) || skip_above < 0.5f || skip_above > 1.0f) {
    return "skip_above must be in [0.5, 1]";
  }
  if (max_entries < 1 || max_entries > (size_t{1} << 24)) return "max_entries must be 1..2^24";
  return {};
}

namespace {

// Adds gradient g to a coordinate (z, n) whose weight is w.
void FtrlStep(float g, float w, float alpha, float* z, float* n) {
  const float sigma = (std::sqrt(*n + g * g) - std::sqrt(*n)) / alpha;
  *z += g - sigma * w;
  *n += g * g;
}

// Feature id -> entry of the learner, by open addressing over the entries'
// ids (no allocation per feature, unlike std::unordered_map).
class EntryIndex {
 public:
  // The entry of `id`, or -1.
  long Find(uint32_t id, const std::vector<uint32_t>& ids) const {
    if (slots_.empty()) return -1;
    for (size_t i = Hash(id) & mask_;; i = (i + 1) & mask_) {
      const uint32_t e = slots_[i];
      if (e == 0) return -1;
      if (ids[e - 1] == id) return static_cast<long>(e - 1);
    }
  }
  // Indexes ids.back(), just appended.
  void Add(const std::vector<uint32_t>& ids) {
    if (2 * ids.size() > slots_.size()) {
      Rebuild(ids);
      return;
    }
    Put(ids.back(), static_cast<uint32_t>(ids.size()));
  }
  void Rebuild(const std::vector<uint32_t>& ids) {
    size_t capacity = 16;
    while (capacity < 4 * ids.size()) capacity *= 2;
    slots_.assign(capacity, 0);
    mask_ = capacity - 1;
    for (size_t e = 0; e < ids.size(); ++e) Put(ids[e], static_cast<uint32_t>(e + 1));
  }

 private:
  static size_t Hash(uint32_t id) { return (id * 0x9E3779B1u) >> 4; }
  void Put(uint32_t id, uint32_t entry_plus_one) {
    size_t i = Hash(id) & mask_;
    while (slots_[i] != 0) i = (i + 1) & mask_;
    slots_[i] = entry_plus_one;
  }
  std::vector<uint32_t> slots_;  // entry + 1; 0 is empty
  size_t mask_ = 0;
};

}  // namespace

// The writer's state: accumulators of every tracked feature, in the order
// features were first seen (so compaction is deterministic).
class Adapter::Learner {
 public:
  std::mutex mu;
  Workspace ws;
  std::vector<Feature> features;
  std::vector<float> scores, probs, grad;
  EntryIndex index;  // id -> entry
  std::vector<uint32_t> ids;
  std::vector<float> z, n, w;     // entries x columns
  std::vector<float> bz, bn, bw;  // columns
  uint64_t updates = 0;
  std::vector<uint64_t> label_counts;  // corrections per label, for balance_labels
  uint64_t retry_compaction_at = 0;
  std::vector<uint32_t> touched;  // ids whose delta may have changed since Publish
  bool rebuild = false;           // Publish makes a fresh snapshot

  // The entry of `id`, or -1 when the adapter is full (adapt.h's policy).
  long Entry(uint32_t id, int cols, size_t max_entries) {
    const long found = index.Find(id, ids);
    if (found >= 0) return found;
    if (ids.size() >= max_entries) {
      if (updates < retry_compaction_at) return -1;
      Compact(cols);
      if (ids.size() >= max_entries) {
        retry_compaction_at = updates + 64;  // compacting again at once would free nothing
        return -1;
      }
    }
    const auto e = static_cast<uint32_t>(ids.size());
    ids.push_back(id);
    index.Add(ids);
    z.resize(z.size() + static_cast<size_t>(cols), 0.0f);
    n.resize(n.size() + static_cast<size_t>(cols), 0.0f);
    w.resize(w.size() + static_cast<size_t>(cols), 0.0f);
    return e;
  }

  // Drops the entries whose delta is zero, keeping the others' order.
  void Compact(int cols) {
    const auto c = static_cast<size_t>(cols);
    size_t kept = 0;
    for (size_t e = 0; e < ids.size(); ++e) {
      bool zero = true;
      for (size_t k = 0; k < c; ++k) zero = zero && w[e * c + k] == 0.0f;
      if (zero) continue;
      ids[kept] = ids[e];
      std::copy(&z[e * c], &z[e * c] + c, &z[kept * c]);
      std::copy(&n[e * c], &n[e * c] + c, &n[kept * c]);
      std::copy(&w[e * c], &w[e * c] + c, &w[kept * c]);
      ++kept;
    }
    ids.resize(kept);
    z.resize(kept * c);
    n.resize(kept * c);
    w.resize(kept * c);
    index.Rebuild(ids);
  }
};

Adapter::Adapter(const Model& base, const AdaptOptions& options)
    : base_(base), options_(options), learner_(new Learner) {
  const auto cols = static_cast<size_t>(base.columns());
  learner_->bz.assign(cols, 0.0f);
  learner_->bn.assign(cols, 0.0f);
  learner_->bw.assign(cols, 0.0f);
  learner_->label_counts.assign(base.labels().size(), 0);
}

Adapter::~Adapter() = default;

Status Adapter::Create(const Model& base, const AdaptOptions& options,
                       std::unique_ptr<Adapter>* out) {
  if (out == nullptr) return Status::InvalidArgument("out is NULL");
  if (std::string_view e = options.Validate(); !e.empty()) {
    return Status::InvalidArgument("adapt options: " + std::string(e));
  }
  std::unique_ptr<Adapter> a(new Adapter(base, options));
  std::atomic_store(&a->snapshot_, OverlayBuilder::Empty(base, options.words_only));
  *out = std::move(a);
  return Status::Ok();
}

Status Adapter::Update(std::string_view text, std::string_view label) {
  const int index = base_.LabelIndex(label);
  if (index < 0) return Status::InvalidArgument("unknown label '" + std::string(label) + "'");
  return Update(text, index);
}

Status Adapter::Update(std::string_view text, int label) {
  if (label < 0 || static_cast<size_t>(label) >= base_.labels().size()) {
    return Status::InvalidArgument("label index out of range");
  }
  std::lock_guard<std::mutex> lock(learner_->mu);
  Learn(text, label);
  Publish();
  return Status::Ok();
}

Status Adapter::UpdateBatch(const std::vector<Example>& corrections, int passes) {
  if (passes < 1 || passes > 1000) return Status::InvalidArgument("passes must be 1..1000");
  std::vector<int> labels(corrections.size());
  for (size_t i = 0; i < corrections.size(); ++i) {
    labels[i] = base_.LabelIndex(corrections[i].label);
    if (labels[i] < 0) {
      return Status::InvalidArgument("correction " + std::to_string(i + 1) + ": unknown label '" +
                                     corrections[i].label + "'");
    }
  }
  std::lock_guard<std::mutex> lock(learner_->mu);
  for (int p = 0; p < passes; ++p) {
    for (size_t i = 0; i < corrections.size(); ++i) Learn(corrections[i].text, labels[i]);
  }
  Publish();
  return Status::Ok();
}

void Adapter::Learn(std::string_view text, int label) {
  Learner& l = *learner_;
  const Model& m = base_;
  const int cols = m.columns();
  const auto ucols = static_cast<size_t>(cols);
  // The features the base was trained on: the whole text, as Featurize reads it.
  m.Featurize(text, &l.ws, &l.features);
  l.scores.resize(ucols);
  l.probs.resize(m.labels().size());
  m.Score(l.features, l.scores.data());
  for (size_t c = 0; c < ucols; ++c) l.scores[c] += l.bw[c];
  for (const Feature& f : l.features) {
    const long e = l.index.Find(f.id, l.ids);
    if (e < 0) continue;
    for (size_t c = 0; c < ucols; ++c) l.scores[c] += f.value * l.w[static_cast<size_t>(e) * ucols + c];
  }
  ScoresToProbabilities(l.scores.data(), cols, &m.calibration(), l.probs.data());
  ++l.updates;
  const AdaptOptions& o = options_;
  const auto ulabel = static_cast<size_t>(label);
  ++l.label_counts[ulabel];
  if (o.skip_above < 1.0f && l.probs[ulabel] >= o.skip_above) return;
  float weight = 1.0f;
  if (o.balance_labels) {
    weight = static_cast<float>(static_cast<double>(l.updates) /
                                (static_cast<double>(l.label_counts.size()) *
                                 static_cast<double>(l.label_counts[ulabel])));
  }
  // d loss / d raw score per column (the calibration scale included).
  l.grad.resize(ucols);
  float* grad = l.grad.data();
  const float scale = m.calibration().scale * weight;
  if (cols == 1) {
    grad[0] = scale * (l.probs[1] - (label == 1 ? 1.0f : 0.0f));
  } else {
    for (int c = 0; c < cols; ++c) grad[c] = scale * (l.probs[static_cast<size_t>(c)] - (c == label ? 1.0f : 0.0f));
  }
  const std::vector<uint8_t>& blocks = ModelInternals::FeatureBlocks(l.ws);
  for (size_t i = 0; i < l.features.size(); ++i) {
    const Feature& f = l.features[i];
    if (o.words_only && blocks[i] != 0) continue;
    const long e = l.Entry(f.id, cols, o.max_entries);
    if (e < 0) continue;
    const size_t at = static_cast<size_t>(e) * ucols;
    for (size_t c = 0; c < ucols; ++c) {
      FtrlStep(grad[c] * f.value, l.w[at + c], o.alpha, &l.z[at + c], &l.n[at + c]);
      l.w[at + c] = FtrlWeight(l.z[at + c], l.n[at + c], o.alpha, o.beta, o.l1, o.l2);
    }
    if (!l.rebuild) l.touched.push_back(f.id);
  }
  if (o.learn_bias) {
    for (size_t c = 0; c < ucols; ++c) {
      FtrlStep(grad[c], l.bw[c], o.alpha, &l.bz[c], &l.bn[c]);
      l.bw[c] = FtrlWeight(l.bz[c], l.bn[c], o.alpha, o.beta, 0.0f, o.bias_l2);
    }
  }
  if (l.touched.size() > 4 * l.ids.size() + 1024) {
    l.rebuild = true;
    l.touched.clear();
  }
}

void Adapter::Publish() {
  Learner& l = *learner_;
  const auto ucols = static_cast<size_t>(base_.columns());
  std::shared_ptr<const Overlay> next;
  if (!l.rebuild) {
    std::sort(l.touched.begin(), l.touched.end());
    l.touched.erase(std::unique(l.touched.begin(), l.touched.end()), l.touched.end());
    std::vector<float> rows(l.touched.size() * ucols, 0.0f);
    for (size_t i = 0; i < l.touched.size(); ++i) {
      const long e = l.index.Find(l.touched[i], l.ids);
      if (e < 0) continue;  // compacted away: its delta is zero
      const float* w = &l.w[static_cast<size_t>(e) * ucols];
      std::copy(w, w + ucols, &rows[i * ucols]);
    }
    next = OverlayBuilder::Patch(*std::atomic_load(&snapshot_), l.touched, rows, l.bw);
  }
  if (next == nullptr) next = OverlayBuilder::Fresh(base_, options_.words_only, l.ids, l.w, l.bw);
  l.touched.clear();
  l.rebuild = false;
  std::atomic_store(&snapshot_, std::move(next));
}

std::shared_ptr<const Overlay> Adapter::Snapshot() const { return std::atomic_load(&snapshot_); }

void Adapter::Predict(std::string_view message, const PredictOptions& options, Workspace* ws,
                      Prediction* out) const {
  Snapshot()->Predict(message, options, ws, out);
}

void Adapter::Explain(std::string_view message, size_t k, Workspace* ws,
                      Explanation* out) const {
  Snapshot()->Explain(message, k, PredictOptions(), ws, out);
}

uint64_t Adapter::updates() const {
  std::lock_guard<std::mutex> lock(learner_->mu);
  return learner_->updates;
}
size_t Adapter::entries() const { return Snapshot()->entries(); }
size_t Adapter::bytes() const { return Snapshot()->bytes(); }
size_t Adapter::tracked() const {
  std::lock_guard<std::mutex> lock(learner_->mu);
  return learner_->ids.size();
}

// ---- Saving, loading, merging ----

std::string Adapter::Serialize() const {
  std::lock_guard<std::mutex> lock(learner_->mu);
  const Learner& l = *learner_;
  const auto ucols = static_cast<size_t>(base_.columns());
  OverlayFileState st;
  st.base_fingerprint = BaseFingerprint(base_);
  st.columns = static_cast<uint32_t>(ucols);
  st.updates = l.updates;
  st.options = options_;
  st.bias_z = l.bz;
  st.bias_n = l.bn;
  st.label_counts = l.label_counts;
  // Entries with a non-zero delta, by id; the others' accumulators are not
  // kept (as when the adapter compacts).
  std::vector<uint32_t> order;
  for (size_t e = 0; e < l.ids.size(); ++e) {
    bool zero = true;
    for (size_t c = 0; c < ucols; ++c) zero = zero && l.w[e * ucols + c] == 0.0f;
    if (!zero) order.push_back(static_cast<uint32_t>(e));
  }
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return l.ids[a] < l.ids[b]; });
  for (uint32_t e : order) {
    st.ids.push_back(l.ids[e]);
    st.z.insert(st.z.end(), &l.z[e * ucols], &l.z[e * ucols] + ucols);
    st.n.insert(st.n.end(), &l.n[e * ucols], &l.n[e * ucols] + ucols);
    st.w.insert(st.w.end(), &l.w[e * ucols], &l.w[e * ucols] + ucols);
  }
  return SerializeOverlay(st);
}

Status Adapter::Save(const std::string& path) const { return WriteFileAtomically(path, Serialize()); }

Status Adapter::LoadBuffer(const Model& base, std::string_view bytes,
                           std::unique_ptr<Adapter>* out) {
  if (out == nullptr) return Status::InvalidArgument("out is NULL");
  OverlayFileState st;
  if (Status s = ParseOverlay(bytes, static_cast<uint32_t>(base.feature_options().hash_bits), &st);
      !s.ok()) {
    return s;
  }
  if (st.base_fingerprint != BaseFingerprint(base)) {
    return Status::InvalidArgument(
        "overlay file: it was learned on another base model (base fingerprint differs); load it "
        "with the model it was made for");
  }
  if (st.columns != static_cast<uint32_t>(base.columns())) {
    return Status::InvalidArgument("overlay file: its columns do not match the base model");
  }
  std::unique_ptr<Adapter> a(new Adapter(base, st.options));
  Learner& l = *a->learner_;
  const AdaptOptions& o = st.options;
  l.updates = st.updates;
  l.bz = st.bias_z;
  l.bn = st.bias_n;
  if (st.label_counts.size() != l.label_counts.size()) {
    return Status::InvalidArgument("overlay file: its labels do not match the base model");
  }
  l.label_counts = st.label_counts;
  for (size_t c = 0; c < l.bz.size(); ++c) {
    l.bw[c] = o.learn_bias ? FtrlWeight(l.bz[c], l.bn[c], o.alpha, o.beta, 0.0f, o.bias_l2) : 0.0f;
  }
  l.ids = st.ids;
  l.z = st.z;
  l.n = st.n;
  l.w = st.w;  // as saved, bit for bit (version 1: from z and n, as the learner had them)
  l.index.Rebuild(l.ids);
  l.rebuild = true;
  a->Publish();
  *out = std::move(a);
  return Status::Ok();
}

Status Adapter::Merge(std::unique_ptr<Model>* out) const {
  if (out == nullptr) return Status::InvalidArgument("out is NULL");
  std::shared_ptr<const Overlay> snap = Snapshot();
  std::unique_ptr<ModelBuilder> b;
  if (Status s = ModelBuilder::FromModel(base_, &b); !s.ok()) return s;
  const auto ucols = static_cast<size_t>(b->columns());
  // Every table slot with a key: a zeroed one adds nothing.
  std::lock_guard<std::mutex> lock(learner_->mu);
  for (size_t e = 0; e < learner_->ids.size(); ++e) {
    const float* d = snap->Find(learner_->ids[e]);
    if (d == nullptr) continue;
    float* row = b->weights() + static_cast<size_t>(learner_->ids[e]) * ucols;
    for (size_t c = 0; c < ucols; ++c) row[c] += d[c];
  }
  for (size_t c = 0; c < ucols; ++c) b->bias()[c] += snap->bias_delta()[c];
  return b->Build(/*quantize=*/false, out);
}

}  // namespace meetintent
