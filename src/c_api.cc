// The only file that implements meetintent.h. Every entry point catches
// everything: no exception leaves the library.
#include "meetintent/meetintent.h"

#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "c_api_testing.h"
#include "meetintent/model.h"
#include "meetintent/thread.h"
#include "meetintent/train.h"

struct mi_model {
  std::unique_ptr<meetintent::Model> model;
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
  try {
    g_last_error = message;
  } catch (...) {
    // Out of memory while recording the error: keep the code at least.
  }
  return code;
}

mi_status FromStatus(const Status& s) {
  if (s.ok()) return MI_OK;
  mi_status code = MI_ERR_INTERNAL;
  switch (s.code()) {
    case StatusCode::kOk: return MI_OK;
    case StatusCode::kInvalidArgument: code = MI_ERR_INVALID_ARGUMENT; break;
    case StatusCode::kIoError: code = MI_ERR_IO; break;
    case StatusCode::kCorruptModel: code = MI_ERR_CORRUPT_MODEL; break;
    case StatusCode::kUnsupportedVersion: code = MI_ERR_UNSUPPORTED_VERSION; break;
    case StatusCode::kParseError: code = MI_ERR_PARSE; break;
    case StatusCode::kOutOfMemory: code = MI_ERR_OUT_OF_MEMORY; break;
    case StatusCode::kInternal: code = MI_ERR_INTERNAL; break;
  }
  return Fail(code, s.message());
}

// Runs fn() and turns any exception into a status.
template <typename Fn>
mi_status Guard(const char* where, Fn fn) {
  try {
    MaybeFault();
    return fn();
  } catch (const std::bad_alloc&) {
    return Fail(MI_ERR_OUT_OF_MEMORY, std::string(where) + ": out of memory");
  } catch (const std::exception& e) {
    return Fail(MI_ERR_INTERNAL, std::string(where) + ": internal error: " + e.what());
  } catch (...) {
    return Fail(MI_ERR_INTERNAL, std::string(where) + ": internal error");
  }
}

mi_status NullArg(const char* where, const char* what) {
  return Fail(MI_ERR_NULL_ARGUMENT, std::string(where) + ": " + what + " is NULL");
}

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

}  // namespace
}  // namespace meetintent

using meetintent::Fail;
using meetintent::FromStatus;
using meetintent::Guard;
using meetintent::NullArg;

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

mi_status mi_model_get_info(const mi_model* model, mi_model_info* info) {
  return Guard("mi_model_get_info", [&]() -> mi_status {
    if (model == nullptr) return NullArg("mi_model_get_info", "model");
    if (info == nullptr) return NullArg("mi_model_get_info", "info");
    const size_t v1_size = offsetof(mi_model_info, calibration_scale) + sizeof(float);
    if (info->struct_size < v1_size) {
      return Fail(MI_ERR_INVALID_ARGUMENT,
                  "mi_model_get_info: info->struct_size is too small; set it to "
                  "sizeof(mi_model_info)");
    }
    const meetintent::Model& m = *model->model;
    const meetintent::FeatureOptions& f = m.feature_options();
    info->format_version = m.format_version();
    info->num_labels = static_cast<uint32_t>(m.labels().size());
    info->hash_bits = static_cast<uint32_t>(f.hash_bits);
    info->max_word_ngram = static_cast<uint32_t>(f.max_word_ngram);
    info->min_char_ngram = static_cast<uint32_t>(f.min_char_ngram);
    info->max_char_ngram = static_cast<uint32_t>(f.max_char_ngram);
    info->weight_type = static_cast<uint32_t>(m.weight_type());
    info->weight_bytes = m.weight_bytes();
    info->calibration_scale = m.calibration().scale;
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
    const meetintent::Model& m = *model->model;
    const size_t k = m.labels().size();
    if (probabilities != nullptr && probabilities_len < k) {
      return Fail(MI_ERR_BUFFER_TOO_SMALL, "mi_classify: probabilities has room for " +
                                               std::to_string(probabilities_len) +
                                               " values, the model has " + std::to_string(k) +
                                               " labels");
    }
    thread_local meetintent::Prediction p;
    m.Predict(std::string_view(text == nullptr ? "" : text, length),
              &meetintent::ThreadWorkspace(), &p);
    if (label != nullptr) *label = p.label;
    if (probabilities != nullptr) std::memcpy(probabilities, p.probabilities.data(), k * sizeof(float));
    return MI_OK;
  });
}

