// The pipeline from message bytes to a feature vector, as one call: what
// Predict scores, what the trainer learns from, what explanations read.
// Each stage is its own file (normalizer, tokenizer, features); this only
// chains them over a Workspace's buffers.
#ifndef MEETINTENT_SRC_PIPELINE_H_
#define MEETINTENT_SRC_PIPELINE_H_

#include <string_view>
#include <vector>

#include "meetintent/features.h"
#include "meetintent/model.h"
#include "meetintent/normalizer.h"
#include "salutation_names.h"
#include "vocative_names.h"

namespace meetintent {

class Pipeline {
 public:
  // Normalizes and tokenizes `message` into ws (ws->normalized(),
  // ws->tokens()), then extracts its features into *out; with occurrences,
  // also every feature occurrence in text order.
  static void Featurize(const NormalizeOptions& normalize, const FeatureOptions& features,
                        std::string_view message, Workspace* ws, std::vector<Feature>* out,
                        std::vector<FeatureOccurrence>* occurrences = nullptr) {
    Normalize(normalize, message, &ws->normalized_);
    Tokenize(features, message, ws);
    ExtractFeatures(features, ws->tokens_, &ws->feature_scratch_, out, occurrences);
  }

  // Tokenizes ws->normalized() (made from `message`) into ws->tokens() as the
  // recipe does: ICU's dictionaries for recipe 1, none for recipe 2.
  static void Tokenize(const FeatureOptions& features, std::string_view message, Workspace* ws) {
    if (features.recipe == 2) {
      Tokenizer::TokenizeWithoutDictionary(ws->normalized_.text(), &ws->tokens_);
      if (features.neutral_words) {
        ReadNames(features, ws->normalized_.text(), &ws->tokens_);
        if (features.salutation_names && features.lexicon != nullptr) {
          NameSalutations(*features.lexicon, ws->normalized_, message, &ws->tokens_);
        }
      }
    } else {
      ws->tokenizer_.Tokenize(ws->normalized_.text(), &ws->tokens_);
    }
  }
};

}  // namespace meetintent

#endif  // MEETINTENT_SRC_PIPELINE_H_
