// Fuzzes the overlay file reader (src/overlay_file.md): arbitrary bytes ->
// Adapter::LoadBuffer on a small fixed base (tests/data/overlay/base.mim).
//
// Every input is tried twice:
//  1. as given;
//  2. "repaired": the magic, the base's fingerprint, the header's file size
//     and the trailing checksum made right, so that the entries' parser
//     (versions 1 and 2: varint ids, deltas, bfloat16 accumulators, padding)
//     is reached instead of the checksum refusing almost every mutation.
// When an overlay loads, it must classify a few messages with sane
// probabilities, hold no more entries than its max_entries, serialize to a
// version 2 file that loads again and serializes to the same bytes, and a
// version 2 input must serialize back to exactly its own bytes. One more
// correction must then be learnable.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "byte_io.h"
#include "fuzz_checks.h"
#include "hash.h"
#include "meetintent/adapt.h"
#include "meetintent/model.h"

namespace {

using meetintent::Adapter;
using meetintent::Model;

const Model& Base() {
  static const Model* base = [] {
    std::unique_ptr<Model> m;
    const meetintent::Status s =
        Model::LoadFile(std::string(MEETINTENT_SOURCE_DIR) + "/tests/data/overlay/base.mim", &m);
    if (!s.ok()) {
      std::fprintf(stderr, "cannot load the base: %s\n", s.ToString().c_str());
      std::abort();
    }
    return m.release();
  }();
  return *base;
}

uint64_t Fingerprint() {
  static const uint64_t f = [] {
    const std::string bytes = Base().Serialize();
    return meetintent::Load64(reinterpret_cast<const unsigned char*>(bytes.data()) + bytes.size() - 8);
  }();
  return f;
}

void PutLe64(unsigned char* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}

void Check(std::string_view bytes) {
  std::unique_ptr<Adapter> a;
  const meetintent::Status s = Adapter::LoadBuffer(Base(), bytes, &a);
  if (!s.ok()) {
    FUZZ_CHECK(a == nullptr);
    FUZZ_CHECK(!s.message().empty());
    return;
  }
  FUZZ_CHECK(a != nullptr);
  FUZZ_CHECK(a->entries() <= a->options().max_entries);
  FUZZ_CHECK(a->options().Validate().empty());
  static const char* const kMessages[] = {
      "Coffee next week to talk about the role?",
      "miss you, dinner at mine tonight?",
      "Re: sync\n> agenda attached\nCan we move it to 3pm on 12/05?",
  };
  meetintent::Workspace ws;
  meetintent::Prediction p;
  for (const char* m : kMessages) {
    a->Predict(m, &ws, &p);
    meetintent::fuzz::CheckProbabilities(Base(), p.probabilities, p.label);
  }
  const std::string again = a->Serialize();
  // A version 2 file is written back byte for byte (one encoding per state).
  const auto* head = reinterpret_cast<const unsigned char*>(bytes.data());
  if (head[8] == 2 && head[9] == 0 && head[10] == 0 && head[11] == 0) FUZZ_CHECK(again == bytes);
  std::unique_ptr<Adapter> b;
  FUZZ_CHECK(Adapter::LoadBuffer(Base(), again, &b).ok());
  FUZZ_CHECK(b->Serialize() == again);
  FUZZ_CHECK(a->Update(kMessages[1], "personal").ok());
  a->Predict(kMessages[1], &ws, &p);
  meetintent::fuzz::CheckProbabilities(Base(), p.probabilities, p.label);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Check(std::string_view(reinterpret_cast<const char*>(data), size));

  // Repaired: magic, fingerprint, size and checksum consistent.
  if (size < 88) return 0;
  static constexpr unsigned char kMagic[8] = {0x89, 'M', 'I', 'O', '\r', '\n', 0x1A, '\n'};
  std::string buf(reinterpret_cast<const char*>(data), size);
  auto* p = reinterpret_cast<unsigned char*>(buf.data());
  std::memcpy(p, kMagic, 8);
  PutLe64(p + 16, size);
  PutLe64(p + 24, Fingerprint());
  PutLe64(p + size - 8, meetintent::Hash64(p, size - 8, 0));
  Check(buf);
  return 0;
}
