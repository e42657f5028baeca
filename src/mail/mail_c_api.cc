// The only file that implements mail_c.h. Every entry point catches
// everything; classification goes through the core C API (meetintent.h), so
// this library links either build of the core library.
#include "meetintent/mail_c.h"

#include <memory>
#include <string>

#include "c_boundary.h"
#include "meetintent/mail.h"

struct mi_mail_message {
  meetintent::mail::MailMessage message;
  std::string references;  // MI_MAIL_REFERENCES, joined
};

struct mi_mail_reader {
  std::unique_ptr<meetintent::mail::MailReader> reader;
  mi_mail_message current;
};

namespace {

using meetintent::Status;

thread_local std::string g_last_error;

mi_status Fail(mi_status code, const std::string& message) {
  return meetintent::RecordFailure(&g_last_error, code, message);
}

mi_status FromStatus(const Status& s) {
  return s.ok() ? MI_OK : Fail(meetintent::CodeOf(s.code()), s.message());
}

template <typename Fn>
mi_status Guard(const char* where, Fn fn) {
  return meetintent::CatchAll(where, Fail, fn);
}

mi_status NullArg(const char* where, const char* what) {
  return meetintent::NullArgument(Fail, where, what);
}

void JoinReferences(mi_mail_message* m) {
  m->references.clear();
  for (const std::string& id : m->message.references) {
    if (!m->references.empty()) m->references.push_back(' ');
    m->references += id;
  }
}

const std::string* Field(const mi_mail_message& m, int field) {
  const meetintent::mail::MailMessage& x = m.message;
  switch (field) {
    case MI_MAIL_SOURCE: return &x.source;
    case MI_MAIL_MESSAGE_ID: return &x.message_id;
    case MI_MAIL_FROM: return &x.from;
    case MI_MAIL_FROM_ADDRESS: return &x.from_address;
    case MI_MAIL_TO: return &x.to;
    case MI_MAIL_SUBJECT: return &x.subject;
    case MI_MAIL_DATE: return &x.date;
    case MI_MAIL_IN_REPLY_TO: return &x.in_reply_to;
    case MI_MAIL_REFERENCES: return &m.references;
    case MI_MAIL_BODY: return &x.body;
    case MI_MAIL_TEXT: return &x.text;
    default: return nullptr;
  }
}

// The core library's failure, reported here too.
mi_status FromCore(mi_status s) {
  return s == MI_OK ? MI_OK : Fail(s, mi_last_error_message());
}

}  // namespace

extern "C" {

const char* mi_mail_last_error_message(void) { return g_last_error.c_str(); }

mi_status mi_mail_parse(const char* data, size_t size, mi_mail_message** out) {
  return Guard("mi_mail_parse", [&]() -> mi_status {
    if (out == nullptr) return NullArg("mi_mail_parse", "out");
    *out = nullptr;
    if (data == nullptr && size > 0) return NullArg("mi_mail_parse", "data");
    auto m = std::make_unique<mi_mail_message>();
    const Status s =
        meetintent::mail::ParseMail(std::string_view(data == nullptr ? "" : data, size),
                                    &m->message);
    if (!s.ok()) return FromStatus(s);
    JoinReferences(m.get());
    *out = m.release();
    return MI_OK;
  });
}

void mi_mail_message_free(mi_mail_message* message) { delete message; }

mi_status mi_mail_message_field(const mi_mail_message* message, int field, const char** value,
                                size_t* length) {
  return Guard("mi_mail_message_field", [&]() -> mi_status {
    if (message == nullptr) return NullArg("mi_mail_message_field", "message");
    if (value == nullptr) return NullArg("mi_mail_message_field", "value");
    const std::string* f = Field(*message, field);
    if (f == nullptr) {
      return Fail(MI_ERR_INVALID_ARGUMENT,
                  "mi_mail_message_field: unknown field " + std::to_string(field));
    }
    *value = f->c_str();
    if (length != nullptr) *length = f->size();
    return MI_OK;
  });
}

mi_status mi_mail_message_time(const mi_mail_message* message, int64_t* seconds) {
  return Guard("mi_mail_message_time", [&]() -> mi_status {
    if (message == nullptr) return NullArg("mi_mail_message_time", "message");
    if (seconds == nullptr) return NullArg("mi_mail_message_time", "seconds");
    if (message->message.time == meetintent::mail::MailMessage::kNoTime) {
      return Fail(MI_ERR_INVALID_ARGUMENT, "mi_mail_message_time: the message has no date");
    }
    *seconds = message->message.time;
    return MI_OK;
  });
}

mi_status mi_mail_classify(const mi_model* model, const mi_mail_message* message,
                           mi_result* result, float* probabilities, size_t probabilities_len) {
  return Guard("mi_mail_classify", [&]() -> mi_status {
    if (message == nullptr) return NullArg("mi_mail_classify", "message");
    // The core's default reading is the e-mail one (PredictOptions).
    const std::string& text = message->message.text;
    return FromCore(
        mi_classify_ex(model, text.data(), text.size(), result, probabilities, probabilities_len));
  });
}

mi_status mi_mail_classify_bytes(const mi_model* model, const char* data, size_t size,
                                 mi_result* result, float* probabilities,
                                 size_t probabilities_len) {
  return Guard("mi_mail_classify_bytes", [&]() -> mi_status {
    if (model == nullptr) return NullArg("mi_mail_classify_bytes", "model");
    if (result == nullptr) return NullArg("mi_mail_classify_bytes", "result");
    mi_mail_message* m = nullptr;
    if (mi_status s = mi_mail_parse(data, size, &m); s != MI_OK) return s;
    std::unique_ptr<mi_mail_message> owned(m);
    return mi_mail_classify(model, m, result, probabilities, probabilities_len);
  });
}

mi_status mi_mail_reader_open(const char* path, mi_mail_reader** out) {
  return Guard("mi_mail_reader_open", [&]() -> mi_status {
    if (out == nullptr) return NullArg("mi_mail_reader_open", "out");
    *out = nullptr;
    if (path == nullptr) return NullArg("mi_mail_reader_open", "path");
    auto r = std::make_unique<mi_mail_reader>();
    if (Status s = meetintent::mail::MailReader::Open(path, &r->reader); !s.ok()) {
      return FromStatus(s);
    }
    *out = r.release();
    return MI_OK;
  });
}

mi_status mi_mail_reader_next(mi_mail_reader* reader, const mi_mail_message** message) {
  return Guard("mi_mail_reader_next", [&]() -> mi_status {
    if (message == nullptr) return NullArg("mi_mail_reader_next", "message");
    *message = nullptr;
    if (reader == nullptr) return NullArg("mi_mail_reader_next", "reader");
    bool done = false;
    const Status s = reader->reader->Next(&reader->current.message, &done);
    if (!s.ok()) return FromStatus(s);
    if (done) return MI_OK;
    JoinReferences(&reader->current);
    *message = &reader->current;
    return MI_OK;
  });
}

void mi_mail_reader_free(mi_mail_reader* reader) { delete reader; }

}  // extern "C"
