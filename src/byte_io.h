// Little-endian bytes in and out, and atomic file writes: the helpers the
// model file (model_file.md) and the overlay file (overlay_file.md) share.
#ifndef MEETINTENT_SRC_BYTE_IO_H_
#define MEETINTENT_SRC_BYTE_IO_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "meetintent/status.h"

namespace meetintent {

inline size_t Align8(size_t n) { return (n + 7) & ~size_t{7}; }

// Bounds-checked little-endian reader over a section of the file.
class ByteReader {
 public:
  ByteReader(const unsigned char* p, size_t n) : p_(p), n_(n) {}
  bool U8(uint8_t* v) {
    if (n_ - pos_ < 1) return false;
    *v = p_[pos_++];
    return true;
  }
  bool U16(uint16_t* v) {
    if (n_ - pos_ < 2) return false;
    *v = static_cast<uint16_t>(p_[pos_] | (p_[pos_ + 1] << 8));
    pos_ += 2;
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
  bool U64(uint64_t* v) {
    uint32_t lo, hi;
    if (n_ - pos_ < 8 || !U32(&lo) || !U32(&hi)) return false;
    *v = (static_cast<uint64_t>(hi) << 32) | lo;
    return true;
  }
  size_t pos() const { return pos_; }
  bool done() const { return pos_ == n_; }

 private:
  const unsigned char* p_;
  size_t n_;
  size_t pos_ = 0;
};

inline uint64_t Load64(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

inline void PutU8(std::string* s, uint8_t v) { s->push_back(static_cast<char>(v)); }
inline void PutU16(std::string* s, uint16_t v) {
  s->push_back(static_cast<char>(v & 0xFF));
  s->push_back(static_cast<char>(v >> 8));
}
inline void PutU32(std::string* s, uint32_t v) {
  for (int i = 0; i < 4; ++i) s->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
inline void PutU64(std::string* s, uint64_t v) {
  for (int i = 0; i < 8; ++i) s->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
inline void PutF32(std::string* s, float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  PutU32(s, bits);
}

// Writes `bytes` to a new, exclusively created file beside `path`, syncs it,
// renames it over `path` and syncs the folder: a crash never leaves a
// half-written file under `path`. (Defined in model_file.cc.)
Status WriteFileAtomically(const std::string& path, const std::string& bytes);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_BYTE_IO_H_
