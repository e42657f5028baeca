// fastText side by side with meetintent, in the same run, on the same inputs.
//
// Both models learn from the same data, data/default_train.tsv (the default
// model's training file). fastText is trained in this process through
// libfasttext's C++ API on a temporary "__label__X text" file (\n escapes
// turned into spaces; fastText reads one example per line), with
// model=sup, loss=softmax, wordNgrams=2, lr=0.1, minCount=1 (fastText's
// supervised defaults), dim=50 (MI_FASTTEXT_DIM overrides), epoch=25,
// thread=1, seed=1, bucket=2,000,000 (fastText's default; MI_FASTTEXT_BUCKET
// overrides), and
//   (a) minn=0, maxn=0  (word unigrams + bigrams)
//   (b) minn=3, maxn=5  (plus character 3..5-grams, like meetintent's features)
//
// Prediction is fastText's fastest public path: a reused istringstream,
// Dictionary::getLine into reused vectors, FastText::predict with k=1. Each
// message gets its newlines turned into spaces beforehand (outside the
// timing) and one trailing "\n", as `fasttext predict` reads a line.
// meetintent runs Model::Predict with a reused Workspace (the embedded
// default model).
//
// Benchmarks:
//   Meetintent/<input>             meetintent messages/s
//   FastText_a/<input>, _b         fastText messages/s
//   VsFastText_a/<input>, _b       both interleaved, one pass over the set
//                                  each per iteration, timed by thread CPU
//                                  time; counters mi_msgs_per_s,
//                                  ft_msgs_per_s, ratio = meetintent/fastText
//   Accuracy                       macro-F1 (and accuracy) of meetintent and
//                                  fastText (a), (b) on data/test_written.tsv
#include <benchmark/benchmark.h>
#include <fasttext/fasttext.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "bench_inputs.h"
#include "meetintent/dataset.h"
#include "meetintent/model.h"

namespace {

using Clock = std::chrono::steady_clock;
using meetintent_bench::GetInputs;
using meetintent_bench::InputKind;
using meetintent_bench::InputSet;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "fasttext_benchmark: %s\n", what.c_str());
  std::exit(2);
}

std::vector<meetintent::Example> Read(const std::string& path) {
  std::vector<meetintent::Example> ex;
  const meetintent::Status s = meetintent::ReadExamples(path, &ex);
  if (!s.ok()) Die(s.ToString());
  return ex;
}

