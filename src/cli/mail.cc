// meetintent mail: real mail in (message files, mbox files, Maildir folders),
// one JSON object per message out; or, with --filter, one message through
// with the verdict added as headers (for procmail or maildrop). Built only
// with the mail library (MEETINTENT_BUILD_MAIL).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <numeric>
#include <string>
#include <unordered_map>
#include <vector>

#include "command.h"
#include "json.h"
#include "meetintent/mail.h"
#include "meetintent/model.h"
#include "meetintent/thread.h"
#include "output.h"
#include "prediction_json.h"
#include "thread_input.h"
#include "thread_output.h"

namespace meetintent {
namespace cli {
namespace {

struct MailArgs {
  std::string model_path;
  bool filter = false;
  bool quiet = false;
  bool text = false;
  bool notmuch = false;
  bool threads = false;
};

void Bind(MailArgs* a, OptionTable* t) {
  AddModelOption(t, &a->model_path);
  t->Flag("--filter", "read one message on stdin, write it back with verdict headers",
          &a->filter, true);
  t->Flag("--quiet", "no progress line on stderr", &a->quiet, true);
  t->Flag("--text", "add \"text\": what the model read (subject line and body)", &a->text,
          true);
  t->Flag("--notmuch", "write notmuch batch-tagging lines instead of JSON", &a->notmuch, true);
  t->Flag("--threads", "group the messages into conversations, one thread record each",
          &a->threads, true);
}

void WriteRecord(const mail::MailMessage& m, const Prediction& p, PredictionJson* json,
                 bool text, std::string* out) {
  json::Writer w(out);
  w.BeginObject();
  w.Key("source").String(m.source);
  w.Key("message_id").String(m.message_id);
  w.Key("from").String(m.from);
  w.Key("subject").String(m.subject);
  w.Key("date").String(m.date);
  json->Write(p, &w);
  if (m.from_html) w.Key("html").Bool(true);
  if (text) w.Key("text").String(m.text);
  w.EndObject();
  out->push_back('\n');
}

// A notmuch tag as its batch format wants it: bytes other than letters,
// digits and -_.:/@ hex-encoded (%NN).
void AppendNotmuchTag(std::string_view tag, std::string* out) {
  static const char kHex[] = "0123456789ABCDEF";
  for (const char ch : tag) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || c == '.' || c == ':' || c == '/' || c == '@';
    if (plain) {
      out->push_back(ch);
    } else {
      out->push_back('%');
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 15]);
    }
  }
}

