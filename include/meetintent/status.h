// Status: the result of an operation that can fail. The C++ API never throws;
// functions that can fail return a Status (or fill one), and the message says
// what went wrong in words a user can act on.
//
// Thread-safety: a Status is a plain value; distinct objects may be used from
// distinct threads.
#ifndef MEETINTENT_STATUS_H_
#define MEETINTENT_STATUS_H_

#include <string>
#include <utility>

#include "meetintent/export.h"

namespace meetintent {

// The numbers match the C API's MI_* status codes and are never reused.
enum class StatusCode : int {
  kOk = 0,
  kInvalidArgument = 1,   // a caller passed something unusable
  kIoError = 2,           // a file could not be opened, read or written
  kCorruptModel = 3,      // a model file or buffer is malformed
  kUnsupportedVersion = 4,// a model file of a format this library cannot read
  kParseError = 5,        // training data could not be parsed
  kOutOfMemory = 6,       // an allocation failed
  kInternal = 7,          // a bug: please report it
};

class MI_EXPORT Status {
 public:
  // Creates a success status.
  Status() = default;
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return Status(StatusCode::kInvalidArgument, std::move(msg));
  }
  static Status IoError(std::string msg) {
    return Status(StatusCode::kIoError, std::move(msg));
  }
  static Status CorruptModel(std::string msg) {
    return Status(StatusCode::kCorruptModel, std::move(msg));
  }
  static Status UnsupportedVersion(std::string msg) {
    return Status(StatusCode::kUnsupportedVersion, std::move(msg));
  }
  static Status ParseError(std::string msg) {
    return Status(StatusCode::kParseError, std::move(msg));
  }

  // Returns true iff the operation succeeded.
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // Human-readable description; empty on success.
  const std::string& message() const { return message_; }
  // "OK" or "<code name>: <message>".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

}  // namespace meetintent

#endif  // MEETINTENT_STATUS_H_
