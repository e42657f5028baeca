/*
 * meetintent.h: the stable C API of meetintent.
 *
 * Reads a meeting message (a chat line or an e-mail that proposes, follows up
 * on or moves a meeting) and tells whether its intent is personal or
 * professional, how sure it is, and which words made it think so.
 *
 * Rules of this API
 *  - C99; every symbol starts with mi_ (constants MI_). Nothing else is
 *    exported from the shared library.
 *  - Handles are opaque. Functions named *_free accept NULL and do nothing.
 *  - Every function that can fail returns an mi_status. On failure,
 *    mi_last_error_message() gives a human-readable reason, kept per thread
 *    until the next failing call on that thread.
 *  - No C++ exception ever crosses this boundary; no function aborts.
 *  - Text is UTF-8, passed as pointer + length in bytes (NUL bytes allowed).
 *    Invalid UTF-8 is not an error: each invalid sequence reads as U+FFFD.
 *  - Structs that cross the boundary start with struct_size, which the
 *    caller sets to sizeof(the struct) (the *_init functions do it), so a
 *    struct may grow in a minor version without breaking older callers.
 *  - Thread safety: an mi_model is immutable once loaded. Any number of
 *    threads may classify and explain with one model at the same time, with
 *    no locking by the caller. Loading and freeing different models from
 *    different threads is safe. Freeing a model while another thread uses it
 *    is not.
 *
 * Example:
 *   mi_model* model = NULL;
 *   if (mi_model_load_default(&model) != MI_OK) {
 *     fprintf(stderr, "%s\n", mi_last_error_message());
 *     return 1;
 *   }
 *   const char* text = "Coffee next week to talk about the role?";
 *   int32_t label;
 *   float probs[2];
 *   mi_classify(model, text, strlen(text), &label, probs, 2);
 *   const char* name;
 *   mi_model_label(model, (size_t)label, &name);
 *   printf("%s %.3f\n", name, probs[label]);
 *   mi_model_free(model);
 */
#ifndef MEETINTENT_MEETINTENT_H_
#define MEETINTENT_MEETINTENT_H_

#include <stddef.h>
#include <stdint.h>

#include "meetintent/version.h"

#if defined(_WIN32)
#if defined(MEETINTENT_BUILDING)
#define MI_API __declspec(dllexport)
#else
#define MI_API
#endif
#else
#define MI_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ===================== Status codes (never renumbered) ===================== */

typedef enum mi_status {
  MI_OK = 0,
  MI_ERR_INVALID_ARGUMENT = 1,    /* an argument is out of range or unusable */
  MI_ERR_IO = 2,                  /* a file could not be opened, read or written */
  MI_ERR_CORRUPT_MODEL = 3,       /* a model file or buffer is malformed */
  MI_ERR_UNSUPPORTED_VERSION = 4, /* a model file format this library cannot read */
  MI_ERR_PARSE = 5,               /* training data could not be parsed */
  MI_ERR_OUT_OF_MEMORY = 6,       /* an allocation failed */
  MI_ERR_INTERNAL = 7,            /* a bug in meetintent: please report it */
  MI_ERR_NULL_ARGUMENT = 8,       /* a required pointer (handle, output, text) is NULL */
  MI_ERR_BUFFER_TOO_SMALL = 9,    /* a caller-provided array is too small */
  MI_ERR_UNKNOWN_LABEL = 10,      /* no label of that name in the model */
  MI_ERR_ABI_MISMATCH = 11        /* header and library versions are incompatible */
} mi_status;

/* ============================ Version and errors ============================ */

/* The library's version as MAJOR*10000 + MINOR*100 + PATCH. Since 1.0. */
MI_API uint32_t mi_version(void);

/* The library's version as "MAJOR.MINOR.PATCH". Never NULL. Since 1.0. */
MI_API const char* mi_version_string(void);

/* Checks that the library can serve code compiled against the header whose
 * MI_VERSION_NUMBER is header_version: same major, and a library minor at
 * least the header's. Call it once at start-up through MI_ABI_CHECK().
 * @return MI_OK, or MI_ERR_ABI_MISMATCH. Since 1.0. */
