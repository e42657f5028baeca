#include "hash.h"

#include "features2.h"

#include <gtest/gtest.h>

#include "meetintent/features.h"

namespace meetintent {
namespace {

// Reference values printed by `xxhsum -H64` (xxHash 0.8.1), seed 0.
TEST(HashTest, MatchesReferenceXxh64) {
  EXPECT_EQ(Hash64("", 0), 0xef46db3751d8e999ULL);
  EXPECT_EQ(Hash64("a", 0), 0xd24ec4f1a98c6e5bULL);
  EXPECT_EQ(Hash64("abc", 0), 0x44bc2cf5ad770999ULL);
  EXPECT_EQ(Hash64("hello world", 0), 0x45ab6734b21e6968ULL);
  EXPECT_EQ(Hash64("The quick brown fox jumps over the lazy dog", 0), 0x0b242d361fda71bcULL);
  EXPECT_EQ(Hash64("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", 0),
            0xd5000c4ac53d14a0ULL);
}

TEST(HashTest, SeedChangesValue) { EXPECT_NE(Hash64("abc", 0), Hash64("abc", 1)); }

TEST(HashTest, BigramHashIsOrdered) {
  EXPECT_NE(BigramHash(1, 2), BigramHash(2, 1));
  EXPECT_EQ(BigramHash(1, 2), BigramHash(1, 2));
}

// MurmurHash3's fmix64 reference values.
TEST(HashTest, Mix64IsMurmurFinalizer) {
  EXPECT_EQ(Mix64(0), 0u);
  EXPECT_EQ(Mix64(1), 0xB456BCFC34C2CB2CULL);
}

// Feature ids are part of model format 1: these values must never change.
// If this test fails, the hash changed and every model file is invalid.
// Expected values from the reference implementation (Python xxhash 3.2,
// xxh64(word, seed=0x6D692D776F7264) >> 44).
TEST(HashTest, FeatureIdsArePinned) {
  FeatureOptions o;
  o.recipe = 1;
  o.hash_bits = 20;
  EXPECT_EQ(WordFeatureId(o, "coffee"), WordFeatureId(o, "coffee"));
  const uint32_t coffee = WordFeatureId(o, "coffee");
  const uint32_t date = WordFeatureId(o, "date");
  const uint32_t kaigi = WordFeatureId(o, "\xe4\xbc\x9a\xe8\xad\xb0");  // 会議
  EXPECT_EQ(coffee, static_cast<uint32_t>(Hash64("coffee", 0x6D692D776F7264ULL) >> 44));
  EXPECT_EQ(coffee, 42993u);
  EXPECT_EQ(date, 184458u);
  EXPECT_EQ(kaigi, 753304u);
}

// Feature ids of recipe 2 (format version 2): these values must never
// change either. Expected values from an independent Python implementation
// of model_file.md's formulas (rolling byte hash then Mix64 with the length
// for words; Mix64(h1 * M + h2) for bigrams; the rolling code-point hash then
// Mix64(h ^ n) for character n-grams; Mix64(seed_g + cluster + 1) for
// clusters), each >> 44 for 2^20 buckets.
TEST(HashTest, Recipe2FeatureIdsArePinned) {
  FeatureOptions o;
  o.hash_bits = 20;
  ASSERT_EQ(o.recipe, 2);
  EXPECT_EQ(WordFeatureId(o, "coffee"), 53084u);
  EXPECT_EQ(WordFeatureId(o, "date"), 931749u);
  EXPECT_EQ(WordFeatureId(o, "\xe4\xbc\x9a\xe8\xad\xb0"), 792953u);  // 会議
  EXPECT_EQ(WordFeatureId(o, "\xee\x80\x86"), 934335u);                 // <name>
  EXPECT_EQ(BigramHash(WordHash2("coffee"), WordHash2("date")) >> 44, 909603u);
  uint64_t h = kCharSeed;
  for (char c : std::string("<co")) h = RollStep(h, static_cast<unsigned char>(c));
  EXPECT_EQ(Mix64(h ^ 3) >> 44, 96626u);
  // The buckets as the feature pass takes them (MixedBucket).
  EXPECT_EQ(MixedBucket(BigramUnmixed(WordHash2("coffee"), WordHash2("date")), 20), 909603u);
  EXPECT_EQ(MixedBucket(h ^ 3, 20), 96626u);
  EXPECT_EQ(Bucket(Mix64TopBitsXorLow(h, 3), 20), 96626u);
  EXPECT_EQ(ClusterBucket(0, 18, 20), 418776u);  // cluster 17 of 256
}

// MixedBucket skips Mix64's last step: the same top bits for every bucket
// width up to 32 (hash_bits is at most 24).
TEST(HashTest, MixedBucketIsTheBucketOfMix64) {
  uint64_t h = 0x243F6A8885A308D3ULL;
  for (int i = 0; i < 100000; ++i) {
    h = h * kRollMultiplier + 0x13198A2E03707344ULL;
    for (int bits = 10; bits <= 32; ++bits) {
      ASSERT_EQ(MixedBucket(h, bits), Bucket(Mix64(h), bits)) << h << " " << bits;
    }
  }
}

// The character n-gram pass xors the n-gram's length in after Mix64's first
// shift; for any value below 2^33 that is the same as xoring it in before.
TEST(HashTest, XorLowAfterTheFirstShiftIsXorBefore) {
  uint64_t h = 0x452821E638D01377ULL;
  const uint64_t lows[] = {0, 1, 3, 4, 5, 255, 0x1FFFFFFFFULL};
  for (int i = 0; i < 100000; ++i) {
    h = h * kRollMultiplier + 0xBE5466CF34E90C6CULL;
    for (uint64_t low : lows) ASSERT_EQ(Mix64TopBitsXorLow(h, low), Mix64TopBits(h ^ low)) << h;
  }
  // Bit 33 is where the shortcut stops holding: the test can fail.
  EXPECT_NE(Mix64TopBitsXorLow(h, uint64_t{1} << 33), Mix64TopBits(h ^ (uint64_t{1} << 33)));
}

}  // namespace
}  // namespace meetintent
