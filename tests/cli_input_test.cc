// The CLI's inputs as a user meets them: byte order marks, old line ends,
// huge lines, and a program that talks to the tool one line at a time.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "cli_run.h"
#include "test_util.h"

namespace meetintent {
namespace {

using testing::Lines;
using testing::ParseJson;
using testing::RunCli;
using testing::ToyTsv;

const char kBom[] = "\xEF\xBB\xBF";

TEST(CliInputTest, ByteOrderMarkIsSkippedEverywhere) {
  const auto plain = RunCli("classify --format jsonl", "agenda for monday\n");
  const auto bom = RunCli("classify --format jsonl", kBom + std::string("agenda for monday\n"));
  ASSERT_EQ(bom.exit_code, 0) << bom.err;
  EXPECT_EQ(bom.out, plain.out);
  const auto jsonl = RunCli("classify --input-format jsonl",
                            kBom + std::string("{\"id\":1,\"text\":\"agenda\"}\n"));
  EXPECT_EQ(jsonl.exit_code, 0) << jsonl.err;
  const auto thread = RunCli("thread", kBom + std::string("{\"thread_id\":\"t\",\"text\":\"hi\"}\n"));
  EXPECT_EQ(thread.exit_code, 0) << thread.err;  // was: invalid JSON at byte 0
  // A TSV with a BOM trains two labels, not a third "\ufeffprofessional".
  const std::string data = testing::TempPath(".tsv"), model = testing::TempPath(".mim");
  testing::WriteFile(data, kBom + ToyTsv());
  ASSERT_EQ(RunCli("train --quiet --hash-bits 12 --output " + model + " " + data).exit_code, 0);
  EXPECT_EQ(ParseJson(RunCli("info --json " + model).out).Find("labels")->array.size(), 2u);
  std::remove(data.c_str());
  std::remove(model.c_str());
}

TEST(CliInputTest, CarriageReturnLineEnds) {
  std::string tsv = ToyTsv();
  for (char& c : tsv) c = c == '\n' ? '\r' : c;
  const auto r = RunCli("eval --json -", tsv);  // was: one example, accuracy 1.0
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ParseJson(r.out).Find("count")->number, 24);
  const auto lines = RunCli("classify", "miss you\ragenda for monday\r\nlunch?\r");
  EXPECT_EQ(Lines(lines.out).size(), 3u) << lines.out;
}

// A file holding `before`, then `n` bytes of 'a', then `after`.
std::string MakeHugeFile(const std::string& before, size_t n, const std::string& after) {
  const std::string path = testing::TempPath(".in");
  const std::string cmd = "{ printf '%s' '" + before + "'; head -c " + std::to_string(n) +
                          " /dev/zero | tr '\\0' a; printf '%s' '" + after + "'; } >" + path;
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  return path;
}

TEST(CliInputTest, HugeLinesKeepMemoryBounded) {
  // 128 MiB on one line: read whole, the line and its copies took 300 MB;
  // capped at 2 MiB + 64 KiB for a text line (the model reads the first
  // 1 MiB of a message anyway), the tool stays near 40 MB.
  const std::string text = MakeHugeFile("lunch?\n", size_t{128} << 20, "\nmiss you\n");
  const auto r = testing::RunCliOnFile("classify --format jsonl", text);
  std::remove(text.c_str());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(ParseJson(lines[1]).Find("truncated")->boolean, true);
  EXPECT_EQ(ParseJson(lines[2]).Find("truncated"), nullptr);
  EXPECT_NE(r.err.find("warning: <stdin>:2: line longer than 2162688 bytes"), std::string::npos)
      << r.err;
  EXPECT_LT(testing::MaxChildRssKb(), testing::kChildRssBoundKb);

  const std::string json = MakeHugeFile("{\"id\":1,\"text\":\"", 5 << 20, "\"}\n");
  const auto refused = testing::RunCliOnFile("classify --input-format jsonl", json);
  std::remove(json.c_str());
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("<stdin>:1: line longer than 4259840 bytes; refused"),
            std::string::npos)
      << refused.err;

