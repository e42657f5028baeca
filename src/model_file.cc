#include "model_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <set>

#include "default_model.h"
#include "hash.h"
#include "utf8.h"

namespace meetintent {

namespace {

constexpr unsigned char kMagic[8] = {0x89, 'M', 'I', 'M', '\r', '\n', 0x1A, '\n'};
// Bound on every weight, bias, scale and calibration value in a model file.
constexpr float kMaxMagnitude = 1e4f;

size_t Align8(size_t n) { return (n + 7) & ~size_t{7}; }

// Bounds-checked little-endian reader over the metadata section.
class Reader {
 public:
  Reader(const unsigned char* p, size_t n) : p_(p), n_(n) {}
  bool U8(uint8_t* v) {
    if (n_ - pos_ < 1) return false;
    *v = p_[pos_++];
    return true;
  }
  bool U32(uint32_t* v) {
    if (n_ - pos_ < 4) return false;
    *v = static_cast<uint32_t>(p_[pos_]) | (static_cast<uint32_t>(p_[pos_ + 1]) << 8) |
         (static_cast<uint32_t>(p_[pos_ + 2]) << 16) | (static_cast<uint32_t>(p_[pos_ + 3]) << 24);
    pos_ += 4;
    return true;
  }
  bool F32(float* v) {
    uint32_t bits;
    if (!U32(&bits)) return false;
    std::memcpy(v, &bits, 4);
    return true;
  }
  bool Bytes(size_t len, std::string* out) {
    if (n_ - pos_ < len) return false;
    out->assign(reinterpret_cast<const char*>(p_ + pos_), len);
    pos_ += len;
    return true;
  }
  size_t pos() const { return pos_; }

