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
// that writes "<text>\n" and throws at a message that starts with "fail"
// (its text the exception's); gives what reached the output, and the
// exception's text ("" when none came through).
std::string WriteUntilFailure(const Model& model, const std::vector<std::string>& args,
                              int threads, std::string* error) {
  const std::string path = testing::TempPath(".out");
  FILE* file = std::fopen(path.c_str(), "w+");
  EXPECT_NE(file, nullptr);
  error->clear();
  {
    Output output(fileno(file));
    auto make_writer = [] {
      return [](const Message& m, std::string* out) {
        if (m.text.rfind("fail", 0) == 0) throw std::runtime_error(m.text);
        out->append(m.text).push_back('\n');
      };
    };
    try {
      ForEachMessageInParallel(model, InputOptions(), args, &output, threads, make_writer);
    } catch (const std::runtime_error& e) {
      *error = e.what();
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
  // Two failures in the second batch: the earlier one decides, as with one
  // thread, whichever thread throws first.
  std::vector<std::string> args;
  for (int i = 0; i < 700; ++i) {
    args.push_back(i == 560 || i == 600 ? "fail " + std::to_string(i)
                                        : "message " + std::to_string(i));
  }
  std::string error_one;
  const std::string one = WriteUntilFailure(*model, args, 1, &error_one);
  EXPECT_EQ(error_one, "fail 560");
  ASSERT_NE(one.find("message 559\n"), std::string::npos);
  EXPECT_EQ(one.find("message 561"), std::string::npos);
  for (int threads : {2, 3}) {
    for (int round = 0; round < 20; ++round) {
      std::string error;
      ASSERT_EQ(WriteUntilFailure(*model, args, threads, &error), one) << threads;
      ASSERT_EQ(error, "fail 560") << threads;
    }
  }
}

}  // namespace
}  // namespace cli
}  // namespace meetintent
