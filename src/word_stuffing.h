// Keyword stuffing: a long run of bare words with no function word among
// them ("... meeting budget invoice roadmap client audit ..."). Real sentences
// in the Latin-script languages of the default model (en, de, es, fr, it, pt)
// are tied together by articles, pronouns and prepositions; a list of
// keywords is not, and appended to a personal request it would outvote the
// request in a bag-of-words model. Such runs are read apart from the sender's
// words, as a quote or signature is (PredictOptions in model.h).
#ifndef MEETINTENT_SRC_WORD_STUFFING_H_
#define MEETINTENT_SRC_WORD_STUFFING_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace meetintent {

// Runs shorter than this many words are never stuffing: lists of names,
// titles and subjects in real mail stay shorter (README, "E-mail structure").
constexpr size_t kMinStuffedWords = 16;

// Appends to *runs (flat begin/end pairs, increasing) the stuffed runs of
// `text` inside `ranges` (flat begin/end pairs, increasing). A word is a
// whitespace-separated token of two or more Latin letters, optionally ending
// in one comma or semicolon; anything else (digits, sentence punctuation,
// other scripts, emoji, a single letter) ends a run, and so does a function
// word of one of the six languages.
void FindStuffedRuns(std::string_view text, const std::vector<uint32_t>& ranges,
                     std::vector<uint32_t>* runs);

// FindStuffedRuns reading each token byte by byte, without its SSE2 shortcuts
// (for tests: the answer those must give).
void FindStuffedRunsWithoutShortcuts(std::string_view text, const std::vector<uint32_t>& ranges,
                                     std::vector<uint32_t>* runs);

// out = ranges minus cut (all flat begin/end pairs, increasing).
void SubtractRanges(const std::vector<uint32_t>& ranges, const std::vector<uint32_t>& cut,
                    std::vector<uint32_t>* out);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_WORD_STUFFING_H_
