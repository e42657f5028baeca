// The library's own access to a Model's and a Workspace's insides, for the
// code that builds on them (explanations, thread analysis, adaptation). Not
// installed: callers outside src/ use the public API.
#ifndef MEETINTENT_SRC_MODEL_INTERNALS_H_
#define MEETINTENT_SRC_MODEL_INTERNALS_H_

#include <vector>

#include "meetintent/model.h"
#include "pipeline.h"
#include "weights.h"

namespace meetintent {

class ModelInternals {
 public:
  static const WeightView& Weights(const Model& m) { return *m.weights_; }
  static const std::vector<float>& Bias(const Model& m) { return m.bias_; }
  static uint32_t Scripts(const Model& m) { return m.scripts_; }

  // Reads `message` into ws with a record of every feature occurrence:
  // ws->features_ (distinct, first-seen order) and ws->occurrences_.
  static void ReadWithOccurrences(const Model& m, std::string_view message, Workspace* ws) {
    Pipeline::Featurize(m.normalize_, m.features_, message, ws, &ws->features_,
                        &ws->occurrences_);
  }
  static const std::vector<Feature>& Features(const Workspace& ws) { return ws.features_; }
  static const std::vector<FeatureOccurrence>& Occurrences(const Workspace& ws) {
    return ws.occurrences_;
  }
};

}  // namespace meetintent

#endif  // MEETINTENT_SRC_MODEL_INTERNALS_H_
