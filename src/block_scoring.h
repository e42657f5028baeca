// Recipe 2 scoring in one pass: as ForEachFeature2 produces feature
// occurrences, a ScoringSink adds their weights into per-block sums, so no
// feature vector is ever built. Scores follow from the sums once the blocks'
// occurrence counts are known (features2.h BlockScales2). Sums of two parts
// of a message add up to the sums of the whole, which is how an e-mail's
// sender's words, its quoted text and the whole are scored from one reading.
#ifndef MEETINTENT_SRC_BLOCK_SCORING_H_
#define MEETINTENT_SRC_BLOCK_SCORING_H_

#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "meetintent/adapt.h"
#include "meetintent/features.h"
#include "meetintent/lexicon.h"
#include "weights.h"

namespace meetintent {

// Weight sums per feature block and column, and occurrences per block.
// int8 models sum the raw int8 values exactly in int32 (scaled at the end).
struct BlockSums {
  int columns = 1;
  uint32_t counts[kFeatureBlocks] = {0, 0, 0};
  std::vector<int32_t> i8;  // kFeatureBlocks x columns
  std::vector<float> f32;   // kFeatureBlocks x columns
  std::vector<float> delta;  // kFeatureBlocks x columns: an overlay's deltas (adapt.h)

  void Reset(int cols) {
    columns = cols;
    for (uint32_t& c : counts) c = 0;
    const auto size = static_cast<size_t>(kFeatureBlocks * cols);
    if (i8.size() == size) {  // every reading but the first: a few stores, no call
      std::fill(i8.begin(), i8.end(), 0);
      std::fill(f32.begin(), f32.end(), 0.0f);
      std::fill(delta.begin(), delta.end(), 0.0f);
      return;
    }
    i8.assign(size, 0);
    f32.assign(size, 0.0f);
    delta.assign(size, 0.0f);
  }
  void Add(const BlockSums& o) {
    for (int b = 0; b < kFeatureBlocks; ++b) counts[b] += o.counts[b];
    for (size_t i = 0; i < i8.size(); ++i) {
      i8[i] += o.i8[i];
      f32[i] += o.f32[i];
      delta[i] += o.delta[i];
    }
  }
};

// A ForEachFeature2 sink that adds each occurrence's weight row, and with
// kOverlay its overlay deltas (kept apart, in sums->delta). The counts, and
// the sums of a one-column model (two labels, the usual case: kOneColumn),
// are kept in the sink itself, which ForEachFeature2 holds as a local, so they
// can stay in registers; Finish() adds them to the BlockSums. Integer sums
// are exact, and float sums are added in the same order as before, so where
// they are accumulated does not change any score.
template <bool kInt8, bool kOneColumn = false, bool kOverlay = false>
class ScoringSink {
 public:
  ScoringSink(const WeightView& w, BlockSums* sums, const Overlay* overlay = nullptr)
      : i8_(w.int8_data()), f32_(w.float_data()), cols_(static_cast<size_t>(w.columns())),
        sums_(sums), overlay_(overlay) {}

  void Add(uint32_t id, FeatureKind kind, uint32_t /*begin*/, uint32_t /*end*/, uint8_t /*marks*/) {
    const int b = FeatureBlock(kind);
    ++counts_[b];
    if constexpr (kOverlay) {
      const float* d = b == 0 || !overlay_->words_only() ? overlay_->Find(id) : nullptr;
      if (d != nullptr) {
        const size_t at = static_cast<size_t>(b) * cols_;
        for (size_t c = 0; c < cols_; ++c) sums_->delta[at + c] += d[c];
      }
    }
    if constexpr (kOneColumn && kInt8) {
      one_i8_[b] += i8_[id];
    } else {
      const size_t row = static_cast<size_t>(id) * cols_;
      const size_t at = static_cast<size_t>(b) * cols_;
      if constexpr (kInt8) {
        for (size_t c = 0; c < cols_; ++c) sums_->i8[at + c] += i8_[row + c];
      } else {
        for (size_t c = 0; c < cols_; ++c) sums_->f32[at + c] += f32_[row + c];
      }
    }
  }

  // Asks for the weight row of a feature that is about to be added.
  void Prefetch(uint32_t id) const {
    if constexpr (kInt8) {
      __builtin_prefetch(i8_ + static_cast<size_t>(id) * cols_);
    } else {
      __builtin_prefetch(f32_ + static_cast<size_t>(id) * cols_);
    }
  }

  // The occurrences per block so far (not yet in the BlockSums).
  const uint32_t (&counts() const)[kFeatureBlocks] { return counts_; }

  // Adds what the sink holds to the BlockSums. Call once, at the end.
  void Finish() {
    for (int b = 0; b < kFeatureBlocks; ++b) {
      sums_->counts[b] += counts_[b];
      if constexpr (kOneColumn && kInt8) sums_->i8[static_cast<size_t>(b)] += one_i8_[b];
    }
  }

 private:
  const int8_t* i8_;
  const float* f32_;
  size_t cols_;
  BlockSums* sums_;
  const Overlay* overlay_;
  uint32_t counts_[kFeatureBlocks] = {0, 0, 0};
  int32_t one_i8_[kFeatureBlocks] = {0, 0, 0};
};

// The word features of a reading (words, bigrams, clusters) fed to a second
// set of int8 scorers whose buckets are the top bits of the same hashes
// (hash_bits `shift` fewer): thread analysis scores its quid-pro-quo heads in
// the classifier's pass instead of reading every message twice. Integer sums,
// so the result is exactly that of a reading of its own.
struct TapSums {
  static constexpr int kHeads = 4;
  const int8_t* rows[kHeads] = {};  // per head, one weight per bucket
  const uint64_t* packed = nullptr;  // per bucket, the four heads' lanes (TapLanes)
  int shift = 0;
  uint32_t counts[kFeatureBlocks] = {0, 0, 0};
  int32_t sums[kHeads][kFeatureBlocks] = {};

