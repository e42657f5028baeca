// Each pipeline stage alone and the whole pipeline, on the three inputs of
// bench_inputs.h, with the embedded default model:
//
//   Normalize/<input>        raw message -> NormalizedText
//   Tokenize/<input>         normalized text -> tokens (ASCII fast path when it applies)
//   TokenizeIcu/<input>      the same, ICU BreakIterator forced (TokenizeWithIcu)
//   ExtractFeatures/<input>  tokens -> hashed feature vector
//   Score/<input>            Model::Score on precomputed features
//   Explain/<input>          Model::Explain, k = 5, reused Workspace
//   Predict/<input>          end to end: Model::Predict, reused Workspace and Prediction
//   PredictThreads/<input>   Model::Predict on one shared model, 1 and 2 threads,
//                            a Workspace per thread (items_per_second is the total)
//   BoostLocaleWords/<input> boost::locale::boundary::ssegment_index (word, word_any,
//                            ICU backend, locale "en_US.UTF-8") on the normalized text
//   BoostVsIcu/<input>       Boost.Locale and TokenizeWithIcu interleaved on the same
//                            normalized texts; counter boost_slower_x = ICU msg/s / Boost msg/s
//
// One iteration handles one message (cycling through the set), so
// items_per_second is messages per second. bytes_per_second counts the bytes
// the stage reads: the raw message for Normalize, Explain and Predict; the
// normalized text for Tokenize, TokenizeIcu, ExtractFeatures, Score and the
// Boost.Locale comparison.
#include <benchmark/benchmark.h>

#include <boost/locale/boundary.hpp>
#include <boost/locale/generator.hpp>
#include <boost/locale/localization_backend.hpp>

#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "bench_inputs.h"
#include "meetintent/features.h"
#include "meetintent/model.h"
#include "meetintent/normalizer.h"
#include "meetintent/tokenizer.h"

namespace {

using meetintent_bench::GetInputs;
using meetintent_bench::InputKind;
using meetintent_bench::InputSet;

const meetintent::Model& DefaultModel() {
  static const meetintent::Model* model = [] {
    std::unique_ptr<meetintent::Model> m;
    const meetintent::Status s = meetintent::Model::LoadDefault(&m);
    if (!s.ok()) {
      std::fprintf(stderr, "LoadDefault: %s\n", s.ToString().c_str());
      std::exit(2);
    }
    return m.release();
  }();
  return *model;
}

// Every stage's input for every message, computed once per input kind.
struct Prepared {
  const InputSet* set = nullptr;
  std::vector<meetintent::NormalizedText> normalized;
  std::vector<std::vector<meetintent::Token>> tokens;  // views into normalized[i].text()
  std::vector<std::vector<meetintent::Feature>> features;
  size_t normalized_bytes = 0;
  size_t ascii_path = 0;  // messages whose normalized text takes the ASCII fast path
};

const Prepared& GetPrepared(InputKind kind) {
  static std::unique_ptr<Prepared> cache[meetintent_bench::kNumInputKinds];
  std::unique_ptr<Prepared>& p = cache[static_cast<int>(kind)];
  if (p) return *p;
  p = std::make_unique<Prepared>();
  p->set = &GetInputs(kind);
  const meetintent::Model& model = DefaultModel();
  const size_t n = p->set->messages.size();
  p->normalized.resize(n);
  p->tokens.resize(n);
  p->features.resize(n);
  meetintent::Tokenizer tokenizer;
  meetintent::FeatureScratch scratch;
  std::vector<meetintent::Token> probe;
  for (size_t i = 0; i < n; ++i) {
    meetintent::Normalize(model.normalize_options(), p->set->messages[i], &p->normalized[i]);
    const std::string& text = p->normalized[i].text();
    p->normalized_bytes += text.size();
    p->ascii_path += meetintent::Tokenizer::TokenizeAscii(text, &probe) ? 1 : 0;
    tokenizer.Tokenize(text, &p->tokens[i]);
    meetintent::ExtractFeatures(model.feature_options(), p->tokens[i], &scratch, &p->features[i]);
  }
  return *p;
}

void Finish(benchmark::State& state, int64_t bytes) {
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
}

void BM_Normalize(benchmark::State& state, InputKind kind) {
  const InputSet& set = GetInputs(kind);
  const meetintent::NormalizeOptions opts = DefaultModel().normalize_options();
  meetintent::NormalizedText out;
  const size_t n = set.messages.size();
  size_t i = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    const std::string& m = set.messages[i];
    meetintent::Normalize(opts, m, &out);
    benchmark::DoNotOptimize(out.text().data());
    bytes += static_cast<int64_t>(m.size());
    if (++i == n) i = 0;
  }
  Finish(state, bytes);
}

