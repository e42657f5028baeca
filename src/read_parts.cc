// Recipe 2 reading: a message in one pass per part, scored as it is read
// (block_scoring.h), and the sender's-words rule for e-mails (PredictOptions
// in model.h).
#include <algorithm>
#include <cmath>

#include "block_scoring.h"
#include "email_cleanup.h"
#include "features2.h"
#include "meetintent/model.h"
#include "model_internals.h"
#include "probabilities.h"
#include "script_coverage.h"
#include "utf8.h"
#include "word_stuffing.h"

namespace meetintent {

struct Workspace::Parts {
  std::vector<uint32_t> author;  // byte ranges of the sender's words
  std::vector<uint32_t> other;   // and of the rest: quoted, forwarded, signature
  std::vector<uint32_t> stuffed, scratch;  // keyword stuffing (word_stuffing.h)
  WordTap* tap = nullptr;  // ModelInternals::SetWordTap
  std::unique_ptr<ModelInternals::ThreadScratch> thread;  // ModelInternals::SetThreadScratch
  BlockSums author_sums, other_sums, whole_sums;
  std::vector<float> scores[3];  // author, other, whole
  std::vector<float> probs[3];
  DecidingPart deciding = DecidingPart::kWholeMessage;
};

// Defined here, where Parts is complete.
Workspace::Workspace() = default;
Workspace::~Workspace() = default;

namespace {

bool HasAlnum(std::string_view text, const std::vector<uint32_t>& ranges) {
  for (size_t r = 0; r + 1 < ranges.size(); r += 2) {
    for (uint32_t i = ranges[r]; i < ranges[r + 1]; ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
        return true;
      }
    }
  }
  return false;
}

// The byte ranges of `text` not in `ranges` (both flat begin/end pairs).
void Complement(size_t size, const std::vector<uint32_t>& ranges, std::vector<uint32_t>* out) {
  out->clear();
  uint32_t at = 0;
  for (size_t r = 0; r + 1 < ranges.size(); r += 2) {
    if (ranges[r] > at) {
      out->push_back(at);
      out->push_back(ranges[r]);
    }
    at = ranges[r + 1];
  }
  if (at < size) {
    out->push_back(at);
    out->push_back(static_cast<uint32_t>(size));
  }
}

// Leaves keyword stuffing out of the sender's words, and so out of the whole
// (it says nothing), unless nothing of them would be left: a list of words
// alone is still what the sender wrote. Returns whether it left any out.
bool SetStuffingApart(std::string_view message, std::vector<uint32_t>* author,
                      std::vector<uint32_t>* stuffed, std::vector<uint32_t>* scratch) {
  stuffed->clear();
  FindStuffedRuns(message, *author, stuffed);
  if (stuffed->empty()) return false;
  SubtractRanges(*author, *stuffed, scratch);
  if (!HasAlnum(message, *scratch)) return false;
  author->swap(*scratch);
  return true;
}

}  // namespace

// Normalizes and tokenizes ranges of `input` into ws and sums the weights of
// their features (and, with an overlay, their deltas). With a WordTap set
// (ModelInternals::SetWordTap), the tap sees this reading's word features.
void ReadAndScore(const Model& m, std::string_view input, const std::vector<uint32_t>* ranges,
                  const Overlay* overlay, Workspace* ws, BlockSums* sums) {
  ModelInternals::ReadRanges(m, input, ranges, ws);
  const WeightView& w = ModelInternals::Weights(m);
  sums->Reset(m.columns());
  if (WordTap* tap = ModelInternals::Tap(*ws); tap != nullptr) {
    ScoreWithTap(m, overlay, *ws, sums, tap);
    return;
  }
  const bool int8 = w.type() == WeightType::kInt8;
  if (overlay != nullptr) {
    if (int8) {
      ScoringSink<true, false, true> sink(w, sums, overlay);
      ForEachFeature2(m.feature_options(), ws->tokens(), &sink);
      sink.Finish();
    } else {
      ScoringSink<false, false, true> sink(w, sums, overlay);
      ForEachFeature2(m.feature_options(), ws->tokens(), &sink);
      sink.Finish();
    }
  } else if (int8 && w.columns() == 1) {
    ScoringSink<true, true> sink(w, sums);
    ForEachFeature2(m.feature_options(), ws->tokens(), &sink);
    sink.Finish();
  } else if (int8) {
    ScoringSink<true> sink(w, sums);
    ForEachFeature2(m.feature_options(), ws->tokens(), &sink);
    sink.Finish();
  } else {
    ScoringSink<false> sink(w, sums);
    ForEachFeature2(m.feature_options(), ws->tokens(), &sink);
    sink.Finish();
  }
}