  const std::string thread = MakeHugeFile("{\"thread_id\":\"t\",\"text\":\"", 128 << 20, "\"}\n");
  const auto too_long = testing::RunCliOnFile("thread", thread);
  std::remove(thread.c_str());
  EXPECT_EQ(too_long.exit_code, 1);
  EXPECT_NE(too_long.err.find("<stdin>:1: line longer than 16777216 bytes; refused"),
            std::string::npos)
      << too_long.err;
  EXPECT_LT(testing::MaxChildRssKb(), testing::kChildRssBoundKb);
}

// A file made by the shell: `count` times, `long_bytes` of 'x' then `tail`,
// each followed by `short_lines` lines "lunch?".
std::string MakeLongLinesFile(int count, size_t long_bytes, const std::string& tail,
                              int short_lines) {
  const std::string path = testing::TempPath(".in");
  const std::string cmd = "for i in $(seq " + std::to_string(count) + "); do head -c " +
                          std::to_string(long_bytes) + " /dev/zero | tr '\\0' x; printf '" +
                          tail + "\\n'; yes 'lunch?' | head -n " + std::to_string(short_lines) +
                          "; done >" + path;
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  return path;
}

// Runs `meetintent ARGS <stdin_path` and gives its exit code and the number
// of lines it wrote, without reading them into this process (whose pages a
// child forked later would count as its own).
std::pair<int, long> RunCliCountingLines(const std::string& args, const std::string& stdin_path) {
  const std::string out = testing::TempPath(".out"), count = testing::TempPath(".count");
  const std::string cmd = std::string(testing::kNoAsanQuarantine) + "'" + MEETINTENT_CLI_PATH + "' " + args +
                          " <" + stdin_path + " >" + out;
  const int status = std::system(cmd.c_str());
  EXPECT_EQ(std::system(("wc -l <" + out + " >" + count).c_str()), 0);
  const long lines = std::atol(testing::ReadFile(count).c_str());
  std::remove(out.c_str());
  std::remove(count.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, lines};
}

// --threads reads a batch ahead: its memory is bounded by what the batch
// holds (ids count as well as texts), and a long line's buffer is not kept
// by every slot it passes through. Unbounded, these took 340 MB and 182 MB.
TEST(CliInputTest, ThreadsKeepMemoryBounded) {
  const std::string long_ids = MakeLongLinesFile(80, 2000000, "\\tlunch?", 0);
  EXPECT_EQ(RunCliCountingLines("classify --input-format tsv --threads 2", long_ids),
            std::make_pair(0, 80L));
  std::remove(long_ids.c_str());
  EXPECT_LT(testing::MaxChildRssKb(), testing::kChildRssBoundKb);

  const std::string spread = MakeLongLinesFile(60, 2000000, "", 511);
  EXPECT_EQ(RunCliCountingLines("classify --threads 2", spread), std::make_pair(0, 60L * 512));
  std::remove(spread.c_str());
  EXPECT_LT(testing::MaxChildRssKb(), testing::kChildRssBoundKb);
}

// A program that writes one line and waits for the answer before the next
// must get it: output is not held back while the tool waits for input (nor
// is a batch of --threads).
void ExpectAnswersBeforeTheInputEnds(std::vector<const char*> argv) {
  argv.push_back(nullptr);
  int to_cli[2], from_cli[2];
  ASSERT_EQ(pipe(to_cli), 0);
  ASSERT_EQ(pipe(from_cli), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(to_cli[0], 0);
    dup2(from_cli[1], 1);
    close(to_cli[1]);
    close(from_cli[0]);
    execv(MEETINTENT_CLI_PATH, const_cast<char* const*>(argv.data()));
    _exit(127);
  }
  close(to_cli[0]);
  close(from_cli[1]);
  std::string got;
  for (const char* message : {"lunch?\n", "miss you\n"}) {
    ASSERT_EQ(write(to_cli[1], message, strlen(message)), static_cast<ssize_t>(strlen(message)));
    const size_t want = Lines(got).size() + 1;
    while (Lines(got).size() < want || got.back() != '\n') {
      pollfd p{from_cli[0], POLLIN, 0};
      ASSERT_EQ(poll(&p, 1, 20000), 1) << "no answer to " << message;
      char buf[256];
      const ssize_t n = read(from_cli[0], buf, sizeof(buf));
      ASSERT_GT(n, 0);
      got.append(buf, static_cast<size_t>(n));
    }
  }
  close(to_cli[1]);
  int status = 0;
  waitpid(pid, &status, 0);
  close(from_cli[0]);
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(Lines(got).size(), 2u) << got;
}

