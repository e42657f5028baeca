#include "meetintent/features.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "hash.h"

namespace meetintent {
namespace {

// Seeds keep the three kinds of feature in different hash families, so a word
// and a character n-gram with the same bytes do not share a bucket by design.
constexpr uint64_t kWordSeed = 0x6D692D776F7264ULL;  // "mi-word"
constexpr uint64_t kCharSeed = 0x6D692D63686172ULL;  // "mi-char"

constexpr size_t kMaxNgramBytes = 256;  // n-grams come from a word's first 256 bytes

inline uint32_t Bucket(uint64_t h, int bits) { return static_cast<uint32_t>(h >> (64 - bits)); }

// Placeholder tokens (U+E000..) are whole words; n-grams of them add nothing.
inline bool IsPlaceholderToken(std::string_view t) {
  return t.size() == 3 && static_cast<unsigned char>(t[0]) == 0xEE &&
         static_cast<unsigned char>(t[1]) == 0x80;
}

inline size_t Utf8Length(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// 1 + ln(tf) for small counts, so the common case costs a load.
struct LogTable {
  float v[64];
  LogTable() : v() {
    for (int i = 1; i < 64; ++i) v[i] = 1.0f + static_cast<float>(std::log(static_cast<double>(i)));
  }
};

float SublinearTf(uint32_t tf) {
  static const LogTable table;
  return tf < 64 ? table.v[tf] : 1.0f + static_cast<float>(std::log(static_cast<double>(tf)));
}

// Counts ids in an open-addressing table. Slots are cleared by bumping a
// generation number, so a warm call never touches memory it does not use.
class Counter {
 public:
  explicit Counter(FeatureScratch* s) : s_(s) {}

  void Reset(size_t expected) {
    size_t cap = 64;
    while (cap < 2 * expected && cap < kInitialCapacityLimit) cap <<= 1;
    if (s_->slot_generation.size() < cap) Allocate(cap);
    mask_ = s_->slot_generation.size() - 1;
    if (++s_->generation == 0) {  // wrapped: clear for real
      std::fill(s_->slot_generation.begin(), s_->slot_generation.end(), 0);
      s_->generation = 1;
    }
  }

  // Counts one occurrence of `id`, appending a new entry to *out when unseen.
  void Add(uint32_t id, std::vector<Feature>* out) {
    const uint32_t gen = s_->generation;
    size_t slot = Home(id);
    while (true) {
      if (s_->slot_generation[slot] != gen) {
        if (2 * (out->size() + 1) > mask_ + 1) {  // keep the load under one half
          Grow(*out);
          Add(id, out);
          return;
        }
        Claim(slot, id, static_cast<uint32_t>(out->size()));
        out->push_back(Feature{id, 1.0f});
        return;
      }
      if (s_->slot_id[slot] == id) {
        (*out)[s_->slot_index[slot]].value += 1.0f;
        return;
      }
      slot = (slot + 1) & mask_;
    }
  }

 private:
  // Long messages grow the table as needed; short ones never see more.
  static constexpr size_t kInitialCapacityLimit = 4096;

  size_t Home(uint32_t id) const { return (id * 0x9E3779B1u) & mask_; }

  void Claim(size_t slot, uint32_t id, uint32_t index) {
    s_->slot_generation[slot] = s_->generation;
    s_->slot_id[slot] = id;
    s_->slot_index[slot] = index;
  }

  void Allocate(size_t cap) {
    s_->slot_generation.assign(cap, 0);
    s_->slot_id.assign(cap, 0);
    s_->slot_index.assign(cap, 0);
    s_->generation = 0;
    mask_ = cap - 1;
  }

  void Grow(const std::vector<Feature>& out) {
    Allocate(2 * (mask_ + 1));
    s_->generation = 1;
    for (uint32_t i = 0; i < out.size(); ++i) {
      size_t slot = Home(out[i].id);
      while (s_->slot_generation[slot] == 1) slot = (slot + 1) & mask_;
      Claim(slot, out[i].id, i);
    }
  }

  FeatureScratch* s_;
  size_t mask_ = 0;
};

}  // namespace

std::string_view FeatureOptions::Validate() const {
  if (hash_bits < 10 || hash_bits > 24) return "hash_bits must be between 10 and 24";
  if (max_word_ngram < 1 || max_word_ngram > 2) return "max_word_ngram must be 1 or 2";
  if (min_char_ngram == 0 && max_char_ngram == 0) return {};
  if (min_char_ngram < 1 || max_char_ngram > 8 || min_char_ngram > max_char_ngram)
    return "character n-gram lengths must satisfy 1 <= min <= max <= 8 (or both 0)";
  return {};
}

uint32_t WordFeatureId(const FeatureOptions& options, std::string_view word) {
  return Bucket(Hash64(word, kWordSeed), options.hash_bits);
}

void ExtractFeatures(const FeatureOptions& options, const std::vector<Token>& tokens,
                     FeatureScratch* scratch, std::vector<Feature>* out,
                     std::vector<FeatureOccurrence>* occurrences) {
  const int bits = options.hash_bits;
  out->clear();
  if (occurrences) occurrences->clear();
  size_t text_bytes = 0;
  for (const Token& t : tokens) text_bytes += t.text.size();
  const int char_kinds = options.min_char_ngram > 0
                             ? options.max_char_ngram - options.min_char_ngram + 1
                             : 0;
  // Upper bound on the features of this message, to size the counter.
  Counter counter(scratch);
  counter.Reset(tokens.size() * 2 + (text_bytes + 2 * tokens.size()) * static_cast<size_t>(char_kinds));

  auto add = [&](uint64_t h, FeatureKind kind, uint32_t begin, uint32_t end, uint8_t marks) {
    const uint32_t id = Bucket(h, bits);
    counter.Add(id, out);
    if (occurrences) occurrences->push_back({id, kind, marks, begin, end});
  };

  uint64_t previous_word = 0;
  // Per code point of the marked word: its packed UTF-8 unit and byte offset.
  uint32_t units[kMaxNgramBytes + 2];
  uint32_t offsets[kMaxNgramBytes + 3];
  for (size_t t = 0; t < tokens.size(); ++t) {
    const Token& tok = tokens[t];
    const uint64_t wh = Hash64(tok.text, kWordSeed);
    add(wh, FeatureKind::kWord, tok.begin, tok.end, 0);
    if (options.max_word_ngram >= 2 && t > 0) {
      add(BigramHash(previous_word, wh), FeatureKind::kBigram, tokens[t - 1].begin, tok.end, 0);
    }
    previous_word = wh;
    if (char_kinds == 0 || IsPlaceholderToken(tok.text)) continue;

    // Code points of "<" + the token's first 256 bytes (whole characters) + ">".
    const auto* s = reinterpret_cast<const unsigned char*>(tok.text.data());
    const size_t limit = std::min(tok.text.size(), kMaxNgramBytes);
    size_t ncp = 0;
    units[ncp] = '<';
    offsets[ncp++] = 0;
    for (size_t i = 0; i < limit;) {
      const size_t len = Utf8Length(s[i]);
      if (i + len > limit) break;
      uint32_t u = 0;
      for (size_t k = 0; k < len; ++k) u |= static_cast<uint32_t>(s[i + k]) << (8 * k);
      units[ncp] = u;
      offsets[ncp++] = static_cast<uint32_t>(i);
      i += len;
    }
    const uint32_t word_bytes = ncp > 1 ? offsets[ncp - 1] + static_cast<uint32_t>(Utf8Length(s[offsets[ncp - 1]])) : 0;
    units[ncp] = '>';
    offsets[ncp++] = word_bytes;
    offsets[ncp] = word_bytes;  // end of '>'

    const auto min_n = static_cast<size_t>(options.min_char_ngram);
    const auto max_n = static_cast<size_t>(options.max_char_ngram);
    for (size_t i = 0; i + min_n <= ncp; ++i) {
      uint64_t h = kCharSeed;
      for (size_t n = 1; n <= max_n && i + n <= ncp; ++n) {
        h = RollStep(h, units[i + n - 1]);
        if (n < min_n) continue;
        if (i == 0 && i + n == ncp) break;  // the whole marked word is the unigram's job
        // Span in the text: the characters the n-gram covers, marks excluded.
        const uint32_t first = i == 0 ? 0 : offsets[i];
        const uint32_t last = i + n == ncp ? word_bytes : offsets[i + n];
        const uint8_t marks = static_cast<uint8_t>((i == 0 ? 1 : 0) | (i + n == ncp ? 2 : 0));
        add(Mix64(h ^ n), FeatureKind::kCharNgram, tok.begin + first, tok.begin + last, marks);
      }
    }
  }

  double norm2 = 0.0;
  for (Feature& f : *out) {
    if (options.sublinear_tf) f.value = SublinearTf(static_cast<uint32_t>(f.value));
    norm2 += static_cast<double>(f.value) * f.value;
  }
  if (options.l2_normalize && norm2 > 0.0) {
    const float inv = static_cast<float>(1.0 / std::sqrt(norm2));
    for (Feature& f : *out) f.value *= inv;
  }
}

}  // namespace meetintent