void Model::ReadParts(std::string_view message, const PredictOptions& options,
                      const Overlay* overlay, Workspace* ws, Prediction* out) const {
  if (!ws->parts_) ws->parts_ = std::make_unique<Workspace::Parts>();
  Workspace::Parts& p = *ws->parts_;
  const auto cols = static_cast<size_t>(columns_);
  bool cut = false;
  if (message.size() > normalize_.max_input_bytes) {
    message = message.substr(0, Utf8Floor(message.data(), normalize_.max_input_bytes));
    cut = true;
  }
  for (int i = 0; i < 3; ++i) {
    p.scores[i].resize(cols);
    p.probs[i].resize(labels_.size());
  }
  out->probabilities.resize(labels_.size());
  const WeightView& w = *weights_;
  const float* bias = overlay != nullptr ? overlay->bias() : bias_.data();
  bool parts = false, has_other = false;
  if (options.email == PredictOptions::Email::kSenderWords) {
    FindKeptRanges(message, /*strip_quotes=*/true, /*strip_signature=*/true, &p.author);
    Complement(message.size(), p.author, &p.other);
    has_other = HasAlnum(message, p.other);
    const bool stuffed = options.read_stuffing_apart &&
                         SetStuffingApart(message, &p.author, &p.stuffed, &p.scratch);
    parts = has_other || stuffed;
  }
  bool truncated = cut;
  if (!parts) {
    // One part, read as the model was trained.
    ReadAndScore(*this, message, nullptr, overlay, ws, &p.whole_sums);
    ScoresFromSums(features_, w, bias, p.whole_sums, p.scores[2].data());
    ScoresToProbabilities(p.scores[2].data(), columns_, &calibration_, out->probabilities.data());
    p.deciding = DecidingPart::kWholeMessage;
  } else {
    // The rest first, so that the workspace ends up holding the sender's words.
    ReadAndScore(*this, message, &p.other, overlay, ws, &p.other_sums);
    truncated |= ws->normalized().truncated();
    ReadAndScore(*this, message, &p.author, overlay, ws, &p.author_sums);
    p.whole_sums = p.author_sums;
    p.whole_sums.Add(p.other_sums);
    const BlockSums* sums[3] = {&p.author_sums, &p.other_sums, &p.whole_sums};
    for (int i = 0; i < 3; ++i) {
      ScoresFromSums(features_, w, bias, *sums[i], p.scores[i].data());
    }
    std::vector<float>& mixed = p.scores[2];  // the whole's scores become the mix
    for (size_t c = 0; c < cols; ++c) {
      mixed[c] = p.scores[0][c] + options.whole_weight * (mixed[c] - p.scores[0][c]);
    }
    ScoresToProbabilities(mixed.data(), columns_, &calibration_, out->probabilities.data());
    ScoresToProbabilities(p.scores[1].data(), columns_, &calibration_, p.probs[1].data());
    p.deciding = DecidingPart::kSenderWords;
    const int personal = LabelIndex("personal");
    if (personal >= 0) {
      const auto k = static_cast<size_t>(personal);
      if (has_other && p.probs[1][k] >= options.quote_threshold &&
          p.probs[1][k] > out->probabilities[k]) {
        out->probabilities = p.probs[1];
        p.deciding = DecidingPart::kQuotedOrSignature;
      }
    }
  }
  out->label = static_cast<int>(std::max_element(out->probabilities.begin(),
                                                 out->probabilities.end()) -
                                out->probabilities.begin());
  out->truncated = truncated || ws->normalized().truncated();
  out->deciding_part = p.deciding;
  JudgeCoverage(scripts_, ws->normalized().text(), ws->tokens(), &out->supported,
                &out->abstain_reason);
}

void ModelInternals::SetWordTap(Workspace* ws, WordTap* tap) {
  if (!ws->parts_) ws->parts_ = std::make_unique<Workspace::Parts>();
  ws->parts_->tap = tap;
}

WordTap* ModelInternals::Tap(const Workspace& ws) { return ws.parts_ ? ws.parts_->tap : nullptr; }

ModelInternals::ThreadScratch* ModelInternals::GetThreadScratch(const Workspace& ws) {
  return ws.parts_ ? ws.parts_->thread.get() : nullptr;
}

void ModelInternals::SetThreadScratch(Workspace* ws, std::unique_ptr<ThreadScratch> scratch) {
  if (!ws->parts_) ws->parts_ = std::make_unique<Workspace::Parts>();
  ws->parts_->thread = std::move(scratch);
}

bool ModelInternals::HoldsDecidingPart(const Workspace& ws) {
  return ws.parts_ && ws.parts_->deciding != DecidingPart::kQuotedOrSignature;
}

const std::vector<uint32_t>* ModelInternals::DecidingRanges(const Workspace& ws) {
  if (!ws.parts_) return nullptr;
  switch (ws.parts_->deciding) {
    case DecidingPart::kSenderWords: return &ws.parts_->author;
    case DecidingPart::kQuotedOrSignature: return &ws.parts_->other;
    case DecidingPart::kWholeMessage: break;
  }
  return nullptr;
}

}  // namespace meetintent
