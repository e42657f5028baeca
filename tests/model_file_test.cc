#include "model_file.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <thread>

#include "default_model.h"
#include "meetintent/lexicon.h"
#include "meetintent/model_builder.h"
#include "quid_pro_quo_model.h"
#include "test_util.h"

namespace meetintent {
namespace {

using testing::ToyModel;

// Re-seals a damaged image with a valid checksum, so the test reaches the
// check it is aimed at rather than stopping at the checksum.
std::string Reseal(std::string bytes) { return testing::ResealModel(std::move(bytes)); }

Status Load(const std::string& bytes) {
  std::unique_ptr<Model> m;
  return Model::LoadBuffer(bytes.data(), bytes.size(), &m);
}

void ExpectRefused(const std::string& bytes, StatusCode code, const std::string& words) {
  const Status s = Load(bytes);
  EXPECT_EQ(s.code(), code) << s.ToString();
  EXPECT_NE(s.message().find(words), std::string::npos) << s.ToString();
}

// Where fields sit in a file of either version (model_file.md).
uint32_t Version(const std::string& bytes) { return static_cast<unsigned char>(bytes[8]); }
size_t HashBitsOffset(const std::string& bytes) { return Version(bytes) >= 2 ? 33 : 32; }
uint32_t MetaSize(const std::string& bytes) {
  uint32_t meta_size;
  std::memcpy(&meta_size, &bytes[24], 4);
  return meta_size;
}
// The int8 column scale is the last float of the metadata (version 2: before
// the lexicon size).
size_t LastColumnScaleOffset(const std::string& bytes) {
  return 32 + MetaSize(bytes) - (Version(bytes) >= 2 ? 8 : 4);
}

TEST(ModelFileTest, RoundTripsThroughBufferAndFile) {
  auto m = ToyModel();
  const std::string bytes = m->Serialize();
  std::unique_ptr<Model> a, b;
  ASSERT_TRUE(Model::LoadBuffer(bytes.data(), bytes.size(), &a).ok());
  const std::string path = testing::TempPath(".mim");
  ASSERT_TRUE(m->Save(path).ok());
  ASSERT_TRUE(Model::LoadFile(path, &b).ok());
  EXPECT_EQ(a->Serialize(), bytes);
  EXPECT_EQ(b->Serialize(), bytes);
  EXPECT_EQ(b->labels(), m->labels());
  EXPECT_EQ(b->calibration().scale, m->calibration().scale);
  Workspace ws;
  Prediction p1, p2;
  m->Predict("lunch with the team?", &ws, &p1);
  b->Predict("lunch with the team?", &ws, &p2);
  EXPECT_EQ(p1.probabilities, p2.probabilities);
  std::remove(path.c_str());
}

TEST(ModelFileTest, Int8RoundTrips) {
  auto m = testing::Quantized(*ToyModel());
  const std::string bytes = m->Serialize();
  std::unique_ptr<Model> a;
  ASSERT_TRUE(Model::LoadBuffer(bytes.data(), bytes.size(), &a).ok());
  EXPECT_EQ(a->weight_type(), WeightType::kInt8);
  EXPECT_EQ(a->Serialize(), bytes);
}

TEST(ModelFileTest, MultiClassRoundTrips) {
  std::unique_ptr<ModelBuilder> b;
  ASSERT_TRUE(ModelBuilder::Create({"a", "b", "c"}, {}, testing::TinyFeatures(), &b).ok());
  b->weights()[5] = 1.5f;
  std::unique_ptr<Model> m;
  ASSERT_TRUE(b->Build(false, &m).ok());
  const std::string bytes = m->Serialize();
  std::unique_ptr<Model> a;
  ASSERT_TRUE(Model::LoadBuffer(bytes.data(), bytes.size(), &a).ok());
  EXPECT_EQ(a->columns(), 3);
  EXPECT_EQ(a->Serialize(), bytes);
}

// A recipe-1 model is written as format 1, which has no place for the
// normalizer options of format 2: the builder leaves them off, so the model
// it builds reads text as its file will (the default NormalizeOptions has
// them on).
TEST(ModelFileTest, Recipe1ModelsAreBuiltWithoutFormat2NormalizerOptions) {
  FeatureOptions features = testing::TinyFeatures();
  features.recipe = 1;
  std::unique_ptr<ModelBuilder> b;
  ASSERT_TRUE(ModelBuilder::Create({"a", "b"}, NormalizeOptions(), features, &b).ok());
  std::unique_ptr<Model> m;
  ASSERT_TRUE(b->Build(false, &m).ok());
  ASSERT_EQ(m->format_version(), 1u);
  EXPECT_FALSE(m->normalize_options().unspaced_script_numbers);
  EXPECT_FALSE(m->normalize_options().deobfuscate_unicode);
  EXPECT_FALSE(m->normalize_options().fold_gendered_cjk);
  EXPECT_TRUE(m->normalize_options().placeholders);
  const std::string bytes = m->Serialize();
  std::unique_ptr<Model> loaded;
  ASSERT_TRUE(Model::LoadBuffer(bytes.data(), bytes.size(), &loaded).ok());
  EXPECT_EQ(loaded->Serialize(), bytes);
}

TEST(ModelFileTest, RefusesTruncatedFile) {
  const std::string bytes = ToyModel()->Serialize();
  ExpectRefused(bytes.substr(0, bytes.size() - 8), StatusCode::kCorruptModel, "truncated");
  ExpectRefused(bytes.substr(0, 20), StatusCode::kCorruptModel, "too short");
  ExpectRefused("", StatusCode::kCorruptModel, "too short");
}

TEST(ModelFileTest, RefusesWrongMagic) {
  std::string bytes = ToyModel()->Serialize();
  bytes[1] = 'X';
  ExpectRefused(bytes, StatusCode::kCorruptModel, "magic");
}

TEST(ModelFileTest, RefusesUnknownVersion) {
  std::string bytes = ToyModel()->Serialize();
  bytes[8] = 3;
  ExpectRefused(Reseal(bytes), StatusCode::kUnsupportedVersion, "version 3");
  bytes[8] = 0;
  ExpectRefused(Reseal(bytes), StatusCode::kUnsupportedVersion, "version 0");
}

// Each version keeps its own layout: a version 2 body read as version 1 (or
// the reverse) is refused, never misread.
TEST(ModelFileTest, VersionsDoNotReadEachOthersLayout) {
  std::string v2 = ToyModel()->Serialize();
  ASSERT_EQ(Version(v2), 2u);
  v2[8] = 1;
  EXPECT_FALSE(Load(Reseal(v2)).ok());
  std::unique_ptr<Model> golden;
  ASSERT_TRUE(Model::LoadFile(std::string(MEETINTENT_SOURCE_DIR) +
                                  "/tests/golden/v1_int8_2labels.mim", &golden).ok());
  std::string v1 = golden->Serialize();
  ASSERT_EQ(Version(v1), 1u);
  v1[8] = 2;
  EXPECT_FALSE(Load(Reseal(v1)).ok());
}

TEST(ModelFileTest, RefusesBadChecksum) {
  std::string bytes = ToyModel()->Serialize();
  bytes[bytes.size() / 2] ^= 0x01;
  ExpectRefused(bytes, StatusCode::kCorruptModel, "checksum");
}

TEST(ModelFileTest, RefusesSizesThatDoNotAddUp) {
  std::string bytes = ToyModel()->Serialize();
  ASSERT_EQ(bytes[HashBitsOffset(bytes)], 12);
  bytes[HashBitsOffset(bytes)] = 13;  // hash_bits 12 -> 13: the weights would need twice the room
  ExpectRefused(Reseal(bytes), StatusCode::kCorruptModel, "do not add up");
}

TEST(ModelFileTest, RefusesHeaderClaimingGigabytes) {
  std::string bytes = ToyModel()->Serialize();
  bytes[16 + 4] = 0x10;  // file_size high word: claims > 64 GiB
  ExpectRefused(Reseal(bytes), StatusCode::kCorruptModel, "truncated");
  bytes = ToyModel()->Serialize();
  bytes[24] = bytes[25] = bytes[26] = static_cast<char>(0xFF);  // metadata size ~16 MiB
  ExpectRefused(Reseal(bytes), StatusCode::kCorruptModel, "metadata size");
}

TEST(ModelFileTest, RefusesLabelsThatAreNotUtf8) {
  std::string bytes = ToyModel()->Serialize();
  const size_t at = bytes.find("personal");
  ASSERT_NE(at, std::string::npos);
  bytes[at] = static_cast<char>(0xFF);
  ExpectRefused(Reseal(bytes), StatusCode::kCorruptModel, "UTF-8");
}

TEST(ModelFileTest, RefusesNonFiniteWeights) {
  std::string bytes = ToyModel()->Serialize();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::memcpy(&bytes[bytes.size() - 8 - 64], &nan, 4);
  ExpectRefused(Reseal(bytes), StatusCode::kCorruptModel, "not finite");
}

// Finite but huge values would overflow scores to infinity (found by
// model_load_fuzzer): refused.
TEST(ModelFileTest, RefusesValuesThatCouldOverflowScores) {
  std::string bytes = ToyModel()->Serialize();
  const float huge = 3e38f;
  std::memcpy(&bytes[bytes.size() - 8 - 64], &huge, 4);
  ExpectRefused(Reseal(bytes), StatusCode::kCorruptModel, "out of range");
  auto q = testing::Quantized(*ToyModel());
  bytes = q->Serialize();
  // The int8 column scale is the last float of the metadata.
  std::memcpy(&bytes[LastColumnScaleOffset(bytes)], &huge, 4);
  ExpectRefused(Reseal(bytes), StatusCode::kCorruptModel, "1e4");
}

// Byte offset of the calibration scale in a model file: after the header, the
// feature configuration and the labels.
size_t CalibrationScaleOffset(const Model& m) {
  size_t offset = 32 + (m.format_version() >= 2 ? 20 : 16);
  for (const std::string& l : m.labels()) offset += 4 + l.size();
  return offset;
}

void PutFloat(std::string* bytes, size_t offset, float v) { std::memcpy(&(*bytes)[offset], &v, 4); }

// Values that load but make a model meaningless are refused: a negative
// int8 scale inverts every decision; a zero or subnormal one, or a tiny
// calibration scale, makes every probability 1/K.
TEST(ModelFileTest, RefusesDegenerateScales) {
  auto q = testing::Quantized(*ToyModel());
  const std::string good = q->Serialize();
  const size_t col_scale = LastColumnScaleOffset(good);
  for (float bad : {-1.0f, 0.0f, 1e-40f, -0.0f}) {
    std::string bytes = good;
    PutFloat(&bytes, col_scale, bad);
    ExpectRefused(Reseal(bytes), StatusCode::kCorruptModel, "weight scale");
  }
  for (float bad : {1e-45f, 0.0f, -2.0f, 1e-4f}) {
    std::string bytes = good;
    PutFloat(&bytes, CalibrationScaleOffset(*q), bad);
    ExpectRefused(Reseal(bytes), StatusCode::kCorruptModel, "calibration scale");
  }
}

// A sparse file claiming gigabytes is refused from its first bytes, before
// it is read, copied or hashed.
TEST(ModelFileTest, RefusesImpossibleSizesBeforeReadingTheFile) {
  std::string bytes = ToyModel()->Serialize();
  const std::string path = testing::TempPath(".mim");
  const uint64_t huge = uint64_t{4} << 30;
  std::memcpy(&bytes[16], &huge, 8);  // the header claims 4 GiB...
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
  }
  ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(huge)), 0);  // ...and has them, sparse
  std::unique_ptr<Model> m;
  const Status s = Model::LoadFile(path, &m);
  EXPECT_EQ(s.code(), StatusCode::kCorruptModel) << s.ToString();
  EXPECT_NE(s.message().find("do not add up"), std::string::npos) << s.ToString();
  std::remove(path.c_str());
}

