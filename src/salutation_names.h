// Names where a Latin-script message addresses its reader or signs off:
// after an opening greeting or thanks ("Hi Siobhan,", "Obrigada, Lucas!",
// "Dear Mr. Okonkwo"), opening a line before a comma ("Cormac, I passed your
// CV on"), and alone on the message's last line. The name gazetteer
// (data/names) cannot list every name; one it lacks reaches the model as its
// character n-grams, so "Hi Siobhan" and "Hi Cormac" would read differently.
// In these places a word is read as the name stand-in when its first letter
// is a capital in the message, the lexicon does not know it (common English
// words, listed names and gendered words are in it) and it is not a greeting,
// a reply or a group ("Hi Team", "Vale, ..."). Feature recipe 2 with neutral
// words; model-file feature flag bit 7.
//
// Inside a sentence ("Is Cormac coming?") nothing is changed: German writes
// every noun with a capital, and companies and places are capitalized too.
#ifndef MEETINTENT_SRC_SALUTATION_NAMES_H_
#define MEETINTENT_SRC_SALUTATION_NAMES_H_

#include <string_view>
#include <vector>

#include "meetintent/lexicon.h"
#include "meetintent/normalizer.h"
#include "meetintent/tokenizer.h"

namespace meetintent {

// Replaces, in *tokens (recipe 2 tokens of normalized.text()), each name in
// the places above by the name stand-in, keeping its byte range. `source` is
// the message `normalized` was made from (its capitals are read there).
void NameSalutations(const Lexicon& lexicon, const NormalizedText& normalized,
                     std::string_view source, std::vector<Token>* tokens);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_SALUTATION_NAMES_H_
