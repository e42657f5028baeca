#include "json.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

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

TEST(JsonTest, NumbersAreWrittenAsPrintfG6) {
  // AppendNumber promises printf's "%.6g"; check it on values of every size.
  std::mt19937_64 rng(7);
  std::vector<double> values = {0, -0.0, 1, 0.5, 1e-7, 123456, 1234567, 0.999999, 0.9999995,
                                1.19209e-07, 2.5e-300, 1e300, -42.125};
  for (int i = 0; i < 20000; ++i) {
    values.push_back(std::ldexp(std::uniform_real_distribution<double>(-1, 1)(rng),
                                std::uniform_int_distribution<int>(-60, 60)(rng)));
    values.push_back(static_cast<float>(std::uniform_real_distribution<double>(0, 1)(rng)));
  }
  // Every decimal size AppendNumber reads without std::to_chars (1e-30 to
  // 1e6), probabilities as floats, and exact ties of the sixth digit
  // (1.234375 = 79/64, 100000.5), which it leaves to std::to_chars.
  for (int i = 0; i < 200000; ++i) {
    values.push_back(std::pow(10.0, std::uniform_real_distribution<double>(-31, 7)(rng)));
    values.push_back(static_cast<float>(std::pow(10.0, std::uniform_real_distribution<double>(-9, 0)(rng))));
  }
  for (int k = 0; k < 40; ++k) {
    for (int m = 1; m < 2000; ++m) values.push_back(std::ldexp(m, -k));
  }
  for (int m = 0; m < 2000; ++m) values.push_back(100000.5 + 17 * m);
  // Just above 1e-30, where the first exponent estimate is one too low.
  for (double v = 1e-30; v < 1.7e-30; v *= 1.001) values.push_back(v);
  for (int p = -30; p <= 7; ++p) {
    values.push_back(std::pow(10.0, p));
    values.push_back(std::nextafter(std::pow(10.0, p), 0));
    values.push_back(std::nextafter(std::pow(10.0, p), 1e9));
    values.push_back(9.999995 * std::pow(10.0, p));
    values.push_back(9.9999949999 * std::pow(10.0, p));
  }
  for (double v : values) {
    char expected[64];
    std::snprintf(expected, sizeof(expected), "%.6g", v);
    std::string out;
    json::AppendNumber(v, &out);
    ASSERT_EQ(out, expected) << v;
  }
  std::string out;
  json::AppendNumber(std::nan(""), &out);
  json::AppendNumber(HUGE_VAL, &out);
  EXPECT_EQ(out, "nullnull");
}

TEST(JsonTest, WriterPlacesCommasAndColons) {
  std::string out;
  json::Writer w(&out);
  w.BeginObject().Key("a").Int(-3).Key("b").BeginArray().EndArray().Key("c").BeginArray();
  w.String("x\"").Number(0.25).Bool(false).Null().BeginObject().EndObject().Raw("17");
  w.BeginArray().Int(1).Int(2).EndArray().EndArray().Key("d").BeginObject().Key("e").Bool(true);
  w.EndObject().EndObject();
  EXPECT_EQ(out,
            "{\"a\":-3,\"b\":[],\"c\":[\"x\\\"\",0.25,false,null,{},17,[1,2]],\"d\":{\"e\":true}}");
  json::Value v;
  std::string err;
  EXPECT_TRUE(json::Parse(out, &v, &err)) << err;
  // Top-level values are not separated: one document per JSON line.
  out.clear();
  json::Writer lines(&out);
  lines.BeginObject().EndObject().BeginObject().Key("k").Int(1).EndObject();
  EXPECT_EQ(out, "{}{\"k\":1}");
}

TEST(JsonTest, IntegersAndLongStrings) {
  std::string out;
  json::AppendInt(INT64_MIN, &out);
  out += " ";
  json::AppendInt(9007199254740993, &out);
  EXPECT_EQ(out, "-9223372036854775808 9007199254740993");
  // A long plain run, then every byte that needs care.
  std::string s(5000, 'x');
  s += "\"\\\b\x7f\xc3\xa9\xff";
  out.clear();
  json::AppendString(s, &out);
  EXPECT_EQ(out, "\"" + std::string(5000, 'x') + "\\\"\\\\\\u0008\\u007f\xc3\xa9\xef\xbf\xbd\"");
}

}  // namespace
}  // namespace meetintent
