#include "thread_input.h"

#include <algorithm>
#include <unordered_map>

#include "command.h"
#include "json.h"

namespace meetintent {
namespace cli {
namespace {

// Reads one message object; on failure returns what is wrong with it.
std::string ReadMessage(const json::Value& v, InputMessage* m) {
  if (v.type != json::Value::kObject) return "a message must be a JSON object";
  const json::Value* text = v.Find("text");
  if (text == nullptr || text->type != json::Value::kString) {
    return "missing string member \"text\"";
  }
  m->text = text->string;
  if (const json::Value* s = v.Find("sender"); s != nullptr && s->type != json::Value::kNull) {
    if (s->type != json::Value::kString) return "\"sender\" must be a string";
    m->sender = s->string;
  }
  if (const json::Value* t = v.Find("time"); t != nullptr && t->type != json::Value::kNull) {
    std::string why;
    if (t->type != json::Value::kString) return "\"time\" must be an RFC 3339 string";
    if (!ParseRfc3339(t->string, &m->time.seconds, &why)) {
      return "\"time\" '" + t->string + "': " + why;
    }
    m->time.known = true;
  }
  return "";
}

// Adds the message or messages of one parsed line to `thread`.
std::string ReadLine(const json::Value& v, InputThread* thread) {
  const json::Value* messages = v.Find("messages");
  if (messages == nullptr) {
    thread->messages.emplace_back();
    return ReadMessage(v, &thread->messages.back());
  }
  if (messages->type != json::Value::kArray) return "\"messages\" must be an array";
  for (size_t i = 0; i < messages->array.size(); ++i) {
    thread->messages.emplace_back();
    if (std::string why = ReadMessage(messages->array[i], &thread->messages.back());
        !why.empty()) {
      return "message " + std::to_string(i) + ": " + why;
    }
  }
  return "";
}

}  // namespace

Status ReadThreads(LineReader* reader, const std::string& encoding,
                   std::vector<InputThread>* threads) {
  std::unordered_map<std::string, size_t> index;  // thread id -> position in *threads
  std::string_view line;
  std::string converted, error;
  json::Value v;
  while (reader->Next(&line)) {
    const std::string where = reader->name() + ":" + std::to_string(reader->line_number()) + ": ";
    if (reader->truncated()) {
      return Status::ParseError(where + "line longer than " +
                                std::to_string(reader->max_line_bytes()) +
                                " bytes; refused (split the thread into one message per line)");
    }
    if (!encoding.empty()) {
      converted.assign(line);
      if (Status s = ToUtf8(encoding, &converted); !s.ok()) return s;
      line = converted;
    }
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    if (!json::Parse(line, &v, &error) || v.type != json::Value::kObject) {
      return Status::ParseError(where + "expected a JSON object" +
                                (error.empty() ? "" : " (" + error + ")"));
    }
    const json::Value* id = v.Find("thread_id");
    if (id == nullptr || id->type != json::Value::kString) {
      return Status::ParseError(where + "missing string member \"thread_id\"");
    }
    const auto [it, added] = index.emplace(id->string, threads->size());
    if (added) threads->push_back(InputThread{id->string, {}});
    if (std::string why = ReadLine(v, &(*threads)[it->second]); !why.empty()) {
      return Status::ParseError(where + why);
    }
  }
  return reader->status();
}

std::vector<ThreadMessage> ToLibraryMessages(const InputThread& thread) {
  int64_t earliest = 0;
  for (const InputMessage& m : thread.messages) {
    if (m.time.known) earliest = std::min(earliest, m.time.seconds);
  }
  std::vector<ThreadMessage> out(thread.messages.size());
  for (size_t i = 0; i < out.size(); ++i) {
    const InputMessage& m = thread.messages[i];
    out[i].sender = m.sender;
    out[i].text = m.text;
    out[i].timestamp = m.time.known ? m.time.seconds - earliest : -1;
  }
  return out;
}

}  // namespace cli
}  // namespace meetintent