  void Reset() {
    for (int b = 0; b < kFeatureBlocks; ++b) {
      counts[b] = 0;
      for (int h = 0; h < kHeads; ++h) sums[h][b] = 0;
    }
  }
  void Add(uint32_t id, FeatureKind kind) {
    if (kind == FeatureKind::kCharNgram) return;
    const int b = FeatureBlock(kind);
    ++counts[b];
    const uint32_t at = id >> shift;
    for (int h = 0; h < kHeads; ++h) sums[h][b] += rows[h][at];
  }
};

// The tap of a short reading: all four heads at once. `packed` holds, per
// bucket, each head's weight + 128 in a 16-bit lane. A block takes at most
// kMaxPerToken occurrences per token (a word and a bigram, or one cluster
// per granularity), so in a reading of at most kMaxTokens tokens no lane can
// pass 255 * 255 < 65536. The occurrence counts are the classifier's own
// (the same word features, in the same blocks), given to Unpack.
struct TapLanes {
  static constexpr size_t kMaxPerToken = Lexicon::kGranularities > 2 ? Lexicon::kGranularities : 2;
  static constexpr size_t kMaxTokens = 255 / kMaxPerToken;
  const uint64_t* packed;
  int shift;
  uint64_t words = 0, clusters = 0;  // the lanes of blocks 0 and 2 (kept apart: registers)

  explicit TapLanes(const TapSums& tap) : packed(tap.packed), shift(tap.shift) {}
  void Add(uint32_t id, FeatureKind kind) {
    static_assert(kFeatureBlocks == 3, "words, character n-grams, clusters");
    if (kind == FeatureKind::kCharNgram) return;
    const uint64_t lanes = packed[id >> shift];
    if (kind == FeatureKind::kCluster) {
      clusters += lanes;
    } else {
      words += lanes;
    }
  }
  // Sets out's counts (word blocks of `counts`) and sums.
  void Unpack(const uint32_t (&counts)[kFeatureBlocks], TapSums* out) const {
    const uint64_t lanes[kFeatureBlocks] = {words, 0, clusters};
    for (int b = 0; b < kFeatureBlocks; ++b) {
      out->counts[b] = b == FeatureBlock(FeatureKind::kCharNgram) ? 0 : counts[b];
      for (int h = 0; h < TapSums::kHeads; ++h) {
        out->sums[h][b] = static_cast<int32_t>((lanes[b] >> (16 * h)) & 0xFFFF) -
                          128 * static_cast<int32_t>(out->counts[b]);
      }
    }
  }
};

// A tap also keeps each token's WordHash2 (one per token of the reading), so
// that the cue phrases (quid_pro_quo.h FindCues) need not hash them again.
struct WordTap : TapSums {
  std::vector<uint64_t> word_hashes;  // grows only: the first `hashed` are the reading's
  size_t hashed = 0;
};

// A sink that feeds a ScoringSink and a WordTap: with kPacked, through
// TapLanes (REQUIRES: out->packed, and at most TapLanes::kMaxTokens tokens).
// Copyable, as ForEachFeature2 needs: the tap's sums are kept in the copy
// (where the compiler can keep them close) and written to *out by Finish().
template <class Inner, bool kPacked>
class TappedSink {
 public:
  // `tokens`: how many the reading has.
  TappedSink(const Inner& inner, WordTap* out, size_t tokens)
      : inner_(inner), tap_(*out), out_(out) {
    if constexpr (!kPacked) tap_.Reset();
    if (out->word_hashes.size() < tokens) out->word_hashes.resize(tokens);
    out->hashed = tokens;
    hashes_ = out->word_hashes.data();
  }
  void WordHash(size_t t, uint64_t h) { hashes_[t] = h; }
  void Prefetch(uint32_t id) const { inner_.Prefetch(id); }
  void Add(uint32_t id, FeatureKind kind, uint32_t begin, uint32_t end, uint8_t marks) {
    inner_.Add(id, kind, begin, end, marks);
    tap_.Add(id, kind);
  }
  void Finish() {
    if constexpr (kPacked) {
      tap_.Unpack(inner_.counts(), out_);
    } else {
      static_cast<TapSums&>(*out_) = tap_;
    }
    inner_.Finish();
  }

 private:
  Inner inner_;
  std::conditional_t<kPacked, TapLanes, TapSums> tap_;
  WordTap* out_;
  uint64_t* hashes_;
};

// The scoring pass of ReadAndScore (read_parts.cc) over the tokens ws holds,
// with `tap` beside it. In its own file: instantiated next to the plain pass,
// it made the compiler stop inlining the plain pass's feature loop.
void ScoreWithTap(const Model& m, const Overlay* overlay, const Workspace& ws, BlockSums* sums,
                  WordTap* tap);

// Raw scores (columns values, bias included) of block sums; sums.delta is
// added on top, after the base's own arithmetic, so zero deltas change no bit.
void ScoresFromSums(const FeatureOptions& options, const WeightView& w, const float* bias,
                    const BlockSums& sums, float* scores);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_BLOCK_SCORING_H_
