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
 *    struct may grow in a minor version without breaking older callers:
 *    the library accepts any struct_size at least the struct's first
 *    version's size, reads and writes only the fields that fit within it
 *    (fields the caller's struct lacks take their defaults), and never
 *    touches bytes beyond it. A struct_size larger than the library's own
 *    struct is accepted too: the extra trailing fields are left alone.
 *    Fields added in a minor version start past the previous version's
 *    sizeof, padding included, so an older caller's padding is never read
 *    as a new field.
 *  - Arrays of structs (mi_thread_message, mi_result) are read and written
 *    with the first element's struct_size as the stride: every element must
 *    carry the same struct_size, sizeof(the caller's struct).
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

/* The model file's bytes (what mi_model_save writes, and what
 * mi_model_load_buffer reads back), in the two-call pattern: *size always
 * receives the number of bytes of the model file; when capacity is at least
 * that, they are copied to buffer. buffer may be NULL when capacity is 0,
 * to ask for the size.
 * Example:
 *   size_t size = 0;
 *   mi_model_serialize(model, NULL, 0, &size);   (MI_ERR_BUFFER_TOO_SMALL)
 *   void* bytes = malloc(size);
 *   if (mi_model_serialize(model, bytes, size, &size) != MI_OK) ...
 * @return MI_OK; MI_ERR_NULL_ARGUMENT (model or size NULL, or buffer NULL
 * with capacity > 0); MI_ERR_BUFFER_TOO_SMALL when capacity < *size (nothing
 * is copied). Since 1.1. */
MI_API mi_status mi_model_serialize(const mi_model* model, void* buffer, size_t capacity,
                                    size_t* size);

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

/* mi_result.flags: what to know about a result besides its label. */
#define MI_RESULT_TRUNCATED 1u   /* longer than the read limit: judged on its first part */
#define MI_RESULT_UNSUPPORTED 2u /* the model abstains: reason "empty" (no word,
                                    number or emoji) or "unsupported-script" (mostly
                                    letters of scripts the model was not trained on);
                                    label and probability are its best guess, not a
                                    judgement: show "unknown". */

/* One message's result. Since 1.1. */
typedef struct mi_result {
  size_t struct_size;   /* set by the caller: sizeof(mi_result) */
  int32_t label;        /* index of the predicted label */
  float probability;    /* its calibrated probability */
  uint32_t flags;       /* MI_RESULT_* bits; 0 when there is nothing to add */
  const char* reason;   /* NULL when flags is 0; else why, in English (a static string:
                           never freed, valid forever). With several flags, the reason
                           of the most important one (UNSUPPORTED before TRUNCATED). */
} mi_result;

/* Classifies one message like mi_classify and fills *result (whose
 * struct_size the caller set; fields beyond it are not written).
 * probabilities may be NULL; otherwise it receives one value per label.
 * @return MI_OK; MI_ERR_NULL_ARGUMENT (model or result NULL, or text NULL
 * with length > 0); MI_ERR_INVALID_ARGUMENT (result->struct_size smaller
 * than the 1.1 mi_result); MI_ERR_BUFFER_TOO_SMALL (probabilities_len <
 * num_labels). Since 1.1. */
MI_API mi_status mi_classify_ex(const mi_model* model, const char* text, size_t length,
                                mi_result* result, float* probabilities,
                                size_t probabilities_len);

/* Classifies `count` messages like mi_classify_batch, with one mi_result per
 * message. results may be NULL; otherwise it is an array of count structs
 * whose stride is results[0].struct_size: the caller sets struct_size on
 * EVERY element, all to the same value. probabilities may be NULL; otherwise
 * it receives count * num_labels values, message after message. Everything
 * is checked before the first message is classified; on an error nothing is
 * guaranteed about the outputs.
 * @return as mi_classify_ex; MI_ERR_INVALID_ARGUMENT also when the elements'
 * struct_size differ, or count is too large for memory. Since 1.1. */
MI_API mi_status mi_classify_batch_ex(const mi_model* model, const char* const* texts,
                                      const size_t* lengths, size_t count, mi_result* results,
                                      float* probabilities, size_t probabilities_len);

/* ================================ Explaining ================================ */

typedef struct mi_explanation mi_explanation;

typedef struct mi_contribution {
  size_t struct_size;   /* set by the caller: sizeof(mi_contribution) */
  const char* feature;  /* readable feature, e.g. "coffee", "just us", "<dat";
                           owned by the explanation */
  int32_t kind;         /* 0: word, 1: word bigram, 2: character n-gram,
                           3 (since 1.1): a known word's cluster, "cl256:dinner" */
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

/* The explained label and its probability. Outputs may be NULL.
 * @return MI_OK, MI_ERR_NULL_ARGUMENT. Since 1.0. */
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

/* Where training stands, given to mi_train_options.on_epoch after every
 * epoch. Since 1.1. */
typedef struct mi_train_progress {
  size_t struct_size;          /* set by the library: its sizeof(mi_train_progress). A
                                  field added later is there only when struct_size
                                  reaches it. */
  int32_t epoch;               /* 1-based */
  int32_t epochs;              /* the most there will be (mi_train_options.epochs) */
  double train_loss;           /* mean log-loss of the epoch's updates */
  double validation_loss;      /* log-loss on the held-out share; NaN without one */
  double validation_accuracy;  /* accuracy on the held-out share; NaN without one */
  double seconds;              /* since training started */
} mi_train_progress;

/* Called after every epoch with where training stands and the options'
 * user_data, on the thread that called mi_train / mi_train_file. Return 0 to
 * go on; nonzero stops training there, keeping the best model so far (the
 * epoch with the lowest validation loss, or the last one without a
 * validation share), which is then calibrated and returned as usual.
 * It must not call mi_train or mi_train_file. Since 1.1. */
typedef int (*mi_train_callback)(const mi_train_progress* progress, void* user_data);

#define MI_OPTIMIZER_ADAGRAD 0 /* stochastic, one pass per epoch */
#define MI_OPTIMIZER_LBFGS 1   /* full batch, one L-BFGS iteration per epoch */

/* Every option is checked before training: a value outside its range gives
 * MI_ERR_INVALID_ARGUMENT and a message naming the field. */
typedef struct mi_train_options {
  size_t struct_size;          /* set by mi_train_options_init */
  int32_t epochs;              /* most passes over the data, 1..10000. Default: 10 */
  float learning_rate;         /* AdaGrad rate, 1e-9..1e6. Default: 0.5 */
  float l2;                    /* L2 penalty, 0..1000. Default: 1e-3 */
  uint64_t seed;               /* shuffling and split seed. Default: 1 */
  double validation_fraction;  /* held out for early stopping and calibration, [0, 1).
                                  Default: 0.1 */
  int32_t hash_bits;           /* 10..24. Default: 20 */
  int32_t max_word_ngram;      /* 1 or 2. Default: 2 */
  int32_t min_char_ngram;      /* 0 turns character n-grams off. Default: 3 */
  int32_t max_char_ngram;      /* Default: 5 */
  int32_t balance_classes;     /* nonzero: weight classes by frequency. Default: 1 */
  int32_t calibrate;           /* nonzero: fit probability calibration. Default: 1 */
  int32_t quantize;            /* nonzero: int8 weights. Default: 0 */
  /* ---- Since 1.1. The switches are named like the CLI's train flags. ---- */
  mi_train_callback on_epoch;  /* progress and early cancel; NULL: none. Default: NULL */
  void* user_data;             /* given to on_epoch. Default: NULL */
  int32_t optimizer;           /* MI_OPTIMIZER_ADAGRAD or MI_OPTIMIZER_LBFGS. Default: ADAGRAD */
  int32_t patience;            /* epochs without improvement before stopping, 1..10000.
                                  Default: 2 */
  int32_t threads;             /* threads extracting features, 1..256. Default: 2 */
  int32_t keep_quotes;         /* nonzero: keep quoted replies and forwarded headers of
                                  e-mails. Default: 0 */
  int32_t keep_signatures;     /* nonzero: keep e-mail signatures. Default: 0 */
  int32_t no_placeholders;     /* nonzero: keep URLs, addresses, numbers, times and dates
                                  as words. Default: 0 */
  int32_t no_deobfuscate;      /* nonzero: do not undo look-alikes, leetspeak and letter
                                  spacing. Default: 0 */
  int32_t no_neutral_words;    /* nonzero: gendered words and first names are features.
                                  Default: 0 */
  int32_t no_block_norm;       /* nonzero: one L2 norm over all features instead of one
                                  per block. Default: 0 */
  int32_t average;             /* train this many models (seeds seed, seed+1, ...) and
                                  average their calibrated weights into one model of the
                                  same size, 1..64. Default: 1 */
} mi_train_options;

/* Sets the fields of *options that fit in struct_size bytes to their
 * defaults, and options->struct_size to struct_size. Pass
 * sizeof(mi_train_options); the mi_train_options_init() macro does.
 * @return MI_OK; MI_ERR_NULL_ARGUMENT; MI_ERR_INVALID_ARGUMENT when
 * struct_size is smaller than the 1.0 struct (nothing is written). Since 1.1. */
MI_API mi_status mi_train_options_init_sized(mi_train_options* options, size_t struct_size);

/* Sets every field to its default and struct_size to sizeof(mi_train_options).
 * NULL is ignored. Since 1.0.
 * From 1.1 on, mi_train_options_init(options) is a macro that calls
 * mi_train_options_init_sized(options, sizeof(mi_train_options)), so the
 * library knows how large the caller's struct is. The function of this name
 * stays exported for programs built against 1.0: it fills only the 1.0
 * fields (and sets struct_size to the 1.0 size). */
MI_API void(mi_train_options_init)(mi_train_options* options);
#define mi_train_options_init(options) \
  ((void)mi_train_options_init_sized((options), sizeof(mi_train_options)))

/* Trains a model from a TSV (label<TAB>text, \n escapes) or, for names ending
 * in .jsonl/.json, JSON Lines ({"label":..,"text":..}) file. options may be
 * NULL for the defaults. Caller owns *out.
 * @return MI_OK, MI_ERR_NULL_ARGUMENT, MI_ERR_IO, MI_ERR_PARSE,
 * MI_ERR_INVALID_ARGUMENT (bad options; fewer than two labels). Since 1.0. */
MI_API mi_status mi_train_file(const char* path, const mi_train_options* options,
                               mi_model** out);

/* Trains a model from memory: texts[i] (lengths[i] bytes of UTF-8; NULL only
 * when the length is 0) has the label labels[i] (NUL-terminated UTF-8, not
 * empty). Labels are the distinct label strings, sorted by byte value.
 * options may be NULL for the defaults. Caller owns *out.
 * @return MI_OK; MI_ERR_NULL_ARGUMENT (out, texts, lengths or labels NULL
 * with count > 0; a label NULL; a text NULL with a non-zero length);
 * MI_ERR_INVALID_ARGUMENT (bad options; count 0; fewer than two distinct
 * labels; an empty label). Since 1.1. */
MI_API mi_status mi_train(const char* const* texts, const size_t* lengths,
                          const char* const* labels, size_t count,
                          const mi_train_options* options, mi_model** out);

/* ================================ Threads ================================ */

/* One message of a conversation. Passed as an array whose stride is
 * messages[0].struct_size: set struct_size on every element. Since 1.0. */
typedef struct mi_thread_message {
  size_t struct_size;   /* set by the caller: sizeof(mi_thread_message) */
  const char* sender;   /* NUL-terminated sender id; NULL reads as "" */
  const char* text;     /* UTF-8, text_length bytes (NULL only when 0) */
  size_t text_length;
  int64_t timestamp;    /* seconds since the epoch; -1 when unknown */
} mi_thread_message;

/* How a thread is read (meetintent::ThreadOptions, include/meetintent/thread.h,
 * says more about each). Every field is checked: a value outside its range
 * gives MI_ERR_INVALID_ARGUMENT and a message naming the field. Since 1.1. */
typedef struct mi_thread_options {
  size_t struct_size;            /* set by mi_thread_options_init */
  double smoothing;              /* weight of a new message in the smoothed
                                    trajectories, (0, 1]. Default: 0.5 */
  double short_message_tokens;   /* a message of n tokens counts as evidence
                                    0.5 + (p - 0.5) * n / (n + this), 0..1e6.
                                    Default: 16 */
  double message_threshold;      /* drift: the turning message's own evidence
                                    reaches this, [0, 1]. Default: 0.65 */
  double thread_threshold;       /* ...and the smoothed thread reaches this, after a
                                    start below it, [0, 1]. Default: 0.5 */
  int32_t pair_window_messages;  /* quid pro quo across two messages of one sender:
                                    at most this many messages of others between
                                    them, >= 0. Default: 2 */
  int64_t pair_window_seconds;   /* ...and, with timestamps, at most this many
                                    seconds apart, >= 0. Default: 86400 */
} mi_thread_options;

/* Sets the fields of *options that fit in struct_size bytes to their
 * defaults, and options->struct_size to struct_size. Pass
 * sizeof(mi_thread_options).
 * @return MI_OK; MI_ERR_NULL_ARGUMENT; MI_ERR_INVALID_ARGUMENT when
 * struct_size is smaller than the 1.1 struct (nothing is written). Since 1.1. */
MI_API mi_status mi_thread_options_init(mi_thread_options* options, size_t struct_size);

typedef struct mi_thread_analysis mi_thread_analysis;

/* Analyzes a conversation (messages in order) with the default options:
 * each message's probability of "personal", smoothed trajectories for the
 * thread and for each sender, the drift event where a thread that began
 * professional turned personal, quid-pro-quo offers, highlights. The model
 * must have a label named "personal". count may be 0 (messages may then be
 * NULL): the analysis of an empty thread has label -1, probability 0, no
 * drift, no offers and no highlights. Caller owns *out
 * (mi_thread_analysis_free).
 * @return MI_OK; MI_ERR_NULL_ARGUMENT (out or model NULL, messages NULL with
 * count > 0, a text NULL with a non-zero length); MI_ERR_INVALID_ARGUMENT
 * (a struct_size smaller than the 1.0 struct or different from
 * messages[0].struct_size; count too large for memory; no "personal" label).
 * Since 1.0. */
MI_API mi_status mi_thread_analyze(const mi_model* model, const mi_thread_message* messages,
                                   size_t count, mi_thread_analysis** out);

/* mi_thread_analyze with options (NULL: the defaults).
 * @return as mi_thread_analyze; MI_ERR_INVALID_ARGUMENT also for an option
 * out of range or options->struct_size smaller than the 1.1 struct.
 * Since 1.1. */
MI_API mi_status mi_thread_analyze_ex(const mi_model* model, const mi_thread_message* messages,
                                      size_t count, const mi_thread_options* options,
                                      mi_thread_analysis** out);

/* The thread's overall label index (-1 for an empty thread) and its
 * probability of "personal". Outputs may be NULL.
 * @return MI_OK, MI_ERR_NULL_ARGUMENT (a NULL). Since 1.0. */
MI_API mi_status mi_thread_label(const mi_thread_analysis* a, int32_t* label,
                                 float* personal_probability);

/* Message `index`: its probability of "personal" and the smoothed thread
 * value after it. Outputs may be NULL.
 * @return MI_OK, MI_ERR_NULL_ARGUMENT (a NULL), MI_ERR_INVALID_ARGUMENT
 * (index out of range). Since 1.0. */
MI_API mi_status mi_thread_message_score(const mi_thread_analysis* a, size_t index,
                                         float* personal, float* smoothed);

/* The drift event: *detected is 1 when the thread turned personal at
 * *message, driven by *sender (owned by the analysis), with that message's
 * probability of "personal" in *probability; 0 otherwise (the other
 * outputs are then 0 and ""). Outputs may be NULL.
 * @return MI_OK, MI_ERR_NULL_ARGUMENT (a NULL). Since 1.0. */
MI_API mi_status mi_thread_drift(const mi_thread_analysis* a, int32_t* detected, size_t* message,
                                 const char** sender, float* probability);

/* The number of distinct senders of the thread, in order of first
 * appearance. @return MI_OK, MI_ERR_NULL_ARGUMENT. Since 1.1. */
MI_API mi_status mi_thread_sender_count(const mi_thread_analysis* a, size_t* count);

/* Sender `index`: its id (NUL-terminated, owned by the analysis) and how many
 * messages it sent, which is the length of its trajectory. Outputs may be
 * NULL. @return MI_OK, MI_ERR_NULL_ARGUMENT (a NULL), MI_ERR_INVALID_ARGUMENT
 * (index out of range). Since 1.1. */
MI_API mi_status mi_thread_sender_get(const mi_thread_analysis* a, size_t index,
                                      const char** sender, size_t* num_messages);

/* Point k of sender sender_index's trajectory: the index in the thread of
 * that sender's k-th message, and the sender's smoothed probability of
 * "personal" after it. Outputs may be NULL. @return MI_OK,
 * MI_ERR_NULL_ARGUMENT (a NULL), MI_ERR_INVALID_ARGUMENT (an index out of
 * range). Since 1.1. */
MI_API mi_status mi_thread_sender_point(const mi_thread_analysis* a, size_t sender_index,
                                        size_t k, size_t* message, float* smoothed);

/* A professional benefit offered on condition of a personal favour. Since 1.0. */
typedef struct mi_quid_pro_quo {
  size_t struct_size;       /* set by the caller: sizeof(mi_quid_pro_quo) */
  size_t benefit_message;   /* the message offering the professional benefit */
  size_t benefit_begin, benefit_end;  /* its byte span in that message */
  size_t ask_message;       /* the message with the personal ask */
  size_t ask_begin, ask_end;
  int32_t conditional;      /* 1 when a conditional link ties them */
  float confidence;
} mi_quid_pro_quo;

/* The number of quid-pro-quo offers found, ordered by benefit message.
 * @return MI_OK, MI_ERR_NULL_ARGUMENT. Since 1.0. */
MI_API mi_status mi_thread_quid_pro_quo_count(const mi_thread_analysis* a, size_t* count);

/* Fills *out (struct_size set by the caller) with offer `index`.
 * @return MI_OK, MI_ERR_NULL_ARGUMENT, MI_ERR_INVALID_ARGUMENT (index out of
 * range or struct_size smaller than the 1.0 struct). Since 1.0. */
MI_API mi_status mi_thread_quid_pro_quo_get(const mi_thread_analysis* a, size_t index,
                                            mi_quid_pro_quo* out);

/* A phrase that drove the analysis. Since 1.0. */
typedef struct mi_highlight {
  size_t struct_size;   /* set by the caller: sizeof(mi_highlight) */
  size_t message;       /* index of the message */
  size_t begin, end;    /* byte span in that message */
  const char* role;     /* "personal", "professional", "benefit", "ask" or "link"; owned */
  float weight;         /* logit contribution of a word, or 1 for a cue phrase */
} mi_highlight;

/* The number of highlights: the phrases that drove the thread's analysis, in
 * thread order. @return MI_OK, MI_ERR_NULL_ARGUMENT. Since 1.0. */
MI_API mi_status mi_thread_highlight_count(const mi_thread_analysis* a, size_t* count);

/* Fills *out (struct_size set by the caller) with highlight `index`.
 * @return MI_OK, MI_ERR_NULL_ARGUMENT, MI_ERR_INVALID_ARGUMENT (index out of
 * range or struct_size smaller than the 1.0 struct). Since 1.0. */
MI_API mi_status mi_thread_highlight_get(const mi_thread_analysis* a, size_t index,
                                         mi_highlight* out);

/* Frees an analysis. NULL is allowed. Since 1.0. */
MI_API void mi_thread_analysis_free(mi_thread_analysis* a);

/* ============================ Adapting to a user ============================ */

/* An mi_overlay learns from one user's corrections on top of a base model
 * (sparse weight deltas, FTRL-proximal with L1; see adapt.h): the base is
 * shared, never copied or changed, and must outlive every overlay made on
 * it. One thread at a time may update an overlay (updates are serialized by
 * a lock); any number may classify with it meanwhile, each seeing all of an
 * update or none of it. Since 1.1.
 *
 * Example:
 *   mi_overlay* user = NULL;
 *   mi_overlay_create(model, &user);
 *   mi_overlay_update(user, text, strlen(text), "personal");
 *   mi_overlay_classify(user, text, strlen(text), &label, probs, 2);
 *   mi_overlay_save(user, "user.mio");
 *   mi_overlay_free(user);
 */
typedef struct mi_overlay mi_overlay;

/* How an overlay learns (meetintent::AdaptOptions, include/meetintent/adapt.h,
 * says more about each). Every field is checked: a value outside its range
 * gives MI_ERR_INVALID_ARGUMENT and a message naming the field. Since 1.1. */
typedef struct mi_adapt_options {
  size_t struct_size;      /* set by mi_adapt_options_init */
  float alpha;             /* FTRL-proximal learning rate, [1e-6, 1e4]. Default: 0.5 */
  float beta;              /* learning-rate smoothing, [0, 1e4]. Default: 1 */
  float l1;                /* L1 penalty on the deltas (sparsity), [0, 1e4]. Default: 0.2 */
  float l2;                /* L2 penalty on the deltas, [0, 1e4]. Default: 0.01 */
  int32_t learn_bias;      /* 1: also learn a bias delta; 0 or 1. Default: 0 */
  float bias_l2;           /* L2 penalty on the bias deltas, [0, 1e4]. Default: 1 */
  int32_t balance_labels;  /* 1: weigh corrections by their label's rarity; 0 or 1.
                              Default: 0 */
  float skip_above;        /* skip corrections already given this probability,
                              [0.5, 1] (1: learn from all). Default: 1 */
  int32_t words_only;      /* 1: deltas of word and word-pair features only;
                              0 or 1. Default: 1 */
  uint64_t max_entries;    /* most features the overlay tracks, 1..2^24.
                              Default: 16384 */
} mi_adapt_options;

/* Sets the fields of *options that fit in struct_size bytes to their
 * defaults, and options->struct_size to struct_size. Pass
 * sizeof(mi_adapt_options).
 * @return MI_OK; MI_ERR_NULL_ARGUMENT; MI_ERR_INVALID_ARGUMENT when
 * struct_size is smaller than the 1.1 struct (nothing is written). Since 1.1. */
MI_API mi_status mi_adapt_options_init(mi_adapt_options* options, size_t struct_size);

/* A new overlay with no deltas over `model` (it classifies as the model
 * does), learning with the default options. The caller frees *out with
 * mi_overlay_free, before the model.
 * @return MI_OK, MI_ERR_NULL_ARGUMENT. Since 1.1. */
MI_API mi_status mi_overlay_create(const mi_model* model, mi_overlay** out);

/* mi_overlay_create with options (NULL: the defaults). *out is NULL on
 * failure.
 * @return MI_OK; MI_ERR_NULL_ARGUMENT (model or out NULL);
 * MI_ERR_INVALID_ARGUMENT (an option out of range, named in
 * mi_last_error_message(), or options->struct_size smaller than the 1.1
 * struct). Since 1.1. */
MI_API mi_status mi_overlay_create_with_options(const mi_model* model,
                                                const mi_adapt_options* options,
                                                mi_overlay** out);

/* The options an overlay learns with (for a loaded overlay, those it was
 * saved with), written into the struct_size bytes of *out the caller set.
 * @return MI_OK; MI_ERR_NULL_ARGUMENT (overlay or out NULL);
 * MI_ERR_INVALID_ARGUMENT (out->struct_size smaller than the 1.1 struct).
 * Since 1.1. */
MI_API mi_status mi_overlay_get_options(const mi_overlay* overlay, mi_adapt_options* out);

/* Learns one correction: `text` should have been labelled `label`.
 * @return MI_OK; MI_ERR_NULL_ARGUMENT (overlay or label NULL, text NULL with
 * length > 0); MI_ERR_UNKNOWN_LABEL. Since 1.1. */
MI_API mi_status mi_overlay_update(mi_overlay* overlay, const char* text, size_t length,
                                   const char* label);

/* Learns `count` corrections, `passes` (1..1000) passes in order, made
 * visible to readers at the end. Nothing is learned when a label is
 * unknown. @return as mi_overlay_update; MI_ERR_INVALID_ARGUMENT for passes
 * out of range. Since 1.1. */
MI_API mi_status mi_overlay_update_batch(mi_overlay* overlay, const char* const* texts,
                                         const size_t* lengths, const char* const* labels,
                                         size_t count, uint32_t passes);

/* As mi_classify, with the overlay's deltas. Since 1.1. */
MI_API mi_status mi_overlay_classify(const mi_overlay* overlay, const char* text, size_t length,
                                     int32_t* label, float* probabilities,
                                     size_t probabilities_len);

/* Non-zero deltas held, and corrections learned. Either output may be NULL.
 * @return MI_OK, MI_ERR_NULL_ARGUMENT (overlay NULL). Since 1.1. */
MI_API mi_status mi_overlay_stats(const mi_overlay* overlay, size_t* entries, uint64_t* updates);

/* Writes the overlay alone (src/overlay_file.md) atomically.
 * @return MI_OK, MI_ERR_NULL_ARGUMENT, MI_ERR_IO. Since 1.1. */
MI_API mi_status mi_overlay_save(const mi_overlay* overlay, const char* path);

/* Reads an overlay saved on `model`. @return MI_OK, MI_ERR_NULL_ARGUMENT,
 * MI_ERR_IO, MI_ERR_CORRUPT_MODEL (damaged), MI_ERR_UNSUPPORTED_VERSION,
 * MI_ERR_INVALID_ARGUMENT (saved on another base model). Since 1.1. */
MI_API mi_status mi_overlay_load(const mi_model* model, const char* path, mi_overlay** out);

/* Base + deltas as a new stand-alone model (float32 weights), freed with
 * mi_model_free, independent of the overlay and the base.
 * @return MI_OK, MI_ERR_NULL_ARGUMENT. Since 1.1. */
MI_API mi_status mi_overlay_merge(const mi_overlay* overlay, mi_model** out);

/* Frees an overlay. NULL is allowed. Since 1.1. */
MI_API void mi_overlay_free(mi_overlay* overlay);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif  /* MEETINTENT_MEETINTENT_H_ */
