#include "model_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <set>

#include "default_model.h"
#include "byte_io.h"
#include "hash.h"
#include "meetintent/lexicon.h"
#include "script_coverage.h"
#include "utf8.h"
#include "weights.h"

namespace meetintent {

namespace {

// More than 1024 labels of 256 bytes and every per-column value need.
constexpr size_t kMaxMetadataBytes = size_t{1} << 20;

constexpr unsigned char kMagic[8] = {0x89, 'M', 'I', 'M', '\r', '\n', 0x1A, '\n'};

constexpr bool kBigEndianHost =
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    true;
#else
    false;
#endif

Status Corrupt(const std::string& what) { return Status::CorruptModel("model file: " + what); }

bool Bounded(float v) { return std::isfinite(v) && std::fabs(v) <= kMaxModelMagnitude; }

// Characters a label must not hold: controls (C0, DEL, C1), bidirectional
// controls, and invisible ones that would let "\u200bpersonal" pass for
// "personal".
bool IsForbiddenInLabel(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xAD || c == 0x061C ||
         (c >= 0x180B && c <= 0x180E) || (c >= 0x200B && c <= 0x200F) ||
         (c >= 0x2028 && c <= 0x202E) || (c >= 0x2060 && c <= 0x206F) || c == 0xFEFF ||
         (c >= 0xFFF9 && c <= 0xFFFB) || (c >= 0xE0000 && c <= 0xE0FFF);
}

bool IsSpaceInLabel(char32_t c) {
  return c == ' ' || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

Status ValidateLabel(const std::string& l) {
  if (l.empty() || l.size() > kMaxLabelBytes) {
    return Status::InvalidArgument("label names must be 1 to 256 bytes long");
  }
  if (!IsValidUtf8(l.data(), l.size())) {
    return Status::InvalidArgument("label names must be valid UTF-8");
  }
  const auto* s = reinterpret_cast<const unsigned char*>(l.data());
  char32_t first = 0, last = 0;
  for (size_t i = 0; i < l.size();) {
    char32_t c;
    i += DecodeUtf8(s, l.size(), i, &c);
    if (IsForbiddenInLabel(c)) {
      return Status::InvalidArgument(
          "label '" + l + "' holds a control, bidirectional or invisible character");
    }
    if (first == 0) first = c;
    last = c;
  }
  if (IsSpaceInLabel(first) || IsSpaceInLabel(last)) {
    return Status::InvalidArgument("label '" + l + "' starts or ends with a space");
  }
  return Status::Ok();
}

// The fixed 32-byte header.
struct Header {
  uint32_t version = 0;
  uint32_t meta_size = 0;
};

Status ParseHeader(const unsigned char* data, size_t size, Header* h) {
  if (size < kModelHeaderBytes + 8) {
    return Corrupt("too short (" + std::to_string(size) + " bytes) to hold a header");
  }
  if (std::memcmp(data, kMagic, sizeof(kMagic)) != 0) {
    return Corrupt("wrong magic number: not a meetintent model");
  }
  ByteReader r(data + 8, kModelHeaderBytes - 8);
  uint32_t flags = 0, size_lo = 0, size_hi = 0, reserved = 0;
  r.U32(&h->version);
  r.U32(&flags);
  r.U32(&size_lo);
  r.U32(&size_hi);
  r.U32(&h->meta_size);
  r.U32(&reserved);
  if (h->version < kOldestModelFormatVersion || h->version > kModelFormatVersion) {
    return Status::UnsupportedVersion("model file: format version " + std::to_string(h->version) +
                                      " is not supported (this library reads versions 1 to " +
                                      std::to_string(kModelFormatVersion) + ")");
  }
  if (flags != 0 || reserved != 0) return Corrupt("reserved header fields are not zero");
  const uint64_t declared = (static_cast<uint64_t>(size_hi) << 32) | size_lo;
  if (declared != size) {
    return Corrupt(declared > size ? "truncated: header says " + std::to_string(declared) +
                                         " bytes, only " + std::to_string(size) + " present"
                                   : "header says " + std::to_string(declared) + " bytes but " +
                                         std::to_string(size) + " are present (trailing data)");
  }
  if (size % 8 != 0) return Corrupt("size is not a multiple of 8");
  if (h->meta_size > size - kModelHeaderBytes - 8) {
    return Corrupt("metadata size " + std::to_string(h->meta_size) + " exceeds the file");
  }
  return Status::Ok();
}

// The metadata as read, before any value is trusted.
struct Metadata {
  uint32_t version = 1;
  uint32_t scripts = 0;
  uint32_t lexicon_bytes = 0;  // version 2: the lexicon section after the metadata
  FeatureOptions features;
  NormalizeOptions normalize;
  uint8_t weight_type = 0;
  std::vector<std::string> labels;
  int columns = 1;
  Calibration calibration;
  std::vector<float> bias;
  std::vector<float> col_scale;
};

Status ParseFeatureConfig(ByteReader* r, Metadata* m, uint32_t* num_labels) {
  uint8_t recipe = 1, hash_bits, max_word, min_char, max_char, feature_flags, normalize_flags,
          reserved = 0;
  uint32_t max_input;
  const bool v2 = m->version >= 2;
  if ((v2 && !r->U8(&recipe)) || !r->U8(&hash_bits) || !r->U8(&max_word) || !r->U8(&min_char) ||
      !r->U8(&max_char) || !r->U8(&feature_flags) || !r->U8(&normalize_flags) ||
      !r->U8(&m->weight_type) || (!v2 && !r->U8(&reserved)) || !r->U32(&max_input) ||
      (v2 && !r->U32(&m->scripts)) || !r->U32(num_labels)) {
    return Corrupt("metadata too short for the feature configuration");
  }
  if (v2 ? recipe != 2 : recipe != 1) return Corrupt("unknown feature recipe");
  FeatureOptions& fo = m->features;
  fo.recipe = recipe;
  fo.hash_bits = hash_bits;
  fo.max_word_ngram = max_word;
  fo.min_char_ngram = min_char;
  fo.max_char_ngram = max_char;
  fo.sublinear_tf = (feature_flags & 1) != 0;
  fo.l2_normalize = (feature_flags & 2) != 0;
  fo.neutral_words = (feature_flags & 4) != 0;
  fo.block_normalize = (feature_flags & 8) != 0;
  fo.word_clusters = (feature_flags & 16) != 0;
  fo.foreign_script_names = (feature_flags & 32) != 0;
  fo.vocative_names = (feature_flags & 64) != 0;
  fo.salutation_names = (feature_flags & 128) != 0;
  if (std::string_view why = fo.Validate(); !why.empty()) {
    return Corrupt("bad feature configuration: " + std::string(why));
  }
  const unsigned known_feature_flags = v2 ? 255u : 15u;
  const unsigned known_normalize_flags = v2 ? 255u : 31u;
  if ((feature_flags & ~known_feature_flags) != 0 || (normalize_flags & ~known_normalize_flags) != 0 ||
      reserved != 0) {
    return Corrupt("unknown flag bits set");
  }
  if (m->weight_type > 1) return Corrupt("unknown weight type " + std::to_string(m->weight_type));
  if (max_input == 0) return Corrupt("max_input_bytes is zero");
  NormalizeOptions& no = m->normalize;
  no.strip_email_quotes = (normalize_flags & 1) != 0;
  no.strip_signature = (normalize_flags & 2) != 0;
  no.placeholders = (normalize_flags & 4) != 0;
  no.fold_gendered_han = (normalize_flags & 8) != 0;
  no.deobfuscate = (normalize_flags & 16) != 0;
  no.fold_gendered_cjk = (normalize_flags & 32) != 0;
  no.deobfuscate_unicode = (normalize_flags & 64) != 0;
  no.unspaced_script_numbers = (normalize_flags & 128) != 0;
  no.max_input_bytes = max_input;
  m->scripts = v2 ? m->scripts : kVersion1Scripts;
  return Status::Ok();
}

Status ParseLabels(ByteReader* r, uint32_t num_labels, Metadata* m) {
  if (num_labels < 2 || num_labels > kMaxLabels) {
    return Corrupt("label count " + std::to_string(num_labels) + " is out of range 2..1024");
  }
  m->labels.reserve(num_labels);
  for (uint32_t i = 0; i < num_labels; ++i) {
    uint32_t len;
    std::string name;
    if (!r->U32(&len) || len > kMaxLabelBytes || !r->Bytes(len, &name)) {
      return Corrupt("label " + std::to_string(i) + " is cut short or too long");
    }
    m->labels.push_back(std::move(name));
  }
  if (Status s = ValidateLabels(m->labels); !s.ok()) return Corrupt(s.message());
  m->columns = num_labels == 2 ? 1 : static_cast<int>(num_labels);
  return Status::Ok();
}

Status ReadFloats(ByteReader* r, uint32_t n, const char* what, std::vector<float>* out) {
  out->resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    if (!r->F32(&(*out)[i])) return Corrupt(std::string(what) + " cut short");
  }
  return Status::Ok();
}

// Calibration, biases and int8 scales: read here, judged in CheckValues
// (after the checksum).
Status ParseColumns(ByteReader* r, Metadata* m) {
  const auto columns = static_cast<uint32_t>(m->columns);
  uint32_t cal_bias_count;
  if (!r->F32(&m->calibration.scale) || !r->U32(&cal_bias_count)) {
    return Corrupt("calibration cut short");
  }
  if (cal_bias_count != 0 && cal_bias_count != columns) {
    return Corrupt("calibration bias count does not match the labels");
  }
  if (Status s = ReadFloats(r, cal_bias_count, "calibration bias", &m->calibration.bias); !s.ok())
    return s;
  if (Status s = ReadFloats(r, columns, "bias", &m->bias); !s.ok()) return s;
  if (m->weight_type == 1) {
    if (Status s = ReadFloats(r, columns, "weight scale", &m->col_scale); !s.ok()) return s;
  }
  return Status::Ok();
}

// The sections after the metadata: [lexicon, padded] then the weights.
size_t LexiconOffset(uint32_t meta_size) { return Align8(kModelHeaderBytes + meta_size); }
size_t WeightsOffset(uint32_t meta_size, const Metadata& m) {
  return LexiconOffset(meta_size) + Align8(m.lexicon_bytes);
}

Status ParseMetadata(const unsigned char* data, size_t meta_size, Metadata* m) {
  ByteReader r(data, meta_size);
  uint32_t num_labels = 0;
  if (Status s = ParseFeatureConfig(&r, m, &num_labels); !s.ok()) return s;
  if (Status s = ParseLabels(&r, num_labels, m); !s.ok()) return s;
  if (Status s = ParseColumns(&r, m); !s.ok()) return s;
  if (m->version >= 2 && !r.U32(&m->lexicon_bytes)) return Corrupt("lexicon size cut short");
  if (r.pos() != meta_size) return Corrupt("metadata has unexpected trailing bytes");
  return Status::Ok();
}

size_t WeightBytes(const Metadata& m) {
  const size_t rows = size_t{1} << m.features.hash_bits;
  return rows * static_cast<size_t>(m.columns) * (m.weight_type == 1 ? 1 : sizeof(float));
}

// Header and metadata agree with a file of `size` bytes. `prefix` holds at
// least the header and prefix_size covers the metadata when the header is
// sane (else the header's own error is returned).
Status CheckLayout(const unsigned char* prefix, size_t prefix_size, size_t size, Header* header,
                   Metadata* meta) {
  if (Status s = ParseHeader(prefix, size, header); !s.ok()) return s;
  if (header->meta_size > kMaxMetadataBytes || kModelHeaderBytes + header->meta_size > prefix_size) {
    return Corrupt("metadata of " + std::to_string(header->meta_size) +
                   " bytes is larger than any valid model's");
  }
  meta->version = header->version;
  if (Status s = ParseMetadata(prefix + kModelHeaderBytes, header->meta_size, meta); !s.ok()) {
    return s;
  }
  const uint64_t expected = static_cast<uint64_t>(WeightsOffset(header->meta_size, *meta)) +
                            Align8(WeightBytes(*meta)) + 8;
  if (expected != size) {
    return Corrupt("sizes do not add up: the configuration needs " + std::to_string(expected) +
                   " bytes, the file has " + std::to_string(size));
  }
  return Status::Ok();
}

// Every float must be finite and moderate, and no value may make the model
// degenerate: a negative int8 scale would invert every decision, a zero or
// subnormal one or a tiny calibration scale would make every probability 1/K.
Status CheckValues(const Metadata& m) {
  const Calibration& cal = m.calibration;
  if (!Bounded(cal.scale) || cal.scale < kMinCalibrationScale) {
    return Corrupt("calibration scale must be in [1e-3, 1e4]");
  }
  for (float v : cal.bias) {
    if (!Bounded(v)) return Corrupt("calibration bias is not finite or out of range");
  }
  for (float v : m.bias) {
    if (!Bounded(v)) return Corrupt("bias is not finite or out of range");
  }
  for (float v : m.col_scale) {
    if (!(v >= std::numeric_limits<float>::min()) || !Bounded(v)) {
      return Corrupt("weight scale must be positive, normal and at most 1e4");
    }
  }
  return Status::Ok();
}

Status CheckFloatWeights(const unsigned char* weights, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    float v;
    uint32_t bits = static_cast<uint32_t>(weights[4 * i]) |
                    (static_cast<uint32_t>(weights[4 * i + 1]) << 8) |
                    (static_cast<uint32_t>(weights[4 * i + 2]) << 16) |
                    (static_cast<uint32_t>(weights[4 * i + 3]) << 24);
    std::memcpy(&v, &bits, 4);
    if (!Bounded(v)) return Corrupt("weight " + std::to_string(i) + " is not finite or out of range");
  }
  return Status::Ok();
}

}  // namespace