// LoadFile reads the file: truncating or rewriting it afterwards changes
// nothing (a mapping would die of SIGBUS or change its decisions).
TEST(ModelFileTest, LoadedModelIgnoresLaterChangesToItsFile) {
  auto original = ToyModel();
  const std::string path = testing::TempPath(".mim");
  ASSERT_TRUE(original->Save(path).ok());
  std::unique_ptr<Model> m;
  ASSERT_TRUE(Model::LoadFile(path, &m).ok());
  Workspace ws;
  Prediction before, after;
  m->Predict("dinner just the two of us?", &ws, &before);
  ASSERT_EQ(::truncate(path.c_str(), 0), 0);
  m->Predict("dinner just the two of us?", &ws, &after);
  EXPECT_EQ(before.probabilities, after.probabilities);
  ASSERT_TRUE(ToyModel(10)->Save(path).ok());
  m->Predict("dinner just the two of us?", &ws, &after);
  EXPECT_EQ(before.probabilities, after.probabilities);
  std::unique_ptr<Model> mapped;
  ASSERT_TRUE(Model::LoadFileMapped(path, &mapped).ok());
  EXPECT_EQ(mapped->rows(), size_t{1} << 10);
  std::remove(path.c_str());
}

// Save never writes through a planted file or link, and concurrent saves do
// not share a temporary file.
TEST(ModelFileTest, SaveDoesNotFollowPlantedLinks) {
  const std::string path = testing::TempPath(".mim");
  const std::string victim = testing::TempPath(".victim");
  {
    std::FILE* f = std::fopen(victim.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs("precious", f);
    std::fclose(f);
  }
  ASSERT_EQ(::symlink(victim.c_str(), (path + ".tmp").c_str()), 0);
  auto m = ToyModel(10);
  std::vector<std::thread> savers;
  for (int t = 0; t < 4; ++t) savers.emplace_back([&] { EXPECT_TRUE(m->Save(path).ok()); });
  for (std::thread& t : savers) t.join();
  std::unique_ptr<Model> loaded;
  EXPECT_TRUE(Model::LoadFile(path, &loaded).ok());
  std::ifstream in(victim);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "precious");
  std::remove((path + ".tmp").c_str());
  std::remove(victim.c_str());
  std::remove(path.c_str());
}

