// Runs the built `meetintent` tool as a user would, for the CLI's tests.
#ifndef MEETINTENT_TESTS_CLI_RUN_H_
#define MEETINTENT_TESTS_CLI_RUN_H_

#include <string>
#include <vector>

#include "json.h"

namespace meetintent {
namespace testing {

struct CliResult {
  int exit_code;
  std::string out, err;
};

// Runs `meetintent ARGS` (a shell command line) with `input` on stdin.
CliResult RunCli(const std::string& args, const std::string& input = "");
// The same with the file `stdin_path` on stdin.
CliResult RunCliOnFile(const std::string& args, const std::string& stdin_path);

// testing::ToyExamples() as TSV, `copies` times over.
std::string ToyTsv(int copies = 1);

// The lines of `s`, without their "\n".
std::vector<std::string> Lines(const std::string& s);

// Parses one JSON document; fails the test when it is not one.
json::Value ParseJson(const std::string& text);

}  // namespace testing
}  // namespace meetintent

#endif  // MEETINTENT_TESTS_CLI_RUN_H_
