#include "prediction_json.h"

#include <algorithm>
#include <cstring>

#include "command.h"

namespace meetintent {
namespace cli {

namespace {

constexpr std::string_view kProbabilitiesKey = ",\"probabilities\":{";

char* Put(std::string_view s, char* out) {
  std::memcpy(out, s.data(), s.size());
  return out + s.size();
}

}  // namespace

PredictionJson::PredictionJson(const std::vector<std::string>& labels)
    : quoted_(labels.size()), numbers_(labels.size()), label_prefixes_(labels.size()) {
  size_t longest_prefix = 0, all_quoted = 0;
  for (size_t c = 0; c < labels.size(); ++c) {
    json::AppendString(labels[c], &quoted_[c]);
    label_prefixes_[c] = "\"label\":" + quoted_[c] + ",\"probability\":";
    longest_prefix = std::max(longest_prefix, label_prefixes_[c].size());
    all_quoted += quoted_[c].size() + 2;  // "label":N,
  }
  members_.resize(longest_prefix + kProbabilitiesKey.size() + all_quoted +
                  (labels.size() + 1) * json::kMaxNumberChars + 1);
}

void PredictionJson::Write(const Prediction& p, json::Writer* w) {
  const size_t top = static_cast<size_t>(p.label);
  if (p.supported && p.probabilities.size() == quoted_.size()) {
    // The common record: written into members_ through a pointer, then
    // appended once; the same bytes as the general path below.
    char* const begin = members_.data();
    char* out = Put(label_prefixes_[top], begin);
    const char* const top_number = out;
    out = json::FormatNumber(p.probabilities[top], out);
    const std::string_view top_text(top_number, static_cast<size_t>(out - top_number));
    out = Put(kProbabilitiesKey, out);
    for (size_t c = 0; c < quoted_.size(); ++c) {
      if (c > 0) *out++ = ',';
      out = Put(quoted_[c], out);
      *out++ = ':';
      out = c == top ? Put(top_text, out) : json::FormatNumber(p.probabilities[c], out);
    }
    *out++ = '}';
    w->RawMembers(std::string_view(begin, static_cast<size_t>(out - begin)));
    WriteTail(p, w);
    return;
  }
  for (size_t c = 0; c < numbers_.size(); ++c) {
    numbers_[c].clear();
    json::AppendNumber(p.probabilities[c], &numbers_[c]);
  }
  w->Key("label").Raw(quoted_[top]);
  if (!p.supported) w->Key("supported").Bool(false).Key("reason").String(p.abstain_reason);
  w->Key("probability").Raw(numbers_[top]);
  w->Key("probabilities").BeginObject();
  for (size_t c = 0; c < quoted_.size(); ++c) w->RawKey(quoted_[c]).Raw(numbers_[c]);
  w->EndObject();
  WriteTail(p, w);
}

void PredictionJson::WriteTail(const Prediction& p, json::Writer* w) {
  if (p.truncated) w->Key("truncated").Bool(true);
  if (p.deciding_part != DecidingPart::kWholeMessage) {
    w->Key("part").String(DecidingPartName(p.deciding_part));
  }
}

}  // namespace cli
}  // namespace meetintent
