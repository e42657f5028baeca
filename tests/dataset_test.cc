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

TEST(DatasetTest, ByteOrderMarkIsSkipped) {
  std::vector<Example> ex;
  ASSERT_TRUE(ParseTsv("\xEF\xBB\xBFprofessional\tagenda\npersonal\tmiss you\n", "t", &ex).ok());
  ASSERT_EQ(ex.size(), 2u);
  EXPECT_EQ(ex[0].label, "professional");  // not "\ufeffprofessional", a third label
  ASSERT_TRUE(ParseJsonLines("\xEF\xBB\xBF{\"label\":\"a\",\"text\":\"x\"}\n", "t", &ex).ok());
  EXPECT_EQ(ex.back().label, "a");
  // Only at the very start: elsewhere the bytes are data.
  ASSERT_TRUE(ParseTsv("a\tx\n\xEF\xBB\xBF" "b\ty\n", "t", &ex).ok());
  EXPECT_EQ(ex.back().label, "\xEF\xBB\xBF" "b");
}

TEST(DatasetTest, CarriageReturnLineEnds) {
  for (const char* content : {"a\tone\rb\ttwo\rc\tthree", "a\tone\r\nb\ttwo\r\nc\tthree\r\n",
                              "a\tone\nb\ttwo\r\rc\tthree\n"}) {
    std::vector<Example> ex;
    ASSERT_TRUE(ParseTsv(content, "t", &ex).ok()) << content;
    ASSERT_EQ(ex.size(), 3u) << content;
    EXPECT_EQ(ex[1].label, "b");
    EXPECT_EQ(ex[1].text, "two");
    EXPECT_EQ(ex[2].text, "three");
  }
  std::vector<Example> ex;
  const Status s = ParseTsv("a\tone\rno tab\r", "cr.tsv", &ex);
  EXPECT_NE(s.message().find("cr.tsv:2:"), std::string::npos) << s.message();
  ex.clear();
  ASSERT_TRUE(ParseJsonLines("{\"label\":\"a\",\"text\":\"x\"}\r{\"label\":\"b\",\"text\":\"y\"}",
                             "t", &ex)
                  .ok());
  EXPECT_EQ(ex.size(), 2u);
}

TEST(DatasetTest, TsvHeaderLineIsSkippedWithAWarning) {
  std::vector<Example> ex;
  std::vector<std::string> warnings;
  ASSERT_TRUE(ParseTsv("\nLabel\ttext\npersonal\thi\n", "h.tsv", &ex, &warnings).ok());
  ASSERT_EQ(ex.size(), 1u);
  EXPECT_EQ(ex[0].label, "personal");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("h.tsv:2: skipped a header line"), std::string::npos) << warnings[0];
  // Only the first line is a header; later, "label" is a label like any other.
  warnings.clear();
  ex.clear();
  ASSERT_TRUE(ParseTsv("personal\thi\nlabel\tx\n", "t", &ex, &warnings).ok());
  EXPECT_EQ(ex.size(), 2u);
  EXPECT_TRUE(warnings.empty());
}

TEST(DatasetTest, JsonArrayIsRefusedSayingJsonLinesIsExpected) {
  std::vector<Example> ex;
  for (const char* content : {"[{\"label\":\"a\",\"text\":\"x\"}]\n",
                              "[\n  {\"label\": \"a\", \"text\": \"x\"}\n]\n"}) {
    const Status s = ParseJsonLines(content, "data.json", &ex);
    EXPECT_EQ(s.code(), StatusCode::kParseError);
    EXPECT_NE(s.message().find("data.json:1: this is a JSON array; expected JSON Lines"),
              std::string::npos)
        << s.message();
  }
}

TEST(DatasetTest, LabelsThatDifferOnlyInCaseOrSpaces) {
  EXPECT_TRUE(CheckLabelSpelling({{"personal", "a"}, {"professional", "b"}}).ok());
  for (const char* other : {"Personal", "personal ", " PERSONAL\t"}) {
    const Status s = CheckLabelSpelling({{"personal", "a"}, {"personal", "b"}, {other, "c"}});
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << other;
    EXPECT_NE(s.message().find("'" + std::string(other) + "'"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("'personal'"), std::string::npos) << s.message();
    const bool other_first = std::string(other) < "personal";
    EXPECT_NE(s.message().find(other_first ? "(1 and 2 examples)" : "(2 and 1 examples)"),
              std::string::npos)
        << s.message();
  }
}

TEST(DatasetTest, EscapesRoundTrip) {
  const std::string text = "a\nb\tc\rd\\e \\n f\\";
  std::string escaped;
  AppendEscapedTsvText(text, &escaped);
  EXPECT_EQ(escaped.find_first_of("\n\t\r"), std::string::npos);
  std::string back = "left over";
  UnescapeTsvText(escaped, &back);
  EXPECT_EQ(back, text);
  EXPECT_EQ(UnescapeTsvText("x\\q\\"), "x\\q\\");  // unknown escape, lone backslash: kept
}

TEST(DatasetTest, ReadExamplesWithAnExplicitFormat) {
  const std::string path = testing::TempPath(".txt");
  testing::WriteFile(path, "{\"label\":\"b\",\"text\":\"bye\"}\n");
  std::vector<Example> ex;
  EXPECT_FALSE(ReadExamples(path, DataFormat::kByName, &ex, nullptr).ok());  // TSV: no tab
  ASSERT_TRUE(ReadExamples(path, DataFormat::kJsonLines, &ex, nullptr).ok());
  EXPECT_EQ(ex.back().text, "bye");
  std::remove(path.c_str());
}

}  // namespace
}  // namespace meetintent
