// The command line's option tables. Each command binds its options to the
// fields of its own arguments struct; the one table then drives both the
// parser and the --help text, and the default a help line shows is the bound
// field's value before parsing, which each command takes from the library's
// option structs (meetintent::TrainOptions, meetintent::ThreadOptions, ...).
//
// Syntax accepted by Parse: "--name VALUE", "--name=VALUE", "-k VALUE",
// "-kVALUE", "-k=VALUE", flags without a value, "--" (everything after it is an
// argument, even when it starts with '-'), and "-" (an argument: stdin).
#ifndef MEETINTENT_CLI_OPTIONS_H_
#define MEETINTENT_CLI_OPTIONS_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace meetintent {
namespace cli {

// One option: its spelling, its help line and what it does.
struct Option {
  std::string name;          // "--epochs", or a one-letter "-k"
  std::string value_name;    // "N"; empty for a flag
  std::string help;          // one line, without the default
  // What --help shows after the help line: "(default 10)", "(the default)",
  // or empty when there is no default to show.
  std::string default_note;
  // Applies the option; `value` is empty for flags. Returns "" when the value
  // is usable, else what is wrong with it (the caller names the option).
  std::function<std::string(const std::string& value)> apply;
};

// The options of one command, in the order --help lists them.
class OptionTable {
 public:
  // A flag that stores `value` in *field. Its help line says "(the default)"
  // when *field already holds `value`.
  void Flag(std::string name, std::string help, bool* field, bool value);
  // A flag that runs `fn` (e.g. sets an enum member); no default is shown.
  void Action(std::string name, std::string help, std::function<void()> fn);
  // A number in [lo, hi] stored in *field (integers refuse fractions). The
  // default shown is *field's value now.
  template <typename T>
  void Number(std::string name, std::string value_name, std::string help, T* field, T lo, T hi);
  // A string stored in *field; `default_note` is shown as given (may be empty).
  void Text(std::string name, std::string value_name, std::string help, std::string* field,
            std::string default_note = "");
  // One of a fixed set of words, each mapped to a value of *field; help
  // shows them as the value ("--format plain|tsv|jsonl"). The default shown
  // is the word whose value *field holds now.
  template <typename E>
  void Choice(std::string name, std::string help, E* field,
              std::initializer_list<std::pair<const char*, E>> words);
  // Anything else: the caller fills in every member of `option`.
  void Add(Option option);

  const std::vector<Option>& options() const { return options_; }
  const Option* Find(std::string_view name) const;

 private:
  std::vector<Option> options_;
};

// The outcome of parsing one command's arguments.
struct ParsedArgs {
  bool help = false;                    // --help or -h was given
  std::vector<std::string> positional;  // the arguments that are not options
  std::string error;                    // empty, or why the command line is unusable
};

// Parses `args` (the words after the command name) against `table`, applying
// each option as it is met.
ParsedArgs Parse(const OptionTable& table, const std::vector<std::string>& args);

// Text for --help: `usage`, then `description`, then one line per option with
// its default. Lines are aligned; long option names wrap the help to the next
// line.
std::string FormatHelp(std::string_view usage, std::string_view description,
                       const OptionTable& table);

// The shortest text that reads back as `v` ("0.01", "1e-06", "20").
std::string FormatDefault(double v);
std::string FormatDefault(float v);
std::string FormatDefault(int64_t v);
std::string FormatDefault(uint64_t v);
inline std::string FormatDefault(int v) { return FormatDefault(static_cast<int64_t>(v)); }

// Parses a whole number or a decimal number (no trailing characters).
bool ParseWhole(std::string_view s, int64_t* out);
bool ParseDecimal(std::string_view s, double* out);

// --- Template definitions ---

template <typename T>
bool WholeInRange(int64_t n, T lo, T hi) {
  if constexpr (std::is_unsigned_v<T>) {
    return n >= 0 && static_cast<uint64_t>(n) >= lo && static_cast<uint64_t>(n) <= hi;
  } else {
    return n >= static_cast<int64_t>(lo) && n <= static_cast<int64_t>(hi);
  }
}

template <typename T>
void OptionTable::Number(std::string name, std::string value_name, std::string help, T* field,
                         T lo, T hi) {
  Option o;
  o.name = std::move(name);
  o.value_name = std::move(value_name);
  o.help = std::move(help);
  o.default_note = "(default " + FormatDefault(*field) + ")";
  o.apply = [field, lo, hi](const std::string& value) -> std::string {
    const std::string range = FormatDefault(lo) + " to " + FormatDefault(hi);
    if constexpr (std::is_integral_v<T>) {
      int64_t n;
      if (!ParseWhole(value, &n) || !WholeInRange(n, lo, hi)) {
        return "expected a whole number from " + range + ", got '" + value + "'";
      }
      *field = static_cast<T>(n);
    } else {
      double d;
      if (!ParseDecimal(value, &d) || d < static_cast<double>(lo) || d > static_cast<double>(hi)) {
        return "expected a number from " + range + ", got '" + value + "'";
      }
      *field = static_cast<T>(d);
    }
    return "";
  };
  Add(std::move(o));
}

template <typename E>
void OptionTable::Choice(std::string name, std::string help, E* field,
                         std::initializer_list<std::pair<const char*, E>> words) {
  Option o;
  o.name = std::move(name);
  o.help = std::move(help);
  std::vector<std::pair<std::string, E>> table;
  std::string listed;
  for (const auto& [word, value] : words) {
    if (value == *field) o.default_note = std::string("(default ") + word + ")";
    if (!listed.empty()) listed += table.size() + 1 == words.size() ? " or " : ", ";
    listed += word;
    o.value_name += (o.value_name.empty() ? "" : "|") + std::string(word);
    table.emplace_back(word, value);
  }
  o.apply = [field, table, listed](const std::string& value) -> std::string {
    for (const auto& [word, v] : table) {
      if (value == word) {
        *field = v;
        return "";
      }
    }
    return "expected " + listed + ", got '" + value + "'";
  };
  Add(std::move(o));
}

}  // namespace cli
}  // namespace meetintent

#endif  // MEETINTENT_CLI_OPTIONS_H_
