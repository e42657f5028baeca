// The one hash of meetintent: XXH64 (Yann Collet's xxHash, 64-bit variant), as
// specified in xxhash's doc/xxhash_spec.md. Feature ids and the model-file
// checksum both use it, so it is part of the model file format (see
// model_file.md). Inputs are read as little-endian regardless of the host, so
// the value never depends on the platform. Golden vectors in hash_test.cc were
// produced by the reference `xxhsum -H64`.
#ifndef MEETINTENT_SRC_HASH_H_
#define MEETINTENT_SRC_HASH_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace meetintent {

uint64_t Hash64(const void* data, size_t size, uint64_t seed);

inline uint64_t Hash64(std::string_view s, uint64_t seed) {
  return Hash64(s.data(), s.size(), seed);
}

// Mixes two 64-bit hashes into one (order matters). Used for word bigrams so
// a bigram costs no string building: Combine(a, b) = Hash64 of the 16 bytes
// a||b (both little-endian) with seed 0.
uint64_t HashCombine(uint64_t a, uint64_t b);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_HASH_H_
