// A warm classify call allocates nothing: once a Workspace (or the C API's
// per-thread one) has read a set of messages, reading them again takes no
// heap memory, on chat, e-mail, Chinese and Japanese, and the evasions whose
// rewrites used to build new buffers (gendered CJK words, decorated and
// look-alike letters, text read backwards). This binary replaces the global
// operator new to count; benchmarks/alloc_benchmark.cc measures the same
// with malloc counted too.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <new>
#include <string>
#include <vector>

#include "meetintent/dataset.h"
#include "meetintent/meetintent.h"
#include "meetintent/model.h"
#include "test_util.h"

namespace {

std::atomic<bool> g_counting{false};
std::atomic<long> g_news{0};

void* Allocate(std::size_t size) {
  if (g_counting.load(std::memory_order_relaxed)) g_news.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}

}  // namespace

void* operator new(std::size_t size) { return Allocate(size); }
void* operator new[](std::size_t size) { return Allocate(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace meetintent {
namespace {

// The project's labelled messages, the evasion set (original and obfuscated)
// and messages aimed at each rewrite.
std::vector<std::string> Messages() {
  std::vector<std::string> out;
  for (const char* file : {"/data/default_train.tsv", "/data/test_written.tsv"}) {
    std::vector<Example> rows;
    EXPECT_TRUE(ReadExamples(std::string(MEETINTENT_SOURCE_DIR) + file, &rows).ok()) << file;
    for (Example& e : rows) out.push_back(std::move(e.text));
  }
  std::ifstream evasion(std::string(MEETINTENT_SOURCE_DIR) + "/data/evasion/obfuscated.tsv");
  // Each line: kind, original and obfuscated, tab-separated, read as one text.
  for (std::string line; std::getline(evasion, line);) {
    out.push_back(testing::UnescapeNewlines(line));
  }
  for (const char* m : {
           "她是我的女朋友，明天一起吃饭吧",
           "彼女と明日ランチに行きませんか？女性の方も歓迎です",
           "d\u0336a\u0336t\u0336e\u0336 tonight? just the two of us",
           "\u1E0Dinner with me, \u1D05\u1D00\u0280\u029F\u026A\u0274\u0262?",
           "l\u043Eve to see y\u043Eu t\u043Enight, c\u043Eme \u043Ever",
           "\u202Ethgin ot rennid rof em teem\u202C please",
           "em llac .thginot rennid rof uoy ees ot evol dluow I\nsee you",
           "Re: budget\n> numbers attached\nCan we move it to 3pm?\n-- \nAnna, CFO",
       }) {
    out.emplace_back(m);
  }
  return out;
}

long NewsDuring(const std::function<void()>& run) {
  g_news = 0;
  g_counting = true;
  run();
  g_counting = false;
  return g_news.load();
}

TEST(WarmCallAllocTest, PredictAllocatesNothingOnceWarm) {
  const std::unique_ptr<Model> model = testing::DefaultModel();
  const std::vector<std::string> messages = Messages();
  ASSERT_GT(messages.size(), 10000u);
  Workspace ws;
  Prediction p;
  auto pass = [&] {
    for (const std::string& m : messages) model->Predict(m, &ws, &p);
  };
  pass();
  pass();
  EXPECT_EQ(NewsDuring(pass), 0);
  // The counter counts: Explain returns strings, so it allocates.
  Explanation e;
  EXPECT_GT(NewsDuring([&] { model->Explain(messages[0], 5, &ws, &e); }), 0);
}

TEST(WarmCallAllocTest, CApiClassifyAllocatesNothingOnceWarm) {
  mi_model* model = nullptr;
  ASSERT_EQ(mi_model_load_default(&model), MI_OK);
  const std::vector<std::string> messages = Messages();
  int32_t label = -1;
  float probs[2];
  auto pass = [&] {
    for (const std::string& m : messages) {
      ASSERT_EQ(mi_classify(model, m.data(), m.size(), &label, probs, 2), MI_OK);
    }
  };
  pass();
  pass();
  EXPECT_EQ(NewsDuring(pass), 0);
  mi_model_free(model);
}

}  // namespace
}  // namespace meetintent
