#include "placeholders.h"

#include <gtest/gtest.h>

#include <string>

namespace meetintent {
namespace {

// Runs the substitution on ASCII text; placeholders print as their names.
// ASCII text reads the same with and without unspaced_script_numbers (the
// normalizer's default is on): both are run and compared.
std::string Sub(const std::string& s) {
  std::string out[2];
  for (const bool unspaced : {false, true}) {
    CodePoints cps(s.begin(), s.end());
    Spans spans;
    for (uint32_t i = 0; i < s.size(); ++i) spans.push_back({i, i + 1});
    ReplacePlaceholders(&cps, &spans, unspaced);
    for (char32_t c : cps) {
      if (const char* name = PlaceholderName(c)) out[unspaced] += name;
      else out[unspaced].push_back(static_cast<char>(c));
    }
  }
  EXPECT_EQ(out[0], out[1]) << s;
  return out[1];
}

TEST(PlaceholdersTest, Urls) {
  EXPECT_EQ(Sub("go to http://a.io/x_y, now"), "go to <url>, now");
  EXPECT_EQ(Sub("(https://zoom.us/j/123)"), "(<url>)");
  EXPECT_EQ(Sub("www.acme.com."), "<url>.");
  EXPECT_EQ(Sub("http:// nothing"), "http:// nothing");
}

TEST(PlaceholdersTest, Emails) {
  EXPECT_EQ(Sub("write to j.doe+x@mail.acme.com."), "write to <email>.");
  EXPECT_EQ(Sub("@handle and a@b"), "@handle and a@b");
}

// Letters far before an '@' are stepped over with the rest of a stretch:
// an address whose local part starts exactly 64 characters (the longest
// local part) before the '@' is still found, and one of 65 is not, both
// before and after an earlier replacement has moved the text down.
TEST(PlaceholdersTest, EmailsFarFromTheStartAndAfterAReplacement) {
  const std::string longest(64, 'a'), too_long(65, 'b');
  const std::string filler = " some words with digits like 12 and a wide hall in between ";
  EXPECT_EQ(Sub(filler + longest + "@x.io"), filler.substr(0, 29) + "<num>" +
                                                 filler.substr(31) + "<email>");
  EXPECT_EQ(Sub("meet at 10" + filler + too_long + "@x.io"),
            "meet at <num>" + filler.substr(0, 29) + "<num>" + filler.substr(31) +
                too_long + "@x.io");
  EXPECT_EQ(Sub("call 555" + filler + "x" + longest.substr(1) + "@x.io and 7"),
            "call <num>" + filler.substr(0, 29) + "<num>" + filler.substr(31) +
                "<email> and <num>");
}

// The characters that can start a match are looked for four at a time:
// each is found at every position of a block, after any character.
// An address starts where the run of local-part characters before its '@'
// does; letters before that run are stepped over, also after a replacement
// and between two '@'s.
TEST(PlaceholdersTest, EmailsStartWhereTheirLocalPartDoes) {
  EXPECT_EQ(Sub("ask (j.doe+x@acme.io)"), "ask (<email>)");
  EXPECT_EQ(Sub("a,b@x.io"), "a,<email>");
  EXPECT_EQ(Sub("x%y_z-w.v@x.io"), "<email>");
  EXPECT_EQ(Sub("x@y z@w.io"), "x@y <email>");
  EXPECT_EQ(Sub("10 20 ab@x.io"), "<num> <num> <email>");
  EXPECT_EQ(Sub("mail me: 10 j@x.io or k@x.io"), "mail me: <num> <email> or <email>");
  EXPECT_EQ(Sub("see " + std::string(70, 'q') + "@x.io and r@x.io"),
            "see " + std::string(70, 'q') + "@x.io and <email>");
  EXPECT_EQ(Sub("wordy text" + std::string(60, '.') + "a@x.io"),
            "wordy text" + std::string(60, '.') + "a@x.io");
}

TEST(PlaceholdersTest, MatchesStartAtEveryPositionOfABlock) {
  for (size_t pad = 0; pad < 8; ++pad) {
    for (const char* before : {"x", ",", "\xc3\xa9"}) {
      const std::string p = std::string(pad, 'y') + before + " ";
      EXPECT_EQ(Sub(p + "7 " + p), p + "<num> " + p);
      EXPECT_EQ(Sub(p + "www.a.io " + p), p + "<url> " + p);
      EXPECT_EQ(Sub(p + "http://a.io " + p), p + "<url> " + p);
      EXPECT_EQ(Sub(p + "+1 415 555 0199 " + p), p + "<phone> " + p);
      EXPECT_EQ(Sub(p + "hw+ " + p), p + "hw+ " + p);
    }
  }
}

TEST(PlaceholdersTest, TimesDatesPhonesNumbers) {
  EXPECT_EQ(Sub("9:30am"), "<time>");
  EXPECT_EQ(Sub("at 7 pm"), "at <time>");
  EXPECT_EQ(Sub("18h"), "<time>");
  EXPECT_EQ(Sub("05.12.2024"), "<date>");
  EXPECT_EQ(Sub("2024/5/1"), "<date>");
  EXPECT_EQ(Sub("+44 20 7946 0958"), "<phone>");
  EXPECT_EQ(Sub("(555) 123-4567"), "(<phone>");
  EXPECT_EQ(Sub("1.5 or 12,000 or 42nd"), "<num> or <num> or <num>");
}

// Long runs that once took quadratic time (found by fuzzing): a megabyte of
// digit groups or of local-part characters is handled in one linear pass.
TEST(PlaceholdersTest, LongRunsStayLinear) {
  std::string digits;
  while (digits.size() < (1u << 20)) digits += "1 ";
  // Only the bounded scans run: the whole megabyte becomes placeholders.
  std::string out = Sub(digits);
  EXPECT_EQ(out.find('1'), std::string::npos);
  std::string local;
  while (local.size() < (1u << 20)) local += "a%";
  local += "a@example.com";
  out = Sub(local);
  // Only the last 64 characters before '@' can be a local part: the address
  // found is the tail of the run.
  ASSERT_GE(out.size(), 7u);
  EXPECT_EQ(out.substr(out.size() - 7), "<email>");
  EXPECT_GT(out.size(), local.size() - 80);
  EXPECT_EQ(Sub("a%b@example.com"), "<email>");
}

// UTF-32 text in, placeholders printed as their names.
std::string SubCjk(const std::u32string& s, bool unspaced_script_numbers) {
  CodePoints cps(s.begin(), s.end());
  Spans spans;
  for (uint32_t i = 0; i < s.size(); ++i) spans.push_back({i, i + 1});
  ReplacePlaceholders(&cps, &spans, unspaced_script_numbers);
  std::string out;
  for (char32_t c : cps) {
    if (const char* name = PlaceholderName(c)) {
      out += name;
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out += "#";  // any other character
    }
  }
  return out;
}

TEST(PlaceholdersTest, NumbersInUnspacedScripts) {
  EXPECT_EQ(SubCjk(U"\u571f\u66dc\u306e18\u6642\u304b\u3089", true), "###<time>##");  // 土曜の18時から
  EXPECT_EQ(SubCjk(U"18\u6642\u534a", true), "<time>");                   // 18時半
  EXPECT_EQ(SubCjk(U"18\u664230\u5206\u306b", true), "<time>#");          // 18時30分に
  EXPECT_EQ(SubCjk(U"\u4e0b\u53483\u70b9\u89c1", true), "##<time>#");     // 下午3点见
  EXPECT_EQ(SubCjk(U"3\uc2dc\uc5d0", true), "<time>#");                     // 3시에
  EXPECT_EQ(SubCjk(U"5\u67083\u65e5\u306e", true), "<date>#");             // 5月3日の
  EXPECT_EQ(SubCjk(U"5\u6708\u306b", true), "<date>#");                     // 5月に
  EXPECT_EQ(SubCjk(U"3\u4eba\u3067", true), "<num>##");                     // 3人で
  EXPECT_EQ(SubCjk(U"18:00\u304b\u3089", true), "<time>##");                // 18:00から
  EXPECT_EQ(SubCjk(U"\u0e15\u0e2d\u0e193", true), "###<num>");             // Thai letters, then 3
  // Durations, numbered things, decimals and long numbers take no unit.
  EXPECT_EQ(SubCjk(U"18\u6642\u9593", true), "<num>##");                    // 18時間 (hours)
  EXPECT_EQ(SubCjk(U"3\uc2dc\uac04", true), "<num>##");                     // 3시간
  EXPECT_EQ(SubCjk(U"3\u65e5\u9593", true), "<num>##");                     // 3日間
  EXPECT_EQ(SubCjk(U"3\u53f7\u7ebf", true), "<num>##");                     // 3号线 (line 3)
  EXPECT_EQ(SubCjk(U"3.5\u70b9", true), "<num>#");                           // 3.5点 (points)
  EXPECT_EQ(SubCjk(U"5\u6708300\u65e5", true), "<date><num>#");             // 5月300日
  // A Latin letter after the number still glues; after the unit it does not.
  EXPECT_EQ(SubCjk(U"5\u67083\u65e5am", true), "<date>am");                 // 5月3日am
  EXPECT_EQ(SubCjk(U"q3\u70b9", true), "q3#");                               // q3点: glued to q
  // Latin letters still glue; so does everything with the option off.
  EXPECT_EQ(SubCjk(U"mp3 b2b \u6642", true), "mp3 b2b #");
  EXPECT_EQ(SubCjk(U"\u571f\u66dc\u306e18\u6642\u304b\u3089", false), "###18###");
  EXPECT_EQ(SubCjk(U"18:00\u304b\u3089", false), "18:00##");
}

TEST(PlaceholdersTest, SpansCoverTheWholeMatch) {
  const std::string s = "at 10:15 ok";
  CodePoints cps(s.begin(), s.end());
  Spans spans;
  for (uint32_t i = 0; i < s.size(); ++i) spans.push_back({i, i + 1});
  ReplacePlaceholders(&cps, &spans);
  ASSERT_EQ(cps.size(), 7u);
  EXPECT_EQ(cps[3], static_cast<char32_t>(Placeholder::kTime));
  EXPECT_EQ(spans[3], (Span{3, 8}));
}

}  // namespace
}  // namespace meetintent
