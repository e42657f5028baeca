// Classifies messages with the C++ API (meetintent/model.h) and shows the
// words behind each decision.
//
// Build against an installed library (CMake):
//   find_package(meetintent 1 CONFIG REQUIRED)
//   add_executable(classify classify.cpp)
//   target_link_libraries(classify PRIVATE meetintent::meetintent)
// Run:  classify [--model PATH] [-k N] [MESSAGE...]   (no MESSAGE: one per line on stdin)
// Prints "label probability<TAB>message", then the top-k features for and
// against the label with their byte spans.
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "meetintent/model.h"
#include "meetintent/status.h"

namespace {

void PrintContributions(const char* title, const std::vector<meetintent::Contribution>& cs,
                        const std::string& message) {
  for (const meetintent::Contribution& c : cs) {
    std::cout << "  " << title << " " << (c.weight >= 0 ? "+" : "") << c.weight << "  "
              << c.feature << "  [" << c.span.begin << "," << c.span.end << ") \""
              << message.substr(c.span.begin, c.span.end - c.span.begin) << "\"\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string model_path;
  size_t k = 3;
  std::vector<std::string> messages;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--model" && i + 1 < argc) {
      model_path = argv[++i];
    } else if (arg == "-k" && i + 1 < argc) {
      k = static_cast<size_t>(std::strtoul(argv[++i], nullptr, 10));
    } else if (arg == "--help" || arg == "-h") {
      std::cout << "usage: classify [--model PATH] [-k N] [MESSAGE...]\n";
      return 0;
    } else {
      messages.push_back(arg);
    }
  }
  if (messages.empty()) {
    for (std::string line; std::getline(std::cin, line);) messages.push_back(line);
  }

  // Load once; a Model is immutable and may be shared by any number of threads.
  std::unique_ptr<meetintent::Model> model;
  meetintent::Status status = model_path.empty()
                                  ? meetintent::Model::LoadDefault(&model)
                                  : meetintent::Model::LoadFile(model_path, &model);
  if (!status.ok()) {
    std::cerr << "classify: " << status.ToString() << "\n";
    return 1;
  }

  // One Workspace per thread, reused: warm calls do not allocate.
  meetintent::Workspace workspace;
  meetintent::Prediction prediction;
  meetintent::Explanation explanation;
  for (const std::string& message : messages) {
    model->Predict(message, &workspace, &prediction);
    std::cout << model->labels()[prediction.label] << " "
              << prediction.probabilities[prediction.label] << "\t" << message << "\n";
    if (k > 0) {
      model->Explain(message, k, &workspace, &explanation);
      PrintContributions("for    ", explanation.supporting, message);
      PrintContributions("against", explanation.opposing, message);
    }
  }
  return 0;
}
