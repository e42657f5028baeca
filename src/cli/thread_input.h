// The thread command's input: JSON Lines, one message per line
//   {"thread_id":..,"sender":..,"time":"2025-03-04T10:15:00Z","text":..}
// or one whole thread per line
//   {"thread_id":..,"messages":[{"sender":..,"time":..,"text":..},..]}
// ("sender" and "time" optional; "time" an RFC 3339 string or null). The
// messages of a thread keep their input order; threads come out in order of
// first appearance.
#ifndef MEETINTENT_CLI_THREAD_INPUT_H_
#define MEETINTENT_CLI_THREAD_INPUT_H_

#include <string>
#include <vector>

#include "line_reader.h"
#include "meetintent/status.h"
#include "meetintent/thread.h"
#include "timestamp.h"

namespace meetintent {
namespace cli {

struct InputMessage {
  std::string sender;
  Time time;
  std::string text;
  // Where the message came from, for 'meetintent mail --threads' (written
  // when not empty).
  std::string source;
  std::string message_id;
};

struct InputThread {
  std::string id;
  std::vector<InputMessage> messages;
};

// Reads every line of `reader` (converted from `encoding` first when it is
// not empty) into *threads. Errors name the line: invalid JSON, a missing
// member, a "time" that is not RFC 3339, a line longer than the reader's
// limit.
Status ReadThreads(LineReader* reader, const std::string& encoding,
                   std::vector<InputThread>* threads);

// The messages as the library takes them (meetintent::ThreadMessage).
//
// The library reads a timestamp of -1 (any negative one, in fact) as
// "unknown", and uses timestamps only through their differences (the
// quid-pro-quo pair window). So a thread whose known times include one before
// 1970 has all of its known times shifted by one amount that makes the
// earliest 0: every difference stays exact and no known time is lost.
// Threads without such times are passed as they are.
std::vector<ThreadMessage> ToLibraryMessages(const InputThread& thread);

}  // namespace cli
}  // namespace meetintent

#endif  // MEETINTENT_CLI_THREAD_INPUT_H_
