// Gender-neutral features: gendered words and common first names are read as
// neutral stand-ins before hashing ("she" and "he" both as "they", "wife" and
// "husband" as "spouse", "Maria" and "John" as <name>), so the model cannot
// learn a person's gender from them and swapping them cannot move a
// prediction. The lists live in neutral_words.cc and are part of the model
// format (the "neutral words" feature flag).
#ifndef MEETINTENT_SRC_NEUTRAL_WORDS_H_
#define MEETINTENT_SRC_NEUTRAL_WORDS_H_

#include <cstdint>
#include <string_view>

#include "meetintent/placeholder.h"

namespace meetintent {

// The stand-in for first names, rendered "<name>" in explanations.
constexpr std::string_view kNameStandIn = kNamePlaceholder;

// Given the word-feature hash of a (case-folded) token, returns true and the
// neutral stand-in's text when the token is a gendered word or a listed
// first name.
bool NeutralStandIn(uint64_t word_hash, std::string_view* stand_in);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_NEUTRAL_WORDS_H_
