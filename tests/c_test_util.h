/* What the C tests of the C API share: CHECK(), which counts passes and
 * failures and prints each failure with the library's last error message,
 * and a thread of messages. Include it after a meetintent.h (the current
 * one, or the frozen 1.0 copy in tests/capi_v1_0): it uses only 1.0 names.
 * One translation unit per test program. */
#ifndef MEETINTENT_TESTS_C_TEST_UTIL_H_
#define MEETINTENT_TESTS_C_TEST_UTIL_H_

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int g_passed = 0, g_failed = 0;

/* The reason printed with a failure; mail_c_api_test prints its library's. */
#ifndef C_TEST_LAST_ERROR
#define C_TEST_LAST_ERROR() mi_last_error_message()
#endif

#define CHECK(cond)                                                         \
  do {                                                                      \
    if (cond) {                                                             \
      ++g_passed;                                                           \
    } else {                                                                \
      ++g_failed;                                                           \
      fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s)\n", __FILE__, \
              __LINE__, #cond, C_TEST_LAST_ERROR());                        \
    }                                                                       \
  } while (0)

/* The default model; exits when it cannot be loaded (nothing else can run). */
static mi_model* LoadDefault(void) {
  mi_model* m = NULL;
  if (mi_model_load_default(&m) != MI_OK) {
    fprintf(stderr, "cannot load the default model: %s\n", mi_last_error_message());
    exit(1);
  }
  return m;
}

/* Prints "N passed, N failed" and returns the exit status. */
static int Report(void) {
  printf("%d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}

#ifndef C_TEST_NO_THREAD_HELPERS /* for tests that analyse no thread */
/* A thread that turns personal at message 2, sent by "b", with a quid pro quo
 * in that message ("put in a good word" ... "only if" ... "at my place"). */
static const char* const kQuidProQuoTexts[3] = {
    "Great meeting you at the summit. Can we set up a call about your payments API?",
    "Sure, Tuesday 3pm works. I'll send the integration docs.",
    "I could put in a good word with the hiring manager, but only if we get to know each other "
    "better first. Dinner at my place, just the two of us?"};
static const char* const kQuidProQuoSenders[3] = {"a", "b", "b"};

/* Fills messages[0..n) with the library's struct_size and no timestamps. */
static void FillMessages(mi_thread_message* messages, const char* const* texts,
                         const char* const* senders, int n) {
  int i;
  for (i = 0; i < n; ++i) {
    messages[i].struct_size = sizeof(mi_thread_message);
    messages[i].sender = senders[i];
    messages[i].text = texts[i];
    messages[i].text_length = strlen(texts[i]);
    messages[i].timestamp = -1;
  }
}
#endif

#endif /* MEETINTENT_TESTS_C_TEST_UTIL_H_ */