mi_status mi_classify_batch(const mi_model* model, const char* const* texts,
                            const size_t* lengths, size_t count, int32_t* labels,
                            float* probabilities, size_t probabilities_len) {
  return Guard("mi_classify_batch", [&]() -> mi_status {
    if (model == nullptr) return NullArg("mi_classify_batch", "model");
    if (count > 0 && (texts == nullptr || lengths == nullptr)) {
      return NullArg("mi_classify_batch", "texts or lengths");
    }
    const meetintent::Model& m = *model->model;
    const size_t k = m.labels().size();
    if (probabilities != nullptr && (probabilities_len / k < count)) {
      return Fail(MI_ERR_BUFFER_TOO_SMALL,
                  "mi_classify_batch: probabilities needs count * num_labels = " +
                      std::to_string(count) + " * " + std::to_string(k) + " values");
    }
    for (size_t i = 0; i < count; ++i) {
      if (texts[i] == nullptr && lengths[i] > 0) {
        return Fail(MI_ERR_NULL_ARGUMENT, "mi_classify_batch: texts[" + std::to_string(i) +
                                              "] is NULL with a non-zero length");
      }
    }
    thread_local meetintent::Prediction p;
    meetintent::Workspace& ws = meetintent::ThreadWorkspace();
    for (size_t i = 0; i < count; ++i) {
      m.Predict(std::string_view(texts[i] == nullptr ? "" : texts[i], lengths[i]), &ws, &p);
      if (labels != nullptr) labels[i] = p.label;
      if (probabilities != nullptr) {
        std::memcpy(probabilities + i * k, p.probabilities.data(), k * sizeof(float));
      }
    }
    return MI_OK;
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
    if (out->struct_size < sizeof(mi_contribution)) {
      return Fail(MI_ERR_INVALID_ARGUMENT,
                  "mi_explanation_get: out->struct_size must be sizeof(mi_contribution)");
    }
    if (index >= e->items.size()) {
      return Fail(MI_ERR_INVALID_ARGUMENT, "mi_explanation_get: index " +
                                               std::to_string(index) + " is out of range");
    }
    const meetintent::Contribution& c = *e->items[index];
    out->feature = c.feature.c_str();
    out->kind = static_cast<int32_t>(c.kind);
    out->supports = index < e->explanation.supporting.size() ? 1 : 0;
    out->weight = c.weight;
    out->begin = c.span.begin;
    out->end = c.span.end;
    return MI_OK;
  });
}

void mi_explanation_free(mi_explanation* e) { delete e; }

void mi_train_options_init(mi_train_options* o) {
  if (o == nullptr) return;
  const meetintent::TrainOptions d;
  o->struct_size = sizeof(mi_train_options);
  o->epochs = d.epochs;
  o->learning_rate = d.learning_rate;
  o->l2 = d.l2;
  o->seed = d.seed;
  o->validation_fraction = d.validation_fraction;
  o->hash_bits = d.features.hash_bits;
  o->max_word_ngram = d.features.max_word_ngram;
  o->min_char_ngram = d.features.min_char_ngram;
  o->max_char_ngram = d.features.max_char_ngram;
  o->balance_classes = d.balance_classes ? 1 : 0;
  o->calibrate = d.calibrate ? 1 : 0;
  o->quantize = d.quantize ? 1 : 0;
}

