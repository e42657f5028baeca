// MailReader: one message file, an mbox file (GMime's parser in mbox mode,
// message by message: memory does not grow with the file) or a Maildir folder.
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "meetintent/mail.h"
#include "mime_text.h"

namespace meetintent {
namespace mail {
namespace {

namespace fs = std::filesystem;

Status OpenStream(const std::string& path, GRef<GMimeStream>* out) {
  GError* err = nullptr;
  GMimeStream* s = g_mime_stream_fs_open(path.c_str(), O_RDONLY, 0, &err);
  if (s == nullptr) {
    std::string why = err != nullptr ? err->message : "cannot open";
    if (err != nullptr) g_error_free(err);
    return Status::IoError(path + ": " + why);
  }
  out->reset(s);
  return Status::Ok();
}

uint64_t FileSize(const std::string& path) {
  std::error_code ec;
  const auto n = fs::file_size(path, ec);
  return ec ? 0 : static_cast<uint64_t>(n);
}

// Parses one message file (a file that starts with "From " is read as an mbox).
Status ReadMessageFile(const std::string& path, MailMessage* out) {
  GRef<GMimeStream> stream;
  if (Status s = OpenStream(path, &stream); !s.ok()) return s;
  out->source = path;
  return ParseMailStream(stream.get(), out);
}

class FileReader : public MailReader {
 public:
  explicit FileReader(std::string path) : path_(std::move(path)), size_(FileSize(path_)) {}

  Status Next(MailMessage* out, bool* done) override {
    *done = read_;
    if (read_) return Status::Ok();
    read_ = true;
    return ReadMessageFile(path_, out);
  }
  uint64_t bytes_read() const override { return read_ ? size_ : 0; }
  uint64_t bytes_total() const override { return size_; }

 private:
  std::string path_;
  uint64_t size_;
  bool read_ = false;
};

class MboxReader : public MailReader {
 public:
  MboxReader(std::string path, GMimeStream* stream)
      : path_(std::move(path)), size_(FileSize(path_)),
        parser_(g_mime_parser_new_with_stream(stream)) {
    g_mime_parser_set_format(parser_.get(), GMIME_FORMAT_MBOX);
    // Content-Length headers are often wrong; the "From " lines decide.
    g_mime_parser_set_respect_content_length(parser_.get(), FALSE);
  }

  Status Next(MailMessage* out, bool* done) override {
    *done = false;
    if (ended_ || g_mime_parser_eos(parser_.get())) {
      *done = ended_ = true;
      return Status::Ok();
    }
    GRef<GMimeMessage> m(g_mime_parser_construct_message(parser_.get(), nullptr));
    if (m.get() == nullptr) {
      // No further "From " line: nothing more can be read.
      *done = ended_ = true;
      return Status::Ok();
    }
    ++count_;
    out->source = path_ + "#" + std::to_string(count_);
    ReadGMimeMessage(m.get(), out);
    return Status::Ok();
  }
  uint64_t bytes_read() const override {
    const gint64 at = g_mime_parser_tell(parser_.get());
    return at > 0 ? static_cast<uint64_t>(at) : 0;
  }
  uint64_t bytes_total() const override { return size_; }

 private:
  std::string path_;
  uint64_t size_;
  GRef<GMimeParser> parser_;
  uint64_t count_ = 0;
  bool ended_ = false;
};

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
  GRef<GMimeStream> stream;
  if (Status s = OpenStream(path, &stream); !s.ok()) return s;
  char head[5] = {};
  const ssize_t n = g_mime_stream_read(stream.get(), head, sizeof head);
  g_mime_stream_reset(stream.get());
  if (n == 5 && std::memcmp(head, "From ", 5) == 0) {
    *out = std::make_unique<MboxReader>(path, stream.get());
  } else {
    *out = std::make_unique<FileReader>(path);
  }
  return Status::Ok();
}

}  // namespace mail
}  // namespace meetintent
