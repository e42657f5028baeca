#include "quid_pro_quo_model.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__SSE2__) && defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>  // PackAvx2
#endif

#include "block_scoring.h"
#include "default_model.h"
#include "features2.h"
#include "model_file.h"
#include "model_internals.h"
#include "probabilities.h"

namespace meetintent {
namespace {

constexpr const char* kHeadNames[kQpqHeads] = {"offer", "benefit", "ask", "link"};
constexpr size_t kFingerprintStride = 64;

// Adds each feature occurrence's int8 weight under every head. Copyable
// (ForEachFeature2 works on a local copy of its sink), hence no references.
class QpqSink {
 public:
  QpqSink(const int8_t* const (&w)[kQpqHeads], QpqSums* sums) : w_(w), sums_(sums) {}
  void Add(uint32_t id, FeatureKind kind, uint32_t /*begin*/, uint32_t /*end*/, uint8_t /*marks*/) {
    const int b = FeatureBlock(kind);
    ++sums_->counts[b];
    for (int h = 0; h < kQpqHeads; ++h) sums_->sums[h][b] += w_[h][id];
  }

 private:
  const int8_t* const* w_;  // kQpqHeads rows
  QpqSums* sums_;
};

// The word or bigram with the largest weight under one head (its word and
// bigram features: clusters and short function words would otherwise point
// at "the" or "me").
class TopFeatureSink {
 public:
  explicit TopFeatureSink(const int8_t* w) : w_(w) {}
  void Add(uint32_t id, FeatureKind kind, uint32_t begin, uint32_t end, uint8_t /*marks*/) {
    if (kind != FeatureKind::kWord && kind != FeatureKind::kBigram) return;
    if (w_[id] > best_) {
      best_ = w_[id];
      best_begin_ = begin;
      best_end_ = end;
    }
  }
  int32_t best_ = 0;
  uint32_t best_begin_ = 0, best_end_ = 0;

 private:
  const int8_t* w_;
};

// The lanes of one bucket, one at a time: the reference for the vector paths.
uint64_t BucketLanes(const int8_t* const (&w)[kQpqHeads], size_t i) {
  uint64_t lanes = 0;
  for (int h = 0; h < kQpqHeads; ++h) lanes |= static_cast<uint64_t>(w[h][i] + 128) << (16 * h);
  return lanes;
}

#if defined(__SSE2__)
// Sixteen buckets at a time from i: their bytes a b c d side by side, four
// buckets a register, each byte still to be widened to 16 bits.
struct Interleaved {
  __m128i abcd[4];  // buckets 0..3, 4..7, 8..11, 12..15 of the sixteen
};
inline Interleaved InterleaveSixteen(const int8_t* const (&w)[kQpqHeads], size_t i) {
  const __m128i bias = _mm_set1_epi8(static_cast<char>(0x80));  // w + 128 is w ^ 0x80
  __m128i head[kQpqHeads];
  for (int h = 0; h < kQpqHeads; ++h) {
    head[h] = _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w[h] + i)), bias);
  }
  const __m128i ab_lo = _mm_unpacklo_epi8(head[0], head[1]);  // a0 b0 a1 b1 .. a7 b7
  const __m128i ab_hi = _mm_unpackhi_epi8(head[0], head[1]);
  const __m128i cd_lo = _mm_unpacklo_epi8(head[2], head[3]);
  const __m128i cd_hi = _mm_unpackhi_epi8(head[2], head[3]);
  return Interleaved{{
      _mm_unpacklo_epi16(ab_lo, cd_lo),  // a0 b0 c0 d0 .. a3 b3 c3 d3
      _mm_unpackhi_epi16(ab_lo, cd_lo),
      _mm_unpacklo_epi16(ab_hi, cd_hi),
      _mm_unpackhi_epi16(ab_hi, cd_hi),
  }};
}

size_t PackSse2(const int8_t* const (&w)[kQpqHeads], size_t n, uint64_t* packed) {
  const __m128i zero = _mm_setzero_si128();
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const Interleaved v = InterleaveSixteen(w, i);
    auto* out = reinterpret_cast<__m128i*>(packed + i);
    for (int q = 0; q < 4; ++q) {  // two buckets a register
      _mm_storeu_si128(out + 2 * q, _mm_unpacklo_epi8(v.abcd[q], zero));
      _mm_storeu_si128(out + 2 * q + 1, _mm_unpackhi_epi8(v.abcd[q], zero));
    }
  }
  return i;
}

