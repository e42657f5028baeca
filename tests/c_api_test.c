/* Tests of the C API, compiled as C99 and linked against the shared library. */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "meetintent/meetintent.h"

#include "c_test_util.h"

static void TestVersion(void) {
  CHECK(mi_version() == MI_VERSION_NUMBER);
  CHECK(strcmp(mi_version_string(), MEETINTENT_VERSION_STRING) == 0);
  CHECK(MI_ABI_CHECK() == MI_OK);
  /* A header from the next major version, or a newer minor, must be refused. */
  CHECK(mi_abi_check((MI_VERSION_MAJOR + 1) * 10000) == MI_ERR_ABI_MISMATCH);
  CHECK(strstr(mi_last_error_message(), "compiled against") != NULL);
  CHECK(mi_abi_check(MI_VERSION_MAJOR * 10000 + (MI_VERSION_MINOR + 1) * 100) ==
        MI_ERR_ABI_MISMATCH);
  CHECK(strcmp(mi_status_name(MI_ERR_CORRUPT_MODEL), "MI_ERR_CORRUPT_MODEL") == 0);
  CHECK(strcmp(mi_status_name(12345), "MI_ERR_UNKNOWN_STATUS") == 0);
}

static void TestClassify(void) {
  mi_model* m = LoadDefault();
  size_t n = 0;
  CHECK(mi_model_num_labels(m, &n) == MI_OK && n == 2);
  const char* name = NULL;
  CHECK(mi_model_label(m, 0, &name) == MI_OK && strcmp(name, "personal") == 0);
  CHECK(mi_model_label(m, 2, &name) == MI_ERR_INVALID_ARGUMENT);
  size_t index = 9;
  CHECK(mi_model_label_index(m, "professional", &index) == MI_OK && index == 1);
  CHECK(mi_model_label_index(m, "spam", &index) == MI_ERR_UNKNOWN_LABEL);
  CHECK(strstr(mi_last_error_message(), "spam") != NULL);

  const char* text = "Coffee next week to talk about the role?";
  int32_t label = -1;
  float probs[2] = {0, 0};
  CHECK(mi_classify(m, text, strlen(text), &label, probs, 2) == MI_OK);
  CHECK(label == 1);
  CHECK(probs[0] + probs[1] > 0.999f && probs[0] + probs[1] < 1.001f);
  CHECK(probs[1] > probs[0]);

  /* Defined statuses for bad arguments. */
  CHECK(mi_classify(NULL, text, strlen(text), &label, probs, 2) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_classify(m, NULL, 5, &label, probs, 2) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_classify(m, NULL, 0, &label, probs, 2) == MI_OK); /* the empty message */
  CHECK(mi_classify(m, text, strlen(text), &label, probs, 1) == MI_ERR_BUFFER_TOO_SMALL);
  CHECK(mi_classify(m, text, strlen(text), &label, probs, 0) == MI_ERR_BUFFER_TOO_SMALL);
  CHECK(mi_classify(m, text, strlen(text), NULL, NULL, 0) == MI_OK);
  /* Invalid UTF-8 and NUL bytes are read, not refused. */
  CHECK(mi_classify(m, "caf\xff\xfe\0x", 7, &label, probs, 2) == MI_OK);
  CHECK(label == 0 || label == 1);

  mi_model_info info;
  memset(&info, 0, sizeof(info));
  CHECK(mi_model_get_info(m, &info) == MI_ERR_INVALID_ARGUMENT); /* struct_size unset */
  info.struct_size = sizeof(info);
  CHECK(mi_model_get_info(m, &info) == MI_OK);
  CHECK(info.num_labels == 2 && info.format_version >= 1 && info.hash_bits >= 10);
  CHECK(mi_model_get_info(NULL, &info) == MI_ERR_NULL_ARGUMENT);
  mi_model_free(m);
  mi_model_free(NULL);
}

static void TestBatch(void) {
  mi_model* m = LoadDefault();
  const char* texts[3] = {"dinner tonight, just the two of us?",
                          "Attached is the agenda for Thursday's client meeting.", ""};
  size_t lengths[3];
  int i;
  for (i = 0; i < 3; ++i) lengths[i] = strlen(texts[i]);
  int32_t labels[3];
  float probs[6];
  CHECK(mi_classify_batch(m, texts, lengths, 3, labels, probs, 6) == MI_OK);
  CHECK(labels[0] == 0 && labels[1] == 1);
  /* The batch agrees with one-by-one calls. */
  for (i = 0; i < 3; ++i) {
    int32_t one;
    float p[2];
    mi_classify(m, texts[i], lengths[i], &one, p, 2);
    CHECK(one == labels[i] && p[0] == probs[2 * i] && p[1] == probs[2 * i + 1]);
  }
  CHECK(mi_classify_batch(m, texts, lengths, 3, labels, probs, 5) == MI_ERR_BUFFER_TOO_SMALL);
  CHECK(mi_classify_batch(m, NULL, lengths, 3, labels, NULL, 0) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_classify_batch(m, NULL, NULL, 0, NULL, NULL, 0) == MI_OK);
  CHECK(mi_classify_batch(NULL, texts, lengths, 3, labels, NULL, 0) == MI_ERR_NULL_ARGUMENT);
  mi_model_free(m);
}

static void TestExplain(void) {
  mi_model* m = LoadDefault();
  const char* text = "You looked stunning at the panel. Drinks at my place, just us?";
  mi_explanation* e = NULL;
  CHECK(mi_explain(m, text, strlen(text), 3, &e) == MI_OK);
  int32_t label = -1;
  float p = 0;
  CHECK(mi_explanation_label(e, &label, &p) == MI_OK && label == 0 && p > 0.5f);
  size_t count = 0;
  CHECK(mi_explanation_count(e, &count) == MI_OK && count >= 1 && count <= 6);
  size_t i;
  for (i = 0; i < count; ++i) {
    mi_contribution c;
    c.struct_size = sizeof(c);
    CHECK(mi_explanation_get(e, i, &c) == MI_OK);
    CHECK(c.feature != NULL && c.begin < c.end && c.end <= strlen(text));
    CHECK((c.supports && c.weight > 0) || (!c.supports && c.weight < 0));
  }
  mi_contribution c;
  c.struct_size = sizeof(c);
  CHECK(mi_explanation_get(e, count, &c) == MI_ERR_INVALID_ARGUMENT);
  c.struct_size = 4;
  CHECK(mi_explanation_get(e, 0, &c) == MI_ERR_INVALID_ARGUMENT);
  mi_explanation_free(e);
  mi_explanation_free(NULL);
  CHECK(mi_explain(m, text, strlen(text), 0, &e) == MI_ERR_INVALID_ARGUMENT && e == NULL);
  CHECK(mi_explain(NULL, text, strlen(text), 3, &e) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_explain(m, text, strlen(text), 3, NULL) == MI_ERR_NULL_ARGUMENT);
  mi_model_free(m);
}