// fastText reads one example per line and splits on whitespace only.
std::string OneLine(const std::string& text) {
  std::string s = text;
  for (char& c : s) {
    if (c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f') c = ' ';
  }
  return s;
}

int EnvInt(const char* name, int fallback) {
  const char* env = std::getenv(name);
  return env != nullptr && std::atoi(env) > 0 ? std::atoi(env) : fallback;
}
int FastTextDim() { return EnvInt("MI_FASTTEXT_DIM", 50); }

struct FastTextModel {
  fasttext::FastText ft;
  std::shared_ptr<const fasttext::Dictionary> dict;  // set after training
  double train_seconds = 0;
  // Reused prediction state: the fastest public path.
  mutable std::istringstream in;
  mutable std::vector<int32_t> words, labels;
  mutable fasttext::Predictions preds;

  // Index of the predicted label in fastText's dictionary.
  int32_t Predict(const std::string& line) const {
    in.clear();
    in.str(line);
    dict->getLine(in, words, labels);
    preds.clear();
    ft.predict(1, words, preds);
    return preds.empty() ? -1 : preds.front().second;
  }
};

const std::string& TrainFile() {
  static const std::string* path = [] {
    const std::vector<meetintent::Example> train =
        Read(meetintent_bench::DataDir() + "/default_train.tsv");
    char tmpl[] = "/tmp/meetintent_fasttext_train_XXXXXX";
    const int fd = mkstemp(tmpl);
    if (fd < 0) Die("mkstemp failed");
    close(fd);
    std::ofstream out(tmpl, std::ios::binary);
    for (const meetintent::Example& e : train) {
      out << "__label__" << e.label << ' ' << OneLine(e.text) << '\n';
    }
    if (!out) Die(std::string("cannot write ") + tmpl);
    return new std::string(tmpl);
  }();
  return *path;
}

const FastTextModel& GetFastText(char config) {
  static std::map<char, std::unique_ptr<FastTextModel>> models;
  auto& slot = models[config];
  if (slot) return *slot;
  slot = std::make_unique<FastTextModel>();
  fasttext::Args args;
  args.input = TrainFile();
  args.output = "/dev/null";
  args.model = fasttext::model_name::sup;
  args.loss = fasttext::loss_name::softmax;
  args.lr = 0.1;
  args.minCount = 1;
  args.wordNgrams = 2;
  args.dim = FastTextDim();
  args.bucket = EnvInt("MI_FASTTEXT_BUCKET", args.bucket);
  args.epoch = 25;
  args.thread = 1;
  args.seed = 1;
  args.verbose = 0;
  args.minn = config == 'a' ? 0 : 3;
  args.maxn = config == 'a' ? 0 : 5;
  const auto t0 = Clock::now();
  slot->ft.train(args);
  slot->train_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  slot->dict = slot->ft.getDictionary();
  std::fprintf(stderr, "fastText (%c): dim %d, minn %d, maxn %d, bucket %d, trained in %.2f s\n",
               config, args.dim, args.minn, args.maxn, args.bucket, slot->train_seconds);
  return *slot;
}

// CPU time of the calling thread: the interleaved comparisons use it, so
// time the thread spends descheduled on a loaded machine counts for neither.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

const meetintent::Model& DefaultModel() {
  static const meetintent::Model* model = [] {
    std::unique_ptr<meetintent::Model> m;
    const meetintent::Status s = meetintent::Model::LoadDefault(&m);
    if (!s.ok()) Die(s.ToString());
    return m.release();
  }();
  return *model;
}

// Each message as fastText reads it.
const std::vector<std::string>& FastTextLines(InputKind kind) {
  static std::vector<std::string> lines[meetintent_bench::kNumInputKinds];
  std::vector<std::string>& v = lines[static_cast<int>(kind)];
  if (v.empty()) {
    for (const std::string& m : GetInputs(kind).messages) v.push_back(OneLine(m) + "\n");
  }
  return v;
}

void BM_Meetintent(benchmark::State& state, InputKind kind) {
  const InputSet& set = GetInputs(kind);
  const meetintent::Model& model = DefaultModel();
  meetintent::Workspace ws;
  meetintent::Prediction pred;
  const size_t n = set.messages.size();
  size_t i = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    model.Predict(set.messages[i], &ws, &pred);
    benchmark::DoNotOptimize(pred.label);
    bytes += static_cast<int64_t>(set.messages[i].size());
    if (++i == n) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
}

void BM_FastText(benchmark::State& state, char config, InputKind kind) {
  const FastTextModel& ft = GetFastText(config);
  const std::vector<std::string>& lines = FastTextLines(kind);
  const size_t n = lines.size();
  size_t i = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ft.Predict(lines[i]));
    bytes += static_cast<int64_t>(lines[i].size());
    if (++i == n) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
}

void BM_VsFastText(benchmark::State& state, char config, InputKind kind) {
  const FastTextModel& ft = GetFastText(config);
  const std::vector<std::string>& lines = FastTextLines(kind);
  const InputSet& set = GetInputs(kind);
  const meetintent::Model& model = DefaultModel();
  meetintent::Workspace ws;
  meetintent::Prediction pred;
  double mi_s = 0, ft_s = 0;
  for (auto _ : state) {
    const double t0 = ThreadCpuSeconds();
    for (const std::string& m : set.messages) {
      model.Predict(m, &ws, &pred);
      benchmark::DoNotOptimize(pred.label);
    }
    const double t1 = ThreadCpuSeconds();
    for (const std::string& line : lines) benchmark::DoNotOptimize(ft.Predict(line));
    const double t2 = ThreadCpuSeconds();
    mi_s += t1 - t0;
    ft_s += t2 - t1;
  }
  const double msgs = static_cast<double>(set.messages.size()) * static_cast<double>(state.iterations());
  state.SetItemsProcessed(static_cast<int64_t>(2 * msgs));
  state.counters["mi_msgs_per_s"] = msgs / mi_s;
  state.counters["ft_msgs_per_s"] = msgs / ft_s;
  state.counters["ratio"] = ft_s / mi_s;  // meetintent msg/s over fastText msg/s
}

// Macro-F1 over the labels present in the truth.
struct Scores {
  double macro_f1 = 0, accuracy = 0;
};

