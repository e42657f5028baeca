#include "meetintent/thread.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <unordered_map>

#include "block_scoring.h"
#include "model_internals.h"
#include "quid_pro_quo.h"
#include "quid_pro_quo_model.h"

namespace meetintent {
namespace {

// What one message holds besides its prediction. Spans only: a highlight
// (with its copy of the text) is made for the few cues an offer shows.
struct MessageCues {
  bool benefit = false, strong_ask = false, weak_ask = false, link = false;
  bool untie = false;                // says the benefit and the ask are not tied: in no offer
  Span benefit_at, ask_at, link_at;  // the first cue phrase of each (ask: strong first)
  int learned_link = -1;  // with link: a learned offer's link highlight, in place of link_at
  QpqSums learned;        // the learned scorers' sums, when the library has them
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

// The highlight of a cue phrase of message m.
Highlight CueHighlight(const std::vector<ThreadMessage>& messages, size_t m, Span span,
                       const char* role) {
  return MakeHighlight(m, span, messages[m].text, role, 1);
}

// The cue phrases of the message `ws` holds (read by PredictAndRead), filled
// into *out, a MessageCues as constructed. `word_hashes`: its tokens'
// hashes, or null.
void CollectCues(const Workspace& ws, const uint64_t* word_hashes, std::vector<Cue>* scratch,
                 MessageCues* out) {
  scratch->clear();
  FindCues(ws.normalized().text(), ws.tokens(), word_hashes, scratch,
           ws.normalized().ascii_input());
  MessageCues& c = *out;
  for (const Cue& cue : *scratch) {
    switch (cue.kind) {
      case CueKind::kBenefit:
        if (!c.benefit) c.benefit_at = ws.normalized().SourceSpan(cue.begin, cue.end);
        c.benefit = true;
        break;
      case CueKind::kStrongAsk:
        if (!c.strong_ask) c.ask_at = ws.normalized().SourceSpan(cue.begin, cue.end);
        c.strong_ask = true;
        break;
      case CueKind::kWeakAsk:
        if (!c.strong_ask && !c.weak_ask) c.ask_at = ws.normalized().SourceSpan(cue.begin, cue.end);
        c.weak_ask = true;
        break;
      case CueKind::kLink:
        if (!c.link) c.link_at = ws.normalized().SourceSpan(cue.begin, cue.end);
        c.link = true;
        break;
      case CueKind::kUntie: c.untie = true; break;
    }
  }
}

// A personal ask strong enough, given the message's own probability.
bool AskCounts(const MessageCues& c, float p_personal) {
  return c.strong_ask || (c.weak_ask && p_personal >= 0.5f);
}

Status ValidateThreadOptions(const ThreadOptions& o) {
  if (!(o.smoothing > 0 && o.smoothing <= 1)) {
    return Status::InvalidArgument("smoothing must be in (0, 1]");
  }
  if (!(o.short_message_tokens >= 0 && std::isfinite(o.short_message_tokens))) {
    return Status::InvalidArgument("short_message_tokens must be finite and >= 0");
  }
  if (!(o.message_threshold >= 0 && o.message_threshold <= 1) ||
      !(o.thread_threshold >= 0 && o.thread_threshold <= 1)) {
    return Status::InvalidArgument("thresholds must be in [0, 1]");
  }
  if (o.pair_window_messages < 0 || o.pair_window_seconds < 0) {
    return Status::InvalidArgument("quid-pro-quo windows must be >= 0");
  }
  return Status::Ok();
}

// Whether message i is where a thread that started professional turns
// personal: its own evidence and the smoothed thread both cross their
// thresholds (the drift is the first such message; step 3).
bool TurnsAt(const ThreadOptions& options, const ThreadAnalysis& a, size_t i) {
  return i > 0 && a.trajectory[0] < options.thread_threshold &&
         a.evidence[i] >= options.message_threshold && a.trajectory[i] >= options.thread_threshold;
}

// The words shown for the drift message.
constexpr size_t kDriftWords = 3;

// The drift message's words, when step 1 could explain them from its own
// reading (no second reading in step 6).
struct DriftWords {
  size_t message = SIZE_MAX;
  std::vector<Contribution> words;
};

// Step 1: every message's probability of "personal", its length-discounted
// evidence, the smoothed thread trajectory, its cue phrases and its sums
// under the learned quid-pro-quo scorers.
void ScoreMessages(const Model& model, const std::vector<ThreadMessage>& messages,
                   const ThreadOptions& options, int personal, const QpqScorer* scorer,
                   const FeatureOptions& reading, Workspace* ws, ThreadAnalysis* out,
                   std::vector<MessageCues>* cues, std::vector<Cue>* scratch, WordTap* tap_out,
                   DriftWords* drift_words) {
  const size_t n = messages.size();
  out->predictions.resize(n);
  out->personal.resize(n);
  out->evidence.resize(n);
  out->trajectory.resize(n);
  cues->assign(n, MessageCues());
  const double a = options.smoothing;
  bool turned = false;
  // The heads' sums come from the model's own reading when it reads words as
  // they do (the default model does), else from a reading of their own.
  WordTap& tap = *tap_out;
  const bool tapped = scorer != nullptr && scorer->MakeTap(model, reading, &tap);
  struct Untap {  // however the loop ends, ws must not keep the local tap
    Workspace* ws;
    ~Untap() { ModelInternals::SetWordTap(ws, nullptr); }
  } untap{ws};
  if (tapped) ModelInternals::SetWordTap(ws, &tap);
  for (size_t i = 0; i < n; ++i) {
    tap.hashed = SIZE_MAX;  // a reading that bypassed the tap lends none
    model.PredictAndRead(messages[i].text, ws, &out->predictions[i]);
    const float p_personal = out->predictions[i].probabilities[static_cast<size_t>(personal)];
    out->personal[i] = p_personal;
    const double tokens = static_cast<double>(ws->tokens().size());
    const double denominator = tokens + options.short_message_tokens;
    const auto e = static_cast<float>(
        denominator > 0 ? 0.5 + (p_personal - 0.5) * tokens / denominator : 0.5);
    out->evidence[i] = e;
    out->trajectory[i] = i == 0 ? e : static_cast<float>(a * e + (1 - a) * out->trajectory[i - 1]);
    const bool lent = tapped && tap.hashed == ws->tokens().size();
    CollectCues(*ws, lent ? tap.word_hashes.data() : nullptr, scratch, &(*cues)[i]);
    if (tapped) {
      QpqScorer::FromTap(tap, ws->tokens().size(), &(*cues)[i].learned);
    } else if (scorer != nullptr) {
      scorer->Read(reading, ws->tokens(), &(*cues)[i].learned);
    }
    // The drift message, while ws holds it, if it was read as a whole.
    if (!turned && TurnsAt(options, *out, i)) {
      turned = true;
      if (out->predictions[i].deciding_part == DecidingPart::kWholeMessage) {
        ModelInternals::ExplainReadWords(model, personal, kDriftWords, ws, &drift_words->words,
                                         lent ? tap.word_hashes.data() : nullptr);
        drift_words->message = i;
      }
    }
  }
}

// Step 2: the smoothed evidence of each sender's own messages, senders in
// order of first appearance (a hash map: linear in the thread's length).
// *sender_of: each message's sender, as an index into out->senders (later
// steps compare these instead of the names).
// `names` and `sent`: scratch.
void TrackSenders(const std::vector<ThreadMessage>& messages, const ThreadOptions& options,
                  std::vector<std::string_view>* names_scratch, std::vector<size_t>* sent_scratch,
                  std::vector<size_t>* sender_of_out, ThreadAnalysis* out) {
  // Who sent each message, and how many each sender sent, first: each
  // sender's lists are then allocated once. Most threads have a handful of
  // senders, found by a linear search, cheaper than hashing; past
  // kFewSenders a hash map keeps it linear.
  constexpr size_t kFewSenders = 8;
  // Keys are views of the messages' own strings, which outlive this call.
  std::vector<std::string_view>& names = *names_scratch;
  names.clear();
  std::unordered_map<std::string_view, size_t> index;
  std::vector<size_t>& sender_of = *sender_of_out;
  sender_of.resize(messages.size());
  std::vector<size_t>& sent = *sent_scratch;
  sent.clear();
  for (size_t i = 0; i < messages.size(); ++i) {
    const std::string_view sender = messages[i].sender;
    size_t k = 0;
    if (names.size() <= kFewSenders) {
      while (k < names.size() && names[k] != sender) ++k;
    } else {
      if (index.empty()) {  // the first time past the bound: index those seen
        for (size_t j = 0; j < names.size(); ++j) index.emplace(names[j], j);
      }
      const auto it = index.find(sender);
      k = it == index.end() ? names.size() : it->second;
    }
    if (k == names.size()) {
      names.push_back(sender);
      if (!index.empty()) index.emplace(sender, k);
      sent.push_back(0);
    }
    sender_of[i] = k;
    ++sent[k];
  }
  // The trajectories of a reused ThreadAnalysis keep their memory.
  out->senders.resize(names.size());
  for (size_t k = 0; k < names.size(); ++k) {
    SenderTrajectory& s = out->senders[k];
    s.sender.assign(names[k]);
    s.messages.clear();
    s.messages.reserve(sent[k]);
    s.smoothed.clear();
    s.smoothed.reserve(sent[k]);
  }
  const double a = options.smoothing;
  for (size_t i = 0; i < messages.size(); ++i) {
    SenderTrajectory& s = out->senders[sender_of[i]];
    const float e = out->evidence[i];
    s.messages.push_back(i);
    s.smoothed.push_back(s.smoothed.empty() ? e
                                            : static_cast<float>(a * e + (1 - a) * s.smoothed.back()));
  }
}

// Step 3: the first message, after a professional start, whose own evidence
// and the smoothed thread both cross their thresholds.
void FindDrift(const std::vector<ThreadMessage>& messages, const ThreadOptions& options,
               ThreadAnalysis* out) {
  for (size_t i = 0; i < messages.size(); ++i) {
    if (TurnsAt(options, *out, i)) {
      out->drift = DriftEvent{true, i, messages[i].sender, out->personal[i]};
      return;
    }
  }
}

QuidProQuo MakeQuidProQuo(const std::vector<ThreadMessage>& messages, size_t benefit_message,
                          size_t ask_message, const MessageCues& benefit, const MessageCues& ask,
                          bool conditional, float confidence) {
  QuidProQuo q;
  q.benefit_message = benefit_message;
  q.ask_message = ask_message;
  q.benefit = CueHighlight(messages, benefit_message, benefit.benefit_at, "benefit");
  q.ask = CueHighlight(messages, ask_message, ask.ask_at, "ask");
  q.conditional = conditional;
  q.confidence = confidence;
  return q;
}

// Same-sender messages between an offer and the ask it is paired with: a
// bound on the look-ahead, so that one sender repeating an offer 100,000
// times costs linear time.
constexpr size_t kMaxSameSenderGap = 8;

// Learned quid pro quo (quid_pro_quo_model.h). A candidate is one message, a
// run of up to kMaxRun consecutive messages of one sender ("I might be able
// to." / "Depends how nice you are to me." / "A weekend at the lake with me
// would go a long way."), or a message and the other party's reply to it
// ("Can you introduce me to X?" / "Gladly, if ..."); its sums are the sums of
// its messages. It is an offer when its OfferScore reaches kOfferThreshold
// and one of its messages is at least kOfferPersonal personal to the
// analysing model. Both were chosen on the design threads
// (data/threads/design.jsonl and the even-numbered threads of
// data/qpq/threads_<lang>.jsonl; never on data/threads/test.jsonl or the
// odd-numbered data/qpq threads): README.md, "Conversations".
constexpr float kOfferThreshold = QpqScorer::kOfferThreshold;
constexpr float kOfferPersonal = 0.5f;
constexpr size_t kMaxRun = 3;

// std::stable_sort without the buffer it allocates, for the few items of a
// thread (an insertion sort is stable too); long ranges go to the former.
template <class It, class Less>
void StableSort(It first, It last, Less less) {
  constexpr long kFew = 32;
  if (last - first > kFew) {
    std::stable_sort(first, last, less);
    return;
  }
  if (first == last) return;
  for (It i = first + 1; i != last; ++i) {
    auto item = std::move(*i);
    It j = i;
    for (; j != first && less(item, *(j - 1)); --j) *j = std::move(*(j - 1));
    *j = std::move(item);
  }
}

struct Candidate {
  float score;
  size_t first, last;  // messages [first, last]: first's sender's, unless reply
  bool reply;          // first is a request by another sender, last the reply
};

bool Holds(const std::vector<size_t>& sender_of, const Candidate& c, size_t m) {
  return c.reply || sender_of[m] == sender_of[c.first];
}

// Reads messages again (normalized and tokenized only: no scoring) to find
// the words the learned scorers weigh most; reads each message once when its
// highlights are asked for in a row. `held`: the message ws still holds from
// step 1, read as a whole (the last one, often the ask), or SIZE_MAX.
class LearnedSpans {
 public:
  LearnedSpans(const Model& model, const QpqScorer& scorer, const FeatureOptions& reading,
               const std::vector<ThreadMessage>& messages, size_t held, Workspace* ws)
      : model_(model),
        scorer_(scorer),
        reading_(reading),
        messages_(messages),
        ws_(ws),
        read_(held) {}