MI_API mi_status mi_abi_check(uint32_t header_version);
#define MI_ABI_CHECK() mi_abi_check(MI_VERSION_NUMBER)

/* The reason for the last failure on this thread; "" when none. Never NULL.
 * The text stays valid until the next failing mi_ call on this thread
 * (successful calls leave it alone). Since 1.0. */
MI_API const char* mi_last_error_message(void);

/* The name of a status code, e.g. "MI_ERR_CORRUPT_MODEL". Never NULL. Since 1.0. */
MI_API const char* mi_status_name(int status);

/* ================================== Models ================================== */

typedef struct mi_model mi_model;

/* Loads the model embedded in the library. On success the caller owns
 * *out and frees it with mi_model_free. @return MI_OK, MI_ERR_NULL_ARGUMENT.
 * Since 1.0. */
MI_API mi_status mi_model_load_default(mi_model** out);

/* Loads a model file (mapped read-only). Caller owns *out.
 * @return MI_OK, MI_ERR_NULL_ARGUMENT, MI_ERR_IO, MI_ERR_CORRUPT_MODEL,
 * MI_ERR_UNSUPPORTED_VERSION. Since 1.0. */
MI_API mi_status mi_model_load_file(const char* path, mi_model** out);

/* Loads a model from memory; the bytes are copied, so the caller may free
 * `data` when this returns. Caller owns *out. @return as mi_model_load_file,
 * plus MI_ERR_NULL_ARGUMENT when data is NULL. Since 1.0. */
MI_API mi_status mi_model_load_buffer(const void* data, size_t size, mi_model** out);

/* Writes the model to `path` (atomically: a temporary file then a rename).
 * @return MI_OK, MI_ERR_NULL_ARGUMENT, MI_ERR_IO. Since 1.0. */
MI_API mi_status mi_model_save(const mi_model* model, const char* path);

/* Frees a model. NULL is allowed. Since 1.0. */
MI_API void mi_model_free(mi_model* model);

typedef struct mi_model_info {
  size_t struct_size;       /* set by the caller: sizeof(mi_model_info) */
  uint32_t format_version;  /* model file format */
  uint32_t num_labels;
  uint32_t hash_bits;       /* 2^hash_bits feature buckets */
  uint32_t max_word_ngram;  /* 1 or 2 */
  uint32_t min_char_ngram;  /* 0 when character n-grams are off */
  uint32_t max_char_ngram;
  uint32_t weight_type;     /* 0: float32, 1: int8 */
  uint64_t weight_bytes;
  float calibration_scale;
} mi_model_info;

/* Fills *info (whose struct_size the caller set; fields beyond it are not
 * written). @return MI_OK, MI_ERR_NULL_ARGUMENT, MI_ERR_INVALID_ARGUMENT
 * when struct_size is too small for the 1.0 fields. Since 1.0. */
MI_API mi_status mi_model_get_info(const mi_model* model, mi_model_info* info);

/* The number of labels (classes) of the model: at least 2.
 * @return MI_OK, MI_ERR_NULL_ARGUMENT. Since 1.0. */
MI_API mi_status mi_model_num_labels(const mi_model* model, size_t* out);

/* The name of label `index` (UTF-8, NUL-terminated), owned by the model and
 * valid until it is freed. @return MI_OK, MI_ERR_NULL_ARGUMENT,
 * MI_ERR_INVALID_ARGUMENT when index >= the number of labels. Since 1.0. */
MI_API mi_status mi_model_label(const mi_model* model, size_t index, const char** name);

/* The index of the label called `name`. @return MI_OK, MI_ERR_NULL_ARGUMENT,
 * MI_ERR_UNKNOWN_LABEL. Since 1.0. */
MI_API mi_status mi_model_label_index(const mi_model* model, const char* name, size_t* index);

/* =============================== Classifying =============================== */

/* Classifies one message of `length` bytes (text may be NULL only when length
 * is 0: the empty message). Stores the predicted label's index in *label
 * (label may be NULL if not wanted) and, when probabilities is not NULL, one
 * calibrated probability per label in probabilities[0..num_labels).
 * Messages longer than the model's read limit (1 MiB by default) are judged
 * on their first part.
 * @return MI_OK; MI_ERR_NULL_ARGUMENT (model NULL, or text NULL with
 * length > 0); MI_ERR_BUFFER_TOO_SMALL when probabilities is not NULL and
 * probabilities_len < num_labels. Since 1.0. */
