// The learned quid-pro-quo scorers: four small linear models, trained at
// build time by the project's own trainer from data/qpq_model/ (see
// data/qpq_model_recipe.cmake and scripts/qpq_training_data.py) and embedded
// in the library (quid_pro_quo_model.S):
//
//   offer    the text is a quid-pro-quo offer
//   benefit  it offers, grants or answers a request for a professional benefit
//   ask      it asks for a personal favour or private time
//   link     it ties things by a condition or a sequence
//
// All four read the same cheap recipe 2 features: words, word bigrams and
// word clusters (no character n-grams), with the default model's lexicon, so
// that an unseen word of a known cluster ("weekend", "Wochenende") counts
// like its neighbours. The heads carry no copy of the lexicon: they borrow
// the analysing model's when it is the same one (the default model's, or
// any model trained with the default lexicon), checked once per lexicon by
// its fingerprint, and otherwise load the default model's once. One pass over a message's tokens adds its weights
// under all four heads into a QpqSums; the sums of several messages add up to
// the sums of the messages read as one text (bar the bigram across the
// boundary), which is how a run of one sender's messages, or a request and
// its reply, are scored without reading anything twice.
//
// Immutable and thread-safe once built.
#ifndef MEETINTENT_SRC_QUID_PRO_QUO_MODEL_H_
#define MEETINTENT_SRC_QUID_PRO_QUO_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "meetintent/features.h"
#include "meetintent/model.h"
#include "meetintent/tokenizer.h"

namespace meetintent {

enum class QpqHead : uint8_t { kOffer = 0, kBenefit = 1, kAsk = 2, kLink = 3 };
constexpr int kQpqHeads = 4;

// The embedded model file of one head, or nullptr (and 0) in a build
// without them (the bootstrap trainer). Defined by quid_pro_quo_embedded.cc.
const void* QpqModelData(QpqHead head);
size_t QpqModelSize(QpqHead head);
// LexiconFingerprint of the lexicon the embedded heads were trained with.
uint64_t QpqLexiconFingerprint();

// A 64-bit digest of a lexicon's words, stand-ins and clusters.
uint64_t LexiconFingerprint(const Lexicon& lexicon);

// Fills packed[0, n) with the heads' lanes, TapLanes' table (block_scoring.h):
// bucket i's weight + 128 under head h in bits 16h..16h+15. Done once a
// process, for every bucket, with the widest vector code the processor has
// up to `widest` (tests compare the paths).
enum class VectorWidth { kNone, kSse2, kAvx2 };
void PackHeads(const int8_t* const (&w)[kQpqHeads], size_t n, uint64_t* packed,
               VectorWidth widest = VectorWidth::kAvx2);

// int8 weight sums of a text under every head, per feature block, and its
// occurrence counts per block and number of tokens.
struct QpqSums {
  uint32_t counts[kFeatureBlocks] = {0, 0, 0};
  int32_t sums[kQpqHeads][kFeatureBlocks] = {};
  uint32_t tokens = 0;

  void Add(const QpqSums& o) {
    for (int b = 0; b < kFeatureBlocks; ++b) counts[b] += o.counts[b];
    for (int h = 0; h < kQpqHeads; ++h) {
      for (int b = 0; b < kFeatureBlocks; ++b) sums[h][b] += o.sums[h][b];
    }
    tokens += o.tokens;
  }
};

struct WordTap;

class QpqScorer {
 public:
  // The scorers embedded in the library, loaded on first use, or nullptr
  // when the build has none. Thread-safe.
  static const QpqScorer* Embedded();

  // Builds a scorer from four models (offer, benefit, ask, link: binary int8
  // models of recipe 2 with equal feature options and labels "none" and the
  // head's name), taking them over, and the fingerprint of the lexicon they
  // were trained with.
  static Status Load(std::unique_ptr<Model> (&heads)[kQpqHeads], uint64_t lexicon_fingerprint,
                     std::unique_ptr<QpqScorer>* out);

  // The feature options to read the messages of `model` with: the heads'
  // options with the lexicon they were trained with (`model`'s own when it
  // is that one). Thread-safe.
  FeatureOptions ReadingOptions(const Model& model) const;

