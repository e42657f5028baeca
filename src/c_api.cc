// The only file that implements meetintent.h. Every entry point catches
// everything: no exception leaves the library.
#include "meetintent/meetintent.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "c_api_testing.h"
#include "c_boundary.h"
#include "meetintent/adapt.h"
#include "meetintent/model.h"
#include "meetintent/thread.h"
#include "meetintent/train.h"

struct mi_model {
  std::unique_ptr<meetintent::Model> model;
};

struct mi_overlay {
  std::unique_ptr<meetintent::Adapter> adapter;
};

struct mi_thread_analysis {
  meetintent::ThreadAnalysis analysis;
};

struct mi_explanation {
  meetintent::Explanation explanation;
  std::vector<const meetintent::Contribution*> items;  // supporting then opposing
};

namespace meetintent {
namespace testing_hooks {
namespace {
thread_local Fault g_fault = Fault::kNone;
}  // namespace

void InjectFault(Fault fault) { g_fault = fault; }

}  // namespace testing_hooks

namespace {

thread_local std::string g_last_error;

// Raises the injected fault, if any, once.
void MaybeFault() {
  using testing_hooks::Fault;
  const Fault f = testing_hooks::g_fault;
  if (f == Fault::kNone) return;
  testing_hooks::g_fault = Fault::kNone;
  if (f == Fault::kBadAlloc) throw std::bad_alloc();
  if (f == Fault::kRuntimeError) throw std::runtime_error("injected fault");
  throw 42;  // not even a std::exception
}

mi_status Fail(mi_status code, const std::string& message) {
  return RecordFailure(&g_last_error, code, message);
}

mi_status FromStatus(const Status& s) {
  return s.ok() ? MI_OK : Fail(CodeOf(s.code()), s.message());
}

// Runs fn() and turns any exception into a status (src/c_boundary.h).
template <typename Fn>
mi_status Guard(const char* where, Fn fn) {
  return CatchAll(where, Fail, [&] {
    MaybeFault();
    return fn();
  });
}

mi_status NullArg(const char* where, const char* what) { return NullArgument(Fail, where, what); }

// Per-thread scratch, so one model serves many threads without locks and
// warm calls do not allocate.
Workspace& ThreadWorkspace() {
  thread_local Workspace ws;
  return ws;
}

mi_status Wrap(std::unique_ptr<Model> m, mi_model** out) {
  *out = new mi_model{std::move(m)};
  return MI_OK;
}

// ---- Structs that grow (see "Rules of this API" in meetintent.h) ----

// The bytes of struct T up to the end of `field`: a caller's struct has the
// field when its struct_size is at least this.
#define MI_END_OF(T, field) (offsetof(T, field) + sizeof(static_cast<T*>(nullptr)->field))

// The smallest struct_size accepted: each struct as it first appeared.
constexpr size_t kModelInfoV1_0 = MI_END_OF(mi_model_info, calibration_scale);
constexpr size_t kContributionV1_0 = MI_END_OF(mi_contribution, end);
constexpr size_t kTrainOptionsV1_0 = MI_END_OF(mi_train_options, quantize);
constexpr size_t kThreadMessageV1_0 = MI_END_OF(mi_thread_message, timestamp);
constexpr size_t kQuidProQuoV1_0 = MI_END_OF(mi_quid_pro_quo, confidence);
constexpr size_t kHighlightV1_0 = MI_END_OF(mi_highlight, weight);
constexpr size_t kResultV1_1 = MI_END_OF(mi_result, reason);
constexpr size_t kThreadOptionsV1_1 = MI_END_OF(mi_thread_options, pair_window_seconds);
constexpr size_t kAdaptOptionsV1_1 = MI_END_OF(mi_adapt_options, max_entries);

// sizeof of a struct whose last field ends at `end`: what a caller's
// compiler made of the struct in that version.
constexpr size_t SizeofUpTo(size_t end, size_t align) { return (end + align - 1) / align * align; }
constexpr size_t kTrainOptionsSizeofV1_0 =
    SizeofUpTo(kTrainOptionsV1_0, alignof(mi_train_options));
// Fields added in 1.1 start past the 1.0 struct's padding, so a 1.0 caller's
// padding bytes are never read as a 1.1 field.
static_assert(offsetof(mi_train_options, on_epoch) >= kTrainOptionsSizeofV1_0,
              "mi_train_options: a 1.1 field lies in the 1.0 struct's padding");

mi_status SizeError(const char* where, const char* what, size_t struct_size, size_t minimum,
                    const char* type) {
  return Fail(MI_ERR_INVALID_ARGUMENT,
              std::string(where) + ": " + what + "->struct_size is " +
                  std::to_string(struct_size) + ", less than the " + std::to_string(minimum) +
                  " bytes of the first " + type + "; set it to sizeof(" + type + ")");
}

// A copy of the caller's struct: the struct_size bytes it has, over
// `defaults` for the fields it lacks. REQUIRES: struct_size >= sizeof(size_t).
template <typename T>
T ReadIn(const T* in, size_t struct_size, T defaults) {
  std::memcpy(&defaults, in, std::min(struct_size, sizeof(T)));
  return defaults;
}

// Writes `full` into the caller's struct: only the struct_size bytes it has,
// struct_size itself excepted. REQUIRES: struct_size >= sizeof(size_t).
template <typename T>
void WriteOut(const T& full, T* out, size_t struct_size) {
  static_assert(offsetof(T, struct_size) == 0 && std::is_trivially_copyable_v<T>);
  const size_t n = std::min(struct_size, sizeof(T));
  std::memcpy(reinterpret_cast<unsigned char*>(out) + sizeof(size_t),
              reinterpret_cast<const unsigned char*>(&full) + sizeof(size_t), n - sizeof(size_t));
}

// Element i of a caller's array whose stride is its elements' struct_size.
template <typename T>
T* Element(T* base, size_t stride, size_t i) {
  using Byte = std::conditional_t<std::is_const_v<T>, const unsigned char, unsigned char>;
  return reinterpret_cast<T*>(reinterpret_cast<Byte*>(base) + i * stride);
}

// Checks a caller's array of `count` structs and sets *stride to its
// elements' struct_size (0 when count is 0): at least `minimum`, a multiple
// of the struct's alignment, the same in every element, and count * stride
// bytes no more than an array can hold.
template <typename T>
mi_status CheckArray(const char* where, const char* what, T* array, size_t count,
                     size_t minimum, const char* type, size_t* stride) {
  *stride = 0;
  if (count == 0) return MI_OK;
  const size_t s = array[0].struct_size;
  const std::string first = std::string(what) + "[0]";
  if (s < minimum) return SizeError(where, first.c_str(), s, minimum, type);
  if (s % alignof(T) != 0) {
    return Fail(MI_ERR_INVALID_ARGUMENT, std::string(where) + ": " + first + ".struct_size is " +
                                             std::to_string(s) + ", not a multiple of " +
                                             std::to_string(alignof(T)) + "; set it to sizeof(" +
                                             type + ")");
  }
  if (count > static_cast<size_t>(std::numeric_limits<ptrdiff_t>::max()) / s) {
    return Fail(MI_ERR_INVALID_ARGUMENT, std::string(where) + ": count " + std::to_string(count) +
                                             " is too large: " + type +
                                             " arrays that long cannot exist in memory");
  }
  for (size_t i = 1; i < count; ++i) {
    const size_t si = Element(array, s, i)->struct_size;
    if (si != s) {
      return Fail(MI_ERR_INVALID_ARGUMENT,
                  std::string(where) + ": " + what + "[" + std::to_string(i) +
                      "].struct_size is " + std::to_string(si) + " but " + first +
                      ".struct_size is " + std::to_string(s) +
                      ": every element must carry the same struct_size, the array's stride");
    }
  }
  *stride = s;
  return MI_OK;
}

// Checks the texts and lengths of a batch: no NULL text with a length, and
// no more pointers than memory can hold.
mi_status CheckTexts(const char* where, const char* const* texts, const size_t* lengths,
                     size_t count) {
  if (count == 0) return MI_OK;
  if (texts == nullptr || lengths == nullptr) return NullArg(where, "texts or lengths");
  if (count > static_cast<size_t>(std::numeric_limits<ptrdiff_t>::max()) / sizeof(size_t)) {
    return Fail(MI_ERR_INVALID_ARGUMENT,
                std::string(where) + ": count " + std::to_string(count) + " is too large");
  }
  for (size_t i = 0; i < count; ++i) {
    if (texts[i] == nullptr && lengths[i] > 0) {
      return Fail(MI_ERR_NULL_ARGUMENT, std::string(where) + ": texts[" + std::to_string(i) +
                                            "] is NULL with a non-zero length");
    }
  }
  return MI_OK;
}

std::string_view TextOf(const char* text, size_t length) {
  return text == nullptr ? std::string_view() : std::string_view(text, length);
}

// Checks that `probabilities` (when given) holds count * labels values.
mi_status CheckProbabilities(const char* where, const float* probabilities,
                             size_t probabilities_len, size_t count, size_t labels) {
  if (probabilities == nullptr || probabilities_len / labels >= count) return MI_OK;
  return Fail(MI_ERR_BUFFER_TOO_SMALL,
              std::string(where) + ": probabilities has room for " +
                  std::to_string(probabilities_len) + " values; it needs " +
                  (count == 1 ? std::string() : std::to_string(count) + " messages * ") +
                  std::to_string(labels) + " labels");
}

constexpr char kTruncatedReason[] =
    "longer than the model's read limit: judged on its first part only";

// The only place that turns a Prediction's flags into mi_result flags.
mi_result ToResult(const Prediction& p) {
  mi_result r{};
  r.label = p.label;
  r.probability = p.probabilities[static_cast<size_t>(p.label)];
  if (p.truncated) {
    r.flags |= MI_RESULT_TRUNCATED;
    r.reason = kTruncatedReason;
  }
  if (!p.supported) {  // the model cannot judge it: say so, with the reason
    r.flags |= MI_RESULT_UNSUPPORTED;
    r.reason = p.abstain_reason;
  }
  return r;
}

// Classifies texts[0..count) into the outputs given (each may be NULL):
// labels[i], results at `stride` bytes each, probabilities count * labels.
// REQUIRES: texts and lengths checked (CheckTexts), results' stride checked.
template <typename PredictFn>
mi_status ClassifyWith(const char* where, size_t k, PredictFn predict, const char* const* texts,
                       const size_t* lengths, size_t count, int32_t* labels, mi_result* results,
                       size_t stride, float* probabilities, size_t probabilities_len) {
  if (mi_status s = CheckProbabilities(where, probabilities, probabilities_len, count, k);
      s != MI_OK) {
    return s;
  }
  thread_local Prediction p;
  Workspace& ws = ThreadWorkspace();
  for (size_t i = 0; i < count; ++i) {
    predict(TextOf(texts[i], lengths[i]), &ws, &p);
    if (labels != nullptr) labels[i] = p.label;
    if (results != nullptr) WriteOut(ToResult(p), Element(results, stride, i), stride);
    if (probabilities != nullptr) {
      std::memcpy(probabilities + i * k, p.probabilities.data(), k * sizeof(float));
    }
  }
  return MI_OK;
}

mi_status ClassifyInto(const char* where, const mi_model* model, const char* const* texts,
                       const size_t* lengths, size_t count, int32_t* labels, mi_result* results,
                       size_t stride, float* probabilities, size_t probabilities_len) {
  const Model& m = *model->model;
  auto predict = [&m](std::string_view t, Workspace* ws, Prediction* p) { m.Predict(t, ws, p); };
  return ClassifyWith(where, m.labels().size(), predict, texts, lengths, count, labels, results,
                      stride, probabilities, probabilities_len);
}

// Classifies one text with an overlay's current snapshot.
mi_status OverlayClassify(const mi_overlay* overlay, const char* text, size_t length,
                          int32_t* label, float* probabilities, size_t probabilities_len) {
  const std::shared_ptr<const Overlay> snap = overlay->adapter->Snapshot();
  auto predict = [&snap](std::string_view t, Workspace* ws, Prediction* p) {
    snap->Predict(t, PredictOptions(), ws, p);
  };
  return ClassifyWith("mi_overlay_classify", snap->base().labels().size(), predict, &text,
                      &length, 1, label, nullptr, 0, probabilities, probabilities_len);
}

// ---- Options ----

// A field out of range: "where: options->field is value; it must be ...".
template <typename V>
mi_status BadOption(const char* where, const char* field, V value, const char* range) {
  std::ostringstream text;
  text << where << ": options->" << field << " is " << value << "; it must be " << range;
  return Fail(MI_ERR_INVALID_ARGUMENT, text.str());
}

bool InRange(double x, double lo, double hi) { return std::isfinite(x) && x >= lo && x <= hi; }

mi_train_options DefaultTrainOptions() {
  const TrainOptions d;
  mi_train_options o{};
  o.struct_size = sizeof(mi_train_options);
  o.epochs = d.epochs;
  o.learning_rate = d.learning_rate;
  o.l2 = d.l2;
  o.seed = d.seed;
  o.validation_fraction = d.validation_fraction;
  o.hash_bits = d.features.hash_bits;
  o.max_word_ngram = d.features.max_word_ngram;
  o.min_char_ngram = d.features.min_char_ngram;
  o.max_char_ngram = d.features.max_char_ngram;
  o.balance_classes = d.balance_classes ? 1 : 0;
  o.calibrate = d.calibrate ? 1 : 0;
  o.quantize = d.quantize ? 1 : 0;
  o.on_epoch = nullptr;
  o.user_data = nullptr;
  o.optimizer = d.optimizer == Optimizer::kLbfgs ? MI_OPTIMIZER_LBFGS : MI_OPTIMIZER_ADAGRAD;
  o.patience = d.patience;
  o.threads = d.threads;
  o.keep_quotes = d.normalize.strip_email_quotes ? 0 : 1;
  o.keep_signatures = d.normalize.strip_signature ? 0 : 1;
  o.no_placeholders = d.normalize.placeholders ? 0 : 1;
  o.no_deobfuscate = d.normalize.deobfuscate ? 0 : 1;
  o.no_neutral_words = d.features.neutral_words ? 0 : 1;
  o.no_block_norm = d.features.block_normalize ? 0 : 1;
  o.average = d.average;
  return o;
}

// The ranges the CLI's train command accepts, so that no value the trainer
// would take to a useless model (an infinite rate, zero epochs) gets there.
mi_status CheckTrainOptions(const char* where, const mi_train_options& o) {
  if (o.epochs < 1 || o.epochs > 10000) return BadOption(where, "epochs", o.epochs, "in 1..10000");
  if (!InRange(o.learning_rate, 1e-9, 1e6)) {
    return BadOption(where, "learning_rate", o.learning_rate, "a finite number in [1e-9, 1e6]");
  }
  if (!InRange(o.l2, 0, 1e3)) return BadOption(where, "l2", o.l2, "a finite number in [0, 1000]");
  if (!(std::isfinite(o.validation_fraction) && o.validation_fraction >= 0 &&
        o.validation_fraction < 1)) {
    return BadOption(where, "validation_fraction", o.validation_fraction, "in [0, 1)");
  }
  if (o.optimizer != MI_OPTIMIZER_ADAGRAD && o.optimizer != MI_OPTIMIZER_LBFGS) {
    return BadOption(where, "optimizer", o.optimizer,
                     "MI_OPTIMIZER_ADAGRAD (0) or MI_OPTIMIZER_LBFGS (1)");
  }
  if (o.patience < 1 || o.patience > 10000) {
    return BadOption(where, "patience", o.patience, "in 1..10000");
  }
  if (o.threads < 1 || o.threads > 256) return BadOption(where, "threads", o.threads, "in 1..256");
  if (o.average < 1 || o.average > 64) return BadOption(where, "average", o.average, "in 1..64");
  return MI_OK;
}

mi_train_progress ToProgress(const TrainProgress& p) {
  mi_train_progress c{};
  c.struct_size = sizeof(mi_train_progress);
  c.epoch = p.epoch;
  c.epochs = p.epochs;
  c.train_loss = p.train_loss;
  // The trainer marks "no validation share" with a negative loss.
  const bool validated = p.validation_loss >= 0;
  c.validation_loss = validated ? p.validation_loss : std::nan("");
  c.validation_accuracy = validated ? p.validation_accuracy : std::nan("");
  c.seconds = p.seconds;
  return c;
}

// The caller's options (NULL: the defaults), checked, as TrainOptions.
mi_status ToTrainOptions(const char* where, const mi_train_options* in, TrainOptions* out) {
  mi_train_options o = DefaultTrainOptions();
  if (in != nullptr) {
    if (in->struct_size < kTrainOptionsV1_0) {
      return SizeError(where, "options", in->struct_size, kTrainOptionsV1_0, "mi_train_options");
    }
    o = ReadIn(in, in->struct_size, o);
  }
  if (mi_status s = CheckTrainOptions(where, o); s != MI_OK) return s;
  out->epochs = o.epochs;
  out->learning_rate = o.learning_rate;
  out->l2 = o.l2;
  out->seed = o.seed;
  out->validation_fraction = o.validation_fraction;
  out->features.hash_bits = o.hash_bits;
  out->features.max_word_ngram = o.max_word_ngram;
  out->features.min_char_ngram = o.min_char_ngram;
  out->features.max_char_ngram = o.max_char_ngram;
  out->features.neutral_words = o.no_neutral_words == 0;
  out->features.block_normalize = o.no_block_norm == 0;
  if (std::string_view why = out->features.Validate(); !why.empty()) {
    return Fail(MI_ERR_INVALID_ARGUMENT, std::string(where) + ": options: " + std::string(why));
  }
  out->balance_classes = o.balance_classes != 0;
  out->calibrate = o.calibrate != 0;
  out->quantize = o.quantize != 0;
  out->optimizer = o.optimizer == MI_OPTIMIZER_LBFGS ? Optimizer::kLbfgs : Optimizer::kAdaGrad;
  out->patience = o.patience;
  out->threads = o.threads;
  out->average = o.average;
  out->normalize.strip_email_quotes = o.keep_quotes == 0;
  out->normalize.strip_signature = o.keep_signatures == 0;
  out->normalize.placeholders = o.no_placeholders == 0;
  out->normalize.deobfuscate = o.no_deobfuscate == 0;
  if (o.on_epoch != nullptr) {
    const mi_train_callback callback = o.on_epoch;
    void* const user_data = o.user_data;
    out->should_stop = [callback, user_data](const TrainProgress& p) {
      const mi_train_progress c = ToProgress(p);
      return callback(&c, user_data) != 0;
    };
  }
  return MI_OK;
}

// Sets the fields of the caller's *options that fit in struct_size to
// `defaults`, and its struct_size.
template <typename T>
mi_status InitSized(const char* where, T* options, size_t struct_size, size_t minimum,
                    const char* type, const T& defaults) {
  if (options == nullptr) return NullArg(where, "options");
  if (struct_size < minimum) return SizeError(where, "options", struct_size, minimum, type);
  options->struct_size = struct_size;
  WriteOut(defaults, options, struct_size);
  return MI_OK;
}

mi_status TrainAndWrap(const TrainOptions& options, const std::vector<Example>& examples,
                       mi_model** out) {
  std::unique_ptr<Model> m;
  if (mi_status s = FromStatus(Train(options, examples, &m, nullptr)); s != MI_OK) return s;
  return Wrap(std::move(m), out);
}

mi_thread_options DefaultThreadOptions() {
  const ThreadOptions d;
  mi_thread_options o{};
  o.struct_size = sizeof(mi_thread_options);
  o.smoothing = d.smoothing;
  o.short_message_tokens = d.short_message_tokens;
  o.message_threshold = d.message_threshold;
  o.thread_threshold = d.thread_threshold;
  o.pair_window_messages = d.pair_window_messages;
  o.pair_window_seconds = d.pair_window_seconds;
  return o;
}

// The caller's options (NULL: the defaults), checked, as ThreadOptions.
mi_status ToThreadOptions(const char* where, const mi_thread_options* in, ThreadOptions* out) {
  mi_thread_options o = DefaultThreadOptions();
  if (in != nullptr) {
    if (in->struct_size < kThreadOptionsV1_1) {
      return SizeError(where, "options", in->struct_size, kThreadOptionsV1_1,
                       "mi_thread_options");
    }
    o = ReadIn(in, in->struct_size, o);
  }
  if (!(std::isfinite(o.smoothing) && o.smoothing > 0 && o.smoothing <= 1)) {
    return BadOption(where, "smoothing", o.smoothing, "in (0, 1]");
  }
  if (!InRange(o.short_message_tokens, 0, 1e6)) {
    return BadOption(where, "short_message_tokens", o.short_message_tokens, "in [0, 1e6]");
  }
  if (!InRange(o.message_threshold, 0, 1)) {
    return BadOption(where, "message_threshold", o.message_threshold, "in [0, 1]");
  }
  if (!InRange(o.thread_threshold, 0, 1)) {
    return BadOption(where, "thread_threshold", o.thread_threshold, "in [0, 1]");
  }
  if (o.pair_window_messages < 0) {
    return BadOption(where, "pair_window_messages", o.pair_window_messages, ">= 0");
  }
  if (o.pair_window_seconds < 0) {
    return BadOption(where, "pair_window_seconds", o.pair_window_seconds, ">= 0");
  }
  out->smoothing = o.smoothing;
  out->short_message_tokens = o.short_message_tokens;
  out->message_threshold = o.message_threshold;
  out->thread_threshold = o.thread_threshold;
  out->pair_window_messages = o.pair_window_messages;
  out->pair_window_seconds = o.pair_window_seconds;
  return MI_OK;
}

mi_adapt_options ToCAdaptOptions(const AdaptOptions& d) {
  mi_adapt_options o{};
  o.struct_size = sizeof(mi_adapt_options);
  o.alpha = d.alpha;
  o.beta = d.beta;
  o.l1 = d.l1;
  o.l2 = d.l2;
  o.learn_bias = d.learn_bias ? 1 : 0;
  o.bias_l2 = d.bias_l2;
  o.balance_labels = d.balance_labels ? 1 : 0;
  o.skip_above = d.skip_above;
  o.words_only = d.words_only ? 1 : 0;
  o.max_entries = d.max_entries;
  return o;
}

// The caller's options (NULL: the defaults), checked field by field, as
// AdaptOptions.
mi_status ToAdaptOptions(const char* where, const mi_adapt_options* in, AdaptOptions* out) {
  mi_adapt_options o = ToCAdaptOptions(AdaptOptions());
  if (in != nullptr) {
    if (in->struct_size < kAdaptOptionsV1_1) {
      return SizeError(where, "options", in->struct_size, kAdaptOptionsV1_1, "mi_adapt_options");
    }
    o = ReadIn(in, in->struct_size, o);
  }
  if (!InRange(o.alpha, 1e-6f, 1e4)) return BadOption(where, "alpha", o.alpha, "in [1e-6, 1e4]");
  const std::pair<const char*, float> penalties[] = {
      {"beta", o.beta}, {"l1", o.l1}, {"l2", o.l2}, {"bias_l2", o.bias_l2}};
  for (const auto& [name, value] : penalties) {
    if (!InRange(value, 0, 1e4)) return BadOption(where, name, value, "in [0, 1e4]");
  }
  if (!InRange(o.skip_above, 0.5, 1)) return BadOption(where, "skip_above", o.skip_above, "in [0.5, 1]");
  const std::pair<const char*, int32_t> flags[] = {{"learn_bias", o.learn_bias},
                                                   {"balance_labels", o.balance_labels},
                                                   {"words_only", o.words_only}};
  for (const auto& [name, value] : flags) {
    if (value != 0 && value != 1) return BadOption(where, name, value, "0 or 1");
  }
  if (o.max_entries < 1 || o.max_entries > (uint64_t{1} << 24)) {
    return BadOption(where, "max_entries", o.max_entries, "in [1, 16777216]");
  }
  out->alpha = o.alpha;
  out->beta = o.beta;
  out->l1 = o.l1;
  out->l2 = o.l2;
  out->learn_bias = o.learn_bias != 0;
  out->bias_l2 = o.bias_l2;
  out->balance_labels = o.balance_labels != 0;
  out->skip_above = o.skip_above;
  out->words_only = o.words_only != 0;
  out->max_entries = static_cast<size_t>(o.max_entries);
  return MI_OK;
}

mi_status CreateOverlay(const char* where, const mi_model* model,
                        const mi_adapt_options* options, mi_overlay** out) {
  if (out == nullptr) return NullArg(where, "out");
  *out = nullptr;
  if (model == nullptr) return NullArg(where, "model");
  AdaptOptions o;
  if (mi_status s = ToAdaptOptions(where, options, &o); s != MI_OK) return s;
  std::unique_ptr<Adapter> a;
  if (Status s = Adapter::Create(*model->model, o, &a); !s.ok()) return FromStatus(s);
  *out = new mi_overlay{std::move(a)};
  return MI_OK;
}

mi_status AnalyzeThreadImpl(const char* where, const mi_model* model,
                            const mi_thread_message* messages, size_t count,
                            const mi_thread_options* options, mi_thread_analysis** out) {
  if (out == nullptr) return NullArg(where, "out");
  *out = nullptr;
  if (model == nullptr) return NullArg(where, "model");
  if (messages == nullptr && count > 0) return NullArg(where, "messages");
  ThreadOptions thread_options;
  if (mi_status s = ToThreadOptions(where, options, &thread_options); s != MI_OK) return s;
  size_t stride = 0;
  if (mi_status s = CheckArray(where, "messages", messages, count, kThreadMessageV1_0,
                               "mi_thread_message", &stride);
      s != MI_OK) {
    return s;
  }
  std::vector<ThreadMessage> thread(count);
  for (size_t i = 0; i < count; ++i) {
    const mi_thread_message m = ReadIn(Element(messages, stride, i), stride, mi_thread_message{});
    if (m.text == nullptr && m.text_length > 0) {
      return Fail(MI_ERR_NULL_ARGUMENT, std::string(where) + ": messages[" + std::to_string(i) +
                                            "].text is NULL with a non-zero length");
    }
    thread[i].sender = m.sender == nullptr ? "" : m.sender;
    thread[i].text.assign(TextOf(m.text, m.text_length));
    thread[i].timestamp = m.timestamp;
  }
  auto a = std::make_unique<mi_thread_analysis>();
  if (mi_status s = FromStatus(AnalyzeThread(*model->model, thread, thread_options,
                                             &ThreadWorkspace(), &a->analysis));
      s != MI_OK) {
    return s;
  }
  *out = a.release();
  return MI_OK;
}

}  // namespace
}  // namespace meetintent

