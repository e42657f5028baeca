// A small, strict JSON reader and writer helpers for the JSON Lines inputs
// and outputs of the trainer and CLI. Depth and size are bounded; malformed
// input gives an error with a byte offset, never a crash.
#ifndef MEETINTENT_SRC_JSON_H_
#define MEETINTENT_SRC_JSON_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
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

// Appends a float with enough digits to round-trip the value shown.
void AppendNumber(double v, std::string* out);

}  // namespace json
}  // namespace meetintent

#endif  // MEETINTENT_SRC_JSON_H_
