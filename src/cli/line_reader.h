// Reads the lines of a file or of stdin with bounded memory.
//
// A line ends at "\n", "\r\n" or a lone "\r" (old Mac files), and the last
// line may lack an end. A UTF-8 byte order mark at the very start is
// skipped. A line longer than max_line_bytes is cut there: Next() gives its
// first max_line_bytes and truncated() says so, and the rest of it is read
// and dropped, so memory stays near max_line_bytes plus one read block
// whatever the input holds.
#ifndef MEETINTENT_CLI_LINE_READER_H_
#define MEETINTENT_CLI_LINE_READER_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "meetintent/status.h"

namespace meetintent {
namespace cli {

class LineReader {
 public:
  // Reads from `fd`, which stays open (the caller owns it).
  LineReader(int fd, std::string name, size_t max_line_bytes);

  // Opens `path` for reading ("-" means stdin).
  static Status Open(const std::string& path, size_t max_line_bytes,
                     std::unique_ptr<LineReader>* out);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Called before each read that may wait for more input, e.g. to flush
  // output a user or another program is waiting for. Not called when the
  // input is a regular file, nor when input is already there to read.
  void set_before_wait(std::function<void()> fn) { before_wait_ = std::move(fn); }

  // Points *line at the next line, valid until the next call. Returns false
  // at the end of the input or on a read error (see status()).
  bool Next(std::string_view* line);

  // 1-based number of the line Next() gave last.
  size_t line_number() const { return line_number_; }
  // True iff that line was longer than max_line_bytes and was cut.
  bool truncated() const { return truncated_; }
  // OK, or the read error that ended the input.
  const Status& status() const { return status_; }
  // The name given at construction ("<stdin>" or the path), for messages.
  const std::string& name() const { return name_; }
  size_t max_line_bytes() const { return max_line_bytes_; }

 private:
  // Appends one block of input to buffer_. Returns false at the end or on error.
  bool Fill();
  // Skips the byte order mark at the start, once enough bytes are there.
  void SkipByteOrderMark();

  int fd_;
  bool owns_fd_ = false;
  bool regular_file_ = false;
  std::string name_;
  size_t max_line_bytes_;
  std::function<void()> before_wait_;
  std::string buffer_;  // [begin_, size) is unread
  size_t begin_ = 0;    // start of the line being read
  size_t scanned_ = 0;  // bytes from begin_ known to hold no line end
  bool eof_ = false;
  bool skip_lf_ = false;      // the last line ended with '\r': a '\n' next belongs to it
  bool bom_checked_ = false;
  bool truncated_ = false;
  size_t line_number_ = 0;
  Status status_;
};

}  // namespace cli
}  // namespace meetintent

#endif  // MEETINTENT_CLI_LINE_READER_H_