NormalizeOptions Version1NormalizeOptions(NormalizeOptions o) {
  o.fold_gendered_cjk = false;
  o.deobfuscate_unicode = false;
  o.unspaced_script_numbers = false;
  return o;
}

Status ValidateLabels(const std::vector<std::string>& labels) {
  if (labels.size() < 2 || labels.size() > kMaxLabels) {
    return Status::InvalidArgument("a model needs between 2 and 1024 labels, got " +
                                   std::to_string(labels.size()));
  }
  std::set<std::string> seen;
  for (const std::string& l : labels) {
    if (Status s = ValidateLabel(l); !s.ok()) return s;
    if (!seen.insert(l).second) return Status::InvalidArgument("duplicate label '" + l + "'");
  }
  return Status::Ok();
}

Status ModelFileReader::Parse(const unsigned char* data, size_t size, Model* model) {
  return Parse(data, size, /*embedded=*/false, model);
}

Status ModelFileReader::ParseEmbedded(const void* data, size_t size, std::unique_ptr<Model>* out) {
  return ParseInPlace(data, size, /*embedded=*/true, out);
}

bool ModelFileReader::LexiconBorrowsFrom(const Lexicon& lexicon, const void* data, size_t size) {
  // A copied section lives in the lexicon's own string, never in `data`.
  // (Addresses compared as integers: the two may be unrelated objects.)
  const auto begin = reinterpret_cast<uintptr_t>(data);
  const auto words = reinterpret_cast<uintptr_t>(lexicon.word_view_.data());
  return data != nullptr && words >= begin && words - begin < size;
}

