// Stage 3 of the pipeline: tokens -> a sparse, hashed feature vector.
//
// Features are word unigrams, word bigrams, and character n-grams of each
// word with '<' and '>' marking its start and end ("<cof", "offe", "fee>"),
// plus, in recipe 2, the word clusters of known words (lexicon.h). Each is
// hashed (src/hash.h) into 2^hash_bits buckets; the exact recipe is part of
// the model file format (src/model_file.md) and never depends on the
// platform.
//
// Two recipes exist. Recipe 1 (format version 1, meetintent 1.0) reads words
// by ICU's dictionaries, hashes words with XXH64 and uses sublinear term
// frequencies with true L2 norms per block. Recipe 2 (format version 2, the
// default) needs no dictionary (tokenizer.h), hashes words as it reads them,
// adds word clusters and lexicon stand-ins, and scales every block by one
// over the square root of its number of occurrences, which a scorer can
// apply after summing weights in a single pass.
//
// Pure functions; thread-safe.
#ifndef MEETINTENT_FEATURES_H_
#define MEETINTENT_FEATURES_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "meetintent/export.h"
#include "meetintent/tokenizer.h"

namespace meetintent {

class Lexicon;

struct FeatureOptions {
  // 1 or 2 (see above). New models use 2; version 1 files load as 1.
  // Default: 2.
  int recipe = 2;
  int hash_bits = 20;        // 2^hash_bits buckets, 10..24. Default: 20.
  int max_word_ngram = 2;    // 1: unigrams only; 2: also bigrams. Default: 2.
  int min_char_ngram = 3;    // Character n-gram lengths, in code points;
  int max_char_ngram = 5;    // min 0 turns them off. Default: 3 to 5.
  bool sublinear_tf = false;  // Recipe 1 only: 1 + ln(tf) instead of tf. Default: false.
  bool l2_normalize = true;  // Scale the vector to unit length. Default: true.
  // With l2_normalize: scale word features (unigrams, bigrams) and character
  // n-grams to unit length each, as two blocks, so the many n-grams of a
  // message do not drown its few words. Default: true.
  bool block_normalize = true;
  // Read gendered words and first names as neutral stand-ins ("she" and
  // "he" as "they", names as <name>; recipe 1: src/neutral_words.cc, recipe
  // 2: the lexicon), so the model cannot learn gender from them. Default: true.
  bool neutral_words = true;
  // Recipe 2 with neutral_words: a short run of Han, kana or Hangul in a
  // Latin-script message ("Obrigada, 璃葉!") is read as the name stand-in
  // (src/foreign_names.h). Model files written before 1.1 read without it.
  // Default: true.
  bool foreign_script_names = true;
  // Recipe 2 with neutral_words: a name that opens a Chinese or Japanese
  // message ("伟泽，…", "みさきさん、…") is read as the name stand-in
  // (src/vocative_names.h). Model files written without feature flag bit 6
  // (before this option) read without it.
  // Default: true.
  bool vocative_names = true;
  // Recipe 2 with neutral_words and a lexicon: a capitalized word the lexicon
  // does not know, after an opening greeting ("Hi Siobhan,"), opening a line
  // before a comma ("Cormac, ...") or alone on the last line, is read as the
  // name stand-in (src/salutation_names.h). Model files written without
  // feature flag bit 7 (before this option) read without it. Default: true.
  bool salutation_names = true;
  // Recipe 2: word clusters for the words the lexicon knows. Default: true.
  bool word_clusters = true;
  // Recipe 2: the lexicon of clusters and stand-ins; nullptr means none.
  // Default: none (the trainer uses the default model's lexicon).
  std::shared_ptr<const Lexicon> lexicon;

  // Returns an empty string when the options are usable, else what is wrong.
  std::string_view Validate() const;
};

enum class FeatureKind : uint8_t { kWord = 0, kBigram = 1, kCharNgram = 2, kCluster = 3 };

// One non-zero entry of the feature vector.
struct Feature {
  uint32_t id;
  float value;
};

// Where a feature was seen: used by explanations, not by scoring.
struct FeatureOccurrence {
  uint32_t id;
  FeatureKind kind;
  // Character n-grams: bit 0 has '<', bit 1 has '>'. Words: bit 2 read as
  // their neutral stand-in. Clusters: the granularity.
  uint8_t marks;
  uint32_t begin;  // byte range in the tokenized text
  uint32_t end;
};

// How a recipe 2 feature vector is scaled: each block (0 words and bigrams,
// 1 character n-grams, 2 clusters) by one over the square root of its number
// of occurrences. The block of a feature kind:
inline int FeatureBlock(FeatureKind k) {
  return k == FeatureKind::kCharNgram ? 1 : k == FeatureKind::kCluster ? 2 : 0;
}
constexpr int kFeatureBlocks = 3;

// Reusable buffers for ExtractFeatures (a counting hash table); keeps warm
// calls allocation-free.
struct FeatureScratch {
  struct Slot {
    uint32_t generation;
    uint32_t id;
    uint16_t count;
    uint16_t block;  // FeatureBlock of the feature that first claimed it
  };
  std::vector<Slot> slots;
  std::vector<uint8_t> blocks;  // block of each output feature
  std::vector<uint32_t> used;
  uint32_t generation = 0;
};

// Replaces *out with the feature vector of `tokens`: one entry per distinct
// id, in the order the ids were first seen. When occurrences != nullptr, also replaces it with every
// feature occurrence in text order.
// REQUIRES: options.Validate() is empty; out != nullptr; scratch != nullptr.
MI_EXPORT void ExtractFeatures(const FeatureOptions& options, const std::vector<Token>& tokens,
                               FeatureScratch* scratch, std::vector<Feature>* out,
                               std::vector<FeatureOccurrence>* occurrences = nullptr);

// The bucket of a single word, as ExtractFeatures computes it. For tests.
MI_EXPORT uint32_t WordFeatureId(const FeatureOptions& options, std::string_view word);

// The word-unigram bucket ExtractFeatures gives `token`, neutral stand-ins
// included.
MI_EXPORT uint32_t TokenWordFeatureId(const FeatureOptions& options, std::string_view token);

}  // namespace meetintent

#endif  // MEETINTENT_FEATURES_H_
