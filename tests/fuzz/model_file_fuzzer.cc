// Fuzzes loading model files from disk: arbitrary bytes written to a
// temporary file -> Model::LoadFile and Model::LoadFileMapped, each compared
// with Model::LoadBuffer on the same bytes (the model_load fuzzer covers the
// parser itself; this one covers reading and mapping files, including empty
// and odd-sized ones).
//
// Every input is tried as given and "repaired" (see RepairModelFile in
// fuzz_checks.h). Invariants checked (a violation traps):
//  - the file loaders succeed exactly when LoadBuffer does, and say why when
//    they fail;
//  - a model loaded from the file serializes to the very bytes of the file,
//    and predicts like the one loaded from the buffer.
#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_checks.h"
#include "meetintent/model.h"

namespace {

using meetintent::Model;

// One temporary file per process, rewritten for every input.
const std::string& TempPath() {
  static const std::string* path = [] {
    const char* dir = std::getenv("TMPDIR");
    std::string templ = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") +
                        "/meetintent-model-file-fuzz-XXXXXX";
    const int fd = mkstemp(templ.data());
    if (fd < 0) __builtin_trap();
    close(fd);
    return new std::string(templ);  // kept for the process's lifetime
  }();
  return *path;
}

void WriteFile(const std::string& path, const unsigned char* data, size_t size) {
  const int fd = open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) __builtin_trap();
  for (size_t done = 0; done < size;) {
    const ssize_t w = write(fd, data + done, size - done);
    if (w <= 0) __builtin_trap();
    done += static_cast<size_t>(w);
  }
  close(fd);
}

void CheckSameAsBuffer(const unsigned char* data, size_t size) {
  WriteFile(TempPath(), data, size);
  std::unique_ptr<Model> from_buffer;
  const meetintent::Status expected = Model::LoadBuffer(data, size, &from_buffer);
  for (const bool mapped : {false, true}) {
    std::unique_ptr<Model> model;
    const meetintent::Status s = mapped ? Model::LoadFileMapped(TempPath(), &model)
                                        : Model::LoadFile(TempPath(), &model);
    FUZZ_CHECK(s.ok() == expected.ok());
    if (!s.ok()) {
      FUZZ_CHECK(model == nullptr);
      FUZZ_CHECK(!s.message().empty());
      continue;
    }
    FUZZ_CHECK(model != nullptr);
    const std::string bytes = model->Serialize();
    FUZZ_CHECK(bytes.size() == size && std::memcmp(bytes.data(), data, size) == 0);
    static const char* const kMessage = "dinner at mine tonight? or the budget review at 3";
    const meetintent::Prediction a = meetintent::fuzz::ClassifyAndCheck(*model, kMessage, 3);
    const meetintent::Prediction b = meetintent::fuzz::ClassifyAndCheck(*from_buffer, kMessage, 3);
    FUZZ_CHECK(a.label == b.label);
    FUZZ_CHECK(meetintent::fuzz::SameFloats(a.probabilities, b.probabilities));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  CheckSameAsBuffer(data, size);
  std::vector<uint64_t> storage;
  const size_t n = meetintent::fuzz::RepairModelFile(data, size, &storage);
  if (n != 0) CheckSameAsBuffer(reinterpret_cast<const unsigned char*>(storage.data()), n);
  return 0;
}
