// Whether a model can judge a message at all. A model knows the scripts it
// was trained on; a message with no words, or whose letters are mostly in
// other scripts (Russian text for a model of Latin, Chinese and Japanese),
// gets a prediction near chance that looks confident to nobody but a
// program: such messages are reported as unsupported instead.
#ifndef MEETINTENT_SRC_SCRIPT_COVERAGE_H_
#define MEETINTENT_SRC_SCRIPT_COVERAGE_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "meetintent/tokenizer.h"

namespace meetintent {

// Scripts as bits of a mask. Common and inherited characters (digits,
// punctuation, emoji, combining marks) belong to no script and never count.
enum ScriptBit : uint32_t {
  kScriptLatin = 1u << 0,
  kScriptGreek = 1u << 1,
  kScriptCyrillic = 1u << 2,
  kScriptArmenian = 1u << 3,
  kScriptHebrew = 1u << 4,
  kScriptArabic = 1u << 5,
  kScriptDevanagari = 1u << 6,
  kScriptHan = 1u << 7,
  kScriptHiragana = 1u << 8,
  kScriptKatakana = 1u << 9,
  kScriptHangul = 1u << 10,
  kScriptThai = 1u << 11,
  kScriptOther = 1u << 31,  // any other script
};

// What a format version 1 model knows: the eight languages of the 1.0 corpus.
constexpr uint32_t kVersion1Scripts = kScriptLatin | kScriptHan | kScriptHiragana | kScriptKatakana;

// The script bit of a code point, or 0 for common and inherited ones. BMP
// answers come from a table ScriptOfUncached fills once per block.
uint32_t ScriptOf(char32_t c);

// ScriptOf asking ICU every time (the table's source; for tests).
uint32_t ScriptOfUncached(char32_t c);

// Letters per script in `text` (normalized UTF-8), added to counts[bit index].
void CountScripts(std::string_view text, uint64_t counts[32]);

// Decides whether a model that knows `scripts` can judge a message, from
// its normalized text and tokens: *supported is false with *reason "empty"
// when no token carries a word, number or emoji (placeholders alone do not
// count), or "unsupported-script" when fewer than half of its letters are
// in known scripts.
void JudgeCoverage(uint32_t scripts, std::string_view normalized, const std::vector<Token>& tokens,
                   bool* supported, const char** reason);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_SCRIPT_COVERAGE_H_
