// Inside meetintent_mail: GMime set-up, and GMime messages to MailMessage
// (mime_text.cc). The mailbox readers (mailbox.cc) go through ParseMail.
#ifndef MEETINTENT_SRC_MAIL_MIME_TEXT_H_
#define MEETINTENT_SRC_MAIL_MIME_TEXT_H_

#include <gmime/gmime.h>

#include <string>
#include <string_view>

#include "meetintent/mail.h"
#include "meetintent/status.h"

namespace meetintent {
namespace mail {

// Initializes GMime once per process (thread-safe).
void InitGMime();

// Owns one reference to a GObject.
template <typename T>
class GRef {
 public:
  explicit GRef(T* p = nullptr) : p_(p) {}
  ~GRef() { reset(); }
  GRef(const GRef&) = delete;
  GRef& operator=(const GRef&) = delete;
  T* get() const { return p_; }
  void reset(T* p = nullptr) {
    if (p_ != nullptr) g_object_unref(p_);
    p_ = p;
  }

 private:
  T* p_;
};

// Fills every field of *out but `source` from a parsed message.
void ReadGMimeMessage(GMimeMessage* message, MailMessage* out);

// Parses one message from `stream` (message format) into *out, but `source`.
// The stream must hold no field bomb (DefuseFieldBombs).
Status ParseMailStream(GMimeStream* stream, MailMessage* out);

// Writes `raw` to *out without the header fields (of the message or of one
// inside it) that would overflow GMime's stack, and returns true; returns
// false, *out untouched, when `raw` holds none.
bool DefuseFieldBombs(std::string_view raw, std::string* out);

}  // namespace mail
}  // namespace meetintent

#endif  // MEETINTENT_SRC_MAIL_MIME_TEXT_H_
