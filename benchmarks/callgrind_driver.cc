// A small driver for callgrind (benchmarks/callgrind.sh) and for peak-RSS
// probes (alloc_benchmark's PeakRss).
//
//   callgrind_driver KIND N       KIND: chat, email, nonlatin or all. Loads the
//                                 default model and the input set, warms up
//                                 (one Predict per message of the set), then
//                                 classifies N messages cycling through the
//                                 set in mi_bench_classify_loop(). A run with
//                                 N = 0 does all the same work but the loop,
//                                 so (Ir(N) - Ir(0)) / N is the instructions
//                                 per message.
//   callgrind_driver KIND --count prints the number of messages in the set
//                                 (--count-bytes: their total bytes).
//   callgrind_driver --rss-probe [--no-model] [--touch-all-weights]
//                                 no corpus: loads the model (unless
//                                 --no-model) and classifies a few built-in
//                                 messages in every script, optionally
//                                 touching every page of the weights; then
//                                 prints ru_maxrss.
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "bench_inputs.h"
#include "meetintent/model.h"

namespace {

std::unique_ptr<meetintent::Model> LoadModel() {
  std::unique_ptr<meetintent::Model> m;
  const meetintent::Status s = meetintent::Model::LoadDefault(&m);
  if (!s.ok()) {
    std::fprintf(stderr, "LoadDefault: %s\n", s.ToString().c_str());
    std::exit(2);
  }
  return m;
}

}  // namespace

// The measured loop, by a plain name for callgrind's --toggle-collect.
extern "C" __attribute__((noinline)) long mi_bench_classify_loop(
    const meetintent::Model* model, const std::vector<std::string>* messages, long n,
    meetintent::Workspace* ws, meetintent::Prediction* pred) {
  long sum = 0;
  size_t i = 0;
  for (long k = 0; k < n; ++k) {
    model->Predict((*messages)[i], ws, pred);
    sum += pred->label;
    if (++i == messages->size()) i = 0;
  }
  return sum;
}

namespace {

const char* const kProbeMessages[] = {
    "Coffee next week to talk about the role?",
    "Dinner just the two of us tonight? I'll book the place near the station at 7:30",
    "Hi Anna,\nthanks for the call. Could we move the review to Thursday 3pm?\n"
    "Best,\nTom\n-- \nTom Baker\nSenior Engineer\n+1 415 555 0142\n"
    "-----Original Message-----\nFrom: Anna <anna@example.com>\nSent: Monday\n\nHi Tom, ...",
    u8"Café demain à 10h pour préparer l'entretien ? Ça me ferait plaisir 🙂",
    u8"明天下午三点开会讨论季度预算，请准备好材料。",
    u8"来週の金曜日、ランチでもどうですか？久しぶりに話したいです😊",
    u8"สวัสดีครับ พรุ่งนี้ว่างไหม ไปกินข้าวเย็นกันนะ 🍜",
    u8"Привет! Созвонимся завтра в 15:00? 👩‍💻 🇯🇵 👍🏽",
};

// Peak resident memory of this process. VmHWM is the high-water mark of this
// process image only; ru_maxrss also keeps the peak of the image before
// exec() (with posix_spawn/vfork that is the parent's), so it can only be
// trusted when the parent was smaller.
void PrintPeakRss() {
  long hwm = -1;
  if (FILE* f = std::fopen("/proc/self/status", "r")) {
    char line[256];
    while (std::fgets(line, sizeof(line), f) != nullptr) {
      if (std::strncmp(line, "VmHWM:", 6) == 0) hwm = std::atol(line + 6);
    }
    std::fclose(f);
  }
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("peak_rss_kib %ld ru_maxrss_kib %ld\n", hwm, ru.ru_maxrss);
}

int RssProbe(bool load_model, bool touch_all) {
  long sum = 0;
  if (load_model) {
    std::unique_ptr<meetintent::Model> model = LoadModel();
    meetintent::Workspace ws;
    meetintent::Prediction pred;
    for (int pass = 0; pass < 2; ++pass) {
      for (const char* m : kProbeMessages) {
        model->Predict(m, &ws, &pred);
        sum += pred.label;
      }
    }
    if (touch_all) {
      // One feature per 4 KiB page of weights: Score reads every page.
      const size_t per_page = 4096 / (sizeof(float) * static_cast<size_t>(model->columns()));
      std::vector<meetintent::Feature> features;
      for (size_t row = 0; row < model->rows(); row += per_page) {
        features.push_back({static_cast<uint32_t>(row), 1.0f});
      }
      std::vector<float> scores(static_cast<size_t>(model->columns()));
      model->Score(features, scores.data());
      sum += scores[0] > 0 ? 1 : 0;
    }
  }
  PrintPeakRss();
  std::printf("checksum %ld\n", sum);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "--rss-probe") == 0) {
    bool load_model = true, touch_all = false;
    for (int i = 2; i < argc; ++i) {
      if (std::strcmp(argv[i], "--no-model") == 0) load_model = false;
      if (std::strcmp(argv[i], "--touch-all-weights") == 0) touch_all = true;
    }
    return RssProbe(load_model, touch_all);
  }
  if (argc != 3) {
    std::fprintf(stderr,
                 "usage: %s chat|email|nonlatin|all N | KIND --count[-bytes] | --rss-probe [--no-model] "
                 "[--touch-all-weights]\n",
                 argv[0]);
    return 2;
  }
  std::vector<std::string> messages;
  const std::string kind_name = argv[1];
  if (kind_name == "all") {
    for (int k = 0; k < meetintent_bench::kNumInputKinds; ++k) {
      const auto& set = meetintent_bench::GetInputs(static_cast<meetintent_bench::InputKind>(k));
      messages.insert(messages.end(), set.messages.begin(), set.messages.end());
    }
  } else {
    meetintent_bench::InputKind kind;
    if (!meetintent_bench::ParseInputKind(kind_name, &kind)) {
      std::fprintf(stderr, "unknown input kind %s\n", argv[1]);
      return 2;
    }
    messages = meetintent_bench::GetInputs(kind).messages;
  }
  if (std::strcmp(argv[2], "--count") == 0) {
    std::printf("%zu\n", messages.size());
    return 0;
  }
  if (std::strcmp(argv[2], "--count-bytes") == 0) {
    size_t bytes = 0;
    for (const std::string& m : messages) bytes += m.size();
    std::printf("%zu\n", bytes);
    return 0;
  }
  const long n = std::atol(argv[2]);
  std::unique_ptr<meetintent::Model> model = LoadModel();
  meetintent::Workspace ws;
  meetintent::Prediction pred;
  long sum = 0;
  for (const std::string& m : messages) {  // warm-up: ICU data, buffers
    model->Predict(m, &ws, &pred);
    sum += pred.label;
  }
  sum += mi_bench_classify_loop(model.get(), &messages, n, &ws, &pred);
  std::printf("classified %ld messages, checksum %ld\n", n, sum);
  PrintPeakRss();
  return 0;
}
