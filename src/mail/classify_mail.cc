// The model's side of meetintent_mail: a message's text through the core
// library's e-mail reading, and the verdict headers of `meetintent mail --filter`.
#include <cstdio>
#include <string>
#include <string_view>

#include "meetintent/mail.h"

namespace meetintent {
namespace mail {
namespace {

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

void ClassifyMail(const Model& model, const MailMessage& message, Workspace* ws,
                  Prediction* out) {
  PredictOptions options;
  options.email = PredictOptions::Email::kSenderWords;
  model.Predict(message.text, options, ws, out);
}

void AddVerdictHeaders(std::string_view raw, std::string_view label, float personal,
                       std::string* out) {
  out->clear();
  out->reserve(raw.size() + 80);
  // The header ends at the first empty line; an mbox "From " line before it
  // is kept as it is.
  size_t pos = 0;
  std::string eol = "\n";
  bool first = true;
  bool dropping = false;  // inside an X-Meetintent-* header and its folded lines
  while (pos < raw.size()) {
    size_t nl = raw.find('\n', pos);
    const size_t end = nl == std::string_view::npos ? raw.size() : nl + 1;
    std::string_view line = raw.substr(pos, end - pos);
    std::string_view content = line;
    if (!content.empty() && content.back() == '\n') content.remove_suffix(1);
    const bool crlf = !content.empty() && content.back() == '\r';
    if (crlf) content.remove_suffix(1);
    if (first && nl != std::string_view::npos) eol = crlf ? "\r\n" : "\n";
    if (content.empty()) break;  // the empty line: the body follows
    const bool folded = content[0] == ' ' || content[0] == '\t';
    if (!folded) dropping = StartsWithNoCase(content, "x-meetintent-");  // the first line too
    if (!dropping) out->append(line);
    if (nl == std::string_view::npos) out->append(eol);  // a header without its line end
    first = false;
    pos = end;
  }
  char number[32];
  std::snprintf(number, sizeof number, "%.3f", static_cast<double>(personal));
  out->append("X-Meetintent-Label: ").append(label).append(eol);
  out->append("X-Meetintent-Personal: ").append(number).append(eol);
  out->append(raw.substr(pos));  // the empty line and the body, untouched
}

}  // namespace mail
}  // namespace meetintent