using meetintent::CheckArray;
using meetintent::CheckProbabilities;
using meetintent::CheckTexts;
using meetintent::Fail;
using meetintent::FromStatus;
using meetintent::Guard;
using meetintent::NullArg;
using meetintent::SizeError;
using meetintent::TextOf;
using meetintent::WriteOut;

extern "C" {

uint32_t mi_version(void) { return MI_VERSION_NUMBER; }

const char* mi_version_string(void) { return MEETINTENT_VERSION_STRING; }

mi_status mi_abi_check(uint32_t header_version) {
  const uint32_t major = header_version / 10000, minor = (header_version / 100) % 100;
  if (major != MI_VERSION_MAJOR || minor > MI_VERSION_MINOR) {
    return Fail(MI_ERR_ABI_MISMATCH,
                "compiled against meetintent.h " + std::to_string(major) + "." +
                    std::to_string(minor) + " but running with library " +
                    MEETINTENT_VERSION_STRING);
  }
  return MI_OK;
}

const char* mi_last_error_message(void) { return meetintent::g_last_error.c_str(); }

const char* mi_status_name(int status) {
  switch (status) {
    case MI_OK: return "MI_OK";
    case MI_ERR_INVALID_ARGUMENT: return "MI_ERR_INVALID_ARGUMENT";
    case MI_ERR_IO: return "MI_ERR_IO";
    case MI_ERR_CORRUPT_MODEL: return "MI_ERR_CORRUPT_MODEL";
    case MI_ERR_UNSUPPORTED_VERSION: return "MI_ERR_UNSUPPORTED_VERSION";
    case MI_ERR_PARSE: return "MI_ERR_PARSE";
    case MI_ERR_OUT_OF_MEMORY: return "MI_ERR_OUT_OF_MEMORY";
    case MI_ERR_INTERNAL: return "MI_ERR_INTERNAL";
    case MI_ERR_NULL_ARGUMENT: return "MI_ERR_NULL_ARGUMENT";
    case MI_ERR_BUFFER_TOO_SMALL: return "MI_ERR_BUFFER_TOO_SMALL";
    case MI_ERR_UNKNOWN_LABEL: return "MI_ERR_UNKNOWN_LABEL";
    case MI_ERR_ABI_MISMATCH: return "MI_ERR_ABI_MISMATCH";
    default: return "MI_ERR_UNKNOWN_STATUS";
  }
}

mi_status mi_model_load_default(mi_model** out) {
  return Guard("mi_model_load_default", [&]() -> mi_status {
    if (out == nullptr) return NullArg("mi_model_load_default", "out");
    *out = nullptr;
    std::unique_ptr<meetintent::Model> m;
    if (mi_status s = FromStatus(meetintent::Model::LoadDefault(&m)); s != MI_OK) return s;
    return meetintent::Wrap(std::move(m), out);
  });
}

mi_status mi_model_load_file(const char* path, mi_model** out) {
  return Guard("mi_model_load_file", [&]() -> mi_status {
    if (out == nullptr) return NullArg("mi_model_load_file", "out");
    *out = nullptr;
    if (path == nullptr) return NullArg("mi_model_load_file", "path");
    std::unique_ptr<meetintent::Model> m;
    if (mi_status s = FromStatus(meetintent::Model::LoadFile(path, &m)); s != MI_OK) return s;
    return meetintent::Wrap(std::move(m), out);
  });
}

mi_status mi_model_load_buffer(const void* data, size_t size, mi_model** out) {
  return Guard("mi_model_load_buffer", [&]() -> mi_status {
    if (out == nullptr) return NullArg("mi_model_load_buffer", "out");
    *out = nullptr;
    if (data == nullptr) return NullArg("mi_model_load_buffer", "data");
    std::unique_ptr<meetintent::Model> m;
    if (mi_status s = FromStatus(meetintent::Model::LoadBuffer(data, size, &m)); s != MI_OK) {
      return s;
    }
    return meetintent::Wrap(std::move(m), out);
  });
}

mi_status mi_model_save(const mi_model* model, const char* path) {
  return Guard("mi_model_save", [&]() -> mi_status {
    if (model == nullptr) return NullArg("mi_model_save", "model");
    if (path == nullptr) return NullArg("mi_model_save", "path");
    return FromStatus(model->model->Save(path));
  });
}

void mi_model_free(mi_model* model) { delete model; }

mi_status mi_model_serialize(const mi_model* model, void* buffer, size_t capacity, size_t* size) {
  return Guard("mi_model_serialize", [&]() -> mi_status {
    if (model == nullptr) return NullArg("mi_model_serialize", "model");
    if (size == nullptr) return NullArg("mi_model_serialize", "size");
    if (buffer == nullptr && capacity > 0) {
      return NullArg("mi_model_serialize", "buffer (with capacity > 0)");
    }
    const std::string bytes = model->model->Serialize();
    *size = bytes.size();
    if (capacity < bytes.size()) {
      return Fail(MI_ERR_BUFFER_TOO_SMALL, "mi_model_serialize: the model file has " +
                                               std::to_string(bytes.size()) +
                                               " bytes, the buffer room for " +
                                               std::to_string(capacity));
    }
    std::memcpy(buffer, bytes.data(), bytes.size());
    return MI_OK;
  });
}

mi_status mi_model_get_info(const mi_model* model, mi_model_info* info) {
  return Guard("mi_model_get_info", [&]() -> mi_status {
    if (model == nullptr) return NullArg("mi_model_get_info", "model");
    if (info == nullptr) return NullArg("mi_model_get_info", "info");
    if (info->struct_size < meetintent::kModelInfoV1_0) {
      return SizeError("mi_model_get_info", "info", info->struct_size,
                       meetintent::kModelInfoV1_0, "mi_model_info");
    }
    const meetintent::Model& m = *model->model;
    const meetintent::FeatureOptions& f = m.feature_options();
    mi_model_info full{};
    full.format_version = m.format_version();
    full.num_labels = static_cast<uint32_t>(m.labels().size());
    full.hash_bits = static_cast<uint32_t>(f.hash_bits);
    full.max_word_ngram = static_cast<uint32_t>(f.max_word_ngram);
    full.min_char_ngram = static_cast<uint32_t>(f.min_char_ngram);
    full.max_char_ngram = static_cast<uint32_t>(f.max_char_ngram);
    full.weight_type = static_cast<uint32_t>(m.weight_type());
    full.weight_bytes = m.weight_bytes();
    full.calibration_scale = m.calibration().scale;
    WriteOut(full, info, info->struct_size);
    return MI_OK;
  });
}

mi_status mi_model_num_labels(const mi_model* model, size_t* out) {
  return Guard("mi_model_num_labels", [&]() -> mi_status {
    if (model == nullptr) return NullArg("mi_model_num_labels", "model");
    if (out == nullptr) return NullArg("mi_model_num_labels", "out");
    *out = model->model->labels().size();
    return MI_OK;
  });
}

mi_status mi_model_label(const mi_model* model, size_t index, const char** name) {
  return Guard("mi_model_label", [&]() -> mi_status {
    if (model == nullptr) return NullArg("mi_model_label", "model");
    if (name == nullptr) return NullArg("mi_model_label", "name");
    const auto& labels = model->model->labels();
    if (index >= labels.size()) {
      return Fail(MI_ERR_INVALID_ARGUMENT, "mi_model_label: index " + std::to_string(index) +
                                               " is out of range (the model has " +
                                               std::to_string(labels.size()) + " labels)");
    }
    *name = labels[index].c_str();
    return MI_OK;
  });
}

mi_status mi_model_label_index(const mi_model* model, const char* name, size_t* index) {
  return Guard("mi_model_label_index", [&]() -> mi_status {
    if (model == nullptr) return NullArg("mi_model_label_index", "model");
    if (name == nullptr) return NullArg("mi_model_label_index", "name");
    if (index == nullptr) return NullArg("mi_model_label_index", "index");
    const int i = model->model->LabelIndex(name);
    if (i < 0) {
      return Fail(MI_ERR_UNKNOWN_LABEL,
                  std::string("mi_model_label_index: no label named '") + name + "'");
    }
    *index = static_cast<size_t>(i);
    return MI_OK;
  });
}

mi_status mi_classify(const mi_model* model, const char* text, size_t length, int32_t* label,
                      float* probabilities, size_t probabilities_len) {
  return Guard("mi_classify", [&]() -> mi_status {
    if (model == nullptr) return NullArg("mi_classify", "model");
    if (text == nullptr && length > 0) return NullArg("mi_classify", "text (with length > 0)");
    return meetintent::ClassifyInto("mi_classify", model, &text, &length, 1, label, nullptr, 0,
                                    probabilities, probabilities_len);
  });
}

mi_status mi_classify_batch(const mi_model* model, const char* const* texts,
                            const size_t* lengths, size_t count, int32_t* labels,
                            float* probabilities, size_t probabilities_len) {
  return Guard("mi_classify_batch", [&]() -> mi_status {
    if (model == nullptr) return NullArg("mi_classify_batch", "model");
    if (mi_status s = CheckTexts("mi_classify_batch", texts, lengths, count); s != MI_OK) return s;
    return meetintent::ClassifyInto("mi_classify_batch", model, texts, lengths, count, labels,
                                    nullptr, 0, probabilities, probabilities_len);
  });
}

mi_status mi_classify_ex(const mi_model* model, const char* text, size_t length,
                         mi_result* result, float* probabilities, size_t probabilities_len) {
  return Guard("mi_classify_ex", [&]() -> mi_status {
    if (model == nullptr) return NullArg("mi_classify_ex", "model");
    if (result == nullptr) return NullArg("mi_classify_ex", "result");
    if (text == nullptr && length > 0) return NullArg("mi_classify_ex", "text (with length > 0)");
    if (result->struct_size < meetintent::kResultV1_1) {
      return SizeError("mi_classify_ex", "result", result->struct_size, meetintent::kResultV1_1,
                       "mi_result");
    }
    return meetintent::ClassifyInto("mi_classify_ex", model, &text, &length, 1, nullptr, result,
                                    result->struct_size, probabilities, probabilities_len);
  });
}

mi_status mi_classify_batch_ex(const mi_model* model, const char* const* texts,
                               const size_t* lengths, size_t count, mi_result* results,
                               float* probabilities, size_t probabilities_len) {
  return Guard("mi_classify_batch_ex", [&]() -> mi_status {
    if (model == nullptr) return NullArg("mi_classify_batch_ex", "model");
    if (mi_status s = CheckTexts("mi_classify_batch_ex", texts, lengths, count); s != MI_OK) {
      return s;
    }
    size_t stride = 0;
    if (results != nullptr) {
      if (mi_status s = CheckArray("mi_classify_batch_ex", "results", results, count,
                                   meetintent::kResultV1_1, "mi_result", &stride);
          s != MI_OK) {
        return s;
      }
    }
    return meetintent::ClassifyInto("mi_classify_batch_ex", model, texts, lengths, count, nullptr,
                                    results, stride, probabilities, probabilities_len);
  });
}

mi_status mi_explain(const mi_model* model, const char* text, size_t length, size_t k,
                     mi_explanation** out) {
  return Guard("mi_explain", [&]() -> mi_status {
    if (out == nullptr) return NullArg("mi_explain", "out");
    *out = nullptr;
    if (model == nullptr) return NullArg("mi_explain", "model");
    if (text == nullptr && length > 0) return NullArg("mi_explain", "text (with length > 0)");
    if (k == 0 || k > 1000) {
      return Fail(MI_ERR_INVALID_ARGUMENT, "mi_explain: k must be between 1 and 1000");
    }
    auto e = std::make_unique<mi_explanation>();
    model->model->Explain(std::string_view(text == nullptr ? "" : text, length), k,
                          &meetintent::ThreadWorkspace(), &e->explanation);
    for (const auto& c : e->explanation.supporting) e->items.push_back(&c);
    for (const auto& c : e->explanation.opposing) e->items.push_back(&c);
    *out = e.release();
    return MI_OK;
  });
}

mi_status mi_explanation_label(const mi_explanation* e, int32_t* label, float* probability) {
  return Guard("mi_explanation_label", [&]() -> mi_status {
    if (e == nullptr) return NullArg("mi_explanation_label", "explanation");
    if (label != nullptr) *label = e->explanation.label;
    if (probability != nullptr) {
      *probability = e->explanation.probabilities[static_cast<size_t>(e->explanation.label)];
    }
    return MI_OK;
  });
}

mi_status mi_explanation_count(const mi_explanation* e, size_t* count) {
  return Guard("mi_explanation_count", [&]() -> mi_status {
    if (e == nullptr) return NullArg("mi_explanation_count", "explanation");
    if (count == nullptr) return NullArg("mi_explanation_count", "count");
    *count = e->items.size();
    return MI_OK;
  });
}

mi_status mi_explanation_get(const mi_explanation* e, size_t index, mi_contribution* out) {
  return Guard("mi_explanation_get", [&]() -> mi_status {
    if (e == nullptr) return NullArg("mi_explanation_get", "explanation");
    if (out == nullptr) return NullArg("mi_explanation_get", "out");
    if (out->struct_size < meetintent::kContributionV1_0) {
      return SizeError("mi_explanation_get", "out", out->struct_size,
                       meetintent::kContributionV1_0, "mi_contribution");
    }
    if (index >= e->items.size()) {
      return Fail(MI_ERR_INVALID_ARGUMENT, "mi_explanation_get: index " +
                                               std::to_string(index) + " is out of range");
    }
    const meetintent::Contribution& c = *e->items[index];
    mi_contribution full{};
    full.feature = c.feature.c_str();
    full.kind = static_cast<int32_t>(c.kind);
    full.supports = index < e->explanation.supporting.size() ? 1 : 0;
    full.weight = c.weight;
    full.begin = c.span.begin;
    full.end = c.span.end;
    WriteOut(full, out, out->struct_size);
    return MI_OK;
  });
}

void mi_explanation_free(mi_explanation* e) { delete e; }

mi_status mi_train_options_init_sized(mi_train_options* options, size_t struct_size) {
  return Guard("mi_train_options_init_sized", [&]() -> mi_status {
    return meetintent::InitSized("mi_train_options_init_sized", options, struct_size,
                                 meetintent::kTrainOptionsV1_0, "mi_train_options",
                                 meetintent::DefaultTrainOptions());
  });
}

// The 1.0 entry point, for programs built against 1.0: their struct has the
// 1.0 fields only. Newer programs reach mi_train_options_init_sized through
// the mi_train_options_init() macro.
void(mi_train_options_init)(mi_train_options* options) {
  if (options == nullptr) return;
  mi_train_options_init_sized(options, meetintent::kTrainOptionsSizeofV1_0);
}

mi_status mi_train_file(const char* path, const mi_train_options* options, mi_model** out) {
  return Guard("mi_train_file", [&]() -> mi_status {
    if (out == nullptr) return NullArg("mi_train_file", "out");
    *out = nullptr;
    if (path == nullptr) return NullArg("mi_train_file", "path");
    meetintent::TrainOptions o;
    if (mi_status s = meetintent::ToTrainOptions("mi_train_file", options, &o); s != MI_OK) {
      return s;
    }
    std::vector<meetintent::Example> examples;
    if (mi_status s = FromStatus(meetintent::ReadExamples(path, &examples)); s != MI_OK) return s;
    return meetintent::TrainAndWrap(o, examples, out);
  });
}

mi_status mi_train(const char* const* texts, const size_t* lengths, const char* const* labels,
                   size_t count, const mi_train_options* options, mi_model** out) {
  return Guard("mi_train", [&]() -> mi_status {
    if (out == nullptr) return NullArg("mi_train", "out");
    *out = nullptr;
    if (mi_status s = CheckTexts("mi_train", texts, lengths, count); s != MI_OK) return s;
    if (count > 0 && labels == nullptr) return NullArg("mi_train", "labels");
    meetintent::TrainOptions o;
    if (mi_status s = meetintent::ToTrainOptions("mi_train", options, &o); s != MI_OK) return s;
    if (count == 0) return Fail(MI_ERR_INVALID_ARGUMENT, "mi_train: count is 0: no examples");
    std::vector<meetintent::Example> examples(count);
    for (size_t i = 0; i < count; ++i) {
      if (labels[i] == nullptr) {
        return Fail(MI_ERR_NULL_ARGUMENT, "mi_train: labels[" + std::to_string(i) + "] is NULL");
      }
      if (labels[i][0] == '\0') {
        return Fail(MI_ERR_INVALID_ARGUMENT, "mi_train: labels[" + std::to_string(i) +
                                                 "] is empty; a label needs a name");
      }
      examples[i].label = labels[i];
      examples[i].text.assign(TextOf(texts[i], lengths[i]));
    }
    return meetintent::TrainAndWrap(o, examples, out);
  });
}

mi_status mi_thread_options_init(mi_thread_options* options, size_t struct_size) {
  return Guard("mi_thread_options_init", [&]() -> mi_status {
    return meetintent::InitSized("mi_thread_options_init", options, struct_size,
                                 meetintent::kThreadOptionsV1_1, "mi_thread_options",
                                 meetintent::DefaultThreadOptions());
  });
}

mi_status mi_thread_analyze(const mi_model* model, const mi_thread_message* messages,
                            size_t count, mi_thread_analysis** out) {
  return Guard("mi_thread_analyze", [&]() -> mi_status {
    return meetintent::AnalyzeThreadImpl("mi_thread_analyze", model, messages, count, nullptr,
                                         out);
  });
}

mi_status mi_thread_analyze_ex(const mi_model* model, const mi_thread_message* messages,
                               size_t count, const mi_thread_options* options,
                               mi_thread_analysis** out) {
  return Guard("mi_thread_analyze_ex", [&]() -> mi_status {
    return meetintent::AnalyzeThreadImpl("mi_thread_analyze_ex", model, messages, count, options,
                                         out);
  });
}

mi_status mi_thread_label(const mi_thread_analysis* a, int32_t* label,
                          float* personal_probability) {
  return Guard("mi_thread_label", [&]() -> mi_status {
    if (a == nullptr) return NullArg("mi_thread_label", "analysis");
    if (label != nullptr) *label = a->analysis.label;
    if (personal_probability != nullptr) *personal_probability = a->analysis.personal_probability;
    return MI_OK;
  });
}

mi_status mi_thread_message_score(const mi_thread_analysis* a, size_t index, float* personal,
                                  float* smoothed) {
  return Guard("mi_thread_message_score", [&]() -> mi_status {
    if (a == nullptr) return NullArg("mi_thread_message_score", "analysis");
    if (index >= a->analysis.personal.size()) {
      return Fail(MI_ERR_INVALID_ARGUMENT, "mi_thread_message_score: index out of range");
    }
    if (personal != nullptr) *personal = a->analysis.personal[index];
    if (smoothed != nullptr) *smoothed = a->analysis.trajectory[index];
    return MI_OK;
  });
}

mi_status mi_thread_drift(const mi_thread_analysis* a, int32_t* detected, size_t* message,
                          const char** sender, float* probability) {
  return Guard("mi_thread_drift", [&]() -> mi_status {
    if (a == nullptr) return NullArg("mi_thread_drift", "analysis");
    const meetintent::DriftEvent& d = a->analysis.drift;
    if (detected != nullptr) *detected = d.detected ? 1 : 0;
    if (message != nullptr) *message = d.message;
    if (sender != nullptr) *sender = d.sender.c_str();
    if (probability != nullptr) *probability = d.probability;
    return MI_OK;
  });
}

mi_status mi_thread_sender_count(const mi_thread_analysis* a, size_t* count) {
  return Guard("mi_thread_sender_count", [&]() -> mi_status {
    if (a == nullptr) return NullArg("mi_thread_sender_count", "analysis");
    if (count == nullptr) return NullArg("mi_thread_sender_count", "count");
    *count = a->analysis.senders.size();
    return MI_OK;
  });
}

mi_status mi_thread_sender_get(const mi_thread_analysis* a, size_t index, const char** sender,
                               size_t* num_messages) {
  return Guard("mi_thread_sender_get", [&]() -> mi_status {
    if (a == nullptr) return NullArg("mi_thread_sender_get", "analysis");
    const auto& senders = a->analysis.senders;
    if (index >= senders.size()) {
      return Fail(MI_ERR_INVALID_ARGUMENT, "mi_thread_sender_get: index " +
                                               std::to_string(index) + " is out of range (" +
                                               std::to_string(senders.size()) + " senders)");
    }
    if (sender != nullptr) *sender = senders[index].sender.c_str();
    if (num_messages != nullptr) *num_messages = senders[index].messages.size();
    return MI_OK;
  });
}

mi_status mi_thread_sender_point(const mi_thread_analysis* a, size_t sender_index, size_t k,
                                 size_t* message, float* smoothed) {
  return Guard("mi_thread_sender_point", [&]() -> mi_status {
    if (a == nullptr) return NullArg("mi_thread_sender_point", "analysis");
    const auto& senders = a->analysis.senders;
    if (sender_index >= senders.size() || k >= senders[sender_index].messages.size()) {
      return Fail(MI_ERR_INVALID_ARGUMENT,
                  "mi_thread_sender_point: sender " + std::to_string(sender_index) + ", point " +
                      std::to_string(k) + " is out of range");
    }
    if (message != nullptr) *message = senders[sender_index].messages[k];
    if (smoothed != nullptr) *smoothed = senders[sender_index].smoothed[k];
    return MI_OK;
  });
}

mi_status mi_thread_quid_pro_quo_count(const mi_thread_analysis* a, size_t* count) {
  return Guard("mi_thread_quid_pro_quo_count", [&]() -> mi_status {
    if (a == nullptr) return NullArg("mi_thread_quid_pro_quo_count", "analysis");
    if (count == nullptr) return NullArg("mi_thread_quid_pro_quo_count", "count");
    *count = a->analysis.quid_pro_quo.size();
    return MI_OK;
  });
}

mi_status mi_thread_quid_pro_quo_get(const mi_thread_analysis* a, size_t index,
                                     mi_quid_pro_quo* out) {
  return Guard("mi_thread_quid_pro_quo_get", [&]() -> mi_status {
    if (a == nullptr) return NullArg("mi_thread_quid_pro_quo_get", "analysis");
    if (out == nullptr) return NullArg("mi_thread_quid_pro_quo_get", "out");
    if (out->struct_size < meetintent::kQuidProQuoV1_0) {
      return SizeError("mi_thread_quid_pro_quo_get", "out", out->struct_size,
                       meetintent::kQuidProQuoV1_0, "mi_quid_pro_quo");
    }
    if (index >= a->analysis.quid_pro_quo.size()) {
      return Fail(MI_ERR_INVALID_ARGUMENT, "mi_thread_quid_pro_quo_get: index " +
                                               std::to_string(index) + " is out of range");
    }
    const meetintent::QuidProQuo& q = a->analysis.quid_pro_quo[index];
    mi_quid_pro_quo full{};
    full.benefit_message = q.benefit_message;
    full.benefit_begin = q.benefit.span.begin;
    full.benefit_end = q.benefit.span.end;
    full.ask_message = q.ask_message;
    full.ask_begin = q.ask.span.begin;
    full.ask_end = q.ask.span.end;
    full.conditional = q.conditional ? 1 : 0;
    full.confidence = q.confidence;
    WriteOut(full, out, out->struct_size);
    return MI_OK;
  });
}

mi_status mi_thread_highlight_count(const mi_thread_analysis* a, size_t* count) {
  return Guard("mi_thread_highlight_count", [&]() -> mi_status {
    if (a == nullptr) return NullArg("mi_thread_highlight_count", "analysis");
    if (count == nullptr) return NullArg("mi_thread_highlight_count", "count");
    *count = a->analysis.highlights.size();
    return MI_OK;
  });
}

mi_status mi_thread_highlight_get(const mi_thread_analysis* a, size_t index, mi_highlight* out) {
  return Guard("mi_thread_highlight_get", [&]() -> mi_status {
    if (a == nullptr) return NullArg("mi_thread_highlight_get", "analysis");
    if (out == nullptr) return NullArg("mi_thread_highlight_get", "out");
    if (out->struct_size < meetintent::kHighlightV1_0) {
      return SizeError("mi_thread_highlight_get", "out", out->struct_size,
                       meetintent::kHighlightV1_0, "mi_highlight");
    }
    if (index >= a->analysis.highlights.size()) {
      return Fail(MI_ERR_INVALID_ARGUMENT, "mi_thread_highlight_get: index " +
                                               std::to_string(index) + " is out of range");
    }
    const meetintent::Highlight& h = a->analysis.highlights[index];
    mi_highlight full{};
    full.message = h.message;
    full.begin = h.span.begin;
    full.end = h.span.end;
    full.role = h.role.c_str();
    full.weight = h.weight;
    WriteOut(full, out, out->struct_size);
    return MI_OK;
  });
}

void mi_thread_analysis_free(mi_thread_analysis* a) { delete a; }

// ---- Adapting to a user ----

mi_status mi_adapt_options_init(mi_adapt_options* options, size_t struct_size) {
  return Guard("mi_adapt_options_init", [&]() -> mi_status {
    return meetintent::InitSized("mi_adapt_options_init", options, struct_size,
                                 meetintent::kAdaptOptionsV1_1, "mi_adapt_options",
                                 meetintent::ToCAdaptOptions(meetintent::AdaptOptions()));
  });
}

mi_status mi_overlay_create(const mi_model* model, mi_overlay** out) {
  return Guard("mi_overlay_create", [&]() -> mi_status {
    return meetintent::CreateOverlay("mi_overlay_create", model, nullptr, out);
  });
}

mi_status mi_overlay_create_with_options(const mi_model* model, const mi_adapt_options* options,
                                         mi_overlay** out) {
  return Guard("mi_overlay_create_with_options", [&]() -> mi_status {
    return meetintent::CreateOverlay("mi_overlay_create_with_options", model, options, out);
  });
}

mi_status mi_overlay_get_options(const mi_overlay* overlay, mi_adapt_options* out) {
  return Guard("mi_overlay_get_options", [&]() -> mi_status {
    const char* where = "mi_overlay_get_options";
    if (overlay == nullptr) return NullArg(where, "overlay");
    if (out == nullptr) return NullArg(where, "out");
    if (out->struct_size < meetintent::kAdaptOptionsV1_1) {
      return meetintent::SizeError(where, "out", out->struct_size, meetintent::kAdaptOptionsV1_1,
                                   "mi_adapt_options");
    }
    meetintent::WriteOut(meetintent::ToCAdaptOptions(overlay->adapter->options()), out,
                         out->struct_size);
    return MI_OK;
  });
}

mi_status mi_overlay_update(mi_overlay* overlay, const char* text, size_t length,
                            const char* label) {
  return Guard("mi_overlay_update", [&]() -> mi_status {
    if (overlay == nullptr) return NullArg("mi_overlay_update", "overlay");
    if (label == nullptr) return NullArg("mi_overlay_update", "label");
    if (text == nullptr && length > 0) return NullArg("mi_overlay_update", "text (with length > 0)");
    const int index = overlay->adapter->base().LabelIndex(label);
    if (index < 0) {
      return Fail(MI_ERR_UNKNOWN_LABEL,
                              std::string("mi_overlay_update: no label named '") + label + "'");
    }
    return FromStatus(
        overlay->adapter->Update(TextOf(text, length), index));
  });
}

mi_status mi_overlay_update_batch(mi_overlay* overlay, const char* const* texts,
                                  const size_t* lengths, const char* const* labels, size_t count,
                                  uint32_t passes) {
  return Guard("mi_overlay_update_batch", [&]() -> mi_status {
    const char* where = "mi_overlay_update_batch";
    if (overlay == nullptr) return NullArg(where, "overlay");
    if (mi_status s = CheckTexts(where, texts, lengths, count); s != MI_OK) return s;
    if (labels == nullptr && count > 0) return NullArg(where, "labels");
    if (passes < 1 || passes > 1000) {
      return Fail(MI_ERR_INVALID_ARGUMENT,
                              std::string(where) + ": passes must be 1..1000");
    }
    const meetintent::Model& base = overlay->adapter->base();
    std::vector<meetintent::Example> corrections(count);
    for (size_t i = 0; i < count; ++i) {
      if (labels[i] == nullptr) return NullArg(where, "labels[i]");
      if (base.LabelIndex(labels[i]) < 0) {
        return Fail(MI_ERR_UNKNOWN_LABEL, std::string(where) + ": labels[" +
                                                          std::to_string(i) + "] '" + labels[i] +
                                                          "' is not a label of the model");
      }
      corrections[i].label = labels[i];
      corrections[i].text = std::string(TextOf(texts[i], lengths[i]));
    }
    return FromStatus(
        overlay->adapter->UpdateBatch(corrections, static_cast<int>(passes)));
  });
}

mi_status mi_overlay_classify(const mi_overlay* overlay, const char* text, size_t length,
                              int32_t* label, float* probabilities, size_t probabilities_len) {
  return Guard("mi_overlay_classify", [&]() -> mi_status {
    if (overlay == nullptr) return NullArg("mi_overlay_classify", "overlay");
    if (text == nullptr && length > 0) {
      return NullArg("mi_overlay_classify", "text (with length > 0)");
    }
    return meetintent::OverlayClassify(overlay, text, length, label, probabilities,
                                       probabilities_len);
  });
}

mi_status mi_overlay_stats(const mi_overlay* overlay, size_t* entries, uint64_t* updates) {
  return Guard("mi_overlay_stats", [&]() -> mi_status {
    if (overlay == nullptr) return NullArg("mi_overlay_stats", "overlay");
    if (entries != nullptr) *entries = overlay->adapter->entries();
    if (updates != nullptr) *updates = overlay->adapter->updates();
    return MI_OK;
  });
}

mi_status mi_overlay_save(const mi_overlay* overlay, const char* path) {
  return Guard("mi_overlay_save", [&]() -> mi_status {
    if (overlay == nullptr) return NullArg("mi_overlay_save", "overlay");
    if (path == nullptr) return NullArg("mi_overlay_save", "path");
    return FromStatus(overlay->adapter->Save(path));
  });
}

mi_status mi_overlay_load(const mi_model* model, const char* path, mi_overlay** out) {
  return Guard("mi_overlay_load", [&]() -> mi_status {
    if (model == nullptr) return NullArg("mi_overlay_load", "model");
    if (path == nullptr) return NullArg("mi_overlay_load", "path");
    if (out == nullptr) return NullArg("mi_overlay_load", "out");
    *out = nullptr;
    std::unique_ptr<meetintent::Adapter> a;
    if (meetintent::Status s = meetintent::Adapter::Load(*model->model, path, &a); !s.ok()) {
      return FromStatus(s);
    }
    *out = new mi_overlay{std::move(a)};
    return MI_OK;
  });
}

mi_status mi_overlay_merge(const mi_overlay* overlay, mi_model** out) {
  return Guard("mi_overlay_merge", [&]() -> mi_status {
    if (overlay == nullptr) return NullArg("mi_overlay_merge", "overlay");
    if (out == nullptr) return NullArg("mi_overlay_merge", "out");
    *out = nullptr;
    std::unique_ptr<meetintent::Model> m;
    if (meetintent::Status s = overlay->adapter->Merge(&m); !s.ok()) {
      return FromStatus(s);
    }
    return meetintent::Wrap(std::move(m), out);
  });
}

void mi_overlay_free(mi_overlay* overlay) { delete overlay; }

}  // extern "C"
