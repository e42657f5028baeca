#include "options.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

namespace meetintent {
namespace cli {
namespace {

constexpr size_t kHelpColumn = 26;  // where the help text of an option starts
constexpr size_t kHelpWidth = 79;   // the longest help line

template <typename T>
std::string ToChars(T v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, r.ptr);
}

// Splits "--name=value", "-kvalue" and "-k=value" into name and value.
void SplitOption(const std::string& arg, std::string* name, std::string* value,
                 bool* has_value) {
  const bool is_long = arg.compare(0, 2, "--") == 0;
  const size_t eq = is_long ? arg.find('=') : 2;
  *has_value = is_long ? eq != std::string::npos : arg.size() > 2;
  *name = arg.substr(0, *has_value ? eq : std::string::npos);
  if (*has_value) *value = arg.substr(!is_long && arg[2] != '=' ? 2 : eq + 1);
}

// Appends `help` and then `note` from kHelpColumn on, wrapped at spaces so
// that no line is longer than kHelpWidth bytes; the note ("(default 10)")
// is never split.
void AppendWrapped(std::string_view help, const std::string& note, std::string* out) {
  std::vector<std::string_view> words;
  for (size_t pos = 0; pos < help.size();) {
    const size_t end = std::min(help.find(' ', pos), help.size());
    if (end > pos) words.push_back(help.substr(pos, end - pos));
    pos = end + 1;
  }
  if (!note.empty()) words.push_back(note);
  size_t column = kHelpColumn;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0 && column + 1 + words[i].size() > kHelpWidth) {
      *out += "\n" + std::string(kHelpColumn, ' ');
      column = kHelpColumn;
    } else if (i > 0) {
      out->push_back(' ');
      ++column;
    }
    out->append(words[i]);
    column += words[i].size();
  }
  out->push_back('\n');
}

}  // namespace

std::string FormatDefault(double v) { return ToChars(v); }
std::string FormatDefault(float v) { return ToChars(v); }
std::string FormatDefault(int64_t v) { return ToChars(v); }
std::string FormatDefault(uint64_t v) { return ToChars(v); }

bool ParseWhole(std::string_view s, int64_t* out) {
  const char* end = s.data() + s.size();
  const auto r = std::from_chars(s.data() + (!s.empty() && s[0] == '+'), end, *out);
  return !s.empty() && r.ec == std::errc() && r.ptr == end;
}

bool ParseDecimal(std::string_view s, double* out) {
  // from_chars refuses a leading '+' and accepts "inf" and "nan"; both are
  // handled here so that "+1e-3" works and non-finite values never get in.
  const char* end = s.data() + s.size();
  const auto r = std::from_chars(s.data() + (!s.empty() && s[0] == '+'), end, *out,
                                 std::chars_format::general);
  return !s.empty() && r.ec == std::errc() && r.ptr == end && std::isfinite(*out);
}

void OptionTable::Flag(std::string name, std::string help, bool* field, bool value) {
  Option o;
  o.name = std::move(name);
  o.help = std::move(help);
  if (*field == value) o.default_note = "(the default)";
  o.apply = [field, value](const std::string&) {
    *field = value;
    return std::string();
  };
  Add(std::move(o));
}

void OptionTable::Action(std::string name, std::string help, std::function<void()> fn) {
  Option o;
  o.name = std::move(name);
  o.help = std::move(help);
  o.apply = [fn = std::move(fn)](const std::string&) {
    fn();
    return std::string();
  };
  Add(std::move(o));
}

void OptionTable::Text(std::string name, std::string value_name, std::string help,
                       std::string* field, std::string default_note) {
  Option o;
  o.name = std::move(name);
  o.value_name = std::move(value_name);
  o.help = std::move(help);
  o.default_note = std::move(default_note);
  o.apply = [field](const std::string& value) {
    *field = value;
    return std::string();
  };
  Add(std::move(o));
}

void OptionTable::Add(Option option) { options_.push_back(std::move(option)); }

const Option* OptionTable::Find(std::string_view name) const {
  for (const Option& o : options_) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

ParsedArgs Parse(const OptionTable& table, const std::vector<std::string>& args) {
  ParsedArgs r;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      r.positional.insert(r.positional.end(), args.begin() + static_cast<long>(i) + 1, args.end());
      break;
    }
    if (arg == "--help" || arg == "-h") {
      r.help = true;
      return r;
    }
    if (arg.size() < 2 || arg[0] != '-') {  // "-" alone is stdin: an argument
      r.positional.push_back(arg);
      continue;
    }
    std::string name, value;
    bool has_value = false;
    SplitOption(arg, &name, &value, &has_value);
    const Option* o = table.Find(name);
    if (o == nullptr) {
      r.error = "unknown option '" + name + "' (put arguments that start with '-' after '--')";
      return r;
    }
    if (o->value_name.empty() && has_value) {
      r.error = name + " takes no value";
      return r;
    }
    if (!o->value_name.empty() && !has_value) {
      if (i + 1 >= args.size()) {
        r.error = name + " needs a value (" + o->value_name + ")";
        return r;
      }
      value = args[++i];
    }
    if (std::string why = o->apply(value); !why.empty()) {
      r.error = name + ": " + why;
      return r;
    }
  }
  return r;
}

std::string FormatHelp(std::string_view usage, std::string_view description,
                       const OptionTable& table) {
  std::string out = "usage: ";
  out += usage;
  out += "\n\n";
  out += description;
  out += "\noptions:\n";
  auto line = [&out](const std::string& left, const std::string& help, const std::string& note) {
    out += "  " + left;
    if (2 + left.size() + 2 > kHelpColumn) {  // at least two spaces before the help
      out += "\n" + std::string(kHelpColumn, ' ');
    } else {
      out += std::string(kHelpColumn - 2 - left.size(), ' ');
    }
    AppendWrapped(help, note, &out);
  };
  for (const Option& o : table.options()) {
    line(o.value_name.empty() ? o.name : o.name + " " + o.value_name, o.help, o.default_note);
  }
  line("--help", "print this help and exit", "");
  return out;
}

}  // namespace cli
}  // namespace meetintent
