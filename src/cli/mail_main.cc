// meetintent-mail: the program behind 'meetintent mail' (see command.h for why
// it is one of its own). `meetintent mail ARGS` runs `meetintent-mail ARGS`.
#include <string>
#include <vector>

#include "command.h"

namespace {

namespace cli = meetintent::cli;

int Main(int argc, char** argv) {
  return cli::kMailCommand.main(cli::kMailCommand, std::vector<std::string>(argv + 1, argv + argc));
}

}  // namespace

int main(int argc, char** argv) { return cli::GuardedMain(Main, argc, argv); }