TEST(ModelFileTest, RefusesUnknownFlagsAndTrailingData) {
  std::string bytes = ToyModel()->Serialize();
  bytes[12] = 1;
  ExpectRefused(Reseal(bytes), StatusCode::kCorruptModel, "reserved");
  bytes = ToyModel()->Serialize() + std::string(8, '\0');
  ExpectRefused(bytes, StatusCode::kCorruptModel, "trailing");
}

// The default model with one version 2 normalizer flag cleared, as a file
// written before that flag existed: `bit` of metadata byte 6. Checks that
// the default model sets the flag and keeps it through a round trip.
std::unique_ptr<Model> DefaultWithoutNormalizerFlag(unsigned bit, bool NormalizeOptions::*flag) {
  std::unique_ptr<Model> model;
  EXPECT_TRUE(Model::LoadDefault(&model).ok());
  EXPECT_EQ(model->format_version(), 2u);
  EXPECT_TRUE(model->normalize_options().*flag);
  std::string bytes = model->Serialize();
  std::unique_ptr<Model> again;
  EXPECT_TRUE(Model::LoadBuffer(bytes.data(), bytes.size(), &again).ok());
  EXPECT_TRUE(again->normalize_options().*flag);
  const size_t flags = 38;  // normalizer flags: metadata byte 6 in version 2
  EXPECT_NE(bytes[flags] & bit, 0u);
  bytes[flags] = static_cast<char>(bytes[flags] & ~bit);
  bytes = Reseal(bytes);
  again.reset();
  EXPECT_TRUE(Model::LoadBuffer(bytes.data(), bytes.size(), &again).ok());
  return again;
}

