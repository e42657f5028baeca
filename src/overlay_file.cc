// The only code that reads or writes overlay files; the format is specified
// in src/overlay_file.md.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sys/stat.h>

#include "byte_io.h"
#include "hash.h"
#include "meetintent/adapt.h"
#include "overlay_internal.h"

namespace meetintent {

namespace {

constexpr unsigned char kOverlayMagic[8] = {0x89, 'M', 'I', 'O', '\r', '\n', 0x1A, '\n'};
constexpr uint32_t kOverlayVersion = 1;
constexpr size_t kOverlayHeaderBytes = 80;
constexpr uint32_t kMaxOverlayColumns = 1024;
constexpr float kMaxAccumulator = 1e9f;

Status Corrupt(const std::string& what) { return Status::CorruptModel("overlay file: " + what); }

bool Finite(float v, float bound) { return std::isfinite(v) && std::fabs(v) <= bound; }

}  // namespace

uint64_t BaseFingerprint(const Model& base) {
  const std::string bytes = base.Serialize();
  return Load64(reinterpret_cast<const unsigned char*>(bytes.data()) + bytes.size() - 8);
}

std::string SerializeOverlay(const OverlayFileState& st) {
  std::string out(reinterpret_cast<const char*>(kOverlayMagic), 8);
  const size_t cols = st.columns;
  const size_t body = 8 * cols + 8 * st.label_counts.size() + st.ids.size() * (4 + 8 * cols);
  const size_t size = Align8(kOverlayHeaderBytes + body) + 8;
  PutU32(&out, kOverlayVersion);
  PutU32(&out, 0);  // flags
  PutU64(&out, size);
  PutU64(&out, st.base_fingerprint);
  PutU32(&out, st.columns);
  PutU32(&out, static_cast<uint32_t>(st.ids.size()));
  PutU64(&out, st.updates);
  const AdaptOptions& o = st.options;
  PutF32(&out, o.alpha);
  PutF32(&out, o.beta);
  PutF32(&out, o.l1);
  PutF32(&out, o.l2);
  PutF32(&out, o.bias_l2);
  PutU32(&out, (o.learn_bias ? 1u : 0u) | (o.balance_labels ? 2u : 0u) | (o.words_only ? 4u : 0u));
  PutU32(&out, static_cast<uint32_t>(o.max_entries));
  PutF32(&out, o.skip_above);
  for (size_t c = 0; c < cols; ++c) {
    PutF32(&out, st.bias_z[c]);
    PutF32(&out, st.bias_n[c]);
  }
  for (uint64_t n : st.label_counts) PutU64(&out, n);
  for (size_t i = 0; i < st.ids.size(); ++i) {
    PutU32(&out, st.ids[i]);
    for (size_t c = 0; c < cols; ++c) PutF32(&out, st.z[i * cols + c]);
    for (size_t c = 0; c < cols; ++c) PutF32(&out, st.n[i * cols + c]);
  }
  out.resize(size - 8, '\0');
  PutU64(&out, Hash64(out.data(), out.size(), 0));
  return out;
}

Status ParseOverlay(std::string_view bytes, uint32_t hash_bits, OverlayFileState* st) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t size = bytes.size();
  if (size < kOverlayHeaderBytes + 8) return Corrupt("too short (" + std::to_string(size) + " bytes)");
  if (std::memcmp(p, kOverlayMagic, 8) != 0) return Corrupt("not an overlay file (bad magic)");
  ByteReader r(p + 8, kOverlayHeaderBytes - 8);
  uint32_t version = 0, flags = 0, entries = 0, option_flags = 0, max_entries = 0;
  uint64_t declared = 0;
  r.U32(&version);
  r.U32(&flags);
  r.U64(&declared);
  r.U64(&st->base_fingerprint);
  r.U32(&st->columns);
  r.U32(&entries);
  r.U64(&st->updates);
  AdaptOptions& o = st->options;
  r.F32(&o.alpha);
  r.F32(&o.beta);
  r.F32(&o.l1);
  r.F32(&o.l2);
  r.F32(&o.bias_l2);
  r.U32(&option_flags);
  r.U32(&max_entries);
  r.F32(&o.skip_above);
  if (version != kOverlayVersion) {
    return Status::UnsupportedVersion("overlay file: version " + std::to_string(version) +
                                      " (this library reads version 1)");
  }
  if (declared != size) {
    return Corrupt("size is " + std::to_string(size) + " bytes, the header says " +
                   std::to_string(declared) + " (truncated or extended)");
  }
  if (Load64(p + size - 8) != Hash64(p, size - 8, 0)) return Corrupt("checksum mismatch");
  if (flags != 0 || option_flags > 7) return Corrupt("unknown flags");
  if (st->columns < 1 || st->columns > kMaxOverlayColumns) return Corrupt("bad column count");
  o.learn_bias = (option_flags & 1) != 0;
  o.balance_labels = (option_flags & 2) != 0;
  o.words_only = (option_flags & 4) != 0;
  o.max_entries = max_entries;
  if (std::string_view e = o.Validate(); !e.empty()) return Corrupt("options: " + std::string(e));
  if (entries > max_entries) return Corrupt("more entries than max_entries");
  const size_t cols = st->columns;
  const size_t labels = cols == 1 ? 2 : cols;
  const size_t body = 8 * cols + 8 * labels + static_cast<size_t>(entries) * (4 + 8 * cols);
  if (Align8(kOverlayHeaderBytes + body) + 8 != size) return Corrupt("sizes do not add up");
  ByteReader b(p + kOverlayHeaderBytes, size - 8 - kOverlayHeaderBytes);
  st->bias_z.resize(cols);
  st->bias_n.resize(cols);
  for (size_t c = 0; c < cols; ++c) {
    b.F32(&st->bias_z[c]);
    b.F32(&st->bias_n[c]);
    if (!Finite(st->bias_z[c], kMaxAccumulator) || !Finite(st->bias_n[c], kMaxAccumulator) ||
        st->bias_n[c] < 0) {
      return Corrupt("bad bias accumulator");
    }
  }
  st->label_counts.resize(labels);
  uint64_t counted = 0;
  for (uint64_t& n : st->label_counts) {
    b.U64(&n);
    if (n > st->updates || counted + n > st->updates) return Corrupt("bad label counts");
    counted += n;
  }
  st->ids.resize(entries);
  st->z.resize(entries * cols);
  st->n.resize(entries * cols);
  for (size_t i = 0; i < entries; ++i) {
    b.U32(&st->ids[i]);
    if (st->ids[i] >= (uint64_t{1} << hash_bits) || (i > 0 && st->ids[i] <= st->ids[i - 1])) {
      return Corrupt("feature ids out of range or out of order");
    }
    for (size_t c = 0; c < cols; ++c) b.F32(&st->z[i * cols + c]);
    for (size_t c = 0; c < cols; ++c) b.F32(&st->n[i * cols + c]);
    for (size_t c = 0; c < cols; ++c) {
      if (!Finite(st->z[i * cols + c], kMaxAccumulator) ||
          !Finite(st->n[i * cols + c], kMaxAccumulator) || st->n[i * cols + c] < 0) {
        return Corrupt("bad accumulator");
      }
    }
  }
  return Status::Ok();
}

