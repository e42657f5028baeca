// Fuzzes reading mail (meetintent/mail.h): the same bytes as an RFC 5322
// message (ParseMail, then ClassifyMail), as HTML (HtmlToText) and as a
// message to be tagged by a mail filter (AddVerdictHeaders). GMime and gumbo
// are not instrumented; what is fuzzed is our use of them and our own
// decoding around them.
//
// Invariants checked (a violation traps):
//  - every field ParseMail fills is valid UTF-8, and the text the model reads
//    ends with the body; classifying it gives valid probabilities;
//  - HtmlToText gives valid UTF-8;
//  - AddVerdictHeaders leaves the body alone: what follows the first blank
//    line of the input ends the output.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_checks.h"
#include "meetintent/mail.h"
#include "utf8.h"

namespace {

namespace mail = meetintent::mail;
using meetintent::fuzz::DefaultModel;

bool Valid(const std::string& s) { return meetintent::IsValidUtf8(s.data(), s.size()); }

bool EndsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

void CheckParse(std::string_view raw) {
  mail::MailMessage m;
  if (!mail::ParseMail(raw, &m).ok()) return;
  for (const std::string* field : {&m.source, &m.message_id, &m.from, &m.from_address, &m.to,
                                   &m.subject, &m.date, &m.in_reply_to, &m.body, &m.text}) {
    FUZZ_CHECK(Valid(*field));
  }
  for (const std::string& id : m.references) FUZZ_CHECK(Valid(id));
  FUZZ_CHECK(EndsWith(m.text, m.body));
  static meetintent::Workspace ws;
  meetintent::Prediction p;
  mail::ClassifyMail(DefaultModel(), m, &ws, &p);
  meetintent::fuzz::CheckProbabilities(DefaultModel(), p.probabilities, p.label);
}

void CheckHtml(std::string_view html) {
  std::string text;
  mail::HtmlToText(html, &text);
  FUZZ_CHECK(Valid(text));
}

void CheckVerdict(std::string_view raw) {
  std::string out;
  mail::AddVerdictHeaders(raw, "personal", 0.5f, &out);
  const size_t blank = raw.find("\n\n");
  if (blank != std::string_view::npos) FUZZ_CHECK(EndsWith(out, raw.substr(blank + 2)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  CheckParse(raw);
  CheckHtml(raw);
  CheckVerdict(raw);
  return 0;
}