static void TestLoadSaveTrain(const char* tmpdir) {
  char data_path[512], model_path[512];
  snprintf(data_path, sizeof(data_path), "%s/c_api_test_train.tsv", tmpdir);
  snprintf(model_path, sizeof(model_path), "%s/c_api_test_model.mim", tmpdir);
  FILE* f = fopen(data_path, "w");
  int i;
  for (i = 0; i < 10; ++i) {
    fprintf(f, "personal\tdinner date just us %d\nprofessional\tquarterly budget meeting %d\n", i, i);
  }
  fclose(f);
  mi_train_options o;
  mi_train_options_init(&o);
  o.hash_bits = 12;
  o.validation_fraction = 0;
  mi_model* m = NULL;
  CHECK(mi_train_file(data_path, &o, &m) == MI_OK && m != NULL);
  CHECK(mi_model_save(m, model_path) == MI_OK);
  mi_model* loaded = NULL;
  CHECK(mi_model_load_file(model_path, &loaded) == MI_OK);
  int32_t label = -1;
  CHECK(mi_classify(loaded, "budget meeting", 14, &label, NULL, 0) == MI_OK && label == 1);

  /* From memory: read the file back and load it. */
  f = fopen(model_path, "rb");
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* bytes = (char*)malloc((size_t)size);
  CHECK(fread(bytes, 1, (size_t)size, f) == (size_t)size);
  fclose(f);
  mi_model* from_memory = NULL;
  CHECK(mi_model_load_buffer(bytes, (size_t)size, &from_memory) == MI_OK);
  bytes[size / 2] ^= 1;
  mi_model* damaged = (mi_model*)1;
  CHECK(mi_model_load_buffer(bytes, (size_t)size, &damaged) == MI_ERR_CORRUPT_MODEL);
  CHECK(damaged == NULL);
  CHECK(strstr(mi_last_error_message(), "checksum") != NULL);
  CHECK(mi_model_load_buffer(bytes, 10, &damaged) == MI_ERR_CORRUPT_MODEL);
  CHECK(mi_model_load_buffer(NULL, 10, &damaged) == MI_ERR_NULL_ARGUMENT);
  free(bytes);

  CHECK(mi_model_load_file("/nonexistent/m.mim", &damaged) == MI_ERR_IO);
  CHECK(mi_model_load_file(NULL, &damaged) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_model_load_file(model_path, NULL) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_model_save(NULL, model_path) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_model_save(m, "/nonexistent/dir/m.mim") == MI_ERR_IO);
  CHECK(mi_train_file("/nonexistent.tsv", NULL, &damaged) == MI_ERR_IO);
  f = fopen(data_path, "w");
  fprintf(f, "no tab on this line\n");
  fclose(f);
  CHECK(mi_train_file(data_path, NULL, &damaged) == MI_ERR_PARSE);
  f = fopen(data_path, "w");
  fprintf(f, "one\tlabel only\n");
  fclose(f);
  CHECK(mi_train_file(data_path, NULL, &damaged) == MI_ERR_INVALID_ARGUMENT);
  o.struct_size = 8;
  CHECK(mi_train_file(data_path, &o, &damaged) == MI_ERR_INVALID_ARGUMENT);
  remove(data_path);
  remove(model_path);
  mi_model_free(m);
  mi_model_free(loaded);
  mi_model_free(from_memory);
}

/* Several threads share one model; others load and free their own. */
typedef struct {
  const mi_model* model;
  int mismatches;
  int loader;
} ThreadArg;

static const char* kThreadTexts[4] = {
    "lunch with the hiring team on friday?", "miss you, movie night at mine?",
    "Subject: minutes\nAction items from today's sync attached.", "\xe4\xbb\x8a\xe6\x99\x9a\xe4\xb8\x80\xe8\xb5\xb7\xe5\x90\x83\xe9\xa5\xad\xe5\x90\x97"};
static int32_t g_expected[4];

static void* ThreadMain(void* p) {
  ThreadArg* arg = (ThreadArg*)p;
  int round, i;
  for (round = 0; round < 300; ++round) {
    if (arg->loader) {
      mi_model* own = NULL;
      if (mi_model_load_default(&own) != MI_OK) ++arg->mismatches;
      mi_model_free(own);
      continue;
    }
    for (i = 0; i < 4; ++i) {
      int32_t label;
      if (mi_classify(arg->model, kThreadTexts[i], strlen(kThreadTexts[i]), &label, NULL, 0) !=
              MI_OK ||
          label != g_expected[i]) {
        ++arg->mismatches;
      }
    }
  }
  return NULL;
}

static void TestThreads(void) {
  mi_model* m = LoadDefault();
  int i;
  for (i = 0; i < 4; ++i) mi_classify(m, kThreadTexts[i], strlen(kThreadTexts[i]), &g_expected[i], NULL, 0);
  pthread_t threads[6];
  ThreadArg args[6];
  for (i = 0; i < 6; ++i) {
    args[i].model = m;
    args[i].mismatches = 0;
    args[i].loader = i >= 4;
    pthread_create(&threads[i], NULL, ThreadMain, &args[i]);
  }
  int total = 0;
  for (i = 0; i < 6; ++i) {
    pthread_join(threads[i], NULL);
    total += args[i].mismatches;
  }
  CHECK(total == 0);
  mi_model_free(m);
}

static void TestThread(void) {
  mi_model* m = LoadDefault();
  const char* const* texts = kQuidProQuoTexts;
  mi_thread_message msgs[3];
  FillMessages(msgs, texts, kQuidProQuoSenders, 3);
  mi_thread_analysis* a = NULL;
  CHECK(mi_thread_analyze(m, msgs, 3, &a) == MI_OK);
  int32_t label = -1, detected = 0;
  float p = 0, smoothed = 0;
  CHECK(mi_thread_label(a, &label, &p) == MI_OK && label == 0 && p >= 0.5f);
  CHECK(mi_thread_message_score(a, 2, &p, &smoothed) == MI_OK && p > 0.5f);
  CHECK(mi_thread_message_score(a, 3, &p, &smoothed) == MI_ERR_INVALID_ARGUMENT);
  size_t turn = 99;
  const char* who = NULL;
  CHECK(mi_thread_drift(a, &detected, &turn, &who, &p) == MI_OK);
  CHECK(detected == 1 && turn == 2 && strcmp(who, "b") == 0);
  size_t n = 0;
  CHECK(mi_thread_quid_pro_quo_count(a, &n) == MI_OK && n == 1);
  mi_quid_pro_quo q;
  q.struct_size = sizeof(q);
  CHECK(mi_thread_quid_pro_quo_get(a, 0, &q) == MI_OK);
  CHECK(q.benefit_message == 2 && q.benefit_end <= strlen(texts[2]) && q.conditional == 1);
  CHECK(strncmp(texts[2] + q.benefit_begin, "put in a good word", q.benefit_end - q.benefit_begin) == 0);
  CHECK(mi_thread_quid_pro_quo_get(a, 1, &q) == MI_ERR_INVALID_ARGUMENT);
  CHECK(mi_thread_highlight_count(a, &n) == MI_OK && n >= 2);
  mi_highlight h;
  h.struct_size = sizeof(h);
  CHECK(mi_thread_highlight_get(a, 0, &h) == MI_OK && h.role != NULL && h.end <= strlen(texts[h.message]));
  mi_thread_analysis_free(a);
  mi_thread_analysis_free(NULL);
  CHECK(mi_thread_analyze(m, NULL, 3, &a) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_thread_analyze(NULL, msgs, 3, &a) == MI_ERR_NULL_ARGUMENT);
  msgs[1].struct_size = 4;
  CHECK(mi_thread_analyze(m, msgs, 3, &a) == MI_ERR_INVALID_ARGUMENT && a == NULL);
  CHECK(mi_thread_analyze(m, NULL, 0, &a) == MI_OK);
  mi_thread_analysis_free(a);
  mi_model_free(m);
}