  // A highlight asked for: the word or bigram of message m that pushes most
  // toward `head` goes to *out (empty when there is none).
  struct Want {
    QpqHead head;
    size_t m;
    const char* role;
    float weight;
    Highlight* out;
  };

  // Answers wants[0, count): those of the message ws holds first, then one
  // message after another, so that each is read at most once.
  void FindAll(Want* wants, size_t count) {
    auto before = [this](const Want& x, const Want& y) {
      if ((x.m == read_) != (y.m == read_)) return x.m == read_;
      return x.m < y.m;
    };
    for (size_t k = 1; k < count; ++k) {  // insertion sort: stable, three at most
      for (size_t j = k; j > 0 && before(wants[j], wants[j - 1]); --j) {
        std::swap(wants[j], wants[j - 1]);
      }
    }
    for (size_t k = 0; k < count; ++k) *wants[k].out = Find(wants[k]);
  }

 private:
  Highlight Find(const Want& w) {
    if (w.m != read_) {
      ModelInternals::ReadRanges(model_, messages_[w.m].text, nullptr, ws_);
      read_ = w.m;
    }
    uint32_t begin, end;
    if (!scorer_.TopWord(reading_, w.head, ws_->tokens(), &begin, &end)) return Highlight();
    return MakeHighlight(w.m, ws_->normalized().SourceSpan(begin, end), messages_[w.m].text, w.role,
                         w.weight);
  }