template <bool kForceIcu>
void BM_Tokenize(benchmark::State& state, InputKind kind) {
  const Prepared& p = GetPrepared(kind);
  meetintent::Tokenizer tokenizer;
  std::vector<meetintent::Token> tokens;
  const size_t n = p.normalized.size();
  size_t i = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    const std::string& text = p.normalized[i].text();
    if (kForceIcu) {
      tokenizer.TokenizeWithIcu(text, &tokens);
    } else {
      tokenizer.Tokenize(text, &tokens);
    }
    benchmark::DoNotOptimize(tokens.data());
    bytes += static_cast<int64_t>(text.size());
    if (++i == n) i = 0;
  }
  Finish(state, bytes);
  state.counters["ascii_path_share"] =
      static_cast<double>(p.ascii_path) / static_cast<double>(p.normalized.size());
}

void BM_ExtractFeatures(benchmark::State& state, InputKind kind) {
  const Prepared& p = GetPrepared(kind);
  const meetintent::FeatureOptions opts = DefaultModel().feature_options();
  meetintent::FeatureScratch scratch;
  std::vector<meetintent::Feature> features;
  const size_t n = p.tokens.size();
  size_t i = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    meetintent::ExtractFeatures(opts, p.tokens[i], &scratch, &features);
    benchmark::DoNotOptimize(features.data());
    bytes += static_cast<int64_t>(p.normalized[i].text().size());
    if (++i == n) i = 0;
  }
  Finish(state, bytes);
}

void BM_Score(benchmark::State& state, InputKind kind) {
  const Prepared& p = GetPrepared(kind);
  const meetintent::Model& model = DefaultModel();
  std::vector<float> scores(static_cast<size_t>(model.columns()));
  const size_t n = p.features.size();
  size_t i = 0;
  int64_t bytes = 0;
  size_t nfeatures = 0;
  for (auto _ : state) {
    model.Score(p.features[i], scores.data());
    benchmark::DoNotOptimize(scores.data());
    benchmark::ClobberMemory();
    bytes += static_cast<int64_t>(p.normalized[i].text().size());
    nfeatures += p.features[i].size();
    if (++i == n) i = 0;
  }
  Finish(state, bytes);
  state.counters["features_per_msg"] =
      static_cast<double>(nfeatures) / static_cast<double>(state.iterations());
}

void BM_Explain(benchmark::State& state, InputKind kind) {
  const InputSet& set = GetInputs(kind);
  const meetintent::Model& model = DefaultModel();
  meetintent::Workspace ws;
  meetintent::Explanation e;
  const size_t n = set.messages.size();
  size_t i = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    const std::string& m = set.messages[i];
    model.Explain(m, 5, &ws, &e);
    benchmark::DoNotOptimize(e.supporting.data());
    bytes += static_cast<int64_t>(m.size());
    if (++i == n) i = 0;
  }
  Finish(state, bytes);
}

void BM_Predict(benchmark::State& state, InputKind kind) {
  const InputSet& set = GetInputs(kind);
  const meetintent::Model& model = DefaultModel();
  // Each thread its own Workspace and Prediction; the model is shared.
  meetintent::Workspace ws;
  meetintent::Prediction pred;
  const size_t n = set.messages.size();
  size_t i = (static_cast<size_t>(state.thread_index()) * n) / 2 % n;
  int64_t bytes = 0;
  for (auto _ : state) {
    const std::string& m = set.messages[i];
    model.Predict(m, &ws, &pred);
    benchmark::DoNotOptimize(pred.label);
    bytes += static_cast<int64_t>(m.size());
    if (++i == n) i = 0;
  }
  Finish(state, bytes);
}

// What a process pays once before its first message: the default model
// from the library's embedded copy (checksum, weights, lexicon).
void BM_LoadDefault(benchmark::State& state) {
  for (auto _ : state) {
    std::unique_ptr<meetintent::Model> m;
    if (!meetintent::Model::LoadDefault(&m).ok()) {
      state.SkipWithError("LoadDefault failed");
      return;
    }
    benchmark::DoNotOptimize(m.get());
  }
  state.SetItemsProcessed(state.iterations());
}

// --- Boost.Locale boundary analysis versus ICU's BreakIterator ---

// CPU time of the calling thread: the interleaved comparisons use it, so
// time the thread spends descheduled on a loaded machine counts for neither.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

const std::locale& BoostLocale() {
  static const std::locale* loc = [] {
    boost::locale::localization_backend_manager mgr =
        boost::locale::localization_backend_manager::global();
    mgr.select("icu");
    boost::locale::generator gen(mgr);
    return new std::locale(gen("en_US.UTF-8"));
  }();
  return *loc;
}

// Word segments of `text` as Boost.Locale returns them, kept the way
// meetintent keeps ICU's (words, numbers, kana, ideographs: word_any).
void BoostWords(const std::string& text, std::vector<meetintent::Token>* out) {
  namespace bb = boost::locale::boundary;
  out->clear();
  bb::ssegment_index index(bb::word, text.begin(), text.end(), BoostLocale());
  index.rule(bb::word_any);
  for (auto it = index.begin(), e = index.end(); it != e; ++it) {
    const auto b = static_cast<uint32_t>(it->begin() - text.begin());
    const auto en = static_cast<uint32_t>(it->end() - text.begin());
    out->push_back(meetintent::Token{std::string_view(text).substr(b, en - b), b, en});
  }
}

