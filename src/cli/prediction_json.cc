#include "prediction_json.h"

namespace meetintent {
namespace cli {

void WritePredictionFields(const std::vector<std::string>& labels, const Prediction& p,
                           json::Writer* w) {
  const size_t top = static_cast<size_t>(p.label);
  w->Key("label").String(labels[top]);
  if (!p.supported) w->Key("supported").Bool(false).Key("reason").String(p.abstain_reason);
  w->Key("probability").Number(p.probabilities[top]);
  w->Key("probabilities").BeginObject();
  for (size_t c = 0; c < labels.size(); ++c) w->Key(labels[c]).Number(p.probabilities[c]);
  w->EndObject();
}

void WriteTruncated(const Prediction& p, json::Writer* w) {
  if (p.truncated) w->Key("truncated").Bool(true);
}

}  // namespace cli
}  // namespace meetintent
