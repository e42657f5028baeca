// MailReader: one message file, an mbox file (split at its "From " lines,
// message by message: memory does not grow with the file) or a Maildir folder.
// Files are read with read(2), so a pipe or a FIFO reads as a file does; each
// message goes through ParseMail, which defuses header fields that would
// overflow GMime's stack.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "meetintent/mail.h"
#include "mime_text.h"

namespace meetintent {
namespace mail {
namespace {

namespace fs = std::filesystem;

uint64_t FileSize(const std::string& path) {
  std::error_code ec;
  const auto n = fs::file_size(path, ec);
  return ec ? 0 : static_cast<uint64_t>(n);
}

// The bytes of a file, a pipe or a FIFO, read as they are needed.
class ByteSource {
 public:
  static Status Open(const std::string& path, std::unique_ptr<ByteSource>* out) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Status::IoError(path + ": " + std::strerror(errno));
    out->reset(new ByteSource(path, fd));
    return Status::Ok();
  }
  ~ByteSource() { ::close(fd_); }
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  // Appends up to one block to *buffer; false at the end or on an error
  // (status() says which).
  bool Fill(std::string* buffer) {
    if (eof_) return false;
    constexpr size_t kBlock = 64 * 1024;
    const size_t old = buffer->size();
    buffer->resize(old + kBlock);
    ssize_t n;
    do {
      n = ::read(fd_, &(*buffer)[old], kBlock);
    } while (n < 0 && errno == EINTR);
    buffer->resize(old + (n > 0 ? static_cast<size_t>(n) : 0));
    if (n > 0) {
      read_ += static_cast<uint64_t>(n);
      return true;
    }
    eof_ = true;
    if (n < 0) status_ = Status::IoError(path_ + ": " + std::strerror(errno));
    return false;
  }
  const Status& status() const { return status_; }
  uint64_t bytes_read() const { return read_; }

 private:
  ByteSource(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_;
  bool eof_ = false;
  uint64_t read_ = 0;
  Status status_;
};

// One message: the whole input (an mbox "From " line before it is skipped).
class FileReader : public MailReader {
 public:
  FileReader(std::string path, std::unique_ptr<ByteSource> source, std::string head)
      : path_(std::move(path)), size_(FileSize(path_)), source_(std::move(source)),
        raw_(std::move(head)) {}

  Status Next(MailMessage* out, bool* done) override {
    *done = read_;
    if (read_) return Status::Ok();
    read_ = true;
    while (source_->Fill(&raw_)) {
    }
    if (!source_->status().ok()) return source_->status();
    out->source = path_;
    const Status s = ParseMail(raw_, out);
    std::string().swap(raw_);
    return s;
  }
  uint64_t bytes_read() const override { return source_->bytes_read(); }
  uint64_t bytes_total() const override { return size_; }

 private:
  std::string path_;
  uint64_t size_;
  std::unique_ptr<ByteSource> source_;
  std::string raw_;
  bool read_ = false;
};

// Messages between "From " lines (Content-Length headers, often wrong, are
// not read).
class MboxReader : public MailReader {
 public:
  MboxReader(std::string path, std::unique_ptr<ByteSource> source, std::string head)
      : path_(std::move(path)), size_(FileSize(path_)), source_(std::move(source)),
        buffer_(std::move(head)) {}

