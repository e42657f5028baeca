// Training speed: meetintent::Train on 100,000 messages for 10 epochs.
//
// The messages cycle through data/default_train.tsv (7,650 examples); every
// copy after the first is perturbed (one word dropped, one word repeated, at
// seeded random places) so the replicas are not byte-identical. Options are
// the defaults (hash_bits 20, word bigrams, char 3..5-grams, AdaGrad, the
// default 2 feature-extraction threads unless MI_TRAIN_THREADS is set) with
// validation_fraction = 0, so all 10 epochs run.
//
//   Train/100000x10     wall seconds of Train(); counters seconds,
//                       cpu_seconds (all threads), epochs_run, examples,
//                       msgs_per_s (examples x epochs / s)
//   Featurize/100000    Model::Featurize of the same 100,000 messages on one
//                       thread (the part of Train() that is not SGD)
#include <benchmark/benchmark.h>

#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "bench_inputs.h"
#include "meetintent/dataset.h"
#include "meetintent/model.h"
#include "meetintent/model_builder.h"
#include "meetintent/train.h"

namespace {

constexpr size_t kExamples = 100000;
constexpr int kEpochs = 10;

double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

std::string Perturb(const std::string& text, std::mt19937_64* rng) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start <= text.size()) {
    size_t sp = text.find(' ', start);
    if (sp == std::string::npos) sp = text.size();
    words.push_back(text.substr(start, sp - start));
    start = sp + 1;
  }
  if (words.size() >= 3) {
    words.erase(words.begin() + static_cast<long>((*rng)() % words.size()));
    const size_t dup = (*rng)() % words.size();
    words.insert(words.begin() + static_cast<long>(dup), words[dup]);
  }
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += ' ';
    out += words[i];
  }
  return out;
}

const std::vector<meetintent::Example>& Examples() {
  static const std::vector<meetintent::Example>* examples = [] {
    std::vector<meetintent::Example> base;
    const meetintent::Status s =
        meetintent::ReadExamples(meetintent_bench::DataDir() + "/default_train.tsv", &base);
    if (!s.ok() || base.empty()) {
      std::fprintf(stderr, "reading default_train.tsv: %s\n", s.ToString().c_str());
      std::exit(2);
    }
    auto* out = new std::vector<meetintent::Example>;
    out->reserve(kExamples);
    std::mt19937_64 rng(2024);
    size_t bytes = 0;
    for (size_t i = 0; i < kExamples; ++i) {
      const meetintent::Example& e = base[i % base.size()];
      out->push_back(i < base.size() ? e : meetintent::Example{e.label, Perturb(e.text, &rng)});
      bytes += out->back().text.size();
    }
    std::fprintf(stderr, "training set: %zu messages (%zu distinct bases), %zu bytes\n",
                 out->size(), base.size(), bytes);
    return out;
  }();
  return *examples;
}

int TrainThreads() {
  const char* env = std::getenv("MI_TRAIN_THREADS");
  return env != nullptr && std::atoi(env) > 0 ? std::atoi(env) : meetintent::TrainOptions().threads;
}

void BM_Train(benchmark::State& state) {
  const std::vector<meetintent::Example>& examples = Examples();
  meetintent::TrainOptions options;
  options.epochs = kEpochs;
  options.validation_fraction = 0;
  options.threads = TrainThreads();
  meetintent::TrainReport report;
  double wall = 0, cpu = 0;
  for (auto _ : state) {
    std::unique_ptr<meetintent::Model> model;
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = ProcessCpuSeconds();
    const meetintent::Status s = meetintent::Train(options, examples, &model, &report);
    wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    cpu = ProcessCpuSeconds() - c0;
    if (!s.ok()) {
      state.SkipWithError(s.ToString().c_str());
      return;
    }
    state.SetIterationTime(wall);
  }
  state.counters["seconds"] = wall;
  state.counters["cpu_seconds"] = cpu;  // all threads
  state.counters["train_report_seconds"] = report.seconds;
  state.counters["epochs_run"] = report.epochs_run;
  state.counters["examples"] = static_cast<double>(report.train_examples);
  state.counters["threads"] = options.threads;
  state.counters["msgs_per_s"] =
      static_cast<double>(report.train_examples) * report.epochs_run / wall;
}

void BM_Featurize(benchmark::State& state) {
  const std::vector<meetintent::Example>& examples = Examples();
  std::unique_ptr<meetintent::Model> model;
  meetintent::TrainOptions defaults;
  std::unique_ptr<meetintent::ModelBuilder> builder;
  meetintent::ModelBuilder::Create({"personal", "professional"}, defaults.normalize,
                                   defaults.features, &builder);
  builder->Build(/*quantize=*/false, &model);
  meetintent::Workspace ws;
  std::vector<meetintent::Feature> features;
  size_t total = 0;
  for (auto _ : state) {
    for (const meetintent::Example& e : examples) {
      model->Featurize(e.text, &ws, &features);
      total += features.size();
    }
  }
  benchmark::DoNotOptimize(total);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(examples.size()));
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  Examples();
  benchmark::RegisterBenchmark("Train/100000x10", BM_Train)
      ->Iterations(1)
      ->UseManualTime()
      ->Unit(benchmark::kSecond);
  benchmark::RegisterBenchmark("Featurize/100000", BM_Featurize)
      ->Iterations(1)
      ->Unit(benchmark::kSecond);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