// The default model as a file without feature flag `bit`, loaded back; the
// flag is on in the default model and off in what loads.
std::unique_ptr<Model> DefaultWithoutFeatureFlag(unsigned bit, bool FeatureOptions::*flag) {
  std::unique_ptr<Model> model;
  EXPECT_TRUE(Model::LoadDefault(&model).ok());
  EXPECT_TRUE(model->feature_options().*flag);
  std::string bytes = model->Serialize();
  const size_t flags = 37;  // feature flags: metadata byte 5 in version 2
  EXPECT_NE(bytes[flags] & bit, 0u);
  bytes[flags] = static_cast<char>(bytes[flags] & ~bit);
  bytes = Reseal(bytes);
  std::unique_ptr<Model> before;
  EXPECT_TRUE(Model::LoadBuffer(bytes.data(), bytes.size(), &before).ok());
  if (before != nullptr) {
    EXPECT_FALSE(before->feature_options().*flag);
  }
  return before;
}

// Normalizer flag bit 6 (deobfuscate_unicode): a file without it loads with
// it off.
TEST(ModelFileTest, DeobfuscateUnicodeFlagRoundTrips) {
  auto without = DefaultWithoutNormalizerFlag(64, &NormalizeOptions::deobfuscate_unicode);
  ASSERT_NE(without, nullptr);
  EXPECT_FALSE(without->normalize_options().deobfuscate_unicode);
  EXPECT_TRUE(without->normalize_options().deobfuscate);
}

