// What every command of the `meetintent` tool shares: exit codes, error
// reporting, the options several commands take, and the glue that turns a
// command's option table into its parser and its --help.
#ifndef MEETINTENT_CLI_COMMAND_H_
#define MEETINTENT_CLI_COMMAND_H_

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "meetintent/model.h"
#include "meetintent/status.h"
#include "options.h"
#include "output.h"

namespace meetintent {
namespace cli {

constexpr int kExitOk = 0;
constexpr int kExitError = 1;  // bad input, file or model
constexpr int kExitUsage = 2;  // bad command line

// A command: its documentation and its entry point, which gets the words
// after the command's name and returns the exit code.
struct Command {
  const char* name;         // "classify"
  const char* arguments;    // the usage line after "[options]", e.g. "[MESSAGE...]"
  const char* summary;      // one line for 'meetintent --help'
  const char* description;  // the paragraphs --help shows before the options
  int (*main)(const Command& self, const std::vector<std::string>& args);
};

// The commands, in the order 'meetintent --help' lists them.
extern const Command kClassifyCommand;
extern const Command kExplainCommand;
extern const Command kTrainCommand;
extern const Command kEvalCommand;
extern const Command kInfoCommand;
extern const Command kThreadCommand;
extern const Command kAdaptCommand;
// 'meetintent mail' is a program of its own, meetintent-mail (mail.cc,
// mail_main.cc), so that the other commands start without GMime, GLib and
// the 15 shared libraries under them: 28% of the instructions of a
// one-message `meetintent classify` (README, "Reading real mail"). In
// `meetintent`, kMailLauncher (mail_launcher.cc) runs it. Both are built only
// with meetintent_mail.
extern const Command kMailCommand;
extern const Command kMailLauncher;
extern const char kMailSummary[];  // the line both show in --help

// A program's main: body(), or kExitError with the reason on stderr when it
// throws (out of memory, or a bug).
int GuardedMain(int (*body)(int argc, char** argv), int argc, char** argv);

// Prints "meetintent: MESSAGE" and where to find the usage; returns kExitUsage.
int UsageError(const Command& command, const std::string& message);
// Prints the failure; returns kExitError.
int Fail(const Status& s);
// Prints "meetintent: warning: MESSAGE".
void Warn(const std::string& message);
// Writes what `output` still holds, then returns kExitOk, or the failure:
// `input`'s (the error that ended reading early) before a write error.
int FinishOutput(Output* output, const Status& input = Status::Ok());

// --model PATH. An empty path means the embedded default model.
void AddModelOption(OptionTable* table, std::string* path);
Status LoadModel(const std::string& path, std::unique_ptr<Model>* model);

// --read sender|whole: how an e-mail's quoted, forwarded and signature parts
// are read (PredictOptions::email).
void AddReadOption(OptionTable* table, PredictOptions::Email* email);
// The name of a decision's part for JSON output: "whole", "sender" or
// "quoted-or-signature".
const char* DecidingPartName(DecidingPart part);

// --encoding ENC. The name is checked while parsing, so an unknown encoding
// is a usage error. Empty means UTF-8.
void AddEncodingOption(OptionTable* table, std::string* encoding);
// Converts *text from `encoding` to UTF-8 (bytes it cannot convert are
// dropped); nothing to do for an empty name.
Status ToUtf8(const std::string& encoding, std::string* text);

// A command's entry point made from its two parts: Bind, which adds the
// command's options to a table, bound to the fields of an Args struct; and
// Run, which does the work with the parsed Args and the remaining arguments.
// The table is made for a fresh Args before anything is parsed, so the
// defaults --help shows are the Args struct's own initial values.
template <typename Args, void (*Bind)(Args*, OptionTable*),
          int (*Run)(const Command&, const Args&, const std::vector<std::string>&)>
int RunCommand(const Command& command, const std::vector<std::string>& args) {
  Args parsed;
  OptionTable table;
  Bind(&parsed, &table);
  const ParsedArgs p = Parse(table, args);
  if (p.help) {
    std::cout << FormatHelp(std::string("meetintent ") + command.name + " [options] " +
                                command.arguments,
                            command.description, table);
    return kExitOk;
  }
  if (!p.error.empty()) return UsageError(command, p.error);
  return Run(command, parsed, p.positional);
}

}  // namespace cli
}  // namespace meetintent

#endif  // MEETINTENT_CLI_COMMAND_H_
