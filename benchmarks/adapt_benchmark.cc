// Per-user adaptation (adapt.h): the cost of one correction, Predict through
// an overlay against plain Predict, and the overlay's size per 1,000
// corrections. The corrections are the project's own labelled messages
// (data/default_train.tsv), every third with the other label, in file order.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "bench_inputs.h"
#include "meetintent/adapt.h"
#include "meetintent/dataset.h"
#include "meetintent/model.h"

namespace {

using meetintent_bench::GetInputs;
using meetintent_bench::InputKind;
using meetintent_bench::InputSet;

const meetintent::Model& Base() {
  static const meetintent::Model* model = [] {
    std::unique_ptr<meetintent::Model> m;
    if (!meetintent::Model::LoadDefault(&m).ok()) std::exit(2);
    return m.release();
  }();
  return *model;
}

// Corrections: labelled messages, every third one flipped.
const std::vector<meetintent::Example>& Corrections() {
  static const std::vector<meetintent::Example>* out = [] {
    auto* v = new std::vector<meetintent::Example>;
    const std::string path = meetintent_bench::DataDir() + "/default_train.tsv";
    if (!meetintent::ReadExamples(path, v).ok()) {
      std::fprintf(stderr, "cannot read %s\n", path.c_str());
      std::exit(2);
    }
    for (size_t i = 0; i < v->size(); i += 3) {
      (*v)[i].label = (*v)[i].label == "personal" ? "professional" : "personal";
    }
    return v;
  }();
  return *out;
}

// An adapter that has learned the first n corrections one by one.
std::unique_ptr<meetintent::Adapter> Adapted(size_t n) {
  std::unique_ptr<meetintent::Adapter> a;
  if (!meetintent::Adapter::Create(Base(), {}, &a).ok()) std::exit(2);
  const auto& c = Corrections();
  for (size_t i = 0; i < n && i < c.size(); ++i) {
    if (!a->Update(c[i].text, c[i].label).ok()) std::exit(2);
  }
  return a;
}

// Chat messages (bench_inputs.h) each labelled against the default model's
// decision: every one a real correction.
const std::vector<meetintent::Example>& ChatCorrections() {
  static const std::vector<meetintent::Example>* out = [] {
    auto* v = new std::vector<meetintent::Example>;
    meetintent::Workspace ws;
    meetintent::Prediction p;
    for (const std::string& m : GetInputs(InputKind::kChat).messages) {
      Base().Predict(m, &ws, &p);
      v->push_back({Base().labels()[static_cast<size_t>(1 - p.label)], m});
    }
    return v;
  }();
  return *out;
}

// One correction at a time (featurize, FTRL step, new snapshot), on an
// adapter that has already learned `state.range(0)` corrections (of
// default_train.tsv); the timed corrections are chat messages, or with
// `all`, more of default_train.tsv (e-mails included).
void BM_Update(benchmark::State& state, bool chat) {
  const auto& c = chat ? ChatCorrections() : Corrections();
  const auto start = static_cast<size_t>(state.range(0));
  auto a = Adapted(start);
  size_t i = chat ? 0 : start;
  for (auto _ : state) {
    if (!a->Update(c[i].text, c[i].label).ok()) state.SkipWithError("update failed");
    if (++i == c.size()) i = chat ? 0 : start;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["overlay_entries"] = static_cast<double>(a->entries());
}

void Predicts(benchmark::State& state, InputKind kind, const meetintent::Adapter* a) {
  const InputSet& set = GetInputs(kind);
  meetintent::Workspace ws;
  meetintent::Prediction p;
  const size_t n = set.messages.size();
  size_t i = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    const std::string& m = set.messages[i];
    if (a != nullptr) {
      a->Predict(m, &ws, &p);
    } else {
      Base().Predict(m, &ws, &p);
    }
    benchmark::DoNotOptimize(p.label);
    bytes += static_cast<int64_t>(m.size());
    if (++i == n) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
}

void BM_Predict(benchmark::State& state, InputKind kind) { Predicts(state, kind, nullptr); }

// Through an overlay of 1,000 corrections.
void BM_PredictOverlay(benchmark::State& state, InputKind kind) {
  static const meetintent::Adapter* a = Adapted(1000).release();
  Predicts(state, kind, a);
  state.counters["overlay_entries"] = static_cast<double>(a->entries());
}

void RegisterAll() {
  benchmark::RegisterBenchmark("Update/chat", BM_Update, true)->Arg(0)->Arg(1000)->Arg(5000);
  benchmark::RegisterBenchmark("Update/default_train", BM_Update, false)->Arg(0)->Arg(1000);
  for (InputKind kind : {InputKind::kChat, InputKind::kEmail}) {
    const std::string in = meetintent_bench::InputName(kind);
    benchmark::RegisterBenchmark(("Predict/" + in).c_str(), BM_Predict, kind);
    benchmark::RegisterBenchmark(("PredictOverlay1000/" + in).c_str(), BM_PredictOverlay, kind);
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  // Size per 1,000 corrections, before any timing.
  for (size_t n : {size_t{1000}, size_t{5000}}) {
    auto a = Adapted(n);
    benchmark::AddCustomContext("overlay_after_" + std::to_string(n),
                                std::to_string(a->entries()) + " entries, " +
                                    std::to_string(a->bytes()) + " bytes of deltas, " +
                                    std::to_string(a->Serialize().size()) + " bytes on file");
  }
  RegisterAll();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