MI_API mi_status mi_classify(const mi_model* model, const char* text, size_t length,
                             int32_t* label, float* probabilities, size_t probabilities_len);

/* Classifies `count` messages in one call. texts[i] has lengths[i] bytes.
 * labels (may be NULL) receives count indices; probabilities (may be NULL)
 * receives count * num_labels values, message after message.
 * On an error nothing is guaranteed about the outputs.
 * @return as mi_classify; MI_ERR_BUFFER_TOO_SMALL when probabilities_len <
 * count * num_labels. Since 1.0. */
MI_API mi_status mi_classify_batch(const mi_model* model, const char* const* texts,
                                   const size_t* lengths, size_t count, int32_t* labels,
                                   float* probabilities, size_t probabilities_len);

/* ================================ Explaining ================================ */

typedef struct mi_explanation mi_explanation;

typedef struct mi_contribution {
  size_t struct_size;   /* set by the caller: sizeof(mi_contribution) */
  const char* feature;  /* readable feature, e.g. "coffee", "just us", "<dat";
                           owned by the explanation */
  int32_t kind;         /* 0: word, 1: word bigram, 2: character n-gram */
  int32_t supports;     /* 1: pushes toward the predicted label; 0: against it */
  float weight;         /* contribution in logit units (positive supports) */
  size_t begin, end;    /* byte span [begin, end) in the original message */
} mi_contribution;

/* Explains the decision on one message: the k features pushing most toward
 * the predicted label, then the k pushing most against it, strongest first.
 * Caller owns *out (mi_explanation_free). @return as mi_classify, plus
 * MI_ERR_INVALID_ARGUMENT when k is 0 or above 1000. Since 1.0. */
MI_API mi_status mi_explain(const mi_model* model, const char* text, size_t length, size_t k,
                            mi_explanation** out);

/* The explained label and its probability. @return MI_OK, MI_ERR_NULL_ARGUMENT. */
MI_API mi_status mi_explanation_label(const mi_explanation* e, int32_t* label,
                                      float* probability);

/* The number of contributions (supporting first, then opposing).
 * @return MI_OK, MI_ERR_NULL_ARGUMENT. Since 1.0. */
MI_API mi_status mi_explanation_count(const mi_explanation* e, size_t* count);

/* Fills *out (struct_size set by the caller) with contribution `index`.
 * @return MI_OK, MI_ERR_NULL_ARGUMENT, MI_ERR_INVALID_ARGUMENT (index out of
 * range or struct_size too small). Since 1.0. */
MI_API mi_status mi_explanation_get(const mi_explanation* e, size_t index, mi_contribution* out);

/* Frees an explanation. NULL is allowed. Since 1.0. */
MI_API void mi_explanation_free(mi_explanation* e);

/* ================================= Training ================================= */

typedef struct mi_train_options {
  size_t struct_size;          /* set by mi_train_options_init */
  int32_t epochs;              /* most passes over the data. Default: 10 */
  float learning_rate;         /* AdaGrad rate. Default: 0.5 */
  float l2;                    /* L2 penalty. Default: 1e-3 */
  uint64_t seed;               /* shuffling and split seed. Default: 1 */
  double validation_fraction;  /* held out for early stopping and calibration. Default: 0.1 */
  int32_t hash_bits;           /* 10..24. Default: 20 */
  int32_t max_word_ngram;      /* 1 or 2. Default: 2 */
  int32_t min_char_ngram;      /* 0 turns character n-grams off. Default: 3 */
  int32_t max_char_ngram;      /* Default: 5 */
  int32_t balance_classes;     /* nonzero: weight classes by frequency. Default: 1 */
  int32_t calibrate;           /* nonzero: fit probability calibration. Default: 1 */
  int32_t quantize;            /* nonzero: int8 weights. Default: 0 */
} mi_train_options;

/* Sets every field to its default and struct_size to sizeof(mi_train_options).
 * NULL is ignored. Since 1.0. */
