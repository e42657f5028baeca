/* mail_c.h from C, against the shared libraries: every function refuses NULL
 * with an error code (never a crash), malformed mail is read as well as it
 * can be, and the replies of the issue are personal.
 * Usage: mail_c_api_test DATA_DIR (tests/data/mail) TEMP_DIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meetintent/mail_c.h"
#include "meetintent/meetintent.h"

#define C_TEST_LAST_ERROR() mi_mail_last_error_message()
#define C_TEST_NO_THREAD_HELPERS
#include "c_test_util.h"

static const char* g_data_dir;

/* The bytes of DATA_DIR/name in *size; NULL when unreadable. Caller frees. */
static char* ReadData(const char* name, size_t* size) {
  char path[4096];
  FILE* f;
  char* data;
  long n;
  snprintf(path, sizeof path, "%s/%s", g_data_dir, name);
  f = fopen(path, "rb");
  if (f == NULL) return NULL;
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  data = (char*)malloc((size_t)n + 1);
  if (data != NULL && fread(data, 1, (size_t)n, f) != (size_t)n) {
    free(data);
    data = NULL;
  }
  fclose(f);
  *size = (size_t)n;
  return data;
}

static void NullArguments(const mi_model* model) {
  mi_mail_message* m = NULL;
  mi_mail_reader* reader = NULL;
  const mi_mail_message* next = NULL;
  const char* value = NULL;
  int64_t seconds = 0;
  mi_result r;
  float probs[2];
  memset(&r, 0, sizeof r);
  r.struct_size = sizeof r;

  CHECK(mi_mail_parse(NULL, 5, &m) == MI_ERR_NULL_ARGUMENT && m == NULL);
  CHECK(strstr(mi_mail_last_error_message(), "NULL") != NULL);
  CHECK(mi_mail_parse("From: a\n\nhi\n", 12, NULL) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_mail_parse(NULL, 0, &m) == MI_ERR_PARSE && m == NULL); /* no bytes: no message */
  CHECK(mi_mail_message_field(NULL, MI_MAIL_TEXT, &value, NULL) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_mail_message_time(NULL, &seconds) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_mail_classify(model, NULL, &r, probs, 2) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_mail_classify_bytes(model, NULL, 3, &r, probs, 2) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_mail_classify_bytes(NULL, "From: a\n\nhi\n", 12, &r, probs, 2) ==
        MI_ERR_NULL_ARGUMENT);
  CHECK(mi_mail_classify_bytes(model, "From: a\n\nhi\n", 12, NULL, probs, 2) ==
        MI_ERR_NULL_ARGUMENT);
  CHECK(mi_mail_reader_open(NULL, &reader) == MI_ERR_NULL_ARGUMENT && reader == NULL);
  CHECK(mi_mail_reader_open(g_data_dir, NULL) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_mail_reader_next(NULL, &next) == MI_ERR_NULL_ARGUMENT);
  mi_mail_message_free(NULL);
  mi_mail_reader_free(NULL);

  CHECK(mi_mail_parse("From: a\n\nhi\n", 12, &m) == MI_OK && m != NULL);
  CHECK(mi_mail_message_field(m, MI_MAIL_TEXT, NULL, NULL) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_mail_message_field(m, -1, &value, NULL) == MI_ERR_INVALID_ARGUMENT);
  CHECK(mi_mail_message_field(m, 11, &value, NULL) == MI_ERR_INVALID_ARGUMENT);
  CHECK(mi_mail_message_time(m, NULL) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_mail_message_time(m, &seconds) == MI_ERR_INVALID_ARGUMENT); /* no Date */
  CHECK(mi_mail_classify(NULL, m, &r, probs, 2) == MI_ERR_NULL_ARGUMENT);
  CHECK(mi_mail_classify(model, m, NULL, probs, 2) == MI_ERR_NULL_ARGUMENT);
  mi_mail_message_free(m);

  CHECK(mi_mail_reader_open("/no/such/mailbox", &reader) == MI_ERR_IO && reader == NULL);
  CHECK(strstr(mi_mail_last_error_message(), "/no/such/mailbox") != NULL);
}

