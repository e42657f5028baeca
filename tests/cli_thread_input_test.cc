// The thread command's input reader.
#include "thread_input.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_util.h"

namespace meetintent {
namespace cli {
namespace {

Status Read(const std::string& content, std::vector<InputThread>* threads,
            size_t max_line = 1 << 20) {
  const std::string path = testing::TempPath(".jsonl");
  testing::WriteFile(path, content);
  std::unique_ptr<LineReader> r;
  EXPECT_TRUE(LineReader::Open(path, max_line, &r).ok());
  const Status s = ReadThreads(r.get(), "", threads);
  std::remove(path.c_str());
  return s;
}

TEST(CliThreadInputTest, BothFormsInOrderOfFirstAppearance) {
  std::vector<InputThread> threads;
  ASSERT_TRUE(Read("\xEF\xBB\xBF{\"thread_id\":\"b\",\"sender\":\"x\",\"text\":\"hi\"}\r\n"
                   "{\"thread_id\":\"a\",\"messages\":[{\"text\":\"1\",\"time\":null},"
                   "{\"text\":\"2\",\"time\":\"2025-03-04T12:15:00+02:00\"}]}\r\n\r\n"
                   "{\"thread_id\":\"b\",\"text\":\"again\",\"time\":\"1969-12-31T23:59:59Z\"}\r\n",
                   &threads)
                  .ok());
  ASSERT_EQ(threads.size(), 2u);
  EXPECT_EQ(threads[0].id, "b");
  ASSERT_EQ(threads[0].messages.size(), 2u);
  EXPECT_EQ(threads[0].messages[0].sender, "x");
  EXPECT_FALSE(threads[0].messages[0].time.known);
  EXPECT_TRUE(threads[0].messages[1].time.known);
  EXPECT_EQ(threads[0].messages[1].time.seconds, -1);  // a real time, not "unknown"
  ASSERT_EQ(threads[1].messages.size(), 2u);
  EXPECT_FALSE(threads[1].messages[0].time.known);
  EXPECT_EQ(threads[1].messages[1].time.seconds, 1741083300);
}

TEST(CliThreadInputTest, ErrorsNameTheLine) {
  struct Case {
    const char* content;
    const char* error;
  };
  const Case cases[] = {
      {"{\"thread_id\":\"t\",\"text\":\"a\"}\n{\"thread_id\":\"t\",\"text\":\"b\",\"time\":"
       "\"yesterday\"}\n",
       ":2: \"time\" 'yesterday': expected an RFC 3339 time"},
      {"{\"thread_id\":\"t\",\"text\":\"a\",\"time\":\"-2147483648-01-01T00:00:00Z\"}\n",
       ":1: \"time\" '-2147483648-01-01T00:00:00Z': expected an RFC 3339 time"},
      {"{\"thread_id\":\"t\",\"text\":\"a\",\"time\":1741083300}\n",
       ":1: \"time\" must be an RFC 3339 string"},
      {"{\"thread_id\":\"t\",\"messages\":[{\"text\":\"a\"},{\"sender\":\"b\"}]}\n",
       ":1: message 1: missing string member \"text\""},
      {"\n\n{\"text\":\"a\"}\n", ":3: missing string member \"thread_id\""},
      {"{\"thread_id\":\"t\",\"text\":\"a\",\"sender\":3}\n", ":1: \"sender\" must be a string"},
      {"[1]\n", ":1: expected a JSON object"},
      {"{\"thread_id\":\"t\",\"messages\":{}}\n", ":1: \"messages\" must be an array"},
  };
  for (const Case& c : cases) {
    std::vector<InputThread> threads;
    const Status s = Read(c.content, &threads);
    EXPECT_EQ(s.code(), StatusCode::kParseError) << c.content;
    EXPECT_NE(s.message().find(c.error), std::string::npos) << s.message();
  }
  std::vector<InputThread> threads;
  const Status s = Read("{\"thread_id\":\"t\",\"text\":\"" + std::string(200, 'a') + "\"}\n",
                        &threads, 100);
  EXPECT_NE(s.message().find(":1: line longer than 100 bytes; refused"), std::string::npos)
      << s.message();
}

InputMessage Message(const std::string& sender, Time time, const std::string& text) {
  InputMessage m;
  m.sender = sender;
  m.time = time;
  m.text = text;
  return m;
}

TEST(CliThreadInputTest, LibraryMessagesKeepEveryDifference) {
  InputThread t;
  t.messages = {Message("a", {true, 1000}, "x"), Message("b", {false, 0}, "y"),
                Message("a", {true, 4600}, "z")};
  std::vector<ThreadMessage> m = ToLibraryMessages(t);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].timestamp, 1000);  // times from 1970 on pass as they are
  EXPECT_EQ(m[1].timestamp, -1);    // unknown
  EXPECT_EQ(m[2].timestamp, 4600);
  EXPECT_EQ(m[2].text, "z");
  EXPECT_EQ(m[2].sender, "a");
  // Times before 1970 are shifted together, so none reads as "unknown" (-1).
  t.messages = {Message("a", {true, -1}, "x"), Message("b", {false, 0}, "y"),
                Message("a", {true, 3599}, "z"), Message("b", {true, -7201}, "w")};
  m = ToLibraryMessages(t);
  EXPECT_EQ(m[0].timestamp, 7200);
  EXPECT_EQ(m[1].timestamp, -1);
  EXPECT_EQ(m[2].timestamp, 10800);
  EXPECT_EQ(m[3].timestamp, 0);
}

}  // namespace
}  // namespace cli
}  // namespace meetintent
