// Labelled examples and the readers for the trainer's two input formats.
//
// TSV: one example per line, "label<TAB>text". In the text, the escapes \n,
// \t, \r and \\ stand for a newline, tab, carriage return and backslash.
// Blank lines are skipped; a line without a tab is an error. A first line
// whose label is "label" (any case) is a header: it is skipped, with a warning.
//
// JSON Lines: one object per line with string members "label" and "text";
// other members are ignored. Blank lines are skipped. A JSON array (a ".json"
// file as many tools write it) is refused with a message saying so.
//
// Both: a UTF-8 byte order mark at the start is skipped, and a line ends at
// "\n", "\r\n" or a lone "\r".
//
// Errors name the file and line. Pure functions besides reading the file.
#ifndef MEETINTENT_DATASET_H_
#define MEETINTENT_DATASET_H_

#include <string>
#include <string_view>
#include <vector>

#include "meetintent/export.h"
#include "meetintent/status.h"

namespace meetintent {

struct Example {
  std::string label;
  std::string text;
};

// Decodes the TSV escapes described above; other backslashes stay as they are.
MI_EXPORT std::string UnescapeTsvText(std::string_view s);
// The same into *out, replacing what it held (no allocation once *out is
// large enough).
MI_EXPORT void UnescapeTsvText(std::string_view s, std::string* out);
// The inverse: appends `s` to *out with newlines, tabs, carriage returns and
// backslashes written as escapes, so that it fits in one TSV field.
MI_EXPORT void AppendEscapedTsvText(std::string_view s, std::string* out);

// Parses TSV or JSON Lines content held in memory. `name` is used in errors.
// Appends to *out. What a reader noticed and worked around (a header line it
// skipped) is appended to *warnings, one sentence each; warnings may be
// nullptr.
MI_EXPORT Status ParseTsv(std::string_view content, std::string_view name,
                          std::vector<Example>* out, std::vector<std::string>* warnings);
MI_EXPORT Status ParseJsonLines(std::string_view content, std::string_view name,
                                std::vector<Example>* out, std::vector<std::string>* warnings);
inline Status ParseTsv(std::string_view content, std::string_view name,
                       std::vector<Example>* out) {
  return ParseTsv(content, name, out, nullptr);
}
inline Status ParseJsonLines(std::string_view content, std::string_view name,
                             std::vector<Example>* out) {
  return ParseJsonLines(content, name, out, nullptr);
}

enum class DataFormat {
  kByName,     // JSON Lines for names ending in ".jsonl" or ".json", else TSV
  kTsv,
  kJsonLines,
};

// Reads a file in `format`. Appends to *out and to *warnings (may be nullptr).
MI_EXPORT Status ReadExamples(const std::string& path, DataFormat format,
                              std::vector<Example>* out, std::vector<std::string>* warnings);
// Reads a file; the format is chosen by its name (DataFormat::kByName).
inline Status ReadExamples(const std::string& path, std::vector<Example>* out) {
  return ReadExamples(path, DataFormat::kByName, out, nullptr);
}

// Fails with kInvalidArgument, naming both spellings and their counts, when
// two labels of `examples` differ only in ASCII case or in surrounding
// spaces and tabs ("Personal", "personal", "personal "): a slip in the data
// that would otherwise train a label of its own.
MI_EXPORT Status CheckLabelSpelling(const std::vector<Example>& examples);

}  // namespace meetintent

#endif  // MEETINTENT_DATASET_H_
