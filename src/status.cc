#include "meetintent/status.h"

namespace meetintent {

std::string Status::ToString() const {
  const char* name = "Unknown";
  switch (code_) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kInvalidArgument: name = "Invalid argument"; break;
    case StatusCode::kIoError: name = "I/O error"; break;
    case StatusCode::kCorruptModel: name = "Corrupt model"; break;
    case StatusCode::kUnsupportedVersion: name = "Unsupported version"; break;
    case StatusCode::kParseError: name = "Parse error"; break;
    case StatusCode::kOutOfMemory: name = "Out of memory"; break;
    case StatusCode::kInternal: name = "Internal error"; break;
  }
  return std::string(name) + ": " + message_;
}

}  // namespace meetintent
