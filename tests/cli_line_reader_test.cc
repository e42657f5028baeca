// The CLI's bounded line reader.
#include "line_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "test_util.h"

namespace meetintent {
namespace cli {
namespace {

struct Line {
  std::string text;
  bool truncated;
  size_t number;
  bool operator==(const Line& o) const {
    return text == o.text && truncated == o.truncated && number == o.number;
  }
};

std::vector<Line> ReadAll(LineReader* r) {
  std::vector<Line> out;
  std::string_view line;
  while (r->Next(&line)) out.push_back({std::string(line), r->truncated(), r->line_number()});
  EXPECT_TRUE(r->status().ok()) << r->status().ToString();
  return out;
}

std::vector<Line> ReadFile(const std::string& content, size_t max = 1000000) {
  const std::string path = testing::TempPath(".txt");
  testing::WriteFile(path, content);
  std::unique_ptr<LineReader> r;
  EXPECT_TRUE(LineReader::Open(path, max, &r).ok());
  std::vector<Line> lines = ReadAll(r.get());
  std::remove(path.c_str());
  return lines;
}

// Feeds `pieces` through a pipe, one write each, so that reads see them apart.
std::vector<Line> ReadPipe(const std::vector<std::string>& pieces, size_t max, int* waits) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  std::thread writer([&] {
    for (const std::string& p : pieces) {
      EXPECT_EQ(write(fds[1], p.data(), p.size()), static_cast<ssize_t>(p.size()));
      usleep(2000);
    }
    close(fds[1]);
  });
  LineReader r(fds[0], "<pipe>", max);
  r.set_before_wait([waits] { ++*waits; });
  std::vector<Line> lines = ReadAll(&r);
  writer.join();
  close(fds[0]);
  return lines;
}

TEST(CliLineReaderTest, EveryLineEnd) {
  EXPECT_EQ(ReadFile("a\nb\r\nc\rd"),
            (std::vector<Line>{{"a", false, 1}, {"b", false, 2}, {"c", false, 3}, {"d", false, 4}}));
  EXPECT_EQ(ReadFile("x\r\r\n\n"), (std::vector<Line>{{"x", false, 1}, {"", false, 2}, {"", false, 3}}));
  EXPECT_EQ(ReadFile("\n"), (std::vector<Line>{{"", false, 1}}));
  EXPECT_TRUE(ReadFile("").empty());
}

TEST(CliLineReaderTest, CrLfAcrossTwoReads) {
  // The file is read in 64 KiB blocks: put the "\r" last in the first block.
  const std::string first(64 * 1024 - 1, 'a');
  const std::vector<Line> lines = ReadFile(first + "\r\nb\n");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, first);
  EXPECT_EQ(lines[1], (Line{"b", false, 2}));
  int waits = 0;
  EXPECT_EQ(ReadPipe({"one\r", "\ntwo\r", "three"}, 100, &waits),
            (std::vector<Line>{{"one", false, 1}, {"two", false, 2}, {"three", false, 3}}));
}

TEST(CliLineReaderTest, ByteOrderMark) {
  EXPECT_EQ(ReadFile("\xEF\xBB\xBFhello\n"), (std::vector<Line>{{"hello", false, 1}}));
  EXPECT_EQ(ReadFile("\xEF\xBB\xBF"), (std::vector<Line>{}));
  EXPECT_EQ(ReadFile("\xEF\xBB"), (std::vector<Line>{{"\xEF\xBB", false, 1}}));
  EXPECT_EQ(ReadFile("a\n\xEF\xBB\xBF" "b"), (std::vector<Line>{{"a", false, 1}, {"\xEF\xBB\xBF" "b", false, 2}}));
  int waits = 0;  // one byte at a time
  EXPECT_EQ(ReadPipe({"\xEF", "\xBB", "\xBF", "hi\n"}, 100, &waits),
            (std::vector<Line>{{"hi", false, 1}}));
  EXPECT_EQ(ReadPipe({"\xEF", "x\n"}, 100, &waits), (std::vector<Line>{{"\xEFx", false, 1}}));
}

TEST(CliLineReaderTest, LongLinesAreCutAndTheRestDropped) {
  const std::string huge(1000000, 'x');
  EXPECT_EQ(ReadFile(huge + "\nshort\n" + huge, 10),
            (std::vector<Line>{{"xxxxxxxxxx", true, 1}, {"short", false, 2}, {"xxxxxxxxxx", true, 3}}));
  EXPECT_EQ(ReadFile("0123456789\n01234567890\n", 10),
            (std::vector<Line>{{"0123456789", false, 1}, {"0123456789", true, 2}}));
  int waits = 0;
  EXPECT_EQ(ReadPipe({std::string(70000, 'y'), std::string(70000, 'y') + "\rz"}, 5, &waits),
            (std::vector<Line>{{"yyyyy", true, 1}, {"z", false, 2}}));
}

TEST(CliLineReaderTest, WaitsAreAnnouncedForPipesNotFiles) {
  // The hook feeds the pipe itself, so the test knows when a read would
  // wait: only then is the hook called, not while input is already there
  // (a busy pipe would otherwise announce a wait before every block).
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  ASSERT_EQ(write(fds[1], "a\nb\n", 4), 4);
  const std::vector<std::string> pieces = {"c\n", "d\n"};
  size_t next = 0;
  std::vector<size_t> lines_read_at_wait;
  LineReader pipe_reader(fds[0], "<pipe>", 100);
  pipe_reader.set_before_wait([&] {
    lines_read_at_wait.push_back(pipe_reader.line_number());
    if (next < pieces.size()) {
      EXPECT_EQ(write(fds[1], pieces[next].data(), 2), 2);
      ++next;
    } else {
      close(fds[1]);
    }
  });
  EXPECT_EQ(ReadAll(&pipe_reader).size(), 4u);
  EXPECT_EQ(lines_read_at_wait, (std::vector<size_t>{2, 3, 4}));
  close(fds[0]);

  const std::string path = testing::TempPath(".txt");
  testing::WriteFile(path, "a\nb\n");
  std::unique_ptr<LineReader> r;
  ASSERT_TRUE(LineReader::Open(path, 100, &r).ok());
  int file_waits = 0;
  r->set_before_wait([&] { ++file_waits; });
  EXPECT_EQ(ReadAll(r.get()).size(), 2u);
  EXPECT_EQ(file_waits, 0);
  std::remove(path.c_str());
}

TEST(CliLineReaderTest, Errors) {
  std::unique_ptr<LineReader> r;
  const Status missing = LineReader::Open("/nonexistent/x.jsonl", 100, &r);
  EXPECT_EQ(missing.code(), StatusCode::kIoError);
  EXPECT_NE(missing.message().find("/nonexistent/x.jsonl"), std::string::npos);
  ASSERT_TRUE(LineReader::Open("/", 100, &r).ok());  // a folder opens, and reading it fails
  std::string_view line;
  EXPECT_FALSE(r->Next(&line));
  EXPECT_EQ(r->status().code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace cli
}  // namespace meetintent
