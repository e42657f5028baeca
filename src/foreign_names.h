// Names in another script: a Latin-script message that names someone in Han,
// kana or Hangul ("Obrigada, 璃葉!", "Meeting with 田中 at 3") carries the
// name as characters the model would otherwise weigh, so swapping one name
// for another moved decisions. A short run of those scripts inside such a
// message is read as the name stand-in instead, as a listed Latin name is
// (feature recipe 2 with neutral words; model-file feature flag bit 5).
// Names written inside Chinese, Japanese or Korean text are not recognised.
#ifndef MEETINTENT_SRC_FOREIGN_NAMES_H_
#define MEETINTENT_SRC_FOREIGN_NAMES_H_

#include <cstddef>
#include <string_view>
#include <vector>

#include "meetintent/tokenizer.h"

namespace meetintent {

// A run is at most this many code points (Han and kana one token each,
// Hangul a token per word)...
constexpr size_t kMaxForeignNameChars = 5;
// ...in a message with at most this many code points of those scripts in
// all, and at least this many times as many bytes of Latin-letter words
// ("OK 明天见" is Chinese: it is left alone).
constexpr size_t kMaxForeignChars = 10;
constexpr size_t kLatinPerForeignChar = 2;

// Whether c is Han (CJK ideographs, extensions A to F, compatibility) or
// kana (Hiragana, Katakana and its extension).
inline bool IsHanOrKana(char32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

// Whether `text` holds a byte that could start a token of Han, kana or
// Hangul: when it does not, none of its tokens does, and
// NameForeignScriptRuns would leave them as they are.
bool MayHoldForeignScript(std::string_view text);

// Replaces, in *tokens (recipe 2 tokens of normalized text), each such run
// by one token that reads as the name stand-in and spans the run.
void NameForeignScriptRuns(std::vector<Token>* tokens);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_FOREIGN_NAMES_H_
