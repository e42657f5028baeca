// The overlay file (src/overlay_file.md): version 2's encoding, bit-exact
// deltas, refusal of damaged files, and version 1 files still read.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>

#include "byte_io.h"
#include "hash.h"
#include "meetintent/adapt.h"
#include "meetintent/dataset.h"
#include "meetintent/model.h"
#include "meetintent/model_builder.h"
#include "overlay_internal.h"
#include "test_util.h"

namespace meetintent {
namespace {

std::string DataPath(const char* name) {
  return std::string(MEETINTENT_SOURCE_DIR) + "/tests/data/overlay/" + name;
}

const Model& Default() {
  static const Model* base = [] {
    std::unique_ptr<Model> m;
    EXPECT_TRUE(Model::LoadDefault(&m).ok());
    return m.release();
  }();
  return *base;
}

std::vector<Example> Rows(const std::string& path) {
  std::vector<Example> rows;
  EXPECT_TRUE(ReadExamples(path, &rows).ok()) << path;
  return rows;
}

// The first n messages of default_train.tsv, every third against its label
// (as benchmarks/adapt_benchmark.cc corrects).
std::vector<Example> Corrections(size_t n) {
  std::vector<Example> v = Rows(std::string(MEETINTENT_SOURCE_DIR) + "/data/default_train.tsv");
  v.resize(std::min(n, v.size()));
  for (size_t i = 0; i < v.size(); i += 3) {
    v[i].label = v[i].label == "personal" ? "professional" : "personal";
  }
  return v;
}

std::vector<float> Probabilities(const Adapter& a, const std::vector<Example>& rows) {
  std::vector<float> out;
  Workspace ws;
  Prediction p;
  for (const Example& e : rows) {
    a.Predict(e.text, &ws, &p);
    out.insert(out.end(), p.probabilities.begin(), p.probabilities.end());
  }
  return out;
}

uint32_t VersionOf(const std::string& bytes) {
  ByteReader r(reinterpret_cast<const unsigned char*>(bytes.data()) + 8, 4);
  uint32_t v = 0;
  r.U32(&v);
  return v;
}

// The file with its checksum made right again after an edit.
std::string Resealed(std::string bytes) {
  bytes.resize(bytes.size() - 8);
  const uint64_t h = Hash64(bytes.data(), bytes.size(), 0);
  PutU64(&bytes, h);
  return bytes;
}

// Every message's probabilities are the same, bit for bit, after a save and
// a load: the deltas are stored exactly; only the learning state (n) is
// rounded. Learning goes on from the rounded state nearly as before: with
// l1 = 0 (every touched feature keeps a delta) within 1e-4; with the default
// l1 the features whose delta is still zero start again from zero after the
// load (as in version 1), which moves later probabilities by up to 0.01.
void RoundTrip(float l1) {
  const std::vector<Example> corrections = Corrections(1000);
  AdaptOptions o;
  o.l1 = l1;
  std::unique_ptr<Adapter> a;
  ASSERT_TRUE(Adapter::Create(Default(), o, &a).ok());
  for (size_t i = 0; i < 600; ++i) ASSERT_TRUE(a->Update(corrections[i].text, corrections[i].label).ok());
  const std::string bytes = a->Serialize();
  EXPECT_EQ(VersionOf(bytes), 2u);
  std::unique_ptr<Adapter> b;
  ASSERT_TRUE(Adapter::LoadBuffer(Default(), bytes, &b).ok());
  EXPECT_EQ(b->entries(), a->entries());
  EXPECT_EQ(b->updates(), a->updates());
  const std::vector<Example> probe = Corrections(1600);
  EXPECT_EQ(Probabilities(*a, probe), Probabilities(*b, probe));
  EXPECT_EQ(b->Serialize(), bytes);  // the rounded state rounds to itself
  std::unique_ptr<Model> ma, mb;
  ASSERT_TRUE(a->Merge(&ma).ok());
  ASSERT_TRUE(b->Merge(&mb).ok());
  EXPECT_EQ(ma->Serialize(), mb->Serialize());
  // 400 more corrections for both: close, not equal (n was rounded).
  for (size_t i = 600; i < 1000; ++i) {
    ASSERT_TRUE(a->Update(corrections[i].text, corrections[i].label).ok());
    ASSERT_TRUE(b->Update(corrections[i].text, corrections[i].label).ok());
  }
  const std::vector<float> pa = Probabilities(*a, probe), pb = Probabilities(*b, probe);
  float most = 0;
  for (size_t i = 0; i < pa.size(); ++i) most = std::max(most, std::fabs(pa[i] - pb[i]));
  EXPECT_LT(most, l1 == 0.0f ? 1e-4f : 0.05f);
}

TEST(OverlayFileTest, DeltasRoundTripBitForBit) { RoundTrip(AdaptOptions().l1); }
TEST(OverlayFileTest, DeltasRoundTripBitForBitWithoutL1) { RoundTrip(0.0f); }

// The size the issue asks for: 1,000 corrections of default_train.tsv in at
// most 64 KiB (8 bytes per entry and a header; version 1 took 12 per entry).
// Also with l1 0.02, which leaves about 8,000 deltas (as many as the
// earlier default model left with the defaults: 7,646, 90 KiB in version 1).
TEST(OverlayFileTest, ThousandCorrectionsFitIn64KiB) {
  for (float l1 : {AdaptOptions().l1, 0.02f}) {
    AdaptOptions o;
    o.l1 = l1;
    std::unique_ptr<Adapter> a;
    ASSERT_TRUE(Adapter::Create(Default(), o, &a).ok());
    for (const Example& e : Corrections(1000)) ASSERT_TRUE(a->Update(e.text, e.label).ok());
    const size_t size = a->Serialize().size();
    EXPECT_LE(size, size_t{64} * 1024) << l1;
    EXPECT_LE(size, 200 + 8 * a->entries()) << a->entries() << " entries";
    if (l1 < 0.1f) {
      EXPECT_GT(a->entries(), 7000u);
    }
  }
}

// Version 2's encoding at the edges: three columns, some of an entry's
// deltas zero (their z kept exactly), ids whose gaps need 1 to 4 bytes.
TEST(OverlayFileTest, EncodingEdges) {
  OverlayFileState st;
  st.base_fingerprint = 42;
  st.columns = 3;
  st.updates = 10;
  st.options.l1 = 0.25f;
  st.bias_z = {0.5f, -1.0f, 0.0f};
  st.bias_n = {1.0f, 2.0f, 0.0f};
  st.label_counts = {3, 3, 4};
  st.ids = {0, 127, 128, 255, 16639, 16640, 2113792, (1u << 24) - 1};
  for (size_t i = 0; i < st.ids.size(); ++i) {
    for (size_t c = 0; c < 3; ++c) {
      const float n = 0.1f + 3.7f * static_cast<float>(i * 3 + c);
      const bool zero = (i + c) % 3 == 0;
      const float z = zero ? 0.2f - 0.01f * static_cast<float>(i) : 1.0f + static_cast<float>(i + c);
      st.n.push_back(n);
      st.z.push_back(z);
      st.w.push_back(FtrlDelta(z, n, st.options));
      EXPECT_EQ(st.w.back() == 0.0f, zero);
    }
  }
  const std::string bytes = SerializeOverlay(st);
  OverlayFileState back;
  ASSERT_TRUE(ParseOverlay(bytes, 24, &back).ok());
  EXPECT_EQ(back.version, 2u);
  EXPECT_EQ(back.ids, st.ids);
  EXPECT_EQ(back.w, st.w);
  EXPECT_EQ(back.bias_z, st.bias_z);
  EXPECT_EQ(back.label_counts, st.label_counts);
  for (size_t k = 0; k < st.w.size(); ++k) {
    EXPECT_NEAR(back.n[k], st.n[k], st.n[k] / 256) << k;
    if (st.w[k] == 0.0f) {
      EXPECT_EQ(back.z[k], st.z[k]) << k;
    } else {
      EXPECT_EQ(FtrlDelta(back.z[k], back.n[k], st.options) == 0.0f, false) << k;
      EXPECT_NEAR(FtrlDelta(back.z[k], back.n[k], st.options), st.w[k], std::fabs(st.w[k]) * 1e-5f);
    }
  }
  EXPECT_EQ(SerializeOverlay(back), bytes);
  // An id beyond the base's hash bits is refused.
  EXPECT_EQ(ParseOverlay(bytes, 23, &back).code(), StatusCode::kCorruptModel);
}

// Edits a version 2 file could carry past its checksum (made right again)
// are refused: duplicate ids, an overlong varint, a zero delta not marked,
// a marked z outside [-l1, l1], non-zero padding, an n that is NaN.
TEST(OverlayFileTest, MalformedVersion2IsRefused) {
  OverlayFileState st;
  st.columns = 1;
  st.options.l1 = 0.25f;
  st.bias_z = {0};
  st.bias_n = {0};
  st.label_counts = {0, 0};
  st.ids = {5, 6, 300};
  st.z = {1, -2, 3};
  st.n = {1, 1, 1};
  for (size_t k = 0; k < 3; ++k) st.w.push_back(FtrlDelta(st.z[k], st.n[k], st.options));
  const std::string good = SerializeOverlay(st);
  OverlayFileState out;
  ASSERT_TRUE(ParseOverlay(good, 20, &out).ok());
  // Layout: header 80, bias 8, counts 16, deltas 12 (at 104), n's 6 (at
  // 116), varints 05 01 A6 02 (at 122), padding to 128, checksum.
  const size_t deltas = 104, ns = 116, ids = 122;
  ASSERT_EQ(good.size(), 136u);
  ASSERT_EQ(static_cast<unsigned char>(good[ids + 1]), 0x01);
  auto refused = [&](std::string bad, const char* what) {
    const Status s = ParseOverlay(Resealed(std::move(bad)), 20, &out);
    EXPECT_EQ(s.code(), StatusCode::kCorruptModel) << what << ": " << s.message();
  };
  std::string bad = good;
  bad[ids + 1] = 0;  // a gap of zero: id 5 twice
  refused(bad, "duplicate id");
  bad = good;
  bad[ids] = static_cast<char>(0x85);  // 85 01 (133) instead of 05 then 01: one id short
  refused(bad, "varint swallowing the next");
  bad = good;
  bad[ids + 2] = static_cast<char>(0xA6);
  bad[ids + 3] = static_cast<char>(0x82);  // A6 82 then 00: overlong
  bad[ids + 4] = 0;
  refused(bad, "overlong varint");
  bad = good;
  std::memset(&bad[deltas], 0, 4);  // a zero delta without the mark
  refused(bad, "unmarked zero delta");
  bad = good;
  bad[ns + 1] = static_cast<char>(bad[ns + 1] | 0x80);  // marked zero delta...
  std::memcpy(&bad[deltas], "\x00\x00\x80\x3f", 4);   // ...with z = 1 > l1
  refused(bad, "marked z beyond l1");
  bad = good;
  bad[127] = 1;
  refused(bad, "padding");
  bad = good;
  bad[ns] = static_cast<char>(0xC0);
  bad[ns + 1] = 0x7F;  // bfloat16 NaN
  refused(bad, "NaN n");
  bad = good;
  bad[ids + 2] = static_cast<char>(0xA6);
  bad[ids + 3] = static_cast<char>(0x82);
  bad[ids + 4] = static_cast<char>(0x80);
  bad[ids + 5] = static_cast<char>(0x80);  // cut short by the end of the entries
  refused(bad, "unterminated varint");
}

// A version 1 file, written before version 2 existed (tests/data/overlay,
// README there): read as it was written, its deltas computed from z and n
// exactly as the learner had them, so it predicts as the same corrections
// learned now, and it is saved again as version 2.
TEST(OverlayFileTest, ReadsVersion1Files) {
  std::unique_ptr<Model> base;
  ASSERT_TRUE(Model::LoadFile(DataPath("base.mim"), &base).ok());
  std::unique_ptr<Adapter> old;
  const Status s = Adapter::Load(*base, DataPath("v1.mio"), &old);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(old->entries(), 667u);
  EXPECT_EQ(old->updates(), 180u);
  EXPECT_TRUE(old->options().learn_bias);
  const std::vector<Example> corrections = Rows(DataPath("corrections.tsv"));
  std::unique_ptr<Adapter> now;
  ASSERT_TRUE(Adapter::Create(*base, old->options(), &now).ok());
  ASSERT_TRUE(now->UpdateBatch(corrections, 3).ok());
  const std::vector<Example> probe = Corrections(300);
  EXPECT_EQ(Probabilities(*old, probe), Probabilities(*now, probe));
  EXPECT_EQ(Probabilities(*old, corrections), Probabilities(*now, corrections));
  const std::string v2 = old->Serialize();
  EXPECT_EQ(VersionOf(v2), 2u);
  EXPECT_EQ(v2, now->Serialize());
  EXPECT_LT(v2.size(), testing::ReadFile(DataPath("v1.mio")).size());
  // Damaged version 1 files are still refused.
  const std::string bytes = testing::ReadFile(DataPath("v1.mio"));
  std::unique_ptr<Adapter> b;
  for (size_t i = 0; i < bytes.size(); i += 13) {
    std::string bad = bytes;
    bad[i] = static_cast<char>(bad[i] ^ 0x04);
    EXPECT_FALSE(Adapter::LoadBuffer(*base, bad, &b).ok()) << "flip at " << i;
  }
  EXPECT_EQ(Adapter::LoadBuffer(*base, bytes.substr(0, bytes.size() - 8), &b).code(),
            StatusCode::kCorruptModel);
}

// From a file, a header whose entries cannot fill the file's size (or that
// claims more entries than max_entries) is refused before the rest is read.
TEST(OverlayFileTest, ImpossibleHeaderIsRefusedBeforeReading) {
  std::unique_ptr<Adapter> a;
  ASSERT_TRUE(Adapter::Create(Default(), {}, &a).ok());
  for (const Example& e : Corrections(50)) ASSERT_TRUE(a->Update(e.text, e.label).ok());
  const std::string good = a->Serialize();
  const std::string path = testing::TempPath(".mio");
  for (uint32_t entries : {uint32_t{0}, uint32_t{1} << 20, 0xFFFFFFFFu}) {
    std::string bad = good;
    for (int i = 0; i < 4; ++i) bad[36 + i] = static_cast<char>(entries >> (8 * i));
    testing::WriteFile(path, Resealed(bad));
    std::unique_ptr<Adapter> b;
    const Status s = Adapter::Load(Default(), path, &b);
    EXPECT_EQ(s.code(), StatusCode::kCorruptModel) << entries;
    EXPECT_NE(s.message().find("cannot fill"), std::string::npos) << s.message();
  }
  std::remove(path.c_str());
}

// Options the reader accepts can make FTRL's denominator (beta + sqrt(n)) /
// alpha + l2 zero or nearly so: beta = l2 = bias_l2 = 0 with an untouched
// accumulator (n = 0). Such a delta is bounded (at 1e9, the file's bound) and
// every prediction stays a probability, whether the state was loaded (a
// fuzzed 136-byte file: a bias z of 1 at n = 0 gave an infinite bias, so NaN
// probabilities) or learned.
TEST(OverlayFileTest, DegenerateLearningStateGivesBoundedDeltas) {
  EXPECT_EQ(FtrlWeight(1.0f, 0.0f, 1.0f, 0.0f, 0.0f, 0.0f), -1e9f);
  EXPECT_EQ(FtrlWeight(-1.0f, 0.0f, 1.0f, 0.0f, 0.0f, 0.0f), 1e9f);
  EXPECT_EQ(FtrlWeight(1e9f, 1e-45f, 1e4f, 0.0f, 0.0f, 0.0f), -1e9f);
  EXPECT_EQ(FtrlWeight(0.1f, 0.0f, 1.0f, 0.0f, 0.2f, 0.0f), 0.0f);
  AdaptOptions o;
  o.alpha = 1e4f;
  o.beta = 0.0f;
  o.l1 = 0.0f;
  o.l2 = 0.0f;
  o.bias_l2 = 0.0f;
  o.learn_bias = true;
  std::unique_ptr<Adapter> a;
  ASSERT_TRUE(Adapter::Create(Default(), o, &a).ok());
  std::string bytes = a->Serialize();
  ASSERT_EQ(VersionOf(bytes), 2u);
  std::memcpy(&bytes[80], "\x00\x00\x80\x3f", 4);  // the bias z: 1, at n = 0
  std::unique_ptr<Adapter> b;
  ASSERT_TRUE(Adapter::LoadBuffer(Default(), Resealed(bytes), &b).ok());
  const std::vector<Example> probe = Corrections(40);
  auto all_probabilities = [&](const Adapter& x) {
    for (float v : Probabilities(x, probe)) {
      ASSERT_TRUE(std::isfinite(v));
      ASSERT_GE(v, 0.0f);
      ASSERT_LE(v, 1.0f);
    }
  };
  all_probabilities(*b);
  for (const Example& e : probe) ASSERT_TRUE(b->Update(e.text, e.label).ok());
  all_probabilities(*b);
  std::unique_ptr<Adapter> c;
  ASSERT_TRUE(Adapter::LoadBuffer(Default(), b->Serialize(), &c).ok());
  EXPECT_EQ(Probabilities(*b, probe), Probabilities(*c, probe));
}

// A version this library does not know is refused as such.
TEST(OverlayFileTest, UnknownVersionIsRefused) {
  std::unique_ptr<Adapter> a;
  ASSERT_TRUE(Adapter::Create(Default(), {}, &a).ok());
  ASSERT_TRUE(a->Update("dinner tonight?", "personal").ok());
  std::string bytes = a->Serialize();
  bytes[8] = 3;
  std::unique_ptr<Adapter> b;
  EXPECT_EQ(Adapter::LoadBuffer(Default(), Resealed(bytes), &b).code(),
            StatusCode::kUnsupportedVersion);
}

}  // namespace
}  // namespace meetintent
