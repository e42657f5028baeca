// The library's own access to a Model's and a Workspace's insides, for the
// code that builds on them (explanations, thread analysis, adaptation). Not
// installed: callers outside src/ use the public API.
#ifndef MEETINTENT_SRC_MODEL_INTERNALS_H_
#define MEETINTENT_SRC_MODEL_INTERNALS_H_

#include <memory>
#include <vector>

#include "meetintent/model.h"
#include "pipeline.h"
#include "weights.h"

namespace meetintent {

struct WordTap;

class ModelInternals {
 public:
  static const WeightView& Weights(const Model& m) { return *m.weights_; }
  static const std::vector<float>& Bias(const Model& m) { return m.bias_; }
  static uint32_t Scripts(const Model& m) { return m.scripts_; }

  // Normalizes and tokenizes `message` into ws: the byte ranges given, or
  // (nullptr) what the model's e-mail clean-up options keep.
  static void ReadRanges(const Model& m, std::string_view message,
                         const std::vector<uint32_t>* ranges, Workspace* ws) {
    if (ranges == nullptr) {
      Normalize(m.normalize_, message, &ws->normalized_);
    } else {
      NormalizeRanges(m.normalize_, message, *ranges, &ws->normalized_);
    }
    Pipeline::Tokenize(m.features_, message, ws);
  }

  // As ReadRanges, then extracts the features with a record of every
  // occurrence: ws->features_ (distinct, first-seen order), ws->occurrences_.
  static void ReadWithOccurrences(const Model& m, std::string_view message, Workspace* ws,
                                  const std::vector<uint32_t>* ranges = nullptr) {
    ReadRanges(m, message, ranges, ws);
    ExtractWithOccurrences(m, ws);
  }
  // The second half of ReadWithOccurrences: the features of the tokens ws
  // holds already.
  static void ExtractWithOccurrences(const Model& m, Workspace* ws) {
    ExtractWithOccurrences(m.features_, ws);
  }
  // As above, with other options (the model's, some features left out).
  static void ExtractWithOccurrences(const FeatureOptions& options, Workspace* ws) {
    ExtractFeatures(options, ws->tokens_, &ws->feature_scratch_, &ws->features_,
                    &ws->occurrences_);
  }

  // Model::ExplainWords of the message ws holds, read as a whole (by
  // ReadRanges with nullptr, or by a Predict that found no parts).
  // word_hashes: its tokens' WordHash2 if known (a thread's tap), or nullptr.
  static void ExplainReadWords(const Model& m, int label, size_t k, Workspace* ws,
                               std::vector<Contribution>* out,
                               const uint64_t* word_hashes = nullptr);

  // The ranges of the part a recipe 2 decision rested on (after ReadParts),
  // or nullptr for the whole message.
  static const std::vector<uint32_t>* DecidingRanges(const Workspace& ws);
  // Whether ws, right after ReadParts, still holds the reading of that part
  // (ReadParts reads the sender's words last), so it need not be read again.
  static bool HoldsDecidingPart(const Workspace& ws);
  // Feeds the word features of every recipe 2 Predict into ws to *tap too
  // (block_scoring.h), until set back to nullptr. Only the last part read
  // counts, as for ws.tokens().
  static void SetWordTap(Workspace* ws, WordTap* tap);
  static WordTap* Tap(const Workspace& ws);
  // Buffers thread analysis keeps in ws between calls (thread.cc), so that a
  // warm workspace analyses threads without allocating: nullptr until set.
  struct ThreadScratch {
    virtual ~ThreadScratch() = default;
  };
  static ThreadScratch* GetThreadScratch(const Workspace& ws);
  static void SetThreadScratch(Workspace* ws, std::unique_ptr<ThreadScratch> scratch);
  static const std::vector<Feature>& Features(const Workspace& ws) { return ws.features_; }
  // The block (features.h FeatureBlock) of each feature the last Featurize
  // into ws gave, in its order.
  static const std::vector<uint8_t>& FeatureBlocks(const Workspace& ws) {
    return ws.feature_scratch_.blocks;
  }
  static const std::vector<FeatureOccurrence>& Occurrences(const Workspace& ws) {
    return ws.occurrences_;
  }
};

}  // namespace meetintent

#endif  // MEETINTENT_SRC_MODEL_INTERNALS_H_
