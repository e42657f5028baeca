// Cue phrases for quid-pro-quo detection: a professional benefit, a personal
// ask, a conditional link between them, and words that untie them, in eight
// languages. Phrases of space-separated words match whole tokens; Chinese and
// Japanese phrases match inside the normalized text.
#ifndef MEETINTENT_SRC_QUID_PRO_QUO_H_
#define MEETINTENT_SRC_QUID_PRO_QUO_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "meetintent/tokenizer.h"

namespace meetintent {

// kUntie: the writer says a benefit and a personal ask are not tied ("the
// referral is done regardless", "a no changes nothing").
enum class CueKind : uint8_t { kBenefit, kStrongAsk, kWeakAsk, kLink, kUntie };

struct Cue {
  CueKind kind;
  uint32_t begin;  // byte range in the normalized text
  uint32_t end;
};

// Appends every cue found in `text` (normalized) with its `tokens` to *out,
// in text order. `word_hashes`, when not null, holds WordHash2 (hash.h) of
// each token, as the classifier's reading computed them. `ascii_input`:
// the text is the normalization of ASCII input (NormalizedText::ascii_input),
// so it holds no CJK phrase, and no time goes into looking for one.
void FindCues(std::string_view text, const std::vector<Token>& tokens, const uint64_t* word_hashes,
              std::vector<Cue>* out, bool ascii_input = false);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_QUID_PRO_QUO_H_
