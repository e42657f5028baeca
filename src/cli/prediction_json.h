// How a prediction looks in the tool's JSON output, for every command that
// writes one (classify, mail).
#ifndef MEETINTENT_CLI_PREDICTION_JSON_H_
#define MEETINTENT_CLI_PREDICTION_JSON_H_

#include <string>
#include <vector>

#include "json.h"
#include "meetintent/model.h"

namespace meetintent {
namespace cli {

// Writes the keys "label", "supported" and "reason" (only when the model
// abstains), "probability" and "probabilities" ({LABEL: P}) into the open
// object of `w`; "truncated":true comes from WriteTruncated, which callers
// put last.
void WritePredictionFields(const std::vector<std::string>& labels, const Prediction& p,
                           json::Writer* w);
void WriteTruncated(const Prediction& p, json::Writer* w);

}  // namespace cli
}  // namespace meetintent

#endif  // MEETINTENT_CLI_PREDICTION_JSON_H_
