// Learning from one user's corrections: a small, sparse overlay of weight
// deltas on top of a shared, frozen base Model.
//
// The base is never copied or changed: any number of Adapters (one per user)
// can sit on one Model. An Adapter holds, for the hashed features its
// corrections touched, a delta per score column (and a delta per column
// bias), learned online with FTRL-proximal (McMahan et al., 2013) and an L1
// penalty on the delta, so the overlay stays sparse and decisions the
// corrections say nothing about stay as the base makes them. Prediction
// reads the message once, as Model::Predict does, adds the deltas of the
// features present and applies the base's calibration.
//
// Example:
//   std::unique_ptr<meetintent::Model> base;
//   meetintent::Model::LoadDefault(&base);
//   std::unique_ptr<meetintent::Adapter> user;
//   meetintent::Adapter::Create(*base, {}, &user);
//   user->Update("Drinks after work with the team?", "personal");
//   meetintent::Workspace ws;
//   meetintent::Prediction p;
//   user->Predict("Drinks after work on Friday?", &ws, &p);
//   user->Save("user.mio");            // the overlay alone (src/overlay_file.md)
//   std::unique_ptr<meetintent::Model> merged;
//   user->Merge(&merged);              // base + deltas: a stand-alone model
//
// Thread safety: Predict, Snapshot and the accessors may be called from many
// threads while one thread calls Update/UpdateBatch (writers are also
// serialized by a lock). Each reader sees one consistent snapshot: all of an
// update or none of it. Snapshots are immutable and shared.
#ifndef MEETINTENT_ADAPT_H_
#define MEETINTENT_ADAPT_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "meetintent/dataset.h"
#include "meetintent/export.h"
#include "meetintent/model.h"
#include "meetintent/status.h"

namespace meetintent {

// How an Adapter learns. The defaults were chosen on the Enron development
// split (README, "Adapting to a user's corrections").
struct AdaptOptions {
  // FTRL-proximal per-coordinate learning rate alpha / (beta + sqrt(sum g^2)),
  // alpha in [1e-6, 1e4] (a smaller one makes the steps' arithmetic overflow).
  float alpha = 0.5f;  // Default: 0.5.
  float beta = 1.0f;   // Default: 1.
  // L1 and L2 penalties on the deltas (not on the base weights): L1 keeps
  // features seen once or twice at zero, so the overlay stays small and a
  // few corrections of long e-mails do not move every common word.
  // Every delta is bounded to +-1e9: with beta = l2 = 0 the step size
  // divides by sqrt(n), zero before any gradient and tiny after a tiny one.
  float l1 = 0.2f;   // Default: 0.2.
  float l2 = 0.01f;  // Default: 0.01.
  // Also learn a delta of the bias, with its own L2 penalty. A bias shift
  // moves every decision (measured: it cost the other test sets the most),
  // so it is off by default. Default: false, 1.
  bool learn_bias = false;
  float bias_l2 = 1.0f;
  // Weigh each correction by how rare its label has been among the
  // corrections so far (total / (labels x count of its label)), as the
  // trainer balances classes: a user who confirms many messages of one label
  // and corrects a few of another is not pulled toward the first. It also
  // amplifies the rare label's corrections, which measured worse on other
  // data. Default: false.
  bool balance_labels = false;
  // A correction the adapter already agrees with at this probability or more
  // teaches nothing and is skipped (counted, not learned). 1 learns from
  // every correction. Default: 1.
  float skip_above = 1.0f;
  // Learn deltas of word and word-pair features only. Character n-grams and
  // word clusters are each shared by many words, so deltas on them move
  // decisions the corrections say nothing about (measured: README).
  // Default: true.
  bool words_only = true;
  // Hard bound on the features the adapter tracks (and so on the deltas it
  // holds). When a new feature finds the adapter full, the features whose
  // delta is zero are dropped (their learning state starts over if they come
  // back); if it is still full, new features are refused (and dropping is
  // tried again 64 corrections later) while the tracked ones keep learning.
  // Deterministic for a given order of updates.
  // Default: 16384 (at most 128 KiB of deltas for two labels).
  size_t max_entries = 16384;
  // Returns an empty string when the options are usable, else what is wrong.
  std::string_view Validate() const;
};

class Overlay;  // an immutable snapshot of the deltas (src/overlay.cc)

class MI_EXPORT Adapter {
 public:
  ~Adapter();
  Adapter(const Adapter&) = delete;
  Adapter& operator=(const Adapter&) = delete;

  // An adapter with no deltas over `base`: it predicts exactly as `base`.
  // REQUIRES: base outlives the adapter and every snapshot of it.
  static Status Create(const Model& base, const AdaptOptions& options,
                       std::unique_ptr<Adapter>* out);
  // An adapter from an overlay file (Save). Refused with kInvalidArgument
  // when the overlay was learned on another base model (a fingerprint of the
  // base is stored), kCorruptModel when the file is damaged.
  static Status Load(const Model& base, const std::string& path, std::unique_ptr<Adapter>* out);
  static Status LoadBuffer(const Model& base, std::string_view bytes,
                           std::unique_ptr<Adapter>* out);

  // --- Learning (one writer at a time; callers are serialized) ---

  // Learns from one correction: `text` should have been `label` (a name of
  // base.labels(), or its index). kInvalidArgument for an unknown label.
  Status Update(std::string_view text, std::string_view label);
  Status Update(std::string_view text, int label);
  // Learns from many corrections: `passes` passes over them in order, and
  // one new snapshot at the end. One pass by default: more learn the
  // corrections harder and forget more of what the base knew (README).
  Status UpdateBatch(const std::vector<Example>& corrections, int passes = 1);