/* ------------------------- Structs that grow (1.1) ------------------------- */

/* A caller built against a newer header: each struct with a field the
 * library does not know, which it must neither read nor write. */
#define CANARY 0x5a5a5a5a5a5a5a5aULL
typedef struct {
  mi_model_info base;
  uint64_t newer_field;
} NewerInfo;
typedef struct {
  mi_thread_message base;
  uint64_t newer_field;
} NewerMessage;
typedef struct {
  mi_result base;
  uint64_t newer_field;
} NewerResult;
typedef struct {
  mi_train_options base;
  uint64_t newer_field;
} NewerTrainOptions;

static void TestLargerStructs(void) {
  mi_model* m = LoadDefault();
  NewerInfo info;
  memset(&info, 0, sizeof(info));
  info.base.struct_size = sizeof(info);
  info.newer_field = CANARY;
  CHECK(mi_model_get_info(m, &info.base) == MI_OK);
  CHECK(info.base.num_labels == 2 && info.newer_field == CANARY);
  CHECK(info.base.struct_size == sizeof(info));

  /* Thread messages with a 64-byte stride instead of the library's 40. */
  const char* texts[2] = {"Great meeting you at the summit, let's set up a call.",
                          "Dinner at my place tonight, just the two of us?"};
  NewerMessage msgs[2];
  mi_thread_message plain[2];
  int i;
  for (i = 0; i < 2; ++i) {
    memset(&msgs[i], 0, sizeof(msgs[i]));
    msgs[i].base.struct_size = sizeof(NewerMessage);
    msgs[i].base.sender = i == 0 ? "a" : "b";
    msgs[i].base.text = texts[i];
    msgs[i].base.text_length = strlen(texts[i]);
    msgs[i].base.timestamp = -1;
    msgs[i].newer_field = CANARY;
    plain[i] = msgs[i].base;
    plain[i].struct_size = sizeof(mi_thread_message);
  }
  mi_thread_analysis* a = NULL;
  mi_thread_analysis* b = NULL;
  CHECK(mi_thread_analyze(m, &msgs[0].base, 2, &a) == MI_OK);
  CHECK(mi_thread_analyze(m, plain, 2, &b) == MI_OK);
  for (i = 0; i < 2; ++i) { /* the same reading as with the library's own struct */
    float pa = -1, pb = -2, sa = -1, sb = -2;
    CHECK(mi_thread_message_score(a, (size_t)i, &pa, &sa) == MI_OK);
    CHECK(mi_thread_message_score(b, (size_t)i, &pb, &sb) == MI_OK);
    CHECK(pa == pb && sa == sb);
  }
  size_t senders = 0;
  CHECK(mi_thread_sender_count(a, &senders) == MI_OK && senders == 2);
  mi_thread_analysis_free(a);
  mi_thread_analysis_free(b);
  a = NULL;
  /* Every element must carry the array's stride. */
  msgs[1].base.struct_size = sizeof(mi_thread_message);
  CHECK(mi_thread_analyze(m, &msgs[0].base, 2, &a) == MI_ERR_INVALID_ARGUMENT && a == NULL);
  CHECK(strstr(mi_last_error_message(), "messages[1].struct_size") != NULL);
  msgs[1].base.struct_size = sizeof(NewerMessage);
  msgs[0].base.struct_size = sizeof(NewerMessage) - 1; /* not a sizeof: misaligned stride */
  CHECK(mi_thread_analyze(m, &msgs[0].base, 2, &a) == MI_ERR_INVALID_ARGUMENT);
  msgs[0].base.struct_size = sizeof(NewerMessage);

  /* Results with a larger stride: each written, none of the extra fields. */
  NewerResult results[2];
  size_t lengths[2];
  for (i = 0; i < 2; ++i) {
    memset(&results[i], 0, sizeof(results[i]));
    results[i].base.struct_size = sizeof(NewerResult);
    results[i].base.label = -7;
    results[i].newer_field = CANARY;
    lengths[i] = strlen(texts[i]);
  }
  CHECK(mi_classify_batch_ex(m, texts, lengths, 2, &results[0].base, NULL, 0) == MI_OK);
  CHECK(results[0].base.label == 1 && results[1].base.label == 0);
  CHECK(results[0].newer_field == CANARY && results[1].newer_field == CANARY);
  CHECK(results[1].base.struct_size == sizeof(NewerResult));

  /* Train options: init writes the fields it knows and leaves the rest. */
  NewerTrainOptions o;
  memset(&o, 0, sizeof(o));
  o.newer_field = CANARY;
  CHECK(mi_train_options_init_sized(&o.base, sizeof(o)) == MI_OK);
  CHECK(o.base.struct_size == sizeof(o) && o.base.epochs == 10 && o.base.patience == 2);
  CHECK(o.newer_field == CANARY);
  mi_model_free(m);
}

static void TestStructSizes(void) {
  mi_model* m = LoadDefault();
  /* The 1.0 size of mi_model_info (up to calibration_scale) is enough. */
  mi_model_info info;
  memset(&info, 0, sizeof(info));
  info.struct_size = offsetof(mi_model_info, calibration_scale) + sizeof(float);
  CHECK(mi_model_get_info(m, &info) == MI_OK && info.num_labels == 2);
  info.struct_size -= 1;
  CHECK(mi_model_get_info(m, &info) == MI_ERR_INVALID_ARGUMENT);
  CHECK(strstr(mi_last_error_message(), "sizeof(mi_model_info)") != NULL);

  /* The trainer's options: a struct cut to its 1.0 fields reads the rest as defaults. */
  mi_train_options o;
  CHECK(mi_train_options_init_sized(&o, 8) == MI_ERR_INVALID_ARGUMENT);
  CHECK(mi_train_options_init_sized(NULL, sizeof(o)) == MI_ERR_NULL_ARGUMENT);
  memset(&o, 0x7f, sizeof(o));
  mi_train_options_init(&o); /* the macro: mi_train_options_init_sized */
  CHECK(o.struct_size == sizeof(o) && o.on_epoch == NULL && o.user_data == NULL);
  CHECK(o.optimizer == MI_OPTIMIZER_ADAGRAD && o.threads == 2 && o.keep_quotes == 0 &&
        o.no_block_norm == 0 && o.epochs == 10 && o.average == 1);

  /* mi_thread_analyze with an absurd count: refused, not attempted. */
  mi_thread_message one;
  one.struct_size = sizeof(one);
  one.sender = "a";
  one.text = "hi";
  one.text_length = 2;
  one.timestamp = -1;
  mi_thread_analysis* a = NULL;
  CHECK(mi_thread_analyze(m, &one, SIZE_MAX, &a) == MI_ERR_INVALID_ARGUMENT && a == NULL);
  CHECK(strstr(mi_last_error_message(), "too large") != NULL);
  CHECK(mi_thread_analyze(m, &one, SIZE_MAX / sizeof(one) + 1, &a) == MI_ERR_INVALID_ARGUMENT);
  const char* texts[1] = {"hi"};
  size_t lengths[1] = {2};
  mi_result r;
  r.struct_size = sizeof(r);
  CHECK(mi_classify_batch_ex(m, texts, lengths, SIZE_MAX, &r, NULL, 0) == MI_ERR_INVALID_ARGUMENT);
  mi_model_free(m);
}

