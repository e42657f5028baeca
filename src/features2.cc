#include "features2.h"

#include <cmath>

namespace meetintent {
namespace {

// Counts occurrences per id and per block, optionally recording them.
class CountingSink {
 public:
  CountingSink(Counter* counter, std::vector<FeatureOccurrence>* occurrences)
      : counter_(counter), occurrences_(occurrences) {}
  void Add(uint32_t id, FeatureKind kind, uint32_t begin, uint32_t end, uint8_t marks) {
    const int block = FeatureBlock(kind);
    counter_->Add(id, static_cast<uint16_t>(block));
    ++counts[block];
    if (occurrences_ != nullptr) occurrences_->push_back({id, kind, marks, begin, end});
  }
  uint32_t counts[kFeatureBlocks] = {0, 0, 0};

 private:
  Counter* counter_;
  std::vector<FeatureOccurrence>* occurrences_;
};

}  // namespace

void BlockScales2(const FeatureOptions& options, const uint32_t counts[kFeatureBlocks],
                  float scales[kFeatureBlocks]) {
  if (!options.l2_normalize) {
    for (int b = 0; b < kFeatureBlocks; ++b) scales[b] = 1.0f;
    return;
  }
  if (!options.block_normalize) {
    const uint32_t all = counts[0] + counts[1] + counts[2];
    const float s = all > 0 ? 1.0f / std::sqrt(static_cast<float>(all)) : 0.0f;
    for (int b = 0; b < kFeatureBlocks; ++b) scales[b] = s;
    return;
  }
  for (int b = 0; b < kFeatureBlocks; ++b) {
    scales[b] = counts[b] > 0 ? 1.0f / std::sqrt(static_cast<float>(counts[b])) : 0.0f;
  }
}

void ExtractFeatures2(const FeatureOptions& options, const std::vector<Token>& tokens,
                      FeatureScratch* scratch, std::vector<Feature>* out,
                      std::vector<FeatureOccurrence>* occurrences) {
  out->clear();
  if (occurrences != nullptr) occurrences->clear();
  size_t text_bytes = 0;
  for (const Token& t : tokens) text_bytes += t.text.size();
  Counter counter(scratch);
  counter.Reset(tokens.size() * 6 + 3 * (text_bytes + 2 * tokens.size()));
  CountingSink sink(&counter, occurrences);
  ForEachFeature2(options, tokens, &sink);
  counter.Collect(out);
  float scales[kFeatureBlocks];
  BlockScales2(options, sink.counts, scales);
  for (size_t i = 0; i < out->size(); ++i) (*out)[i].value *= scales[scratch->blocks[i]];
}

uint32_t TokenWordFeatureId2(const FeatureOptions& options, std::string_view token) {
  const Lexicon::Entry* entry;
  bool neutralized;
  return Bucket(ReadWord2(options, WordHash2(token), &entry, &neutralized), options.hash_bits);
}

}  // namespace meetintent
