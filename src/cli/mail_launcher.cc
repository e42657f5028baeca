// 'meetintent mail': runs meetintent-mail, the program that holds the command
// (see command.h), with the same arguments: the one installed or built next
// to this program, else the first on PATH.
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "command.h"

namespace meetintent {
namespace cli {
namespace {

constexpr char kMailProgram[] = "meetintent-mail";

// This program's folder with a trailing '/', or "" where /proc cannot say.
std::string OwnFolder() {
  char path[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", path, sizeof path);
  if (n <= 0 || static_cast<size_t>(n) >= sizeof path) return "";
  const std::string self(path, static_cast<size_t>(n));
  return self.substr(0, self.rfind('/') + 1);
}

int RunMailProgram(const Command& /*self*/, const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(kMailProgram));
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::cout.flush();
  const std::string folder = OwnFolder();
  const std::string beside = folder.empty() ? "" : folder + kMailProgram;
  std::string tried;
  if (!beside.empty()) {
    execv(beside.c_str(), argv.data());  // returns only on failure
    tried = beside + ": " + std::strerror(errno) + "; ";
  }
  execvp(kMailProgram, argv.data());
  tried += std::string(kMailProgram) + " on PATH: " + std::strerror(errno);
  std::cerr << "meetintent: 'meetintent mail' is the program " << kMailProgram
            << ", which could not be run (" << tried << ")\n";
  return kExitError;
}

}  // namespace

const Command kMailLauncher = {"mail", "PATH...", kMailSummary, nullptr, RunMailProgram};

}  // namespace cli
}  // namespace meetintent