// Normalizer flag bit 7 (numbers in unspaced scripts): a file without it (any
// older one) loads with it off and reads "18時" as one word, as it was
// trained.
TEST(ModelFileTest, UnspacedScriptNumbersFlagRoundTrips) {
  auto without = DefaultWithoutNormalizerFlag(128, &NormalizeOptions::unspaced_script_numbers);
  ASSERT_NE(without, nullptr);
  EXPECT_FALSE(without->normalize_options().unspaced_script_numbers);
  EXPECT_TRUE(without->normalize_options().placeholders);
  // The two read the same message differently.
  std::unique_ptr<Model> model;
  ASSERT_TRUE(Model::LoadDefault(&model).ok());
  Workspace ws;
  Prediction with, then;
  model->Predict(u8"\u571f\u66dc\u306e18\u6642\u304b\u3089", &ws, &with);  // 土曜の18時から
  without->Predict(u8"\u571f\u66dc\u306e18\u6642\u304b\u3089", &ws, &then);
  EXPECT_NE(with.probabilities, then.probabilities);
}

// Feature flag bit 5 (names in another script) is a version 2 flag: the
// default model sets it; a file without it (any written before 1.1) loads
// with it off and reads "Obrigada, 璃葉!" character by character as before.
TEST(ModelFileTest, ForeignScriptNamesFlagRoundTrips) {
  std::unique_ptr<Model> model;
  ASSERT_TRUE(Model::LoadDefault(&model).ok());
  std::unique_ptr<Model> before = DefaultWithoutFeatureFlag(32, &FeatureOptions::foreign_script_names);
  ASSERT_NE(before, nullptr);
  EXPECT_TRUE(before->feature_options().neutral_words);
  Workspace ws;
  Prediction with, without, listed;
  model->Predict("Obrigada, \xe7\x92\x83\xe8\x91\x89!", &ws, &with);
  model->Predict("Obrigada, Lucas!", &ws, &listed);
  before->Predict("Obrigada, \xe7\x92\x83\xe8\x91\x89!", &ws, &without);
  EXPECT_EQ(with.probabilities, listed.probabilities);
  EXPECT_NE(with.probabilities, without.probabilities);
}