/* ----------------------------- Results (1.1) ----------------------------- */

static void TestClassifyEx(void) {
  mi_model* m = LoadDefault();
  const char* text = "Coffee next week to talk about the role?";
  mi_result r;
  memset(&r, 0, sizeof(r));
  r.struct_size = sizeof(r);
  float probs[2];
  CHECK(mi_classify_ex(m, text, strlen(text), &r, probs, 2) == MI_OK);
  int32_t label = -1;
  float plain[2];
  mi_classify(m, text, strlen(text), &label, plain, 2);
  CHECK(r.label == label && r.probability == plain[label] && probs[0] == plain[0]);
  CHECK(r.flags == 0 && r.reason == NULL);
  CHECK(mi_classify_ex(m, text, strlen(text), &r, NULL, 0) == MI_OK);

  /* A message over the 1 MiB read limit is flagged, with a reason. */
  size_t big = (1u << 20) + 100;
  char* long_text = (char*)malloc(big);
  size_t i;
  for (i = 0; i < big; ++i) long_text[i] = "dinner tonight? "[i % 16];
  CHECK(mi_classify_ex(m, long_text, big, &r, NULL, 0) == MI_OK);
  CHECK((r.flags & MI_RESULT_TRUNCATED) != 0 && (r.flags & MI_RESULT_UNSUPPORTED) == 0);
  CHECK(r.reason != NULL && strstr(r.reason, "read limit") != NULL);
  CHECK(mi_classify_ex(m, long_text, 1000, &r, NULL, 0) == MI_OK && r.flags == 0);

  /* Bad arguments. */
  CHECK(mi_classify_ex(NULL, text, strlen(text), &r, NULL, 0) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_classify_ex(m, text, strlen(text), NULL, NULL, 0) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_classify_ex(m, NULL, 3, &r, NULL, 0) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_classify_ex(m, text, strlen(text), &r, probs, 1) == MI_ERR_BUFFER_TOO_SMALL);
  r.struct_size = offsetof(mi_result, reason); /* without its last field */
  CHECK(mi_classify_ex(m, text, strlen(text), &r, NULL, 0) == MI_ERR_INVALID_ARGUMENT);
  CHECK(strstr(mi_last_error_message(), "sizeof(mi_result)") != NULL);

  /* The batch agrees with one-by-one calls and flags the long message. */
  const char* texts[4] = {text, "dinner tonight, just the two of us?", long_text, ""};
  size_t lengths[4] = {strlen(text), strlen(texts[1]), big, 0};
  mi_result results[4];
  float batch_probs[8];
  int k;
  for (k = 0; k < 4; ++k) {
    results[k].struct_size = sizeof(mi_result);
    results[k].label = -5;
  }
  CHECK(mi_classify_batch_ex(m, texts, lengths, 4, results, batch_probs, 8) == MI_OK);
  for (k = 0; k < 4; ++k) {
    mi_result one;
    float p[2];
    one.struct_size = sizeof(one);
    mi_classify_ex(m, texts[k], lengths[k], &one, p, 2);
    CHECK(one.label == results[k].label && one.probability == results[k].probability &&
          one.flags == results[k].flags);
    CHECK(p[0] == batch_probs[2 * k] && p[1] == batch_probs[2 * k + 1]);
  }
  CHECK(results[2].flags == MI_RESULT_TRUNCATED && results[0].flags == 0);
  CHECK(mi_classify_batch_ex(m, texts, lengths, 4, NULL, batch_probs, 8) == MI_OK);
  CHECK(mi_classify_batch_ex(m, texts, lengths, 4, NULL, NULL, 0) == MI_OK);
  CHECK(mi_classify_batch_ex(m, texts, lengths, 4, results, batch_probs, 7) ==
        MI_ERR_BUFFER_TOO_SMALL);
  CHECK(mi_classify_batch_ex(NULL, texts, lengths, 4, results, NULL, 0) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_classify_batch_ex(m, NULL, lengths, 4, results, NULL, 0) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_classify_batch_ex(m, NULL, NULL, 0, NULL, NULL, 0) == MI_OK);
  results[3].struct_size = 0; /* one element without struct_size */
  CHECK(mi_classify_batch_ex(m, texts, lengths, 4, results, NULL, 0) == MI_ERR_INVALID_ARGUMENT);
  CHECK(strstr(mi_last_error_message(), "results[3]") != NULL);
  results[0].struct_size = 8;
  CHECK(mi_classify_batch_ex(m, texts, lengths, 4, results, NULL, 0) == MI_ERR_INVALID_ARGUMENT);
  texts[1] = NULL;
  results[0].struct_size = results[3].struct_size = sizeof(mi_result);
  CHECK(mi_classify_batch_ex(m, texts, lengths, 4, results, NULL, 0) == MI_ERR_NULL_ARGUMENT);
  free(long_text);
  mi_model_free(m);
}

/* ------------------------ Serializing (1.1) ------------------------ */

static void TestSerialize(void) {
  mi_model* m = LoadDefault();
  size_t size = 0;
  CHECK(mi_model_serialize(m, NULL, 0, &size) == MI_ERR_BUFFER_TOO_SMALL && size > 1000);
  char* bytes = (char*)malloc(size);
  size_t again = 0;
  CHECK(mi_model_serialize(m, bytes, size - 1, &again) == MI_ERR_BUFFER_TOO_SMALL && again == size);
  CHECK(mi_model_serialize(m, bytes, size, &again) == MI_OK && again == size);
  mi_model* copy = NULL;
  CHECK(mi_model_load_buffer(bytes, size, &copy) == MI_OK);
  const char* text = "You looked stunning at the panel. Drinks at my place?";
  float p1[2], p2[2];
  mi_classify(m, text, strlen(text), NULL, p1, 2);
  mi_classify(copy, text, strlen(text), NULL, p2, 2);
  CHECK(p1[0] == p2[0] && p1[1] == p2[1]);
  /* The copy serializes to the same bytes. */
  char* bytes2 = (char*)malloc(size);
  CHECK(mi_model_serialize(copy, bytes2, size, &again) == MI_OK && again == size);
  CHECK(memcmp(bytes, bytes2, size) == 0);
  CHECK(mi_model_serialize(NULL, bytes, size, &again) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_model_serialize(m, bytes, size, NULL) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_model_serialize(m, NULL, size, &again) == MI_ERR_NULL_ARGUMENT);
  free(bytes);
  free(bytes2);
  mi_model_free(copy);
  mi_model_free(m);
}

