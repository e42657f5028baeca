// Steady-state heap allocations per classify call, and peak resident memory.
//
// This binary replaces the global operator new/delete (every form) and the C
// allocator entry points (malloc, calloc, realloc, posix_memalign,
// aligned_alloc, memalign; ICU allocates through malloc) with versions that
// count into atomics and forward to glibc's __libc_* functions.
//
//   Allocs/Predict/<input>      Model::Predict, reused Workspace and Prediction
//   Allocs/CApiClassify/<input> mi_classify (the library's per-thread Workspace)
//   Allocs/Explain/<input>      Model::Explain, k = 5 (allocates by design: it
//                               returns strings; shown for comparison)
//     After two warm-up passes over the input set, calls are counted over
//     three more passes. Counters: allocs_per_call (operator new),
//     mallocs_per_call (C allocator calls made directly, e.g. by ICU),
//     alloc_bytes_per_call, calls_with_allocs (calls that allocated at all).
//     The timed loop afterwards is the same call.
//
//   PeakRss  peak resident set of the lean callgrind_driver in fresh
//     processes (VmHWM, see PrintPeakRss in callgrind_driver.cc for why not
//     ru_maxrss of a spawned child): `--rss-probe` loads the default model and classifies a
//     handful of messages in every script (chat, e-mail, CJK, Thai, emoji);
//     `--rss-probe --touch-all-weights` also faults in every page of the
//     weights (the worst case of a long-running process); `--rss-probe
//     --no-model` is the same process without the model, for the baseline.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "bench_inputs.h"
#include "meetintent/meetintent.h"
#include "meetintent/model.h"

extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void __libc_free(void*);
void* __libc_memalign(size_t, size_t);
}

