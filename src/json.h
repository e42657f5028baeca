// JSON for the project's own programs: a small, strict reader (the trainer's
// and the CLI's JSON Lines inputs) and one writer (every JSON output of the
// CLI). Depth and size are bounded; malformed input gives an error with a
// byte offset, never a crash.
//
// An internal module, never installed: the library's sources, the CLI and the
// tests use it through the CMake target meetintent_json, which carries its
// include path. Its behaviour is pinned by tests/json_test.cc and fuzzed by
// tests/fuzz/dataset_fuzzer.cc.
#ifndef MEETINTENT_SRC_JSON_H_
#define MEETINTENT_SRC_JSON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace meetintent {
namespace json {

struct Value {
  enum Type { kNull, kBool, kNumber, kString, kArray, kObject } type = kNull;
  bool boolean = false;
  double number = 0.0;
  std::string string;
  std::vector<Value> array;
  std::vector<std::pair<std::string, Value>> object;  // in input order

  // The member named `key`, or nullptr. Last one wins on duplicates.
  const Value* Find(std::string_view key) const;
};

// Parses one JSON document (surrounding whitespace allowed). On failure
// returns false and sets *error.
bool Parse(std::string_view text, Value* out, std::string* error);

// Appends `s` as a JSON string literal (quoted, escaped). Invalid UTF-8 bytes
// are written as U+FFFD so the output is always valid JSON.
void AppendString(std::string_view s, std::string* out);

// Appends a number with 6 significant digits (as printf's "%.6g"); a
// non-finite value is written as null.
void AppendNumber(double v, std::string* out);

// AppendNumber into out[0, kMaxNumberChars): returns the end of what it wrote.
constexpr size_t kMaxNumberChars = 32;
char* FormatNumber(double v, char* out);

// Appends an integer.
void AppendInt(int64_t v, std::string* out);

// Writes JSON values into a string and places the commas and colons:
//
//   json::Writer w(&out);
//   w.BeginObject().Key("label").String("personal").Key("p").Number(0.9);
//   w.Key("ids").BeginArray().Int(1).Int(2).EndArray().EndObject();
//
// gives {"label":"personal","p":0.9,"ids":[1,2]}. The caller keeps the
// structure valid (a Key before each member's value, Ends matching Begins).
// REQUIRES: nesting depth at most 63.
class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}

  Writer& BeginObject() { return Open('{'); }
  Writer& EndObject() { return Close('}'); }
  Writer& BeginArray() { return Open('['); }
  Writer& EndArray() { return Close(']'); }
  Writer& Key(std::string_view key) {
    Separate();
    AppendString(key, out_);
    out_->push_back(':');
    after_key_ = true;
    return *this;
  }
  // A key already written as a JSON string, quotes included (AppendString):
  // for keys written many times.
  Writer& RawKey(std::string_view quoted) {
    Separate();
    out_->append(quoted);
    out_->push_back(':');
    after_key_ = true;
    return *this;
  }
  Writer& String(std::string_view s) {
    Separate();
    AppendString(s, out_);
    return *this;
  }
  Writer& Number(double v) {
    Separate();
    AppendNumber(v, out_);
    return *this;
  }
  Writer& Int(int64_t v) {
    Separate();
    AppendInt(v, out_);
    return *this;
  }
  Writer& Bool(bool v) {
    Separate();
    *out_ += v ? "true" : "false";
    return *this;
  }
  Writer& Null() {
    Separate();
    *out_ += "null";
    return *this;
  }
  // Writes `members` as they are into the open object: one or more members
  // already written as JSON ("k":v,"k2":v2), for records written many times.
  Writer& RawMembers(std::string_view members) {
    Separate();
    out_->append(members);
    return *this;
  }
  // Writes `json` as it is. REQUIRES: it is one valid JSON value.
  Writer& Raw(std::string_view json) {
    Separate();
    out_->append(json);
    return *this;
  }

 private:
  // A comma before every element but the first of its array or object;
  // none between top-level values (JSON Lines: the caller ends each line).
  void Separate() {
    if (after_key_ || depth_ == 0) {
      after_key_ = false;
      return;
    }
    const uint64_t bit = uint64_t{1} << depth_;
    if (has_element_ & bit) out_->push_back(',');
    has_element_ |= bit;
  }
  Writer& Open(char c) {
    Separate();
    out_->push_back(c);
    ++depth_;
    has_element_ &= ~(uint64_t{1} << depth_);
    return *this;
  }
  Writer& Close(char c) {
    out_->push_back(c);
    --depth_;
    return *this;
  }

  std::string* out_;
  uint64_t has_element_ = 0;  // bit d: the open array or object at depth d has an element
  int depth_ = 0;
  bool after_key_ = false;
};

}  // namespace json
}  // namespace meetintent

#endif  // MEETINTENT_SRC_JSON_H_