  Status Next(MailMessage* out, bool* done) override {
    *done = ended_;
    if (ended_) return Status::Ok();
    // buffer_[begin_, ...) starts at a "From " line, or is all that is left.
    size_t from = begin_;  // where the next "\nFrom " may start
    size_t next;
    for (;;) {
      next = buffer_.find("\nFrom ", from);
      if (next != std::string::npos) break;
      from = std::max(begin_, buffer_.size() >= 6 ? buffer_.size() - 6 : 0);
      if (begin_ > 0) {  // keep only what is unread
        buffer_.erase(0, begin_);
        from -= begin_;
        begin_ = 0;
      }
      if (!source_->Fill(&buffer_)) break;
    }
    if (!source_->status().ok()) {  // said once; the next call ends the reading
      ended_ = true;
      return source_->status();
    }
    if (begin_ == buffer_.size()) {
      *done = true;
      return Status::Ok();
    }
    const size_t end = next == std::string::npos ? buffer_.size() : next + 1;
    const std::string_view message(buffer_.data() + begin_, end - begin_);
    begin_ = end;
    // A "From " line and nothing else reads as an empty message.
    const size_t nl = message.find('\n');
    const bool empty = nl == std::string_view::npos ||
                       message.find_first_not_of(" \t\r\n", nl) == std::string_view::npos;
    ++count_;
    Status s;
    if (empty) {
      *out = MailMessage();
    } else {
      s = ParseMail(message, out);
    }
    out->source = path_ + "#" + std::to_string(count_);
    return s.ok() ? s : Status::ParseError(out->source + ": " + s.message());
  }
  uint64_t bytes_read() const override {
    return source_->bytes_read() - (buffer_.size() - begin_);
  }
  uint64_t bytes_total() const override { return size_; }

 private:
  std::string path_;
  uint64_t size_;
  std::unique_ptr<ByteSource> source_;
  std::string buffer_;
  size_t begin_ = 0;
  uint64_t count_ = 0;
  bool ended_ = false;
};

// Parses one message file of a Maildir.
Status ReadMessageFile(const std::string& path, MailMessage* out) {
  std::unique_ptr<ByteSource> source;
  if (Status s = ByteSource::Open(path, &source); !s.ok()) return s;
  std::string raw;
  while (source->Fill(&raw)) {
  }
  if (!source->status().ok()) return source->status();
  out->source = path;
  return ParseMail(raw, out);
}

class MaildirReader : public MailReader {
 public:
  explicit MaildirReader(std::vector<std::string> files) : files_(std::move(files)) {
    for (const std::string& f : files_) total_ += FileSize(f);
  }

  Status Next(MailMessage* out, bool* done) override {
    *done = next_ >= files_.size();
    if (*done) return Status::Ok();
    const std::string& path = files_[next_++];
    read_ += FileSize(path);
    return ReadMessageFile(path, out);
  }
  uint64_t bytes_read() const override { return read_; }
  uint64_t bytes_total() const override { return total_; }

 private:
  std::vector<std::string> files_;
  size_t next_ = 0;
  uint64_t read_ = 0, total_ = 0;
};

Status ListMaildir(const std::string& dir, std::vector<std::string>* files) {
  bool any = false;
  for (const char* sub : {"cur", "new"}) {
    const fs::path folder = fs::path(dir) / sub;
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) continue;
    any = true;
    std::vector<std::string> names;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      std::error_code ec2;
      if (!name.empty() && name[0] != '.' && it->is_regular_file(ec2)) {
        names.push_back(it->path().string());
      }
    }
    if (ec) return Status::IoError(folder.string() + ": " + ec.message());
    std::sort(names.begin(), names.end());
    files->insert(files->end(), names.begin(), names.end());
  }
  if (!any) return Status::IoError(dir + ": a folder but not a Maildir (no cur/ or new/)");
  return Status::Ok();
}

}  // namespace

Status MailReader::Open(const std::string& path, std::unique_ptr<MailReader>* out) {
  InitGMime();
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return Status::IoError(path + ": " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) {
    std::vector<std::string> files;
    if (Status s = ListMaildir(path, &files); !s.ok()) return s;
    *out = std::make_unique<MaildirReader>(std::move(files));
    return Status::Ok();
  }
  std::unique_ptr<ByteSource> source;
  if (Status s = ByteSource::Open(path, &source); !s.ok()) return s;
  std::string head;
  while (head.size() < 5 && source->Fill(&head)) {
  }
  if (!source->status().ok()) return source->status();
  if (head.compare(0, 5, "From ") == 0) {
    *out = std::make_unique<MboxReader>(path, std::move(source), std::move(head));
  } else {
    *out = std::make_unique<FileReader>(path, std::move(source), std::move(head));
  }
  return Status::Ok();
}

}  // namespace mail
}  // namespace meetintent
