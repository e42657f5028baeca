// Evasion: obfuscated variants of personal messages (data/evasion, made by
// make_evasion_set.py) must keep the default model's decision, and seeing
// through obfuscation must not change decisions on clean professional text.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

#include "meetintent/dataset.h"
#include "meetintent/model.h"
#include "meetintent/normalizer.h"
#include "test_util.h"

namespace meetintent {
namespace {

std::string Path(const char* rel) { return std::string(MEETINTENT_SOURCE_DIR) + "/" + rel; }

// The default model with normalizer flags turned off (by default the
// deobfuscate flag, bit 4, which also turns off deobfuscate_unicode, bit 6),
// made by clearing them in its file and resealing the checksum.
std::unique_ptr<Model> WithoutDeobfuscation(const Model& model, int mask = 16) {
  std::string bytes = model.Serialize();
  // Normalizer flags, bit 4: metadata byte 5 in version 1 (file offset 37),
  // byte 6 in version 2 (after the recipe byte).
  const size_t flags = bytes[8] >= 2 ? 38 : 37;
  bytes[flags] = static_cast<char>(bytes[flags] & ~mask);
  bytes = testing::ResealModel(std::move(bytes));
  std::unique_ptr<Model> out;
  EXPECT_TRUE(Model::LoadBuffer(bytes.data(), bytes.size(), &out).ok());
  return out;
}

// Kept decisions of one technique (class) of the evasion set.
struct ClassCount {
  size_t total = 0, kept = 0, kept_plain = 0, kept_1x = 0;
};

TEST(EvasionTest, ObfuscatedPersonalMessagesKeepTheirDecision) {
  std::unique_ptr<Model> model;
  ASSERT_TRUE(Model::LoadDefault(&model).ok());
  const std::string content = testing::ReadFile(Path("data/evasion/obfuscated.tsv"));
  ASSERT_FALSE(content.empty());
  std::unique_ptr<Model> plain = WithoutDeobfuscation(*model);
  std::unique_ptr<Model> rules_1x = WithoutDeobfuscation(*model, 64);
  ASSERT_TRUE(plain != nullptr && rules_1x != nullptr);
  Workspace ws;
  Prediction clean, obfuscated;
  std::map<std::string, ClassCount> classes;
  const char* show = std::getenv("MEETINTENT_EVASION_SHOW");
  ClassCount all;
  size_t pos = 0;
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    if (nl == std::string::npos) nl = content.size();
    const std::string line = content.substr(pos, nl - pos);
    pos = nl + 1;
    const size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
    ASSERT_NE(t2, std::string::npos);
    const std::string technique = line.substr(0, t1);
    const std::string variant = UnescapeTsvText(line.substr(t2 + 1));
    model->Predict(UnescapeTsvText(line.substr(t1 + 1, t2 - t1 - 1)), &ws, &clean);
    model->Predict(variant, &ws, &obfuscated);
    ClassCount& c = classes[technique];
    const bool kept = clean.label == obfuscated.label;
    // MEETINTENT_EVASION_SHOW=<class> prints the variants of that class that
    // changed decision, with the normalized text, for looking into them.
    if (!kept && show != nullptr && technique == show) {
      NormalizedText normalized;
      Normalize(model->normalize_options(), variant, &normalized);
      std::printf("changed: %s\n  normalized: %s\n", variant.c_str(), normalized.text().c_str());
    }
    plain->Predict(variant, &ws, &obfuscated);
    const bool kept_plain = clean.label == obfuscated.label;
    rules_1x->Predict(variant, &ws, &obfuscated);
    const bool kept_1x = clean.label == obfuscated.label;
    for (ClassCount* count : {&c, &all}) {
      ++count->total;
      count->kept += kept;
      count->kept_plain += kept_plain;
      count->kept_1x += kept_1x;
    }
  }
  auto rate = [](size_t k, size_t n) { return static_cast<double>(k) / static_cast<double>(n); };
  // Columns: kept with every rule; with the rules of 1.x only (no
  // deobfuscate_unicode); without deobfuscation. The same weights throughout.
  std::printf("evasion: %-18s %5s %8s %10s %8s\n", "class", "rows", "kept", "1.x rules", "none");
  for (const auto& [technique, c] : classes) {
    std::printf("evasion: %-18s %5zu %8.4f %10.4f %8.4f\n", technique.c_str(), c.total,
                rate(c.kept, c.total), rate(c.kept_1x, c.total), rate(c.kept_plain, c.total));
    // Text without spaces is read through a segmenter whose splits of rare
    // words are rough, and 2 of its 60 clean messages sit within 0.13 of
    // 0.5: retraining on the same data with seeds 1 to 4 kept 56 to 58 of
    // 60 (and 56 to 57 on the data before the Chinese, Japanese, Korean and
    // Thai additions), so its bar is 56 of 60; every other class keeps 0.95.
    const double bar = technique == "no_spaces" ? 56.0 / 60.0 : 0.95;
    EXPECT_GE(rate(c.kept, c.total), bar) << technique;
    EXPECT_GE(c.total, 20u) << technique;
  }
  std::printf("evasion: %zu variants, decision kept on %.4f (%.4f with the 1.x rules, %.4f without "
              "deobfuscation)\n",
              all.total, rate(all.kept, all.total), rate(all.kept_1x, all.total),
              rate(all.kept_plain, all.total));
  EXPECT_GE(all.total, 300u);
  EXPECT_GE(rate(all.kept, all.total), 0.99);
  EXPECT_GE(classes.size(), 20u);
}

TEST(EvasionTest, CleanProfessionalDecisionsBarelyChange) {
  std::unique_ptr<Model> model;
  ASSERT_TRUE(Model::LoadDefault(&model).ok());
  ASSERT_TRUE(model->normalize_options().deobfuscate);
  std::unique_ptr<Model> plain = WithoutDeobfuscation(*model);
  std::unique_ptr<Model> rules_1x = WithoutDeobfuscation(*model, 64);
  ASSERT_TRUE(plain != nullptr && rules_1x != nullptr);
  ASSERT_FALSE(plain->normalize_options().deobfuscate);
  ASSERT_FALSE(rules_1x->normalize_options().deobfuscate_unicode);
  std::vector<Example> examples;
  ASSERT_TRUE(ReadExamples(Path("data/test_written.tsv"), &examples).ok());
  ASSERT_TRUE(ReadExamples(Path("data/default_train.tsv"), &examples).ok());
  Workspace ws;
  Prediction a, b;
  NormalizedText with, without;
  size_t total = 0, changed = 0, changed_1x = 0, all = 0, rewritten = 0;
  for (const Example& e : examples) {
    // Every clean message: how many texts the deobfuscate_unicode rules touch.
    Normalize(model->normalize_options(), e.text, &with);
    Normalize(rules_1x->normalize_options(), e.text, &without);
    ++all;
    rewritten += with.text() != without.text();
    if (e.label != "professional") continue;
    model->Predict(e.text, &ws, &a);
    plain->Predict(e.text, &ws, &b);
    ++total;
    changed += a.label != b.label;
    rules_1x->Predict(e.text, &ws, &b);
    changed_1x += a.label != b.label;
  }
  auto rate = [](size_t k, size_t n) { return static_cast<double>(k) / static_cast<double>(n); };
  std::printf("clean professional messages: %zu, decision changed on %.4f (%.4f against the 1.x "
              "rules); clean messages rewritten by deobfuscate_unicode: %zu of %zu\n",
              total, rate(changed, total), rate(changed_1x, total), rewritten, all);
  EXPECT_GT(total, 3000u);
  EXPECT_LT(rate(changed, total), 0.01);
  EXPECT_LT(rate(changed_1x, total), 0.01);
  EXPECT_LT(rate(rewritten, all), 0.01);
}

}  // namespace
}  // namespace meetintent
