// The normalizer without its shortcuts, for tests: every character, ASCII
// included, goes through ICU's NFKC case folding one normalization chunk at a
// time, and the text is encoded one code point at a time. Normalize must give
// the same text, spans and truncation on every input (normalizer_test.cc).
#ifndef MEETINTENT_SRC_NORMALIZER_REFERENCE_H_
#define MEETINTENT_SRC_NORMALIZER_REFERENCE_H_

#include <string_view>

#include "meetintent/normalizer.h"

namespace meetintent {

// Normalize (normalizer.h) the slow way. Not part of the installed API.
void NormalizeWithoutShortcuts(const NormalizeOptions& options, std::string_view input,
                               NormalizedText* out);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_NORMALIZER_REFERENCE_H_
