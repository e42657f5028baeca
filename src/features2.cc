#include "features2.h"

#include <algorithm>
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

// A CountingSink for tokens whose word hashes are known already.
class HashedCountingSink : public CountingSink {
 public:
  HashedCountingSink(Counter* counter, std::vector<FeatureOccurrence>* occurrences,
                     const uint64_t* word_hashes)
      : CountingSink(counter, occurrences), word_hashes_(word_hashes) {}
  uint64_t GivenWordHash(size_t t) const { return word_hashes_[t]; }

 private:
  const uint64_t* word_hashes_;
};

}  // namespace

namespace {

// The features ForEachFeature2 gives under `reading`, valued under `valued`
// (its scales), each block counting `unread` more occurrences than were read.
// word_hashes: the tokens' WordHash2, or nullptr.
void CountAndScale(const FeatureOptions& reading, const FeatureOptions& valued,
                   const uint32_t unread[kFeatureBlocks], const std::vector<Token>& tokens,
                   const uint64_t* word_hashes, FeatureScratch* scratch, std::vector<Feature>* out,
                   std::vector<FeatureOccurrence>* occurrences) {
  out->clear();
  if (occurrences != nullptr) occurrences->clear();
  size_t text_bytes = 0;
  for (const Token& t : tokens) text_bytes += t.text.size();
  Counter counter(scratch);
  counter.Reset(tokens.size() * 6 + 3 * (text_bytes + 2 * tokens.size()));
  uint32_t counts[kFeatureBlocks];
  if (word_hashes != nullptr) {
    HashedCountingSink sink(&counter, occurrences, word_hashes);
    // The general body (lengths from the options): right for any reading, and
    // the only one the words-only reading of ExtractWordFeatures2 needs.
    ForEachFeature2Body<0, 0>(reading, tokens, &sink);
    std::copy(sink.counts, sink.counts + kFeatureBlocks, counts);
  } else {
    CountingSink sink(&counter, occurrences);
    ForEachFeature2(reading, tokens, &sink);
    std::copy(sink.counts, sink.counts + kFeatureBlocks, counts);
  }
  counter.Collect(out);
  for (int b = 0; b < kFeatureBlocks; ++b) counts[b] += unread[b];
  float scales[kFeatureBlocks];
  BlockScales2(valued, counts, scales);
  for (size_t i = 0; i < out->size(); ++i) (*out)[i].value *= scales[scratch->blocks[i]];
}

}  // namespace

void ExtractFeatures2(const FeatureOptions& options, const std::vector<Token>& tokens,
                      FeatureScratch* scratch, std::vector<Feature>* out,
                      std::vector<FeatureOccurrence>* occurrences) {
  const uint32_t none[kFeatureBlocks] = {0, 0, 0};
  CountAndScale(options, options, none, tokens, nullptr, scratch, out, occurrences);
}

void ExtractWordFeatures2(const FeatureOptions& options, const std::vector<Token>& tokens,
                          FeatureScratch* scratch, std::vector<Feature>* out,
                          std::vector<FeatureOccurrence>* occurrences,
                          const uint64_t* word_hashes) {
  if (!options.block_normalize) {  // a word's scale counts every block
    ExtractFeatures2(options, tokens, scratch, out, occurrences);
    return;
  }
  FeatureOptions words = options;
  words.max_word_ngram = 1;
  words.word_clusters = false;
  words.min_char_ngram = words.max_char_ngram = 0;
  // Words share their block with bigrams: one for each token after the first.
  uint32_t unread[kFeatureBlocks] = {0, 0, 0};
  if (options.max_word_ngram >= 2 && !tokens.empty()) {
    unread[FeatureBlock(FeatureKind::kBigram)] = static_cast<uint32_t>(tokens.size() - 1);
  }
  CountAndScale(words, options, unread, tokens, word_hashes, scratch, out, occurrences);
}

uint32_t TokenWordFeatureId2(const FeatureOptions& options, std::string_view token) {
  const Lexicon::Entry* entry;
  bool neutralized;
  return Bucket(ReadWord2(options, WordHash2(token), &entry, &neutralized), options.hash_bits);
}

}  // namespace meetintent
