// Labelled examples and the readers for the trainer's two input formats.
//
// TSV: one example per line, "label<TAB>text". In the text, the escapes \n,
// \t, \r and \\ stand for a newline, tab, carriage return and backslash.
// Blank lines are skipped; a line without a tab is an error.
//
// JSON Lines: one object per line with string members "label" and "text";
// other members are ignored. Blank lines are skipped.
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

// Parses TSV or JSON Lines content held in memory. `name` is used in errors.
// Appends to *out.
MI_EXPORT Status ParseTsv(std::string_view content, std::string_view name,
                          std::vector<Example>* out);
MI_EXPORT Status ParseJsonLines(std::string_view content, std::string_view name,
                                std::vector<Example>* out);

// Reads a file; the format is JSON Lines when the name ends in ".jsonl" or
// ".json", TSV otherwise. Appends to *out.
MI_EXPORT Status ReadExamples(const std::string& path, std::vector<Example>* out);

}  // namespace meetintent

#endif  // MEETINTENT_DATASET_H_