/* ------------------------ Training from memory (1.1) ------------------------ */

#define TRAIN_ROWS 60
static const char* g_train_texts[TRAIN_ROWS];
static size_t g_train_lengths[TRAIN_ROWS];
static const char* g_train_labels[TRAIN_ROWS];
static char g_train_storage[TRAIN_ROWS][64];

static void MakeTrainingSet(void) {
  int i;
  for (i = 0; i < TRAIN_ROWS; ++i) {
    if (i % 2 == 0) {
      snprintf(g_train_storage[i], sizeof(g_train_storage[i]), "dinner date just us %d", i);
      g_train_labels[i] = "personal";
    } else {
      snprintf(g_train_storage[i], sizeof(g_train_storage[i]), "quarterly budget meeting %d", i);
      g_train_labels[i] = "professional";
    }
    g_train_texts[i] = g_train_storage[i];
    g_train_lengths[i] = strlen(g_train_storage[i]);
  }
}

typedef struct {
  int calls;
  int stop_after;
  int nan_validation;
  int finite_validation;
  int last_epoch;
  int epochs;
} ProgressLog;

static int OnEpoch(const mi_train_progress* p, void* user_data) {
  ProgressLog* log = (ProgressLog*)user_data;
  ++log->calls;
  log->last_epoch = p->epoch;
  log->epochs = p->epochs;
  if (p->struct_size < sizeof(mi_train_progress)) return 1;
  if (isnan(p->validation_loss) && isnan(p->validation_accuracy)) ++log->nan_validation;
  if (isfinite(p->validation_loss) && p->validation_accuracy >= 0 &&
      p->validation_accuracy <= 1) {
    ++log->finite_validation;
  }
  return log->stop_after > 0 && p->epoch >= log->stop_after;
}

static mi_model* TrainWith(const mi_train_options* o, mi_status* status) {
  mi_model* m = NULL;
  *status = mi_train(g_train_texts, g_train_lengths, g_train_labels, TRAIN_ROWS, o, &m);
  return m;
}

static void TestTrainFromMemory(void) {
  MakeTrainingSet();
  mi_train_options o;
  mi_train_options_init(&o);
  o.hash_bits = 12;
  o.validation_fraction = 0;
  mi_status st;
  mi_model* m = TrainWith(&o, &st);
  CHECK(st == MI_OK && m != NULL);
  int32_t label = -1;
  CHECK(mi_classify(m, "budget meeting", 14, &label, NULL, 0) == MI_OK && label == 1);
  const char* name = NULL;
  CHECK(mi_model_label(m, 0, &name) == MI_OK && strcmp(name, "personal") == 0);
  mi_model_free(m);
  m = TrainWith(NULL, &st); /* the defaults */
  CHECK(st == MI_OK && m != NULL);
  mi_model_free(m);

  /* Progress: NaN validation figures without a validation share... */
  ProgressLog log;
  memset(&log, 0, sizeof(log));
  o.on_epoch = OnEpoch;
  o.user_data = &log;
  o.epochs = 4;
  m = TrainWith(&o, &st);
  CHECK(st == MI_OK && log.calls == 4 && log.nan_validation == 4 && log.epochs == 4);
  mi_model_free(m);
  /* ...finite ones with it, and a nonzero return stops training early. */
  memset(&log, 0, sizeof(log));
  log.stop_after = 2;
  o.epochs = 50;
  o.patience = 1000;
  o.validation_fraction = 0.25;
  m = TrainWith(&o, &st);
  CHECK(st == MI_OK && m != NULL);
  CHECK(log.calls == 2 && log.last_epoch == 2 && log.finite_validation == 2);
  CHECK(mi_classify(m, "budget meeting", 14, &label, NULL, 0) == MI_OK && label == 1);
  mi_model_free(m);
  o.on_epoch = NULL;

  /* The normalizer and feature switches reach the model. */
  o.epochs = 3;
  o.validation_fraction = 0;
  mi_train_options changed = o;
  changed.no_placeholders = 1;
  changed.keep_quotes = 1;
  changed.no_block_norm = 1;
  mi_model* a = TrainWith(&o, &st);
  mi_model* b = TrainWith(&changed, &st);
  CHECK(a != NULL && b != NULL);
  const char* text = "Call me at +1 555 0100 at 7pm about dinner";
  float pa[2], pb[2];
  mi_classify(a, text, strlen(text), NULL, pa, 2);
  mi_classify(b, text, strlen(text), NULL, pb, 2);
  CHECK(pa[0] != pb[0]);
  mi_model_free(a);
  mi_model_free(b);
  /* Averaging: a different model of the same size; 0 and 65 are refused. */
  changed = o;
  changed.average = 3;
  b = TrainWith(&changed, &st);
  CHECK(st == MI_OK && b != NULL);
  a = TrainWith(&o, &st);
  mi_classify(a, text, strlen(text), NULL, pa, 2);
  mi_classify(b, text, strlen(text), NULL, pb, 2);
  CHECK(pa[0] != pb[0]);
  mi_model_free(a);
  mi_model_free(b);
  changed.average = 0;
  CHECK(TrainWith(&changed, &st) == NULL && st == MI_ERR_INVALID_ARGUMENT);
  changed.average = 65;
  CHECK(TrainWith(&changed, &st) == NULL && st == MI_ERR_INVALID_ARGUMENT);
  changed = o;
  changed.optimizer = MI_OPTIMIZER_LBFGS;
  changed.threads = 1;
  b = TrainWith(&changed, &st);
  CHECK(st == MI_OK && b != NULL);
  mi_model_free(b);

  /* Bad arguments and bad options: refused before training. */
  mi_model* bad = (mi_model*)&o;
  CHECK(mi_train(g_train_texts, g_train_lengths, g_train_labels, TRAIN_ROWS, &o, NULL) ==
        MI_ERR_NULL_ARGUMENT);
  CHECK(mi_train(NULL, g_train_lengths, g_train_labels, TRAIN_ROWS, &o, &bad) ==
        MI_ERR_NULL_ARGUMENT && bad == NULL);
  CHECK(mi_train(g_train_texts, g_train_lengths, NULL, TRAIN_ROWS, &o, &bad) ==
        MI_ERR_NULL_ARGUMENT);
  CHECK(mi_train(g_train_texts, g_train_lengths, g_train_labels, 0, &o, &bad) ==
        MI_ERR_INVALID_ARGUMENT);
  CHECK(mi_train(g_train_texts, g_train_lengths, g_train_labels, 1, &o, &bad) ==
        MI_ERR_INVALID_ARGUMENT); /* one label only */
  g_train_labels[3] = "";
  CHECK(mi_train(g_train_texts, g_train_lengths, g_train_labels, TRAIN_ROWS, &o, &bad) ==
        MI_ERR_INVALID_ARGUMENT);
  g_train_labels[3] = NULL;
  CHECK(mi_train(g_train_texts, g_train_lengths, g_train_labels, TRAIN_ROWS, &o, &bad) ==
        MI_ERR_NULL_ARGUMENT);
  g_train_labels[3] = "professional";

  struct {
    const char* field;
    mi_train_options options;
  } cases[16];
  int n = 0, i;
  for (i = 0; i < 16; ++i) cases[i].options = o;
  cases[n].field = "learning_rate";
  cases[n++].options.learning_rate = (float)INFINITY;
  cases[n].field = "learning_rate";
  cases[n++].options.learning_rate = 1e30f;
  cases[n].field = "learning_rate";
  cases[n++].options.learning_rate = 0;
  cases[n].field = "learning_rate";
  cases[n++].options.learning_rate = (float)NAN;
  cases[n].field = "l2";
  cases[n++].options.l2 = (float)INFINITY;
  cases[n].field = "l2";
  cases[n++].options.l2 = -1;
  cases[n].field = "epochs";
  cases[n++].options.epochs = 0;
  cases[n].field = "validation_fraction";
  cases[n++].options.validation_fraction = NAN;
  cases[n].field = "validation_fraction";
  cases[n++].options.validation_fraction = 1;
  cases[n].field = "optimizer";
  cases[n++].options.optimizer = 7;
  cases[n].field = "patience";
  cases[n++].options.patience = 0;
  cases[n].field = "threads";
  cases[n++].options.threads = 0;
  cases[n].field = "hash_bits";
  cases[n++].options.hash_bits = 40;
  cases[n].field = "struct_size";
  cases[n++].options.struct_size = 16;
  for (i = 0; i < n; ++i) {
    bad = (mi_model*)&o;
    const mi_status s =
        mi_train(g_train_texts, g_train_lengths, g_train_labels, TRAIN_ROWS, &cases[i].options, &bad);
    CHECK(s == MI_ERR_INVALID_ARGUMENT && bad == NULL);
    if (strstr(mi_last_error_message(), cases[i].field) == NULL) {
      fprintf(stderr, "case %d: '%s' does not name %s\n", i, mi_last_error_message(), cases[i].field);
      CHECK(0);
    }
  }
  /* mi_train_file checks the same options. */
  CHECK(mi_train_file("/nonexistent.tsv", &cases[0].options, &bad) == MI_ERR_INVALID_ARGUMENT);
}

