// Stage 4 of the pipeline: a K-class linear model over hashed features, and
// the whole pipeline from message bytes to calibrated probabilities and
// explanations.
//
// A Model is immutable once built or loaded. Predict and Explain are const
// and safe to call from many threads at once on one Model; each thread passes
// its own Workspace (per-call scratch), which is not thread-safe.
//
// Example:
//   std::unique_ptr<meetintent::Model> model;
//   meetintent::Status s = meetintent::Model::LoadDefault(&model);
//   meetintent::Workspace ws;
//   meetintent::Prediction p;
//   model->Predict("Coffee next week to talk about the role?", &ws, &p);
//   std::cout << model->labels()[p.label] << " " << p.probabilities[p.label];
#ifndef MEETINTENT_MODEL_H_
#define MEETINTENT_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "meetintent/export.h"
#include "meetintent/features.h"
#include "meetintent/normalizer.h"
#include "meetintent/status.h"
#include "meetintent/tokenizer.h"

namespace meetintent {

class WeightView;
class Overlay;

// Per-thread scratch for Predict/Explain: reuse one per thread and warm calls
// make no heap allocations.
class MI_EXPORT Workspace {
 public:
  Workspace();
  ~Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  // The last message PredictAndRead, Explain or ExplainWords read, as
  // normalized and tokenized.
  const NormalizedText& normalized() const { return normalized_; }
  const std::vector<Token>& tokens() const { return tokens_; }

  // Gives back scratch memory above kKeepScratchBytes (left by an unusually
  // long message) instead of keeping it for the workspace's lifetime.
  // Predict does this itself; Explain leaves it to the caller, since its
  // results point into the workspace.
  void Trim();
  static constexpr size_t kKeepScratchBytes = size_t{4} << 20;

 private:
  friend class Model;
  friend class ModelInternals;
  friend class Pipeline;
  NormalizedText normalized_;
  Tokenizer tokenizer_;
  std::vector<Token> tokens_;
  FeatureScratch feature_scratch_;
  std::vector<Feature> features_;
  std::vector<FeatureOccurrence> occurrences_;
  std::vector<float> scores_;
  struct Parts;  // recipe 2: the parts of an e-mail and their weight sums
  std::unique_ptr<Parts> parts_;
};

// How Predict and Explain read a message. Format version 1 models always
// read it as they were trained.
struct PredictOptions {
  enum class Email : uint8_t {
    // An e-mail's quoted replies, forwarded messages and signature (see
    // NormalizeOptions) are read apart from what the sender wrote: the
    // sender's words decide, the whole message weighs in as weaker
    // evidence, and a quoted or signature part only decides when it is
    // personal by itself at least quote_threshold. So a reply cannot be
    // flipped by the business e-mail it quotes, nor a request hidden after
    // a "-- " line. Text without such parts reads as one.
    kSenderWords,
    // The whole text as one, as the model was trained.
    kWholeText,
  };
  Email email = Email::kSenderWords;  // Default: kSenderWords.
  // Weight of the whole message against the sender's words, in logit units:
  // score = sender + whole_weight * (whole - sender). Enron's macro-F1 moves
  // by less than 0.01 between 0 and 1; at 0.5 a long quoted business e-mail
  // outvoted a plainly personal reply, at 0.25 it does not. Default: 0.25.
  float whole_weight = 0.25f;
  // A quoted or signature part decides when its own probability of
  // "personal" is at least this and above the rest's. Default: 0.7.
  float quote_threshold = 0.7f;
  // With kSenderWords, a run of 16 or more bare words with no article,
  // pronoun or preposition among them ("meeting budget invoice roadmap ...",
  // Latin-script languages) is keyword stuffing: it is left out of the
  // reading (of the sender's words and of the whole), so it cannot outvote a
  // request it was appended to. A message that is nothing but such a run is
  // read as it is. Default: true.
  bool read_stuffing_apart = true;
  // (Both defaults chosen by measurement: README, "E-mail structure".)
};

// Which part of a message a decision rests on.
enum class DecidingPart : uint8_t {
  kWholeMessage = 0,   // one part: no quoted text or signature was found
  kSenderWords = 1,    // what the sender wrote (with the whole as weaker evidence)
  kQuotedOrSignature = 2,  // a quoted or signature part that is personal by itself
};

struct Prediction {
  int label = -1;                    // index into Model::labels(): the arg-max
  std::vector<float> probabilities;  // one per label, summing to 1
  bool truncated = false;            // the message was longer than the read limit
  // False when the model has nothing to go on: the message holds no word at
  // all ("empty"), or its letters are mostly in scripts the model was not
  // built for ("unsupported-script": Russian or Arabic for the default
  // model). label and probabilities are still filled, but mean little; an
  // app should show "unknown" instead.
  bool supported = true;
  const char* abstain_reason = nullptr;  // "empty" or "unsupported-script"; static
  DecidingPart deciding_part = DecidingPart::kWholeMessage;
};

// One feature's share of a decision.
struct Contribution {
  std::string feature;  // readable: "coffee", "coffee tomorrow", "<cof"
  FeatureKind kind;
  float weight;         // value * weight toward the explained label (logit units)
  Span span;            // bytes of the original message it came from
};

struct Explanation {
  int label = -1;  // the explained (predicted) label
  std::vector<float> probabilities;
  DecidingPart deciding_part = DecidingPart::kWholeMessage;
  // Features pushing toward `label`, strongest first, then those pushing
  // away from it, strongest first. At most k of each.
  std::vector<Contribution> supporting;
  std::vector<Contribution> opposing;
};

// How the model maps scores to probabilities (fitted on held-out data):
// p = softmax(scale * scores + bias), or sigmoid for two labels.
struct Calibration {
  float scale = 1.0f;
  std::vector<float> bias;  // one per score column; empty means zeros
};

enum class WeightType : uint8_t { kFloat32 = 0, kInt8 = 1 };

class MI_EXPORT Model {
 public:
  ~Model();
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  // --- Loading and saving (see src/model_file.md for the format) ---

