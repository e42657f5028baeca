// The only code that reads or writes model files. The format is specified in
// model_file.md beside this file; keep the two in step.
#ifndef MEETINTENT_SRC_MODEL_FILE_H_
#define MEETINTENT_SRC_MODEL_FILE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "meetintent/model.h"
#include "meetintent/status.h"

namespace meetintent {

constexpr uint32_t kModelFormatVersion = 1;
constexpr size_t kMaxLabels = 1024;
constexpr size_t kMaxLabelBytes = 256;
constexpr size_t kModelHeaderBytes = 32;

// Checks that labels are 2..kMaxLabels distinct, non-empty, valid UTF-8
// names of at most kMaxLabelBytes bytes.
Status ValidateLabels(const std::vector<std::string>& labels);

// Fills a Model from a file image; a friend of Model.
class ModelFileReader {
 public:
  // Validates all of `data` (size bytes, 8-byte aligned) and, on success,
  // points *model's weights into it. Never reads outside the buffer and never
  // allocates according to sizes the file claims.
  static Status Parse(const unsigned char* data, size_t size, Model* model);
};

}  // namespace meetintent

#endif  // MEETINTENT_SRC_MODEL_FILE_H_