// One line for `notmuch tag --batch`: the predicted label added, the other
// labels removed (so running again corrects), quid-pro-quo added or removed,
// for the message's id, quoted as Xapian wants (double quotes doubled).
// Returns false for a message notmuch cannot be told about by id: none, or
// one with a line break in it.
bool WriteNotmuchLine(const mail::MailMessage& m, const Prediction& p, bool quid_pro_quo,
                      const std::vector<std::string>& labels, std::string* out) {
  if (m.message_id.empty() || m.message_id.find_first_of("\r\n") != std::string::npos) {
    return false;
  }
  for (size_t k = 0; k < labels.size(); ++k) {
    const bool chosen = p.supported && static_cast<int>(k) == p.label;
    out->push_back(chosen ? '+' : '-');
    AppendNotmuchTag(labels[k], out);
    out->push_back(' ');
  }
  out->append(quid_pro_quo ? "+quid-pro-quo -- id:\"" : "-quid-pro-quo -- id:\"");
  for (const char c : m.message_id) {
    if (c == ' ' || c == '\t') continue;  // notmuch stores ids without their spaces
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->append("\"\n");
  return true;
}

// Does the message itself offer a professional favour for a personal one?
// Thread analysis of a thread of this one message.
bool OffersQuidProQuo(const Model& model, const mail::MailMessage& m, Workspace* ws,
                      std::vector<ThreadMessage>* thread, ThreadAnalysis* analysis) {
  thread->resize(1);
  (*thread)[0].sender = m.from_address;
  (*thread)[0].timestamp = -1;
  (*thread)[0].text = m.text;
  if (!AnalyzeThread(model, *thread, ThreadOptions(), ws, analysis).ok()) return false;
  return !analysis->quid_pro_quo.empty();
}

// A line on stderr, at most once a second, for inputs of 16 MiB and more.
class Progress {
 public:
  explicit Progress(bool quiet) : quiet_(quiet), tty_(isatty(2) != 0) {}

  void Update(const std::string& path, const mail::MailReader& r, uint64_t messages) {
    if (quiet_ || r.bytes_total() < (uint64_t{16} << 20)) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::seconds(1)) return;
    last_ = now;
    shown_ = true;
    std::fprintf(stderr, "%smeetintent mail: %s: %llu messages, %.0f of %.0f MB%s",
                 tty_ ? "\r" : "", path.c_str(), static_cast<unsigned long long>(messages),
                 static_cast<double>(r.bytes_read()) / 1e6,
                 static_cast<double>(r.bytes_total()) / 1e6, tty_ ? "" : "\n");
  }
  void Done() {
    if (shown_ && tty_) std::fputc('\n', stderr);
    shown_ = false;
  }

 private:
  bool quiet_, tty_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

Status ReadStdin(std::string* out) {
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(0, buf, sizeof buf);
    if (n == 0) return Status::Ok();
    if (n < 0) return Status::IoError("cannot read stdin");
    out->append(buf, static_cast<size_t>(n));
  }
}

// --threads: the messages read, grouped into conversations by Message-ID,
// In-Reply-To and References (union-find over the ids: messages that share an
// id, directly or through others, are one thread; a message without links is
// a thread of its own).
class Conversations {
 public:
  void Add(const mail::MailMessage& m) {
    Entry e;
    e.message.sender = m.from_address;
    e.message.time.known = m.time != mail::MailMessage::kNoTime;
    e.message.time.seconds = e.message.time.known ? m.time : 0;
    e.message.text = WithoutQuotedLines(m.text);
    e.message.source = m.source;
    e.message.message_id = m.message_id;
    // The conversation's root: the oldest id the message refers to.
    e.root = !m.references.empty() ? m.references.front()
             : !m.in_reply_to.empty() ? m.in_reply_to
                                      : m.message_id;
    // A message without a Message-ID is linked only through its own links.
    e.node = m.message_id.empty() ? NewNode() : Node(m.message_id);
    if (!m.in_reply_to.empty()) Union(e.node, Node(m.in_reply_to));
    for (const std::string& id : m.references) Union(e.node, Node(id));
    entries_.push_back(std::move(e));
  }

  // The threads in order of their first message read; each thread's messages
  // by Date when every one of them has a Date that can be read, else in
  // reading order. A thread's id is its first message's root (the first
  // References id, else In-Reply-To, else its own Message-ID; its source
  // when it has none of those).
  std::vector<InputThread> Threads() {
    std::vector<InputThread> threads;
    std::unordered_map<size_t, size_t> thread_of;  // root node -> index in threads
    std::vector<std::vector<const Entry*>> members;
    for (const Entry& e : entries_) {
      const auto [it, added] = thread_of.emplace(Find(e.node), members.size());
      if (added) members.emplace_back();
      members[it->second].push_back(&e);
    }
    for (std::vector<const Entry*>& list : members) {
      const bool dated = std::all_of(list.begin(), list.end(),
                                     [](const Entry* e) { return e->message.time.known; });
      if (dated) {
        std::stable_sort(list.begin(), list.end(), [](const Entry* a, const Entry* b) {
          return a->message.time.seconds < b->message.time.seconds;
        });
      }
      InputThread t;
      t.id = list.front()->root.empty() ? list.front()->message.source : list.front()->root;
      for (const Entry* e : list) t.messages.push_back(e->message);
      threads.push_back(std::move(t));
    }
    return threads;
  }