Status Adapter::Load(const Model& base, const std::string& path, std::unique_ptr<Adapter>* out) {
  auto with_path = [&path](const Status& s) {
    return s.ok() ? s : Status(s.code(), s.message() + " ('" + path + "')");
  };
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return Status::IoError("cannot open '" + path + "': not a readable regular file");
  }
  std::ifstream in(path, std::ios::binary);
  const auto size = static_cast<uint64_t>(st.st_size);
  std::string bytes(static_cast<size_t>(std::min<uint64_t>(size, kOverlayHeaderBytes)), '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    return Status::IoError("cannot read '" + path + "'");
  }
  // The header's own sizes first: a file whose sizes cannot be an overlay of
  // this base (a sparse file of gigabytes, say) is refused before it is read.
  if (bytes.size() == kOverlayHeaderBytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    ByteReader r(p + 32, 8);
    uint32_t columns = 0, entries = 0;
    r.U32(&columns);
    r.U32(&entries);
    const uint64_t c = columns, k = c == 1 ? 2 : c;
    if (std::memcmp(p, kOverlayMagic, 8) == 0 && c == static_cast<uint64_t>(base.columns()) &&
        Align8(kOverlayHeaderBytes + 8 * c + 8 * k + uint64_t{entries} * (4 + 8 * c)) + 8 != size) {
      return with_path(Corrupt("size is " + std::to_string(size) +
                               " bytes, its header's entries need another (truncated or extended)"));
    }
  }
  if (size > bytes.size()) {
    const size_t head = bytes.size();
    bytes.resize(static_cast<size_t>(size));
    if (!in.read(bytes.data() + head, static_cast<std::streamsize>(size - head))) {
      return Status::IoError("cannot read '" + path + "'");
    }
  }
  return with_path(LoadBuffer(base, bytes, out));
}

}  // namespace meetintent
