#include "json.h"

#include <gtest/gtest.h>

namespace meetintent {
namespace {

TEST(JsonTest, ParsesDocuments) {
  json::Value v;
  std::string err;
  ASSERT_TRUE(json::Parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\": {\"c\": \"d\"}} ", &v, &err)) << err;
  ASSERT_EQ(v.type, json::Value::kObject);
  const json::Value* a = v.Find("a");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->array.size(), 5u);
  EXPECT_EQ(a->array[1].number, -2500);
  EXPECT_EQ(v.Find("b")->Find("c")->string, "d");
}

TEST(JsonTest, RejectsMalformedInput) {
  json::Value v;
  std::string err;
  for (const char* bad : {"", "{", "{\"a\"}", "[1,]", "\"abc", "tru", "01x", "{\"a\":1}x",
                          "\"\\x\"", "\"\x01\"", "{\"a\":\"\\ud83d\"", "[" }) {
    EXPECT_FALSE(json::Parse(bad, &v, &err)) << bad;
    EXPECT_FALSE(err.empty());
  }
}

TEST(JsonTest, BoundsNestingDepth) {
  json::Value v;
  std::string err;
  EXPECT_FALSE(json::Parse(std::string(100000, '['), &v, &err));
  EXPECT_NE(err.find("deep"), std::string::npos);
}

TEST(JsonTest, LoneSurrogatesBecomeReplacement) {
  json::Value v;
  std::string err;
  ASSERT_TRUE(json::Parse("\"a\\udc00b\"", &v, &err));
  EXPECT_EQ(v.string, "a\xef\xbf\xbd" "b");
}

TEST(JsonTest, WritesEscapedStrings) {
  std::string out;
  json::AppendString("a\"b\\c\nd\x01\xff", &out);
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\nd\\u0001\xef\xbf\xbd\"");
  out.clear();
  json::AppendNumber(0.25, &out);
  EXPECT_EQ(out, "0.25");
}

}  // namespace
}  // namespace meetintent
