// The bootstrap trainer's stand-in for the embedded model: it trains the
// default model, so it cannot contain it. LoadDefault then reports a clear
// error instead of a model.
#include "default_model.h"

namespace meetintent {

const void* DefaultModelData() { return nullptr; }
size_t DefaultModelSize() { return 0; }

}  // namespace meetintent