mi_status mi_train_file(const char* path, const mi_train_options* options, mi_model** out) {
  return Guard("mi_train_file", [&]() -> mi_status {
    if (out == nullptr) return NullArg("mi_train_file", "out");
    *out = nullptr;
    if (path == nullptr) return NullArg("mi_train_file", "path");
    meetintent::TrainOptions o;
    if (options != nullptr) {
      if (options->struct_size < sizeof(mi_train_options)) {
        return Fail(MI_ERR_INVALID_ARGUMENT,
                    "mi_train_file: options->struct_size is too small; use mi_train_options_init");
      }
      o.epochs = options->epochs;
      o.learning_rate = options->learning_rate;
      o.l2 = options->l2;
      o.seed = options->seed;
      o.validation_fraction = options->validation_fraction;
      o.features.hash_bits = options->hash_bits;
      o.features.max_word_ngram = options->max_word_ngram;
      o.features.min_char_ngram = options->min_char_ngram;
      o.features.max_char_ngram = options->max_char_ngram;
      o.balance_classes = options->balance_classes != 0;
      o.calibrate = options->calibrate != 0;
      o.quantize = options->quantize != 0;
    }
    std::vector<meetintent::Example> examples;
    if (mi_status s = FromStatus(meetintent::ReadExamples(path, &examples)); s != MI_OK) return s;
    std::unique_ptr<meetintent::Model> m;
    if (mi_status s = FromStatus(meetintent::Train(o, examples, &m, nullptr)); s != MI_OK) {
      return s;
    }
    return meetintent::Wrap(std::move(m), out);
  });
}

mi_status mi_thread_analyze(const mi_model* model, const mi_thread_message* messages,
                            size_t count, mi_thread_analysis** out) {
  return Guard("mi_thread_analyze", [&]() -> mi_status {
    if (out == nullptr) return NullArg("mi_thread_analyze", "out");
    *out = nullptr;
    if (model == nullptr) return NullArg("mi_thread_analyze", "model");
    if (messages == nullptr && count > 0) return NullArg("mi_thread_analyze", "messages");
    std::vector<meetintent::ThreadMessage> thread(count);
    for (size_t i = 0; i < count; ++i) {
      const mi_thread_message& m = messages[i];
      if (m.struct_size < sizeof(mi_thread_message)) {
        return Fail(MI_ERR_INVALID_ARGUMENT, "mi_thread_analyze: messages[" + std::to_string(i) +
                                                 "].struct_size must be sizeof(mi_thread_message)");
      }
      if (m.text == nullptr && m.text_length > 0) {
        return Fail(MI_ERR_NULL_ARGUMENT, "mi_thread_analyze: messages[" + std::to_string(i) +
                                              "].text is NULL with a non-zero length");
      }
      thread[i].sender = m.sender == nullptr ? "" : m.sender;
      thread[i].text.assign(m.text == nullptr ? "" : m.text, m.text_length);
      thread[i].timestamp = m.timestamp;
    }
    auto a = std::make_unique<mi_thread_analysis>();
    if (mi_status s = FromStatus(meetintent::AnalyzeThread(*model->model, thread,
                                                          meetintent::ThreadOptions(),
                                                          &meetintent::ThreadWorkspace(),
                                                          &a->analysis));
        s != MI_OK) {
      return s;
    }
    *out = a.release();
    return MI_OK;
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
    if (out->struct_size < sizeof(mi_quid_pro_quo) || index >= a->analysis.quid_pro_quo.size()) {
      return Fail(MI_ERR_INVALID_ARGUMENT,
                  "mi_thread_quid_pro_quo_get: index out of range or struct_size too small");
    }
    const meetintent::QuidProQuo& q = a->analysis.quid_pro_quo[index];
    out->benefit_message = q.benefit_message;
    out->benefit_begin = q.benefit.span.begin;
    out->benefit_end = q.benefit.span.end;
    out->ask_message = q.ask_message;
    out->ask_begin = q.ask.span.begin;
    out->ask_end = q.ask.span.end;
    out->conditional = q.conditional ? 1 : 0;
    out->confidence = q.confidence;
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
    if (out->struct_size < sizeof(mi_highlight) || index >= a->analysis.highlights.size()) {
      return Fail(MI_ERR_INVALID_ARGUMENT,
                  "mi_thread_highlight_get: index out of range or struct_size too small");
    }
    const meetintent::Highlight& h = a->analysis.highlights[index];
    out->message = h.message;
    out->begin = h.span.begin;
    out->end = h.span.end;
    out->role = h.role.c_str();
    out->weight = h.weight;
    return MI_OK;
  });
}

void mi_thread_analysis_free(mi_thread_analysis* a) { delete a; }

}  // extern "C"
