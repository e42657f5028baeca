// MIME to text with GMime: headers decoded, parts walked, transfer encodings
// undone and charsets converted to UTF-8 by GMime; HTML by html_text.cc.
#include "mime_text.h"

#include <algorithm>
#include <cctype>

#include <mutex>
#include <string>
#include <string_view>

namespace meetintent {
namespace mail {
namespace {

// A GMime string (g_free) as std::string; "" for NULL.
std::string Take(char* s) {
  if (s == nullptr) return std::string();
  std::string out(s);
  g_free(s);
  return out;
}

std::string Str(const char* s) { return s != nullptr ? std::string(s) : std::string(); }

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return s;
}

// CRLF and lone CR become LF.
void AppendLines(std::string_view text, std::string* out) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out->push_back('\n');
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out->push_back(text[i]);
    }
  }
}

// A text part's content decoded (transfer encoding, then charset to UTF-8)
// like g_mime_text_part_get_text, but to its full length: that one returns a
// C string, cut at the first NUL byte, which broken mail does hold. NULs
// become spaces.
std::string PartText(GMimeTextPart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(GMIME_PART(part));
  if (content == nullptr) return std::string();
  GRef<GMimeStream> mem(g_mime_stream_mem_new());
  GRef<GMimeStream> filtered(g_mime_stream_filter_new(mem.get()));
  const char* charset = g_mime_text_part_get_charset(part);
  if (charset != nullptr) {
    // NULL for a charset iconv does not know: the bytes are kept as they are.
    GMimeFilter* filter = g_mime_filter_charset_new(charset, "UTF-8");
    if (filter != nullptr) {
      g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered.get()), filter);
      g_object_unref(filter);
    }
  }
  g_mime_data_wrapper_write_to_stream(content, filtered.get());
  g_mime_stream_flush(filtered.get());
  const GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
  std::string text(reinterpret_cast<const char*>(bytes->data), bytes->len);
  for (char& c : text) {
    if (c == '\0') c = ' ';
  }
  return text;
}

// Bytes that are not UTF-8 (a part without a charset, one whose charset
// lies, a header in raw 8-bit) read as Latin-1, so every field is valid
// UTF-8 and keeps its letters. GLib's validator, since the core library's
// UTF-8 helpers are not exported to this one.
void MakeUtf8(std::string* s) {
  const char* end = nullptr;
  if (g_utf8_validate(s->data(), static_cast<gssize>(s->size()), &end)) return;
  std::string out;
  out.reserve(s->size() + s->size() / 2);
  size_t i = 0;
  while (i < s->size()) {
    g_utf8_validate(s->data() + i, static_cast<gssize>(s->size() - i), &end);
    const size_t valid = static_cast<size_t>(end - (s->data() + i));
    out.append(*s, i, valid);
    i += valid;
    if (i == s->size()) break;
    const auto b = static_cast<unsigned char>((*s)[i++]);
    if (b < 0x80) {  // NUL, which GLib refuses
      out.push_back(static_cast<char>(b));
    } else {
      out.push_back(static_cast<char>(0xC0 | (b >> 6)));
      out.push_back(static_cast<char>(0x80 | (b & 0x3F)));
    }
  }
  s->swap(out);
}

bool HasLetterOrDigit(std::string_view s) {
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
      return true;
    }
  }
  return false;
}

std::string AddressList(InternetAddressList* list) {
  if (list == nullptr || internet_address_list_length(list) == 0) return std::string();
  return Take(internet_address_list_to_string(list, nullptr, FALSE));
}

std::string FirstMailbox(InternetAddressList* list) {
  for (int i = 0; list != nullptr && i < internet_address_list_length(list); ++i) {
    InternetAddress* a = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
      return Lower(Str(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a))));
    }
  }
  return std::string();
}

std::vector<std::string> MessageIds(const char* header) {
  std::vector<std::string> ids;
  if (header == nullptr) return ids;
  GMimeReferences* refs = g_mime_references_parse(nullptr, header);
  if (refs == nullptr) return ids;
  for (int i = 0; i < g_mime_references_length(refs); ++i) {
    ids.push_back(Str(g_mime_references_get_message_id(refs, i)));
  }
  g_mime_references_free(refs);
  return ids;
}

bool IsType(GMimeObject* o, const char* type, const char* subtype) {
  GMimeContentType* ct = g_mime_object_get_content_type(o);
  return ct != nullptr && g_mime_content_type_is_type(ct, type, subtype);
}

// The text of a message's parts, in reading order.
class BodyWalker {
 public:
  explicit BodyWalker(bool* from_html) : from_html_(from_html) {}

