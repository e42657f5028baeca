// Differential fuzzing of the tokenizer (meetintent/tokenizer.h): the fast
// paths against ICU's break iterator on random Unicode text.
//
// The input is read as a recipe for text: each pair of bytes picks a block of
// code points (ASCII letters, digits, punctuation and spaces; Latin with
// diacritics; combining marks; Greek, Cyrillic, Armenian, Hebrew, Arabic,
// Devanagari, Thai, Hangul, kana, Han; emoji with ZWJ, skin tones, variation
// selectors and flags; the normalizer's placeholders; apostrophes, periods,
// colons and other characters word breaking treats specially) and a code
// point in it, so almost every input is text the break rules have to think
// about. A first byte of 0xFF instead takes the rest as raw (valid) UTF-8.
//
// Invariants checked (a violation traps):
//  - whenever TokenizeFast or TokenizeAscii claims the text (returns true),
//    its tokens are exactly ICU's: same count, same byte ranges;
//  - Tokenize gives ICU's tokens;
//  - TokenizeWithoutDictionary (letter runs first, then the general rules
//    for the pieces) gives the general rules' tokens over the whole text;
//  - every path's tokens are non-empty, in order, non-overlapping, inside
//    the text, and view the text at their offsets.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_checks.h"
#include "meetintent/tokenizer.h"
#include "tokenizer_reference.h"
#include "utf8.h"

namespace {

using meetintent::Token;

struct Block {
  char32_t first, last;
};

// Weighted toward what the fast path must get right.
constexpr Block kBlocks[] = {
    {'a', 'z'},         {'A', 'Z'},        {'0', '9'},         {' ', '/'},
    {':', '@'},         {'[', '`'},        {'{', '~'},         {'\t', '\r'},
    {0xA0, 0xFF},       {0x100, 0x24F},    {0x250, 0x2FF},     {0x300, 0x36F},
    {0x370, 0x3FF},     {0x400, 0x4FF},    {0x530, 0x58F},     {0x5B0, 0x5F4},
    {0x600, 0x6FF},     {0x900, 0x97F},    {0xE00, 0xE7F},     {0xE80, 0xEFF},
    {0x1000, 0x109F},   {0x1780, 0x17FF},  {0x13A0, 0x13FF},   {0x1D00, 0x1DBF},
    {0x1E00, 0x1EFF},   {0x2000, 0x206F},  {0x20D0, 0x20FF},   {0x2190, 0x21FF},
    {0x3000, 0x303F},   {0x3040, 0x30FF},  {0x4E00, 0x4E2F},   {0xAC00, 0xAC3F},
    {0xE000, 0xE005},   {0xFE00, 0xFE0F},  {0xFF00, 0xFF65},   {0x1F1E6, 0x1F1FF},
    {0x1F300, 0x1F64F}, {0x1F3FB, 0x1F3FF}, {0x1F900, 0x1F9FF}, {0x200B, 0x200D},
    {'\'', '\''},       {'.', '.'},        {0x2019, 0x2019},   {0x05F3, 0x05F4},
};

std::string TextFrom(const uint8_t* data, size_t size) {
  std::string text;
  if (size > 0 && data[0] == 0xFF) {
    std::string_view raw(reinterpret_cast<const char*>(data + 1), size - 1);
    for (size_t i = 0; i < raw.size();) {
      char32_t cp;
      i += meetintent::DecodeUtf8(reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                                  i, &cp);
      meetintent::AppendUtf8(cp, &text);
    }
    return text;
  }
  constexpr size_t kBlockCount = sizeof(kBlocks) / sizeof(kBlocks[0]);
  for (size_t i = 0; i + 1 < size; i += 2) {
    const Block& b = kBlocks[data[i] % kBlockCount];
    const char32_t cp = b.first + data[i + 1] % (b.last - b.first + 1);
    if (cp == 0) continue;
    meetintent::AppendUtf8(cp, &text);
  }
  return text;
}

void CheckWellFormed(std::string_view text, const std::vector<Token>& tokens) {
  uint32_t previous_end = 0;
  for (const Token& t : tokens) {
    FUZZ_CHECK(t.begin < t.end && t.end <= text.size());
    FUZZ_CHECK(t.begin >= previous_end);
    FUZZ_CHECK(t.text == text.substr(t.begin, t.end - t.begin));
    previous_end = t.end;
  }
}

void CheckSame(const std::vector<Token>& a, const std::vector<Token>& b) {
  FUZZ_CHECK(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    FUZZ_CHECK(a[i].begin == b[i].begin);
    FUZZ_CHECK(a[i].end == b[i].end);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static meetintent::Tokenizer tokenizer;
  const std::string text = TextFrom(data, size);
  FUZZ_CHECK(meetintent::IsValidUtf8(text.data(), text.size()));

  std::vector<Token> icu, fast, any;
  tokenizer.TokenizeWithIcu(text, &icu);
  CheckWellFormed(text, icu);
  if (meetintent::Tokenizer::TokenizeFast(text, &fast)) {
    CheckWellFormed(text, fast);
    CheckSame(fast, icu);
  }
  if (meetintent::Tokenizer::TokenizeAscii(text, &fast)) {
    CheckWellFormed(text, fast);
    CheckSame(fast, icu);
  }
  tokenizer.Tokenize(text, &any);
  CheckSame(any, icu);
  meetintent::Tokenizer::TokenizeWithoutDictionary(text, &fast);
  CheckWellFormed(text, fast);
  std::vector<Token> general;
  meetintent::TokenizeWithoutDictionaryUncached(text, &general);
  CheckSame(fast, general);
  return 0;
}
