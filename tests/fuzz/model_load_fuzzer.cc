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
#include "meetintent/model.h"

namespace {

using meetintent::Model;

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
  std::vector<uint64_t> storage;
  const size_t n = meetintent::fuzz::RepairModelFile(data, size, &storage);
  if (n == 0) return 0;
  const auto* buf = reinterpret_cast<const unsigned char*>(storage.data());
  std::unique_ptr<Model> model;
  const meetintent::Status s = Model::LoadBufferNoCopy(buf, n, &model);
  if (s.ok()) {
    CheckLoaded(*model, buf, n);
  } else {
    FUZZ_CHECK(!s.message().empty());
  }
  return 0;
}
