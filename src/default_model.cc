#include "default_model.h"

// Bytes placed by default_model.S (the assembler's .incbin keeps a multi-MiB
// model out of the C++ compiler).
extern "C" const unsigned char mi_internal_default_model_begin[];
extern "C" const unsigned char mi_internal_default_model_end[];

namespace meetintent {

const void* DefaultModelData() { return mi_internal_default_model_begin; }

size_t DefaultModelSize() {
  return static_cast<size_t>(mi_internal_default_model_end - mi_internal_default_model_begin);
}

}  // namespace meetintent