/* ------------------------ Thread options and senders (1.1) ------------------------ */

static void TestThreadOptionsAndSenders(void) {
  mi_model* m = LoadDefault();
  const char* texts[4] = {"Great meeting you at the summit. Can we set up a call about the API?",
                          "Sure, Tuesday 3pm works. I'll send the docs.",
                          "Thanks! Also, you looked lovely. Dinner at my place, just us?",
                          "Let's keep this professional, please."};
  const char* senders[4] = {"a", "b", "a", "b"};
  mi_thread_message msgs[4];
  int i;
  FillMessages(msgs, texts, senders, 4);
  for (i = 0; i < 4; ++i) msgs[i].timestamp = 1700000000 + 60 * i;
  mi_thread_options o;
  CHECK(mi_thread_options_init(&o, sizeof(o)) == MI_OK);
  CHECK(o.struct_size == sizeof(o) && o.smoothing == 0.5 && o.short_message_tokens == 16 &&
        o.message_threshold == 0.65 && o.thread_threshold == 0.5 &&
        o.pair_window_messages == 2 && o.pair_window_seconds == 86400);
  CHECK(mi_thread_options_init(&o, 8) == MI_ERR_INVALID_ARGUMENT);
  CHECK(mi_thread_options_init(NULL, sizeof(o)) == MI_ERR_NULL_ARGUMENT);

  /* NULL options and default options read the thread as mi_thread_analyze does. */
  mi_thread_analysis *a = NULL, *b = NULL, *c = NULL;
  CHECK(mi_thread_analyze(m, msgs, 4, &a) == MI_OK);
  CHECK(mi_thread_analyze_ex(m, msgs, 4, NULL, &b) == MI_OK);
  o.smoothing = 1.0; /* no smoothing: the trajectory is the evidence itself */
  CHECK(mi_thread_analyze_ex(m, msgs, 4, &o, &c) == MI_OK);
  float sa = 0, sb = 0, sc = 0, p = 0;
  CHECK(mi_thread_message_score(a, 3, NULL, &sa) == MI_OK);
  CHECK(mi_thread_message_score(b, 3, NULL, &sb) == MI_OK);
  CHECK(mi_thread_message_score(c, 3, &p, &sc) == MI_OK);
  CHECK(sa == sb && sa != sc);

  /* Per-sender trajectories. */
  size_t count = 0, n = 0, message = 99;
  const char* who = NULL;
  float smoothed = -1;
  CHECK(mi_thread_sender_count(a, &count) == MI_OK && count == 2);
  CHECK(mi_thread_sender_get(a, 0, &who, &n) == MI_OK && strcmp(who, "a") == 0 && n == 2);
  CHECK(mi_thread_sender_get(a, 1, &who, &n) == MI_OK && strcmp(who, "b") == 0 && n == 2);
  CHECK(mi_thread_sender_point(a, 0, 1, &message, &smoothed) == MI_OK && message == 2);
  CHECK(smoothed > 0 && smoothed < 1);
  CHECK(mi_thread_sender_point(a, 1, 0, &message, NULL) == MI_OK && message == 1);
  CHECK(mi_thread_sender_point(a, 0, 0, NULL, NULL) == MI_OK);
  CHECK(mi_thread_sender_get(a, 2, &who, &n) == MI_ERR_INVALID_ARGUMENT);
  CHECK(mi_thread_sender_point(a, 0, 2, &message, &smoothed) == MI_ERR_INVALID_ARGUMENT);
  CHECK(mi_thread_sender_point(a, 2, 0, &message, &smoothed) == MI_ERR_INVALID_ARGUMENT);
  CHECK(mi_thread_sender_count(NULL, &count) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_thread_sender_count(a, NULL) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_thread_sender_get(NULL, 0, &who, &n) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_thread_sender_point(NULL, 0, 0, &message, &smoothed) == MI_ERR_NULL_ARGUMENT);
  mi_thread_analysis_free(a);
  mi_thread_analysis_free(b);
  mi_thread_analysis_free(c);

  /* An empty thread has a defined analysis. */
  CHECK(mi_thread_analyze_ex(m, NULL, 0, NULL, &a) == MI_OK);
  int32_t label = 5;
  CHECK(mi_thread_label(a, &label, &p) == MI_OK && label == -1 && p == 0);
  CHECK(mi_thread_sender_count(a, &count) == MI_OK && count == 0);
  mi_thread_analysis_free(a);

  /* Bad options: each refused with its name in the message. */
  struct {
    const char* field;
    mi_thread_options options;
  } cases[10];
  int k = 0;
  mi_thread_options_init(&o, sizeof(o));
  for (i = 0; i < 10; ++i) cases[i].options = o;
  cases[k].field = "smoothing";
  cases[k++].options.smoothing = 0;
  cases[k].field = "smoothing";
  cases[k++].options.smoothing = NAN;
  cases[k].field = "short_message_tokens";
  cases[k++].options.short_message_tokens = -1;
  cases[k].field = "short_message_tokens";
  cases[k++].options.short_message_tokens = INFINITY;
  cases[k].field = "message_threshold";
  cases[k++].options.message_threshold = 1.5;
  cases[k].field = "thread_threshold";
  cases[k++].options.thread_threshold = NAN;
  cases[k].field = "pair_window_messages";
  cases[k++].options.pair_window_messages = -1;
  cases[k].field = "pair_window_seconds";
  cases[k++].options.pair_window_seconds = -5;
  cases[k].field = "struct_size";
  cases[k++].options.struct_size = 16;
  for (i = 0; i < k; ++i) {
    a = (mi_thread_analysis*)&o;
    CHECK(mi_thread_analyze_ex(m, msgs, 4, &cases[i].options, &a) == MI_ERR_INVALID_ARGUMENT);
    CHECK(a == NULL && strstr(mi_last_error_message(), cases[i].field) != NULL);
  }
  CHECK(mi_thread_analyze_ex(NULL, msgs, 4, NULL, &a) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_thread_analyze_ex(m, msgs, 4, NULL, NULL) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_thread_analyze_ex(m, NULL, 4, NULL, &a) == MI_ERR_NULL_ARGUMENT);
  mi_model_free(m);
}

