// The labelled files train and eval read (TSV or JSON Lines, see
// meetintent/dataset.h), with --input-format and --encoding.
#ifndef MEETINTENT_CLI_LABELLED_INPUT_H_
#define MEETINTENT_CLI_LABELLED_INPUT_H_

#include <string>
#include <vector>

#include "meetintent/dataset.h"
#include "meetintent/status.h"
#include "options.h"

namespace meetintent {
namespace cli {

struct LabelledInput {
  DataFormat format = DataFormat::kByName;
  std::string encoding;  // empty: UTF-8
};

// --input-format and --encoding.
void AddLabelledInputOptions(OptionTable* table, LabelledInput* input);

// Reads every file ("-" is stdin: TSV, or JSON Lines with --input-format
// jsonl) into *out, converting from the input's encoding. The readers'
// warnings (e.g. a header line skipped) go to stderr.
Status ReadLabelled(const LabelledInput& input, const std::vector<std::string>& files,
                    std::vector<Example>* out);

}  // namespace cli
}  // namespace meetintent

#endif  // MEETINTENT_CLI_LABELLED_INPUT_H_
