// Fuzzes the model file reader: arbitrary bytes -> Model::LoadBuffer.
//
// Every input is tried twice:
//  1. as given, through Model::LoadBuffer (the copying loader, with its own
//     checks of the magic and declared size before it copies);
//  2. "repaired": cut to a multiple of 8 bytes, with the magic, the header's
//     file size and the trailing checksum made consistent, through
//     Model::LoadBufferNoCopy. Without this almost every mutation dies at the
//     checksum and the metadata parser behind it is never reached.
// When a model loads, it must classify and explain a few short messages with
// sane probabilities and spans (see fuzz_checks.h), and Serialize() must give
// back exactly the bytes it was loaded from, which must load again.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_checks.h"
#include "hash.h"
#include "meetintent/model.h"
#include "model_file.h"

namespace {

using meetintent::Model;

constexpr unsigned char kMagic[8] = {0x89, 'M', 'I', 'M', '\r', '\n', 0x1A, '\n'};

void PutLE64(unsigned char* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}

void CheckLoaded(const Model& model, const unsigned char* bytes, size_t size) {
  FUZZ_CHECK(model.labels().size() >= 2);
  FUZZ_CHECK(model.columns() == (model.labels().size() == 2
                                     ? 1
                                     : static_cast<int>(model.labels().size())));
  static const char* const kMessages[] = {
      "Coffee next week to talk about the role?",
      "miss you, dinner at mine tonight? \xf0\x9f\x8d\xb7",
      "Re: sync\n> On Mon, Ann wrote:\n> agenda attached\nCan we move it to 3pm on 12/05?",
  };
  for (const char* m : kMessages) meetintent::fuzz::ClassifyAndCheck(model, m, 5);

  // Round trip: a loaded model serializes to the very bytes it came from.
  const std::string again = model.Serialize();
  FUZZ_CHECK(again.size() == size);
  FUZZ_CHECK(std::memcmp(again.data(), bytes, size) == 0);
  std::unique_ptr<Model> reloaded;
  FUZZ_CHECK(Model::LoadBuffer(again.data(), again.size(), &reloaded).ok());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // 1. As given.
  {
    std::unique_ptr<Model> model;
    const meetintent::Status s = Model::LoadBuffer(data, size, &model);
    if (s.ok()) {
      FUZZ_CHECK(model != nullptr);
      CheckLoaded(*model, data, size);
    } else {
      FUZZ_CHECK(model == nullptr);
      FUZZ_CHECK(!s.message().empty());
    }
  }

  // 2. Repaired header and checksum, in an 8-byte aligned buffer.
  const size_t n = size & ~size_t{7};
  if (n < meetintent::kModelHeaderBytes + 8) return 0;
  std::vector<uint64_t> storage(n / 8);
  auto* buf = reinterpret_cast<unsigned char*>(storage.data());
  std::memcpy(buf, data, n);
  std::memcpy(buf, kMagic, sizeof(kMagic));
  PutLE64(buf + 16, n);
  PutLE64(buf + n - 8, meetintent::Hash64(buf, n - 8, 0));
  std::unique_ptr<Model> model;
  const meetintent::Status s = Model::LoadBufferNoCopy(buf, n, &model);
  if (s.ok()) {
    CheckLoaded(*model, buf, n);
  } else {
    FUZZ_CHECK(!s.message().empty());
  }
  return 0;
}
