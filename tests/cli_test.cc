// Runs the built `meetintent` tool as a user would: commands, options, exit
// codes. Inputs are in cli_input_test.cc, the thread command in
// cli_thread_test.cc.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "cli_run.h"
#include "json.h"
#include "test_util.h"

namespace meetintent {
namespace {

using Result = testing::CliResult;
using testing::Lines;
using testing::ParseJson;
using testing::RunCli;

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

// --read: a request after a signature line decides by default (and says
// which part decided); read whole, the signature is dropped with it.
TEST(CliTest, ReadChoosesHowEmailPartsCount) {
  const std::string hidden =
      "Q3 numbers attached.\\n-- \\nWould you like to have dinner with me on Friday night?\n";
  const Result sender = RunCli("classify --format jsonl", hidden);
  ASSERT_EQ(sender.exit_code, 0) << sender.err;
  const json::Value v = ParseJson(Lines(sender.out)[0]);
  EXPECT_EQ(v.Find("label")->string, "personal");
  EXPECT_EQ(v.Find("part")->string, "quoted-or-signature");
  const Result whole = RunCli("classify --read whole --format jsonl", hidden);
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  const json::Value w = ParseJson(Lines(whole.out)[0]);
  EXPECT_EQ(w.Find("label")->string, "professional");
  EXPECT_EQ(w.Find("part"), nullptr);
  const Result explain = RunCli("explain --format jsonl", hidden);
  EXPECT_EQ(ParseJson(Lines(explain.out)[0]).Find("part")->string, "quoted-or-signature");
  EXPECT_EQ(RunCli("classify --read quotes x").exit_code, 2);
}

TEST(CliTest, TrainEvalInfoRoundTrip) {
  const std::string tsv = testing::ToyTsv(3);
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

// adapt: corrections on the default model give a stand-alone model that
// --model accepts, and an overlay file.
TEST(CliTest, AdaptWritesAModelAndAnOverlay) {
  const std::string data = testing::TempPath(".tsv"), model = testing::TempPath(".mim"),
                    overlay = testing::TempPath(".mio");
  std::string tsv;
  for (int i = 0; i < 5; ++i) {
    tsv += "personal\tDrinks after work on Friday with the team?\n";
    tsv += "personal\tTeam drinks tonight after the offsite, join us\n";
  }
  testing::WriteFile(data, tsv);
  const std::string text = "'Drinks after work on Friday with the team?'";
  const Result before = RunCli("classify --format jsonl " + text);
  const Result a = RunCli("adapt --output " + model + " --overlay " + overlay + " " + data);
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_NE(a.err.find("10 corrections"), std::string::npos) << a.err;
  EXPECT_GT(testing::ReadFile(overlay).size(), 80u);
  const Result after = RunCli("classify --format jsonl --model " + model + " " + text);
  ASSERT_EQ(after.exit_code, 0) << after.err;
  const double p0 = ParseJson(before.out).Find("probabilities")->Find("personal")->number;
  const double p1 = ParseJson(after.out).Find("probabilities")->Find("personal")->number;
  EXPECT_GT(p1, p0 + 0.05) << before.out << after.out;
  const Result info = RunCli("info --json --model " + model);
  ASSERT_EQ(info.exit_code, 0) << info.err;
  // Usage errors: nothing to write; no corrections; an unknown label.
  EXPECT_EQ(RunCli("adapt " + data).exit_code, 2);
  EXPECT_EQ(RunCli("adapt --output " + model).exit_code, 2);
  testing::WriteFile(data, "spam\thello\n");
  const Result bad = RunCli("adapt --quiet --output " + model + " " + data);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("spam"), std::string::npos) << bad.err;
  std::remove(data.c_str());
  std::remove(model.c_str());
  std::remove(overlay.c_str());
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
  for (const char* cmd : {"classify", "explain", "train", "eval", "info", "thread"}) {
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
  EXPECT_EQ(bad.exit_code, 2);  // a usage error, found before any input is read
  EXPECT_NE(bad.err.find("unknown encoding 'no-such-encoding'"), std::string::npos) << bad.err;
}

TEST(CliTest, InvalidUtf8AndNulOnStdinAreFine) {
  const Result r = RunCli("classify --format jsonl", std::string("a\xff\xfe b\0c\n", 9));
  EXPECT_EQ(r.exit_code, 0);
  json::Value v;
  std::string err;
  EXPECT_TRUE(json::Parse(Lines(r.out)[0], &v, &err)) << r.out;
}

TEST(CliTest, DoubleDashEndsOptions) {
  const Result r = RunCli("classify --format jsonl -- '-- see you tonight?' --format");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(r.out).size(), 2u);  // both words after -- are messages
  const Result e = RunCli("classify '-- see you tonight?'");
  EXPECT_EQ(e.exit_code, 2);
  EXPECT_NE(e.err.find("after '--'"), std::string::npos) << e.err;
}

TEST(CliTest, OptionValuesWithEquals) {
  const Result r = RunCli("classify --format=jsonl --model= 'lunch?'");
  ASSERT_EQ(r.exit_code, 0) << r.err;  // an empty --model= is the embedded model
  EXPECT_EQ(ParseJson(r.out).type, json::Value::kObject);
  for (const char* k : {"-k=1", "-k1", "-k 1"}) {
    const Result x = RunCli(std::string("explain --format=jsonl ") + k + " 'dinner tonight?'");
    ASSERT_EQ(x.exit_code, 0) << k << x.err;
    EXPECT_EQ(ParseJson(x.out).Find("supporting")->array.size(), 1u) << k;
  }
  EXPECT_EQ(RunCli("info --json=yes").exit_code, 2);  // a flag takes no value
}

TEST(CliTest, DashReadsStdinInPlace) {
  const Result r = RunCli("classify --format jsonl 'agenda for the board meeting' - 'lunch?'",
                          "miss you so much\\nkiss\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(ParseJson(lines[0]).Find("label")->string, "professional");
  EXPECT_EQ(ParseJson(lines[1]).Find("label")->string, "personal");
}

TEST(CliTest, KZeroSaysWhatKMeans) {
  const Result r = RunCli("explain -k 0 hello");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("-k: expected a whole number from 1 to 1000, got '0'"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("meetintent explain --help"), std::string::npos) << r.err;
}

TEST(CliTest, InfoTakesTheModelAsAnArgument) {
  const std::string model = testing::TempPath(".mim");
  ASSERT_TRUE(testing::ToyModel()->Save(model).ok());
  const Result positional = RunCli("info --json " + model);
  const Result option = RunCli("info --json --model " + model);
  ASSERT_EQ(positional.exit_code, 0) << positional.err;
  EXPECT_EQ(positional.out, option.out);
  EXPECT_EQ(ParseJson(positional.out).Find("hash_bits")->number, 12);
  EXPECT_EQ(RunCli("info " + model + " " + model).exit_code, 2);
  EXPECT_EQ(RunCli("info --model /a.mim " + model).exit_code, 2);
  EXPECT_EQ(RunCli("info /nonexistent.mim").exit_code, 1);
  std::remove(model.c_str());
}

TEST(CliTest, RawTurnsOffEscapes) {
  // On stdin, "\t" is a tab unless --raw; an argument is always taken as it is.
  const std::string message = "drinks tonight?\\tjust us\\\\nthe two of us";
  const Result escaped = RunCli("classify --format jsonl", message + "\n");
  const Result raw = RunCli("classify --format jsonl --raw", message + "\n");
  const Result as_arg = RunCli("classify --format jsonl 'drinks tonight?\\tjust us\\\\nthe two of us'");
  const Result unescaped = RunCli("classify --format jsonl \"$(printf 'drinks tonight?\\tjust us\\\\nthe two of us')\"");
  ASSERT_EQ(raw.exit_code, 0) << raw.err;
  EXPECT_EQ(raw.out, as_arg.out);
  EXPECT_EQ(escaped.out, unescaped.out);
  EXPECT_NE(raw.out, escaped.out);  // else this message cannot tell them apart
}

TEST(CliTest, IdsAreCarriedFromTsvAndJsonLines) {
  const Result tsv =
      RunCli("classify --input-format tsv --format tsv",
             "m-1\tagenda for the board meeting\n\nm\\t2\tdinner tonight?\\nI miss you\n");
  ASSERT_EQ(tsv.exit_code, 0) << tsv.err;
  const auto rows = Lines(tsv.out);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], "id\tlabel\tprobability\tp_personal\tp_professional");
  EXPECT_EQ(rows[1].rfind("m-1\tprofessional\t", 0), 0u) << rows[1];
  EXPECT_EQ(rows[2].rfind("m\\t2\tpersonal\t", 0), 0u) << rows[2];  // the id, as given
  const Result plain = RunCli("classify --input-format tsv", "42\tlunch with the team?\n");
  EXPECT_EQ(plain.out.rfind("42\tprofessional ", 0), 0u) << plain.out;
  const Result jsonl =
      RunCli("classify --input-format jsonl --format jsonl",
             "{\"text\":\"miss you\",\"id\":\"a\\\"b\"}\n{\"id\":12345678901,\"text\":\"agenda\"}\n");
  ASSERT_EQ(jsonl.exit_code, 0) << jsonl.err;
  const auto lines = Lines(jsonl.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].rfind("{\"id\":\"a\\\"b\",\"label\":\"personal\"", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1].rfind("{\"id\":12345678901,\"label\":", 0), 0u) << lines[1];
  const Result explain = RunCli("explain --input-format jsonl --format jsonl -k 1",
                                "{\"id\":7,\"text\":\"dinner?\"}\n");
  EXPECT_EQ(ParseJson(explain.out).Find("id")->number, 7);
}