  // The model embedded in the library. Never fails unless the build is broken.
  static Status LoadDefault(std::unique_ptr<Model>* out);
  // Reads the file into memory: the model never changes, whatever later
  // happens to the file.
  static Status LoadFile(const std::string& path, std::unique_ptr<Model>* out);
  // Maps the file read-only instead, so processes share its pages. The
  // file must then stay unchanged for the model's lifetime: truncating it
  // kills the process with SIGBUS and rewriting it in place changes the
  // model's decisions. Use only for model files nothing else writes.
  static Status LoadFileMapped(const std::string& path, std::unique_ptr<Model>* out);
  // Copies the buffer; the caller may free it once this returns.
  static Status LoadBuffer(const void* data, size_t size, std::unique_ptr<Model>* out);
  // Uses the buffer in place: it must stay alive and unchanged, and be
  // 8-byte aligned, for the model's lifetime.
  static Status LoadBufferNoCopy(const void* data, size_t size, std::unique_ptr<Model>* out);

  // Writes the model file atomically: a new temporary file in the same
  // folder (created exclusively, never through an existing file or link),
  // synced, then renamed over `path`; a crash never leaves a half-written
  // model under `path`.
  Status Save(const std::string& path) const;
  // The model file's bytes.
  std::string Serialize() const;

  // --- Inference ---

