// Fuzzes conversation analysis: arbitrary bytes -> a thread -> AnalyzeThread
// (meetintent/thread.h) with the default model, and the same bytes as the
// thread command's JSON Lines input (src/cli/thread_input.cc with its RFC
// 3339 timestamps, src/cli/timestamp.cc) -> ReadThreads -> AnalyzeThread.
//
// The direct thread: messages separated by the byte 0x1E; in each, the first
// byte picks the sender (one of four) and the next four a signed timestamp
// step (0x80000000 for "unknown"); the rest is the text. The first bytes of
// the input also set the options, including values out of their range.
//
// Invariants checked (a violation traps):
//  - AnalyzeThread either fails with a message or gives one prediction,
//    probability and smoothed value per message, all finite and in [0, 1];
//    every message index it reports is in range, every sender's messages are
//    increasing, and every highlight's span lies inside its message's text
//    and holds the text it reports;
//  - ParseRfc3339 either succeeds with no error or fails with one.
#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_checks.h"
#include "meetintent/thread.h"
#include "thread_input.h"
#include "timestamp.h"

namespace {

bool InUnit(float v) { return std::isfinite(v) && v >= 0.0f && v <= 1.0f; }

void CheckAnalysis(const std::vector<meetintent::ThreadMessage>& messages,
                   const meetintent::ThreadOptions& options) {
  static meetintent::Workspace ws;
  meetintent::ThreadAnalysis a;
  const meetintent::Status s =
      meetintent::AnalyzeThread(meetintent::fuzz::DefaultModel(), messages, options, &ws, &a);
  if (!s.ok()) {
    FUZZ_CHECK(!s.message().empty());
    return;
  }
  const size_t n = messages.size();
  FUZZ_CHECK(a.predictions.size() == n && a.personal.size() == n && a.evidence.size() == n &&
             a.trajectory.size() == n);
  for (size_t i = 0; i < n; ++i) {
    FUZZ_CHECK(InUnit(a.personal[i]) && InUnit(a.evidence[i]) && InUnit(a.trajectory[i]));
  }
  if (n > 0) FUZZ_CHECK(InUnit(a.personal_probability));
  for (const meetintent::SenderTrajectory& t : a.senders) {
    FUZZ_CHECK(t.messages.size() == t.smoothed.size());
    for (size_t k = 0; k < t.messages.size(); ++k) {
      FUZZ_CHECK(t.messages[k] < n && messages[t.messages[k]].sender == t.sender);
      FUZZ_CHECK(k == 0 || t.messages[k - 1] < t.messages[k]);
      FUZZ_CHECK(InUnit(t.smoothed[k]));
    }
  }
  if (a.drift.detected) FUZZ_CHECK(a.drift.message < n && InUnit(a.drift.probability));
  auto check_highlight = [&](const meetintent::Highlight& h) {
    FUZZ_CHECK(h.message < n);
    const std::string& text = messages[h.message].text;
    FUZZ_CHECK(h.span.begin <= h.span.end && h.span.end <= text.size());
    FUZZ_CHECK(h.text == text.substr(h.span.begin, h.span.end - h.span.begin));
    FUZZ_CHECK(std::isfinite(h.weight));
  };
  for (const meetintent::Highlight& h : a.highlights) check_highlight(h);
  for (const meetintent::QuidProQuo& q : a.quid_pro_quo) {
    FUZZ_CHECK(q.benefit_message < n && q.ask_message < n);
    check_highlight(q.benefit);
    check_highlight(q.ask);
    FUZZ_CHECK(std::isfinite(q.confidence));
  }
}

// The direct thread (see the file comment).
void FuzzDirect(std::string_view in) {
  meetintent::ThreadOptions options;
  if (in.size() >= 4) {
    const auto b = [&](size_t i) { return static_cast<unsigned char>(in[i]); };
    options.smoothing = (b(0) - 16) / 200.0;  // about -0.08 .. 1.2
    options.short_message_tokens = (b(1) & 0x80) ? -1.0 : b(1) / 4.0;
    options.pair_window_messages = static_cast<int8_t>(b(2));
    options.pair_window_seconds = static_cast<int64_t>(static_cast<int8_t>(b(3))) * 3600;
    in.remove_prefix(4);
  }
  std::vector<meetintent::ThreadMessage> messages;
  int64_t time = 1700000000;
  while (!in.empty() && messages.size() < 64) {
    const size_t end = std::min(in.find('\x1e'), in.size());
    std::string_view m = in.substr(0, end);
    in.remove_prefix(std::min(end + 1, in.size()));
    meetintent::ThreadMessage msg;
    if (!m.empty()) {
      msg.sender = std::string("s") + static_cast<char>('0' + (m[0] & 3));
      m.remove_prefix(1);
    }
    if (m.size() >= 4) {
      uint32_t step;
      std::memcpy(&step, m.data(), 4);
      m.remove_prefix(4);
      if (step == 0x80000000u) {
        msg.timestamp = -1;
      } else {
        time += static_cast<int32_t>(step);
        msg.timestamp = time;
      }
    }
    msg.text = std::string(m);
    messages.push_back(std::move(msg));
  }
  CheckAnalysis(messages, options);
}

// The same bytes as the thread command reads them.
void FuzzCliInput(std::string_view in) {
  static const int fd = memfd_create("thread-fuzz", MFD_CLOEXEC);
  if (fd < 0) __builtin_trap();
  if (ftruncate(fd, 0) != 0 || pwrite(fd, in.data(), in.size(), 0) != static_cast<ssize_t>(in.size()) ||
      lseek(fd, 0, SEEK_SET) != 0) {
    __builtin_trap();
  }
  meetintent::cli::LineReader reader(fd, "fuzz", 4096);
  std::vector<meetintent::cli::InputThread> threads;
  const meetintent::Status s = meetintent::cli::ReadThreads(&reader, "", &threads);
  if (!s.ok()) {
    FUZZ_CHECK(!s.message().empty());
    return;
  }
  for (const meetintent::cli::InputThread& t : threads) {
    const std::vector<meetintent::ThreadMessage> messages = meetintent::cli::ToLibraryMessages(t);
    FUZZ_CHECK(messages.size() == t.messages.size());
    for (size_t i = 0; i < messages.size(); ++i) {
      // Known times stay known (and non-negative); unknown ones stay unknown.
      FUZZ_CHECK(t.messages[i].time.known == (messages[i].timestamp >= 0));
    }
    if (messages.size() <= 64) CheckAnalysis(messages, meetintent::ThreadOptions());
  }
}

void FuzzTimestamp(std::string_view in) {
  int64_t seconds = 0;
  std::string error;
  if (meetintent::cli::ParseRfc3339(in, &seconds, &error)) {
    FUZZ_CHECK(error.empty());
  } else {
    FUZZ_CHECK(!error.empty());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  FuzzDirect(in);
  FuzzCliInput(in);
  FuzzTimestamp(in.substr(0, std::min(in.find('\n'), in.size())));
  return 0;
}
