// The CLI's message batches (src/cli/message_reader.h): --threads writes what
// one thread writes, also when a write fails part way.
#include "message_reader.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_util.h"

namespace meetintent {
namespace cli {
namespace {

// Runs ForEachMessageInParallel over `args` (each one message) with a writer
// that writes "<text>\n" and throws at the message "fail"; gives what reached
// the output, and whether the exception came through.
std::string WriteUntilFailure(const Model& model, const std::vector<std::string>& args,
                              int threads, bool* threw) {
  const std::string path = testing::TempPath(".out");
  FILE* file = std::fopen(path.c_str(), "w+");
  EXPECT_NE(file, nullptr);
  *threw = false;
  {
    Output output(fileno(file));
    auto make_writer = [] {
      return [](const Message& m, std::string* out) {
        if (m.text == "fail") throw std::runtime_error("write failed");
        out->append(m.text).push_back('\n');
      };
    };
    try {
      ForEachMessageInParallel(model, InputOptions(), args, &output, threads, make_writer);
    } catch (const std::runtime_error&) {
      *threw = true;
    }
  }  // flushes
  std::fclose(file);
  std::string written = testing::ReadFile(path);
  std::remove(path.c_str());
  return written;
}

TEST(CliMessageReaderTest, ConcurrentWritesBeforeAFailureGoOut) {
  std::unique_ptr<Model> model;
  ASSERT_TRUE(Model::LoadDefault(&model).ok());
  std::vector<std::string> args;
  for (int i = 0; i < 700; ++i) args.push_back(i == 600 ? "fail" : "message " + std::to_string(i));
  bool threw_once = false;
  const std::string one = WriteUntilFailure(*model, args, 1, &threw_once);
  EXPECT_TRUE(threw_once);
  ASSERT_NE(one.find("message 599\n"), std::string::npos);
  EXPECT_EQ(one.find("message 601"), std::string::npos);
  for (int threads : {2, 3}) {
    bool threw = false;
    EXPECT_EQ(WriteUntilFailure(*model, args, threads, &threw), one) << threads;
    EXPECT_TRUE(threw);
  }
}

}  // namespace
}  // namespace cli
}  // namespace meetintent
