// The only code that reads or writes overlay files; the format is specified
// in src/overlay_file.md. Version 2 is written; versions 1 and 2 are read.
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
constexpr uint32_t kOverlayVersion = 2;  // written; 1 is still read
constexpr size_t kOverlayHeaderBytes = 80;
constexpr uint32_t kMaxOverlayColumns = 1024;
constexpr float kMaxAccumulator = 1e9f;
constexpr uint16_t kZeroDeltaBit = 0x8000;  // version 2: this column's delta is zero

Status Corrupt(const std::string& what) { return Status::CorruptModel("overlay file: " + what); }

bool Finite(float v, float bound) { return std::isfinite(v) && std::fabs(v) <= bound; }

// bfloat16: the top 16 bits of a binary32, rounded to nearest, ties to even.
uint16_t ToBfloat16(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  u += 0x7FFFu + ((u >> 16) & 1u);
  return static_cast<uint16_t>(u >> 16);
}

float FromBfloat16(uint16_t h) {
  const uint32_t u = static_cast<uint32_t>(h) << 16;
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

void PutVarint(std::string* s, uint32_t v) {
  while (v >= 0x80) {
    s->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  s->push_back(static_cast<char>(v));
}

// A canonical LEB128 varint of at most 5 bytes and value < 2^32 at p[*pos],
// before `end`: false for anything else (cut short, too long, overlong).
bool GetVarint(const unsigned char* p, size_t end, size_t* pos, uint32_t* v) {
  uint64_t value = 0;
  for (int i = 0; i < 5; ++i) {
    if (*pos >= end) return false;
    const unsigned char b = p[(*pos)++];
    value |= static_cast<uint64_t>(b & 0x7F) << (7 * i);
    if ((b & 0x80) == 0) {
      if (i > 0 && b == 0) return false;  // overlong: a trailing zero group
      if (value > 0xFFFFFFFFu) return false;
      *v = static_cast<uint32_t>(value);
      return true;
    }
  }
  return false;
}

// Bytes of the fixed-size part of a file: header, bias accumulators, label
// counts and (version 1) the entries or (version 2) the deltas and n's.
uint64_t FixedBytes(uint32_t version, uint64_t columns, uint64_t entries) {
  const uint64_t labels = columns == 1 ? 2 : columns;
  const uint64_t per_entry = version == 1 ? 4 + 8 * columns : 6 * columns;
  return kOverlayHeaderBytes + 8 * columns + 8 * labels + entries * per_entry;
}

// Whether a file of `size` bytes can hold `entries` entries of `columns`
// columns in `version` (version 2's ids take 1 to 5 bytes each).
bool SizeFits(uint32_t version, uint64_t columns, uint64_t entries, uint64_t size) {
  const uint64_t fixed = FixedBytes(version, columns, entries);
  if (version == 1) return Align8(fixed) + 8 == size;
  return Align8(fixed + entries) + 8 <= size && size <= Align8(fixed + 5 * entries) + 8;
}

// The entries of a version 1 file (z, n as binary32; ids as uint32).
Status ParseEntriesV1(ByteReader* b, uint32_t hash_bits, const AdaptOptions& o,
                      OverlayFileState* st) {
  const size_t cols = st->columns, entries = st->ids.size();
  for (size_t i = 0; i < entries; ++i) {
    b->U32(&st->ids[i]);
    if (st->ids[i] >= (uint64_t{1} << hash_bits) || (i > 0 && st->ids[i] <= st->ids[i - 1])) {
      return Corrupt("feature ids out of range or out of order");
    }
    for (size_t c = 0; c < cols; ++c) b->F32(&st->z[i * cols + c]);
    for (size_t c = 0; c < cols; ++c) b->F32(&st->n[i * cols + c]);
    for (size_t c = 0; c < cols; ++c) {
      const size_t k = i * cols + c;
      if (!Finite(st->z[k], kMaxAccumulator) || !Finite(st->n[k], kMaxAccumulator) ||
          st->n[k] < 0) {
        return Corrupt("bad accumulator");
      }
      st->w[k] = FtrlDelta(st->z[k], st->n[k], o);  // within +-kMaxDelta
    }
  }
  return Status::Ok();
}

// The entries of a version 2 file, from `at` (just after the label counts)
// to `end` (the checksum): deltas, n's, then the id gaps and zero padding.
Status ParseEntriesV2(const unsigned char* p, size_t at, size_t end, uint32_t hash_bits,
                      const AdaptOptions& o, OverlayFileState* st) {
  const size_t cols = st->columns, entries = st->ids.size(), values = entries * cols;
  ByteReader deltas(p + at, 4 * values);
  ByteReader ns(p + at + 4 * values, 2 * values);
  for (size_t i = 0; i < entries; ++i) {
    bool any = false;
    for (size_t c = 0; c < cols; ++c) {
      const size_t k = i * cols + c;
      float v = 0;
      uint16_t h = 0;
      deltas.F32(&v);
      ns.U16(&h);
      st->n[k] = FromBfloat16(static_cast<uint16_t>(h & ~kZeroDeltaBit));
      if (!Finite(st->n[k], kMaxAccumulator)) return Corrupt("bad accumulator");
      if ((h & kZeroDeltaBit) != 0) {  // v is z, and it gives a zero delta
        if (!std::isfinite(v) || std::fabs(v) > o.l1) return Corrupt("bad accumulator");
        st->z[k] = v;
        st->w[k] = 0.0f;
        continue;
      }
      // v is the delta; z is what gives it at this n (overlay_file.md).
      if (!Finite(v, kMaxDelta) || v == 0.0f) return Corrupt("bad delta");
      st->w[k] = v;
      st->z[k] = FtrlAccumulator(v, st->n[k], o);
      if (!Finite(st->z[k], kMaxAccumulator)) return Corrupt("bad delta");
      any = true;
    }
    if (!any) return Corrupt("an entry whose deltas are all zero");
  }
  size_t pos = at + 6 * values;
  for (size_t i = 0; i < entries; ++i) {
    uint32_t gap = 0;
    if (!GetVarint(p, end, &pos, &gap)) return Corrupt("bad feature id");
    const uint64_t id = i == 0 ? uint64_t{gap} : uint64_t{st->ids[i - 1]} + gap;
    if ((i > 0 && gap == 0) || id >= (uint64_t{1} << hash_bits)) {
      return Corrupt("feature ids out of range or out of order");
    }
    st->ids[i] = static_cast<uint32_t>(id);
  }
  if (Align8(pos) != end) return Corrupt("sizes do not add up");
  for (; pos < end; ++pos) {
    if (p[pos] != 0) return Corrupt("padding is not zero");
  }
  return Status::Ok();
}

}  // namespace

uint64_t BaseFingerprint(const Model& base) {
  const std::string bytes = base.Serialize();
  return Load64(reinterpret_cast<const unsigned char*>(bytes.data()) + bytes.size() - 8);
}

std::string SerializeOverlay(const OverlayFileState& st) {
  const size_t cols = st.columns, entries = st.ids.size(), values = entries * cols;
  // The body after the label counts: deltas (or z where the delta is zero),
  // n's as bfloat16 with the zero-delta bit, id gaps as varints.
  std::string body;
  body.reserve(7 * values + 5 * entries);
  const float l1 = st.options.l1;
  for (size_t k = 0; k < values; ++k) {
    // Where the delta is zero, z (within [-l1, l1], where it gives zero; a
    // delta rounded to zero from just outside is written as the bound).
    PutF32(&body, st.w[k] != 0.0f ? st.w[k] : std::clamp(st.z[k], -l1, l1));
  }
  for (size_t k = 0; k < values; ++k) {
    PutU16(&body, static_cast<uint16_t>(ToBfloat16(st.n[k]) |
                                        (st.w[k] != 0.0f ? 0 : kZeroDeltaBit)));
  }
  for (size_t i = 0; i < entries; ++i) PutVarint(&body, i == 0 ? st.ids[0] : st.ids[i] - st.ids[i - 1]);
  const size_t size =
      Align8(static_cast<size_t>(FixedBytes(kOverlayVersion, cols, 0)) + body.size()) + 8;

  std::string out(reinterpret_cast<const char*>(kOverlayMagic), 8);
  out.reserve(size);
  PutU32(&out, kOverlayVersion);
  PutU32(&out, 0);  // flags
  PutU64(&out, size);
  PutU64(&out, st.base_fingerprint);
  PutU32(&out, st.columns);
  PutU32(&out, static_cast<uint32_t>(entries));
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
  out += body;
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
  if (version != 1 && version != 2) {
    return Status::UnsupportedVersion("overlay file: version " + std::to_string(version) +
                                      " (this library reads versions 1 and 2)");
  }
  st->version = version;
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
  if (!SizeFits(version, cols, entries, size)) return Corrupt("sizes do not add up");
  const size_t counts_end = kOverlayHeaderBytes + 8 * cols + 8 * labels;
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
  st->w.resize(entries * cols);
  if (version == 1) return ParseEntriesV1(&b, hash_bits, o, st);
  return ParseEntriesV2(p, counts_end, size - 8, hash_bits, o, st);
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
    ByteReader r(p + 8, 4);
    uint32_t version = 0, columns = 0, entries = 0, max_entries = 0;
    r.U32(&version);
    ByteReader c(p + 32, 8);
    c.U32(&columns);
    c.U32(&entries);
    ByteReader m(p + 72, 4);
    m.U32(&max_entries);
    if (std::memcmp(p, kOverlayMagic, 8) == 0 && (version == 1 || version == 2) &&
        columns == static_cast<uint32_t>(base.columns()) &&
        (entries > max_entries || max_entries > (1u << 24) ||
         !SizeFits(version, columns, entries, size))) {
      return with_path(Corrupt("size is " + std::to_string(size) +
                               " bytes, which its header's entries cannot fill (truncated, "
                               "extended or damaged)"));
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