Scores Evaluate(const std::vector<std::string>& truth, const std::vector<std::string>& predicted) {
  std::map<std::string, size_t> tp, fp, fn;
  size_t correct = 0;
  for (size_t i = 0; i < truth.size(); ++i) {
    tp[truth[i]];  // every true label counts, even with no hit
    if (truth[i] == predicted[i]) {
      ++tp[truth[i]];
      ++correct;
    } else {
      ++fn[truth[i]];
      ++fp[predicted[i]];
    }
  }
  Scores s;
  for (const auto& [label, t] : tp) {
    const double p = t + fp[label] ? static_cast<double>(t) / static_cast<double>(t + fp[label]) : 0;
    const double r = t + fn[label] ? static_cast<double>(t) / static_cast<double>(t + fn[label]) : 0;
    s.macro_f1 += p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
  s.macro_f1 /= static_cast<double>(tp.size());
  s.accuracy = static_cast<double>(correct) / static_cast<double>(truth.size());
  return s;
}

void BM_Accuracy(benchmark::State& state) {
  const std::vector<meetintent::Example> test = Read(meetintent_bench::DataDir() + "/test_written.tsv");
  std::vector<std::string> truth;
  for (const auto& e : test) truth.push_back(e.label);
  Scores mi, fa, fb;
  for (auto _ : state) {
    const meetintent::Model& model = DefaultModel();
    meetintent::Workspace ws;
    meetintent::Prediction pred;
    std::vector<std::string> p_mi, p_fa, p_fb;
    const FastTextModel& a = GetFastText('a');
    const FastTextModel& b = GetFastText('b');
    auto label_of = [](const FastTextModel& m, int32_t id) {
      const std::string l = id < 0 ? std::string() : m.dict->getLabel(id);
      return l.rfind("__label__", 0) == 0 ? l.substr(9) : l;
    };
    for (const auto& e : test) {
      model.Predict(e.text, &ws, &pred);
      p_mi.push_back(model.labels()[static_cast<size_t>(pred.label)]);
      const std::string line = OneLine(e.text) + "\n";
      p_fa.push_back(label_of(a, a.Predict(line)));
      p_fb.push_back(label_of(b, b.Predict(line)));
    }
    mi = Evaluate(truth, p_mi);
    fa = Evaluate(truth, p_fa);
    fb = Evaluate(truth, p_fb);
  }
  state.counters["test_examples"] = static_cast<double>(test.size());
  state.counters["macro_f1_meetintent"] = mi.macro_f1;
  state.counters["macro_f1_fasttext_a"] = fa.macro_f1;
  state.counters["macro_f1_fasttext_b"] = fb.macro_f1;
  state.counters["accuracy_meetintent"] = mi.accuracy;
  state.counters["accuracy_fasttext_a"] = fa.accuracy;
  state.counters["accuracy_fasttext_b"] = fb.accuracy;
  state.counters["fasttext_a_train_s"] = GetFastText('a').train_seconds;
  state.counters["fasttext_b_train_s"] = GetFastText('b').train_seconds;
  std::fprintf(stderr,
               "macro-F1 on test_written.tsv (%zu examples): meetintent %.4f, fastText (a) %.4f, "
               "fastText (b) %.4f\n",
               test.size(), mi.macro_f1, fa.macro_f1, fb.macro_f1);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  // Train both fastText models and build the inputs before any timing.
  for (int k = 0; k < meetintent_bench::kNumInputKinds; ++k) {
    const auto kind = static_cast<InputKind>(k);
    std::fprintf(stderr, "input %s\n", meetintent_bench::DescribeInputs(GetInputs(kind)).c_str());
    FastTextLines(kind);
  }
  DefaultModel();
  GetFastText('a');
  GetFastText('b');
  benchmark::AddCustomContext("fasttext_dim", std::to_string(FastTextDim()));
  benchmark::AddCustomContext("fasttext_bucket",
                              std::to_string(GetFastText('a').ft.getArgs().bucket));

  benchmark::RegisterBenchmark("Accuracy", BM_Accuracy)->Iterations(1);
  for (int k = 0; k < meetintent_bench::kNumInputKinds; ++k) {
    const auto kind = static_cast<InputKind>(k);
    const std::string in = meetintent_bench::InputName(kind);
    benchmark::RegisterBenchmark(("Meetintent/" + in).c_str(), BM_Meetintent, kind);
    for (char c : {'a', 'b'}) {
      const std::string cfg(1, c);
      benchmark::RegisterBenchmark(("FastText_" + cfg + "/" + in).c_str(), BM_FastText, c, kind);
      benchmark::RegisterBenchmark(("VsFastText_" + cfg + "/" + in).c_str(), BM_VsFastText, c,
                                   kind);
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::remove(TrainFile().c_str());
  return 0;
}
