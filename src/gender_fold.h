// Gender-neutral Chinese and Japanese for feature recipe 2, which reads each
// Han character as a word: gendered words are folded to one form before
// tokenizing ("女士" and "先生" both read as "先生", "彼女" as "彼"), so that
// swapping them cannot change a feature. Longest match first; the female
// form folds to the male one only because one side had to be chosen.
#ifndef MEETINTENT_SRC_GENDER_FOLD_H_
#define MEETINTENT_SRC_GENDER_FOLD_H_

#include <vector>

#include "meetintent/code_points.h"

namespace meetintent {

// Rewrites *cps (NFKC-casefolded code points) and *spans; a folded word's
// code points all map to the span of the word it replaced. A rewrite is
// built in *spare_cps and *spare_spans and swapped in, so the spares keep
// the old buffers and, reused, stop allocating once warm.
// REQUIRES: cps and spans have the same size.
void FoldGenderedCjk(CodePoints* cps, Spans* spans, CodePoints* spare_cps, Spans* spare_spans);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_GENDER_FOLD_H_
