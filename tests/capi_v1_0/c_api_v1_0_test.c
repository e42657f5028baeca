/* A program written and compiled against meetintent 1.0: this folder holds
 * the 1.0 meetintent.h and version.h, frozen (never edit them). It runs with
 * the current library, which must serve it as the 1.0 library did
 * (docs/versioning.md): every struct here has its 1.0 size, and the library
 * must neither read nor write past it. Each struct is followed by a canary
 * that would show a write beyond the caller's struct. Compiled as C99. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meetintent/meetintent.h"

#include "c_test_util.h"

#if MI_VERSION_MAJOR != 1 || MI_VERSION_MINOR != 0 || defined(MI_RESULT_TRUNCATED)
#error "compile this test against the frozen 1.0 header in tests/capi_v1_0, not the current one"
#endif

#define CANARY_BYTES 64
static const unsigned char kCanary = 0xC5;

static int CanaryIntact(const unsigned char* canary) {
  int i;
  for (i = 0; i < CANARY_BYTES; ++i) {
    if (canary[i] != kCanary) return 0;
  }
  return 1;
}

/* Each 1.0 struct with a canary right after it. */
typedef struct {
  mi_train_options options;
  unsigned char canary[CANARY_BYTES];
} GuardedTrainOptions;
typedef struct {
  mi_model_info info;
  unsigned char canary[CANARY_BYTES];
} GuardedInfo;
typedef struct {
  mi_contribution contribution;
  unsigned char canary[CANARY_BYTES];
} GuardedContribution;
typedef struct {
  mi_quid_pro_quo offer;
  unsigned char canary[CANARY_BYTES];
} GuardedOffer;
typedef struct {
  mi_highlight highlight;
  unsigned char canary[CANARY_BYTES];
} GuardedHighlight;

static void TestVersionAndClassify(void) {
  CHECK(MI_ABI_CHECK() == MI_OK); /* a newer 1.x library serves a 1.0 program */
  CHECK(mi_version() >= MI_VERSION_NUMBER && mi_version() / 10000 == 1);
  mi_model* m = LoadDefault();
  const char* texts[2] = {"Coffee next week to talk about the role?",
                          "dinner tonight, just the two of us?"};
  size_t lengths[2] = {strlen(texts[0]), strlen(texts[1])};
  int32_t labels[2] = {-1, -1};
  float probs[4];
  CHECK(mi_classify_batch(m, texts, lengths, 2, labels, probs, 4) == MI_OK);
  CHECK(labels[0] == 1 && labels[1] == 0);

  GuardedInfo info;
  memset(&info, kCanary, sizeof(info));
  info.info.struct_size = sizeof(mi_model_info);
  CHECK(mi_model_get_info(m, &info.info) == MI_OK);
  CHECK(info.info.num_labels == 2 && info.info.format_version >= 1 &&
        info.info.struct_size == sizeof(mi_model_info));
  CHECK(CanaryIntact(info.canary));

  mi_explanation* e = NULL;
  CHECK(mi_explain(m, texts[1], lengths[1], 3, &e) == MI_OK);
  GuardedContribution c;
  memset(&c, kCanary, sizeof(c));
  c.contribution.struct_size = sizeof(mi_contribution);
  CHECK(mi_explanation_get(e, 0, &c.contribution) == MI_OK);
  CHECK(c.contribution.feature != NULL && c.contribution.end <= lengths[1]);
  CHECK(CanaryIntact(c.canary));
  mi_explanation_free(e);
  mi_model_free(m);
}

static void TestTrainOptions(const char* tmpdir) {
  GuardedTrainOptions o;
  memset(&o, kCanary, sizeof(o));
  /* The 1.0 function (no macro in the 1.0 header): it must fill the 1.0
   * struct and nothing after it. */
  mi_train_options_init(&o.options);
  CHECK(o.options.struct_size == sizeof(mi_train_options));
  CHECK(o.options.epochs == 10 && o.options.hash_bits == 20 && o.options.calibrate == 1 &&
        o.options.quantize == 0);
  CHECK(CanaryIntact(o.canary));

  char path[512];
  snprintf(path, sizeof(path), "%s/c_api_v1_0_test_train.tsv", tmpdir);
  FILE* f = fopen(path, "w");
  int i;
  for (i = 0; i < 10; ++i) {
    fprintf(f, "personal\tdinner date just us %d\nprofessional\tquarterly budget meeting %d\n", i, i);
  }
  fclose(f);
  o.options.hash_bits = 12;
  o.options.validation_fraction = 0;
  mi_model* m = NULL;
  /* Read with the 1.0 fields only: the canary bytes after the struct would
   * be absurd options (0xC5C5C5C5 threads) if the library read them. */
  CHECK(mi_train_file(path, &o.options, &m) == MI_OK && m != NULL);
  int32_t label = -1;
  CHECK(mi_classify(m, "budget meeting", 14, &label, NULL, 0) == MI_OK && label == 1);
  mi_model_free(m);
  remove(path);
}

static void TestThread(void) {
  mi_model* m = LoadDefault();
  const char* const* texts = kQuidProQuoTexts;
  mi_thread_message msgs[3];
  FillMessages(msgs, texts, kQuidProQuoSenders, 3);
  mi_thread_analysis* a = NULL;
  CHECK(mi_thread_analyze(m, msgs, 3, &a) == MI_OK);
  int32_t detected = 0;
  size_t turn = 99;
  const char* who = NULL;
  float p = 0;
  CHECK(mi_thread_drift(a, &detected, &turn, &who, &p) == MI_OK);
  CHECK(detected == 1 && turn == 2 && strcmp(who, "b") == 0);
  size_t n = 0;
  CHECK(mi_thread_quid_pro_quo_count(a, &n) == MI_OK && n == 1);
  GuardedOffer q;
  memset(&q, kCanary, sizeof(q));
  q.offer.struct_size = sizeof(mi_quid_pro_quo);
  CHECK(mi_thread_quid_pro_quo_get(a, 0, &q.offer) == MI_OK);
  CHECK(q.offer.benefit_message == 2 && q.offer.conditional == 1 && CanaryIntact(q.canary));
  CHECK(mi_thread_highlight_count(a, &n) == MI_OK && n >= 2);
  GuardedHighlight h;
  memset(&h, kCanary, sizeof(h));
  h.highlight.struct_size = sizeof(mi_highlight);
  CHECK(mi_thread_highlight_get(a, 0, &h.highlight) == MI_OK);
  CHECK(h.highlight.role != NULL && CanaryIntact(h.canary));
  mi_thread_analysis_free(a);
  mi_model_free(m);
}

int main(void) {
  const char* tmp = getenv("TMPDIR");
  TestVersionAndClassify();
  TestTrainOptions(tmp ? tmp : "/tmp");
  TestThread();
  return Report();
}