  // Appends the text of `o` to *out.
  void Walk(GMimeObject* o, int level, std::string* out) {
    if (o == nullptr || level > 64) return;
    if (GMIME_IS_MULTIPART(o)) {
      WalkMultipart(GMIME_MULTIPART(o), level, out);
    } else if (GMIME_IS_MESSAGE_PART(o)) {
      GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
      if (inner != nullptr) AppendForward(inner, level, out);
    } else if (GMIME_IS_TEXT_PART(o)) {
      GMimePart* part = GMIME_PART(o);
      if (g_mime_part_is_attachment(part)) return;
      if (IsType(o, "text", "plain")) {
        Separate(out);
        AppendLines(PartText(GMIME_TEXT_PART(o)), out);
      } else if (IsType(o, "text", "html")) {
        const std::string html = PartText(GMIME_TEXT_PART(o));
        std::string text;
        HtmlToText(html, &text);
        if (!text.empty()) {
          Separate(out);
          out->append(text);
          *from_html_ = true;
        }
      }
    }
  }

 private:
  void WalkMultipart(GMimeMultipart* mp, int level, std::string* out) {
    GMimeObject* self = GMIME_OBJECT(mp);
    const int n = g_mime_multipart_get_count(mp);
    if (GMIME_IS_MULTIPART_ENCRYPTED(mp)) return;
    if (n == 0) {
      // No parts: a missing or wrong boundary leaves the whole body in the
      // prologue. Its words, part headers and all, beat no text at all.
      const char* prologue = g_mime_multipart_get_prologue(mp);
      if (prologue != nullptr && HasLetterOrDigit(prologue)) {
        Separate(out);
        AppendLines(prologue, out);
      }
      return;
    }
    if (GMIME_IS_MULTIPART_SIGNED(mp)) {
      if (n > 0) Walk(g_mime_multipart_get_part(mp, 0), level + 1, out);
      return;
    }
    if (IsType(self, "multipart", "alternative")) {
      // A non-empty text/plain first; else the richest other part that has text.
      for (int i = 0; i < n; ++i) {
        GMimeObject* p = g_mime_multipart_get_part(mp, i);
        if (!IsType(p, "text", "plain") || !GMIME_IS_TEXT_PART(p)) continue;
        const std::string text = PartText(GMIME_TEXT_PART(p));
        if (HasLetterOrDigit(text)) {
          Separate(out);
          AppendLines(text, out);
          return;
        }
      }
      for (int i = n - 1; i >= 0; --i) {
        std::string text;
        Walk(g_mime_multipart_get_part(mp, i), level + 1, &text);
        if (HasLetterOrDigit(text)) {
          Separate(out);
          out->append(text);
          return;
        }
      }
      return;
    }
    for (int i = 0; i < n; ++i) Walk(g_mime_multipart_get_part(mp, i), level + 1, out);
  }

  // An attached message reads as an inline forward, as email_cleanup.cc
  // knows it: a banner, the forwarded headers, the forwarded text.
  void AppendForward(GMimeMessage* m, int level, std::string* out) {
    Separate(out);
    out->append("---------- Forwarded message ---------\n");
    const std::string from = AddressList(g_mime_message_get_from(m));
    if (!from.empty()) out->append("From: " + from + "\n");
    const char* date = g_mime_object_get_header(GMIME_OBJECT(m), "Date");
    if (date != nullptr) out->append("Date: " + std::string(date) + "\n");
    const char* subject = g_mime_message_get_subject(m);
    if (subject != nullptr) out->append("Subject: " + std::string(subject) + "\n");
    out->push_back('\n');
    Walk(g_mime_message_get_mime_part(m), level + 1, out);
  }

  // Parts follow one another after a line break.
  static void Separate(std::string* out) {
    if (!out->empty() && out->back() != '\n') out->push_back('\n');
  }

  bool* from_html_;
};

}  // namespace

void InitGMime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

void ReadGMimeMessage(GMimeMessage* m, MailMessage* out) {
  GMimeObject* o = GMIME_OBJECT(m);
  out->message_id = Str(g_mime_message_get_message_id(m));
  InternetAddressList* from = g_mime_message_get_from(m);
  out->from = AddressList(from);
  out->from_address = FirstMailbox(from);
  out->to = AddressList(g_mime_message_get_to(m));
  out->subject = Str(g_mime_message_get_subject(m));
  out->date = Str(g_mime_object_get_header(o, "Date"));
  GDateTime* date = g_mime_message_get_date(m);
  out->time = date != nullptr ? static_cast<int64_t>(g_date_time_to_unix(date))
                              : MailMessage::kNoTime;
  const std::vector<std::string> reply_to = MessageIds(g_mime_object_get_header(o, "In-Reply-To"));
  out->in_reply_to = reply_to.empty() ? std::string() : reply_to.front();
  out->references = MessageIds(g_mime_object_get_header(o, "References"));
  out->body.clear();
  out->from_html = false;
  BodyWalker walker(&out->from_html);
  walker.Walk(g_mime_message_get_mime_part(m), 0, &out->body);
  if (!out->body.empty() && out->body.back() != '\n') out->body.push_back('\n');
  for (std::string* field : {&out->message_id, &out->from, &out->from_address, &out->to,
                             &out->subject, &out->date, &out->in_reply_to, &out->body}) {
    MakeUtf8(field);
  }
  for (std::string& id : out->references) MakeUtf8(&id);
  out->text.clear();
  if (!out->subject.empty()) {
    out->text = "Subject: ";
    AppendLines(out->subject, &out->text);
    out->text.push_back('\n');
  }
  out->text += out->body;
}

