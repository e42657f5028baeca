// Format version 2's tokenization without its class table, for tests: every
// non-ASCII character is classified by ICU property lookups as it comes.
// Tokenizer::TokenizeWithoutDictionary must give the same tokens on every
// input (tokenizer_test.cc).
#ifndef MEETINTENT_SRC_TOKENIZER_REFERENCE_H_
#define MEETINTENT_SRC_TOKENIZER_REFERENCE_H_

#include <string_view>
#include <vector>

#include "meetintent/tokenizer.h"

namespace meetintent {

// Tokenizer::TokenizeWithoutDictionary the slow way. Not part of the
// installed API.
void TokenizeWithoutDictionaryUncached(std::string_view text, std::vector<Token>* out);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_TOKENIZER_REFERENCE_H_
