// The C boundary of meetintent.h and mail_c.h: one place that turns every
// C++ exception into an mi_status and records the reason. Each C API keeps
// its own per-thread last-error text and passes its recorder here.
#ifndef MEETINTENT_SRC_C_BOUNDARY_H_
#define MEETINTENT_SRC_C_BOUNDARY_H_

#include <exception>
#include <new>
#include <string>

#include "meetintent/meetintent.h"
#include "meetintent/status.h"

namespace meetintent {

// Stores `message` as the thread's last error in *last_error and returns
// `code`. Never throws: out of memory while recording keeps the code.
inline mi_status RecordFailure(std::string* last_error, mi_status code,
                               const std::string& message) {
  try {
    *last_error = message;
  } catch (...) {
  }
  return code;
}

// The mi_status of a StatusCode: the numbers are the same by design
// (status.h), spelled out so that a new code cannot slip through.
inline mi_status CodeOf(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return MI_OK;
    case StatusCode::kInvalidArgument: return MI_ERR_INVALID_ARGUMENT;
    case StatusCode::kIoError: return MI_ERR_IO;
    case StatusCode::kCorruptModel: return MI_ERR_CORRUPT_MODEL;
    case StatusCode::kUnsupportedVersion: return MI_ERR_UNSUPPORTED_VERSION;
    case StatusCode::kParseError: return MI_ERR_PARSE;
    case StatusCode::kOutOfMemory: return MI_ERR_OUT_OF_MEMORY;
    case StatusCode::kInternal: return MI_ERR_INTERNAL;
  }
  return MI_ERR_INTERNAL;
}

// Runs fn() and turns any exception into a status, reported through
// fail(code, message).
template <typename FailFn, typename Fn>
mi_status CatchAll(const char* where, FailFn fail, Fn fn) {
  try {
    return fn();
  } catch (const std::bad_alloc&) {
    return fail(MI_ERR_OUT_OF_MEMORY, std::string(where) + ": out of memory");
  } catch (const std::exception& e) {
    return fail(MI_ERR_INTERNAL, std::string(where) + ": internal error: " + e.what());
  } catch (...) {
    return fail(MI_ERR_INTERNAL, std::string(where) + ": internal error");
  }
}

// "WHERE: WHAT is NULL", as MI_ERR_NULL_ARGUMENT.
template <typename FailFn>
mi_status NullArgument(FailFn fail, const char* where, const char* what) {
  return fail(MI_ERR_NULL_ARGUMENT, std::string(where) + ": " + what + " is NULL");
}

}  // namespace meetintent

#endif  // MEETINTENT_SRC_C_BOUNDARY_H_
