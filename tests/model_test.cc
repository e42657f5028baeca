#include "meetintent/model.h"
#include "meetintent/model_builder.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <numeric>
#include <thread>

#include "test_util.h"

namespace meetintent {
namespace {

TEST(ModelTest, BuilderValidatesLabels) {
  std::unique_ptr<ModelBuilder> m;
  EXPECT_FALSE(ModelBuilder::Create({"only"}, {}, {}, &m).ok());
  EXPECT_FALSE(ModelBuilder::Create({"a", "a"}, {}, {}, &m).ok());
  EXPECT_FALSE(ModelBuilder::Create({"a", "b\xff"}, {}, {}, &m).ok());
  EXPECT_FALSE(ModelBuilder::Create({"a", ""}, {}, {}, &m).ok());
  // A label must not be able to look like another.
  EXPECT_FALSE(ModelBuilder::Create({"a", "personal\x1b"}, {}, {}, &m).ok());
  EXPECT_FALSE(ModelBuilder::Create({"a", "\u202epersonal"}, {}, {}, &m).ok());
  EXPECT_FALSE(ModelBuilder::Create({"a", "\u200bpersonal"}, {}, {}, &m).ok());
  EXPECT_FALSE(ModelBuilder::Create({"a", " personal"}, {}, {}, &m).ok());
  EXPECT_FALSE(ModelBuilder::Create({"a", "personal\u00a0"}, {}, {}, &m).ok());
  EXPECT_FALSE(ModelBuilder::Create({"a", "\xc2\x85x"}, {}, {}, &m).ok());
  ASSERT_TRUE(ModelBuilder::Create({"a", "b"}, {}, {}, &m).ok());
  EXPECT_EQ(m->columns(), 1);
  ASSERT_TRUE(ModelBuilder::Create({"a", "b", "c"}, {}, {}, &m).ok());
  EXPECT_EQ(m->columns(), 3);
  ASSERT_TRUE(ModelBuilder::Create({"other", "personne agée", "職業"}, {}, {}, &m).ok());
}

TEST(ModelTest, BuilderRefusesDivergedWeights) {
  std::unique_ptr<ModelBuilder> b;
  ASSERT_TRUE(ModelBuilder::Create({"a", "b"}, {}, testing::TinyFeatures(), &b).ok());
  std::unique_ptr<Model> m;
  b->weights()[3] = NAN;
  EXPECT_EQ(b->Build(false, &m).code(), StatusCode::kInvalidArgument);
  b->weights()[3] = 2e4f;
  EXPECT_EQ(b->Build(true, &m).code(), StatusCode::kInvalidArgument);
  b->weights()[3] = 1e-42f;  // a column too small for an int8 scale: all zeros
  ASSERT_TRUE(b->Build(true, &m).ok());
  b->set_calibration(Calibration{1e-6f, {}});
  EXPECT_EQ(b->Build(false, &m).code(), StatusCode::kInvalidArgument);
}

TEST(ModelTest, PredictGivesAProbabilityPerLabel) {
  auto m = testing::ToyModel();
  Workspace ws;
  Prediction p;
  m->Predict("dinner just the two of us? you look amazing", &ws, &p);
  ASSERT_EQ(p.probabilities.size(), 2u);
  EXPECT_NEAR(p.probabilities[0] + p.probabilities[1], 1.0f, 1e-6);
  EXPECT_EQ(m->labels()[static_cast<size_t>(p.label)], "personal");
  m->Predict("agenda for the client meeting on thursday", &ws, &p);
  EXPECT_EQ(m->labels()[static_cast<size_t>(p.label)], "professional");
}

TEST(ModelTest, HostileInputsGiveValidProbabilities) {
  auto m = testing::ToyModel();
  Workspace ws;
  Prediction p;
  const std::string inputs[] = {
      "", std::string("\0\0\0", 3), "\xff\xfe\xfd", std::string(100000, 'a'),
      "\xe2\x80\xae" "evil" "\xe2\x80\xac",  // bidi controls
      "e" + std::string(600, '\xcc') ,       // broken combining marks
  };
  for (const std::string& in : inputs) {
    m->Predict(in, &ws, &p);
    ASSERT_EQ(p.probabilities.size(), 2u);
    EXPECT_TRUE(std::isfinite(p.probabilities[0]));
    EXPECT_NEAR(p.probabilities[0] + p.probabilities[1], 1.0f, 1e-5);
  }
  std::string stacked = "a";
  for (int i = 0; i < 300; ++i) stacked += "\xcc\x81";  // 300 combining acutes
  m->Predict(stacked, &ws, &p);
  EXPECT_TRUE(std::isfinite(p.probabilities[0]));
}

// The read limit bounds memory and time: a 100 MB message is judged on its
// first MiB, a character repeated millions of times is one bounded word, and
// text from every Unicode plane is read without trouble.
TEST(ModelTest, HugeAndStrangeMessages) {
  std::unique_ptr<Model> m;
  ASSERT_TRUE(Model::LoadDefault(&m).ok());
  Workspace ws;
  Prediction p;
  std::string huge;
  huge.reserve(100u << 20);
  while (huge.size() < (100u << 20)) huge += "Lunch with the team next week? ";
  m->Predict(huge, &ws, &p);
  EXPECT_TRUE(p.truncated);
  EXPECT_EQ(m->labels()[static_cast<size_t>(p.label)], "professional");
  m->Predict(std::string(5u << 20, 'a'), &ws, &p);
  EXPECT_TRUE(p.truncated);
  EXPECT_TRUE(std::isfinite(p.probabilities[0]));
  std::string planes;
  for (char32_t plane = 0; plane <= 16; ++plane) {
    for (char32_t cp : {plane * 0x10000 + 0x41, plane * 0x10000 + 0x4E00, plane * 0x10000 + 0xFFFD}) {
      if (cp >= 0xD800 && cp <= 0xDFFF) continue;
      // UTF-8 by hand: the test must not depend on the library's encoder.
      if (cp < 0x80) {
        planes += static_cast<char>(cp);
      } else if (cp < 0x10000) {
        planes += static_cast<char>(0xE0 | (cp >> 12));
        planes += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        planes += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        planes += static_cast<char>(0xF0 | (cp >> 18));
        planes += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        planes += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        planes += static_cast<char>(0x80 | (cp & 0x3F));
      }
    }
  }
  m->Predict(planes, &ws, &p);
  EXPECT_NEAR(p.probabilities[0] + p.probabilities[1], 1.0f, 1e-5);
  Explanation e;
  m->Explain(planes, 10, &ws, &e);
  for (const Contribution& c : e.supporting) EXPECT_LE(c.span.end, planes.size());
}

TEST(ModelTest, ExplainPointsAtTheWordsThatDecided) {
  auto m = testing::ToyModel();
  Workspace ws;
  Explanation e;
  const std::string msg = "Are you SINGLE? Dinner, just us 😍";
  m->Explain(msg, 5, &ws, &e);
  EXPECT_EQ(m->labels()[static_cast<size_t>(e.label)], "personal");
  ASSERT_FALSE(e.supporting.empty());
  EXPECT_EQ(e.supporting.size(), 5u);
  EXPECT_LE(e.opposing.size(), 5u);
  m->Explain(msg, 1000, &ws, &e);
  for (size_t i = 0; i < e.supporting.size(); ++i) {
    const Contribution& c = e.supporting[i];
    EXPECT_GT(c.weight, 0);
    if (i) {
      EXPECT_GE(std::fabs(e.supporting[i - 1].weight), std::fabs(c.weight));
    }
    ASSERT_LE(c.span.end, msg.size());
    EXPECT_LT(c.span.begin, c.span.end);
  }
  for (const Contribution& c : e.opposing) EXPECT_LT(c.weight, 0);
  // Spans point at the original (un-folded) bytes.
  bool saw_single = false;
  std::vector<Contribution> all = e.supporting;
  all.insert(all.end(), e.opposing.begin(), e.opposing.end());
  for (const Contribution& c : all) {
    if (c.feature == "single") {
      saw_single = true;
      EXPECT_EQ(msg.substr(c.span.begin, c.span.end - c.span.begin), "SINGLE");
    }
  }
  EXPECT_TRUE(saw_single);
}

// Explanations name a feature as the model read it: a listed name as
// <name>, a gendered word by its stand-in, in words, word pairs and clusters.
TEST(ModelTest, ExplanationsShowNamesAndGenderedWordsByTheirStandIns) {
  std::unique_ptr<Model> model;
  ASSERT_TRUE(Model::LoadDefault(&model).ok());
  Workspace ws;
  Explanation e;
  model->Explain("She said her husband Tom would love dinner with you, Emma", 200, &ws, &e);
  size_t names = 0;
  for (const auto* side : {&e.supporting, &e.opposing}) {
    for (const Contribution& c : *side) {
      for (const char* spelled : {"tom", "emma", "she", "husband"}) {
        EXPECT_EQ(c.feature.find(spelled), std::string::npos) << c.feature;
      }
      names += c.feature.find("<name>") != std::string::npos;
    }
  }
  EXPECT_GT(names, 0u);
}

TEST(ModelTest, ExplainIsStable) {
  auto m = testing::ToyModel();
  Workspace ws;
  Explanation a, b;
  m->Explain("coffee to talk about the role, then drinks just us?", 4, &ws, &a);
  m->Explain("coffee to talk about the role, then drinks just us?", 4, &ws, &b);
  ASSERT_EQ(a.supporting.size(), b.supporting.size());
  for (size_t i = 0; i < a.supporting.size(); ++i) {
    EXPECT_EQ(a.supporting[i].feature, b.supporting[i].feature);
  }
}

TEST(ModelTest, QuantizedModelAgreesWithFloat) {
  auto m = testing::ToyModel();
  auto q = testing::Quantized(*m);
  EXPECT_EQ(q->weight_type(), WeightType::kInt8);
  EXPECT_EQ(q->weight_bytes() * 4, m->weight_bytes());
  Workspace ws;
  Prediction a, b;
  for (const Example& e : testing::ToyExamples()) {
    m->Predict(e.text, &ws, &a);
    q->Predict(e.text, &ws, &b);
    EXPECT_EQ(a.label, b.label);
    EXPECT_NEAR(a.probabilities[0], b.probabilities[0], 0.02);
  }
}

// One model, many threads, each with its own workspace: same answers.
TEST(ModelTest, ConcurrentPredictionsAgree) {
  auto m = testing::ToyModel();
  const auto examples = testing::ToyExamples();
  std::vector<float> expected;
  {
    Workspace ws;
    Prediction p;
    for (const Example& e : examples) {
      m->Predict(e.text, &ws, &p);
      expected.push_back(p.probabilities[1]);
    }
  }
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      Workspace ws;
      Prediction p;
      for (int round = 0; round < 200; ++round) {
        for (size_t i = 0; i < examples.size(); ++i) {
          m->Predict(examples[i].text, &ws, &p);
          mismatches[static_cast<size_t>(t)] += p.probabilities[1] != expected[i];
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(std::accumulate(mismatches.begin(), mismatches.end(), 0), 0);
}

// Threads that meet CJK, Hangul and Thai text first, at once: the per-block
// tables of the normalizer, tokenizer and script check are filled while
// others read them (ctest runs each test in a process of its own, so they
// start empty here). The answers equal those of one thread afterwards.
TEST(ModelTest, ConcurrentCjkPredictionsAgree) {
  std::unique_ptr<Model> m;
  ASSERT_TRUE(Model::LoadDefault(&m).ok());
  const std::vector<std::string> messages = {
      u8"\u660e\u5929\u4e0b\u5348\u4e09\u70b9\u5f00\u4f1a\uff0c\u8bf7\u51c6\u65f6\u53c2\u52a0\uff01",
      u8"\u4eca\u5ea6\u306e\u98f2\u307f\u4f1a\u3001\u4e00\u7dd2\u306b\u884c\u304d\u307e\u305b\u3093\u304b\uff1f",
      u8"\u30df\u30fc\u30c6\u30a3\u30f3\u30b0\u306e\u8cc7\u6599\u3092\u9001\u308a\u307e\u3059 ok",
      u8"\ub0b4\uc77c \uc800\ub141\uc5d0 \uac19\uc774 \uc2dd\uc0ac\ud560\ub798\uc694?",
      u8"\u0e1e\u0e23\u0e38\u0e48\u0e07\u0e19\u0e35\u0e49\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21\u0e17\u0e35\u0e21",
      u8"Q3\u306e\u58f2\u4e0a\u306b\u3064\u3044\u3066 meeting at 10:00\u3002"};
  constexpr int kThreads = 4, kRounds = 50;
  std::atomic<int> ready{0};
  std::vector<std::vector<float>> seen(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Workspace ws;
      Prediction p;
      ready.fetch_add(1);
      while (ready.load() < kThreads) {
      }
      for (int round = 0; round < kRounds; ++round) {
        for (const std::string& text : messages) {
          m->Predict(text, &ws, &p);
          seen[static_cast<size_t>(t)].push_back(p.probabilities[1]);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  Workspace ws;
  Prediction p;
  std::vector<float> alone;
  for (const std::string& text : messages) {
    m->Predict(text, &ws, &p);
    EXPECT_TRUE(p.supported) << text;
    alone.push_back(p.probabilities[1]);
  }
  for (int t = 0; t < kThreads; ++t) {
    for (size_t k = 0; k < seen[static_cast<size_t>(t)].size(); ++k) {
      ASSERT_EQ(seen[static_cast<size_t>(t)][k], alone[k % alone.size()]) << t << ' ' << k;
    }
  }
}

// A model says when it cannot judge a message instead of guessing.
TEST(ModelTest, AbstainsOnEmptyAndUnknownScripts) {
  std::unique_ptr<Model> m;
  ASSERT_TRUE(Model::LoadDefault(&m).ok());
  Workspace ws;
  Prediction p;
  for (const char* empty : {"", "   ", "?!", "12:30", "https://example.com"}) {
    m->Predict(empty, &ws, &p);
    EXPECT_FALSE(p.supported) << empty;
    EXPECT_STREQ(p.abstain_reason, "empty") << empty;
    EXPECT_EQ(p.probabilities.size(), 2u);
  }
  for (const char* foreign : {"Привет! Как насчёт ужина вдвоём?", "مرحبا، هل نلتقي غدا؟"}) {
    m->Predict(foreign, &ws, &p);
    EXPECT_FALSE(p.supported) << foreign;
    EXPECT_STREQ(p.abstain_reason, "unsupported-script") << foreign;
  }
  for (const char* known : {"Coffee tomorrow?", "明天下午三点开会", "😉", "ok 👍",
                            "Dinner? (ужин)"}) {
    m->Predict(known, &ws, &p);
    EXPECT_TRUE(p.supported) << known;
    EXPECT_EQ(p.abstain_reason, nullptr) << known;
  }
}

// One huge message does not leave its scratch behind for the thread's life.
TEST(ModelTest, PredictGivesBackScratchOfHugeMessages) {
  std::unique_ptr<Model> m;
  ASSERT_TRUE(Model::LoadDefault(&m).ok());
  Workspace ws;
  Prediction p;
  m->Predict(std::string(3 << 20, 'a') + " dinner tonight", &ws, &p);
  EXPECT_LT(ws.normalized().CapacityBytes(), 64u);
  m->Predict("dinner tonight?", &ws, &p);
  EXPECT_LT(ws.normalized().CapacityBytes(), Workspace::kKeepScratchBytes);
}

TEST(ModelTest, DefaultModelLoadsAndClassifies) {
  std::unique_ptr<Model> m;
  ASSERT_TRUE(Model::LoadDefault(&m).ok());
  ASSERT_EQ(m->labels().size(), 2u);
  EXPECT_EQ(m->labels()[0], "personal");
  EXPECT_EQ(m->labels()[1], "professional");
  Workspace ws;
  Prediction p;
  m->Predict("Coffee next week to talk about the role?", &ws, &p);
  EXPECT_EQ(p.label, 1);
}

}  // namespace
}  // namespace meetintent