MI_API void mi_train_options_init(mi_train_options* options);

/* Trains a model from a TSV (label<TAB>text, \n escapes) or, for names ending
 * in .jsonl/.json, JSON Lines ({"label":..,"text":..}) file. options may be
 * NULL for the defaults. Caller owns *out.
 * @return MI_OK, MI_ERR_NULL_ARGUMENT, MI_ERR_IO, MI_ERR_PARSE,
 * MI_ERR_INVALID_ARGUMENT (bad options; fewer than two labels). Since 1.0. */
MI_API mi_status mi_train_file(const char* path, const mi_train_options* options,
                               mi_model** out);

/* ================================ Threads ================================ */

typedef struct mi_thread_message {
  size_t struct_size;   /* set by the caller: sizeof(mi_thread_message) */
  const char* sender;   /* NUL-terminated sender id; NULL reads as "" */
  const char* text;     /* UTF-8, text_length bytes (NULL only when 0) */
  size_t text_length;
  int64_t timestamp;    /* seconds since the epoch; -1 when unknown */
} mi_thread_message;

typedef struct mi_thread_analysis mi_thread_analysis;

/* Analyzes a conversation (messages in order): each message's probability of
 * "personal", smoothed trajectories, the drift event where a thread that
 * began professional turned personal, quid-pro-quo offers, highlights. The
 * model must have a label named "personal". Caller owns *out
 * (mi_thread_analysis_free). @return MI_OK, MI_ERR_NULL_ARGUMENT,
 * MI_ERR_INVALID_ARGUMENT (struct_size too small; no "personal" label).
 * Since 1.0. */
MI_API mi_status mi_thread_analyze(const mi_model* model, const mi_thread_message* messages,
                                   size_t count, mi_thread_analysis** out);

/* The thread's overall label index and its probability of "personal". */
MI_API mi_status mi_thread_label(const mi_thread_analysis* a, int32_t* label,
                                 float* personal_probability);

/* Message `index`: its probability of "personal" and the smoothed thread
 * value after it. @return MI_OK, MI_ERR_NULL_ARGUMENT, MI_ERR_INVALID_ARGUMENT. */
MI_API mi_status mi_thread_message_score(const mi_thread_analysis* a, size_t index,
                                         float* personal, float* smoothed);

/* The drift event: *detected is 1 when the thread turned personal at
 * *message, driven by *sender (owned by the analysis), with that message's
 * probability of "personal" in *probability. Outputs may be NULL. */
MI_API mi_status mi_thread_drift(const mi_thread_analysis* a, int32_t* detected, size_t* message,
                                 const char** sender, float* probability);

typedef struct mi_quid_pro_quo {
  size_t struct_size;       /* set by the caller: sizeof(mi_quid_pro_quo) */
  size_t benefit_message;   /* the message offering the professional benefit */
  size_t benefit_begin, benefit_end;  /* its byte span in that message */
  size_t ask_message;       /* the message with the personal ask */
  size_t ask_begin, ask_end;
  int32_t conditional;      /* 1 when a conditional link ties them */
  float confidence;
} mi_quid_pro_quo;

MI_API mi_status mi_thread_quid_pro_quo_count(const mi_thread_analysis* a, size_t* count);
MI_API mi_status mi_thread_quid_pro_quo_get(const mi_thread_analysis* a, size_t index,
                                            mi_quid_pro_quo* out);

typedef struct mi_highlight {
  size_t struct_size;   /* set by the caller: sizeof(mi_highlight) */
  size_t message;       /* index of the message */
  size_t begin, end;    /* byte span in that message */
  const char* role;     /* "personal", "professional", "benefit", "ask" or "link"; owned */
  float weight;
} mi_highlight;

/* The phrases that drove the thread's analysis, in thread order. */
MI_API mi_status mi_thread_highlight_count(const mi_thread_analysis* a, size_t* count);
MI_API mi_status mi_thread_highlight_get(const mi_thread_analysis* a, size_t index,
                                         mi_highlight* out);

/* Frees an analysis. NULL is allowed. Since 1.0. */
MI_API void mi_thread_analysis_free(mi_thread_analysis* a);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif  /* MEETINTENT_MEETINTENT_H_ */