#if defined(__x86_64__) && defined(__GNUC__)
#define MEETINTENT_PACK_AVX2 1
// One widening instruction per four buckets instead of two per two.
__attribute__((target("avx2"))) size_t PackAvx2(const int8_t* const (&w)[kQpqHeads], size_t n,
                                                uint64_t* packed) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const Interleaved v = InterleaveSixteen(w, i);
    auto* out = reinterpret_cast<__m256i*>(packed + i);
    for (int q = 0; q < 4; ++q) _mm256_storeu_si256(out + q, _mm256_cvtepu8_epi16(v.abcd[q]));
  }
  return i;
}
#endif  // __x86_64__ && __GNUC__
#endif  // __SSE2__

}  // namespace

void PackHeads(const int8_t* const (&w)[kQpqHeads], size_t n, uint64_t* packed,
               VectorWidth widest) {
  static_assert(kQpqHeads == 4, "four 16-bit lanes");
  size_t i = 0;
#if defined(MEETINTENT_PACK_AVX2)
  if (widest >= VectorWidth::kAvx2) {
    __builtin_cpu_init();  // in case this runs from a static constructor
    if (__builtin_cpu_supports("avx2")) i = PackAvx2(w, n, packed);
  }
#endif
#if defined(__SSE2__)
  if (i == 0 && widest >= VectorWidth::kSse2) i = PackSse2(w, n, packed);
#endif
  for (; i < n; ++i) packed[i] = BucketLanes(w, i);
}

namespace {

// The default model's lexicon, read from the embedded model once.
std::shared_ptr<const Lexicon> DefaultLexicon() {
  static const std::shared_ptr<const Lexicon> lexicon = [] {
    std::unique_ptr<Model> m;
    if (DefaultModelData() == nullptr ||
        !ModelFileReader::ParseEmbedded(DefaultModelData(), DefaultModelSize(), &m).ok()) {
      return std::shared_ptr<const Lexicon>();
    }
    return m->feature_options().lexicon;
  }();
  return lexicon;
}

std::unique_ptr<QpqScorer> LoadEmbedded() {
  if (DefaultModelData() == nullptr) return nullptr;
  std::unique_ptr<Model> heads[kQpqHeads];
  for (int h = 0; h < kQpqHeads; ++h) {
    const auto head = static_cast<QpqHead>(h);
    if (QpqModelData(head) == nullptr ||
        !ModelFileReader::ParseEmbedded(QpqModelData(head), QpqModelSize(head), &heads[h]).ok()) {
      return nullptr;
    }
  }
  std::unique_ptr<QpqScorer> scorer;
  if (!QpqScorer::Load(heads, QpqLexiconFingerprint(), &scorer).ok()) {
    return nullptr;
  }
  return scorer;
}

}  // namespace

const QpqScorer* QpqScorer::Embedded() {
  static const std::unique_ptr<QpqScorer> scorer = LoadEmbedded();
  return scorer.get();
}

Status QpqScorer::Load(std::unique_ptr<Model> (&heads)[kQpqHeads], uint64_t lexicon_fingerprint,
                       std::unique_ptr<QpqScorer>* out) {
  std::unique_ptr<QpqScorer> s(new QpqScorer());
  for (int h = 0; h < kQpqHeads; ++h) {
    const Model& m = *heads[h];
    const FeatureOptions& f = m.feature_options();
    if (m.weight_type() != WeightType::kInt8 || m.columns() != 1 || f.recipe != 2 ||
        m.LabelIndex("none") < 0 || m.LabelIndex(kHeadNames[h]) < 0) {
      return Status::InvalidArgument(std::string("quid-pro-quo head \"") + kHeadNames[h] +
                                     "\": not a binary int8 recipe 2 model of its label");
    }
    const FeatureOptions& f0 = heads[0]->feature_options();
    if (f.hash_bits != f0.hash_bits || f.max_word_ngram != f0.max_word_ngram ||
        f.min_char_ngram != f0.min_char_ngram || f.max_char_ngram != f0.max_char_ngram ||
        f.word_clusters != f0.word_clusters || f.neutral_words != f0.neutral_words ||
        f.foreign_script_names != f0.foreign_script_names || f.vocative_names != f0.vocative_names ||
        f.salutation_names != f0.salutation_names ||
        f.l2_normalize != f0.l2_normalize || f.block_normalize != f0.block_normalize) {
      return Status::InvalidArgument("quid-pro-quo heads differ in their feature options");
    }
    const WeightView& w = ModelInternals::Weights(m);
    s->weights_[h] = w.int8_data();
    s->scale_[h] = w.column_scale(0);
    s->bias_[h] = ModelInternals::Bias(m)[0];
    s->positive_[h] = m.LabelIndex(kHeadNames[h]);
  }
  s->features_ = heads[0]->feature_options();
  s->features_.lexicon = nullptr;
  const size_t buckets = ModelInternals::Weights(*heads[0]).rows();
  for (int h = 1; h < kQpqHeads; ++h) {
    if (ModelInternals::Weights(*heads[h]).rows() != buckets) {
      return Status::InvalidArgument("quid-pro-quo heads differ in their number of weights");
    }
  }
  s->packed_.reset(new uint64_t[buckets]);  // every element written by PackHeads
  PackHeads(s->weights_, buckets, s->packed_.get());

  const Calibration& c = heads[0]->calibration();
  s->offer_calibration_scale_ = c.scale;
  s->offer_calibration_bias_ = c.bias.empty() ? 0.0f : c.bias[0];
  s->offer_sign_ = s->positive_[0] == 1 ? 1.0f : -1.0f;
  s->half_floor_logit_ = FloorLogit(0.5f);
  s->threshold_floor_logit_ = FloorLogit(kOfferThreshold);
  s->lexicon_fingerprint_ = lexicon_fingerprint;
  // The weights live in the models' storage: keep the models.
  for (int h = 0; h < kQpqHeads; ++h) s->heads_[h] = std::move(heads[h]);
  *out = std::move(s);
  return Status::Ok();
}