// With the default model, messages `a` and `b` (two names in one place)
// read the same; read by the default model without feature flag `bit`, they
// do not.
void ExpectFlagReadsNamesAlike(unsigned bit, bool FeatureOptions::*flag, const std::string& a,
                               const std::string& b) {
  std::unique_ptr<Model> model;
  ASSERT_TRUE(Model::LoadDefault(&model).ok());
  std::unique_ptr<Model> before = DefaultWithoutFeatureFlag(bit, flag);
  ASSERT_NE(before, nullptr);
  EXPECT_TRUE(before->feature_options().neutral_words);
  Workspace ws;
  Prediction with_a, with_b, without_a, without_b;
  model->Predict(a, &ws, &with_a);
  model->Predict(b, &ws, &with_b);
  before->Predict(a, &ws, &without_a);
  before->Predict(b, &ws, &without_b);
  EXPECT_EQ(with_a.probabilities, with_b.probabilities);
  EXPECT_NE(without_a.probabilities, without_b.probabilities);
}

// Feature flag bit 6 (a name that opens a Chinese or Japanese message) is a
// version 2 flag: the default model sets it; a file without it loads with it
// off and reads the name's characters, so two names give two predictions.
TEST(ModelFileTest, VocativeNamesFlagRoundTrips) {
  ExpectFlagReadsNamesAlike(64, &FeatureOptions::vocative_names, u8"心愛，明天有空吗？一起吃个饭",
                            u8"国华，明天有空吗？一起吃个饭");
}

// Feature flag bit 7 (a name after a greeting, opening a line or signing
// off, src/salutation_names.h) is a version 2 flag: a file without it loads
// with it off and reads an unlisted name's characters.
TEST(ModelFileTest, SalutationNamesFlagRoundTrips) {
  ExpectFlagReadsNamesAlike(128, &FeatureOptions::salutation_names, "Hi Eithne, coffee on Friday?",
                            "Hi Tadhg, coffee on Friday?");
}

TEST(ModelFileTest, MissingFileIsAnIoError) {
  std::unique_ptr<Model> m;
  const Status s = Model::LoadFile("/nonexistent/model.mim", &m);
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_NE(s.message().find("/nonexistent/model.mim"), std::string::npos);
  EXPECT_EQ(Model::LoadFile("/tmp", &m).code(), StatusCode::kIoError);
}

TEST(ModelFileTest, NullBufferIsRefused) {
  std::unique_ptr<Model> m;
  EXPECT_EQ(Model::LoadBuffer(nullptr, 100, &m).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Model::LoadBufferNoCopy(nullptr, 100, &m).code(), StatusCode::kInvalidArgument);
}

// The models compiled into the library load without their checksum being
// read (ParseEmbedded); this is where it is read: each one passes the full
// check a file gets.
TEST(ModelFileTest, EmbeddedModelsCarryValidChecksums) {
  ASSERT_NE(DefaultModelData(), nullptr);
  std::unique_ptr<Model> m;
  EXPECT_TRUE(Model::LoadBufferNoCopy(DefaultModelData(), DefaultModelSize(), &m).ok());
  for (int h = 0; h < kQpqHeads; ++h) {
    const auto head = static_cast<QpqHead>(h);
    ASSERT_NE(QpqModelData(head), nullptr);
    EXPECT_TRUE(Model::LoadBufferNoCopy(QpqModelData(head), QpqModelSize(head), &m).ok()) << h;
  }
}

