// Recipe 2 of the feature extractor (features.h, model_file.md). One loop,
// ForEachFeature2, walks the tokens and pushes every feature occurrence to a
// sink: the extractor counts them (training), explanations record them, and
// the scorer adds their weights as they come, so Predict needs no feature
// vector at all.
#ifndef MEETINTENT_SRC_FEATURES2_H_
#define MEETINTENT_SRC_FEATURES2_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

#include "feature_counter.h"
#include "hash.h"
#include "meetintent/features.h"
#include "meetintent/lexicon.h"
#include "meetintent/tokenizer.h"

namespace meetintent {

// Seeds of the cluster features, one per granularity.
constexpr uint64_t kClusterSeeds[Lexicon::kGranularities] = {
    0x6D692D636C303031ULL, 0x6D692D636C303032ULL, 0x6D692D636C303033ULL};  // "mi-cl001".."3"

inline uint32_t ClusterBucket(int granularity, uint16_t cluster_plus_one, int bits) {
  return MixedBucket(kClusterSeeds[granularity] + cluster_plus_one, bits);
}

// The word hash a token is read as: its own (h, its WordHash2), or its
// lexicon stand-in's. *entry is the token's lexicon entry or nullptr.
inline uint64_t ReadWord2(const FeatureOptions& o, uint64_t h, const Lexicon::Entry** entry,
                          bool* neutralized) {
  *entry = o.lexicon != nullptr ? o.lexicon->Find(h) : nullptr;
  *neutralized = o.neutral_words && *entry != nullptr && (*entry)->stand_in != 0;
  return *neutralized ? (*entry)->stand_in : h;
}

// Whether a sink wants each token's own word hash: it then has a method
// WordHash(t, h), called with WordHash2(tokens[t].text) (or the hash the sink
// gave, below) before t's features.
template <class Sink, class = void>
struct WantsWordHashes : std::false_type {};
template <class Sink>
struct WantsWordHashes<Sink, std::void_t<decltype(&Sink::WordHash)>> : std::true_type {};

// Whether a sink knows each token's WordHash2 already (a thread's tap lent
// them): it then has a method GivenWordHash(t), read instead of hashing.
template <class Sink, class = void>
struct GivesWordHashes : std::false_type {};
template <class Sink>
struct GivesWordHashes<Sink, std::void_t<decltype(&Sink::GivenWordHash)>> : std::true_type {};

// Whether a sink reads a table by feature id: it then has a method
// Prefetch(id), called for coming tokens' words and bigrams ahead of their Add.
template <class Sink, class = void>
struct WantsPrefetch : std::false_type {};
template <class Sink>
struct WantsPrefetch<Sink, std::void_t<decltype(&Sink::Prefetch)>> : std::true_type {};

// GCC's predictive commoning (-O3) unrolls the n-gram loop three times to
// reuse the characters it loaded; the nine hashes in flight then no longer fit
// in registers, which costs more than the loads it saves.
#if defined(__GNUC__) && !defined(__clang__)
#define MI_NO_PREDICTIVE_COMMONING __attribute__((optimize("no-predictive-commoning")))
#else
#define MI_NO_PREDICTIVE_COMMONING
#endif

// Calls sink->Add(id, kind, begin, end, marks) for every feature occurrence
// of `tokens`, in text order (begin/end: bytes of the tokenized text).
//
// The body is compiled twice: for the default character n-gram lengths (3 to
// 5) as constants, so the compiler unrolls the n-gram loops, and for any
// lengths (kMinN = kMaxN = 0: read from the options).
template <size_t kMinN, size_t kMaxN, class Sink>
MI_NO_PREDICTIVE_COMMONING void ForEachFeature2Body(const FeatureOptions& o,
                                                    const std::vector<Token>& tokens,
                                                    Sink* sink_out) {
  // A local copy the compiler can keep in registers; copied back at the end.
  Sink local = *sink_out;
  Sink* const sink = &local;
  // Clamped to the valid widths (FeatureOptions::Validate), which changes no
  // bucket but lets the compiler see that every bucket fits in 32 bits: it
  // then indexes a table without zero-extending the bucket first.
  const int bits = std::clamp(o.hash_bits, 10, 24);
  const bool char_ngrams = o.min_char_ngram > 0;
  const size_t min_n = kMinN > 0 ? kMinN : static_cast<size_t>(o.min_char_ngram);
  const size_t max_n = kMaxN > 0 ? kMaxN : static_cast<size_t>(o.max_char_ngram);
  uint64_t previous_word = 0;
  uint32_t units[kMaxNgramBytes + 2];
  uint32_t offsets[kMaxNgramBytes + 3];
  // Word hashes are taken kAhead tokens ahead, and what they will read is
  // asked for then: the token's lexicon slot, and (sinks with Prefetch) its
  // word's and bigram's weights, as they are unless a stand-in replaces a
  // word. The lexicon and the weights are larger than a core's L2 cache, and
  // a bigram's weight is seldom in it.
  // The bigram's bucket is kept, and used where neither word has a stand-in.
  constexpr size_t kAhead = 4;
  uint64_t ahead[kAhead];  // own word hashes of tokens t .. t + kAhead - 1
  uint32_t ahead_bigrams[kAhead] = {};  // their bigram buckets (with Prefetch)
  auto look_ahead = [&](size_t k, uint64_t before) {
    uint64_t h;
    if constexpr (GivesWordHashes<Sink>::value) {
      h = sink->GivenWordHash(k);
    } else {
      h = WordHash2(tokens[k].text);
    }
    if (o.lexicon != nullptr) o.lexicon->Prefetch(h);
    if constexpr (WantsPrefetch<Sink>::value) {
      sink->Prefetch(Bucket(h, bits));
      if (k > 0 && o.max_word_ngram >= 2) {
        const uint32_t bigram = MixedBucket(BigramUnmixed(before, h), bits);
        sink->Prefetch(bigram);
        ahead_bigrams[k % kAhead] = bigram;
      }
    }
    ahead[k % kAhead] = h;
  };
  bool previous_neutralized = false;
  for (size_t k = 0; k < kAhead && k < tokens.size(); ++k) {
    look_ahead(k, k > 0 ? ahead[(k - 1) % kAhead] : 0);
  }
  for (size_t t = 0; t < tokens.size(); ++t) {
    const Token& tok = tokens[t];
    const Lexicon::Entry* entry;
    bool neutralized;
    const uint64_t own = ahead[t % kAhead];
    const uint32_t bigram_ahead = ahead_bigrams[t % kAhead];
    if (t + kAhead < tokens.size()) look_ahead(t + kAhead, ahead[(t + kAhead - 1) % kAhead]);
    const uint64_t wh = ReadWord2(o, own, &entry, &neutralized);
    sink->Add(Bucket(wh, bits), FeatureKind::kWord, tok.begin, tok.end,
              static_cast<uint8_t>(neutralized ? 4 : 0));
    if constexpr (WantsWordHashes<Sink>::value) sink->WordHash(t, own);
    if (o.max_word_ngram >= 2 && t > 0) {
      const bool as_ahead = WantsPrefetch<Sink>::value && !neutralized && !previous_neutralized;
      sink->Add(as_ahead ? bigram_ahead : MixedBucket(BigramUnmixed(previous_word, wh), bits),
                FeatureKind::kBigram, tokens[t - 1].begin, tok.end, 0);
    }
    previous_word = wh;
    previous_neutralized = neutralized;
    if (o.word_clusters && entry != nullptr) {
      for (int g = 0; g < Lexicon::kGranularities; ++g) {
        if (entry->clusters[g] != 0) {
          sink->Add(ClusterBucket(g, entry->clusters[g], bits), FeatureKind::kCluster,
                    tok.begin, tok.end, static_cast<uint8_t>(g));
        }
      }
    }
    if (!char_ngrams || neutralized || IsPlaceholderToken(tok.text)) continue;

    // Code points of "<" + the token's first 256 bytes (whole characters) + ">".
    const auto* s = reinterpret_cast<const unsigned char*>(tok.text.data());
    const size_t limit = std::min(tok.text.size(), kMaxNgramBytes);
    units[0] = '<';
    offsets[0] = 0;
    size_t i = 0;
    // The ASCII prefix, usually the whole word: unit i + 1 is byte i. Four
    // bytes are tested at once while they last.
    for (uint32_t four; i + 4 <= limit && (std::memcpy(&four, s + i, 4), four & 0x80808080u) == 0;
         i += 4) {
      for (size_t k = i; k < i + 4; ++k) {
        units[k + 1] = s[k];
        offsets[k + 1] = static_cast<uint32_t>(k);
      }
    }
    for (; i < limit && s[i] < 0x80; ++i) {
      units[i + 1] = s[i];
      offsets[i + 1] = static_cast<uint32_t>(i);
    }
    size_t ncp = i + 1;
    while (i < limit) {
      if (s[i] < 0x80) {  // ASCII runs, the common case, without length logic
        units[ncp] = s[i];
        offsets[ncp++] = static_cast<uint32_t>(i);
        ++i;
        continue;
      }
      const size_t len = Utf8Length(s[i]);
      if (i + len > limit) break;
      uint32_t u = s[i];
      for (size_t k = 1; k < len; ++k) u |= static_cast<uint32_t>(s[i + k]) << (8 * k);
      units[ncp] = u;
      offsets[ncp++] = static_cast<uint32_t>(i);
      i += len;
    }
    const auto word_bytes = static_cast<uint32_t>(i);
    units[ncp] = '>';
    offsets[ncp++] = word_bytes;
    // The n-grams from `start`, lengths min_n to `longest`, in that order.
    auto ngrams_from = [&](size_t start, size_t longest) {
      uint64_t h = kCharSeed;
      for (size_t n = 1; n < min_n; ++n) h = RollStep(h, units[start + n - 1]);
      for (size_t n = min_n; n <= longest; ++n) {
        h = RollStep(h, units[start + n - 1]);
        uint32_t first = start == 0 ? 0 : offsets[start];
        uint32_t last = start + n == ncp ? word_bytes : offsets[start + n];
        if (last <= first) {  // the marks alone cover no character: the whole word
          first = 0;
          last = word_bytes;
        }
        sink->Add(Bucket(Mix64TopBitsXorLow(h, n), bits), FeatureKind::kCharNgram,
                  tok.begin + first, tok.begin + last,
                  static_cast<uint8_t>((start == 0 ? 1 : 0) | (start + n == ncp ? 2 : 0)));
      }
    };
    // Starts in order: the first (the whole marked word, start 0 and length
    // ncp, is the unigram's job), those with every length, then the last few.
    if (min_n + 1 <= ncp) ngrams_from(0, std::min(max_n, ncp - 1));
    size_t start = 1;
    for (; start + max_n <= ncp; ++start) ngrams_from(start, max_n);
    if (start + max_n == ncp + 1) {  // the usual last few: lengths max_n - 1 down to min_n
      for (size_t longest = max_n - 1; longest >= min_n; --longest) ngrams_from(start++, longest);
    } else {
      for (; start + min_n <= ncp; ++start) ngrams_from(start, ncp - start);
    }
  }
  *sink_out = local;
}

template <class Sink>
void ForEachFeature2(const FeatureOptions& o, const std::vector<Token>& tokens, Sink* sink) {
  if (o.min_char_ngram == 3 && o.max_char_ngram == 5) {
    ForEachFeature2Body<3, 5>(o, tokens, sink);
  } else {
    ForEachFeature2Body<0, 0>(o, tokens, sink);
  }
}

// Recipe 2 of ExtractFeatures (features.h).
void ExtractFeatures2(const FeatureOptions& options, const std::vector<Token>& tokens,
                      FeatureScratch* scratch, std::vector<Feature>* out,
                      std::vector<FeatureOccurrence>* occurrences);

// The word features (FeatureKind::kWord) of ExtractFeatures2 alone, valued
// as it values them, without the work of the other kinds. A word whose
// bucket a bigram, cluster or character n-gram of the same message shares
// (rare) counts its own occurrences only, and takes the words' scale.
// word_hashes: each token's WordHash2, when the caller has them, or nullptr
// (not read without block_normalize: that reading is a full extraction).
void ExtractWordFeatures2(const FeatureOptions& options, const std::vector<Token>& tokens,
                          FeatureScratch* scratch, std::vector<Feature>* out,
                          std::vector<FeatureOccurrence>* occurrences,
                          const uint64_t* word_hashes = nullptr);

// Recipe 2 of TokenWordFeatureId (features.h).
uint32_t TokenWordFeatureId2(const FeatureOptions& options, std::string_view token);

// The scale of each block: 1 / sqrt(occurrences), or 1 without L2
// normalization; one block for all when block_normalize is off.
inline void BlockScales2(const FeatureOptions& options, const uint32_t counts[kFeatureBlocks],
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

}  // namespace meetintent

#endif  // MEETINTENT_SRC_FEATURES2_H_
