// Fuzzes the normalizer (meetintent/normalizer.h) under every combination of
// its options: the first byte of the input selects the flags, the second the
// input bound (max_input_bytes), the rest is the message. The same message is
// also normalized through NormalizeRanges with ranges taken from its bytes.
//
// Invariants checked (a violation traps):
//  - the text is valid UTF-8, never longer than a small multiple of the
//    input, and truncated() says whether the input was cut;
//  - SourceSpan of every character of the text is a non-empty range inside
//    the input (inside the read part of it);
//  - a reused NormalizedText gives exactly the text of a fresh one;
//  - the shortcuts give the text, spans and truncation of the general path
//    (normalizer_reference.h).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_checks.h"
#include "meetintent/normalizer.h"
#include "normalizer_reference.h"
#include "utf8.h"

namespace {

using meetintent::NormalizedText;
using meetintent::NormalizeOptions;

NormalizeOptions OptionsFrom(unsigned char flags, unsigned char bound) {
  NormalizeOptions o;
  o.strip_email_quotes = (flags & 1) != 0;
  o.strip_signature = (flags & 2) != 0;
  o.placeholders = (flags & 4) != 0;
  o.fold_gendered_han = (flags & 8) != 0;
  o.fold_gendered_cjk = (flags & 16) != 0;
  o.deobfuscate = (flags & 32) != 0;
  o.deobfuscate_unicode = (flags & 64) != 0;
  // Mostly the default bound; sometimes a tiny one, so cuts land everywhere.
  // The flag bits are all taken: the bound's lowest bit turns off the numbers
  // of unspaced scripts.
  if ((flags & 128) != 0) o.max_input_bytes = bound;
  o.unspaced_script_numbers = (bound & 1) == 0;
  return o;
}

void CheckText(const NormalizedText& out, std::string_view input, size_t read) {
  const std::string& text = out.text();
  FUZZ_CHECK(meetintent::IsValidUtf8(text.data(), text.size()));
  // NFKC can expand a character, but the output is cut at twice the input
  // (plus a constant) in code points; later steps never add code points.
  FUZZ_CHECK(text.size() <= 4 * (2 * read + 4096));
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    const size_t len = meetintent::DecodeUtf8(bytes, text.size(), i, &cp);
    FUZZ_CHECK(len >= 1 && i + len <= text.size());
    const meetintent::Span s = out.SourceSpan(i, i + len);
    FUZZ_CHECK(s.begin < s.end);
    FUZZ_CHECK(s.end <= read && read <= input.size());
    i += len;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const NormalizeOptions options = OptionsFrom(data[0], data[1]);
  const std::string_view input(reinterpret_cast<const char*>(data + 2), size - 2);
  const size_t read = std::min(input.size(), options.max_input_bytes);

  NormalizedText fresh;
  meetintent::Normalize(options, input, &fresh);
  FUZZ_CHECK(fresh.truncated() == (input.size() > options.max_input_bytes));
  CheckText(fresh, input, read);

  static NormalizedText warm;
  meetintent::Normalize(options, input, &warm);
  FUZZ_CHECK(warm.text() == fresh.text());
  FUZZ_CHECK(warm.truncated() == fresh.truncated());

  NormalizedText general;
  meetintent::NormalizeWithoutShortcuts(options, input, &general);
  FUZZ_CHECK(general.text() == fresh.text());
  FUZZ_CHECK(general.truncated() == fresh.truncated());
  for (size_t b = 0; b < fresh.text().size(); ++b) {
    FUZZ_CHECK(general.SourceSpan(b, b + 1) == fresh.SourceSpan(b, b + 1));
  }

  // Ranges: every 16th byte of the input, read as a step, marks the next
  // range boundary (increasing, possibly past the end: the reader clips).
  std::vector<uint32_t> ranges;
  uint32_t at = 0;
  for (size_t i = 0; i < input.size(); i += 16) {
    at += static_cast<unsigned char>(input[i]);
    ranges.push_back(at);
  }
  if (ranges.size() % 2 != 0) ranges.pop_back();
  meetintent::NormalizeRanges(options, input, ranges, &warm);
  CheckText(warm, input, read);
  return 0;
}