  // --- Inference (any thread) ---

  // As Model::Predict, with the deltas of the current snapshot.
  void Predict(std::string_view message, Workspace* ws, Prediction* out) const {
    Predict(message, PredictOptions(), ws, out);
  }
  void Predict(std::string_view message, const PredictOptions& options, Workspace* ws,
               Prediction* out) const;
  // As Model::Explain, with the deltas of the current snapshot: the
  // contributions are of base weight + delta.
  void Explain(std::string_view message, size_t k, Workspace* ws, Explanation* out) const;
  // The current snapshot: it never changes, whatever later updates do.
  std::shared_ptr<const Overlay> Snapshot() const;

  // --- Saving and merging ---

  // The overlay file's bytes (src/overlay_file.md), and an atomic save.
  std::string Serialize() const;
  Status Save(const std::string& path) const;
  // Base + deltas as a stand-alone model with float32 weights, which
  // predicts as this adapter does (up to rounding).
  Status Merge(std::unique_ptr<Model>* out) const;

  // --- Introspection ---

  const Model& base() const { return base_; }
  const AdaptOptions& options() const { return options_; }
  // Corrections learned so far (a batch counts each correction once per pass).
  uint64_t updates() const;
  // Non-zero deltas (features) in the current snapshot.
  size_t entries() const;
  // Bytes of the current snapshot's deltas as stored: 4 + 4 x columns per
  // entry (the measure of the overlay's size).
  size_t bytes() const;
  // Features tracked by the learner (<= options().max_entries).
  size_t tracked() const;

 private:
  class Learner;
  Adapter(const Model& base, const AdaptOptions& options);
  // Learns one correction into the learner; Publish makes it visible.
  // REQUIRES: the learner's lock is held.
  void Learn(std::string_view text, int label);
  void Publish();

  const Model& base_;
  AdaptOptions options_;
  std::unique_ptr<Learner> learner_;
  std::shared_ptr<const Overlay> snapshot_;  // read and swapped atomically
};

// One shard of an Overlay's table: open addressing, at most half full. A
// slot is 1 + columns words: the key's bits (0xFFFFFFFF: empty), then the
// deltas, so a lookup touches one cache line.
struct OverlayShard {
  size_t mask = 1;
  size_t used = 0;  // keys, zeroed rows included
  std::vector<float> slots;  // (mask + 1) x (1 + columns); keys stored bit for bit
};

// An immutable snapshot of an adapter's deltas. Safe to share between
// threads. Its table is split into shards shared between snapshots, so an
// update copies only the shards it changes (copy-on-write).
class MI_EXPORT Overlay {
 public:
  ~Overlay();
  // As Model::Predict on the base, with this snapshot's deltas.
  void Predict(std::string_view message, const PredictOptions& options, Workspace* ws,
               Prediction* out) const;
  // As Model::Explain on the base, with this snapshot's deltas.
  void Explain(std::string_view message, size_t k, const PredictOptions& options, Workspace* ws,
               Explanation* out) const;
  const Model& base() const { return *base_; }
  size_t entries() const { return entries_; }
  size_t bytes() const { return entries_ * (4 + 4 * static_cast<size_t>(columns_)); }

  // The deltas of feature `id` (columns() floats), or nullptr when it has none.
  const float* Find(uint32_t id) const {
    // Most features of a message have no delta: a bit per hash of the keys
    // (a one-hash Bloom filter the size of an L1 cache) says so at once.
    const uint32_t f = (id * 0x85EBCA6Bu) >> (32 - kFilterBits);
    if ((filter_[f >> 6] >> (f & 63) & 1) == 0) return nullptr;
    const uint32_t h = id * 0x9E3779B1u;
    const ShardRef& r = refs_[h >> (32 - kShardBits)];
    const size_t stride = 1 + static_cast<size_t>(columns_);
    size_t i = h & r.mask;
    while (true) {
      const float* slot = r.slots + i * stride;
      uint32_t k;
      std::memcpy(&k, slot, sizeof k);
      if (k == id) return slot + 1;
      if (k == kEmpty) return nullptr;
      i = (i + 1) & r.mask;
    }
  }
  // The base's bias plus the bias deltas (columns() floats).
  const float* bias() const { return bias_.data(); }
  const float* bias_delta() const { return bias_delta_.data(); }
  int columns() const { return columns_; }
  // Only word and word-pair features (block 0) can have deltas, so a scorer
  // need not look the others up (AdaptOptions::words_only).
  bool words_only() const { return words_only_; }

 private:
  friend class Adapter;
  friend class OverlayBuilder;
  Overlay() = default;
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;
  static constexpr int kShardBits = 8;
  static constexpr int kFilterBits = 16;  // 8 KiB

  const Model* base_ = nullptr;
  int columns_ = 1;
  bool words_only_ = false;
  size_t entries_ = 0;  // keys with a non-zero delta
  // Where each shard's slots are (read by Find), and who owns them.
  struct ShardRef {
    const float* slots;
    size_t mask;
  };
  std::vector<ShardRef> refs_;                                // 2^kShardBits
  std::vector<std::shared_ptr<const OverlayShard>> shards_;  // 2^kShardBits
  std::vector<uint64_t> filter_ = std::vector<uint64_t>(size_t{1} << (kFilterBits - 6), 0);
  std::vector<float> bias_;
  std::vector<float> bias_delta_;
};

}  // namespace meetintent

#endif  // MEETINTENT_ADAPT_H_