/* Overlays: one user's corrections on a shared base (mi_overlay_*). */
static void TestOverlay(const char* tmp) {
  mi_model* m = LoadDefault();
  mi_overlay* o = NULL;
  const char* text = "Drinks after work on Friday with the team?";
  int32_t label = -1, base_label = -1;
  float probs[2], base_probs[2];
  size_t entries = 99;
  uint64_t updates = 99;
  CHECK(mi_overlay_create(m, &o) == MI_OK && o != NULL);
  CHECK(mi_overlay_classify(o, text, strlen(text), &label, probs, 2) == MI_OK);
  CHECK(mi_classify(m, text, strlen(text), &base_label, base_probs, 2) == MI_OK);
  CHECK(label == base_label && probs[0] == base_probs[0] && probs[1] == base_probs[1]);
  CHECK(mi_overlay_stats(o, &entries, &updates) == MI_OK && entries == 0 && updates == 0);
  size_t personal = 0;
  CHECK(mi_model_label_index(m, "personal", &personal) == MI_OK);
  for (int i = 0; i < 5; ++i) CHECK(mi_overlay_update(o, text, strlen(text), "personal") == MI_OK);
  CHECK(mi_overlay_classify(o, text, strlen(text), &label, probs, 2) == MI_OK);
  CHECK(probs[personal] > base_probs[personal] + 0.05f);
  CHECK(mi_overlay_stats(o, &entries, &updates) == MI_OK && entries > 0 && updates == 5);

  const char* texts[2] = {"Team drinks tonight after the offsite", "After-work drinks at 6?"};
  const size_t lengths[2] = {strlen(texts[0]), strlen(texts[1])};
  const char* labels[2] = {"personal", "personal"};
  const char* bad_labels[2] = {"personal", "spam"};
  CHECK(mi_overlay_update_batch(o, texts, lengths, labels, 2, 3) == MI_OK);
  CHECK(mi_overlay_update_batch(o, texts, lengths, bad_labels, 2, 3) == MI_ERR_UNKNOWN_LABEL);
  CHECK(mi_overlay_update_batch(o, texts, lengths, labels, 2, 0) == MI_ERR_INVALID_ARGUMENT);
  CHECK(mi_overlay_update(o, text, strlen(text), "spam") == MI_ERR_UNKNOWN_LABEL);

  /* Saved and loaded, it classifies as before; merged, nearly so. */
  char path[512];
  snprintf(path, sizeof path, "%s/mi_c_api_test_%d.mio", tmp, (int)getpid());
  CHECK(mi_overlay_save(o, path) == MI_OK);
  mi_overlay* loaded = NULL;
  float loaded_probs[2];
  CHECK(mi_overlay_load(m, path, &loaded) == MI_OK && loaded != NULL);
  CHECK(mi_overlay_classify(o, text, strlen(text), &label, probs, 2) == MI_OK);
  CHECK(mi_overlay_classify(loaded, text, strlen(text), &label, loaded_probs, 2) == MI_OK);
  CHECK(probs[0] == loaded_probs[0]);
  mi_model* merged = NULL;
  CHECK(mi_overlay_merge(o, &merged) == MI_OK && merged != NULL);
  CHECK(mi_classify(merged, text, strlen(text), &label, loaded_probs, 2) == MI_OK);
  CHECK(fabsf(probs[0] - loaded_probs[0]) < 2e-3f);

  /* On another base, an overlay is refused. */
  mi_overlay* wrong = NULL;
  CHECK(mi_overlay_load(merged, path, &wrong) == MI_ERR_INVALID_ARGUMENT && wrong == NULL);
  CHECK(strstr(mi_last_error_message(), "another base model") != NULL);
  /* A damaged file is refused. */
  FILE* f = fopen(path, "r+b");
  CHECK(f != NULL);
  if (f != NULL) {
    fseek(f, 100, SEEK_SET);
    fputc(0x55, f);
    fclose(f);
  }
  CHECK(mi_overlay_load(m, path, &wrong) == MI_ERR_CORRUPT_MODEL && wrong == NULL);
  remove(path);

  /* NULL handles and arguments. */
  CHECK(mi_overlay_create(NULL, &wrong) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_overlay_create(m, NULL) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_overlay_update(NULL, text, 1, "personal") == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_overlay_update(o, NULL, 1, "personal") == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_overlay_update(o, text, 1, NULL) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_overlay_update_batch(NULL, texts, lengths, labels, 2, 1) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_overlay_update_batch(o, texts, lengths, NULL, 2, 1) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_overlay_classify(NULL, text, 1, &label, probs, 2) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_overlay_classify(o, text, strlen(text), &label, probs, 1) == MI_ERR_BUFFER_TOO_SMALL);
  CHECK(mi_overlay_stats(NULL, &entries, &updates) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_overlay_save(NULL, path) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_overlay_save(o, NULL) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_overlay_save(o, "/nonexistent-dir/x.mio") == MI_ERR_IO);
  CHECK(mi_overlay_load(NULL, path, &wrong) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_overlay_load(m, NULL, &wrong) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_overlay_load(m, path, NULL) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_overlay_load(m, "/nonexistent-dir/x.mio", &wrong) == MI_ERR_IO);
  CHECK(mi_overlay_merge(NULL, &merged) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_overlay_merge(o, NULL) == MI_ERR_NULL_ARGUMENT);
  mi_overlay_free(NULL);
  mi_model_free(merged);
  mi_overlay_free(loaded);
  mi_overlay_free(o);
  mi_model_free(m);
}

