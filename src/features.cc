#include "meetintent/features.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "hash.h"
#include "meetintent/placeholder.h"
#include "feature_counter.h"
#include "features2.h"
#include "neutral_words.h"

namespace meetintent {
namespace {

constexpr size_t kMaxNgramBytes = 256;  // n-grams come from a word's first 256 bytes

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

// The extraction loop, compiled twice: without occurrence records for
// scoring (the hot path) and with them for explanations.
template <bool kRecord>
void Extract(const FeatureOptions& options, const std::vector<Token>& tokens, Counter* counter,
             std::vector<FeatureOccurrence>* occurrences) {
  const int bits = options.hash_bits;
  auto add = [&](uint64_t h, FeatureKind kind, uint32_t begin, uint32_t end, uint8_t marks) {
    const uint32_t id = Bucket(h, bits);
    counter->Add(id, kind == FeatureKind::kCharNgram ? 1 : 0);
    if constexpr (kRecord) occurrences->push_back({id, kind, marks, begin, end});
  };
  const bool char_ngrams = options.min_char_ngram > 0;
  const auto min_n = static_cast<size_t>(options.min_char_ngram);
  const auto max_n = static_cast<size_t>(options.max_char_ngram);

  uint64_t previous_word = 0;
  // Per code point of the marked word: its packed UTF-8 unit and byte offset.
  uint32_t units[kMaxNgramBytes + 2];
  uint32_t offsets[kMaxNgramBytes + 3];
  for (size_t t = 0; t < tokens.size(); ++t) {
    const Token& tok = tokens[t];
    uint64_t wh = WordHash(tok.text);
    std::string_view stand_in;
    const bool neutralized = options.neutral_words && NeutralStandIn(wh, &stand_in);
    if (neutralized) wh = WordHash(stand_in);
    add(wh, FeatureKind::kWord, tok.begin, tok.end, 0);
    if (options.max_word_ngram >= 2 && t > 0) {
      add(BigramHash(previous_word, wh), FeatureKind::kBigram, tokens[t - 1].begin, tok.end, 0);
    }
    previous_word = wh;
    if (!char_ngrams || neutralized || IsPlaceholderToken(tok.text)) continue;

    // Code points of "<" + the token's first 256 bytes (whole characters) + ">".
    const auto* s = reinterpret_cast<const unsigned char*>(tok.text.data());
    const size_t limit = std::min(tok.text.size(), kMaxNgramBytes);
    size_t ncp = 0;
    units[ncp] = '<';
    offsets[ncp++] = 0;
    size_t i = 0;
    while (i < limit) {
      const size_t len = Utf8Length(s[i]);
      if (i + len > limit) break;
      uint32_t u = s[i];
      for (size_t k = 1; k < len; ++k) u |= static_cast<uint32_t>(s[i + k]) << (8 * k);
      units[ncp] = u;
      offsets[ncp++] = static_cast<uint32_t>(i);
      i += len;
    }
    const auto word_bytes = static_cast<uint32_t>(i);
    units[ncp] = '>';
    offsets[ncp++] = word_bytes;

    for (size_t start = 0; start + min_n <= ncp; ++start) {
      uint64_t h = kCharSeed;
      for (size_t n = 1; n < min_n; ++n) h = RollStep(h, units[start + n - 1]);
      const size_t longest = std::min(max_n, ncp - start);
      for (size_t n = min_n; n <= longest; ++n) {
        h = RollStep(h, units[start + n - 1]);
        if (start == 0 && n == ncp) break;  // the whole marked word is the unigram's job
        if constexpr (kRecord) {
          // Span in the text: the characters the n-gram covers, marks excluded.
          uint32_t first = start == 0 ? 0 : offsets[start];
          uint32_t last = start + n == ncp ? word_bytes : offsets[start + n];
          // The marks alone ("<" or ">" as 1-grams) cover no character: point
          // at the whole word instead of an empty span.
          if (last <= first) {
            first = 0;
            last = word_bytes;
          }
          const auto marks = static_cast<uint8_t>((start == 0 ? 1 : 0) | (start + n == ncp ? 2 : 0));
          add(Mix64(h ^ n), FeatureKind::kCharNgram, tok.begin + first, tok.begin + last, marks);
        } else {
          add(Mix64(h ^ n), FeatureKind::kCharNgram, 0, 0, 0);
        }
      }
    }
  }
}

}  // namespace

std::string_view FeatureOptions::Validate() const {
  if (recipe != 1 && recipe != 2) return "recipe must be 1 or 2";
  if (recipe == 2 && sublinear_tf) return "sublinear tf needs recipe 1";
  if (hash_bits < 10 || hash_bits > 24) return "hash_bits must be between 10 and 24";
  if (max_word_ngram < 1 || max_word_ngram > 2) return "max_word_ngram must be 1 or 2";
  if (min_char_ngram == 0 && max_char_ngram == 0) return {};
  if (min_char_ngram < 1 || max_char_ngram > 8 || min_char_ngram > max_char_ngram)
    return "character n-gram lengths must satisfy 1 <= min <= max <= 8 (or both 0)";
  return {};
}

uint32_t WordFeatureId(const FeatureOptions& options, std::string_view word) {
  return Bucket(options.recipe == 2 ? WordHash2(word) : WordHash(word), options.hash_bits);
}

uint32_t TokenWordFeatureId(const FeatureOptions& options, std::string_view token) {
  if (options.recipe == 2) return TokenWordFeatureId2(options, token);
  uint64_t h = WordHash(token);
  std::string_view stand_in;
  if (options.neutral_words && NeutralStandIn(h, &stand_in)) h = WordHash(stand_in);
  return Bucket(h, options.hash_bits);
}

void ExtractFeatures(const FeatureOptions& options, const std::vector<Token>& tokens,
                     FeatureScratch* scratch, std::vector<Feature>* out,
                     std::vector<FeatureOccurrence>* occurrences) {
  if (options.recipe == 2) {
    ExtractFeatures2(options, tokens, scratch, out, occurrences);
    return;
  }
  out->clear();
  size_t text_bytes = 0;
  for (const Token& t : tokens) text_bytes += t.text.size();
  const int char_kinds = options.min_char_ngram > 0
                             ? options.max_char_ngram - options.min_char_ngram + 1
                             : 0;
  Counter counter(scratch);
  counter.Reset(tokens.size() * 2 +
                (text_bytes + 2 * tokens.size()) * static_cast<size_t>(char_kinds));
  if (occurrences != nullptr) {
    occurrences->clear();
    Extract<true>(options, tokens, &counter, occurrences);
  } else {
    Extract<false>(options, tokens, &counter, nullptr);
  }
  counter.Collect(out);

  double norm2[2] = {0.0, 0.0};
  const bool blocks = options.block_normalize;
  for (size_t i = 0; i < out->size(); ++i) {
    Feature& f = (*out)[i];
    if (options.sublinear_tf) f.value = SublinearTf(static_cast<uint32_t>(f.value));
    norm2[blocks ? scratch->blocks[i] : 0] += static_cast<double>(f.value) * f.value;
  }
  if (!options.l2_normalize) return;
  const float inv[2] = {norm2[0] > 0 ? static_cast<float>(1.0 / std::sqrt(norm2[0])) : 0.0f,
                        norm2[1] > 0 ? static_cast<float>(1.0 / std::sqrt(norm2[1])) : 0.0f};
  for (size_t i = 0; i < out->size(); ++i) (*out)[i].value *= inv[blocks ? scratch->blocks[i] : 0];
}

}  // namespace meetintent
