#include "meetintent/dataset.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

#include "json.h"

namespace meetintent {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// Calls fn(line, line_number) for each line without its end ("\n", "\r\n" or
// a lone "\r"), after a byte order mark at the start.
template <typename Fn>
Status ForEachLine(std::string_view content, Fn fn) {
  if (content.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    content.remove_prefix(kByteOrderMark.size());
  }
  size_t pos = 0, line_no = 0;
  while (pos < content.size()) {
    size_t end = content.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = content.size();
    ++line_no;
    if (Status s = fn(content.substr(pos, end - pos), line_no); !s.ok()) return s;
    pos = end + 1;
    if (end + 1 < content.size() && content[end] == '\r' && content[end + 1] == '\n') ++pos;
  }
  return Status::Ok();
}

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

std::string Where(std::string_view name, size_t line) {
  return std::string(name) + ":" + std::to_string(line) + ": ";
}

// `label` without surrounding spaces and tabs, in ASCII lower case.
std::string LabelKey(std::string_view label) {
  const size_t b = label.find_first_not_of(" \t");
  if (b == std::string_view::npos) return "";
  label = label.substr(b, label.find_last_not_of(" \t") - b + 1);
  std::string key(label);
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return key;
}

}  // namespace

std::string UnescapeTsvText(std::string_view s) {
  std::string out;
  UnescapeTsvText(s, &out);
  return out;
}

void UnescapeTsvText(std::string_view s, std::string* out) {
  out->clear();
  for (size_t i = 0; i < s.size();) {
    const size_t slash = std::min(s.find('\\', i), s.size());
    out->append(s.data() + i, slash - i);
    if (slash + 1 >= s.size()) {  // no backslash left, or a lone one at the end
      out->append(s.data() + slash, s.size() - slash);
      break;
    }
    const char e = s[slash + 1];
    const char repl = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == '\\' ? '\\' : 0;
    if (repl != 0) {
      out->push_back(repl);
      i = slash + 2;
    } else {
      out->push_back('\\');
      i = slash + 1;
    }
  }
}

void AppendEscapedTsvText(std::string_view s, std::string* out) {
  for (const char c : s) {
    switch (c) {
      case '\n': *out += "\\n"; break;
      case '\t': *out += "\\t"; break;
      case '\r': *out += "\\r"; break;
      case '\\': *out += "\\\\"; break;
      default: out->push_back(c);
    }
  }
}

Status ParseTsv(std::string_view content, std::string_view name, std::vector<Example>* out,
                std::vector<std::string>* warnings) {
  bool first = true;
  return ForEachLine(content, [&](std::string_view line, size_t n) {
    if (IsBlank(line)) return Status::Ok();
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      return Status::ParseError(Where(name, n) + "expected label<TAB>text, found no tab");
    }
    if (tab == 0) return Status::ParseError(Where(name, n) + "empty label");
    const std::string_view label = line.substr(0, tab);
    if (std::exchange(first, false) && LabelKey(label) == "label") {
      if (warnings != nullptr) {
        warnings->push_back(Where(name, n) + "skipped a header line ('" + std::string(label) +
                            "' is not read as a label)");
      }
      return Status::Ok();
    }
    out->push_back(Example{std::string(label), UnescapeTsvText(line.substr(tab + 1))});
    return Status::Ok();
  });
}

Status ParseJsonLines(std::string_view content, std::string_view name, std::vector<Example>* out,
                      std::vector<std::string>* /*warnings: none so far*/) {
  bool first = true;
  return ForEachLine(content, [&](std::string_view line, size_t n) {
    if (IsBlank(line)) return Status::Ok();
    if (std::exchange(first, false) && line[line.find_first_not_of(" \t")] == '[') {
      return Status::ParseError(Where(name, n) +
                                "this is a JSON array; expected JSON Lines: one object per "
                                "line, {\"label\":..,\"text\":..}");
    }
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

Status ReadExamples(const std::string& path, DataFormat format, std::vector<Example>* out,
                    std::vector<std::string>* warnings) {
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
  if (format == DataFormat::kByName) {
    format = ends_with(".jsonl") || ends_with(".json") ? DataFormat::kJsonLines : DataFormat::kTsv;
  }
  if (format == DataFormat::kJsonLines) return ParseJsonLines(content, path, out, warnings);
  return ParseTsv(content, path, out, warnings);
}

Status CheckLabelSpelling(const std::vector<Example>& examples) {
  std::map<std::string, size_t> counts;  // label -> examples
  for (const Example& e : examples) ++counts[e.label];
  std::map<std::string, std::map<std::string, size_t>::const_iterator> seen;  // key -> label
  for (auto it = counts.begin(); it != counts.end(); ++it) {
    auto [other, fresh] = seen.emplace(LabelKey(it->first), it);
    if (fresh) continue;
    const auto& a = *other->second;
    return Status::InvalidArgument(
        "labels '" + a.first + "' and '" + it->first +
        "' differ only in case or surrounding spaces (" + std::to_string(a.second) + " and " +
        std::to_string(it->second) + " examples); correct the data so that each label has "
        "one spelling");
  }
  return Status::Ok();
}

}  // namespace meetintent
