// The bootstrap trainer's stand-in for the embedded quid-pro-quo scorers: it
// trains them, so it cannot contain them. Thread analysis then finds quid
// pro quo by its cue phrases alone.
#include "quid_pro_quo_model.h"

namespace meetintent {

const void* QpqModelData(QpqHead /*head*/) { return nullptr; }
size_t QpqModelSize(QpqHead /*head*/) { return 0; }
uint64_t QpqLexiconFingerprint() { return 0; }

}  // namespace meetintent
