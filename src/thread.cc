#include "meetintent/thread.h"

#include <algorithm>
#include <cmath>

#include "quid_pro_quo.h"

namespace meetintent {
namespace {

// What one message holds besides its prediction.
struct MessageCues {
  bool benefit = false, strong_ask = false, weak_ask = false, link = false;
  Highlight benefit_at, ask_at, link_at;
};

Highlight MakeHighlight(size_t message, Span span, const std::string& text, const char* role,
                        float weight) {
  Highlight h;
  h.message = message;
  h.span = span;
  h.text = text.substr(span.begin, span.end - span.begin);
  h.role = role;
  h.weight = weight;
  return h;
}

MessageCues CollectCues(size_t index, const std::string& text, const Workspace& ws,
                        std::vector<Cue>* scratch) {
  scratch->clear();
  FindCues(ws.normalized().text(), ws.tokens(), scratch);
  MessageCues c;
  for (const Cue& cue : *scratch) {
    const Span span = ws.normalized().SourceSpan(cue.begin, cue.end);
    switch (cue.kind) {
      case CueKind::kBenefit:
        if (!c.benefit) c.benefit_at = MakeHighlight(index, span, text, "benefit", 1);
        c.benefit = true;
        break;
      case CueKind::kStrongAsk:
        if (!c.strong_ask) c.ask_at = MakeHighlight(index, span, text, "ask", 1);
        c.strong_ask = true;
        break;
      case CueKind::kWeakAsk:
        if (!c.strong_ask && !c.weak_ask) c.ask_at = MakeHighlight(index, span, text, "ask", 1);
        c.weak_ask = true;
        break;
      case CueKind::kLink:
        if (!c.link) c.link_at = MakeHighlight(index, span, text, "link", 1);
        c.link = true;
        break;
    }
  }
  return c;
}

// A personal ask strong enough, given the message's own probability.
bool AskCounts(const MessageCues& c, float p_personal) {
  return c.strong_ask || (c.weak_ask && p_personal >= 0.5f);
}

}  // namespace

Status AnalyzeThread(const Model& model, const std::vector<ThreadMessage>& messages,
                     const ThreadOptions& options, Workspace* ws, ThreadAnalysis* out) {
  if (ws == nullptr || out == nullptr) return Status::InvalidArgument("ws and out are required");
  const int personal = model.LabelIndex("personal");
  if (personal < 0) return Status::InvalidArgument("the model has no \"personal\" label");
  if (!(options.smoothing > 0 && options.smoothing <= 1)) {
    return Status::InvalidArgument("smoothing must be in (0, 1]");
  }
  if (!(options.short_message_tokens >= 0)) {
    return Status::InvalidArgument("short_message_tokens must be >= 0");
  }
  // Reset the result but keep its buffers: a reused ThreadAnalysis makes
  // later calls cheaper.
  out->senders.clear();
  out->drift = DriftEvent();
  out->quid_pro_quo.clear();
  out->highlights.clear();
  out->label = -1;
  out->personal_probability = 0;
  const size_t n = messages.size();
  out->predictions.resize(n);
  out->personal.resize(n);
  out->evidence.resize(n);
  out->trajectory.resize(n);
  std::vector<MessageCues> cues(n);
  std::vector<Cue> scratch;
  std::vector<Contribution> drift_words;
  const double a = options.smoothing;

  for (size_t i = 0; i < n; ++i) {
    model.Predict(messages[i].text, ws, &out->predictions[i]);
    out->personal[i] = out->predictions[i].probabilities[static_cast<size_t>(personal)];
    const double tokens = static_cast<double>(ws->tokens().size());
    const auto p = static_cast<float>(
        0.5 + (out->personal[i] - 0.5) * tokens / (tokens + options.short_message_tokens));
    out->evidence[i] = p;
    out->trajectory[i] =
        i == 0 ? p : static_cast<float>(a * p + (1 - a) * out->trajectory[i - 1]);
    cues[i] = CollectCues(i, messages[i].text, *ws, &scratch);

    // Drift: the thread started professional, then this message is personal
    // and carries the smoothed thread over the threshold. Decided here, while
    // the workspace still holds the message, so its words can be shown.
    if (!out->drift.detected && i >= 1 && out->trajectory[0] < options.thread_threshold &&
        out->evidence[i] >= options.message_threshold &&
        out->trajectory[i] >= options.thread_threshold) {
      out->drift = DriftEvent{true, i, messages[i].sender, out->personal[i]};
      model.TopWords(*ws, personal, 3, &drift_words);
    }

    auto sender = std::find_if(out->senders.begin(), out->senders.end(),
                               [&](const SenderTrajectory& s) { return s.sender == messages[i].sender; });
    if (sender == out->senders.end()) {
      out->senders.push_back({messages[i].sender, {}, {}});
      sender = out->senders.end() - 1;
    }
    const float prev = sender->smoothed.empty() ? p : sender->smoothed.back();
    sender->messages.push_back(i);
    sender->smoothed.push_back(sender->smoothed.empty()
                                   ? p
                                   : static_cast<float>(a * p + (1 - a) * prev));
  }

  // Quid pro quo within one message.
  std::vector<bool> in_qpq(n, false);
  for (size_t i = 0; i < n; ++i) {
    const MessageCues& c = cues[i];
    if (c.benefit && AskCounts(c, out->personal[i]) && (c.link || out->personal[i] >= 0.5f)) {
      QuidProQuo q;
      q.benefit_message = q.ask_message = i;
      q.benefit = c.benefit_at;
      q.ask = c.ask_at;
      q.conditional = c.link;
      q.confidence = std::max(out->personal[i], c.link ? 0.9f : 0.0f);
      out->quid_pro_quo.push_back(q);
      in_qpq[i] = true;
    }
  }
  // ...or across two close messages: an offer and a later conditional ask
  // by the same sender, or a request for a benefit answered by a
  // conditional ask ("I can do it. But first, dinner at my place?").
  for (size_t i = 0; i < n; ++i) {
    if (in_qpq[i] || !cues[i].benefit) continue;
    size_t between = 0;
    for (size_t j = i + 1; j < n && between <= static_cast<size_t>(options.pair_window_messages); ++j) {
      if (messages[j].sender != messages[i].sender) {
        const MessageCues& reply = cues[j];
        if (j == i + 1 && !in_qpq[j] && reply.strong_ask && reply.link) {
          QuidProQuo q;
          q.benefit_message = i;
          q.ask_message = j;
          q.benefit = cues[i].benefit_at;
          q.ask = reply.ask_at;
          q.conditional = true;
          q.confidence = std::max(out->personal[j], 0.9f);
          out->quid_pro_quo.push_back(q);
          in_qpq[i] = in_qpq[j] = true;
          break;
        }
        ++between;
        continue;
      }
      if (messages[i].timestamp >= 0 && messages[j].timestamp >= 0 &&
          messages[j].timestamp - messages[i].timestamp > options.pair_window_seconds) {
        break;
      }
      const MessageCues& c = cues[j];
      // Across messages the condition must be spoken: an offer of help
      // followed later by an invitation is not by itself a trade.
      const bool link = cues[i].link || c.link;
      if (!in_qpq[j] && AskCounts(c, out->personal[j]) && link) {
        QuidProQuo q;
        q.benefit_message = i;
        q.ask_message = j;
        q.benefit = cues[i].benefit_at;
        q.ask = c.ask_at;
        q.conditional = link;
        q.confidence = std::max(out->personal[j], link ? 0.9f : 0.0f);
        out->quid_pro_quo.push_back(q);
        in_qpq[i] = in_qpq[j] = true;
        break;
      }
    }
  }
  std::stable_sort(out->quid_pro_quo.begin(), out->quid_pro_quo.end(),
                   [](const QuidProQuo& x, const QuidProQuo& y) {
                     return x.benefit_message < y.benefit_message;
                   });

  // The thread's label: personal when it drifted, holds a quid pro quo, or
  // is personal on average.
  double mean = 0;
  for (float p : out->personal) mean += p;
  mean = n ? mean / static_cast<double>(n) : 0;
  double p_thread = mean;
  if (out->drift.detected) p_thread = std::max(p_thread, static_cast<double>(out->drift.probability));
  for (const QuidProQuo& q : out->quid_pro_quo) p_thread = std::max(p_thread, static_cast<double>(q.confidence));
  out->personal_probability = static_cast<float>(p_thread);
  const int other = personal == 0 ? 1 : 0;
  out->label = n == 0 ? -1 : (p_thread >= 0.5 ? personal : other);

  // Highlights: the words that made the turning message personal, and the
  // cue phrases of each quid pro quo; in thread order.
  for (const Contribution& c : drift_words) {
    out->highlights.push_back(MakeHighlight(out->drift.message, c.span,
                                            messages[out->drift.message].text, "personal",
                                            c.weight));
  }
  for (const QuidProQuo& q : out->quid_pro_quo) {
    out->highlights.push_back(q.benefit);
    out->highlights.push_back(q.ask);
    if (q.conditional) {
      const MessageCues& c = cues[q.ask_message].link ? cues[q.ask_message] : cues[q.benefit_message];
      if (c.link) out->highlights.push_back(c.link_at);
    }
  }
  std::stable_sort(out->highlights.begin(), out->highlights.end(),
                   [](const Highlight& x, const Highlight& y) {
                     if (x.message != y.message) return x.message < y.message;
                     return x.span.begin < y.span.begin;
                   });
  out->highlights.erase(
      std::unique(out->highlights.begin(), out->highlights.end(),
                  [](const Highlight& x, const Highlight& y) {
                    return x.message == y.message && x.span == y.span && x.role == y.role;
                  }),
      out->highlights.end());
  return Status::Ok();
}

}  // namespace meetintent
