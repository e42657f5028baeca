// The default model, embedded in the library at build time (see
// default_model.S and data/README.md for how it is made).
#ifndef MEETINTENT_SRC_DEFAULT_MODEL_H_
#define MEETINTENT_SRC_DEFAULT_MODEL_H_

#include <cstddef>

namespace meetintent {

const void* DefaultModelData();
size_t DefaultModelSize();

}  // namespace meetintent

#endif  // MEETINTENT_SRC_DEFAULT_MODEL_H_
