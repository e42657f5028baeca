/* Tests of the C API, compiled as C99 and linked against the shared library. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meetintent/meetintent.h"

static int g_passed = 0, g_failed = 0;

#define CHECK(cond)                                                         \
  do {                                                                      \
    if (cond) {                                                             \
      ++g_passed;                                                           \
    } else {                                                                \
      ++g_failed;                                                           \
      fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s)\n", __FILE__, \
              __LINE__, #cond, mi_last_error_message());                    \
    }                                                                       \
  } while (0)

static mi_model* LoadDefault(void) {
  mi_model* m = NULL;
  if (mi_model_load_default(&m) != MI_OK) {
    fprintf(stderr, "cannot load the default model: %s\n", mi_last_error_message());
    exit(1);
  }
  return m;
}

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
  CHECK(info.num_labels == 2 && info.format_version == 1 && info.hash_bits >= 10);
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
  const char* texts[3] = {
      "Great meeting you at the summit. Can we set up a call about your payments API?",
      "Sure, Tuesday 3pm works. I'll send the integration docs.",
      "I could put in a good word with the hiring manager, but only if we get to know each other "
      "better first. Dinner at my place, just the two of us?"};
  const char* senders[3] = {"a", "b", "b"};
  mi_thread_message msgs[3];
  int i;
  for (i = 0; i < 3; ++i) {
    msgs[i].struct_size = sizeof(mi_thread_message);
    msgs[i].sender = senders[i];
    msgs[i].text = texts[i];
    msgs[i].text_length = strlen(texts[i]);
    msgs[i].timestamp = -1;
  }
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

int main(void) {
  const char* tmp = getenv("TMPDIR");
  TestVersion();
  TestClassify();
  TestBatch();
  TestExplain();
  TestLoadSaveTrain(tmp ? tmp : "/tmp");
  TestThreads();
  TestThread();
  printf("%d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}
