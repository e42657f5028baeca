// Reading real mail: RFC 5322 messages, mbox files and Maildir folders, turned
// into the text the model reads. A separate library, meetintent_mail (it needs
// GMime 3 and gumbo; the core library does not), built when both are found
// (CMake option MEETINTENT_BUILD_MAIL).
//
// A message becomes one text, "Subject: SUBJECT\nBODY", the way the model's
// e-mail reading expects it (PredictOptions::Email::kSenderWords in model.h):
//  - headers are decoded (RFC 2047) and every charset is converted to UTF-8;
//  - multipart messages are walked: attachments and non-text parts are
//    skipped, multipart/alternative takes its non-empty text/plain part, else
//    its HTML; an attached message (message/rfc822) reads as a forward;
//  - HTML becomes text (HtmlToText below): quote containers become "> " lines,
//    so the sender's words decide and a quoted business e-mail cannot turn a
//    personal reply professional.
//
// Example:
//   std::unique_ptr<meetintent::Model> model;
//   meetintent::Model::LoadDefault(&model);
//   std::unique_ptr<meetintent::mail::MailReader> reader;
//   if (!meetintent::mail::MailReader::Open("inbox.mbox", &reader).ok()) return 1;
//   meetintent::Workspace ws;
//   meetintent::mail::MailMessage m;
//   meetintent::Prediction p;
//   bool done = false;
//   while (reader->Next(&m, &done).ok() && !done) {
//     meetintent::mail::ClassifyMail(*model, m, &ws, &p);
//     std::cout << m.subject << ": " << model->labels()[p.label] << "\n";
//   }
//
// Thread-safety: the free functions are safe from many threads at once. A
// MailReader is not thread-safe; use one per thread.
#ifndef MEETINTENT_MAIL_H_
#define MEETINTENT_MAIL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "meetintent/model.h"
#include "meetintent/status.h"

namespace meetintent {
namespace mail {

// One message, decoded. Header values are UTF-8; a missing header is "".
struct MailMessage {
  std::string source;      // where it came from: a path, "PATH#N" (N-th of an mbox)
  std::string message_id;  // without the angle brackets
  std::string from;        // "Name <addr>", decoded
  std::string from_address;  // the first sender's address alone, lower case
  std::string to;
  std::string subject;
  std::string date;        // the Date header as written
  int64_t time = kNoTime;  // Date as seconds since 1970, or kNoTime
  std::string in_reply_to;              // without the angle brackets
  std::vector<std::string> references;  // message ids, oldest first
  // The body as text: quoted parts as "> " lines, an HTML signature after a
  // "-- " line; lines end in "\n".
  std::string body;
  // What the model reads: "Subject: SUBJECT\n" (when there is a subject) then body.
  std::string text;
  bool from_html = false;  // the body came from an HTML part

  static constexpr int64_t kNoTime = INT64_MIN;
};

// Decodes one RFC 5322 message (any bytes; a leading mbox "From " line is
// skipped). Malformed MIME is read as well as it can be (a missing boundary,
// bad base64, an unknown charset); only input that holds no message at all
// is an error (ParseError).
Status ParseMail(std::string_view raw, MailMessage* out);

// The text of an HTML document or fragment (UTF-8) as a mail client shows it
// (<noscript>, <object> fallback, SVG text included): scripts, styles and
// <head> dropped; blocks, <br> and table rows as line breaks; entities
// decoded; <blockquote>, Gmail's div.gmail_quote, Yahoo's div.yahoo_quoted
// and Outlook's reply header (div#divRplyFwdMsg, #appendonsend, hr#stopSpelling)
// with all that follows it written as "> " lines, one "> " per level; Gmail and
// Thunderbird signatures after a "-- " line. Never fails, and no text is lost
// to nesting: past 1,000 open elements the rest is read without its tags.
void HtmlToText(std::string_view html, std::string* out);

// Classifies a message's text with the model's e-mail reading
// (PredictOptions::Email::kSenderWords).
void ClassifyMail(const Model& model, const MailMessage& message, Workspace* ws,
                  Prediction* out);

// The message `raw` with "X-Meetintent-Label: LABEL" and
// "X-Meetintent-Personal: P" (three decimals) added at the end of its header,
// with the message's own line ending; any X-Meetintent-* header already there
// is removed (a sender cannot forge the verdict). The body is not changed by
// a single byte. Input without a header/body separator gets the headers
// appended to the header it has. The result is written to *out.
void AddVerdictHeaders(std::string_view raw, std::string_view label, float personal,
                       std::string* out);

// Reads the messages of a path, one at a time, in constant memory: a single
// message file (.eml), an mbox file (it starts with "From "), or a Maildir
// folder (its cur/ and new/ files, in name order).
class MailReader {
 public:
  virtual ~MailReader() = default;

  // Opens `path`. IoError when it cannot be read.
  static Status Open(const std::string& path, std::unique_ptr<MailReader>* out);

  // Reads the next message into *out, or sets *done at the end. A message
  // that cannot be read returns its error and the reader moves on past it:
  // calling Next again reads the following one.
  virtual Status Next(MailMessage* out, bool* done) = 0;

  // Bytes of input read so far and the input's size in bytes (for progress).
  virtual uint64_t bytes_read() const = 0;
  virtual uint64_t bytes_total() const = 0;
};

}  // namespace mail
}  // namespace meetintent

#endif  // MEETINTENT_MAIL_H_