uint64_t LexiconFingerprint(const Lexicon& lexicon) {
  uint64_t h = Mix64(lexicon.size());
  for (int g = 0; g < Lexicon::kGranularities; ++g) h = Mix64(h ^ lexicon.cluster_count(g));
  // Every 64th word: a whole pass costs more than analysing a long thread,
  // and a lexicon that differs in so few words reads messages much the same.
  for (size_t i = 0; i < lexicon.size(); i += kFingerprintStride) {
    const Lexicon::Entry& e = lexicon.entry(i);
    h = Mix64(h ^ e.key);
    h = Mix64(h ^ e.stand_in);
    h = Mix64(h ^ (uint64_t{e.clusters[0]} | uint64_t{e.clusters[1]} << 16 |
                   uint64_t{e.clusters[2]} << 32));
  }
  return h;
}

// Lexicons already found to be the heads' (weakly held, so that a freed
// lexicon's address is never mistaken for it), at most a few.
std::shared_ptr<const Lexicon> QpqScorer::VerifiedLexicon(const Model& model) const {
  static std::mutex mu;
  static std::vector<std::weak_ptr<const Lexicon>> verified;
  const std::shared_ptr<const Lexicon>& lexicon = model.feature_options().lexicon;
  if (lexicon == nullptr) return DefaultLexicon();
  // The default model's own lexicon, read in place from the library's bytes,
  // is the one the embedded heads were made with (the test suite checks its
  // fingerprint): a thread analysis's set-up need not compute it again.
  if (lexicon_fingerprint_ == QpqLexiconFingerprint() &&
      ModelFileReader::LexiconBorrowsFrom(*lexicon, DefaultModelData(), DefaultModelSize())) {
    return lexicon;
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    for (const std::weak_ptr<const Lexicon>& w : verified) {
      if (!w.owner_before(lexicon) && !lexicon.owner_before(w) && !w.expired()) return lexicon;
    }
  }
  if (LexiconFingerprint(*lexicon) != lexicon_fingerprint_) return DefaultLexicon();
  std::lock_guard<std::mutex> lock(mu);
  verified.erase(std::remove_if(verified.begin(), verified.end(),
                                [](const std::weak_ptr<const Lexicon>& w) { return w.expired(); }),
                 verified.end());
  if (verified.size() < 16) verified.push_back(lexicon);
  return lexicon;
}

FeatureOptions QpqScorer::ReadingOptions(const Model& model) const {
  FeatureOptions o = features_;
  o.lexicon = VerifiedLexicon(model);
  return o;
}

void QpqScorer::Read(const FeatureOptions& reading, const std::vector<Token>& tokens,
                     QpqSums* out) const {
  *out = QpqSums();
  out->tokens = static_cast<uint32_t>(tokens.size());
  QpqSink sink(weights_, out);
  ForEachFeature2(reading, tokens, &sink);
}

