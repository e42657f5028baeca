#include "model_file.h"

#include <gtest/gtest.h>

#include <cstring>

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
  auto m = ToyModel();
  m->Quantize();
  const std::string bytes = m->Serialize();
  std::unique_ptr<Model> a;
  ASSERT_TRUE(Model::LoadBuffer(bytes.data(), bytes.size(), &a).ok());
  EXPECT_EQ(a->weight_type(), WeightType::kInt8);
  EXPECT_EQ(a->Serialize(), bytes);
}

TEST(ModelFileTest, MultiClassRoundTrips) {
  std::unique_ptr<Model> m;
  ASSERT_TRUE(Model::Create({"a", "b", "c"}, {}, FeatureOptions{10, 1, 0, 0}, &m).ok());
  m->mutable_weights()[5] = 1.5f;
  const std::string bytes = m->Serialize();
  std::unique_ptr<Model> a;
  ASSERT_TRUE(Model::LoadBuffer(bytes.data(), bytes.size(), &a).ok());
  EXPECT_EQ(a->columns(), 3);
  EXPECT_EQ(a->Serialize(), bytes);
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
  bytes[8] = 2;
  ExpectRefused(Reseal(bytes), StatusCode::kUnsupportedVersion, "version 2");
}

TEST(ModelFileTest, RefusesBadChecksum) {
  std::string bytes = ToyModel()->Serialize();
  bytes[bytes.size() / 2] ^= 0x01;
  ExpectRefused(bytes, StatusCode::kCorruptModel, "checksum");
}

TEST(ModelFileTest, RefusesSizesThatDoNotAddUp) {
  std::string bytes = ToyModel()->Serialize();
  bytes[32] = 13;  // hash_bits 12 -> 13: the weights would need twice the room
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
  auto q = ToyModel();
  q->Quantize();
  bytes = q->Serialize();
  // The int8 column scale is the last float of the metadata.
  uint32_t meta_size;
  std::memcpy(&meta_size, &bytes[24], 4);
  std::memcpy(&bytes[32 + meta_size - 4], &huge, 4);
  ExpectRefused(Reseal(bytes), StatusCode::kCorruptModel, "out of range");
}

TEST(ModelFileTest, RefusesUnknownFlagsAndTrailingData) {
  std::string bytes = ToyModel()->Serialize();
  bytes[12] = 1;
  ExpectRefused(Reseal(bytes), StatusCode::kCorruptModel, "reserved");
  bytes = ToyModel()->Serialize() + std::string(8, '\0');
  ExpectRefused(bytes, StatusCode::kCorruptModel, "trailing");
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

// Every prefix and every single-byte flip of a real model is refused cleanly
// (the model is small, 2^10 buckets, so every offset is tried).
TEST(ModelFileTest, EveryTruncationAndByteFlipIsRefused) {
  const std::string bytes = ToyModel(10)->Serialize();
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

TEST(ModelFileTest, SaveToUnwritablePathFails) {
  EXPECT_EQ(ToyModel()->Save("/nonexistent/dir/m.mim").code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace meetintent
