// Fuzzes the trainer's input readers: arbitrary bytes -> ParseTsv,
// ParseJsonLines (meetintent/dataset.h) and the JSON parser (src/json.h).
//
// Invariants checked (a violation traps):
//  - ParseTsv: at most one example per line (a line ends at LF, CRLF or a
//    lone CR), labels non-empty without tabs or line breaks, the unescaped
//    text never longer than its line;
//  - ParseJsonLines: at most one example per line, labels non-empty;
//  - errors carry a message naming the input;
//  - json::Parse: a parsed document written back out (AppendString,
//    AppendNumber) parses again to the same shape, with the same strings
//    when they were valid UTF-8;
//  - json::AppendString of any bytes is a JSON string that reads back as the
//    bytes themselves when they are valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_checks.h"
#include "json.h"
#include "meetintent/dataset.h"
#include "utf8.h"

namespace {

namespace json = meetintent::json;

// Lines as the readers count them: ended by "\n", "\r\n" or a lone "\r".
size_t CountLines(std::string_view s) {
  size_t lines = 0;
  for (size_t pos = 0; pos < s.size();) {
    const size_t end = s.find_first_of("\r\n", pos);
    ++lines;
    if (end == std::string_view::npos) break;
    pos = end + (s.compare(end, 2, "\r\n") == 0 ? 2 : 1);
  }
  return lines;
}

void Write(const json::Value& v, std::string* out) {
  switch (v.type) {
    case json::Value::kNull: *out += "null"; break;
    case json::Value::kBool: *out += v.boolean ? "true" : "false"; break;
    case json::Value::kNumber: json::AppendNumber(v.number, out); break;
    case json::Value::kString: json::AppendString(v.string, out); break;
    case json::Value::kArray:
      out->push_back('[');
      for (size_t i = 0; i < v.array.size(); ++i) {
        if (i > 0) out->push_back(',');
        Write(v.array[i], out);
      }
      out->push_back(']');
      break;
    case json::Value::kObject:
      out->push_back('{');
      for (size_t i = 0; i < v.object.size(); ++i) {
        if (i > 0) out->push_back(',');
        json::AppendString(v.object[i].first, out);
        out->push_back(':');
        Write(v.object[i].second, out);
      }
      out->push_back('}');
      break;
  }
}

bool SameString(const std::string& original, const std::string& reread) {
  if (!meetintent::IsValidUtf8(original.data(), original.size())) return true;
  return original == reread;
}

// `b` is `a` written out and read back. Numbers are written with 6 significant
// digits, so only their finiteness is compared (non-finite ones become null).
void CheckSameShape(const json::Value& a, const json::Value& b) {
  if (a.type == json::Value::kNumber && !std::isfinite(a.number)) {
    FUZZ_CHECK(b.type == json::Value::kNull);
    return;
  }
  FUZZ_CHECK(a.type == b.type);
  switch (a.type) {
    case json::Value::kNull: break;
    case json::Value::kBool: FUZZ_CHECK(a.boolean == b.boolean); break;
    case json::Value::kNumber: FUZZ_CHECK(std::isfinite(b.number)); break;
    case json::Value::kString: FUZZ_CHECK(SameString(a.string, b.string)); break;
    case json::Value::kArray:
      FUZZ_CHECK(a.array.size() == b.array.size());
      for (size_t i = 0; i < a.array.size(); ++i) CheckSameShape(a.array[i], b.array[i]);
      break;
    case json::Value::kObject:
      FUZZ_CHECK(a.object.size() == b.object.size());
      for (size_t i = 0; i < a.object.size(); ++i) {
        FUZZ_CHECK(SameString(a.object[i].first, b.object[i].first));
        CheckSameShape(a.object[i].second, b.object[i].second);
      }
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  const size_t lines = CountLines(content);

  {
    std::vector<meetintent::Example> examples;
    const meetintent::Status s = meetintent::ParseTsv(content, "fuzz.tsv", &examples);
    if (!s.ok()) FUZZ_CHECK(s.message().find("fuzz.tsv:") == 0);
    FUZZ_CHECK(examples.size() <= lines);
    for (const meetintent::Example& e : examples) {
      FUZZ_CHECK(!e.label.empty());
      FUZZ_CHECK(e.label.find_first_of("\t\n") == std::string::npos);
      FUZZ_CHECK(e.text.size() <= size);
    }
  }
  {
    std::vector<meetintent::Example> examples;
    const meetintent::Status s = meetintent::ParseJsonLines(content, "fuzz.jsonl", &examples);
    if (!s.ok()) FUZZ_CHECK(s.message().find("fuzz.jsonl:") == 0);
    FUZZ_CHECK(examples.size() <= lines);
    for (const meetintent::Example& e : examples) FUZZ_CHECK(!e.label.empty());
  }
  {
    json::Value v;
    std::string error;
    if (json::Parse(content, &v, &error)) {
      std::string written;
      Write(v, &written);
      json::Value again;
      std::string error2;
      FUZZ_CHECK(json::Parse(written, &again, &error2));
      CheckSameShape(v, again);
    } else {
      FUZZ_CHECK(!error.empty());
    }
  }
  {
    // Any bytes, written as a JSON string, read back as a string.
    std::string written;
    json::AppendString(content, &written);
    json::Value v;
    std::string error;
    FUZZ_CHECK(json::Parse(written, &v, &error));
    FUZZ_CHECK(v.type == json::Value::kString);
    FUZZ_CHECK(meetintent::IsValidUtf8(v.string.data(), v.string.size()));
    if (meetintent::IsValidUtf8(content.data(), content.size())) FUZZ_CHECK(v.string == content);
  }
  return 0;
}