// The default model's lexicon borrows its words from the embedded bytes (no
// copy of its section) and reads exactly as a copied one.
TEST(ModelFileTest, EmbeddedLexiconBorrowsItsWords) {
  std::unique_ptr<Model> borrowed, copied;
  ASSERT_TRUE(Model::LoadDefault(&borrowed).ok());
  ASSERT_TRUE(Model::LoadBuffer(DefaultModelData(), DefaultModelSize(), &copied).ok());
  const Lexicon& a = *borrowed->feature_options().lexicon;
  const Lexicon& b = *copied->feature_options().lexicon;
  ASSERT_EQ(a.size(), b.size());
  ASSERT_GT(a.size(), 0u);
  const auto* begin = static_cast<const char*>(DefaultModelData());
  const char* end = begin + DefaultModelSize();
  for (size_t k = 0; k < a.size(); ++k) {
    ASSERT_EQ(a.word(k), b.word(k)) << k;
    ASSERT_TRUE(a.word(k).data() >= begin && a.word(k).data() < end) << k;
    ASSERT_FALSE(b.word(k).data() >= begin && b.word(k).data() < end) << k;
    ASSERT_EQ(a.entry(k).key, b.entry(k).key) << k;
  }
}

// Skipping the checksum skips nothing else: a truncated or structurally
// damaged image is still refused.
TEST(ModelFileTest, ParseEmbeddedStillChecksStructure) {
  const std::string bytes = ToyModel(10, /*lexicon=*/true)->Serialize();
  std::vector<uint64_t> aligned((bytes.size() + 7) / 8);
  std::memcpy(aligned.data(), bytes.data(), bytes.size());
  std::unique_ptr<Model> m;
  ASSERT_TRUE(ModelFileReader::ParseEmbedded(aligned.data(), bytes.size(), &m).ok());
  EXPECT_FALSE(ModelFileReader::ParseEmbedded(aligned.data(), bytes.size() - 9, &m).ok());
  EXPECT_FALSE(ModelFileReader::ParseEmbedded(nullptr, bytes.size(), &m).ok());
  reinterpret_cast<unsigned char*>(aligned.data())[0] ^= 0x5A;  // the magic
  EXPECT_FALSE(ModelFileReader::ParseEmbedded(aligned.data(), bytes.size(), &m).ok());
}

// Every prefix and every single-byte flip of a real model is refused cleanly
// (the model is small, 2^10 buckets and no lexicon, so every offset is tried).
TEST(ModelFileTest, EveryTruncationAndByteFlipIsRefused) {
  const std::string bytes = ToyModel(10, /*lexicon=*/false)->Serialize();
  ASSERT_GT(bytes.size(), 4096u);
  for (size_t n = 0; n < bytes.size(); ++n) {
    ASSERT_FALSE(Load(bytes.substr(0, n)).ok()) << "prefix " << n;
  }
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string damaged = bytes;
    damaged[i] ^= 0x5A;
    ASSERT_FALSE(Load(damaged).ok()) << "flip at " << i;
  }
}

// A model carrying the lexicon section is too large to try every offset in
// a unit test; 64 prefixes and 64 flips spread over the whole file reach
// every section.
TEST(ModelFileTest, SampledTruncationsAndFlipsOfALexiconModelAreRefused) {
  const std::string bytes = ToyModel(10, /*lexicon=*/true)->Serialize();
  ASSERT_GT(bytes.size(), 65536u);
  const size_t step = bytes.size() / 64;
  for (size_t n = 0; n < bytes.size(); n += step) {
    ASSERT_FALSE(Load(bytes.substr(0, n)).ok()) << "prefix " << n;
  }
  ASSERT_FALSE(Load(bytes.substr(0, bytes.size() - 1)).ok());
  for (size_t i = 7; i < bytes.size(); i += step) {
    std::string damaged = bytes;
    damaged[i] ^= 0x5A;
    ASSERT_FALSE(Load(damaged).ok()) << "flip at " << i;
  }
}

TEST(ModelFileTest, SaveToUnwritablePathFails) {
  EXPECT_EQ(ToyModel()->Save("/nonexistent/dir/m.mim").code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace meetintent
