// Fuzzes the whole inference pipeline with the default (embedded) model:
// arbitrary bytes -> Model::Predict and Model::Explain.
//
// Invariants checked (a violation traps, so libFuzzer saves the input):
//  - probabilities: one per label, finite, in [0,1], summing to 1 within 1e-4,
//    the label is the most probable one;
//  - Explain agrees with Predict (same label, same probabilities), keeps at
//    most k per side, sorted strongest first, and every span is a non-empty
//    range [begin, end) inside the input;
//  - a warm workspace (reused across inputs) gives exactly the answers of a
//    fresh one;
//  - the normalizer's text is valid UTF-8 and maps every token back inside
//    the input;
//  - the tokenizer's ASCII fast path gives the same tokens as ICU whenever it
//    applies (tokenizer.h promises this);
//  - keyword stuffing runs (word_stuffing.h) are non-empty, increasing, inside
//    the ranges searched, start and end on a letter or list mark, and the
//    ranges less the runs are disjoint from them.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "fuzz_checks.h"
#include "meetintent/model.h"
#include "meetintent/normalizer.h"
#include "meetintent/tokenizer.h"
#include "utf8.h"
#include "word_stuffing.h"

namespace {

using meetintent::Model;

void CheckNormalizerAndTokenizer(const Model& model, std::string_view message) {
  static meetintent::NormalizedText normalized;  // warm, like a Workspace
  static meetintent::Tokenizer tokenizer;
  meetintent::Normalize(model.normalize_options(), message, &normalized);
  const std::string& text = normalized.text();
  FUZZ_CHECK(meetintent::IsValidUtf8(text.data(), text.size()));

  std::vector<meetintent::Token> fast, icu;
  tokenizer.TokenizeWithIcu(text, &icu);
  for (const meetintent::Token& t : icu) {
    FUZZ_CHECK(t.begin < t.end && t.end <= text.size());
    const meetintent::Span s = normalized.SourceSpan(t.begin, t.end);
    FUZZ_CHECK(s.begin < s.end);
    FUZZ_CHECK(s.end <= message.size());
  }
  if (meetintent::Tokenizer::TokenizeAscii(text, &fast)) {
    FUZZ_CHECK(fast.size() == icu.size());
    for (size_t i = 0; i < fast.size(); ++i) {
      FUZZ_CHECK(fast[i].begin == icu[i].begin);
      FUZZ_CHECK(fast[i].end == icu[i].end);
    }
  }
}

void CheckStuffing(std::string_view message) {
  // Search the two halves apart, so that runs must respect range ends.
  const auto size = static_cast<uint32_t>(message.size());
  const std::vector<uint32_t> ranges = {0, size / 2, size / 2, size};
  std::vector<uint32_t> runs, rest;
  meetintent::FindStuffedRuns(message, ranges, &runs);
  FUZZ_CHECK(runs.size() % 2 == 0);
  for (size_t i = 0; i < runs.size(); i += 2) {
    FUZZ_CHECK(runs[i] < runs[i + 1]);
    FUZZ_CHECK(i == 0 || runs[i - 1] <= runs[i]);
    FUZZ_CHECK(runs[i + 1] <= size / 2 || runs[i] >= size / 2);  // within one range
    FUZZ_CHECK(static_cast<unsigned char>(message[runs[i]]) > ' ');
    FUZZ_CHECK(static_cast<unsigned char>(message[runs[i + 1] - 1]) > ' ');
  }
  meetintent::SubtractRanges(ranges, runs, &rest);
  for (size_t i = 0; i < rest.size(); i += 2) {
    FUZZ_CHECK(rest[i] < rest[i + 1]);
    for (size_t j = 0; j < runs.size(); j += 2) {
      FUZZ_CHECK(rest[i + 1] <= runs[j] || rest[i] >= runs[j + 1]);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Model& model = meetintent::fuzz::DefaultModel();
  const std::string_view message(reinterpret_cast<const char*>(data), size);

  // Cold: a fresh workspace; checks every invariant of Predict and Explain.
  const meetintent::Prediction b = meetintent::fuzz::ClassifyAndCheck(model, message, /*k=*/10);

  // Warm: one workspace reused across all inputs must give the same answers.
  static meetintent::Workspace warm;
  meetintent::Prediction a;
  model.Predict(message, &warm, &a);
  FUZZ_CHECK(a.label == b.label);
  FUZZ_CHECK(meetintent::fuzz::SameFloats(a.probabilities, b.probabilities));

  CheckNormalizerAndTokenizer(model, message);
  CheckStuffing(message);
  return 0;
}
