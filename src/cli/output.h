// Standard output through one buffer. Commands append whole records to
// buffer() and call RecordDone(); the bytes go out in blocks of about
// kFlushBytes with write(2), never one line at a time. Flush() writes what is
// left (a command calls it at its end, and a LineReader before it waits for
// input, so that a program talking to the tool line by line gets its answers).
#ifndef MEETINTENT_CLI_OUTPUT_H_
#define MEETINTENT_CLI_OUTPUT_H_

#include <cstddef>
#include <string>

#include "meetintent/status.h"

namespace meetintent {
namespace cli {

class Output {
 public:
  static constexpr size_t kFlushBytes = 64 * 1024;

  // Writes to `fd` (default: standard output), which stays open.
  explicit Output(int fd = 1);
  ~Output();  // flushes; a failure then is lost: call Finish() to see it
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  // Append output here.
  std::string* buffer() { return &buffer_; }
  // Writes the buffer out once it holds kFlushBytes or more.
  void RecordDone() {
    if (buffer_.size() >= kFlushBytes) Flush();
  }
  // Writes everything buffered.
  void Flush();
  // Flushes and returns the first write error, if any.
  Status Finish();

 private:
  int fd_;
  std::string buffer_;
  Status status_;
};

}  // namespace cli
}  // namespace meetintent

#endif  // MEETINTENT_CLI_OUTPUT_H_
