#include "labelled_input.h"

#include <iostream>
#include <iterator>

#include "command.h"

namespace meetintent {
namespace cli {
namespace {

Status ReadStdin(DataFormat format, std::vector<Example>* out, std::vector<std::string>* warnings) {
  const std::string content((std::istreambuf_iterator<char>(std::cin)),
                            std::istreambuf_iterator<char>());
  if (std::cin.bad()) return Status::IoError("cannot read <stdin>");
  if (format == DataFormat::kJsonLines) return ParseJsonLines(content, "<stdin>", out, warnings);
  return ParseTsv(content, "<stdin>", out, warnings);
}

}  // namespace

void AddLabelledInputOptions(OptionTable* table, LabelledInput* input) {
  table->Choice("--input-format",
                "auto: JSON Lines for names ending in .jsonl or .json, else TSV (stdin: TSV)",
                &input->format,
                {{"auto", DataFormat::kByName},
                 {"tsv", DataFormat::kTsv},
                 {"jsonl", DataFormat::kJsonLines}});
  AddEncodingOption(table, &input->encoding);
}

Status ReadLabelled(const LabelledInput& input, const std::vector<std::string>& files,
                    std::vector<Example>* out) {
  std::vector<std::string> warnings;
  for (const std::string& path : files) {
    const Status s = path == "-" ? ReadStdin(input.format, out, &warnings)
                                 : ReadExamples(path, input.format, out, &warnings);
    for (const std::string& w : warnings) Warn(w);
    warnings.clear();
    if (!s.ok()) return s;
  }
  if (!input.encoding.empty()) {
    for (Example& e : *out) {
      if (Status s = ToUtf8(input.encoding, &e.text); !s.ok()) return s;
      if (Status s = ToUtf8(input.encoding, &e.label); !s.ok()) return s;
    }
  }
  return Status::Ok();
}

}  // namespace cli
}  // namespace meetintent