  // Classifies one message (any bytes; invalid UTF-8 is tolerated).
  void Predict(std::string_view message, Workspace* ws, Prediction* out) const {
    Predict(message, PredictOptions(), ws, out);
  }
  void Predict(std::string_view message, const PredictOptions& options, Workspace* ws,
               Prediction* out) const;
  // As Predict, and guarantees that ws->normalized() and ws->tokens() hold
  // the message afterwards: the sender's words when the message has parts.
  void PredictAndRead(std::string_view message, Workspace* ws, Prediction* out) const {
    PredictAndRead(message, PredictOptions(), ws, out);
  }
  void PredictAndRead(std::string_view message, const PredictOptions& options, Workspace* ws,
                      Prediction* out) const;
  // The feature vector of a message, as Predict scores it.
  void Featurize(std::string_view message, Workspace* ws, std::vector<Feature>* out) const;
  // Raw scores (before calibration) of a feature vector: columns() values.
  void Score(const std::vector<Feature>& features, float* scores) const;
  // Probabilities for an already-extracted feature vector.
  void PredictFeatures(const std::vector<Feature>& features, Workspace* ws,
                       std::vector<float>* probabilities, bool calibrated = true) const;
  // Top-k features pushing toward the predicted label and top-k pushing
  // away from it, with their spans: the features of the part the decision
  // rests on (Prediction::deciding_part).
  void Explain(std::string_view message, size_t k, Workspace* ws, Explanation* out) const {
    Explain(message, k, PredictOptions(), ws, out);
  }
  void Explain(std::string_view message, size_t k, const PredictOptions& options, Workspace* ws,
               Explanation* out) const;
  // The k words (word features only: no bigrams or character n-grams) of
  // `message` that push most toward `label`, strongest first, one entry
  // per distinct word. REQUIRES: 0 <= label < labels().size().
  void ExplainWords(std::string_view message, int label, size_t k, Workspace* ws,
                    std::vector<Contribution>* out) const;

  // --- Introspection ---

  const std::vector<std::string>& labels() const { return labels_; }
  // Index of a label name, or -1.
  int LabelIndex(std::string_view name) const;
  const FeatureOptions& feature_options() const { return features_; }
  const NormalizeOptions& normalize_options() const { return normalize_; }
  const Calibration& calibration() const { return calibration_; }
  WeightType weight_type() const;
  uint32_t format_version() const;
  // Score columns: 1 for two labels (logistic), else one per label.
  int columns() const { return columns_; }
  size_t rows() const { return size_t{1} << features_.hash_bits; }
  // Bytes of weights held (mapped or owned).
  size_t weight_bytes() const;

 private:
  friend class ModelBuilder;
  friend class ModelFileReader;
  friend class ModelInternals;  // src/model_internals.h: the library's own access
  friend class Overlay;         // adapt.h: Predict with an adapter's deltas
  Model();
  // Points weights_ at the storage that holds them.
  void BindWeights(const float* f32, const int8_t* i8);
  // Recipe 2: reads the message part by part into ws (src/read_parts.cc),
  // adding an adapter's deltas when overlay != nullptr (adapt.h).
  void ReadParts(std::string_view message, const PredictOptions& options, const Overlay* overlay,
                 Workspace* ws, Prediction* out) const;
  // Predict with an adapter's deltas (nullptr: none).
  void PredictWith(const Overlay* overlay, std::string_view message,
                   const PredictOptions& options, Workspace* ws, Prediction* out) const;
  // Explain with an adapter's deltas (nullptr: none).
  void ExplainWith(const Overlay* overlay, std::string_view message, size_t k,
                   const PredictOptions& options, Workspace* ws, Explanation* out) const;

  std::vector<std::string> labels_;
  NormalizeOptions normalize_;
  FeatureOptions features_;
  Calibration calibration_;
  int columns_ = 1;
  uint32_t scripts_ = 0;  // the scripts the model knows (src/script_coverage.h)
  std::vector<float> bias_;
  std::vector<float> col_scale_;  // int8 dequantization scale per column
  // Weights live in one of: owned arrays (built), an owned copy of the file
  // (8-byte aligned), a mapping, or a buffer the caller keeps alive.
  std::vector<float> owned_f32_;
  std::vector<int8_t> owned_i8_;
  std::vector<uint64_t> owned_file_;
  struct Mapping;
  std::unique_ptr<Mapping> mapping_;
  std::unique_ptr<WeightView> weights_;
};

}  // namespace meetintent

#endif  // MEETINTENT_MODEL_H_
