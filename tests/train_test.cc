#include "meetintent/train.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "test_util.h"

namespace meetintent {
namespace {

TEST(TrainTest, LearnsTheToySet) {
  auto m = testing::ToyModel();
  Workspace ws;
  Prediction p;
  int correct = 0;
  const auto examples = testing::ToyExamples();
  for (const Example& e : examples) {
    m->Predict(e.text, &ws, &p);
    correct += m->labels()[static_cast<size_t>(p.label)] == e.label;
  }
  EXPECT_EQ(correct, static_cast<int>(examples.size()));
}

// A recipe-1 model is saved as format 1, which has no place for the
// normalizer options of format 2: it is trained without them, so the model
// in memory and the file read text alike ("3点" stays a word; "dаte"
// with a Cyrillic a is not read through the wider rules).
TEST(TrainTest, Recipe1TrainsAsItsFileReads) {
  TrainOptions o;
  o.features.recipe = 1;
  o.features.hash_bits = 12;
  o.features.sublinear_tf = true;
  o.average = 1;
  std::vector<Example> examples = testing::ToyExamples();
  examples.push_back({"personal", u8"\u4eca\u591c3\u70b9\u89c1"});       // 今夜3点见
  examples.push_back({"professional", u8"\u4f1a\u8bae3\u70b9\u5f00"});   // 会议3点开
  std::unique_ptr<Model> trained;
  ASSERT_TRUE(Train(o, examples, &trained, nullptr).ok());
  EXPECT_FALSE(trained->normalize_options().unspaced_script_numbers);
  EXPECT_FALSE(trained->normalize_options().deobfuscate_unicode);
  EXPECT_FALSE(trained->normalize_options().fold_gendered_cjk);
  const std::string bytes = trained->Serialize();
  std::unique_ptr<Model> loaded;
  ASSERT_TRUE(Model::LoadBuffer(bytes.data(), bytes.size(), &loaded).ok());
  ASSERT_EQ(loaded->format_version(), 1u);
  Workspace ws;
  for (const Example& e : examples) {
    Prediction a, b;
    trained->Predict(e.text, &ws, &a);
    loaded->Predict(e.text, &ws, &b);
    EXPECT_EQ(a.probabilities, b.probabilities) << e.text;
  }
}

TEST(TrainTest, LbfgsLearnsTheToySetDeterministically) {
  TrainOptions o;
  o.optimizer = Optimizer::kLbfgs;
  o.features.hash_bits = 12;
  o.validation_fraction = 0;
  o.epochs = 50;
  o.l2 = 1e-5f;
  double first_loss = -1, last_loss = -1;
  o.on_epoch = [&](const TrainProgress& p) {
    if (first_loss < 0) first_loss = p.train_loss;
    last_loss = p.train_loss;
  };
  std::unique_ptr<Model> a, b;
  ASSERT_TRUE(Train(o, testing::ToyExamples(), &a, nullptr).ok());
  EXPECT_LT(last_loss, first_loss / 4);  // the objective really went down
  o.on_epoch = nullptr;
  ASSERT_TRUE(Train(o, testing::ToyExamples(), &b, nullptr).ok());
  EXPECT_EQ(a->Serialize(), b->Serialize());
  Workspace ws;
  Prediction p;
  int correct = 0;
  for (const Example& e : testing::ToyExamples()) {
    a->Predict(e.text, &ws, &p);
    correct += a->labels()[static_cast<size_t>(p.label)] == e.label;
  }
  EXPECT_EQ(correct, static_cast<int>(testing::ToyExamples().size()));
}

TEST(TrainTest, IsDeterministicForASeed) {
  TrainOptions o;
  o.features.hash_bits = 12;
  o.validation_fraction = 0.25;
  o.seed = 7;
  std::unique_ptr<Model> a, b, c;
  ASSERT_TRUE(Train(o, testing::ToyExamples(), &a, nullptr).ok());
  ASSERT_TRUE(Train(o, testing::ToyExamples(), &b, nullptr).ok());
  EXPECT_EQ(a->Serialize(), b->Serialize());
  o.seed = 8;
  ASSERT_TRUE(Train(o, testing::ToyExamples(), &c, nullptr).ok());
  EXPECT_NE(a->Serialize(), c->Serialize());
}

TEST(TrainTest, ThreadCountDoesNotChangeTheModel) {
  TrainOptions o;
  o.features.hash_bits = 12;
  o.threads = 1;
  std::unique_ptr<Model> a, b;
  ASSERT_TRUE(Train(o, testing::ToyExamples(), &a, nullptr).ok());
  o.threads = 3;
  ASSERT_TRUE(Train(o, testing::ToyExamples(), &b, nullptr).ok());
  EXPECT_EQ(a->Serialize(), b->Serialize());
}

TEST(TrainTest, LabelsAreSortedAndMultiClassWorks) {
  std::vector<Example> ex;
  for (int i = 0; i < 10; ++i) {
    ex.push_back({"zeta", "alpha beta gamma " + std::to_string(i)});
    ex.push_back({"alpha", "delta epsilon " + std::to_string(i)});
    ex.push_back({"mid", "omega psi chi " + std::to_string(i)});
  }
  TrainOptions o;
  o.features.hash_bits = 10;
  o.validation_fraction = 0;
  std::unique_ptr<Model> m;
  ASSERT_TRUE(Train(o, ex, &m, nullptr).ok());
  EXPECT_EQ(m->labels(), (std::vector<std::string>{"alpha", "mid", "zeta"}));
  Workspace ws;
  Prediction p;
  m->Predict("omega psi", &ws, &p);
  EXPECT_EQ(m->labels()[static_cast<size_t>(p.label)], "mid");
}

TEST(TrainTest, EarlyStoppingAndReport) {
  // Random labels: anything learned beyond the first epochs is overfitting,
  // so the held-out loss rises and training must stop early.
  std::vector<Example> ex;
  uint64_t state = 12345;
  auto next = [&] { return (state = state * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
  for (int i = 0; i < 200; ++i) {
    std::string text;
    for (int w = 0; w < 6; ++w) text += "w" + std::to_string(next() % 50) + " ";
    ex.push_back({next() % 2 ? "personal" : "professional", text});
  }
  TrainOptions o;
  o.features.hash_bits = 12;
  o.epochs = 50;
  o.patience = 2;
  o.validation_fraction = 0.2;
  int epochs_seen = 0;
  o.on_epoch = [&](const TrainProgress& p) {
    ++epochs_seen;
    EXPECT_GE(p.validation_loss, 0);
  };
  std::unique_ptr<Model> m;
  TrainReport r;
  ASSERT_TRUE(Train(o, ex, &m, &r).ok());
  EXPECT_EQ(r.validation_examples, 40u);
  EXPECT_EQ(r.train_examples, 160u);
  EXPECT_EQ(epochs_seen, r.epochs_run);
  EXPECT_LT(r.epochs_run, 50);  // stopped early
  EXPECT_EQ(r.epochs_run, r.best_epoch + o.patience);
  EXPECT_GE(r.ece_before, 0);
}

TEST(TrainTest, ClassWeightsHelpTheRareClass) {
  // 2 personal vs 40 professional, with overlapping vocabulary.
  std::vector<Example> ex;
  for (int i = 0; i < 40; ++i) ex.push_back({"professional", "meeting about the report " + std::to_string(i % 7)});
  ex.push_back({"personal", "meeting about our date"});
  ex.push_back({"personal", "date night meeting"});
  TrainOptions o;
  o.features.hash_bits = 12;
  o.validation_fraction = 0;
  o.calibrate = false;
  std::unique_ptr<Model> balanced, plain;
  ASSERT_TRUE(Train(o, ex, &balanced, nullptr).ok());
  o.balance_classes = false;
  ASSERT_TRUE(Train(o, ex, &plain, nullptr).ok());
  Workspace ws;
  Prediction pb, pp;
  balanced->Predict("date meeting", &ws, &pb);
  plain->Predict("date meeting", &ws, &pp);
  EXPECT_GT(pb.probabilities[0], pp.probabilities[0]);
}

TEST(TrainTest, RejectsBadInput) {
  std::unique_ptr<Model> m;
  EXPECT_EQ(Train({}, {}, &m, nullptr).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Train({}, {{"a", "x"}, {"a", "y"}}, &m, nullptr).code(),
            StatusCode::kInvalidArgument);
  TrainOptions o;
  o.epochs = 0;
  EXPECT_EQ(Train(o, testing::ToyExamples(), &m, nullptr).code(), StatusCode::kInvalidArgument);
  o = {};
  o.features.hash_bits = 40;
  EXPECT_EQ(Train(o, testing::ToyExamples(), &m, nullptr).code(), StatusCode::kInvalidArgument);
  o = {};
  o.validation_fraction = 1.0;
  EXPECT_EQ(Train(o, testing::ToyExamples(), &m, nullptr).code(), StatusCode::kInvalidArgument);
}

// The toy set four times over, each copy marked, so that a quarter held out
// is enough to fit a calibration (20 or more examples).
std::vector<Example> ToyTimesFour() {
  std::vector<Example> out;
  for (int copy = 0; copy < 4; ++copy) {
    for (Example e : testing::ToyExamples()) {
      e.text += " #" + std::to_string(copy);
      out.push_back(e);
    }
  }
  return out;
}

// The calibrated score: scale * (w.x + b) + calibration bias (two labels).
float CalibratedScore(const Model& m, const std::string& text) {
  Workspace ws;
  std::vector<Feature> features;
  m.Featurize(text, &ws, &features);
  float score = 0;
  m.Score(features, &score);
  const Calibration& c = m.calibration();
  return c.scale * score + (c.bias.empty() ? 0.0f : c.bias[0]);
}

// An averaged model scores exactly as the mean of its members' calibrated
// scores, at the size of one model; average = 1 is a plain run.
TEST(TrainTest, AverageIsTheMeanOfTheMembersCalibratedScores) {
  TrainOptions o;
  o.features.hash_bits = 12;
  o.validation_fraction = 0.25;
  o.seed = 7;
  std::vector<std::unique_ptr<Model>> members(3);
  TrainReport member_report;
  for (int k = 0; k < 3; ++k) {
    o.seed = 7 + static_cast<uint64_t>(k);
    ASSERT_TRUE(Train(o, ToyTimesFour(), &members[static_cast<size_t>(k)], &member_report).ok());
  }
  EXPECT_TRUE(member_report.calibration_applied);
  o.seed = 7;
  std::unique_ptr<Model> one, averaged;
  ASSERT_TRUE(Train(o, ToyTimesFour(), &one, nullptr).ok());
  EXPECT_EQ(one->Serialize(), members[0]->Serialize());
  o.average = 3;
  TrainReport report;
  ASSERT_TRUE(Train(o, ToyTimesFour(), &averaged, &report).ok());
  EXPECT_EQ(report.models_averaged, 3);
  EXPECT_EQ(averaged->weight_bytes(), one->weight_bytes());
  for (const char* text : {"dinner just the two of us?", "the budget review is on monday",
                           "coffee to talk about the role", "miss you"}) {
    float mean = 0;
    for (const auto& m : members) mean += CalibratedScore(*m, text) / 3.0f;
    EXPECT_NEAR(CalibratedScore(*averaged, text), mean, 1e-3f * (1 + std::fabs(mean))) << text;
  }
  o.average = 0;
  std::unique_ptr<Model> m;
  EXPECT_EQ(Train(o, ToyTimesFour(), &m, nullptr).code(), StatusCode::kInvalidArgument);
  o.average = 65;
  EXPECT_EQ(Train(o, ToyTimesFour(), &m, nullptr).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace meetintent
