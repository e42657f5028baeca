/*
 * mail_c.h: the C API of meetintent_mail, reading real mail (RFC 5322
 * messages, mbox files, Maildir folders) for the classifier of meetintent.h.
 * The library is libmeetintent_mail (it needs GMime 3 and gumbo); link it
 * with libmeetintent.
 *
 * Rules: those of meetintent.h (C99, mi_ prefix, opaque handles whose *_free
 * accept NULL, an mi_status from every function that can fail, no exception
 * across the boundary, nothing aborts), with one difference: the reason for
 * the last failure of an mi_mail_* function is mi_mail_last_error_message(),
 * kept per thread.
 *
 * A message is read into the text the model reads: "Subject: SUBJECT\n" and
 * the body, with quoted replies (plain or HTML) as "> " lines, so that the
 * classifier's e-mail reading lets the sender's own words decide. Details:
 * meetintent/mail.h.
 *
 * Example:
 *   mi_model* model = NULL;
 *   mi_mail_reader* reader = NULL;
 *   const mi_mail_message* m;
 *   mi_result r = {sizeof(mi_result)};
 *   float probs[2];
 *   mi_model_load_default(&model);
 *   if (mi_mail_reader_open("inbox.mbox", &reader) != MI_OK) {
 *     fprintf(stderr, "%s\n", mi_mail_last_error_message());
 *     return 1;
 *   }
 *   while (mi_mail_reader_next(reader, &m) == MI_OK && m != NULL) {
 *     const char* subject;
 *     mi_mail_message_field(m, MI_MAIL_SUBJECT, &subject, NULL);
 *     mi_mail_classify(model, m, &r, probs, 2);
 *     printf("%s: %d %.3f\n", subject, r.label, r.probability);
 *   }
 *   mi_mail_reader_free(reader);
 *   mi_model_free(model);
 *
 * Thread safety: an mi_mail_message may be read from many threads at once;
 * an mi_mail_reader is used by one thread at a time.
 */
#ifndef MEETINTENT_MAIL_C_H_
#define MEETINTENT_MAIL_C_H_

#include <stddef.h>
#include <stdint.h>

#include "meetintent/meetintent.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The reason for the last failure of an mi_mail_* function on this thread;
 * "" when none. Never NULL. Since 1.1. */
MI_API const char* mi_mail_last_error_message(void);

/* =============================== One message =============================== */

typedef struct mi_mail_message mi_mail_message;

/* Header fields of a message (never renumbered). */
typedef enum mi_mail_field {
  MI_MAIL_SOURCE = 0,       /* where it came from: a path or "PATH#N"; "" when parsed from bytes */
  MI_MAIL_MESSAGE_ID = 1,   /* without angle brackets */
  MI_MAIL_FROM = 2,         /* "Name <addr>", decoded */
  MI_MAIL_FROM_ADDRESS = 3, /* the first sender's address, lower case */
  MI_MAIL_TO = 4,
  MI_MAIL_SUBJECT = 5,      /* decoded (RFC 2047) */
  MI_MAIL_DATE = 6,         /* the Date header as written */
  MI_MAIL_IN_REPLY_TO = 7,  /* one message id, without angle brackets */
  MI_MAIL_REFERENCES = 8,   /* message ids separated by single spaces */
  MI_MAIL_BODY = 9,         /* the body as text (quoted lines with "> ") */
  MI_MAIL_TEXT = 10         /* what the classifier reads: subject line and body */
} mi_mail_field;

/* Reads one RFC 5322 message from `size` bytes (a leading mbox "From " line
 * is skipped). Malformed MIME is read as well as it can be. On success the
 * caller owns *out and frees it with mi_mail_message_free.
 * @return MI_OK; MI_ERR_NULL_ARGUMENT (out NULL, or data NULL with size > 0);
 * MI_ERR_PARSE (no message in the bytes, e.g. none at all). Since 1.1. */
MI_API mi_status mi_mail_parse(const char* data, size_t size, mi_mail_message** out);

MI_API void mi_mail_message_free(mi_mail_message* message);

/* A header field or the text of `message`: *value is UTF-8, NUL-terminated,
 * "" when the message lacks it, valid until the message is freed (or, for a
 * reader's message, until the reader moves on). length may be NULL.
 * @return MI_OK; MI_ERR_NULL_ARGUMENT (message or value NULL);
 * MI_ERR_INVALID_ARGUMENT (unknown field). Since 1.1. */
MI_API mi_status mi_mail_message_field(const mi_mail_message* message, int field,
                                       const char** value, size_t* length);

/* The Date header as seconds since 1970 (UTC). @return MI_OK;
 * MI_ERR_NULL_ARGUMENT; MI_ERR_INVALID_ARGUMENT when the message has no
 * readable date (*seconds untouched). Since 1.1. */
MI_API mi_status mi_mail_message_time(const mi_mail_message* message, int64_t* seconds);

/* Classifies a message with the classifier's e-mail reading; result and
 * probabilities as mi_classify_ex (meetintent.h).
 * @return as mi_classify_ex, plus MI_ERR_NULL_ARGUMENT when message is NULL.
 * Since 1.1. */
MI_API mi_status mi_mail_classify(const mi_model* model, const mi_mail_message* message,
                                  mi_result* result, float* probabilities,
                                  size_t probabilities_len);

/* mi_mail_parse then mi_mail_classify, for one message in memory.
 * @return as both. Since 1.1. */
MI_API mi_status mi_mail_classify_bytes(const mi_model* model, const char* data, size_t size,
                                        mi_result* result, float* probabilities,
                                        size_t probabilities_len);

/* ============================ Mailboxes ============================ */

typedef struct mi_mail_reader mi_mail_reader;

/* Opens a message file, an mbox file (one that starts with "From ") or a
 * Maildir folder (its cur/ and new/ files in name order). Memory does not
 * grow with the size of an mbox. Caller owns *out.
 * @return MI_OK, MI_ERR_NULL_ARGUMENT, MI_ERR_IO. Since 1.1. */
MI_API mi_status mi_mail_reader_open(const char* path, mi_mail_reader** out);

/* Reads the next message: *message points to it (owned by the reader, valid
 * until the next call or mi_mail_reader_free), or is NULL at the end. A
 * message that cannot be read returns its error (*message NULL) and the
 * reader moves past it: call again for the next one.
 * @return MI_OK, MI_ERR_NULL_ARGUMENT, MI_ERR_IO, MI_ERR_PARSE. Since 1.1. */
MI_API mi_status mi_mail_reader_next(mi_mail_reader* reader, const mi_mail_message** message);

MI_API void mi_mail_reader_free(mi_mail_reader* reader);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* MEETINTENT_MAIL_C_H_ */
