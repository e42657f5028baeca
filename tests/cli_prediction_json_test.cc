// The CLI's JSON record of a prediction: the one-buffer path for judged
// messages writes exactly what the member-by-member path would.
#include "cli/prediction_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace meetintent {
namespace cli {
namespace {

std::string Record(PredictionJson* json, const Prediction& p, bool id_first) {
  std::string out;
  json::Writer w(&out);
  w.BeginObject();
  if (id_first) w.Key("id").String("m1");
  json->Write(p, &w);
  w.EndObject();
  return out;
}

Prediction Judged(int label, std::vector<float> probabilities) {
  Prediction p;
  p.label = label;
  p.probabilities = std::move(probabilities);
  return p;
}

TEST(CliPredictionJsonTest, JudgedMessagesAreOneRecord) {
  PredictionJson json({"personal", "professional"});
  EXPECT_EQ(Record(&json, Judged(1, {0.25f, 0.75f}), false),
            R"({"label":"professional","probability":0.75,)"
            R"("probabilities":{"personal":0.25,"professional":0.75}})");
  EXPECT_EQ(Record(&json, Judged(0, {0.999999f, 5.96046e-07f}), true),
            R"({"id":"m1","label":"personal","probability":0.999999,)"
            R"("probabilities":{"personal":0.999999,"professional":5.96046e-07}})");
}

TEST(CliPredictionJsonTest, OddLabelsAndNumbers) {
  // Labels that need escaping, three of them, and numbers outside the fast
  // formatter's range (to_chars) or not finite (null).
  PredictionJson json({"a\"b", "c\\d", "\xC3\xA9t\xC3\xA9"});
  EXPECT_EQ(Record(&json, Judged(2, {1e-35f, NAN, 1.0f}), true),
            "{\"id\":\"m1\",\"label\":\"\xC3\xA9t\xC3\xA9\",\"probability\":1,"
            R"("probabilities":{"a\"b":1e-35,"c\\d":null,)" "\"\xC3\xA9t\xC3\xA9\":1}}")
      << "labels are quoted as json::AppendString quotes them";
}

TEST(CliPredictionJsonTest, AbstentionsAndTails) {
  PredictionJson json({"personal", "professional"});
  Prediction p = Judged(0, {0.5f, 0.5f});
  p.supported = false;
  p.abstain_reason = "empty";
  EXPECT_EQ(Record(&json, p, false),
            R"({"label":"personal","supported":false,"reason":"empty","probability":0.5,)"
            R"("probabilities":{"personal":0.5,"professional":0.5}})");
  p.supported = true;
  p.truncated = true;
  p.deciding_part = DecidingPart::kSenderWords;
  EXPECT_EQ(Record(&json, p, true),
            R"({"id":"m1","label":"personal","probability":0.5,)"
            R"("probabilities":{"personal":0.5,"professional":0.5},)"
            R"("truncated":true,"part":"sender"})");
}

}  // namespace
}  // namespace cli
}  // namespace meetintent
