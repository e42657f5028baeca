// Conversation analysis: a thread of messages that may drift from
// professional to personal, and quid-pro-quo offers (a professional benefit
// offered on condition of a personal favour).
//
// AnalyzeThread classifies every message with the model, smooths the
// probability of "personal" over the thread and per sender, reports where a
// thread that began professional turned personal and who drove it, and finds
// quid-pro-quo offers in one message or in two close messages of one sender.
// Quid-pro-quo detection reads three kinds of cue, each a list of phrases in
// eight languages (src/quid_pro_quo.cc): a professional benefit ("put in a
// word", "refer you", "introduce you"), a personal ask ("just the two of us",
// "at my place", "get closer"), and a conditional link ("if", "in exchange",
// "but first").
//
// Pure function of its inputs; thread-safe with one Workspace per thread.
#ifndef MEETINTENT_THREAD_H_
#define MEETINTENT_THREAD_H_

#include <cstdint>
#include <string>
#include <vector>

#include "meetintent/export.h"
#include "meetintent/model.h"
#include "meetintent/status.h"

namespace meetintent {

struct ThreadMessage {
  std::string sender;
  int64_t timestamp = -1;  // seconds since the epoch; -1 when unknown
  std::string text;
};

struct ThreadOptions {
  // Weight of a new message in the smoothed trajectories (exponential moving
  // average): s = smoothing * p + (1 - smoothing) * s_previous. Default: 0.5.
  double smoothing = 0.5;
  // Short messages ("See you there!", "ty!!") say little about intent: a
  // message of n tokens counts as evidence e = 0.5 + (p - 0.5) * n / (n + k)
  // with k = short_message_tokens. Default: 16.
  double short_message_tokens = 16;
  // A drift is reported at the first message, after a professional start,
  // whose own evidence is at least message_threshold and whose smoothed
  // thread value reaches thread_threshold. Defaults: 0.65, 0.5. (Chosen on
  // the design split of data/threads, with models that never saw the
  // threads they were measured on.)
  double message_threshold = 0.65;
  double thread_threshold = 0.5;
  // Two messages of one sender form a quid-pro-quo pair when one offers a
  // benefit, a later one asks, a conditional link appears in either, at most
  // pair_window_messages messages of others lie between them and, with
  // timestamps, at most pair_window_seconds. Defaults: 2 messages, 1 day.
  int pair_window_messages = 2;
  int64_t pair_window_seconds = 24 * 3600;
};

// A phrase that drove a decision: which message, where, and why.
struct Highlight {
  size_t message = 0;  // index into the thread
  Span span;           // bytes of that message's text
  std::string text;    // the bytes themselves
  std::string role;    // "personal", "professional", "benefit", "ask" or "link"
  float weight = 0;    // strength (logit contribution, or 1 for cue phrases)
};

struct DriftEvent {
  bool detected = false;
  size_t message = 0;       // the turning message
  std::string sender;       // who drove the turn
  float probability = 0;    // that message's probability of "personal"
};

struct QuidProQuo {
  size_t benefit_message = 0;  // the message offering the benefit
  size_t ask_message = 0;      // the message with the personal ask (may be the same)
  Highlight benefit;
  Highlight ask;
  bool conditional = false;    // a conditional link ties them ("if", "in exchange")
  float confidence = 0;
};

struct SenderTrajectory {
  std::string sender;
  std::vector<size_t> messages;  // indices of this sender's messages
  std::vector<float> smoothed;   // smoothed evidence after each of them
};

struct ThreadAnalysis {
  std::vector<Prediction> predictions;   // per message
  std::vector<float> personal;           // p(personal) per message
  std::vector<float> evidence;           // p(personal) shrunk by message length
  std::vector<float> trajectory;         // smoothed evidence of the thread
  std::vector<SenderTrajectory> senders; // in order of first appearance
  DriftEvent drift;
  std::vector<QuidProQuo> quid_pro_quo;
  int label = -1;                        // the thread's overall label
  float personal_probability = 0;        // the thread's overall p(personal)
  // The few phrases that mattered, in thread order: the words of the turning
  // message that push most toward "personal", and the cue phrases of each
  // quid pro quo.
  std::vector<Highlight> highlights;
};

// Analyzes `messages` (in order). The model must have a "personal" label.
// REQUIRES: ws != nullptr, out != nullptr.
MI_EXPORT Status AnalyzeThread(const Model& model, const std::vector<ThreadMessage>& messages,
                               const ThreadOptions& options, Workspace* ws,
                               ThreadAnalysis* out);

}  // namespace meetintent

#endif  // MEETINTENT_THREAD_H_