TEST(CliTest, BadIdLinesNameTheLine) {
  Result r = RunCli("classify --input-format jsonl", "{\"id\":1,\"text\":\"a\"}\n{\"text\":\"b\"}\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("<stdin>:2: missing member \"id\""), std::string::npos) << r.err;
  EXPECT_EQ(Lines(r.out).size(), 1u);  // what came before the bad line is written
  r = RunCli("classify --input-format jsonl", "{\"id\":[1],\"text\":\"a\"}\n");
  EXPECT_EQ(r.exit_code, 1);
  r = RunCli("classify --input-format tsv", "no tab here\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("<stdin>:1: expected ID<TAB>TEXT"), std::string::npos) << r.err;
}

TEST(CliTest, TrainWritesInt8ByDefaultAndFloat32OnRequest) {
  const std::string tsv = testing::ToyTsv();
  const std::string data = testing::TempPath(".tsv"), model = testing::TempPath(".mim");
  testing::WriteFile(data, tsv);
  Result t = RunCli("train --quiet --hash-bits 12 --output " + model + " " + data);
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_EQ(t.err, "");  // --quiet
  EXPECT_EQ(ParseJson(RunCli("info --json " + model).out).Find("weights")->string, "int8");
  t = RunCli("train --quiet --float32 --hash-bits 12 --output " + model + " " + data);
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_EQ(ParseJson(RunCli("info --json " + model).out).Find("weights")->string, "float32");
  std::remove(data.c_str());
  std::remove(model.c_str());
}

