// Stage 2 of the pipeline: normalized text -> word tokens.
//
// Words follow Unicode word boundaries (UAX #29, through ICU's
// BreakIterator), so Chinese, Japanese and Thai are cut into dictionary
// words. Kept tokens are words, numbers, kana and ideographs, emoji, and the
// normalizer's placeholders; spaces and punctuation are dropped.
//
// Text without dictionary scripts (most messages: ASCII, Latin, Cyrillic,
// Greek, emoji) takes a fast path that implements the same rules without
// ICU's break iterator and gives exactly the same tokens
// (tokenizer_test.cc checks this on every message in the data sets and on
// random strings).
//
// Thread-safety: a Tokenizer holds ICU state and must not be used by two
// threads at once; give each thread its own (they are cheap to create).
#ifndef MEETINTENT_TOKENIZER_H_
#define MEETINTENT_TOKENIZER_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "meetintent/export.h"

namespace meetintent {

struct Token {
  std::string_view text;  // a view into the tokenized text
  uint32_t begin = 0;     // byte offsets of the token in the tokenized text
  uint32_t end = 0;
};

class MI_EXPORT Tokenizer {
 public:
  Tokenizer();
  ~Tokenizer();
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  // Replaces *out with the tokens of `text` (normalized UTF-8), choosing the
  // ASCII fast path when it applies. Tokens view `text`: keep it alive.
  // REQUIRES: out != nullptr.
  void Tokenize(std::string_view text, std::vector<Token>* out);

  // Always uses ICU. Exposed for tests and benchmarks.
  void TokenizeWithIcu(std::string_view text, std::vector<Token>* out);

  // The fast path: the same rules without ICU's break iterator, for text
  // without dictionary scripts (Chinese, Japanese, Thai...). Returns false
  // (and leaves *out empty or partial) when `text` needs ICU.
  static bool TokenizeFast(std::string_view text, std::vector<Token>* out);

  // Format version 2's tokenization, which needs no dictionary and so no
  // ICU break iterator: the fast path's rules for every script, except that
  // each Han and Hiragana character is a word of its own (their bigrams come
  // from the word-bigram features), Katakana runs are words, runs of Thai,
  // Lao, Khmer and Myanmar are words cut every 32 characters, Hebrew letters
  // are letters, and regional indicators pair into flags. Thread-safe.
  static void TokenizeWithoutDictionary(std::string_view text, std::vector<Token>* out);

  // The fast path restricted to ASCII (placeholders allowed).
  static bool TokenizeAscii(std::string_view text, std::vector<Token>* out);

 private:
  struct IcuState;
  std::unique_ptr<IcuState> icu_;
};

}  // namespace meetintent

#endif  // MEETINTENT_TOKENIZER_H_