Status ModelFileReader::ParseInPlace(const void* data, size_t size, bool embedded,
                                     std::unique_ptr<Model>* out) {
  if (out == nullptr) return Status::InvalidArgument("out is NULL");
  if (data == nullptr) return Status::InvalidArgument("model buffer is NULL");
  if (reinterpret_cast<uintptr_t>(data) % 8 != 0) {
    return Status::InvalidArgument("model buffer must be 8-byte aligned");
  }
  std::unique_ptr<Model> m(new Model);
  Status s = Parse(static_cast<const unsigned char*>(data), size, embedded, m.get());
  if (!s.ok()) return s;
  *out = std::move(m);
  return Status::Ok();
}

Status ModelFileReader::Parse(const unsigned char* data, size_t size, bool embedded, Model* model) {
  if (data == nullptr) return Status::InvalidArgument("model buffer is NULL");
  // Structure first, so that a file whose sizes cannot add up is refused
  // before reading all of it for the checksum.
  Header header;
  Metadata meta;
  if (Status s = CheckLayout(data, size, size, &header, &meta); !s.ok()) return s;
  const size_t lexicon_offset = LexiconOffset(header.meta_size);
  const size_t weights_offset = WeightsOffset(header.meta_size, meta);
  if (!embedded && Hash64(data, size - 8, 0) != Load64(data + size - 8)) {
    return Corrupt("checksum mismatch: the file is damaged");
  }
  if (Status s = CheckValues(meta); !s.ok()) return s;
  for (size_t i = kModelHeaderBytes + header.meta_size; i < lexicon_offset; ++i) {
    if (data[i] != 0) return Corrupt("non-zero padding");
  }
  for (size_t i = lexicon_offset + meta.lexicon_bytes; i < weights_offset; ++i) {
    if (data[i] != 0) return Corrupt("non-zero padding");
  }
  if (meta.lexicon_bytes > 0) {
    if (Status s = Lexicon::ParseSection(data + lexicon_offset, meta.lexicon_bytes,
                                         /*borrow=*/embedded, &meta.features.lexicon);
        !s.ok()) {
      return s;
    }
  }
  const unsigned char* weights = data + weights_offset;
  const size_t rows = size_t{1} << meta.features.hash_bits;
  if (meta.weight_type == 0) {
    const size_t n = rows * static_cast<size_t>(meta.columns);
    if (Status s = CheckFloatWeights(weights, n); !s.ok()) return s;
  }

  Model& m = *model;
  m.labels_ = std::move(meta.labels);
  m.normalize_ = meta.normalize;
  m.features_ = meta.features;
  m.calibration_ = std::move(meta.calibration);
  m.columns_ = meta.columns;
  m.scripts_ = meta.scripts;
  m.bias_ = std::move(meta.bias);
  m.col_scale_ = std::move(meta.col_scale);
  if (meta.weight_type == 1) {
    m.BindWeights(nullptr, reinterpret_cast<const int8_t*>(weights));
  } else if (kBigEndianHost) {
    // The file is little-endian: a big-endian host reads a converted copy.
    const size_t n = rows * static_cast<size_t>(meta.columns);
    m.owned_f32_.resize(n);
    for (size_t i = 0; i < n; ++i) {
      const uint32_t bits = static_cast<uint32_t>(weights[4 * i]) |
                            (static_cast<uint32_t>(weights[4 * i + 1]) << 8) |
                            (static_cast<uint32_t>(weights[4 * i + 2]) << 16) |
                            (static_cast<uint32_t>(weights[4 * i + 3]) << 24);
      std::memcpy(&m.owned_f32_[i], &bits, 4);
    }
    m.BindWeights(m.owned_f32_.data(), nullptr);
  } else {
    m.BindWeights(reinterpret_cast<const float*>(weights), nullptr);
  }
  return Status::Ok();
}