 private:
  const unsigned char* p_;
  size_t n_;
  size_t pos_ = 0;
};

uint64_t Load64(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

void PutU8(std::string* s, uint8_t v) { s->push_back(static_cast<char>(v)); }
void PutU32(std::string* s, uint32_t v) {
  for (int i = 0; i < 4; ++i) s->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void PutU64(std::string* s, uint64_t v) {
  for (int i = 0; i < 8; ++i) s->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void PutF32(std::string* s, float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  PutU32(s, bits);
}

Status Corrupt(const std::string& what) { return Status::CorruptModel("model file: " + what); }

}  // namespace

Status ValidateLabels(const std::vector<std::string>& labels) {
  if (labels.size() < 2 || labels.size() > kMaxLabels) {
    return Status::InvalidArgument("a model needs between 2 and 1024 labels, got " +
                                   std::to_string(labels.size()));
  }
  std::set<std::string> seen;
  for (const std::string& l : labels) {
    if (l.empty() || l.size() > kMaxLabelBytes) {
      return Status::InvalidArgument("label names must be 1 to 256 bytes long");
    }
    if (!IsValidUtf8(l.data(), l.size())) {
      return Status::InvalidArgument("label names must be valid UTF-8");
    }
    for (char c : l) {
      if (static_cast<unsigned char>(c) < 0x20) {
        return Status::InvalidArgument("label names must not contain control characters");
      }
    }
    if (!seen.insert(l).second) return Status::InvalidArgument("duplicate label '" + l + "'");
  }
  return Status::Ok();
}

Status ModelFileReader::Parse(const unsigned char* data, size_t size, Model* m) {
  if (data == nullptr) return Status::InvalidArgument("model buffer is NULL");
  if (size < kModelHeaderBytes + 8) {
    return Corrupt("too short (" + std::to_string(size) + " bytes) to hold a header");
  }
  if (std::memcmp(data, kMagic, sizeof(kMagic)) != 0) {
    return Corrupt("wrong magic number: not a meetintent model");
  }
  Reader header(data + 8, kModelHeaderBytes - 8);
  uint32_t version = 0, flags = 0, file_size_lo = 0, file_size_hi = 0, meta_size = 0, reserved = 0;
  header.U32(&version);
  header.U32(&flags);
  header.U32(&file_size_lo);
  header.U32(&file_size_hi);
  header.U32(&meta_size);
  header.U32(&reserved);
  if (version != kModelFormatVersion) {
    return Status::UnsupportedVersion("model file: format version " + std::to_string(version) +
                                      " is not supported (this library reads version " +
                                      std::to_string(kModelFormatVersion) + ")");
  }
  if (flags != 0 || reserved != 0) return Corrupt("reserved header fields are not zero");
  const uint64_t file_size = (static_cast<uint64_t>(file_size_hi) << 32) | file_size_lo;
  if (file_size != size) {
    return Corrupt(file_size > size ? "truncated: header says " + std::to_string(file_size) +
                                          " bytes, only " + std::to_string(size) + " present"
                                    : "header says " + std::to_string(file_size) +
                                          " bytes but " + std::to_string(size) +
                                          " are present (trailing data)");
  }
  if (size % 8 != 0) return Corrupt("size is not a multiple of 8");
  if (meta_size > size - kModelHeaderBytes - 8) {
    return Corrupt("metadata size " + std::to_string(meta_size) + " exceeds the file");
  }
  const uint64_t stored_checksum = Load64(data + size - 8);
  if (Hash64(data, size - 8, 0) != stored_checksum) {
    return Corrupt("checksum mismatch: the file is damaged");
  }

  Reader r(data + kModelHeaderBytes, meta_size);
  uint8_t hash_bits, max_word, min_char, max_char, feature_flags, normalize_flags, weight_type,
      reserved8;
  uint32_t max_input, num_labels;
  if (!r.U8(&hash_bits) || !r.U8(&max_word) || !r.U8(&min_char) || !r.U8(&max_char) ||
      !r.U8(&feature_flags) || !r.U8(&normalize_flags) || !r.U8(&weight_type) ||
      !r.U8(&reserved8) || !r.U32(&max_input) || !r.U32(&num_labels)) {
    return Corrupt("metadata too short for the feature configuration");
  }
  FeatureOptions fo;
  fo.hash_bits = hash_bits;
  fo.max_word_ngram = max_word;
  fo.min_char_ngram = min_char;
  fo.max_char_ngram = max_char;
  fo.sublinear_tf = (feature_flags & 1) != 0;
  fo.l2_normalize = (feature_flags & 2) != 0;
  fo.neutral_words = (feature_flags & 4) != 0;
  fo.block_normalize = (feature_flags & 8) != 0;
  if (std::string_view why = fo.Validate(); !why.empty()) {
    return Corrupt("bad feature configuration: " + std::string(why));
  }
  if ((feature_flags & ~15u) != 0 || (normalize_flags & ~31u) != 0 || reserved8 != 0) {
    return Corrupt("unknown flag bits set");
  }
  if (weight_type > 1) return Corrupt("unknown weight type " + std::to_string(weight_type));
  if (max_input == 0) return Corrupt("max_input_bytes is zero");
  NormalizeOptions no;
  no.strip_email_quotes = (normalize_flags & 1) != 0;
  no.strip_signature = (normalize_flags & 2) != 0;
  no.placeholders = (normalize_flags & 4) != 0;
  no.fold_gendered_han = (normalize_flags & 8) != 0;
  no.deobfuscate = (normalize_flags & 16) != 0;
  no.max_input_bytes = max_input;
  if (num_labels < 2 || num_labels > kMaxLabels) {
    return Corrupt("label count " + std::to_string(num_labels) + " is out of range 2..1024");
  }
  std::vector<std::string> labels;
  labels.reserve(num_labels);
  for (uint32_t i = 0; i < num_labels; ++i) {
    uint32_t len;
    std::string name;
    if (!r.U32(&len) || len > kMaxLabelBytes || !r.Bytes(len, &name)) {
      return Corrupt("label " + std::to_string(i) + " is cut short or too long");
    }
    labels.push_back(std::move(name));
  }
  if (Status s = ValidateLabels(labels); !s.ok()) return Corrupt(s.message());
  const int columns = num_labels == 2 ? 1 : static_cast<int>(num_labels);
  Calibration cal;
  uint32_t cal_bias_count;
  if (!r.F32(&cal.scale) || !r.U32(&cal_bias_count)) return Corrupt("calibration cut short");
  if (!std::isfinite(cal.scale) || cal.scale <= 0.0f || cal.scale > kMaxMagnitude) {
    return Corrupt("bad calibration scale");
  }
  if (cal_bias_count != 0 && cal_bias_count != static_cast<uint32_t>(columns)) {
    return Corrupt("calibration bias count does not match the labels");
  }
  // Every float must be finite and moderate: with |value| <= kMaxMagnitude
  // no score, however many features a message has, can overflow a float.
  auto read_floats = [&r](uint32_t n, std::vector<float>* out, const char* what) -> Status {
    out->resize(n);
    for (uint32_t i = 0; i < n; ++i) {
      if (!r.F32(&(*out)[i])) return Corrupt(std::string(what) + " cut short");
      if (!std::isfinite((*out)[i]) || std::fabs((*out)[i]) > kMaxMagnitude) {
        return Corrupt(std::string(what) + " is not finite or out of range");
      }
    }
    return Status::Ok();
  };
  if (Status s = read_floats(cal_bias_count, &cal.bias, "calibration bias"); !s.ok()) return s;
  std::vector<float> bias, col_scale;
  if (Status s = read_floats(static_cast<uint32_t>(columns), &bias, "bias"); !s.ok()) return s;
  if (weight_type == 1) {
    if (Status s = read_floats(static_cast<uint32_t>(columns), &col_scale, "weight scale");
        !s.ok()) {
      return s;
    }
  }
  if (r.pos() != meta_size) return Corrupt("metadata has unexpected trailing bytes");

  const size_t weights_offset = Align8(kModelHeaderBytes + meta_size);
  const size_t rows = size_t{1} << hash_bits;
  const size_t weight_bytes =
      rows * static_cast<size_t>(columns) * (weight_type == 1 ? 1 : sizeof(float));
  const uint64_t expected = static_cast<uint64_t>(weights_offset) + Align8(weight_bytes) + 8;
  if (expected != size) {
    return Corrupt("sizes do not add up: the configuration needs " + std::to_string(expected) +
                   " bytes, the file has " + std::to_string(size));
  }
  for (size_t i = kModelHeaderBytes + meta_size; i < weights_offset; ++i) {
    if (data[i] != 0) return Corrupt("non-zero padding");
  }
  const unsigned char* weights = data + weights_offset;
  if (weight_type == 0) {
    const auto* w = reinterpret_cast<const float*>(weights);
    const size_t n = rows * static_cast<size_t>(columns);
    for (size_t i = 0; i < n; ++i) {
      if (!std::isfinite(w[i]) || std::fabs(w[i]) > kMaxMagnitude) {
        return Corrupt("weight " + std::to_string(i) + " is not finite or out of range");
      }
    }
  }

  m->labels_ = std::move(labels);
  m->normalize_ = no;
  m->features_ = fo;
  m->calibration_ = std::move(cal);
  m->columns_ = columns;
  m->bias_ = std::move(bias);
  m->col_scale_ = std::move(col_scale);
  if (weight_type == 0) {
    m->weight_type_ = WeightType::kFloat32;
    m->weights_f32_ = reinterpret_cast<const float*>(weights);
  } else {
    m->weight_type_ = WeightType::kInt8;
    m->weights_i8_ = reinterpret_cast<const int8_t*>(weights);
  }
  return Status::Ok();
}

std::string Model::Serialize() const {
  std::string meta;
  PutU8(&meta, static_cast<uint8_t>(features_.hash_bits));
  PutU8(&meta, static_cast<uint8_t>(features_.max_word_ngram));
  PutU8(&meta, static_cast<uint8_t>(features_.min_char_ngram));
  PutU8(&meta, static_cast<uint8_t>(features_.max_char_ngram));
  PutU8(&meta, static_cast<uint8_t>((features_.sublinear_tf ? 1 : 0) |
                                    (features_.l2_normalize ? 2 : 0) |
                                    (features_.neutral_words ? 4 : 0) |
                                    (features_.block_normalize ? 8 : 0)));
  PutU8(&meta, static_cast<uint8_t>((normalize_.strip_email_quotes ? 1 : 0) |
                                    (normalize_.strip_signature ? 2 : 0) |
                                    (normalize_.placeholders ? 4 : 0) |
                                    (normalize_.fold_gendered_han ? 8 : 0) |
                                    (normalize_.deobfuscate ? 16 : 0)));
  PutU8(&meta, static_cast<uint8_t>(weight_type_));
  PutU8(&meta, 0);
  const size_t max_input = std::min<size_t>(normalize_.max_input_bytes, UINT32_MAX);
  PutU32(&meta, static_cast<uint32_t>(max_input));
  PutU32(&meta, static_cast<uint32_t>(labels_.size()));
  for (const std::string& l : labels_) {
    PutU32(&meta, static_cast<uint32_t>(l.size()));
    meta += l;
  }
  PutF32(&meta, calibration_.scale);
  PutU32(&meta, static_cast<uint32_t>(calibration_.bias.size()));
  for (float b : calibration_.bias) PutF32(&meta, b);
  for (float b : bias_) PutF32(&meta, b);
  if (weight_type_ == WeightType::kInt8) {
    for (float s : col_scale_) PutF32(&meta, s);
  }

  const size_t weights_offset = Align8(kModelHeaderBytes + meta.size());
  const size_t wbytes = weight_bytes();
  const uint64_t file_size = weights_offset + Align8(wbytes) + 8;

  std::string out;
  out.reserve(file_size);
  out.append(reinterpret_cast<const char*>(kMagic), sizeof(kMagic));
  PutU32(&out, kModelFormatVersion);
  PutU32(&out, 0);
  PutU64(&out, file_size);
  PutU32(&out, static_cast<uint32_t>(meta.size()));
  PutU32(&out, 0);
  out += meta;
  out.resize(weights_offset, '\0');
  if (weight_type_ == WeightType::kFloat32) {
    // Little-endian float32, written value by value so the host order does not leak in.
    const size_t n = rows() * static_cast<size_t>(columns_);
    for (size_t i = 0; i < n; ++i) PutF32(&out, weights_f32_[i]);
  } else {
    out.append(reinterpret_cast<const char*>(weights_i8_), wbytes);
  }
  out.resize(weights_offset + Align8(wbytes), '\0');
  PutU64(&out, Hash64(out.data(), out.size(), 0));
  return out;
}

Status Model::Save(const std::string& path) const {
  const std::string bytes = Serialize();
  const std::string tmp = path + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) {
    return Status::IoError("cannot write '" + tmp + "': " + std::strerror(errno));
  }
  const bool wrote = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  const bool closed = std::fclose(f) == 0;
  if (!wrote || !closed) {
    std::remove(tmp.c_str());
    return Status::IoError("cannot write '" + tmp + "' (disk full?)");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::IoError("cannot rename '" + tmp + "' to '" + path + "': " +
                           std::strerror(errno));
  }
  return Status::Ok();
}

struct Model::Mapping {
  void* addr = nullptr;
  size_t size = 0;
  ~Mapping() {
    if (addr != nullptr) munmap(addr, size);
  }
};

// Defined here, where Mapping is complete.
Model::Model() = default;
Model::~Model() = default;

Status Model::LoadFile(const std::string& path, std::unique_ptr<Model>* out) {
  if (out == nullptr) return Status::InvalidArgument("out is NULL");
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot open '" + path + "': " + std::strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::IoError("'" + path + "' is not a regular file");
  }
  const auto size = static_cast<size_t>(st.st_size);
  if (size < kModelHeaderBytes + 8) {
    ::close(fd);
    return Corrupt("'" + path + "' is too short (" + std::to_string(size) + " bytes)");
  }
  void* addr = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (addr == MAP_FAILED) {
    return Status::IoError("cannot map '" + path + "': " + std::strerror(errno));
  }
  std::unique_ptr<Model> m(new Model);
  m->mapping_.reset(new Mapping);
  m->mapping_->addr = addr;
  m->mapping_->size = size;
  Status s = ModelFileReader::Parse(static_cast<const unsigned char*>(addr), size, m.get());
  if (!s.ok()) return Status(s.code(), s.message() + " ('" + path + "')");
  *out = std::move(m);
  return Status::Ok();
}

Status Model::LoadBuffer(const void* data, size_t size, std::unique_ptr<Model>* out) {
  if (out == nullptr) return Status::InvalidArgument("out is NULL");
  if (data == nullptr && size != 0) return Status::InvalidArgument("model buffer is NULL");
  if (size < kModelHeaderBytes + 8) {
    return Corrupt("too short (" + std::to_string(size) + " bytes) to hold a header");
  }
  // Check the magic and the declared size before copying, so a lying header
  // costs nothing and no size arithmetic can overflow.
  if (std::memcmp(data, kMagic, sizeof(kMagic)) != 0) {
    return Corrupt("wrong magic number: not a meetintent model");
  }
  uint64_t declared = 0;
  for (int i = 7; i >= 0; --i) declared = (declared << 8) | static_cast<const unsigned char*>(data)[16 + i];
  if (declared != size) {
    return Corrupt(declared > size ? "truncated: header says " + std::to_string(declared) +
                                         " bytes, only " + std::to_string(size) + " present"
                                   : "header says " + std::to_string(declared) + " bytes but " +
                                         std::to_string(size) + " are present (trailing data)");
  }
  std::unique_ptr<Model> m(new Model);
  m->owned_file_.resize((size + 7) / 8);
  std::memcpy(m->owned_file_.data(), data, size);
  Status s = ModelFileReader::Parse(
      reinterpret_cast<const unsigned char*>(m->owned_file_.data()), size, m.get());
  if (!s.ok()) return s;
  *out = std::move(m);
  return Status::Ok();
}

Status Model::LoadBufferNoCopy(const void* data, size_t size, std::unique_ptr<Model>* out) {
  if (out == nullptr) return Status::InvalidArgument("out is NULL");
  if (data == nullptr) return Status::InvalidArgument("model buffer is NULL");
  if (reinterpret_cast<uintptr_t>(data) % 8 != 0) {
    return Status::InvalidArgument("model buffer must be 8-byte aligned");
  }
  std::unique_ptr<Model> m(new Model);
  Status s = ModelFileReader::Parse(static_cast<const unsigned char*>(data), size, m.get());
  if (!s.ok()) return s;
  *out = std::move(m);
  return Status::Ok();
}

Status Model::LoadDefault(std::unique_ptr<Model>* out) {
  if (DefaultModelSize() == 0) {
    return Status::InvalidArgument("this build has no embedded default model; pass a model file");
  }
  return LoadBufferNoCopy(DefaultModelData(), DefaultModelSize(), out);
}

}  // namespace meetintent
