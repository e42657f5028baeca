#include "meetintent/features.h"

#include <algorithm>
#include <cmath>

#include "hash.h"

namespace meetintent {
namespace {

// Seeds keep the three kinds of feature in different hash families, so a word
// and a character n-gram with the same bytes do not share a bucket by design.
constexpr uint64_t kWordSeed = 0x6D692D776F7264ULL;  // "mi-word"
constexpr uint64_t kCharSeed = 0x6D692D63686172ULL;  // "mi-char"
constexpr uint64_t kBigramSeed = 0x6D692D6269ULL;    // "mi-bi"

inline uint32_t Bucket(uint64_t h, int bits) { return static_cast<uint32_t>(h >> (64 - bits)); }

// Placeholder tokens (U+E000..) are whole words; n-grams of them add nothing.
inline bool IsPlaceholderToken(std::string_view t) {
  return t.size() == 3 && static_cast<unsigned char>(t[0]) == 0xEE &&
         static_cast<unsigned char>(t[1]) == 0x80;
}

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
  std::vector<uint32_t>& ids = scratch->ids;
  std::vector<uint64_t>& word_hashes = scratch->word_hashes;
  ids.clear();
  word_hashes.clear();
  out->clear();
  if (occurrences) occurrences->clear();

  auto add = [&](uint64_t h, FeatureKind kind, uint32_t begin, uint32_t end, uint8_t marks = 0) {
    const uint32_t id = Bucket(h, bits);
    ids.push_back(id);
    if (occurrences) occurrences->push_back({id, kind, marks, begin, end});
  };

  const bool char_ngrams = options.min_char_ngram > 0;
  char marked[260];  // "<" + token + ">" for tokens up to 256 bytes
  std::vector<uint32_t>& starts = scratch->char_offsets;
  for (size_t t = 0; t < tokens.size(); ++t) {
    const Token& tok = tokens[t];
    const uint64_t wh = Hash64(tok.text, kWordSeed);
    word_hashes.push_back(wh);
    add(wh, FeatureKind::kWord, tok.begin, tok.end);
    if (options.max_word_ngram >= 2 && t > 0) {
      const Token& prev = tokens[t - 1];
      add(HashCombine(word_hashes[t - 1], wh) ^ kBigramSeed, FeatureKind::kBigram, prev.begin,
          tok.end);
    }
    if (!char_ngrams || IsPlaceholderToken(tok.text)) continue;
    // Very long "words" (hashes, base64) get n-grams of their first 256
    // bytes only: bounded work per token.
    size_t len = std::min<size_t>(tok.text.size(), 256);
    while (len > 0 && len < tok.text.size() &&
           (static_cast<unsigned char>(tok.text[len]) & 0xC0) == 0x80) {
      --len;
    }
    marked[0] = '<';
    std::copy(tok.text.data(), tok.text.data() + len, marked + 1);
    marked[len + 1] = '>';
    const size_t mlen = len + 2;
    // Code point starts within `marked`, plus the end.
    starts.clear();
    for (size_t i = 0; i < mlen; ++i) {
      if ((static_cast<unsigned char>(marked[i]) & 0xC0) != 0x80) {
        starts.push_back(static_cast<uint32_t>(i));
      }
    }
    const size_t ncp = starts.size();
    starts.push_back(static_cast<uint32_t>(mlen));
    for (size_t i = 0; i < ncp; ++i) {
      for (int n = options.min_char_ngram; n <= options.max_char_ngram; ++n) {
        if (i + static_cast<size_t>(n) > ncp) break;
        // The whole marked word is the unigram's job.
        if (i == 0 && i + static_cast<size_t>(n) == ncp) break;
        const uint32_t b = starts[i], e = starts[i + static_cast<size_t>(n)];
        // Span in the text: clamp the marks to the token.
        const uint32_t sb = tok.begin + (b == 0 ? 0 : b - 1);
        const uint32_t se = tok.begin + std::min<uint32_t>(e - 1, static_cast<uint32_t>(len));
        const uint8_t marks = static_cast<uint8_t>((b == 0 ? 1 : 0) | (e == mlen ? 2 : 0));
        add(Hash64(marked + b, e - b, kCharSeed), FeatureKind::kCharNgram, sb, se, marks);
      }
    }
  }

  std::sort(ids.begin(), ids.end());
  double norm2 = 0.0;
  for (size_t i = 0; i < ids.size();) {
    size_t j = i + 1;
    while (j < ids.size() && ids[j] == ids[i]) ++j;
    const double tf = static_cast<double>(j - i);
    const double v = options.sublinear_tf ? 1.0 + std::log(tf) : tf;
    out->push_back(Feature{ids[i], static_cast<float>(v)});
    norm2 += v * v;
    i = j;
  }
  if (options.l2_normalize && norm2 > 0.0) {
    const float inv = static_cast<float>(1.0 / std::sqrt(norm2));
    for (Feature& f : *out) f.value *= inv;
  }
}

}  // namespace meetintent