 private:
  struct Entry {
    size_t node = 0;
    std::string root;
    InputMessage message;
  };

  // The earlier messages of a conversation are in the thread themselves: a
  // reply's quoted lines ("> ") are left out of the text the analysis reads.
  static std::string WithoutQuotedLines(const std::string& text) {
    std::string out;
    size_t pos = 0;
    while (pos < text.size()) {
      size_t end = text.find('\n', pos);
      end = end == std::string::npos ? text.size() : end + 1;
      if (text[pos] != '>') out.append(text, pos, end - pos);
      pos = end;
    }
    return out;
  }

  size_t NewNode() {
    parent_.push_back(parent_.size());
    return parent_.size() - 1;
  }
  size_t Node(const std::string& id) {
    const auto [it, added] = ids_.emplace(id, parent_.size());
    if (added) NewNode();
    return it->second;
  }
  size_t Find(size_t n) {
    while (parent_[n] != n) n = parent_[n] = parent_[parent_[n]];
    return n;
  }
  // The smaller node stays the root, so a thread's root is its first id seen.
  void Union(size_t a, size_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

  std::vector<size_t> parent_;
  std::unordered_map<std::string, size_t> ids_;
  std::vector<Entry> entries_;
};

int WriteThreads(const Model& model, Conversations* conversations, Status failed) {
  Output output;
  Workspace ws;
  ThreadAnalysis analysis;
  const ThreadOptions options;
  for (const InputThread& thread : conversations->Threads()) {
    const Status s = AnalyzeThread(model, ToLibraryMessages(thread), options, &ws, &analysis);
    if (!s.ok()) return Fail(Status(s.code(), "thread '" + thread.id + "': " + s.message()));
    AppendThreadJson(thread, model, analysis, output.buffer());
    output.RecordDone();
  }
  return FinishOutput(&output, failed);
}

int RunFilter(const Model& model) {
  std::string raw;
  if (Status s = ReadStdin(&raw); !s.ok()) return Fail(s);
  mail::MailMessage m;
  Prediction p;
  Workspace ws;
  std::string label = "unknown";
  float personal = 0.0f;
  if (mail::ParseMail(raw, &m).ok()) {
    mail::ClassifyMail(model, m, &ws, &p);
    if (p.supported) label = model.labels()[static_cast<size_t>(p.label)];
    const int k = model.LabelIndex("personal");
    if (k >= 0) personal = p.probabilities[static_cast<size_t>(k)];
  }
  Output output;
  mail::AddVerdictHeaders(raw, label, personal, output.buffer());
  return FinishOutput(&output);
}

int Run(const Command& self, const MailArgs& a, const std::vector<std::string>& args) {
  if (a.filter && !args.empty()) return UsageError(self, "--filter reads stdin: no PATH");
  if (a.filter && a.notmuch) return UsageError(self, "--filter and --notmuch do not go together");
  if (a.filter && a.threads) return UsageError(self, "--filter and --threads exclude each other");
  if (a.threads && a.text) return UsageError(self, "--text is not written with --threads");
  if (a.threads && a.notmuch) return UsageError(self, "--notmuch and --threads exclude each other");
  if (!a.filter && args.empty()) return UsageError(self, "no PATH given");
  std::unique_ptr<Model> model;
  if (Status s = LoadModel(a.model_path, &model); !s.ok()) return Fail(s);
  if (a.filter) return RunFilter(*model);

  Output output;
  Workspace ws;
  Prediction p;
  mail::MailMessage m;
  PredictionJson json(model->labels());
  std::vector<ThreadMessage> thread;
  ThreadAnalysis analysis;
  Conversations conversations;
  Progress progress(a.quiet);
  Status failed;
  for (const std::string& path : args) {
    std::unique_ptr<mail::MailReader> reader;
    if (Status s = mail::MailReader::Open(path, &reader); !s.ok()) {
      // The first such path is the exit error (printed at the end); the
      // others are warnings as they come.
      if (failed.ok()) {
        failed = s;
      } else {
        Warn(s.message());
      }
      continue;
    }
    uint64_t count = 0;
    for (bool done = false;;) {
      const Status s = reader->Next(&m, &done);
      if (done) break;
      if (!s.ok()) {
        Warn(s.message());
        continue;
      }
      if (a.threads) {
        conversations.Add(m);
      } else {
        mail::ClassifyMail(*model, m, &ws, &p);
        if (a.notmuch) {
          const bool qpq = OffersQuidProQuo(*model, m, &ws, &thread, &analysis);
          if (!WriteNotmuchLine(m, p, qpq, model->labels(), output.buffer())) {
            Warn(m.source + ": no usable Message-ID, not tagged");
          }
        } else {
          WriteRecord(m, p, &json, a.text, output.buffer());
        }
        output.RecordDone();
      }
      progress.Update(path, *reader, ++count);
    }
    progress.Done();
  }
  if (a.threads) return WriteThreads(*model, &conversations, failed);
  return FinishOutput(&output, failed);
}

}  // namespace

