// E-mail clean-up for the normalizer: finds which byte ranges of a message are
// the author's own words, leaving out quoted replies, "Original Message"
// blocks, forwarded-message headers and signatures.
#ifndef MEETINTENT_SRC_EMAIL_CLEANUP_H_
#define MEETINTENT_SRC_EMAIL_CLEANUP_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace meetintent {

// Stores in *ranges the byte ranges of `text` to keep, as flat pairs
// begin0, end0, begin1, end1, ... in increasing order. When the clean-up
// would leave no letter or digit, the whole text is kept: a forwarded or
// quoted message is then the only content there is.
void FindKeptRanges(std::string_view text, bool strip_quotes, bool strip_signature,
                    std::vector<uint32_t>* ranges);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_EMAIL_CLEANUP_H_