  // Replaces *out with the sums of `tokens` (one pass for all heads).
  // REQUIRES: `reading` comes from ReadingOptions.
  void Read(const FeatureOptions& reading, const std::vector<Token>& tokens, QpqSums* out) const;

  // Sets *tap to collect, in `model`'s own reading of each message
  // (ModelInternals::SetWordTap), the sums Read would give: when `model`
  // reads words exactly as `reading` does (recipe 2, same word n-grams,
  // neutral words, clusters and lexicon) with at least as many hash bits.
  // Returns false, leaving *tap alone, when it does not.
  bool MakeTap(const Model& model, const FeatureOptions& reading, WordTap* tap) const;
  // The sums a tap collected, for `tokens` tokens.
  static void FromTap(const WordTap& tap, size_t tokens, QpqSums* out);

  // The calibrated probability of `head` for a text with these sums.
  float Probability(QpqHead head, const QpqSums& sums) const;
  // As above, with the block scales of the sums (features2.h BlockScales2).
  float Probability(QpqHead head, const QpqSums& sums, const float (&scales)[kFeatureBlocks]) const;

  // How much a text (or several messages read as one) looks like a quid-pro-
  // quo offer: the geometric mean of the four heads' probabilities, pulled
  // toward 0.5 for short texts (n tokens weigh n / (n + kShortTokens)), since
  // "Deal" or "Top, see you later!" say too little to be read alone.
  // With at_least above 0, returns -1 as soon as the score cannot reach it.
  float OfferScore(const QpqSums& sums, float at_least = 0.0f) const;
  // The score thread analysis calls an offer, and the pull of short texts:
  // chosen together on the design threads (thread.cc, README.md
  // "Conversations"). Scores that must reach kOfferThreshold are settled
  // the soonest.
  static constexpr float kOfferThreshold = 0.68f;
  static constexpr float kShortTokens = 4.0f;

  // The word or word bigram of `tokens` that pushes most toward `head`:
  // its byte range in the tokenized text. False when none pushes toward it.
  bool TopWord(const FeatureOptions& reading, QpqHead head, const std::vector<Token>& tokens,
               uint32_t* begin, uint32_t* end) const;

 private:
  QpqScorer() = default;
  std::shared_ptr<const Lexicon> VerifiedLexicon(const Model& model) const;
  // The raw (uncalibrated) score of head h.
  float Score(int h, const QpqSums& sums, const float (&scales)[kFeatureBlocks]) const;
  // The calibrated probability of head h at raw score `score`.
  float ProbabilityAt(int h, float score) const;
  // A score can reach at_least >= 0.5 only when the offer head's
  // probability reaches at_least^4 (the other heads' are at most 1).
  // FloorLogit(at_least) is logit(at_least^4), less a margin far larger
  // than the rounding of exp(); SurelyBelow tells when the offer head's
  // calibrated logit at a raw score is below it.
  static float FloorLogit(float at_least);
  bool SurelyBelow(float offer_score, float floor_logit) const;
  float half_floor_logit_ = 0;       // FloorLogit(0.5f)
  float threshold_floor_logit_ = 0;  // FloorLogit(kOfferThreshold)
  // The offer head's calibration (Calibration), its sign turned so that
  // offer_sign_ * (offer_calibration_scale_ * score + offer_calibration_bias_)
  // is the calibrated logit of "offer".
  float offer_calibration_scale_ = 1, offer_calibration_bias_ = 0, offer_sign_ = 1;

  std::unique_ptr<Model> heads_[kQpqHeads];
  FeatureOptions features_;  // the heads' options, without a lexicon
  uint64_t lexicon_fingerprint_ = 0;
  const int8_t* weights_[kQpqHeads] = {};
  // The four heads' weights + 128 per bucket, in 16-bit lanes (block_scoring.h
  // TapSums): a tap adds them with one load.
  std::unique_ptr<uint64_t[]> packed_;

  float scale_[kQpqHeads] = {};  // int8 dequantization scale
  float bias_[kQpqHeads] = {};
  int positive_[kQpqHeads] = {};  // index of the head's own label
};

}  // namespace meetintent

#endif  // MEETINTENT_SRC_QUID_PRO_QUO_MODEL_H_
