#include "cli_run.h"

#include <sys/resource.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <cstdlib>

#include "test_util.h"

namespace meetintent {
namespace testing {

#if defined(__SANITIZE_ADDRESS__)
#define MEETINTENT_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MEETINTENT_TEST_ASAN 1
#endif
#endif
#ifdef MEETINTENT_TEST_ASAN
const long kChildRssBoundKb = 200 * 1024;
const char kNoAsanQuarantine[] = "ASAN_OPTIONS=\"$ASAN_OPTIONS:quarantine_size_mb=0\" ";
#else
const long kChildRssBoundKb = 100 * 1024;
const char kNoAsanQuarantine[] = "";
#endif

long MaxChildRssKb() {
  struct rusage u;
  getrusage(RUSAGE_CHILDREN, &u);
  return u.ru_maxrss;
}

CliResult RunProgram(const std::string& program, const std::string& args,
                     const std::string& stdin_path, const std::string& env) {
  const std::string out = TempPath(".out"), err = TempPath(".err");
  const std::string cmd =
      env + "'" + program + "' " + args + " <" + stdin_path + " >" + out + " 2>" + err;
  const int status = std::system(cmd.c_str());
  CliResult r{WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadFile(out), ReadFile(err)};
  std::remove(out.c_str());
  std::remove(err.c_str());
  return r;
}

CliResult RunCliOnFile(const std::string& args, const std::string& stdin_path,
                       const std::string& env) {
  return RunProgram(MEETINTENT_CLI_PATH, args, stdin_path, env);
}

CliResult RunCli(const std::string& args, const std::string& input) {
  const std::string in = TempPath(".in");
  WriteFile(in, input);
  CliResult r = RunCliOnFile(args, in);
  std::remove(in.c_str());
  return r;
}

std::string ToyTsv(int copies) {
  std::string tsv;
  for (int i = 0; i < copies; ++i) {
    for (const Example& e : ToyExamples()) tsv += e.label + "\t" + e.text + "\n";
  }
  return tsv;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t nl = s.find('\n', pos);
    if (nl == std::string::npos) nl = s.size();
    out.push_back(s.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return out;
}

json::Value ParseJson(const std::string& text) {
  json::Value v;
  std::string error;
  EXPECT_TRUE(json::Parse(text, &v, &error)) << error << ": " << text;
  return v;
}

}  // namespace testing
}  // namespace meetintent
