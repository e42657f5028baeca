// Placeholder substitution for the normalizer: URLs, e-mail addresses, phone
// numbers, clock times, dates and other numbers each become one placeholder
// code point (see Placeholder in normalizer.h) whose span covers the whole
// original match. Works on NFKC-casefolded code points, so fullwidth digits
// and capitals are already plain ASCII here.
#ifndef MEETINTENT_SRC_PLACEHOLDERS_H_
#define MEETINTENT_SRC_PLACEHOLDERS_H_

#include <vector>

#include "meetintent/normalizer.h"

namespace meetintent {

// Rewrites *cps and *spans in place. REQUIRES: both have the same size.
// Digits glued to letters ("b2b", "mp3") are part of a word. With
// `unspaced_script_numbers`, letters of scripts written without spaces
// between words (Han, kana, Thai...) and Hangul do not glue: "18時", "3点",
// "3시" hold a number, as "at 18" does (NormalizeOptions).
void ReplacePlaceholders(CodePoints* cps, Spans* spans, bool unspaced_script_numbers = false);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_PLACEHOLDERS_H_
