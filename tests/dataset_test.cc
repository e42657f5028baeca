#include "meetintent/dataset.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace meetintent {
namespace {

TEST(DatasetTest, TsvUnescapesText) {
  std::vector<Example> ex;
  ASSERT_TRUE(ParseTsv("personal\tline one\\nline two\\ttab \\\\n\r\n\nprofessional\tx\ty\n",
                       "t.tsv", &ex)
                  .ok());
  ASSERT_EQ(ex.size(), 2u);
  EXPECT_EQ(ex[0].label, "personal");
  EXPECT_EQ(ex[0].text, "line one\nline two\ttab \\n");
  EXPECT_EQ(ex[1].text, "x\ty");  // later tabs belong to the text
}

TEST(DatasetTest, TsvErrorsNameTheLine) {
  std::vector<Example> ex;
  const Status s = ParseTsv("a\tb\nno tab here\n", "data.tsv", &ex);
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_NE(s.message().find("data.tsv:2"), std::string::npos) << s.message();
  EXPECT_FALSE(ParseTsv("\ttext\n", "x", &ex).ok());
}

TEST(DatasetTest, JsonLines) {
  std::vector<Example> ex;
  ASSERT_TRUE(ParseJsonLines(
                  "{\"label\":\"personal\",\"text\":\"hi \\u00e9\\ud83d\\ude00\",\"id\":3}\n\n"
                  "{\"text\":\"x\",\"label\":\"work\",\"meta\":{\"a\":[1,2]}}\n",
                  "t.jsonl", &ex)
                  .ok());
  ASSERT_EQ(ex.size(), 2u);
  EXPECT_EQ(ex[0].text, "hi \xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(ex[1].label, "work");
}

TEST(DatasetTest, JsonLinesErrors) {
  std::vector<Example> ex;
  EXPECT_EQ(ParseJsonLines("{\"label\":\"a\"}\n", "f", &ex).code(), StatusCode::kParseError);
  EXPECT_EQ(ParseJsonLines("{\"label\":1,\"text\":\"x\"}\n", "f", &ex).code(),
            StatusCode::kParseError);
  const Status s = ParseJsonLines("{\"label\":\"a\",\"text\":\"x\"}\n{broken\n", "f.jsonl", &ex);
  EXPECT_NE(s.message().find("f.jsonl:2"), std::string::npos) << s.message();
  EXPECT_FALSE(ParseJsonLines("[1,2]\n", "f", &ex).ok());
}

TEST(DatasetTest, ReadExamplesPicksFormatByName) {
  const std::string tsv = testing::TempPath(".tsv"), jsonl = testing::TempPath(".jsonl");
  testing::WriteFile(tsv, "a\thello\n");
  testing::WriteFile(jsonl, "{\"label\":\"b\",\"text\":\"bye\"}\n");
  std::vector<Example> ex;
  ASSERT_TRUE(ReadExamples(tsv, &ex).ok());
  ASSERT_TRUE(ReadExamples(jsonl, &ex).ok());
  ASSERT_EQ(ex.size(), 2u);
  EXPECT_EQ(ex[1].text, "bye");
  EXPECT_EQ(ReadExamples("/nonexistent.tsv", &ex).code(), StatusCode::kIoError);
  std::remove(tsv.c_str());
  std::remove(jsonl.c_str());
}

}  // namespace
}  // namespace meetintent
