// Helpers shared by the tests: the shared data sets and small models.
#ifndef MEETINTENT_TESTS_TEST_UTIL_H_
#define MEETINTENT_TESTS_TEST_UTIL_H_

#include <memory>
#include <string>
#include <vector>

#include "meetintent/dataset.h"
#include "meetintent/model.h"
#include "meetintent/thread.h"

namespace meetintent {
namespace testing {

// The folder of ../shared/data, or "" when it is absent.
std::string SharedDataDir();

// Every message text of every TSV file under the shared data folder.
std::vector<std::string> AllSharedMessages();

// The embedded default model (a test failure when it does not load).
std::unique_ptr<Model> DefaultModel();

// A thread of (sender, text) messages without timestamps.
std::vector<ThreadMessage> MakeThread(std::vector<std::pair<std::string, std::string>> messages);

// A small, fixed training set (two labels) written for the tests.
std::vector<Example> ToyExamples();

// A model trained on ToyExamples() with 2^bits buckets. With lexicon=false
// it does not borrow the default model's lexicon, so its file stays a few KiB.
std::unique_ptr<Model> ToyModel(int bits = 12, bool lexicon = true);
// 2^10 buckets, word unigrams only: the smallest model there is.
FeatureOptions TinyFeatures();
// The same model with int8 weights.
std::unique_ptr<Model> Quantized(const Model& m);

// Re-seals a model file image after a test changed it: writes the XXH64
// checksum its last eight bytes must hold.
std::string ResealModel(std::string bytes);

// A unique temporary path (not created).
std::string TempPath(const std::string& suffix);

std::string ReadFile(const std::string& path);
// A line of a test data file with its "\n" escapes made newlines.
std::string UnescapeNewlines(const std::string& line);
void WriteFile(const std::string& path, const std::string& content);

}  // namespace testing
}  // namespace meetintent

#endif  // MEETINTENT_TESTS_TEST_UTIL_H_