  const Model& model_;
  const QpqScorer& scorer_;
  const FeatureOptions& reading_;
  const std::vector<ThreadMessage>& messages_;
  Workspace* ws_;
  size_t read_;
};

// The message of a candidate where `head` is most probable, the latest on
// ties.
size_t MostLikely(const QpqScorer& scorer, QpqHead head, const std::vector<size_t>& sender_of,
                  const std::vector<MessageCues>& cues, const Candidate& c, float* p_best) {
  size_t best = c.last;
  *p_best = -1;
  for (size_t m = c.first; m <= c.last; ++m) {
    if (!Holds(sender_of, c, m)) continue;
    const float p = scorer.Probability(head, cues[m].learned);
    if (p >= *p_best) {
      *p_best = p;
      best = m;
    }
  }
  return best;
}

// Step 4a: the learned offers, strongest first, no two sharing a message.
// Their spans are the cue phrases of their messages when there are any, else
// the words the scorers weigh most; a learned link is recorded in the ask
// message's cues for CollectHighlights.
void FindLearnedQuidProQuo(const Model& model, const QpqScorer& scorer,
                           const FeatureOptions& reading,
                           const std::vector<ThreadMessage>& messages,
                           const std::vector<size_t>& sender_of, const ThreadOptions& options,
                           Workspace* ws, std::vector<MessageCues>* cues,
                           std::vector<Highlight>* learned_links, std::vector<Candidate>* found_out,
                           std::vector<uint8_t>* paired, ThreadAnalysis* out) {
  const size_t n = messages.size();
  std::vector<Candidate>& found = *found_out;
  found.clear();
  QpqSums sums;
  // `personal`: the most personal of the candidate's messages.
  auto consider = [&](size_t first, size_t last, bool reply, float personal) {
    if (personal < kOfferPersonal) return;
    const float score = scorer.OfferScore(sums, kOfferThreshold);
    if (score >= kOfferThreshold) found.push_back({score, first, last, reply});
  };
  const auto window = static_cast<size_t>(options.pair_window_messages);
  for (size_t i = 0; i < n; ++i) {
    sums = (*cues)[i].learned;
    float personal = out->personal[i];
    consider(i, i, false, personal);
    size_t others = 0, run = 1;
    for (size_t j = i + 1; j < n && run < kMaxRun; ++j) {
      if (sender_of[j] != sender_of[i]) {
        if (++others > window) break;
        continue;
      }
      if (messages[i].timestamp >= 0 && messages[j].timestamp >= 0 &&
          messages[j].timestamp - messages[i].timestamp > options.pair_window_seconds) {
        break;
      }
      sums.Add((*cues)[j].learned);
      personal = std::max(personal, out->personal[j]);
      ++run;
      consider(i, j, false, personal);
    }
    if (i + 1 < n && sender_of[i + 1] != sender_of[i]) {
      const float either = std::max(out->personal[i], out->personal[i + 1]);
      if (either >= kOfferPersonal) {
        sums = (*cues)[i].learned;
        sums.Add((*cues)[i + 1].learned);
        consider(i, i + 1, true, either);
      }
    }
  }
  StableSort(found.begin(), found.end(), [](const Candidate& x, const Candidate& y) {
    if (x.score != y.score) return x.score > y.score;
    return x.last - x.first < y.last - y.first;
  });
  // Step 1 read the last message last; a whole-message reading is the one
  // LearnedSpans would make (ReadParts reads it with no ranges).
  const bool last_held =
      n > 0 && out->predictions[n - 1].deciding_part == DecidingPart::kWholeMessage;
  LearnedSpans spans(model, scorer, reading, messages, last_held ? n - 1 : SIZE_MAX, ws);
  for (const Candidate& c : found) {
    // Free of messages another offer holds or that untie (see AnalyzeThread).
    bool free = true;
    for (size_t m = c.first; m <= c.last; ++m) {
      free = free && !(Holds(sender_of, c, m) && (*paired)[m]);
    }
    if (!free) continue;
    for (size_t m = c.first; m <= c.last; ++m) {
      if (Holds(sender_of, c, m)) (*paired)[m] = true;
    }
    float p_benefit = 0, p_ask = 0, p_link = 0;
    const size_t b = c.reply ? c.first
                             : MostLikely(scorer, QpqHead::kBenefit, sender_of, *cues, c, &p_benefit);
    const size_t a =
        c.reply ? c.last : MostLikely(scorer, QpqHead::kAsk, sender_of, *cues, c, &p_ask);
    const size_t l = MostLikely(scorer, QpqHead::kLink, sender_of, *cues, c, &p_link);
    if (c.reply) {
      p_benefit = scorer.Probability(QpqHead::kBenefit, (*cues)[b].learned);
      p_ask = scorer.Probability(QpqHead::kAsk, (*cues)[a].learned);
    }
    MessageCues& bc = (*cues)[b];
    MessageCues& ac = (*cues)[a];
    bool cue_link = false;
    for (size_t m = c.first; m <= c.last; ++m) {
      cue_link = cue_link || (Holds(sender_of, c, m) && (*cues)[m].link);
    }
    QuidProQuo q;
    q.benefit_message = b;
    q.ask_message = a;
    q.conditional = cue_link || p_link >= 0.5f;
    q.confidence = c.score;
    const bool learned_link = q.conditional && !cue_link;
    Highlight link;
    // Cue phrases are their own spans; the rest are the learned words.
    LearnedSpans::Want wants[3];
    size_t count = 0;
    if (bc.benefit) {
      q.benefit = CueHighlight(messages, b, bc.benefit_at, "benefit");
    } else {
      wants[count++] = {QpqHead::kBenefit, b, "benefit", p_benefit, &q.benefit};
    }
    if (ac.strong_ask || ac.weak_ask) {
      q.ask = CueHighlight(messages, a, ac.ask_at, "ask");
    } else {
      wants[count++] = {QpqHead::kAsk, a, "ask", p_ask, &q.ask};
    }
    if (learned_link) wants[count++] = {QpqHead::kLink, l, "link", p_link, &link};
    spans.FindAll(wants, count);
    if (learned_link) {
      ac.link = !link.text.empty();
      if (ac.link) {
        ac.learned_link = static_cast<int>(learned_links->size());
        learned_links->push_back(std::move(link));
      }
    }
    out->quid_pro_quo.push_back(std::move(q));
  }
}

// Step 4b: offers tied to personal asks by cue phrases, among the messages
// not yet held (by a learned offer, or as untying): in one message, or
// across two close messages: an offer and a later conditional ask by the
// same sender, or a request for a benefit answered by a conditional ask ("I
// can do it. But first, dinner at my place?").
void FindQuidProQuo(const std::vector<ThreadMessage>& messages,
                    const std::vector<size_t>& sender_of, const std::vector<MessageCues>& cues,
                    const ThreadOptions& options, std::vector<uint8_t>* paired_messages,
                    ThreadAnalysis* out) {
  const size_t n = messages.size();
  std::vector<uint8_t>& paired = *paired_messages;
  for (size_t i = 0; i < n; ++i) {
    const MessageCues& c = cues[i];
    if (paired[i]) continue;
    if (c.benefit && AskCounts(c, out->personal[i]) && (c.link || out->personal[i] >= 0.5f)) {
      out->quid_pro_quo.push_back(MakeQuidProQuo(
          messages, i, i, c, c, c.link, std::max(out->personal[i], c.link ? 0.9f : 0.0f)));
      paired[i] = true;
    }
  }
  const auto window = static_cast<size_t>(options.pair_window_messages);
  for (size_t i = 0; i < n; ++i) {
    if (paired[i] || !cues[i].benefit) continue;
    size_t others = 0, same = 0;
    for (size_t j = i + 1; j < n && others <= window && same <= kMaxSameSenderGap; ++j) {
      const MessageCues& c = cues[j];
      if (sender_of[j] != sender_of[i]) {
        if (j == i + 1 && !paired[j] && c.strong_ask && c.link) {
          out->quid_pro_quo.push_back(
              MakeQuidProQuo(messages, i, j, cues[i], c, true, std::max(out->personal[j], 0.9f)));
          paired[i] = paired[j] = true;
          break;
        }
        ++others;
        continue;
      }
      ++same;
      if (messages[i].timestamp >= 0 && messages[j].timestamp >= 0 &&
          messages[j].timestamp - messages[i].timestamp > options.pair_window_seconds) {
        break;
      }
      // Across messages the condition must be spoken: an offer of help
      // followed later by an invitation is not by itself a trade.
      const bool link = cues[i].link || c.link;
      if (!paired[j] && AskCounts(c, out->personal[j]) && link) {
        out->quid_pro_quo.push_back(
            MakeQuidProQuo(messages, i, j, cues[i], c, true, std::max(out->personal[j], 0.9f)));
        paired[i] = paired[j] = true;
        break;
      }
    }
  }
  StableSort(out->quid_pro_quo.begin(), out->quid_pro_quo.end(),
                   [](const QuidProQuo& x, const QuidProQuo& y) {
                     return x.benefit_message < y.benefit_message;
                   });
}

// Step 5: the thread's label. Personal when it drifted, holds a quid pro
// quo, or is personal on average; otherwise the other label with the
// highest mean probability (labels are looked up by name, never by index).
void LabelThread(int personal, size_t num_labels, ThreadAnalysis* out) {
  const size_t n = out->personal.size();
  if (n == 0) return;
  double p_thread = 0;
  for (float p : out->personal) p_thread += p;
  p_thread /= static_cast<double>(n);
  if (out->drift.detected) p_thread = std::max(p_thread, static_cast<double>(out->drift.probability));
  for (const QuidProQuo& q : out->quid_pro_quo) {
    p_thread = std::max(p_thread, static_cast<double>(q.confidence));
  }
  out->personal_probability = static_cast<float>(p_thread);
  if (p_thread >= 0.5) {
    out->label = personal;
    return;
  }
  std::vector<double> mean(num_labels, 0.0);
  for (const Prediction& p : out->predictions) {
    for (size_t c = 0; c < num_labels; ++c) mean[c] += p.probabilities[c];
  }
  mean[static_cast<size_t>(personal)] = -1;
  out->label = static_cast<int>(std::max_element(mean.begin(), mean.end()) - mean.begin());
}

// Step 6: the words that made the turning message personal and the cue
// phrases of each quid pro quo, in thread order, without duplicates.
void CollectHighlights(const Model& model, const std::vector<ThreadMessage>& messages,
                       const std::vector<MessageCues>& cues,
                       const std::vector<Highlight>& learned_links, int personal,
                       DriftWords* drift_words, Workspace* ws, ThreadAnalysis* out) {
  if (out->drift.detected) {
    const size_t m = out->drift.message;
    if (drift_words->message != m) {
      model.ExplainWords(messages[m].text, personal, kDriftWords, ws, &drift_words->words);
    }
    for (const Contribution& c : drift_words->words) {
      out->highlights.push_back(MakeHighlight(m, c.span, messages[m].text, "personal", c.weight));
    }
  }
  for (const QuidProQuo& q : out->quid_pro_quo) {
    // A learned offer may have no word to show for a part (an empty role).
    if (!q.benefit.role.empty()) out->highlights.push_back(q.benefit);
    if (!q.ask.role.empty()) out->highlights.push_back(q.ask);
    if (q.conditional) {
      const size_t m = cues[q.ask_message].link ? q.ask_message : q.benefit_message;
      const MessageCues& c = cues[m];
      if (c.link) {
        out->highlights.push_back(c.learned_link >= 0
                                      ? learned_links[static_cast<size_t>(c.learned_link)]
                                      : CueHighlight(messages, m, c.link_at, "link"));
      }
    }
  }
  StableSort(out->highlights.begin(), out->highlights.end(),
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
}

// What AnalyzeThread keeps in the workspace between calls (their capacity).
struct Buffers : ModelInternals::ThreadScratch {
  std::vector<MessageCues> cues;
  std::vector<Cue> cue_scratch;
  WordTap tap;
  DriftWords drift_words;
  std::vector<std::string_view> names;
  std::vector<size_t> sent, sender_of;
  std::vector<uint8_t> paired;  // bytes: cheaper to read and set than vector<bool>'s bits
  std::vector<Candidate> found;
  std::vector<Highlight> learned_links;

  // Roughly what they hold: above Workspace::kKeepScratchBytes (after a
  // very long thread), they are given back.
  size_t Bytes() const {
    return cues.capacity() * sizeof(MessageCues) + cue_scratch.capacity() * sizeof(Cue) +
           tap.word_hashes.capacity() * sizeof(uint64_t) +
           names.capacity() * sizeof(std::string_view) +
           (sent.capacity() + sender_of.capacity()) * sizeof(size_t) + paired.capacity() +
           found.capacity() * sizeof(Candidate) + learned_links.capacity() * sizeof(Highlight);
  }
};

Buffers& BuffersOf(Workspace* ws) {
  auto* b = static_cast<Buffers*>(ModelInternals::GetThreadScratch(*ws));
  if (b == nullptr) {
    auto made = std::make_unique<Buffers>();
    b = made.get();
    ModelInternals::SetThreadScratch(ws, std::move(made));
  }
  return *b;
}

}  // namespace

Status AnalyzeThread(const Model& model, const std::vector<ThreadMessage>& messages,
                     const ThreadOptions& options, Workspace* ws, ThreadAnalysis* out) {
  if (ws == nullptr || out == nullptr) return Status::InvalidArgument("ws and out are required");
  const int personal = model.LabelIndex("personal");
  if (personal < 0) return Status::InvalidArgument("the model has no \"personal\" label");
  if (Status s = ValidateThreadOptions(options); !s.ok()) return s;
  // Reset the result but keep its buffers: a reused ThreadAnalysis makes
  // later calls cheaper.
  out->drift = DriftEvent();
  out->quid_pro_quo.clear();
  out->highlights.clear();
  out->label = -1;
  out->personal_probability = 0;
  Buffers& b = BuffersOf(ws);
  b.learned_links.clear();
  b.drift_words.message = SIZE_MAX;
  b.drift_words.words.clear();
  const QpqScorer* scorer = QpqScorer::Embedded();
  const FeatureOptions reading = scorer != nullptr ? scorer->ReadingOptions(model) : FeatureOptions();
  ScoreMessages(model, messages, options, personal, scorer, reading, ws, out, &b.cues,
                &b.cue_scratch, &b.tap, &b.drift_words);
  TrackSenders(messages, options, &b.names, &b.sent, &b.sender_of, out);
  FindDrift(messages, options, out);
  // A message whose words untie the benefit from the ask is part of no
  // offer: it starts out as held.
  b.paired.resize(messages.size());
  for (size_t m = 0; m < messages.size(); ++m) b.paired[m] = b.cues[m].untie;
  if (scorer != nullptr) {
    FindLearnedQuidProQuo(model, *scorer, reading, messages, b.sender_of, options, ws, &b.cues,
                          &b.learned_links, &b.found, &b.paired, out);
  }
  FindQuidProQuo(messages, b.sender_of, b.cues, options, &b.paired, out);
  LabelThread(personal, model.labels().size(), out);
  CollectHighlights(model, messages, b.cues, b.learned_links, personal, &b.drift_words, ws, out);
  if (b.Bytes() > Workspace::kKeepScratchBytes) ModelInternals::SetThreadScratch(ws, nullptr);
  return Status::Ok();
}

}  // namespace meetintent
