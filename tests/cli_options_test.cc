// The CLI's option tables: parsing and the --help they generate.
#include "options.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace meetintent {
namespace cli {
namespace {

enum class Color { kRed, kGreen };

struct Args {
  int count = 7;
  float rate = 1e-2f;
  uint64_t seed = 1;
  bool fast = false;
  bool tidy = true;
  Color color = Color::kGreen;
  std::string name;
};

OptionTable Table(Args* a) {
  OptionTable t;
  t.Number("--count", "N", "how many", &a->count, 1, 100);
  t.Number("-k", "N", "the same, short", &a->count, 1, 100);
  t.Number("--rate", "X", "a rate", &a->rate, 0.0f, 1.0f);
  t.Number<uint64_t>("--seed", "S", "a seed", &a->seed, 0, uint64_t{1} << 53);
  t.Flag("--fast", "go fast", &a->fast, true);
  t.Flag("--tidy", "tidy up", &a->tidy, true);
  t.Choice("--color", "a color", &a->color, {{"red", Color::kRed}, {"green", Color::kGreen}});
  t.Text("--name", "NAME", "a name", &a->name, "(default: none)");
  return t;
}

ParsedArgs ParseWith(Args* a, std::vector<std::string> args) { return Parse(Table(a), args); }

TEST(CliOptionsTest, EveryWayOfGivingAValue) {
  Args a;
  ParsedArgs p = ParseWith(&a, {"--count", "3", "--rate=0.5", "--color=red", "x", "--fast"});
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(a.count, 3);
  EXPECT_FLOAT_EQ(a.rate, 0.5f);
  EXPECT_EQ(a.color, Color::kRed);
  EXPECT_TRUE(a.fast);
  EXPECT_EQ(p.positional, std::vector<std::string>{"x"});
  for (const char* k : {"-k9", "-k=9"}) {
    Args b;
    ASSERT_EQ(ParseWith(&b, {k}).error, "") << k;
    EXPECT_EQ(b.count, 9) << k;
  }
  Args c;
  ASSERT_EQ(ParseWith(&c, {"-k", "12", "--name=a=b", "--seed", "+9007199254740992"}).error, "");
  EXPECT_EQ(c.count, 12);
  EXPECT_EQ(c.name, "a=b");  // only the first '=' splits
  EXPECT_EQ(c.seed, uint64_t{1} << 53);
}

TEST(CliOptionsTest, DoubleDashEndsOptionsAndDashIsAnArgument) {
  Args a;
  const ParsedArgs p = ParseWith(&a, {"-", "--", "--count", "-- see you tonight?", "-k"});
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(p.positional,
            (std::vector<std::string>{"-", "--count", "-- see you tonight?", "-k"}));
  EXPECT_EQ(a.count, 7);
}

TEST(CliOptionsTest, ErrorsSayWhatIsWrong) {
  struct Case {
    std::vector<std::string> args;
    const char* error;
  };
  const Case cases[] = {
      {{"--bogus"}, "unknown option '--bogus' (put arguments that start with '-' after '--')"},
      {{"-x"}, "unknown option '-x'"},
      {{"--count"}, "--count needs a value (N)"},
      {{"--count", "0"}, "--count: expected a whole number from 1 to 100, got '0'"},
      {{"-k", "1.5"}, "-k: expected a whole number from 1 to 100, got '1.5'"},
      {{"--rate", "2"}, "--rate: expected a number from 0 to 1, got '2'"},
      {{"--rate", "nan"}, "--rate: expected a number from 0 to 1, got 'nan'"},
      {{"--rate", "0.5x"}, "--rate: expected a number from 0 to 1, got '0.5x'"},
      {{"--seed", "-1"}, "--seed: expected a whole number from 0 to 9007199254740992, got '-1'"},
      {{"--fast=yes"}, "--fast takes no value"},
      {{"--color", "blue"}, "--color: expected red or green, got 'blue'"},
  };
  for (const Case& c : cases) {
    Args a;
    const std::string error = ParseWith(&a, c.args).error;
    EXPECT_EQ(error.substr(0, std::string(c.error).size()), c.error) << c.args[0];
    EXPECT_FALSE(error.empty());
  }
}

TEST(CliOptionsTest, HelpWins) {
  Args a;
  EXPECT_TRUE(ParseWith(&a, {"--count", "3", "--help", "--bogus"}).help);
  EXPECT_TRUE(ParseWith(&a, {"-h"}).help);
}

TEST(CliOptionsTest, HelpShowsTheFieldsDefaults) {
  Args a;
  a.count = 42;  // what the field holds when the table is made is the default shown
  const std::string help = FormatHelp("meetintent demo [options] FILE", "Does things.\n", Table(&a));
  EXPECT_EQ(help.rfind("usage: meetintent demo [options] FILE\n\nDoes things.\n", 0), 0u) << help;
  for (const char* line : {"  --count N               how many (default 42)\n",
                           "  --rate X                a rate (default 0.01)\n",
                           "  --fast                  go fast\n",
                           "  --tidy                  tidy up (the default)\n",
                           "  --color red|green       a color (default green)\n",
                           "  --name NAME             a name (default: none)\n",
                           "  --help                  print this help and exit\n"}) {
    EXPECT_NE(help.find(line), std::string::npos) << line << help;
  }
}

TEST(CliOptionsTest, LongHelpLinesWrap) {
  OptionTable t;
  bool b = false;
  t.Flag("--a-very-long-option-name", std::string(30, 'w') + " " + std::string(40, 'z'), &b, true);
  const std::string help = FormatHelp("u", "", t);
  EXPECT_NE(help.find("  --a-very-long-option-name\n" + std::string(26, ' ') + std::string(30, 'w') +
                      "\n" + std::string(26, ' ') + std::string(40, 'z') + "\n"),
            std::string::npos)
      << help;
}

TEST(CliOptionsTest, DefaultsAreShortestRoundTrip) {
  EXPECT_EQ(FormatDefault(1e-2f), "0.01");
  EXPECT_EQ(FormatDefault(0.1), "0.1");
  EXPECT_EQ(FormatDefault(int64_t{86400}), "86400");
  int64_t n = 0;
  double d = 0;
  EXPECT_FALSE(ParseWhole("", &n));
  EXPECT_FALSE(ParseWhole("1e3", &n));
  EXPECT_TRUE(ParseDecimal("1e-3", &d));
  EXPECT_DOUBLE_EQ(d, 1e-3);
  EXPECT_FALSE(ParseDecimal("inf", &d));
  EXPECT_FALSE(ParseDecimal(" 1", &d));
}

}  // namespace
}  // namespace cli
}  // namespace meetintent
