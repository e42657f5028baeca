// Build tool: copies a model file without its lexicon, so that the four
// quid-pro-quo scorers embedded in the library (quid_pro_quo_model.h) weigh
// 2^hash_bits bytes each instead of carrying four copies of the default
// model's lexicon, which they read words with at run time instead. The
// weights, bias and calibration are kept exactly (int8 weights requantize to
// the same values: the column scale is their maximum over 127 again).
//
// It also writes the lexicon's fingerprint (quid_pro_quo_model.h), 8 bytes
// little-endian, which the library embeds to recognise that lexicon in the
// models it analyses threads with.
//
// Usage: quid_pro_quo_strip IN.mim OUT.mim FINGERPRINT_OUT
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>

#include "meetintent/lexicon.h"
#include "meetintent/model.h"
#include "meetintent/model_builder.h"
#include "quid_pro_quo_model.h"

namespace mi = meetintent;

namespace {

mi::Status WriteFingerprint(const mi::Model& model, const char* path) {
  if (model.feature_options().lexicon == nullptr) {
    return mi::Status::InvalidArgument("the model has no lexicon");
  }
  const uint64_t f = mi::LexiconFingerprint(*model.feature_options().lexicon);
  char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((f >> (8 * i)) & 0xFF);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes, sizeof bytes);
  out.close();
  return out ? mi::Status::Ok() : mi::Status::IoError(std::string("cannot write ") + path);
}

mi::Status Strip(const char* in, const char* out, const char* fingerprint) {
  std::unique_ptr<mi::Model> model;
  if (mi::Status s = mi::Model::LoadFile(in, &model); !s.ok()) return s;
  if (mi::Status s = WriteFingerprint(*model, fingerprint); !s.ok()) return s;
  std::unique_ptr<mi::ModelBuilder> copy;
  if (mi::Status s = mi::ModelBuilder::FromModel(*model, &copy); !s.ok()) return s;
  mi::FeatureOptions features = model->feature_options();
  features.lexicon = nullptr;
  std::unique_ptr<mi::ModelBuilder> b;
  if (mi::Status s = mi::ModelBuilder::Create(model->labels(), model->normalize_options(), features, &b);
      !s.ok()) {
    return s;
  }
  const size_t n = b->rows() * static_cast<size_t>(b->columns());
  for (size_t i = 0; i < n; ++i) b->weights()[i] = copy->weights()[i];
  for (int c = 0; c < b->columns(); ++c) b->bias()[c] = copy->bias()[c];
  b->set_calibration(copy->calibration());
  b->set_known_scripts(copy->known_scripts());
  std::unique_ptr<mi::Model> stripped;
  if (mi::Status s = b->Build(model->weight_type() == mi::WeightType::kInt8, &stripped); !s.ok()) {
    return s;
  }
  return stripped->Save(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s IN.mim OUT.mim FINGERPRINT_OUT\n", argv[0]);
    return 2;
  }
  const mi::Status s = Strip(argv[1], argv[2], argv[3]);
  if (!s.ok()) {
    std::fprintf(stderr, "%s: %s\n", argv[0], s.ToString().c_str());
    return 1;
  }
  return 0;
}