const Command kMailCommand = {
    "mail", "PATH...", kMailSummary,
    "Reads each PATH: a message file (RFC 5322, e.g. .eml), an mbox file (it starts\n"
    "with \"From \"; read message by message in constant memory) or a Maildir folder\n"
    "(its cur/ and new/ files). Headers are decoded, MIME parts walked (attachments\n"
    "skipped, text/plain preferred over HTML), every charset read as UTF-8 and HTML\n"
    "turned into text with its quoted replies marked, so that the words the sender\n"
    "wrote decide, not the e-mail they quote. The subject is read with the body.\n"
    "\n"
    "Output: one JSON object per message, in input order:\n"
    "  {\"source\",\"message_id\",\"from\",\"subject\",\"date\",\"label\",\"probability\",\n"
    "   \"probabilities\":{LABEL:P}}\n"
    "as classify writes them (\"part\":\"sender\"|\"quoted-or-signature\" when that part\n"
    "decided, \"truncated\":true), then \"html\":true when the text came from HTML\n"
    "(with --text, \"text\": what the model read). A message that cannot be read\n"
    "is skipped with a warning; a PATH that cannot be opened is an error (exit 1)\n"
    "after the other PATHs are read. Inputs of 16 MiB or more show a progress line\n"
    "on stderr.\n"
    "\n"
    "--filter reads one message on stdin and writes it to stdout unchanged, but for\n"
    "two headers added at the end of its header (any already there are removed):\n"
    "  X-Meetintent-Label: personal|professional|unknown\n"
    "  X-Meetintent-Personal: 0.973\n"
    "for procmail, e.g.  :0 fw\n"
    "                    | meetintent mail --filter\n"
    "\n"
    "--notmuch writes, instead of JSON, one line per message for `notmuch tag --batch`:\n"
    "  +personal -professional -quid-pro-quo -- id:\"MESSAGE-ID\"\n"
    "(the predicted label added, the others removed; +quid-pro-quo when the message\n"
    "itself offers a professional favour for a personal one). Messages without a\n"
    "Message-ID are skipped with a warning. contrib/notmuch/post-new is a hook that\n"
    "tags new mail this way.\n"
    "\n"
    "--threads groups the messages of all PATHs into conversations by Message-ID,\n"
    "In-Reply-To and References (a message without links is a thread of its own)\n"
    "and writes one record per thread, as 'meetintent thread --format jsonl' does:\n"
    "drift to personal, quid pro quo. A thread's messages are in Date order (in\n"
    "reading order when one has no Date), its sender is the From address, its\n"
    "text the subject and body without quoted \"> \" lines; each message also has\n"
    "\"source\" and \"message_id\". The thread_id is the conversation's root: the\n"
    "first message's first References id, else In-Reply-To, else Message-ID.\n",
    RunCommand<MailArgs, Bind, Run>};

}  // namespace cli
}  // namespace meetintent
