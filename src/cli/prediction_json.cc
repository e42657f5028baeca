#include "prediction_json.h"

#include "command.h"

namespace meetintent {
namespace cli {

PredictionJson::PredictionJson(const std::vector<std::string>& labels)
    : quoted_(labels.size()), numbers_(labels.size()) {
  for (size_t c = 0; c < labels.size(); ++c) json::AppendString(labels[c], &quoted_[c]);
}

void PredictionJson::Write(const Prediction& p, json::Writer* w) {
  for (size_t c = 0; c < numbers_.size(); ++c) {
    numbers_[c].clear();
    json::AppendNumber(p.probabilities[c], &numbers_[c]);
  }
  const size_t top = static_cast<size_t>(p.label);
  w->Key("label").Raw(quoted_[top]);
  if (!p.supported) w->Key("supported").Bool(false).Key("reason").String(p.abstain_reason);
  w->Key("probability").Raw(numbers_[top]);
  w->Key("probabilities").BeginObject();
  for (size_t c = 0; c < quoted_.size(); ++c) w->RawKey(quoted_[c]).Raw(numbers_[c]);
  w->EndObject();
  if (p.truncated) w->Key("truncated").Bool(true);
  if (p.deciding_part != DecidingPart::kWholeMessage) {
    w->Key("part").String(DecidingPartName(p.deciding_part));
  }
}

}  // namespace cli
}  // namespace meetintent
