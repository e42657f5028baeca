#include "line_reader.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace meetintent {
namespace cli {
namespace {

constexpr size_t kBlockBytes = 64 * 1024;
constexpr char kByteOrderMark[] = "\xEF\xBB\xBF";

// Offset of the first '\n' or '\r' in p[0, n), or npos.
size_t FindLineEnd(const char* p, size_t n) {
  const void* nl = std::memchr(p, '\n', n);
  const size_t before_nl = nl ? static_cast<size_t>(static_cast<const char*>(nl) - p) : n;
  if (const void* cr = std::memchr(p, '\r', before_nl)) {
    return static_cast<size_t>(static_cast<const char*>(cr) - p);
  }
  return nl ? before_nl : std::string::npos;
}

// True when a read of `fd` would return at once (data, or the end). Where
// poll cannot tell, false: the caller then acts as if a read may wait.
bool ReadWontWait(int fd) {
  pollfd p{fd, POLLIN, 0};
  int n;
  do {
    n = poll(&p, 1, 0);
  } while (n < 0 && errno == EINTR);
  return n == 1 && (p.revents & (POLLIN | POLLHUP)) != 0;
}

}  // namespace

LineReader::LineReader(int fd, std::string name, size_t max_line_bytes)
    : fd_(fd), name_(std::move(name)), max_line_bytes_(max_line_bytes) {
  struct stat st;
  regular_file_ = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

LineReader::~LineReader() {
  if (owns_fd_) close(fd_);
}

Status LineReader::Open(const std::string& path, size_t max_line_bytes,
                        std::unique_ptr<LineReader>* out) {
  if (path == "-") {
    *out = std::make_unique<LineReader>(STDIN_FILENO, "<stdin>", max_line_bytes);
    return Status::Ok();
  }
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot open '" + path + "': " + std::strerror(errno));
  *out = std::make_unique<LineReader>(fd, path, max_line_bytes);
  (*out)->owns_fd_ = true;
  return Status::Ok();
}

bool LineReader::Fill() {
  if (eof_) return false;
  if (begin_ > 0) {  // keep only the unread part; at most one line plus a block
    buffer_.erase(0, begin_);
    begin_ = 0;
  }
  // Only a read that may wait calls the hook: on a busy pipe that would be
  // every block, and --threads would get one-block batches.
  if (before_wait_ && !regular_file_ && !ReadWontWait(fd_)) before_wait_();
  const size_t old = buffer_.size();
  buffer_.resize(old + kBlockBytes);
  ssize_t n;
  do {
    n = read(fd_, &buffer_[old], kBlockBytes);
  } while (n < 0 && errno == EINTR);
  buffer_.resize(old + (n > 0 ? static_cast<size_t>(n) : 0));
  if (n > 0) return true;
  eof_ = true;
  if (n < 0) status_ = Status::IoError("cannot read " + name_ + ": " + std::strerror(errno));
  return false;
}

void LineReader::SkipByteOrderMark() {
  const size_t have = std::min<size_t>(buffer_.size() - begin_, 3);
  if (buffer_.compare(begin_, have, kByteOrderMark, have) != 0) {
    bom_checked_ = true;  // not a byte order mark
  } else if (have == 3) {
    begin_ += 3;
    bom_checked_ = true;
  } else if (eof_) {
    bom_checked_ = true;  // a short input that merely starts like one
  }
}

bool LineReader::Next(std::string_view* line) {
  truncated_ = false;
  scanned_ = 0;
  for (;;) {
    if (!bom_checked_) SkipByteOrderMark();
    if (skip_lf_ && begin_ < buffer_.size()) {
      if (buffer_[begin_] == '\n') ++begin_;
      skip_lf_ = false;
    }
    if (skip_lf_ && eof_) skip_lf_ = false;
    if (bom_checked_ && !skip_lf_) {
      const size_t from = begin_ + scanned_;
      const size_t end = FindLineEnd(buffer_.data() + from, buffer_.size() - from);
      if (end != std::string::npos || (eof_ && begin_ < buffer_.size())) {
        const size_t stop = end != std::string::npos ? from + end : buffer_.size();
        size_t length = stop - begin_;
        if (length > max_line_bytes_) {
          length = max_line_bytes_;
          truncated_ = true;
        }
        *line = std::string_view(buffer_.data() + begin_, length);
        skip_lf_ = stop < buffer_.size() && buffer_[stop] == '\r';
        begin_ = std::min(stop + 1, buffer_.size());
        ++line_number_;
        return true;
      }
      if (eof_) return false;
      if (buffer_.size() - begin_ > max_line_bytes_) {  // drop what no one will read
        buffer_.resize(begin_ + max_line_bytes_);
        truncated_ = true;
      }
      scanned_ = buffer_.size() - begin_;
    }
    if (!Fill() && !status_.ok()) return false;
  }
}

}  // namespace cli
}  // namespace meetintent