TEST(CliInputTest, AnswersComeBeforeTheInputEnds) {
  ExpectAnswersBeforeTheInputEnds({"meetintent", "classify"});
  ExpectAnswersBeforeTheInputEnds({"meetintent", "classify", "--threads", "2"});
}

// --threads N writes the bytes one thread writes, in every format and input
// form of classify and explain: many batches, a batch ended by its text's
// size, ids, invalid UTF-8, NUL bytes, empty and cut lines, and a bad line
// that ends the run.
TEST(CliInputTest, ConcurrentClassifyWritesWhatOneThreadWrites) {
  std::string tsv;
  const char* texts[] = {"dinner tonight, just us?", "agenda for the board meeting",
                         "caf\xC3\xA9 \xFF\xFE broken", "", "miss you\\nsee you soon",
                         "\xE6\x98\x8E\xE5\xA4\xA9\xE5\x96\x9D\xE5\x92\x96\xE5\x95\xA1"};
  for (int i = 0; i < 1500; ++i) {
    std::string text = texts[i % 6];
    // A message over the batch's text bound (4 MiB), and one cut at the line
    // limit (2 MiB + 64 KiB: a warning, then the rest of the run).
    if (i == 700) text = std::string(3 << 20, 'a') + " lunch?";
    if (i == 900) text = std::string(5 << 20, 'b');
    tsv += std::to_string(i) + "\t" + text + (i % 5 == 0 ? std::string(1, '\0') : "") + "\n";
  }
  const std::string path = testing::TempPath(".tsv");
  testing::WriteFile(path, tsv);
  for (const char* format : {"plain", "tsv", "jsonl"}) {
    for (const char* input : {"lines", "tsv"}) {
      const std::string args = std::string("classify --format ") + format + " --input-format " + input;
      const auto one = testing::RunCliOnFile(args, path);
      ASSERT_EQ(one.exit_code, 0) << one.err;
      ASSERT_GE(Lines(one.out).size(), 1500u);
      for (const char* threads : {" --threads 2", " --threads 5"}) {
        const auto many = testing::RunCliOnFile(args + threads, path);
        EXPECT_EQ(many.exit_code, 0) << many.err;
        EXPECT_TRUE(many.out == one.out) << args << threads;
        EXPECT_EQ(many.err, one.err) << args << threads;
      }
    }
  }
  for (const char* format : {"plain", "jsonl"}) {
    const std::string args = std::string("explain -k 8 --input-format tsv --format ") + format;
    const auto one = testing::RunCliOnFile(args, path);
    ASSERT_EQ(one.exit_code, 0) << one.err;
    const auto many = testing::RunCliOnFile(args + " --threads 3", path);
    EXPECT_EQ(many.exit_code, 0) << many.err;
    EXPECT_TRUE(many.out == one.out) << args;
    EXPECT_EQ(many.err, one.err) << args;
  }
  // A bad JSON line: the lines before it are answered, then the error.
  std::string jsonl;
  for (int i = 0; i < 600; ++i) jsonl += "{\"id\":" + std::to_string(i) + ",\"text\":\"lunch?\"}\n";
  jsonl += "not json\n{\"id\":1,\"text\":\"x\"}\n";
  testing::WriteFile(path, jsonl);
  const auto one = testing::RunCliOnFile("classify --input-format jsonl", path);
  const auto many = testing::RunCliOnFile("classify --input-format jsonl --threads 3", path);
  EXPECT_EQ(one.exit_code, 1);
  EXPECT_EQ(many.exit_code, 1);
  EXPECT_EQ(Lines(many.out).size(), 600u);
  EXPECT_TRUE(many.out == one.out);
  EXPECT_EQ(many.err, one.err);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace meetintent
