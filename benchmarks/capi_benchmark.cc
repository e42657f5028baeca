// The C API (meetintent.h) through the shared library, with the embedded
// default model:
//
//   CApiBatch/<input>/<batch>   mi_classify_batch on `batch` messages per call,
//                               labels and probabilities requested
//   CApiClassify/<input>        mi_classify on one model shared by 1 and 2
//                               threads (the library keeps a Workspace per
//                               thread); items_per_second is the total
//
// items_per_second is messages per second; bytes_per_second counts the raw
// message bytes.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench_inputs.h"
#include "meetintent/meetintent.h"

namespace {

using meetintent_bench::GetInputs;
using meetintent_bench::InputKind;
using meetintent_bench::InputSet;

mi_model* g_model = nullptr;

void Check(mi_status s, const char* what) {
  if (s != MI_OK) {
    std::fprintf(stderr, "%s: %s: %s\n", what, mi_status_name(s), mi_last_error_message());
    std::exit(2);
  }
}

void BM_CApiBatch(benchmark::State& state, InputKind kind) {
  const InputSet& set = GetInputs(kind);
  const size_t batch = static_cast<size_t>(state.range(0));
  const size_t n = set.messages.size();
  std::vector<const char*> texts(n);
  std::vector<size_t> lengths(n);
  for (size_t i = 0; i < n; ++i) {
    texts[i] = set.messages[i].data();
    lengths[i] = set.messages[i].size();
  }
  size_t num_labels = 0;
  Check(mi_model_num_labels(g_model, &num_labels), "mi_model_num_labels");
  std::vector<int32_t> labels(batch);
  std::vector<float> probs(batch * num_labels);
  size_t start = 0;
  int64_t items = 0, bytes = 0;
  for (auto _ : state) {
    const size_t count = std::min(batch, n - start);
    const mi_status s = mi_classify_batch(g_model, texts.data() + start, lengths.data() + start,
                                          count, labels.data(), probs.data(), probs.size());
    benchmark::DoNotOptimize(s);
    benchmark::DoNotOptimize(labels.data());
    items += static_cast<int64_t>(count);
    for (size_t i = start; i < start + count; ++i) bytes += static_cast<int64_t>(lengths[i]);
    start += count;
    if (start == n) start = 0;
  }
  state.SetItemsProcessed(items);
  state.SetBytesProcessed(bytes);
}

void BM_CApiClassify(benchmark::State& state, InputKind kind) {
  const InputSet& set = GetInputs(kind);
  const size_t n = set.messages.size();
  size_t i = (static_cast<size_t>(state.thread_index()) * n) / 2 % n;
  int32_t label = -1;
  float probs[2];
  int64_t bytes = 0;
  for (auto _ : state) {
    const std::string& m = set.messages[i];
    const mi_status s = mi_classify(g_model, m.data(), m.size(), &label, probs, 2);
    benchmark::DoNotOptimize(s);
    benchmark::DoNotOptimize(label);
    bytes += static_cast<int64_t>(m.size());
    if (++i == n) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  Check(MI_ABI_CHECK(), "mi_abi_check");
  Check(mi_model_load_default(&g_model), "mi_model_load_default");
  size_t num_labels = 0;
  Check(mi_model_num_labels(g_model, &num_labels), "mi_model_num_labels");
  if (num_labels != 2) {
    std::fprintf(stderr, "expected a two-label default model, got %zu labels\n", num_labels);
    return 2;
  }
  for (int k = 0; k < meetintent_bench::kNumInputKinds; ++k) {
    const auto kind = static_cast<InputKind>(k);
    std::fprintf(stderr, "input %s\n", meetintent_bench::DescribeInputs(GetInputs(kind)).c_str());
  }
  benchmark::AddCustomContext("meetintent_version", mi_version_string());
  for (int k = 0; k < meetintent_bench::kNumInputKinds; ++k) {
    const auto kind = static_cast<InputKind>(k);
    const std::string in = meetintent_bench::InputName(kind);
    benchmark::RegisterBenchmark(("CApiBatch/" + in).c_str(), BM_CApiBatch, kind)
        ->Arg(1)
        ->Arg(256);
    benchmark::RegisterBenchmark(("CApiClassify/" + in).c_str(), BM_CApiClassify, kind)
        ->Threads(1)
        ->Threads(2)
        ->UseRealTime();
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  mi_model_free(g_model);
  return 0;
}