static void IssueRepliesArePersonal(const mi_model* model, size_t personal) {
  static const char* const kNames[] = {"reply_plain.eml", "reply_gmail.eml",
                                       "reply_outlook.eml", "reply_apple.eml"};
  size_t i;
  for (i = 0; i < sizeof kNames / sizeof kNames[0]; ++i) {
    size_t size = 0;
    char* raw = ReadData(kNames[i], &size);
    mi_result r;
    float probs[2] = {0, 0};
    memset(&r, 0, sizeof r);
    r.struct_size = sizeof r;
    CHECK(raw != NULL);
    if (raw == NULL) continue;
    CHECK(mi_mail_classify_bytes(model, raw, size, &r, probs, 2) == MI_OK);
    if (r.label != (int32_t)personal) fprintf(stderr, "%s: not personal\n", kNames[i]);
    CHECK(r.label == (int32_t)personal && probs[personal] > 0.5f);
    free(raw);
  }
}

static void MalformedMail(const mi_model* model, const char* temp_dir) {
  static const char* const kNames[] = {"truncated.eml", "bad_base64.eml", "missing_boundary.eml",
                                       "header_bad_utf8.eml", "nul_bytes.eml"};
  size_t i, size = 0, length = 0;
  const char* text = NULL;
  char* big;
  const size_t kBig = (size_t)5 << 20;
  char path[4096];
  FILE* f;
  mi_mail_reader* reader = NULL;
  const mi_mail_message* next = NULL;
  int count = 0;
  mi_result r;
  memset(&r, 0, sizeof r);
  r.struct_size = sizeof r;

  for (i = 0; i < sizeof kNames / sizeof kNames[0]; ++i) {
    mi_mail_message* m = NULL;
    char* raw = ReadData(kNames[i], &size);
    CHECK(raw != NULL);
    if (raw == NULL) continue;
    CHECK(mi_mail_parse(raw, size, &m) == MI_OK);
    CHECK(mi_mail_message_field(m, MI_MAIL_TEXT, &text, &length) == MI_OK);
    CHECK(length > 0 && strlen(text) == length); /* NUL-free, terminated */
    CHECK(mi_mail_classify(model, m, &r, NULL, 0) == MI_OK);
    mi_mail_message_free(m);
    free(raw);
  }
  /* Not a message at all: an error code and a reason. */
  CHECK(mi_mail_classify_bytes(model, "", 0, &r, NULL, 0) == MI_ERR_PARSE);
  CHECK(mi_mail_last_error_message()[0] != '\0');

  /* 5 MB: read, cut at the model's input limit, flagged. */
  big = (char*)malloc(kBig);
  CHECK(big != NULL);
  if (big != NULL) {
    const char* head = "Subject: big\n\n";
    memset(big, 'a', kBig);
    memcpy(big, head, strlen(head));
    for (i = 100; i < kBig; i += 100) big[i] = (i % 1000 == 0) ? '\n' : ' ';
    CHECK(mi_mail_classify_bytes(model, big, kBig, &r, NULL, 0) == MI_OK);
    CHECK((r.flags & MI_RESULT_TRUNCATED) != 0);
    free(big);
  }

  /* A mailbox whose second message is empty: read as an empty message. */
  snprintf(path, sizeof path, "%s/mail_c_api_test.mbox", temp_dir);
  f = fopen(path, "wb");
  CHECK(f != NULL);
  if (f == NULL) return;
  fputs("From a Tue Jun  3 18:40:00 2025\nSubject: one\n\nDinner?\n\n", f);
  fputs("From b Tue Jun  3 18:40:00 2025\n\n", f);
  fputs("From c Tue Jun  3 18:40:00 2025\nSubject: three\n\nLunch?\n", f);
  fclose(f);
  CHECK(mi_mail_reader_open(path, &reader) == MI_OK);
  for (i = 0; i < 10; ++i) {
    const mi_status s = mi_mail_reader_next(reader, &next);
    if (s == MI_OK && next == NULL) break;
    CHECK(s == MI_OK);
    if (s != MI_OK) continue;
    ++count;
    CHECK(mi_mail_message_field(next, MI_MAIL_TEXT, &text, &length) == MI_OK);
    CHECK((count == 2) == (length == 0));
  }
  CHECK(count == 3);
  mi_mail_reader_free(reader);
  remove(path);
}

int main(int argc, char** argv) {
  mi_model* model = NULL;
  size_t personal = 0;
  if (argc != 3) {
    fprintf(stderr, "usage: %s DATA_DIR TEMP_DIR\n", argv[0]);
    return 2;
  }
  g_data_dir = argv[1];
  model = LoadDefault();
  CHECK(mi_model_label_index(model, "personal", &personal) == MI_OK);
  NullArguments(model);
  IssueRepliesArePersonal(model, personal);
  MalformedMail(model, argv[2]);
  mi_model_free(model);
  return Report();
}
