// meetintent: the command-line tool. Its own target; never part of the
// library. This file only dispatches: each command lives in its own file
// (classify.cc, explain.cc, train.cc, eval.cc, info.cc, thread.cc) with the
// option table that makes both its parser and its --help; 'mail' runs the
// program meetintent-mail (mail_launcher.cc) when the mail library is built.
#include <iostream>
#include <string>
#include <vector>

#include "command.h"
#include "meetintent/version.h"

namespace {

namespace cli = meetintent::cli;

const cli::Command* const kCommands[] = {
    &cli::kClassifyCommand, &cli::kExplainCommand, &cli::kTrainCommand, &cli::kEvalCommand,
    &cli::kInfoCommand,     &cli::kThreadCommand,  &cli::kAdaptCommand,
#ifdef MEETINTENT_WITH_MAIL
    &cli::kMailLauncher,
#endif
};

std::string MainHelp() {
  std::string out =
      "usage: meetintent <command> [options] [arguments]\n"
      "\n"
      "Tells whether a meeting message's intent is personal or professional.\n"
      "\n"
      "commands:\n";
  for (const cli::Command* c : kCommands) {
    out += "  " + std::string(c->name) + std::string(11 - std::string(c->name).size(), ' ') +
           c->summary + "\n";
  }
  out +=
      "  version    print the library version\n"
      "\n"
      "Every command but version takes --model PATH; without it the embedded default\n"
      "model is used. Run 'meetintent <command> --help' for a command's options.\n";
  return out;
}

int Dispatch(const std::string& name, const std::vector<std::string>& args) {
  if (name == "--help" || name == "-h" || name == "help") {
    std::cout << MainHelp();
    return cli::kExitOk;
  }
  if (name == "version" || name == "--version") {
    std::cout << "meetintent " << MEETINTENT_VERSION_STRING << "\n";
    return cli::kExitOk;
  }
  for (const cli::Command* c : kCommands) {
    if (name == c->name) return c->main(*c, args);
  }
  std::cerr << "meetintent: unknown command '" << name << "'\n\n" << MainHelp();
  return cli::kExitUsage;
}

int Main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << MainHelp();
    return cli::kExitUsage;
  }
  return Dispatch(argv[1], std::vector<std::string>(argv + 2, argv + argc));
}

}  // namespace

int main(int argc, char** argv) { return cli::GuardedMain(Main, argc, argv); }