bool QpqScorer::MakeTap(const Model& model, const FeatureOptions& reading, WordTap* tap) const {
  static_assert(kQpqHeads == WordTap::kHeads, "a tap holds every head");
  const FeatureOptions& own = model.feature_options();
  if (own.recipe != 2 || reading.recipe != 2 || own.max_word_ngram != reading.max_word_ngram ||
      own.neutral_words != reading.neutral_words || own.word_clusters != reading.word_clusters ||
      own.foreign_script_names != reading.foreign_script_names ||
      own.vocative_names != reading.vocative_names ||
      own.salutation_names != reading.salutation_names ||
      own.lexicon != reading.lexicon || own.hash_bits < reading.hash_bits) {
    return false;
  }
  for (int h = 0; h < kQpqHeads; ++h) tap->rows[h] = weights_[h];
  tap->packed = packed_.get();
  tap->shift = own.hash_bits - reading.hash_bits;
  return true;
}

void QpqScorer::FromTap(const WordTap& tap, size_t tokens, QpqSums* out) {
  static_assert(sizeof(out->sums) == sizeof(tap.sums) && sizeof(out->counts) == sizeof(tap.counts),
                "a tap holds a QpqSums' sums and counts");
  std::memcpy(out->counts, tap.counts, sizeof(out->counts));
  std::memcpy(out->sums, tap.sums, sizeof(out->sums));
  out->tokens = static_cast<uint32_t>(tokens);
}

float QpqScorer::Probability(QpqHead head, const QpqSums& sums) const {
  float scales[kFeatureBlocks];
  BlockScales2(features_, sums.counts, scales);
  return Probability(head, sums, scales);
}

float QpqScorer::Score(int h, const QpqSums& sums, const float (&scales)[kFeatureBlocks]) const {
  float s = 0.0f;
  for (int b = 0; b < kFeatureBlocks; ++b) s += scales[b] * static_cast<float>(sums.sums[h][b]);
  return bias_[h] + scale_[h] * s;
}

float QpqScorer::FloorLogit(float at_least) {
  const double a = at_least;
  const double p = (a * a) * (a * a);
  static_assert(kQpqHeads == 4, "at_least^kQpqHeads");
  return static_cast<float>(std::log(p / (1.0 - p)) - 0.012);
}

bool QpqScorer::SurelyBelow(float offer_score, float floor_logit) const {
  return offer_sign_ * (offer_calibration_scale_ * offer_score + offer_calibration_bias_) <
         floor_logit;
}

float QpqScorer::Probability(QpqHead head, const QpqSums& sums,
                             const float (&scales)[kFeatureBlocks]) const {
  const int h = static_cast<int>(head);
  return ProbabilityAt(h, Score(h, sums, scales));
}

float QpqScorer::ProbabilityAt(int h, float score) const {
  float p[2];
  ScoresToProbabilities(&score, 1, &heads_[h]->calibration(), p);
  return p[positive_[h]];
}

float QpqScorer::OfferScore(const QpqSums& sums, float at_least) const {
  if (sums.tokens == 0 && at_least > 0.0f) return at_least <= 0.5f ? 0.5f : -1.0f;
  float scales[kFeatureBlocks];
  BlockScales2(features_, sums.counts, scales);
  // Most candidates are settled here, by the offer head, without an exp().
  const float offer = Score(0, sums, scales);
  if (at_least >= 0.5f && SurelyBelow(offer, at_least >= kOfferThreshold ? threshold_floor_logit_
                                                                         : half_floor_logit_)) {
    return -1.0f;
  }
  const double n = sums.tokens;
  const double weight = n / (n + kShortTokens);
  // The geometric mean the score needs to reach at_least; the product of the
  // heads can only fall as heads are added.
  double needed_product = 0.0;
  if (at_least > 0.0f) {
    const double needed = 0.5 + (static_cast<double>(at_least) - 0.5) / weight;
    if (needed > 1.0) return -1.0f;
    // Squared twice (kQpqHeads is 4): pow() costs more than the rest. Only
    // settles candidates early; the final score is computed in full below.
    static_assert(kQpqHeads == 4, "needed^kQpqHeads");
    if (needed > 0) needed_product = (needed * needed) * (needed * needed);
  }
  double product = 1.0;
  for (int h = 0; h < kQpqHeads; ++h) {
    product *= ProbabilityAt(h, h == 0 ? offer : Score(h, sums, scales));
    if (product < needed_product) return -1.0f;
  }
  const double mean = std::pow(product, 1.0 / kQpqHeads);
  return static_cast<float>(0.5 + (mean - 0.5) * weight);
}

bool QpqScorer::TopWord(const FeatureOptions& reading, QpqHead head,
                        const std::vector<Token>& tokens, uint32_t* begin, uint32_t* end) const {
  TopFeatureSink sink(weights_[static_cast<int>(head)]);
  ForEachFeature2(reading, tokens, &sink);
  if (sink.best_ <= 0) return false;
  *begin = sink.best_begin_;
  *end = sink.best_end_;
  return true;
}

}  // namespace meetintent
