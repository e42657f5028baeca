// Format version 1 keeps loading and predicting exactly as meetintent 1.0 did
// (tests/golden/README.md tells how the files were made).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "meetintent/model.h"
#include "pipeline.h"
#include "test_util.h"

namespace meetintent {
namespace {

std::string GoldenPath(const std::string& name) {
  return std::string(MEETINTENT_SOURCE_DIR) + "/tests/golden/" + name;
}

std::vector<std::string> Lines(const std::string& name) {
  std::ifstream in(GoldenPath(name));
  EXPECT_TRUE(in.good()) << name;
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> Messages() {
  std::vector<std::string> out;
  for (const std::string& line : Lines("messages.txt")) {
    out.push_back(testing::UnescapeNewlines(line));
  }
  return out;
}

void ExpectGoldenPredictions(const std::string& model_file, const std::string& expected_file) {
  std::unique_ptr<Model> model;
  const Status s = Model::LoadFile(GoldenPath(model_file), &model);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(model->format_version(), 1u);
  // Normalization added after 1.0 stays off for version 1 files.
  EXPECT_FALSE(model->normalize_options().fold_gendered_cjk);
  EXPECT_FALSE(model->normalize_options().deobfuscate_unicode);
  const std::vector<std::string> messages = Messages();
  const std::vector<std::string> expected = Lines(expected_file);
  ASSERT_EQ(messages.size(), expected.size());
  Workspace ws;
  Prediction p;
  for (size_t i = 0; i < messages.size(); ++i) {
    model->Predict(messages[i], &ws, &p);
    std::istringstream want(expected[i]);
    int label;
    want >> label;
    EXPECT_EQ(p.label, label) << "message " << i;
    for (size_t c = 0; c < p.probabilities.size(); ++c) {
      float prob;
      want >> prob;  // written with %.9g: the exact float
      EXPECT_EQ(p.probabilities[c], prob) << "message " << i << " label " << c;
    }
  }
}

TEST(GoldenTest, Int8TwoLabelModelPredictsAsVersion1Did) {
  ExpectGoldenPredictions("v1_int8_2labels.mim", "v1_int8_2labels.expected.txt");
}

TEST(GoldenTest, Float32ThreeLabelModelPredictsAsVersion1Did) {
  ExpectGoldenPredictions("v1_f32_3labels.mim", "v1_f32_3labels.expected.txt");
}

// Word, bigram and character n-gram ids and values of the version 1 recipe.
TEST(GoldenTest, Version1FeaturesArePinned) {
  NormalizeOptions normalize;
  normalize.strip_email_quotes = false;  // as the 1.0 default model
  normalize.fold_gendered_cjk = false;    // not part of version 1
  normalize.deobfuscate_unicode = false;  // not part of version 1
  normalize.unspaced_script_numbers = false;  // not part of version 1
  FeatureOptions features;
  features.recipe = 1;
  features.sublinear_tf = true;
  const std::vector<std::string> messages = Messages();
  const std::vector<std::string> expected = Lines("v1_default_features.expected.txt");
  ASSERT_EQ(messages.size(), expected.size());
  Workspace ws;
  std::vector<Feature> got;
  for (size_t i = 0; i < messages.size(); ++i) {
    Pipeline::Featurize(normalize, features, messages[i], &ws, &got);
    std::ostringstream line;
    for (size_t k = 0; k < got.size(); ++k) {
      char value[32];
      std::snprintf(value, sizeof(value), "%.9g", static_cast<double>(got[k].value));
      line << (k ? " " : "") << got[k].id << ":" << value;
    }
    EXPECT_EQ(line.str(), expected[i]) << "message " << i;
  }
}

}  // namespace
}  // namespace meetintent