TEST(CliTest, TrainSummaryShowsNoSentinels) {
  const std::string tsv = testing::ToyTsv();
  const std::string model = testing::TempPath(".mim");
  // No held-out share: no validation loss, no early stopping, no calibration.
  const Result r = RunCli("train --validation 0 --epochs 3 --hash-bits 12 --output " + model + " -",
                          tsv);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("-1"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("validation loss"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("3 epochs, no held-out share; no calibration fitted"), std::string::npos)
      << r.err;
  std::remove(model.c_str());
}

TEST(CliTest, TrainingDataTraps) {
  const std::string tsv = "label\ttext\n" + testing::ToyTsv();
  const std::string model = testing::TempPath(".mim");
  Result r = RunCli("train --quiet --hash-bits 12 --output " + model + " -", tsv);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning: <stdin>:1: skipped a header line"), std::string::npos) << r.err;
  EXPECT_EQ(ParseJson(RunCli("info --json " + model).out).Find("labels")->array.size(), 2u);
  r = RunCli("train --quiet --output " + model + " -", tsv + "Personal\tsee you\npersonal \tok\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("differ only in case or surrounding spaces"), std::string::npos) << r.err;
  const std::string array = testing::TempPath(".json");
  testing::WriteFile(array, "[{\"label\":\"personal\",\"text\":\"hi\"}]");
  r = RunCli("train --quiet --output " + model + " " + array);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("this is a JSON array; expected JSON Lines"), std::string::npos) << r.err;
  std::remove(array.c_str());
  std::remove(model.c_str());
}

TEST(CliTest, EvalReadsStdinAndNamesTheModelsLabels) {
  Result r = RunCli("eval --json -", "personal\tmiss you\nprofessional\tagenda for monday\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ParseJson(r.out).Find("count")->number, 2);
  r = RunCli("eval --input-format jsonl -", "{\"label\":\"Personal\",\"text\":\"hi\"}\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("label 'Personal' is not one of the model's labels ('personal', "
                       "'professional')"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace meetintent