/* Overlays with options (mi_adapt_options): defaults, every field checked,
 * kept through a save and load, NULL handles refused. */
static void TestOverlayOptions(const char* tmp) {
  mi_model* m = LoadDefault();
  mi_adapt_options o;
  memset(&o, 0xAB, sizeof o);
  CHECK(mi_adapt_options_init(&o, sizeof o) == MI_OK && o.struct_size == sizeof o);
  CHECK(o.alpha == 0.5f && o.beta == 1.0f && o.l1 == 0.2f && o.l2 == 0.01f);
  CHECK(o.learn_bias == 0 && o.bias_l2 == 1.0f && o.balance_labels == 0);
  CHECK(o.skip_above == 1.0f && o.words_only == 1 && o.max_entries == 16384);
  CHECK(mi_adapt_options_init(&o, 8) == MI_ERR_INVALID_ARGUMENT);
  CHECK(strstr(mi_last_error_message(), "sizeof(mi_adapt_options)") != NULL);
  CHECK(mi_adapt_options_init(NULL, sizeof o) == MI_ERR_NULL_ARGUMENT);

  /* Each bad value is refused with a message naming its field. */
  const char* fields[] = {"alpha",      "beta",       "l1",
                          "l2",         "bias_l2",    "skip_above",
                          "learn_bias", "balance_labels", "words_only",
                          "max_entries"};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; ++i) {
    mi_adapt_options bad;
    mi_adapt_options_init(&bad, sizeof bad);
    switch (i) {
      case 0: bad.alpha = 0.0f; break;
      case 1: bad.beta = -1.0f; break;
      case 2: bad.l1 = NAN; break;
      case 3: bad.l2 = 1e5f; break;
      case 4: bad.bias_l2 = INFINITY; break;
      case 5: bad.skip_above = 0.4f; break;
      case 6: bad.learn_bias = 2; break;
      case 7: bad.balance_labels = -1; break;
      case 8: bad.words_only = 7; break;
      default: bad.max_entries = 0; break;
    }
    mi_overlay* ov = (mi_overlay*)&bad; /* not NULL: must be set to NULL */
    CHECK(mi_overlay_create_with_options(m, &bad, &ov) == MI_ERR_INVALID_ARGUMENT && ov == NULL);
    if (strstr(mi_last_error_message(), fields[i]) == NULL) {
      fprintf(stderr, "case %d: '%s' does not name %s\n", (int)i, mi_last_error_message(),
              fields[i]);
      CHECK(0);
    }
  }
  mi_adapt_options small;
  mi_adapt_options_init(&small, sizeof small);
  small.struct_size = 8;
  mi_overlay* ov = NULL;
  CHECK(mi_overlay_create_with_options(m, &small, &ov) == MI_ERR_INVALID_ARGUMENT && ov == NULL);
  CHECK(mi_overlay_create_with_options(NULL, &o, &ov) == MI_ERR_NULL_ARGUMENT && ov == NULL);
  CHECK(mi_overlay_create_with_options(m, &o, NULL) == MI_ERR_NULL_ARGUMENT);

  /* NULL options: the defaults. */
  mi_adapt_options got;
  got.struct_size = sizeof got;
  CHECK(mi_overlay_create_with_options(m, NULL, &ov) == MI_OK && ov != NULL);
  CHECK(mi_overlay_get_options(ov, &got) == MI_OK && got.l1 == 0.2f && got.max_entries == 16384);
  mi_overlay_free(ov);

  /* Options that learn more (no L1, a bias delta, all features) move a
   * message further than the defaults, and are kept through save and load. */
  const char* text = "Drinks after work on Friday with the team?";
  mi_overlay* plain = NULL;
  CHECK(mi_overlay_create(m, &plain) == MI_OK);
  o.l1 = 0.0f;
  o.alpha = 1.0f;
  o.learn_bias = 1;
  o.words_only = 0;
  o.max_entries = 1000;
  CHECK(mi_overlay_create_with_options(m, &o, &ov) == MI_OK && ov != NULL);
  for (int i = 0; i < 3; ++i) {
    CHECK(mi_overlay_update(plain, text, strlen(text), "personal") == MI_OK);
    CHECK(mi_overlay_update(ov, text, strlen(text), "personal") == MI_OK);
  }
  size_t personal = 0;
  int32_t label;
  float p_plain[2], p_ov[2], p_loaded[2];
  CHECK(mi_model_label_index(m, "personal", &personal) == MI_OK);
  CHECK(mi_overlay_classify(plain, text, strlen(text), &label, p_plain, 2) == MI_OK);
  CHECK(mi_overlay_classify(ov, text, strlen(text), &label, p_ov, 2) == MI_OK);
  CHECK(p_ov[personal] > p_plain[personal]);
  char path[512];
  snprintf(path, sizeof path, "%s/mi_c_api_options_%d.mio", tmp, (int)getpid());
  CHECK(mi_overlay_save(ov, path) == MI_OK);
  mi_overlay* loaded = NULL;
  CHECK(mi_overlay_load(m, path, &loaded) == MI_OK);
  remove(path);
  memset(&got, 0, sizeof got);
  got.struct_size = sizeof got;
  CHECK(mi_overlay_get_options(loaded, &got) == MI_OK);
  CHECK(got.l1 == 0.0f && got.alpha == 1.0f && got.learn_bias == 1 && got.words_only == 0);
  CHECK(got.max_entries == 1000 && got.beta == 1.0f && got.struct_size == sizeof got);
  CHECK(mi_overlay_classify(loaded, text, strlen(text), &label, p_loaded, 2) == MI_OK);
  CHECK(p_loaded[0] == p_ov[0] && p_loaded[1] == p_ov[1]);
  got.struct_size = 4;
  CHECK(mi_overlay_get_options(loaded, &got) == MI_ERR_INVALID_ARGUMENT);
  CHECK(mi_overlay_get_options(NULL, &got) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_overlay_get_options(loaded, NULL) == MI_ERR_NULL_ARGUMENT);
  mi_overlay_free(loaded);
  mi_overlay_free(ov);
  mi_overlay_free(plain);
  mi_model_free(m);
}

int main(void) {
  const char* tmp = getenv("TMPDIR");
  TestVersion();
  TestClassify();
  TestBatch();
  TestExplain();
  TestLoadSaveTrain(tmp ? tmp : "/tmp");
  TestThreads();
  TestThread();
  TestLargerStructs();
  TestStructSizes();
  TestClassifyEx();
  TestSerialize();
  TestTrainFromMemory();
  TestThreadOptionsAndSenders();
  TestOverlay(tmp ? tmp : "/tmp");
  TestOverlayOptions(tmp ? tmp : "/tmp");
  return Report();
}
