// meetintent thread, end to end: formats, options and times.
#include <gtest/gtest.h>

#include <string>

#include "cli_run.h"

namespace meetintent {
namespace {

using testing::Lines;
using testing::ParseJson;
using testing::RunCli;

// Sender b offers a benefit with a condition, then asks, in two messages at
// the times given.
std::string QuidProQuoThread(const std::string& offer_time, const std::string& ask_time) {
  return "{\"thread_id\":\"t\",\"sender\":\"a\",\"text\":\"Great to meet you at the summit. "
         "I'd love to hear about openings on your team.\"}\n"
         "{\"thread_id\":\"t\",\"sender\":\"b\",\"time\":\"" + offer_time +
         "\",\"text\":\"I could introduce you to the hiring manager, but first I want to see "
         "you again.\"}\n"
         "{\"thread_id\":\"t\",\"sender\":\"b\",\"time\":\"" + ask_time +
         "\",\"text\":\"Dinner at my place on Saturday, just the two of us?\"}\n";
}

size_t QuidProQuoCount(const std::string& options, const std::string& input) {
  const auto r = RunCli("thread " + options, input);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return ParseJson(r.out).Find("quid_pro_quo")->array.size();
}

TEST(CliThreadTest, OffsetsAreApplied) {
  // 10:30+02:00 is 08:30Z, half an hour after the offer: inside a one-hour window.
  const std::string with_offset = QuidProQuoThread("2025-03-04T08:00:00Z", "2025-03-04T10:30:00+02:00");
  EXPECT_EQ(QuidProQuoCount("--pair-window-seconds 3600", with_offset), 1u);
  // Read as 10:30Z it would be two and a half hours later: outside.
  const std::string as_utc = QuidProQuoThread("2025-03-04T08:00:00Z", "2025-03-04T10:30:00Z");
  EXPECT_EQ(QuidProQuoCount("--pair-window-seconds 3600", as_utc), 0u);
  EXPECT_EQ(QuidProQuoCount("--pair-window-seconds=9000", as_utc), 1u);
}

TEST(CliThreadTest, TimesBefore1970AreKnown) {
  // 23:00 the day before 1970 and 00:30 on its first day: 90 minutes apart.
  const std::string early = QuidProQuoThread("1969-12-31T23:00:00Z", "1970-01-01T00:30:00Z");
  EXPECT_EQ(QuidProQuoCount("--pair-window-seconds 3600", early), 0u);  // not "unknown time"
  EXPECT_EQ(QuidProQuoCount("--pair-window-seconds 5400", early), 1u);
  EXPECT_EQ(QuidProQuoCount("--pair-window-seconds 3600",
                            QuidProQuoThread("1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z")),
            1u);
}

TEST(CliThreadTest, BadTimesAreErrorsWithTheLine) {
  for (const char* bad : {"-2147483648-01-01T00:00:00Z", "yesterday", "2025-03-04T10:15:00",
                          "2025-02-30T10:15:00Z"}) {
    const auto r = RunCli("thread", QuidProQuoThread("2025-03-04T08:00:00Z", bad));
    EXPECT_EQ(r.exit_code, 1) << bad;
    EXPECT_NE(r.err.find("<stdin>:3: \"time\" '" + std::string(bad) + "'"), std::string::npos)
        << r.err;
    EXPECT_EQ(r.out, "");
  }
}

TEST(CliThreadTest, OptionsReachTheAnalysis) {
  const std::string input = QuidProQuoThread("2025-03-04T08:00:00Z", "2025-03-04T08:30:00Z");
  const auto base = RunCli("thread", input);
  const auto smooth = RunCli("thread --smoothing 1", input);
  ASSERT_EQ(smooth.exit_code, 0) << smooth.err;
  // With smoothing 1 the trajectory is each message's own evidence.
  const json::Value v = ParseJson(smooth.out);
  const json::Value* messages = v.Find("messages");
  ASSERT_EQ(messages->array.size(), 3u);
  EXPECT_NE(base.out, smooth.out);
  const auto no_drift = RunCli("thread --message-threshold 1 --thread-threshold=1", input);
  EXPECT_EQ(ParseJson(no_drift.out).Find("drift")->type, json::Value::kNull);
  EXPECT_EQ(ParseJson(base.out).Find("drift")->type, json::Value::kObject);
  EXPECT_EQ(QuidProQuoCount("--pair-window-messages 0", input), 1u);  // no one between them
  EXPECT_NE(RunCli("thread --short-message-tokens 0", input).out, base.out);
  const auto zero = RunCli("thread --smoothing 0", input);
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_NE(zero.err.find("--smoothing: expected a number from 0.001 to 1"), std::string::npos)
      << zero.err;
}

TEST(CliThreadTest, PlainFormat) {
  const std::string input = QuidProQuoThread("2025-03-04T08:00:00Z", "2025-03-04T08:30:00Z");
  const auto r = RunCli("thread --format plain -", input);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = Lines(r.out);
  ASSERT_GE(lines.size(), 6u) << r.out;
  EXPECT_EQ(lines[0].rfind("thread \"t\": personal, p(personal) ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("<- drift"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  quid pro quo: benefit message 1 "), std::string::npos) << r.out;
  EXPECT_EQ(lines.back(), "");  // a blank line ends each thread
  EXPECT_EQ(RunCli("thread --format xml", input).exit_code, 2);
}

TEST(CliThreadTest, FileAndErrors) {
  auto r = RunCli("thread /nonexistent/threads.jsonl");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/nonexistent/threads.jsonl"), std::string::npos) << r.err;
  EXPECT_EQ(RunCli("thread a.jsonl b.jsonl").exit_code, 2);
  r = RunCli("thread", "{\"thread_id\":\"t\",\"text\":\"a\"}\n{\"text\":\"b\"}\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("<stdin>:2: missing string member \"thread_id\""), std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace meetintent