void BM_BoostLocaleWords(benchmark::State& state, InputKind kind) {
  const Prepared& p = GetPrepared(kind);
  std::vector<meetintent::Token> tokens;
  const size_t n = p.normalized.size();
  size_t i = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    const std::string& text = p.normalized[i].text();
    BoostWords(text, &tokens);
    benchmark::DoNotOptimize(tokens.data());
    bytes += static_cast<int64_t>(text.size());
    if (++i == n) i = 0;
  }
  Finish(state, bytes);
}

// Both tokenizers interleaved, one full pass over the set each per
// iteration, so machine noise hits both alike; the ratio (of thread CPU
// times) is the figure.
void BM_BoostVsIcu(benchmark::State& state, InputKind kind) {
  const Prepared& p = GetPrepared(kind);
  meetintent::Tokenizer tokenizer;
  std::vector<meetintent::Token> tokens;
  double boost_s = 0, icu_s = 0;
  size_t boost_tokens = 0, icu_tokens = 0;
  for (auto _ : state) {
    const double t0 = ThreadCpuSeconds();
    for (const meetintent::NormalizedText& nt : p.normalized) {
      BoostWords(nt.text(), &tokens);
      boost_tokens += tokens.size();
    }
    const double t1 = ThreadCpuSeconds();
    for (const meetintent::NormalizedText& nt : p.normalized) {
      tokenizer.TokenizeWithIcu(nt.text(), &tokens);
      icu_tokens += tokens.size();
    }
    const double t2 = ThreadCpuSeconds();
    boost_s += t1 - t0;
    icu_s += t2 - t1;
  }
  const double msgs = static_cast<double>(p.normalized.size()) * static_cast<double>(state.iterations());
  state.SetItemsProcessed(static_cast<int64_t>(2 * msgs));
  state.counters["boost_msgs_per_s"] = msgs / boost_s;
  state.counters["icu_msgs_per_s"] = msgs / icu_s;
  state.counters["boost_slower_x"] = boost_s / icu_s;
  // Same segmentation rules underneath: the token counts should nearly agree
  // (meetintent also keeps emoji and placeholders, which word_any drops).
  state.counters["boost_tokens_per_msg"] = static_cast<double>(boost_tokens) / msgs;
  state.counters["icu_tokens_per_msg"] = static_cast<double>(icu_tokens) / msgs;
}

void RegisterAll() {
  benchmark::RegisterBenchmark("LoadDefault", BM_LoadDefault)->Unit(benchmark::kMillisecond);
  for (int k = 0; k < meetintent_bench::kNumInputKinds; ++k) {
    const auto kind = static_cast<InputKind>(k);
    const std::string in = meetintent_bench::InputName(kind);
    benchmark::RegisterBenchmark(("Normalize/" + in).c_str(), BM_Normalize, kind);
    benchmark::RegisterBenchmark(("Tokenize/" + in).c_str(), BM_Tokenize<false>, kind);
    benchmark::RegisterBenchmark(("TokenizeIcu/" + in).c_str(), BM_Tokenize<true>, kind);
    benchmark::RegisterBenchmark(("ExtractFeatures/" + in).c_str(), BM_ExtractFeatures, kind);
    benchmark::RegisterBenchmark(("Score/" + in).c_str(), BM_Score, kind);
    benchmark::RegisterBenchmark(("Explain/" + in).c_str(), BM_Explain, kind);
    benchmark::RegisterBenchmark(("Predict/" + in).c_str(), BM_Predict, kind);
    benchmark::RegisterBenchmark(("PredictThreads/" + in).c_str(), BM_Predict, kind)
        ->Threads(1)
        ->Threads(2)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("BoostLocaleWords/" + in).c_str(), BM_BoostLocaleWords, kind);
    benchmark::RegisterBenchmark(("BoostVsIcu/" + in).c_str(), BM_BoostVsIcu, kind);
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  // Build inputs, prepared stage inputs and the model before any timing.
  for (int k = 0; k < meetintent_bench::kNumInputKinds; ++k) {
    const auto kind = static_cast<InputKind>(k);
    const Prepared& p = GetPrepared(kind);
    std::fprintf(stderr, "input %s; normalized %zu bytes, %zu of %zu take the ASCII path\n",
                 meetintent_bench::DescribeInputs(*p.set).c_str(), p.normalized_bytes,
                 p.ascii_path, p.normalized.size());
  }
  RegisterAll();
  benchmark::AddCustomContext("model_weight_bytes", std::to_string(DefaultModel().weight_bytes()));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
