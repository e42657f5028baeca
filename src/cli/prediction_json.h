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

// Writes a prediction's keys into the open object of a json::Writer:
// "label", "supported" and "reason" (only when the model abstains),
// "probability", "probabilities" ({LABEL: P}), "truncated":true when the text
// was cut, and "part" when a part of an e-mail decided (not "whole").
// Labels are quoted once, each probability is formatted once even where it is
// written twice, and a judged message's first members are composed in one
// buffer and appended at once: this runs once per message.
class PredictionJson {
 public:
  explicit PredictionJson(const std::vector<std::string>& labels);

  void Write(const Prediction& p, json::Writer* w);

 private:
  void WriteTail(const Prediction& p, json::Writer* w);  // "truncated", "part"

  std::vector<std::string> quoted_;   // each label as a JSON string
  std::vector<std::string> numbers_;  // this record's probabilities, formatted
  // Per label: "label":LABEL,"probability": written out.
  std::vector<std::string> label_prefixes_;
  std::string members_;  // room for the members up to "probabilities"
};

}  // namespace cli
}  // namespace meetintent

#endif  // MEETINTENT_CLI_PREDICTION_JSON_H_
