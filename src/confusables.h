// The wider evasion rules (NormalizeOptions::deobfuscate_unicode), run on
// NFKC-casefolded code points before the rules of deobfuscate.h:
//  - reversed text: a line after U+202E RIGHT-TO-LEFT OVERRIDE (marked by
//    the decoder with kRightToLeftOverrideMark, up to the end of the line or
//    a U+202C POP DIRECTIONAL FORMATTING, kPopDirectionalMark) is read in
//    display order; a line whose words are common words only when read
//    backwards ("?em htiw rennid") is read backwards;
//  - upside-down text: a line written in the upside-down alphabet
//    (ɐ q ɔ p ǝ ɟ ƃ ɥ ᴉ ɾ ʞ ɯ ɹ ʇ ʌ ʍ ʎ ...) is flipped back and reversed;
//  - small capitals (ᴅᴀᴛᴇ) are the letters they are;
//  - look-alike letters of other scripts: a letter that Unicode's
//    confusables data (UTS #39 skeletons, through ICU's uspoof) reads as one
//    Latin letter becomes that letter inside a word that has Latin letters,
//    and in a word of such letters only, when most letters of the message are
//    Latin (so Cherokee Ꭰ Ꭺ Ꭲ Ꭼ, Armenian օ ս ց, Cyrillic ѡ ѵ ӏ ...); text in
//    other scripts is left alone;
//  - decoration: combining overlays (U+0334..U+0338, U+20D2...), enclosing
//    marks after letters, and marks below Latin letters when they decorate
//    (two or more in a word, or one on a consonant: one dot below a vowel
//    stays, as Vietnamese writes it) are dropped;
//  - single letters split by any repeated separator of up to three
//    characters ("d,a,t,e", "d / a / t / e", "d  a  t  e", a letter per line,
//    U+FFFD from private-use characters) are joined;
//  - text written without spaces: in a line of 20+ Latin letters without a
//    space, runs of letters that are no common word are split into the
//    common words of the training split (src/common_words.inc, made by
//    data/segment/make_common_words.py) when at most a quarter of their
//    letters is left unknown ("wouldyoulike" reads "would you like").
// One pass over the text finds which rules have anything to do (most
// messages: none), so the cost on ordinary text is that pass.
// Each rule and its effect on ordinary text is tested in deobfuscate_test.cc;
// evasion_test.cc measures each class on the default model.
#ifndef MEETINTENT_SRC_CONFUSABLES_H_
#define MEETINTENT_SRC_CONFUSABLES_H_

#include <string_view>
#include <vector>

#include "meetintent/code_points.h"

namespace meetintent {

// Private-use code points standing for the bidi controls, which NFKC
// casefolding would drop. Input private-use characters never reach this
// stage (they read as U+FFFD), so these cannot be forged.
constexpr char32_t kRightToLeftOverrideMark = 0xF8FE;
constexpr char32_t kPopDirectionalMark = 0xF8FD;

// Blocks of CJK text where every code point is a letter (Unicode 15; u_isalpha
// of each is checked in deobfuscate_test): ideographs, Hangul syllables,
// hiragana and katakana, and the iteration and length marks (々 〆 ゝ ゞ ー ヽ ヾ)
// that Japanese lines are full of. Letters answered without ICU.
inline bool InCjkLetterBlock(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7A3) ||
         (c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30FA) ||
         (c >= 0x3005 && c <= 0x3006) || (c >= 0x309D && c <= 0x309E) ||
         (c >= 0x30FC && c <= 0x30FE);
}

// Whether the character of `input` at span.begin is an upper-case letter
// (normalized text is case-folded; its spans point back into the input).
bool IsUpperInInput(std::string_view input, Span span);

// Rewrites *cps and *spans and removes the marks above. A rewrite of the
// letters is built in *spare_cps and *spare_spans and swapped in, so the
// spares keep the old buffers and, reused, stop allocating once warm.
// REQUIRES: cps and spans have the same size.
// `input` is the text the spans point into: its capitals mark where words
// begin in a line written without spaces.
void SeeThroughUnicode(std::string_view input, CodePoints* cps, Spans* spans, CodePoints* spare_cps,
                       Spans* spare_spans);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_CONFUSABLES_H_