namespace {

// GMime parses address fields with a recursive descent as it builds the
// message: a field of 60,000 nested groups ("To: g:g:g:...") overflows the
// stack. No real field holds more than this many group, angle or comment
// openers; an address field (of the message or of a message inside it) that
// does is dropped before GMime sees it. Other fields are not parsed that way
// (60,000 in Content-Type, Date, Received or References were harmless).
constexpr size_t kMaxFieldOpeners = 1000;

bool IsAddressField(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "from", "sender", "reply-to", "to", "cc", "bcc", "resent-from", "resent-sender",
      "resent-reply-to", "resent-to", "resent-cc", "resent-bcc", "return-path",
      "disposition-notification-to", "mail-followup-to", "mail-reply-to", "errors-to",
      "apparently-to"};
  for (std::string_view n : kNames) {
    if (n.size() != name.size()) continue;
    bool same = true;
    for (size_t k = 0; k < n.size() && same; ++k) {
      same = std::tolower(static_cast<unsigned char>(name[k])) == n[k];
    }
    if (same) return true;
  }
  return false;
}

// "Name:" (GMime also takes "Name :") at the start of a line, Name an
// address field: wherever it stands, GMime may parse it as one.
bool StartsAddressField(std::string_view line) {
  size_t k = 0;
  while (k < line.size() && k < 64) {
    const unsigned char c = static_cast<unsigned char>(line[k]);
    if (c == ':' || c == ' ' || c == '\t' || c <= ' ' || c >= 127) break;
    ++k;
  }
  const std::string_view name = line.substr(0, k);
  while (k < line.size() && (line[k] == ' ' || line[k] == '\t')) ++k;
  return k < line.size() && line[k] == ':' && !name.empty() && IsAddressField(name);
}

}  // namespace

bool DefuseFieldBombs(std::string_view raw, std::string* out) {
  bool changed = false;
  size_t copied = 0;  // raw[0, copied) is in *out (once changed)
  size_t i = 0;
  while (i < raw.size()) {
    size_t line_end = raw.find('\n', i);
    if (line_end == std::string_view::npos) line_end = raw.size();
    if (!StartsAddressField(raw.substr(i, line_end - i))) {
      i = line_end + 1;
      continue;
    }
    // The field and its continuation lines.
    size_t end = line_end;
    while (end + 1 < raw.size() && (raw[end + 1] == ' ' || raw[end + 1] == '\t')) {
      end = raw.find('\n', end + 1);
      if (end == std::string_view::npos) end = raw.size();
    }
    size_t openers = 0;
    for (size_t k = i; k < end; ++k) openers += raw[k] == ':' || raw[k] == '<' || raw[k] == '(';
    if (openers > kMaxFieldOpeners) {
      if (!changed) out->clear();
      out->append(raw.substr(copied, i - copied));
      copied = std::min(end + 1, raw.size());
      changed = true;
    }
    i = end + 1;
  }
  if (changed) out->append(raw.substr(copied));
  return changed;
}

Status ParseMailStream(GMimeStream* stream, MailMessage* out) {
  GRef<GMimeParser> parser(g_mime_parser_new_with_stream(stream));
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  GRef<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
  if (message.get() == nullptr) return Status::ParseError("not an e-mail message");
  ReadGMimeMessage(message.get(), out);
  return Status::Ok();
}

Status ParseMail(std::string_view raw, MailMessage* out) {
  InitGMime();
  // An mbox "From " line before the header is not part of the message.
  if (raw.substr(0, 5) == "From ") {
    const size_t nl = raw.find('\n');
    raw.remove_prefix(nl == std::string_view::npos ? raw.size() : nl + 1);
  }
  if (raw.empty()) return Status::ParseError("empty message");
  std::string defused;
  if (DefuseFieldBombs(raw, &defused)) raw = defused;
  // The stream copies the bytes: GMime may keep pointers into them.
  GRef<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  const std::string source = std::move(out->source);
  Status s = ParseMailStream(stream.get(), out);
  out->source = source;
  return s;
}

}  // namespace mail
}  // namespace meetintent
