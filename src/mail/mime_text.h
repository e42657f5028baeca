// Inside meetintent_mail: GMime messages to MailMessage (mime_text.cc), shared
// by ParseMail and the mailbox readers.
#ifndef MEETINTENT_SRC_MAIL_MIME_TEXT_H_
#define MEETINTENT_SRC_MAIL_MIME_TEXT_H_

#include <gmime/gmime.h>

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
Status ParseMailStream(GMimeStream* stream, MailMessage* out);

}  // namespace mail
}  // namespace meetintent

#endif  // MEETINTENT_SRC_MAIL_MIME_TEXT_H_
