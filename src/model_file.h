// The only code that reads or writes model files. The format is specified in
// model_file.md beside this file; keep the two in step.
#ifndef MEETINTENT_SRC_MODEL_FILE_H_
#define MEETINTENT_SRC_MODEL_FILE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "meetintent/model.h"
#include "meetintent/status.h"

namespace meetintent {

// Versions this library reads; it writes the version a model's feature
// recipe needs (1 for recipe 1, so 1.0 models round-trip byte for byte).
constexpr uint32_t kOldestModelFormatVersion = 1;
constexpr uint32_t kModelFormatVersion = 2;
constexpr size_t kMaxLabels = 1024;
constexpr size_t kMaxLabelBytes = 256;
constexpr size_t kModelHeaderBytes = 32;
// Bound on every weight, bias, scale and calibration value in a model, so
// that no score, however many features a message has, can overflow a float.
constexpr float kMaxModelMagnitude = 1e4f;
// Smallest calibration scale: below it every probability is 1/K.
constexpr float kMinCalibrationScale = 1e-3f;

// Checks that labels are 2..kMaxLabels distinct, non-empty, valid UTF-8
// names of at most kMaxLabelBytes bytes, with no control, bidirectional or
// invisible characters and no space at either end: a label must not be able
// to look like another.
Status ValidateLabels(const std::vector<std::string>& labels);

// `o` with the normalizer options of format 2 off: what a version 1 file
// (feature recipe 1) holds and loads with, so a recipe-1 model is trained
// and built reading text as its file will.
NormalizeOptions Version1NormalizeOptions(NormalizeOptions o);

// Fills a Model from a file image; a friend of Model.
class ModelFileReader {
 public:
  // Validates all of `data` (size bytes, 8-byte aligned) and, on success,
  // points *model's weights into it. Checks the header and that the sizes
  // add up before reading every byte for the checksum, never reads outside
  // the buffer and never allocates according to sizes the file claims.
  static Status Parse(const unsigned char* data, size_t size, Model* model);
  // Parse for the models compiled into the library: read-only bytes of the
  // binary itself, which outlive everything. Their checksums are verified
  // by the test suite (EmbeddedModelsCarryValidChecksums) rather than at
  // every load (2 MB read, an eighth of the default model's load), and the
  // lexicon borrows its words from them instead of copying its section.
  // Everything else is checked as by Parse.
  static Status ParseEmbedded(const void* data, size_t size, std::unique_ptr<Model>* out);
  // Model::LoadBufferNoCopy's and ParseEmbedded's way: checks `out`, `data`
  // and its 8-byte alignment, then builds the model on `data` in place.
  static Status ParseInPlace(const void* data, size_t size, bool embedded,
                             std::unique_ptr<Model>* out);
  // True when `lexicon` reads its words in place from [data, data + size):
  // ParseEmbedded read it from those bytes, which never change.
  static bool LexiconBorrowsFrom(const Lexicon& lexicon, const void* data, size_t size);

 private:
  static Status Parse(const unsigned char* data, size_t size, bool embedded, Model* model);
};

}  // namespace meetintent

#endif  // MEETINTENT_SRC_MODEL_FILE_H_
