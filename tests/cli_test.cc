// Runs the built `meetintent` tool as a user would.
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "json.h"
#include "meetintent/model.h"
#include "test_util.h"

namespace meetintent {
namespace {

struct Result {
  int exit_code;
  std::string out, err;
};

// Runs `meetintent ARGS` with `input` on stdin.
Result RunCli(const std::string& args, const std::string& input = "") {
  const std::string in = testing::TempPath(".in"), out = testing::TempPath(".out"),
                    err = testing::TempPath(".err");
  testing::WriteFile(in, input);
  const std::string cmd = std::string("'") + MEETINTENT_CLI_PATH + "' " + args + " <" + in +
                          " >" + out + " 2>" + err;
  const int status = std::system(cmd.c_str());
  Result r{WIFEXITED(status) ? WEXITSTATUS(status) : -1, testing::ReadFile(out),
           testing::ReadFile(err)};
  std::remove(in.c_str());
  std::remove(out.c_str());
  std::remove(err.c_str());
  return r;
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

TEST(CliTest, ClassifyArgumentPlain) {
  const Result r = RunCli("classify 'Coffee next week to talk about the role?'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("professional ", 0), 0u) << r.out;
}

TEST(CliTest, ClassifyStdinJsonlInInputOrder) {
  const Result r = RunCli("classify --format jsonl",
                       "dinner tonight, just us?\\nmiss you\n\nagenda for the board meeting\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u);  // the empty line is a message too
  for (const std::string& line : lines) {
    json::Value v;
    std::string err;
    ASSERT_TRUE(json::Parse(line, &v, &err)) << line;
    ASSERT_NE(v.Find("label"), nullptr);
    const json::Value* probs = v.Find("probabilities");
    ASSERT_NE(probs, nullptr);
    ASSERT_EQ(probs->object.size(), 2u);
    EXPECT_NEAR(probs->Find("personal")->number + probs->Find("professional")->number, 1.0, 1e-4);
  }
  json::Value first, last;
  std::string err;
  json::Parse(lines[0], &first, &err);
  json::Parse(lines[2], &last, &err);
  EXPECT_EQ(first.Find("label")->string, "personal");
  EXPECT_EQ(last.Find("label")->string, "professional");
}

TEST(CliTest, ClassifyTsvHasHeaderAndColumns) {
  const Result r = RunCli("classify --format tsv", "lunch?\n");
  ASSERT_EQ(r.exit_code, 0);
  const auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "label\tprobability\tp_personal\tp_professional");
  EXPECT_EQ(std::count(lines[1].begin(), lines[1].end(), '\t'), 3);
}

TEST(CliTest, ExplainShowsSpans) {
  const Result r = RunCli("explain -k 2 --format jsonl 'Drinks tonight? Just the two of us'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::Value v;
  std::string err;
  ASSERT_TRUE(json::Parse(r.out, &v, &err)) << r.out;
  const json::Value* sup = v.Find("supporting");
  ASSERT_NE(sup, nullptr);
  ASSERT_FALSE(sup->array.empty());
  EXPECT_LE(sup->array.size(), 2u);
  EXPECT_LT(sup->array[0].Find("begin")->number, sup->array[0].Find("end")->number);
  const Result plain = RunCli("explain 'see you at the conference'");
  EXPECT_EQ(plain.exit_code, 0);
  EXPECT_NE(plain.out.find("toward"), std::string::npos);
}

TEST(CliTest, TrainEvalInfoRoundTrip) {
  std::string tsv;
  for (int rep = 0; rep < 3; ++rep) {
    for (const Example& e : testing::ToyExamples()) tsv += e.label + "\t" + e.text + "\n";
  }
  const std::string data = testing::TempPath(".tsv"), model = testing::TempPath(".mim");
  testing::WriteFile(data, tsv);
  const Result t = RunCli("train --hash-bits 12 --epochs 5 --output " + model + " " + data);
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.err.find("epoch 1/5"), std::string::npos) << t.err;  // progress on stderr
  const Result e = RunCli("eval --json --model " + model + " " + data);
  ASSERT_EQ(e.exit_code, 0) << e.err;
  json::Value v;
  std::string err;
  ASSERT_TRUE(json::Parse(e.out, &v, &err)) << e.out;
  EXPECT_EQ(v.Find("count")->number, 72);
  EXPECT_GT(v.Find("macro_f1")->number, 0.9);
  ASSERT_NE(v.Find("roc_auc"), nullptr);
  EXPECT_EQ(v.Find("confusion")->array.size(), 2u);
  const Result plain = RunCli("eval --model " + model + " " + data);
  EXPECT_NE(plain.out.find("macro-F1"), std::string::npos);
  const Result i = RunCli("info --json --model " + model);
  ASSERT_EQ(i.exit_code, 0);
  ASSERT_TRUE(json::Parse(i.out, &v, &err)) << i.out;
  EXPECT_EQ(v.Find("hash_bits")->number, 12);
  EXPECT_EQ(v.Find("labels")->array.size(), 2u);
  std::remove(data.c_str());
  std::remove(model.c_str());
}

TEST(CliTest, ErrorsAreClearWithNonZeroExit) {
  Result r = RunCli("");
  EXPECT_EQ(r.exit_code, 2);
  r = RunCli("frobnicate");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown command"), std::string::npos);
  r = RunCli("classify --bogus x");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown option"), std::string::npos);
  r = RunCli("classify --model /nonexistent.mim hi");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/nonexistent.mim"), std::string::npos);
  const std::string junk = testing::TempPath(".mim");
  testing::WriteFile(junk, std::string(100, 'x'));
  r = RunCli("classify --model " + junk + " hi");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("magic"), std::string::npos);
  std::remove(junk.c_str());
  r = RunCli("train --output /tmp/x.mim");
  EXPECT_EQ(r.exit_code, 2);
  r = RunCli("train --output /tmp/x.mim /nonexistent.tsv");
  EXPECT_EQ(r.exit_code, 1);
  r = RunCli("eval /nonexistent.tsv");
  EXPECT_EQ(r.exit_code, 1);
  const std::string bad = testing::TempPath(".tsv");
  testing::WriteFile(bad, "unknownlabel\thello\n");
  r = RunCli("eval " + bad);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("unknownlabel"), std::string::npos);
  std::remove(bad.c_str());
  r = RunCli("train --epochs abc --output x a.tsv");
  EXPECT_EQ(r.exit_code, 2);
}

TEST(CliTest, HelpForEveryCommand) {
  for (const char* cmd : {"classify", "explain", "train", "eval", "info"}) {
    const Result r = RunCli(std::string(cmd) + " --help");
    EXPECT_EQ(r.exit_code, 0) << cmd;
    EXPECT_NE(r.out.find("usage: meetintent"), std::string::npos) << cmd;
  }
  EXPECT_EQ(RunCli("--help").exit_code, 0);
  EXPECT_NE(RunCli("version").out.find("meetintent 1."), std::string::npos);
}

TEST(CliTest, EncodingOptionConvertsLegacyText) {
  // "café" in windows-1252.
  const Result r = RunCli("classify --encoding windows-1252 --format jsonl", "caf\xe9 tomorrow?\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const Result bad = RunCli("classify --encoding no-such-encoding hi");
  EXPECT_EQ(bad.exit_code, 1);
}

TEST(CliTest, InvalidUtf8AndNulOnStdinAreFine) {
  const Result r = RunCli("classify --format jsonl", std::string("a\xff\xfe b\0c\n", 9));
  EXPECT_EQ(r.exit_code, 0);
  json::Value v;
  std::string err;
  EXPECT_TRUE(json::Parse(Lines(r.out)[0], &v, &err)) << r.out;
}

}  // namespace
}  // namespace meetintent
