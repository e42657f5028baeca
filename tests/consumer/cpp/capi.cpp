// The C API (meetintent.h) from C++, linked to meetintent::shared.
// Prints "label probability" for each argument. Exit 1 on any failure.
#include <cstring>
#include <iostream>

#include "meetintent/meetintent.h"

int main(int argc, char** argv) {
  mi_model* model = nullptr;
  if (MI_ABI_CHECK() != MI_OK || mi_model_load_default(&model) != MI_OK) {
    std::cerr << "consumer_capi: " << mi_last_error_message() << "\n";
    return 1;
  }
  std::cout << "libmeetintent " << mi_version_string() << " (C API, shared)\n";
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    int32_t label = -1;
    float probs[2];
    const char* name = nullptr;
    if (mi_classify(model, argv[i], std::strlen(argv[i]), &label, probs, 2) != MI_OK ||
        mi_model_label(model, static_cast<size_t>(label), &name) != MI_OK) {
      std::cerr << "consumer_capi: " << mi_last_error_message() << "\n";
      status = 1;
      break;
    }
    std::cout << name << " " << probs[label] << "\n";
  }
  mi_model_free(model);
  return status;
}
