// Sees through the cheap tricks people use to slip words past filters, after
// NFKC case folding has already undone fullwidth forms, styled letters and
// zero-width characters:
//  - look-alike letters: Cyrillic or Greek letters inside a word that also
//    has Latin letters become the Latin letters they imitate ("dаte" with a
//    Cyrillic а); words wholly in one script are left alone;
//  - leetspeak: 0 1 3 4 5 7 @ $ between two letters become o i e a s t a s
//    ("d4te", "dr1nks"); digits at a word's edge ("mp3", "covid19") stay;
//  - letter spacing: three or more single letters separated by one repeated
//    separator (space . - _ * or ·) are joined ("d a t e", "d-a-t-e");
//  - asterisks inside a word are dropped ("d*te" reads "dte").
// Each rule and its effect on ordinary text is tested in
// deobfuscate_test.cc; the evasion test measures the whole on the default
// model.
#ifndef MEETINTENT_SRC_DEOBFUSCATE_H_
#define MEETINTENT_SRC_DEOBFUSCATE_H_

#include <vector>

#include "meetintent/normalizer.h"

namespace meetintent {

// Rewrites *cps and *spans in place. REQUIRES: both have the same size.
void Deobfuscate(CodePoints* cps, Spans* spans);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_DEOBFUSCATE_H_
