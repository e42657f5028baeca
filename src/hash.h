// The hashes of meetintent. They are part of the model file format (see
// model_file.md): feature ids must never depend on the platform or change
// within a format version. Inputs are read as little-endian on every host.
//
// Hash64 is XXH64 (Yann Collet's xxHash, doc/xxhash_spec.md): the model-file
// checksum and the word-feature hash. Golden vectors in hash_test.cc come
// from the reference implementations (`xxhsum -H64`, Python xxhash).
//
// Mix64 is MurmurHash3's 64-bit finalizer (fmix64), a bijection that spreads
// every input bit over the output; the cheap feature hashes below end with it.
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

// Mix64 without its last step, h ^= h >> 33, which leaves the top 33 bits
// as they are: enough where only a bucket (the top bits) is wanted.
constexpr uint64_t Mix64TopBits(uint64_t h) {
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ULL;
  return h;
}

// Mix64TopBits(h ^ low) for low < 2^33: the first shift drops those bits,
// so `low` can be xored in after it, which saves the compiler a copy of h.
constexpr uint64_t Mix64TopBitsXorLow(uint64_t h, uint64_t low) {
  h = (h ^ (h >> 33)) ^ low;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ULL;
  return h;
}

constexpr uint64_t Mix64(uint64_t h) {
  h = Mix64TopBits(h);
  h ^= h >> 33;
  return h;
}

// The multiplier of the rolling character hash (the 64-bit golden ratio).
constexpr uint64_t kRollMultiplier = 0x9E3779B97F4A7C15ULL;

// One step of the rolling hash over code points: `unit` is the code point's
// UTF-8 bytes packed little-endian into an integer (1 to 4 bytes).
inline uint64_t RollStep(uint64_t h, uint32_t unit) { return (h ^ unit) * kRollMultiplier; }

// Seeds keep the kinds of feature in different hash families, so a word and
// a character n-gram with the same bytes do not share a bucket by design.
constexpr uint64_t kWordSeed = 0x6D692D776F7264ULL;  // "mi-word"
constexpr uint64_t kCharSeed = 0x6D692D63686172ULL;  // "mi-char"

// The hash of a word (a token's bytes): its feature bucket is the top bits.
inline uint64_t WordHash(std::string_view word) { return Hash64(word, kWordSeed); }

// Format version 2's word hash: one multiply per byte, so the tokenizer can
// compute it as it walks the bytes, then Mix64 with the length so the top
// bits (the bucket) depend on every byte.
constexpr uint64_t kWord2Seed = 0x6D692D776F726432ULL;  // "mi-word2"
constexpr uint64_t Word2Step(uint64_t h, unsigned char byte) {
  return (h ^ byte) * kRollMultiplier;
}
constexpr uint64_t Word2Finish(uint64_t h, size_t length) { return Mix64(h ^ length); }
// WordHash2 of `word`, and in *ored the OR of its bytes (0x80 set: not
// ASCII), in one pass: how a model load reads each lexicon word.
constexpr uint64_t WordHash2Ored(std::string_view word, unsigned char* ored) {
  uint64_t h = kWord2Seed;
  unsigned char o = 0;
  for (char c : word) {
    h = Word2Step(h, static_cast<unsigned char>(c));
    o |= static_cast<unsigned char>(c);
  }
  *ored = o;
  return Word2Finish(h, word.size());
}
constexpr uint64_t WordHash2(std::string_view word) {
  unsigned char unused = 0;
  return WordHash2Ored(word, &unused);
}

// Mixes two word hashes into a bigram hash (order matters).
inline uint64_t BigramUnmixed(uint64_t first, uint64_t second) {
  return first * kRollMultiplier + second;
}
inline uint64_t BigramHash(uint64_t first, uint64_t second) {
  return Mix64(BigramUnmixed(first, second));
}

}  // namespace meetintent

#endif  // MEETINTENT_SRC_HASH_H_
