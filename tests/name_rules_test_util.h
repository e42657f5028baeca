// Shared by the tests of the name rules (foreign_names_test.cc,
// vocative_names_test.cc): a message's recipe 2 tokens after one rule.
#ifndef MEETINTENT_TESTS_NAME_RULES_TEST_UTIL_H_
#define MEETINTENT_TESTS_NAME_RULES_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "meetintent/normalizer.h"
#include "meetintent/placeholder.h"
#include "meetintent/tokenizer.h"

namespace meetintent {
namespace testing {

// The tokens of `text`, normalized and tokenized as recipe 2 reads it, after
// rule(normalized text, &tokens); "<name>" for the stand-in, which must span
// a non-empty range of the text.
template <class Rule>
std::vector<std::string> TokensAfterRule(const std::string& text, Rule rule) {
  NormalizedText normalized;
  Normalize(NormalizeOptions(), text, &normalized);
  std::vector<Token> tokens;
  Tokenizer::TokenizeWithoutDictionary(normalized.text(), &tokens);
  rule(normalized.text(), &tokens);
  std::vector<std::string> out;
  for (const Token& t : tokens) {
    out.push_back(t.text == kNamePlaceholder ? "<name>" : std::string(t.text));
    if (t.text == kNamePlaceholder) {
      EXPECT_LT(t.begin, t.end);
      EXPECT_LE(t.end, normalized.text().size());
    }
  }
  return out;
}

}  // namespace testing
}  // namespace meetintent

#endif  // MEETINTENT_TESTS_NAME_RULES_TEST_UTIL_H_