std::string Model::Serialize() const {
  // Recipe 1 models are written as version 1, byte for byte as 1.0 wrote them.
  const uint32_t version = format_version();
  const bool v2 = version >= 2;
  const std::string lexicon = v2 && features_.lexicon ? features_.lexicon->Serialize() : "";
  std::string meta;
  if (v2) PutU8(&meta, static_cast<uint8_t>(features_.recipe));
  PutU8(&meta, static_cast<uint8_t>(features_.hash_bits));
  PutU8(&meta, static_cast<uint8_t>(features_.max_word_ngram));
  PutU8(&meta, static_cast<uint8_t>(features_.min_char_ngram));
  PutU8(&meta, static_cast<uint8_t>(features_.max_char_ngram));
  PutU8(&meta, static_cast<uint8_t>((features_.sublinear_tf ? 1 : 0) |
                                    (features_.l2_normalize ? 2 : 0) |
                                    (features_.neutral_words ? 4 : 0) |
                                    (features_.block_normalize ? 8 : 0) |
                                    (v2 && features_.word_clusters ? 16 : 0) |
                                    (v2 && features_.foreign_script_names ? 32 : 0) |
                                    (v2 && features_.vocative_names ? 64 : 0) |
                                    (v2 && features_.salutation_names ? 128 : 0)));
  // A version 1 file holds only the options of version 1.
  const NormalizeOptions no = v2 ? normalize_ : Version1NormalizeOptions(normalize_);
  PutU8(&meta, static_cast<uint8_t>((no.strip_email_quotes ? 1 : 0) | (no.strip_signature ? 2 : 0) |
                                    (no.placeholders ? 4 : 0) | (no.fold_gendered_han ? 8 : 0) |
                                    (no.deobfuscate ? 16 : 0) | (no.fold_gendered_cjk ? 32 : 0) |
                                    (no.deobfuscate_unicode ? 64 : 0) |
                                    (no.unspaced_script_numbers ? 128 : 0)));
  PutU8(&meta, static_cast<uint8_t>(weight_type()));
  if (!v2) PutU8(&meta, 0);
  const size_t max_input = std::min<size_t>(normalize_.max_input_bytes, UINT32_MAX);
  PutU32(&meta, static_cast<uint32_t>(max_input));
  if (v2) PutU32(&meta, scripts_);
  PutU32(&meta, static_cast<uint32_t>(labels_.size()));
  for (const std::string& l : labels_) {
    PutU32(&meta, static_cast<uint32_t>(l.size()));
    meta += l;
  }
  PutF32(&meta, calibration_.scale);
  PutU32(&meta, static_cast<uint32_t>(calibration_.bias.size()));
  for (float b : calibration_.bias) PutF32(&meta, b);
  for (float b : bias_) PutF32(&meta, b);
  if (weight_type() == WeightType::kInt8) {
    for (float s : col_scale_) PutF32(&meta, s);
  }
  if (v2) PutU32(&meta, static_cast<uint32_t>(lexicon.size()));

  const size_t lexicon_offset = Align8(kModelHeaderBytes + meta.size());
  const size_t weights_offset = lexicon_offset + Align8(lexicon.size());
  const size_t wbytes = weight_bytes();
  const uint64_t file_size = weights_offset + Align8(wbytes) + 8;

  std::string out;
  out.reserve(file_size);
  out.append(reinterpret_cast<const char*>(kMagic), sizeof(kMagic));
  PutU32(&out, version);
  PutU32(&out, 0);
  PutU64(&out, file_size);
  PutU32(&out, static_cast<uint32_t>(meta.size()));
  PutU32(&out, 0);
  out += meta;
  out.resize(lexicon_offset, '\0');
  out += lexicon;
  out.resize(weights_offset, '\0');
  if (weight_type() == WeightType::kFloat32) {
    // Little-endian float32, written value by value so the host order does not leak in.
    const float* w = weights_->float_data();
    const size_t n = rows() * static_cast<size_t>(columns_);
    for (size_t i = 0; i < n; ++i) PutF32(&out, w[i]);
  } else {
    out.append(reinterpret_cast<const char*>(weights_->int8_data()), wbytes);
  }
  out.resize(weights_offset + Align8(wbytes), '\0');
  PutU64(&out, Hash64(out.data(), out.size(), 0));
  return out;
}