namespace {

std::atomic<uint64_t> g_new_calls{0};
std::atomic<uint64_t> g_malloc_calls{0};
std::atomic<uint64_t> g_alloc_bytes{0};

void* CountedNew(size_t size) {
  g_new_calls.fetch_add(1, std::memory_order_relaxed);
  g_alloc_bytes.fetch_add(size, std::memory_order_relaxed);
  void* p = __libc_malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void* CountedNewAligned(size_t size, std::align_val_t align) {
  g_new_calls.fetch_add(1, std::memory_order_relaxed);
  g_alloc_bytes.fetch_add(size, std::memory_order_relaxed);
  void* p = __libc_memalign(static_cast<size_t>(align), size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void CountMalloc(size_t size) {
  g_malloc_calls.fetch_add(1, std::memory_order_relaxed);
  g_alloc_bytes.fetch_add(size, std::memory_order_relaxed);
}

}  // namespace

// --- The C allocator ---
extern "C" {
void* malloc(size_t size) {
  CountMalloc(size);
  return __libc_malloc(size);
}
void* calloc(size_t n, size_t size) {
  CountMalloc(n * size);
  return __libc_calloc(n, size);
}
void* realloc(void* p, size_t size) {
  CountMalloc(size);
  return __libc_realloc(p, size);
}
void free(void* p) { __libc_free(p); }
int posix_memalign(void** out, size_t align, size_t size) {
  CountMalloc(size);
  void* p = __libc_memalign(align, size);
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}
void* aligned_alloc(size_t align, size_t size) {
  CountMalloc(size);
  return __libc_memalign(align, size);
}
void* memalign(size_t align, size_t size) {
  CountMalloc(size);
  return __libc_memalign(align, size);
}
}  // extern "C"

// --- operator new/delete ---
void* operator new(size_t size) { return CountedNew(size); }
void* operator new[](size_t size) { return CountedNew(size); }
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  try {
    return CountedNew(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
  try {
    return CountedNew(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new(size_t size, std::align_val_t a) { return CountedNewAligned(size, a); }
void* operator new[](size_t size, std::align_val_t a) { return CountedNewAligned(size, a); }
void* operator new(size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
  try {
    return CountedNewAligned(size, a);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
  try {
    return CountedNewAligned(size, a);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p) noexcept { __libc_free(p); }
void operator delete[](void* p) noexcept { __libc_free(p); }
void operator delete(void* p, size_t) noexcept { __libc_free(p); }
void operator delete[](void* p, size_t) noexcept { __libc_free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { __libc_free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { __libc_free(p); }
void operator delete(void* p, std::align_val_t) noexcept { __libc_free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { __libc_free(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { __libc_free(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { __libc_free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { __libc_free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  __libc_free(p);
}

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

mi_model* CModel() {
  static mi_model* model = [] {
    mi_model* m = nullptr;
    if (mi_model_load_default(&m) != MI_OK) {
      std::fprintf(stderr, "mi_model_load_default: %s\n", mi_last_error_message());
      std::exit(2);
    }
    return m;
  }();
  return model;
}

struct Counts {
  uint64_t news, mallocs, bytes;
};
Counts Snapshot() {
  return {g_new_calls.load(), g_malloc_calls.load(), g_alloc_bytes.load()};
}

struct AllocStats {
  double calls = 0, news = 0, mallocs = 0, bytes = 0, calls_with_allocs = 0, max_in_call = 0;
};

// Warm up, count, then time `call(message)`. Google Benchmark calls a
// benchmark function several times while it settles the iteration count; the
// counting runs only on the first call for each `key`.
template <typename Call>
void CountAndTime(benchmark::State& state, const std::string& key, InputKind kind, Call call) {
  static std::map<std::string, AllocStats> cache;
  const InputSet& set = GetInputs(kind);
  auto it = cache.find(key);
  if (it == cache.end()) {
    for (int pass = 0; pass < 2; ++pass) {
      for (const std::string& m : set.messages) call(m);
    }
    const int kPasses = 3;
    uint64_t calls = 0, calls_with_allocs = 0, max_in_call = 0;
    const Counts before = Snapshot();
    for (int pass = 0; pass < kPasses; ++pass) {
      for (const std::string& m : set.messages) {
        const Counts b = Snapshot();
        call(m);
        const Counts a = Snapshot();
        const uint64_t k = (a.news - b.news) + (a.mallocs - b.mallocs);
        calls_with_allocs += k > 0 ? 1 : 0;
        max_in_call = k > max_in_call ? k : max_in_call;
        ++calls;
      }
    }
    const Counts after = Snapshot();
    AllocStats st;
    st.calls = static_cast<double>(calls);
    st.news = static_cast<double>(after.news - before.news) / st.calls;
    st.mallocs = static_cast<double>(after.mallocs - before.mallocs) / st.calls;
    st.bytes = static_cast<double>(after.bytes - before.bytes) / st.calls;
    st.calls_with_allocs = static_cast<double>(calls_with_allocs);
    st.max_in_call = static_cast<double>(max_in_call);
    it = cache.emplace(key, st).first;
  }
  const size_t n = set.messages.size();
  size_t i = 0;
  for (auto _ : state) {
    call(set.messages[i]);
    if (++i == n) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  const AllocStats& st = it->second;
  state.counters["calls_counted"] = st.calls;
  state.counters["allocs_per_call"] = st.news;
  state.counters["mallocs_per_call"] = st.mallocs;
  state.counters["alloc_bytes_per_call"] = st.bytes;
  state.counters["calls_with_allocs"] = st.calls_with_allocs;
  state.counters["max_allocs_in_a_call"] = st.max_in_call;
}

void BM_AllocsPredict(benchmark::State& state, InputKind kind) {
  const meetintent::Model& model = DefaultModel();
  meetintent::Workspace ws;
  meetintent::Prediction pred;
  CountAndTime(state, std::string("Predict/") + meetintent_bench::InputName(kind), kind,
               [&](const std::string& m) {
    model.Predict(m, &ws, &pred);
    benchmark::DoNotOptimize(pred.label);
  });
}

void BM_AllocsCApi(benchmark::State& state, InputKind kind) {
  mi_model* model = CModel();
  int32_t label = -1;
  float probs[2];
  CountAndTime(state, std::string("CApi/") + meetintent_bench::InputName(kind), kind,
               [&](const std::string& m) {
    benchmark::DoNotOptimize(mi_classify(model, m.data(), m.size(), &label, probs, 2));
  });
}

void BM_AllocsExplain(benchmark::State& state, InputKind kind) {
  const meetintent::Model& model = DefaultModel();
  meetintent::Workspace ws;
  meetintent::Explanation e;
  CountAndTime(state, std::string("Explain/") + meetintent_bench::InputName(kind), kind,
               [&](const std::string& m) {
    model.Explain(m, 5, &ws, &e);
    benchmark::DoNotOptimize(e.label);
  });
}

// Runs the driver with `args`; returns the peak RSS (VmHWM) it reports, in
// MiB, or -1.
double ChildPeakRssMiB(const std::string& args) {
  const std::string cmd = std::string("'") + MEETINTENT_BENCH_DRIVER + "' " + args;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return -1;
  long kib = -1;
  char line[256];
  while (std::fgets(line, sizeof(line), p) != nullptr) {
    if (std::strncmp(line, "peak_rss_kib ", 13) == 0) kib = std::atol(line + 13);
  }
  if (pclose(p) != 0 || kib < 0) {
    std::fprintf(stderr, "%s failed\n", cmd.c_str());
    return -1;
  }
  return static_cast<double>(kib) / 1024.0;
}

void BM_PeakRss(benchmark::State& state) {
  double model = 0, touched = 0, baseline = 0, all_inputs = 0;
  for (auto _ : state) {
    model = ChildPeakRssMiB("--rss-probe");
    touched = ChildPeakRssMiB("--rss-probe --touch-all-weights");
    baseline = ChildPeakRssMiB("--rss-probe --no-model");
    all_inputs = ChildPeakRssMiB("all 1");
  }
  struct rusage self {};
  getrusage(RUSAGE_SELF, &self);
  state.counters["peak_rss_mib"] = model;
  state.counters["peak_rss_mib_all_weights_touched"] = touched;
  state.counters["peak_rss_mib_without_model"] = baseline;
  state.counters["model_rss_mib"] = model - baseline;
  state.counters["peak_rss_mib_driver_all_inputs"] = all_inputs;
  state.counters["model_weight_mib"] =
      static_cast<double>(DefaultModel().weight_bytes()) / (1024.0 * 1024.0);
  state.counters["this_process_peak_rss_mib"] = static_cast<double>(self.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  for (int k = 0; k < meetintent_bench::kNumInputKinds; ++k) {
    const auto kind = static_cast<InputKind>(k);
    std::fprintf(stderr, "input %s\n", meetintent_bench::DescribeInputs(GetInputs(kind)).c_str());
  }
  DefaultModel();
  CModel();
  for (int k = 0; k < meetintent_bench::kNumInputKinds; ++k) {
    const auto kind = static_cast<InputKind>(k);
    const std::string in = meetintent_bench::InputName(kind);
    benchmark::RegisterBenchmark(("Allocs/Predict/" + in).c_str(), BM_AllocsPredict, kind);
    benchmark::RegisterBenchmark(("Allocs/CApiClassify/" + in).c_str(), BM_AllocsCApi, kind);
    benchmark::RegisterBenchmark(("Allocs/Explain/" + in).c_str(), BM_AllocsExplain, kind);
  }
  benchmark::RegisterBenchmark("PeakRss", BM_PeakRss)->Iterations(1)->Unit(benchmark::kMillisecond);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
