// Adapter: per-user deltas on a frozen base model (adapt.h).
#include "meetintent/adapt.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <chrono>
#include <thread>

#include "meetintent/model.h"
#include "meetintent/model_builder.h"
#include "test_util.h"

namespace meetintent {
namespace {

const Model& Base() {
  static const Model* base = [] {
    std::unique_ptr<Model> m;
    EXPECT_TRUE(Model::LoadDefault(&m).ok());
    return m.release();
  }();
  return *base;
}

std::unique_ptr<Adapter> NewAdapter(const AdaptOptions& o = {}) {
  std::unique_ptr<Adapter> a;
  EXPECT_TRUE(Adapter::Create(Base(), o, &a).ok());
  return a;
}

float Personal(const Adapter& a, std::string_view text) {
  Workspace ws;
  Prediction p;
  a.Predict(text, &ws, &p);
  return p.probabilities[static_cast<size_t>(a.base().LabelIndex("personal"))];
}

float BasePersonal(std::string_view text) {
  Workspace ws;
  Prediction p;
  Base().Predict(text, &ws, &p);
  return p.probabilities[static_cast<size_t>(Base().LabelIndex("personal"))];
}

const char* const kMessages[] = {
    "Coffee next week to talk about the role?",
    "Are you seeing anyone? Dinner, just us?",
    "Drinks after work on Friday with the team?",
    "> Can we move the review to 3pm?\nSure, see you then.\n-- \nAnna, Sales",
    "lunch tomorrow to go over the budget",
};

std::vector<Example> EveningCorrections() {
  return {{"personal", "Drinks after work on Friday with the team?"},
          {"personal", "Want to grab drinks this evening after work?"},
          {"personal", "Team drinks tonight after the offsite, join us"},
          {"personal", "After-work drinks at the pub at 6?"}};
}

TEST(AdapterTest, EmptyOverlayPredictsExactlyAsTheBase) {
  auto a = NewAdapter();
  for (const char* m : kMessages) {
    Workspace ws1, ws2;
    Prediction p1, p2;
    Base().Predict(m, &ws1, &p1);
    a->Predict(m, &ws2, &p2);
    EXPECT_EQ(p1.label, p2.label) << m;
    EXPECT_EQ(p1.probabilities, p2.probabilities) << m;
    EXPECT_EQ(p1.deciding_part, p2.deciding_part) << m;
  }
  EXPECT_EQ(a->entries(), 0u);
}

TEST(AdapterTest, CorrectionsMoveTheirMessageAndSparesOthers) {
  auto a = NewAdapter();
  const std::string text = "Drinks after work on Friday with the team?";
  const float before = Personal(*a, text);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(a->Update(text, "personal").ok());
  EXPECT_GT(Personal(*a, text), before + 0.05f);
  EXPECT_GT(a->entries(), 0u);
  EXPECT_EQ(a->updates(), 5u);
  // An unrelated message barely moves.
  const std::string other = "Please review the attached contract before the meeting";
  EXPECT_NEAR(Personal(*a, other), BasePersonal(other), 0.05f);
}

TEST(AdapterTest, ExplainShowsTheDeltas) {
  auto a = NewAdapter();
  const std::string text = "Drinks after work on Friday with the team?";
  Workspace ws;
  Explanation base, adapted;
  Base().Explain(text, 50, &ws, &base);
  a->Explain(text, 50, &ws, &adapted);
  EXPECT_EQ(base.probabilities, adapted.probabilities);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(a->Update(text, "personal").ok());
  a->Explain(text, 50, &ws, &adapted);
  Prediction p;
  a->Predict(text, &ws, &p);
  EXPECT_EQ(adapted.probabilities, p.probabilities);
  // "drinks" pulls further toward personal than it did.
  auto pull = [](const Explanation& e, const std::string& word) {
    const int personal = 0;
    for (const auto* list : {&e.supporting, &e.opposing}) {
      for (const Contribution& c : *list) {
        if (c.feature == word) return e.label == personal ? c.weight : -c.weight;
      }
    }
    return 0.0f;
  };
  ASSERT_EQ(Base().labels()[0], "personal");
  EXPECT_GT(pull(adapted, "drinks"), pull(base, "drinks"));
}

TEST(AdapterTest, UnknownLabelIsRefused) {
  auto a = NewAdapter();
  EXPECT_EQ(a->Update("hi", "spam").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(a->Update("hi", 7).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(a->UpdateBatch({{"spam", "x"}}).code(), StatusCode::kInvalidArgument);
  AdaptOptions bad;
  bad.alpha = 0;
  std::unique_ptr<Adapter> b;
  EXPECT_EQ(Adapter::Create(Base(), bad, &b).code(), StatusCode::kInvalidArgument);
}

// An alpha so small that the FTRL step overflows (found by
// overlay_load_fuzzer: a denormal alpha made the next correction NaN).
TEST(AdapterTest, OptionsOutOfRangeAreRefused) {
  std::unique_ptr<Adapter> a;
  for (float alpha : {0.0f, 1.1e-44f, 9e-7f, 2e4f}) {
    AdaptOptions o;
    o.alpha = alpha;
    EXPECT_EQ(Adapter::Create(Base(), o, &a).code(), StatusCode::kInvalidArgument) << alpha;
  }
  AdaptOptions o;
  o.alpha = 1e-6f;
  ASSERT_TRUE(Adapter::Create(Base(), o, &a).ok());
  ASSERT_TRUE(a->Update("dinner tonight?", "personal").ok());
  EXPECT_TRUE(std::isfinite(Personal(*a, "dinner tonight?")));
}

TEST(AdapterTest, DeterministicForAGivenOrder) {
  auto a = NewAdapter(), b = NewAdapter();
  for (const Example& e : EveningCorrections()) {
    ASSERT_TRUE(a->Update(e.text, e.label).ok());
    ASSERT_TRUE(b->Update(e.text, e.label).ok());
  }
  EXPECT_EQ(a->Serialize(), b->Serialize());
}

// One pass by default: more forget more of the base (README, adapt_eval.py).
TEST(AdapterTest, BatchMakesOnePassByDefault) {
  auto a = NewAdapter(), b = NewAdapter(), c = NewAdapter();
  const auto corrections = EveningCorrections();
  ASSERT_TRUE(a->UpdateBatch(corrections).ok());
  ASSERT_TRUE(b->UpdateBatch(corrections, 1).ok());
  ASSERT_TRUE(c->UpdateBatch(corrections, 2).ok());
  EXPECT_EQ(a->Serialize(), b->Serialize());
  EXPECT_NE(a->Serialize(), c->Serialize());
  EXPECT_EQ(a->updates(), corrections.size());
}

TEST(AdapterTest, BatchEqualsTheSameUpdatesOneByOne) {
  auto a = NewAdapter(), b = NewAdapter();
  const auto c = EveningCorrections();
  ASSERT_TRUE(a->UpdateBatch(c, 2).ok());
  for (int pass = 0; pass < 2; ++pass) {
    for (const Example& e : c) ASSERT_TRUE(b->Update(e.text, e.label).ok());
  }
  EXPECT_EQ(a->Serialize(), b->Serialize());
  for (const char* m : kMessages) EXPECT_EQ(Personal(*a, m), Personal(*b, m)) << m;
}

TEST(AdapterTest, SizeIsBoundedAndFullAdapterRefusesNewFeatures) {
  AdaptOptions o;
  o.max_entries = 300;
  o.l1 = 0;  // every feature gets a delta, so nothing can be compacted away
  o.words_only = false;
  auto a = NewAdapter(o);
  const auto c = EveningCorrections();
  for (int i = 0; i < 20; ++i) {
    const std::string word = {'q', static_cast<char>('a' + i), 'z', static_cast<char>('k' + i % 7)};
    for (const Example& e : c) ASSERT_TRUE(a->Update(e.text + " " + word, e.label).ok());
    ASSERT_LE(a->tracked(), 300u);
  }
  EXPECT_EQ(a->tracked(), 300u);
  EXPECT_LE(a->entries(), 300u);
  // Still learning on the features it has.
  EXPECT_GT(Personal(*a, c[0].text), BasePersonal(c[0].text));
}

TEST(AdapterTest, SaveLoadRoundTrips) {
  auto a = NewAdapter();
  ASSERT_TRUE(a->UpdateBatch(EveningCorrections()).ok());
  const std::string path = testing::TempPath(".mio");
  ASSERT_TRUE(a->Save(path).ok());
  std::unique_ptr<Adapter> b;
  ASSERT_TRUE(Adapter::Load(Base(), path, &b).ok());
  EXPECT_EQ(b->entries(), a->entries());
  EXPECT_EQ(b->updates(), a->updates());
  for (const char* m : kMessages) EXPECT_EQ(Personal(*a, m), Personal(*b, m)) << m;
  EXPECT_EQ(b->Serialize(), a->Serialize());
  std::remove(path.c_str());
}

TEST(AdapterTest, DamagedOverlayFilesAreRefused) {
  auto a = NewAdapter();
  ASSERT_TRUE(a->UpdateBatch(EveningCorrections()).ok());
  const std::string bytes = a->Serialize();
  std::unique_ptr<Adapter> b;
  for (size_t n : {size_t{0}, size_t{7}, size_t{80}, bytes.size() / 2, bytes.size() - 1}) {
    EXPECT_FALSE(Adapter::LoadBuffer(Base(), bytes.substr(0, n), &b).ok()) << n;
  }
  for (size_t i = 0; i < bytes.size(); i += 7) {
    std::string bad = bytes;
    bad[i] = static_cast<char>(bad[i] ^ 0x10);
    const Status s = Adapter::LoadBuffer(Base(), bad, &b);
    EXPECT_FALSE(s.ok()) << "flip at " << i;
  }
  EXPECT_EQ(Adapter::LoadBuffer(Base(), bytes + std::string(8, '\0'), &b).code(),
            StatusCode::kCorruptModel);
  // From files: cut short, or padded, is refused naming the file.
  const std::string path = testing::TempPath(".mio");
  for (const std::string& damaged : {bytes.substr(0, bytes.size() - 8), bytes + "12345678"}) {
    testing::WriteFile(path, damaged);
    const Status s = Adapter::Load(Base(), path, &b);
    EXPECT_EQ(s.code(), StatusCode::kCorruptModel) << s.message();
    EXPECT_NE(s.message().find(path), std::string::npos) << s.message();
  }
  std::remove(path.c_str());
  EXPECT_EQ(Adapter::Load(Base(), "/nonexistent/x.mio", &b).code(), StatusCode::kIoError);
}

TEST(AdapterTest, OverlayOnAnotherBaseIsRefused) {
  auto a = NewAdapter();
  ASSERT_TRUE(a->Update("dinner tonight?", "personal").ok());
  auto toy = testing::ToyModel();
  std::unique_ptr<Adapter> b;
  const Status s = Adapter::LoadBuffer(*toy, a->Serialize(), &b);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("another base model"), std::string::npos) << s.message();
}

TEST(AdapterTest, MergedModelPredictsAsTheAdapter) {
  auto a = NewAdapter();
  ASSERT_TRUE(a->UpdateBatch(EveningCorrections()).ok());
  std::unique_ptr<Model> merged;
  ASSERT_TRUE(a->Merge(&merged).ok());
  EXPECT_EQ(merged->weight_type(), WeightType::kFloat32);
  // It survives a save and load as an ordinary model file.
  std::unique_ptr<Model> reloaded;
  ASSERT_TRUE(Model::LoadBuffer(merged->Serialize().data(), merged->Serialize().size(), &reloaded).ok());
  for (const char* m : kMessages) {
    Workspace ws;
    Prediction p;
    reloaded->Predict(m, &ws, &p);
    EXPECT_NEAR(p.probabilities[static_cast<size_t>(reloaded->LabelIndex("personal"))],
                Personal(*a, m), 2e-3f)
        << m;
  }
}

TEST(AdapterTest, WorksOnARecipeOneFloatModel) {
  auto toy = testing::ToyModel();
  std::unique_ptr<Adapter> a;
  AdaptOptions o;
  o.l1 = 0.0f;
  ASSERT_TRUE(Adapter::Create(*toy, o, &a).ok());
  Workspace ws;
  Prediction before, after;
  toy->Predict("dinner at my place", &ws, &before);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(a->Update("dinner at my place", toy->labels()[0]).ok());
  a->Predict("dinner at my place", &ws, &after);
  EXPECT_GT(after.probabilities[0], before.probabilities[0]);
}

// Three labels: one score column per label (softmax), saved, loaded, merged.
TEST(AdapterTest, WorksWithThreeLabels) {
  std::unique_ptr<ModelBuilder> b;
  ASSERT_TRUE(ModelBuilder::Create({"a", "b", "c"}, {}, testing::TinyFeatures(), &b).ok());
  std::unique_ptr<Model> base;
  ASSERT_TRUE(b->Build(/*quantize=*/false, &base).ok());
  AdaptOptions o;
  o.l1 = 0.0f;
  std::unique_ptr<Adapter> a;
  ASSERT_TRUE(Adapter::Create(*base, o, &a).ok());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(a->Update("zebra crossing", "c").ok());
  Workspace ws;
  Prediction p;
  a->Predict("zebra crossing", &ws, &p);
  EXPECT_EQ(p.label, 2);
  EXPECT_GT(p.probabilities[2], 0.5f);
  std::unique_ptr<Adapter> loaded;
  ASSERT_TRUE(Adapter::LoadBuffer(*base, a->Serialize(), &loaded).ok());
  Prediction q;
  loaded->Predict("zebra crossing", &ws, &q);
  EXPECT_EQ(p.probabilities, q.probabilities);
  std::unique_ptr<Model> merged;
  ASSERT_TRUE(a->Merge(&merged).ok());
  merged->Predict("zebra crossing", &ws, &q);
  EXPECT_NEAR(q.probabilities[2], p.probabilities[2], 1e-4f);
}

TEST(AdapterTest, SnapshotsNeverChange) {
  auto a = NewAdapter();
  auto snap = a->Snapshot();
  ASSERT_TRUE(a->UpdateBatch(EveningCorrections()).ok());
  Workspace ws;
  Prediction p;
  snap->Predict(kMessages[2], PredictOptions(), &ws, &p);
  EXPECT_EQ(p.probabilities[0], [] {
    Workspace w;
    Prediction q;
    Base().Predict(kMessages[2], &w, &q);
    return q.probabilities[0];
  }());
  EXPECT_EQ(snap->entries(), 0u);
}

// Readers predict while one writer updates: every prediction is exactly one
// of the snapshots' (checked by TSan for races).
TEST(AdapterTest, ConcurrentReadersSeeSnapshots) {
  auto a = NewAdapter();
  std::atomic<bool> done{false};
  std::vector<std::thread> readers;
  std::atomic<int> bad{0};
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      Workspace ws;
      Prediction p1, p2;
      while (!done.load()) {
        auto snap = a->Snapshot();
        snap->Predict(kMessages[2], PredictOptions(), &ws, &p1);
        snap->Predict(kMessages[2], PredictOptions(), &ws, &p2);
        if (p1.probabilities != p2.probabilities) ++bad;
        a->Predict(kMessages[1], &ws, &p1);
      }
    });
  }
  const auto c = EveningCorrections();
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(a->Update(c[static_cast<size_t>(i) % c.size()].text, "personal").ok());
  ASSERT_TRUE(a->UpdateBatch(c, 2).ok());
  done = true;
  for (auto& r : readers) r.join();
  EXPECT_EQ(bad.load(), 0);
}

}  // namespace
}  // namespace meetintent