// Writes `bytes` to a new, exclusively created file beside `path`, syncs it,
// renames it over `path` and syncs the folder.
Status WriteFileAtomically(const std::string& path, const std::string& bytes) {
  const size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  std::string tmp = path + ".XXXXXX";
  // mkstemp creates the file with O_EXCL: a planted file or symlink of the
  // same name makes it pick another name, never write through it.
  const int fd = mkstemp(tmp.data());
  if (fd < 0) return Status::IoError("cannot create a file beside '" + path + "': " + std::strerror(errno));
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  const bool ok = done == bytes.size() && ::fchmod(fd, 0644) == 0 && ::fsync(fd) == 0;
  const int saved_errno = errno;
  if (::close(fd) != 0 || !ok) {
    ::unlink(tmp.c_str());
    return Status::IoError("cannot write '" + tmp + "': " + std::strerror(saved_errno));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    ::unlink(tmp.c_str());
    return Status::IoError("cannot rename '" + tmp + "' to '" + path + "': " + std::strerror(e));
  }
  // The rename is durable only once the folder is synced.
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

namespace {

// Opens a regular file for reading and tells its size.
Status OpenModelFile(const std::string& path, int* fd, size_t* size) {
  *fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (*fd < 0) return Status::IoError("cannot open '" + path + "': " + std::strerror(errno));
  struct stat st;
  if (fstat(*fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(*fd);
    return Status::IoError("'" + path + "' is not a regular file");
  }
  *size = static_cast<size_t>(st.st_size);
  if (*size < kModelHeaderBytes + 8) {
    ::close(*fd);
    return Corrupt("'" + path + "' is too short (" + std::to_string(*size) + " bytes)");
  }
  return Status::Ok();
}

// Reads exactly n bytes at offset; false on an error or a short file.
bool ReadAt(int fd, size_t offset, size_t n, unsigned char* out) {
  size_t done = 0;
  while (done < n) {
    const ssize_t got = ::pread(fd, out + done, n - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    done += static_cast<size_t>(got);
  }
  return true;
}

Status WithPath(const Status& s, const std::string& path) {
  return s.ok() ? s : Status(s.code(), s.message() + " ('" + path + "')");
}

}  // namespace

Status Model::Save(const std::string& path) const { return WriteFileAtomically(path, Serialize()); }

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
  int fd;
  size_t size;
  if (Status s = OpenModelFile(path, &fd, &size); !s.ok()) return s;
  // The header and metadata first: a file whose sizes cannot add up (a
  // sparse file of gigabytes, say) is refused before it is read or copied.
  std::string prefix(std::min(size, kModelHeaderBytes + kMaxMetadataBytes), '\0');
  if (!ReadAt(fd, 0, prefix.size(), reinterpret_cast<unsigned char*>(prefix.data()))) {
    ::close(fd);
    return Status::IoError("cannot read '" + path + "': " + std::strerror(errno));
  }
  Header header;
  Metadata meta;
  if (Status s = CheckLayout(reinterpret_cast<const unsigned char*>(prefix.data()), prefix.size(),
                             size, &header, &meta);
      !s.ok()) {
    ::close(fd);
    return WithPath(s, path);
  }
  std::unique_ptr<Model> m(new Model);
  m->owned_file_.resize((size + 7) / 8);
  auto* buffer = reinterpret_cast<unsigned char*>(m->owned_file_.data());
  const bool read = ReadAt(fd, 0, size, buffer);
  ::close(fd);
  if (!read) return Status::IoError("cannot read '" + path + "': it changed while loading");
  if (Status s = ModelFileReader::Parse(buffer, size, m.get()); !s.ok()) return WithPath(s, path);
  *out = std::move(m);
  return Status::Ok();
}

Status Model::LoadFileMapped(const std::string& path, std::unique_ptr<Model>* out) {
  if (out == nullptr) return Status::InvalidArgument("out is NULL");
  int fd;
  size_t size;
  if (Status s = OpenModelFile(path, &fd, &size); !s.ok()) return s;
  void* addr = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (addr == MAP_FAILED) {
    return Status::IoError("cannot map '" + path + "': " + std::strerror(errno));
  }
  std::unique_ptr<Model> m(new Model);
  m->mapping_.reset(new Mapping);
  m->mapping_->addr = addr;
  m->mapping_->size = size;
  if (Status s = ModelFileReader::Parse(static_cast<const unsigned char*>(addr), size, m.get());
      !s.ok()) {
    return WithPath(s, path);
  }
  *out = std::move(m);
  return Status::Ok();
}

Status Model::LoadBuffer(const void* data, size_t size, std::unique_ptr<Model>* out) {
  if (out == nullptr) return Status::InvalidArgument("out is NULL");
  if (data == nullptr && size != 0) return Status::InvalidArgument("model buffer is NULL");
  // Check the header before copying, so a lying header costs nothing.
  Header header;
  if (Status s = ParseHeader(static_cast<const unsigned char*>(data), size, &header); !s.ok()) {
    return s;
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
  return ModelFileReader::ParseInPlace(data, size, /*embedded=*/false, out);
}

Status Model::LoadDefault(std::unique_ptr<Model>* out) {
  if (DefaultModelSize() == 0) {
    return Status::InvalidArgument("this build has no embedded default model; pass a model file");
  }
  return ModelFileReader::ParseEmbedded(DefaultModelData(), DefaultModelSize(), out);
}

}  // namespace meetintent
