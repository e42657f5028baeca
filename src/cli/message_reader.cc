#include "message_reader.h"

#include <charconv>

#include "command.h"
#include "meetintent/dataset.h"

namespace meetintent {
namespace cli {
namespace {

constexpr size_t kSlackBytes = 64 * 1024;

// A batch of ForEachMessageInParallel ends at this many messages, or at this
// many bytes of ids and text, so memory stays bounded whatever the lines hold.
constexpr size_t kBatchMessages = 512;
constexpr size_t kBatchBytes = 4 << 20;
// A batch's strings keep their capacity for the next batch up to this size;
// a larger one (a long line) is given back, or every slot would end up
// holding one: the 3 x 512 strings a batch keeps stay within 6 MiB.
constexpr size_t kKeptCapacity = 4 * 1024;

void ReleaseIfLarge(std::string* s) {
  if (s->capacity() > kKeptCapacity) std::string().swap(*s);
}

// A text line holds a message and its escapes (at most two bytes for one).
size_t MaxTextLine(size_t max_input_bytes) { return 2 * max_input_bytes + kSlackBytes; }
// A JSON line may spell characters as \uXXXX (up to three bytes for one).
size_t MaxJsonLine(size_t max_input_bytes) { return 4 * max_input_bytes + kSlackBytes; }

}  // namespace

void AddInputOptions(OptionTable* table, InputOptions* input) {
  table->Choice("--input-format", "how stdin holds messages, see above", &input->format,
                {{"lines", InputFormat::kLines}, {"tsv", InputFormat::kTsv},
                 {"jsonl", InputFormat::kJsonl}});
  table->Flag("--raw", "take stdin text as it is: no \\n, \\t, \\r, \\\\ escapes", &input->raw,
              true);
  AddEncodingOption(table, &input->encoding);
}

void AddThreadsOption(OptionTable* table, int* threads) {
  table->Number("--threads", "N", "threads at work; the output is the same, in input order",
                threads, 1, 256);
}

MessageReader::MessageReader(const InputOptions& options, std::vector<std::string> args,
                             size_t max_input_bytes, Output* output)
    : options_(options),
      args_(std::move(args)),
      max_input_bytes_(max_input_bytes),
      before_wait_([output] { output->Flush(); }) {
  if (args_.empty()) args_.push_back("-");
}

bool MessageReader::Next(Message* m) {
  while (status_.ok()) {
    if (reading_stdin_) {
      if (NextLine(m)) return true;
      reading_stdin_ = false;
      continue;
    }
    if (next_arg_ == args_.size()) return false;
    const std::string& arg = args_[next_arg_++];
    if (arg == "-") {
      if (stdin_ == nullptr) {
        const size_t max = options_.format == InputFormat::kJsonl ? MaxJsonLine(max_input_bytes_)
                                                                  : MaxTextLine(max_input_bytes_);
        stdin_ = std::make_unique<LineReader>(0, "<stdin>", max);
        stdin_->set_before_wait([this] { before_wait_(); });
      }
      reading_stdin_ = true;
      continue;
    }
    m->text = arg;  // an argument is the message itself: no escapes, no id
    m->has_id = false;
    m->id.clear();
    m->line = 0;
    status_ = ToUtf8(options_.encoding, &m->text);
    return status_.ok();
  }
  return false;
}

bool MessageReader::NextLine(Message* m) {
  std::string_view line;
  do {
    if (!stdin_->Next(&line)) {
      status_ = stdin_->status();
      return false;
    }
  } while (options_.format != InputFormat::kLines &&
           line.find_first_not_of(" \t") == std::string_view::npos);
  m->line = stdin_->line_number();
  if (stdin_->truncated()) {
    const std::string limit = std::to_string(stdin_->max_line_bytes()) + " bytes";
    if (options_.format == InputFormat::kJsonl) {
      status_ = Status::ParseError(Where() + "line longer than " + limit + "; refused");
      return false;
    }
    Warn(Where() + "line longer than " + limit + "; read its first " + limit +
         " (the model reads the first " + std::to_string(max_input_bytes_) +
         " bytes of a message)");
  }
  if (!options_.encoding.empty()) {
    converted_.assign(line);
    if (status_ = ToUtf8(options_.encoding, &converted_); !status_.ok()) return false;
    line = converted_;
  }
  m->has_id = options_.format != InputFormat::kLines;
  m->id_is_number = false;
  switch (options_.format) {
    case InputFormat::kLines:
      Decode(line, &m->text);
      return true;
    case InputFormat::kTsv: {
      const size_t tab = line.find('\t');
      if (tab == std::string_view::npos) {
        status_ = Status::ParseError(Where() + "expected ID<TAB>TEXT, found no tab");
        return false;
      }
      Decode(line.substr(0, tab), &m->id);  // the id column is escaped like the text
      Decode(line.substr(tab + 1), &m->text);
      return true;
    }
    case InputFormat::kJsonl:
      return ParseJsonLine(line, m);
  }
  return false;
}

bool MessageReader::ParseJsonLine(std::string_view line, Message* m) {
  std::string error;
  if (!json::Parse(line, &value_, &error) || value_.type != json::Value::kObject) {
    status_ = Status::ParseError(Where() + "expected a JSON object" +
                                 (error.empty() ? "" : " (" + error + ")"));
    return false;
  }
  const json::Value* id = value_.Find("id");
  const json::Value* text = value_.Find("text");
  if (id == nullptr || (id->type != json::Value::kString && id->type != json::Value::kNumber)) {
    status_ = Status::ParseError(Where() + "missing member \"id\" (a string or a number)");
    return false;
  }
  if (text == nullptr || text->type != json::Value::kString) {
    status_ = Status::ParseError(Where() + "missing string member \"text\"");
    return false;
  }
  m->id_is_number = id->type == json::Value::kNumber;
  if (m->id_is_number) {
    char buf[32];  // the shortest text that reads back as the number: 17 stays "17"
    m->id.assign(buf, std::to_chars(buf, buf + sizeof(buf), id->number).ptr);
  } else {
    m->id = id->string;
  }
  m->text = text->string;
  return true;
}

void MessageReader::Decode(std::string_view field, std::string* out) const {
  if (options_.raw) {
    out->assign(field);
  } else {
    UnescapeTsvText(field, out);
  }
}

std::string MessageReader::Where() const {
  return stdin_->name() + ":" + std::to_string(stdin_->line_number()) + ": ";
}

void WriteId(const Message& m, json::Writer* w) {
  if (!m.has_id) return;
  w->Key("id");
  if (m.id_is_number) {
    w->Raw(m.id);
  } else {
    w->String(m.id);
  }
}

void AppendIdColumn(const Message& m, std::string* out) {
  AppendEscapedTsvText(m.id, out);
  out->push_back('\t');
}

bool MessageBatch::Add(Message* m) {
  if (size_ == messages_.size()) {
    messages_.emplace_back();
    records_.emplace_back();
  }
  bytes_ += m->id.size() + m->text.size();
  std::swap(messages_[size_++], *m);
  return size_ >= kBatchMessages || bytes_ >= kBatchBytes;
}

void MessageBatch::AppendRecords(Output* output, size_t count) {
  for (size_t i = 0; i < size_; ++i) {
    if (i < count) {
      output->buffer()->append(records_[i]);
      output->RecordDone();
    }
    records_[i].clear();
    ReleaseIfLarge(&records_[i]);
    ReleaseIfLarge(&messages_[i].text);
    ReleaseIfLarge(&messages_[i].id);
  }
  size_ = 0;
  bytes_ = 0;
}

}  // namespace cli
}  // namespace meetintent
