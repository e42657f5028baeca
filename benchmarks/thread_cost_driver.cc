// Measures what thread analysis costs over classifying the same messages one
// by one. Run under callgrind (instruction counts do not drift with machine
// noise): benchmarks/thread_cost.sh does both modes and prints the ratio.
//
// Usage: thread_cost_driver classify|thread THREADS_JSONL [ROUNDS]
// Builds 20-message threads from the corpus threads (concatenating them in
// order) and runs ROUNDS rounds of either Model::Predict on each message or
// AnalyzeThread on each 20-message thread.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "../src/json.h"
#include "meetintent/model.h"
#include "meetintent/thread.h"

namespace mi = meetintent;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s classify|thread THREADS_JSONL [ROUNDS]\n", argv[0]);
    return 2;
  }
  const std::string mode = argv[1];
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 3;
  std::ifstream in(argv[2]);
  std::vector<mi::ThreadMessage> all;
  std::string line;
  while (std::getline(in, line)) {
    mi::json::Value v;
    std::string error;
    if (!mi::json::Parse(line, &v, &error)) continue;
    for (const mi::json::Value& m : v.Find("messages")->array) {
      all.push_back({m.Find("sender")->string, -1, m.Find("text")->string});
    }
  }
  std::vector<std::vector<mi::ThreadMessage>> threads;
  for (size_t i = 0; i + 20 <= all.size(); i += 20) {
    threads.emplace_back(all.begin() + static_cast<long>(i), all.begin() + static_cast<long>(i + 20));
  }
  std::unique_ptr<mi::Model> model;
  if (!mi::Model::LoadDefault(&model).ok()) return 1;
  mi::Workspace ws;
  mi::Prediction p;
  mi::ThreadAnalysis a;
  double sink = 0;
  for (int r = 0; r < rounds; ++r) {
    for (const auto& t : threads) {
      if (mode == "thread") {
        mi::AnalyzeThread(*model, t, mi::ThreadOptions(), &ws, &a);
        sink += a.personal_probability;
      } else {
        for (const mi::ThreadMessage& m : t) {
          model->Predict(m.text, &ws, &p);
          sink += p.probabilities[0];
        }
      }
    }
  }
  std::printf("%s: %zu threads of 20 messages x %d rounds (%.3f)\n", mode.c_str(), threads.size(),
              rounds, sink);
  return 0;
}
