#include "meetintent/dataset.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "json.h"

namespace meetintent {
namespace {

// Calls fn(line, line_number) for each line without its "\n" or "\r\n".
template <typename Fn>
Status ForEachLine(std::string_view content, Fn fn) {
  size_t pos = 0, line_no = 0;
  while (pos < content.size()) {
    size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_no;
    if (Status s = fn(line, line_no); !s.ok()) return s;
    pos = end + 1;
  }
  return Status::Ok();
}

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

std::string Where(std::string_view name, size_t line) {
  return std::string(name) + ":" + std::to_string(line) + ": ";
}

}  // namespace

std::string UnescapeTsvText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char e = s[i + 1];
      const char repl = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == '\\' ? '\\' : 0;
      if (repl != 0) {
        out.push_back(repl);
        ++i;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

Status ParseTsv(std::string_view content, std::string_view name, std::vector<Example>* out) {
  return ForEachLine(content, [&](std::string_view line, size_t n) {
    if (IsBlank(line)) return Status::Ok();
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      return Status::ParseError(Where(name, n) + "expected label<TAB>text, found no tab");
    }
    if (tab == 0) return Status::ParseError(Where(name, n) + "empty label");
    out->push_back(Example{std::string(line.substr(0, tab)), UnescapeTsvText(line.substr(tab + 1))});
    return Status::Ok();
  });
}

Status ParseJsonLines(std::string_view content, std::string_view name,
                      std::vector<Example>* out) {
  return ForEachLine(content, [&](std::string_view line, size_t n) {
    if (IsBlank(line)) return Status::Ok();
    json::Value v;
    std::string error;
    if (!json::Parse(line, &v, &error)) {
      return Status::ParseError(Where(name, n) + "invalid JSON: " + error);
    }
    if (v.type != json::Value::kObject) {
      return Status::ParseError(Where(name, n) + "expected a JSON object");
    }
    const json::Value* label = v.Find("label");
    const json::Value* text = v.Find("text");
    if (label == nullptr || label->type != json::Value::kString || label->string.empty()) {
      return Status::ParseError(Where(name, n) + "missing string member \"label\"");
    }
    if (text == nullptr || text->type != json::Value::kString) {
      return Status::ParseError(Where(name, n) + "missing string member \"text\"");
    }
    out->push_back(Example{label->string, text->string});
    return Status::Ok();
  });
}

Status ReadExamples(const std::string& path, std::vector<Example>* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot open '" + path + "': " + std::strerror(errno));
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return Status::IoError("cannot read '" + path + "'");
  const std::string content = buf.str();
  auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() &&
           path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with(".jsonl") || ends_with(".json")) return ParseJsonLines(content, path, out);
  return ParseTsv(content, path, out);
}

}  // namespace meetintent
