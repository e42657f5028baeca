#include "output.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace meetintent {
namespace cli {

Output::Output(int fd) : fd_(fd) { buffer_.reserve(2 * kFlushBytes); }

Output::~Output() { Flush(); }

void Output::Flush() {
  size_t done = 0;
  while (done < buffer_.size() && status_.ok()) {
    const ssize_t n = write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n > 0) {
      done += static_cast<size_t>(n);
    } else if (n == 0 || errno != EINTR) {
      status_ = Status::IoError(std::string("cannot write the output: ") +
                                (n == 0 ? "nothing written" : std::strerror(errno)));
    }
  }
  buffer_.clear();  // after an error, further output is dropped
}

Status Output::Finish() {
  Flush();
  return status_;
}

}  // namespace cli
}  // namespace meetintent
