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

// Runs `PROGRAM ARGS` (ARGS: the rest of a shell command line) with the file
// `stdin_path` on stdin and `env` (e.g. "PATH=/nonexistent ") before it.
CliResult RunProgram(const std::string& program, const std::string& args,
                     const std::string& stdin_path, const std::string& env = "");
// Runs `meetintent ARGS` (a shell command line) with `input` on stdin.
CliResult RunCli(const std::string& args, const std::string& input = "");
// The same with the file `stdin_path` on stdin, and `env` (e.g.
// kNoAsanQuarantine) before the command.
CliResult RunCliOnFile(const std::string& args, const std::string& stdin_path,
                       const std::string& env = "");

// The largest resident set of any child process so far, in KiB. (A child
// forked from the test starts with the test's pages, so a test of memory
// keeps its own small: huge inputs are made by the shell.)
long MaxChildRssKb();
// A bound for it in tests of the tool's memory: ASan's shadow memory and
// quarantine add about 70 MB to the same run.
extern const long kChildRssBoundKb;
// Put before a command line: under ASan the child runs without the
// quarantine, which keeps freed blocks (up to 256 MB), so that the bound is
// about what the tool itself keeps. Empty otherwise.
extern const char kNoAsanQuarantine[];

// testing::ToyExamples() as TSV, `copies` times over.
std::string ToyTsv(int copies = 1);

// The lines of `s`, without their "\n".
std::vector<std::string> Lines(const std::string& s);

// Parses one JSON document; fails the test when it is not one.
json::Value ParseJson(const std::string& text);

}  // namespace testing
}  // namespace meetintent

#endif  // MEETINTENT_TESTS_CLI_RUN_H_
