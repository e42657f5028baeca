// RFC 3339 timestamps of the thread command.
#include "timestamp.h"

#include <gtest/gtest.h>

#include <string>

namespace meetintent {
namespace cli {
namespace {

int64_t Seconds(const std::string& text) {
  int64_t s = 0;
  std::string error;
  EXPECT_TRUE(ParseRfc3339(text, &s, &error)) << text << ": " << error;
  return s;
}

std::string Error(const std::string& text) {
  int64_t s = 12345;
  std::string error;
  EXPECT_FALSE(ParseRfc3339(text, &s, &error)) << text;
  EXPECT_EQ(s, 12345) << text;  // untouched on failure
  return error;
}

TEST(CliTimestampTest, UtcTimes) {
  EXPECT_EQ(Seconds("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(Seconds("2025-03-04T10:15:00Z"), 1741083300);
  EXPECT_EQ(Seconds("2000-02-29T23:59:59Z"), 951868799);
  EXPECT_EQ(Seconds("9999-12-31T23:59:59Z"), 253402300799);
  EXPECT_EQ(Seconds("2025-03-04t10:15:00z"), 1741083300);  // RFC 3339 allows lower case
  EXPECT_EQ(Seconds("2025-03-04 10:15:00Z"), 1741083300);  // and a space for the T
  EXPECT_EQ(Seconds("2025-03-04T10:15:00.999Z"), 1741083300);  // fractions dropped
  EXPECT_EQ(Seconds("2016-12-31T23:59:60Z"), Seconds("2017-01-01T00:00:00Z"));  // leap second
}

TEST(CliTimestampTest, TimesBefore1970AreKnownTimes) {
  EXPECT_EQ(Seconds("1969-12-31T23:59:59Z"), -1);
  EXPECT_EQ(Seconds("1900-01-01T00:00:00Z"), -2208988800);
  EXPECT_EQ(Seconds("0000-01-01T00:00:00Z"), -62167219200);
}

TEST(CliTimestampTest, OffsetsAreApplied) {
  EXPECT_EQ(Seconds("2025-03-04T12:15:00+02:00"), Seconds("2025-03-04T10:15:00Z"));
  EXPECT_EQ(Seconds("2025-03-04T05:45:00-04:30"), Seconds("2025-03-04T10:15:00Z"));
  EXPECT_EQ(Seconds("2025-03-04T10:15:00+00:00"), Seconds("2025-03-04T10:15:00-00:00"));
  EXPECT_EQ(Seconds("1970-01-01T00:30:00+01:00"), -1800);
}

TEST(CliTimestampTest, AnythingElseIsAnError) {
  for (const char* bad : {"", "yesterday", "2025-03-04", "2025-03-04T10:15:00",
                          "2025-03-04T10:15Z", "25-03-04T10:15:00Z", "-2147483648-01-01T00:00:00Z",
                          "+2025-03-04T10:15:00Z", "12025-03-04T10:15:00Z", "2025-3-4T10:15:00Z",
                          "2025-03-04T10:15:00+0200", "2025-03-04T10:15:00+02", "2025-03-04T10:15:00.Z",
                          "2025-03-04T10:15:00Z ", " 2025-03-04T10:15:00Z", "2025-03-04T10:15:00ZZ",
                          "2025-03-04T10:15:00 UTC", "1741083300"}) {
    EXPECT_FALSE(Error(bad).empty()) << bad;
  }
  for (const char* impossible : {"2025-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2025-04-31T00:00:00Z",
                                 "2025-13-01T00:00:00Z", "2025-00-10T00:00:00Z", "2025-01-00T00:00:00Z",
                                 "2025-01-01T24:00:00Z", "2025-01-01T00:60:00Z", "2025-01-01T00:00:61Z",
                                 "2025-01-01T00:00:00+24:00", "2025-01-01T00:00:00+01:60"}) {
    EXPECT_FALSE(Error(impossible).empty()) << impossible;
  }
  EXPECT_EQ(Error("2025-02-30T00:00:00Z"), "no such date or time of day");
}

}  // namespace
}  // namespace cli
}  // namespace meetintent
