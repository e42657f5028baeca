#include "meetintent/features.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "feature_counter.h"
#include "features2.h"
#include "hash.h"
#include "meetintent/model.h"
#include "meetintent/tokenizer.h"

namespace meetintent {
namespace {

struct Extracted {
  std::vector<Feature> features;
  std::vector<FeatureOccurrence> occurrences;
};

Extracted Extract(const std::string& text, FeatureOptions o = {}) {
  Tokenizer t;
  std::vector<Token> tokens;
  t.Tokenize(text, &tokens);
  FeatureScratch scratch;
  Extracted e;
  ExtractFeatures(o, tokens, &scratch, &e.features, &e.occurrences);
  return e;
}

size_t CountKind(const Extracted& e, FeatureKind k) {
  size_t n = 0;
  for (const auto& o : e.occurrences) n += o.kind == k;
  return n;
}

TEST(FeaturesTest, CountsEachKind) {
  // "coffee now": 2 words, 1 bigram; "<coffee>" has 8 code points:
  // 3-grams 6, 4-grams 5, 5-grams 4; "<now>" has 5: 3, 2, 0 (the whole word is skipped).
  const Extracted e = Extract("coffee now");
  EXPECT_EQ(CountKind(e, FeatureKind::kWord), 2u);
  EXPECT_EQ(CountKind(e, FeatureKind::kBigram), 1u);
  EXPECT_EQ(CountKind(e, FeatureKind::kCharNgram), 6u + 5u + 4u + 3u + 2u);
}

TEST(FeaturesTest, OptionsTurnKindsOff) {
  FeatureOptions o;
  o.max_word_ngram = 1;
  o.min_char_ngram = 0;
  o.max_char_ngram = 0;
  const Extracted e = Extract("coffee now please", o);
  EXPECT_EQ(e.occurrences.size(), 3u);
  EXPECT_EQ(e.features.size(), 3u);
}

// Recipe 1 as meetintent 1.0 wrote it: sublinear counts, true L2 per block.
FeatureOptions Recipe1() {
  FeatureOptions o;
  o.recipe = 1;
  o.sublinear_tf = true;
  return o;
}

TEST(FeaturesTest, VectorIsUniqueAndEachBlockHasUnitLength) {
  const Extracted e = Extract("meeting meeting meeting about the meeting agenda", Recipe1());
  double norm = 0, word_norm = 0;
  std::set<uint32_t> ids;
  std::set<uint32_t> word_ids;
  for (const auto& o : e.occurrences) {
    if (o.kind != FeatureKind::kCharNgram) word_ids.insert(o.id);
  }
  for (size_t i = 0; i < e.features.size(); ++i) {
    EXPECT_TRUE(ids.insert(e.features[i].id).second);
    norm += e.features[i].value * e.features[i].value;
    if (word_ids.count(e.features[i].id)) word_norm += e.features[i].value * e.features[i].value;
  }
  // Two blocks (words and bigrams; character n-grams), each of unit length.
  EXPECT_NEAR(norm, 2.0, 1e-5);
  EXPECT_NEAR(word_norm, 1.0, 1e-3);
  FeatureOptions one = Recipe1();
  one.block_normalize = false;
  norm = 0;
  for (const Feature& f : Extract("meeting meeting about the agenda", one).features) {
    norm += f.value * f.value;
  }
  EXPECT_NEAR(norm, 1.0, 1e-5);
}

TEST(FeaturesTest, SublinearTermFrequency) {
  FeatureOptions o = Recipe1();
  o.max_word_ngram = 1;
  o.min_char_ngram = o.max_char_ngram = 0;
  o.l2_normalize = false;
  const Extracted e = Extract("lunch lunch lunch dinner", o);
  ASSERT_EQ(e.features.size(), 2u);
  float lunch = 0, dinner = 0;
  for (const Feature& f : e.features) {
    if (f.id == WordFeatureId(o, "lunch")) lunch = f.value;
    if (f.id == WordFeatureId(o, "dinner")) dinner = f.value;
  }
  EXPECT_FLOAT_EQ(lunch, 1.0f + std::log(3.0f));
  EXPECT_FLOAT_EQ(dinner, 1.0f);
}

TEST(FeaturesTest, IdsStayInRange) {
  FeatureOptions o;
  o.hash_bits = 10;
  for (const Feature& f : Extract("any text at all, with words", o).features) EXPECT_LT(f.id, 1024u);
}

TEST(FeaturesTest, OccurrenceSpansAreInsideTheText) {
  const std::string text = "caf\xc3\xa9 con leche";
  for (const auto& o : Extract(text).occurrences) {
    EXPECT_LT(o.begin, o.end);
    EXPECT_LE(o.end, text.size());
  }
}

// A long message grows the counting table; counts must survive the growth.
TEST(FeaturesTest, ManyDistinctFeaturesAreCountedExactly) {
  std::string text;
  for (int i = 0; i < 3000; ++i) text += "w" + std::to_string(i) + " ";
  text += "w0 w0";
  FeatureOptions o;
  o.max_word_ngram = 1;
  o.min_char_ngram = o.max_char_ngram = 0;
  o.l2_normalize = false;
  o.sublinear_tf = false;
  const Extracted e = Extract(text, o);
  EXPECT_EQ(e.occurrences.size(), 3002u);
  float total = 0;
  for (const Feature& f : e.features) total += f.value;
  EXPECT_EQ(total, 3002.0f);
  // Bucket collisions aside, nearly every word has its own entry.
  EXPECT_GT(e.features.size(), 2990u);
}

// With 1-grams, the word marks alone ("<", ">") are features too; their
// occurrence points at the whole word, never at an empty span.
TEST(FeaturesTest, MarkOnlyNgramsPointAtTheWord) {
  FeatureOptions o;
  o.min_char_ngram = 1;
  o.max_char_ngram = 2;
  const Extracted e = Extract("hi there", o);
  for (const auto& occ : e.occurrences) EXPECT_LT(occ.begin, occ.end);
}

// Recipe 2 scales each block by 1 / sqrt(its occurrences): counts, not
// sublinear counts, and no second pass over the vector is needed.
TEST(FeaturesTest, Recipe2ScalesBlocksByTheirOccurrences) {
  const Extracted e = Extract("meeting meeting about the agenda");
  size_t words = 0, chars = 0;
  for (const auto& o : e.occurrences) (o.kind == FeatureKind::kCharNgram ? chars : words)++;
  FeatureOptions o;
  const float meeting = static_cast<float>(2.0 / std::sqrt(static_cast<double>(words)));
  bool found = false;
  for (const Feature& f : e.features) {
    if (f.id == WordFeatureId(o, "meeting")) {
      EXPECT_FLOAT_EQ(f.value, meeting);
      found = true;
    }
  }
  EXPECT_TRUE(found);
  float total = 0;
  for (const Feature& f : e.features) total += f.value;
  // Every occurrence adds 1/sqrt(n) of its block: sqrt(words) + sqrt(chars).
  EXPECT_NEAR(total, std::sqrt(static_cast<float>(words)) + std::sqrt(static_cast<float>(chars)),
              1e-3);
  EXPECT_TRUE(Recipe1().Validate().empty());
  FeatureOptions sublinear;
  sublinear.sublinear_tf = true;
  EXPECT_FALSE(sublinear.Validate().empty());  // recipe 2 counts
}

// Recipe 2's character n-grams as the model file describes them, written
// plainly: for each token, '<' + its code points (those whole in its first
// 256 bytes) + '>', every n-gram of min..max code points but the whole marked
// word, starts in order and lengths in order within a start.
std::vector<uint32_t> PlainCharNgramIds(const FeatureOptions& o, const std::vector<Token>& tokens) {
  std::vector<uint32_t> ids;
  for (const Token& tok : tokens) {
    if (IsPlaceholderToken(tok.text)) continue;
    std::vector<uint32_t> units = {'<'};
    const auto* s = reinterpret_cast<const unsigned char*>(tok.text.data());
    const size_t limit = std::min(tok.text.size(), kMaxNgramBytes);
    for (size_t i = 0; i < limit;) {
      const size_t len = Utf8Length(s[i]);
      if (i + len > limit) break;
      uint32_t u = 0;
      for (size_t k = 0; k < len; ++k) u |= static_cast<uint32_t>(s[i + k]) << (8 * k);
      units.push_back(u);
      i += len;
    }
    units.push_back('>');
    const size_t ncp = units.size();
    for (size_t start = 0; start < ncp; ++start) {
      for (size_t n = static_cast<size_t>(o.min_char_ngram);
           n <= static_cast<size_t>(o.max_char_ngram) && start + n <= ncp; ++n) {
        if (start == 0 && n == ncp) continue;  // the whole marked word
        uint64_t h = kCharSeed;
        for (size_t k = start; k < start + n; ++k) h = RollStep(h, units[k]);
        ids.push_back(Bucket(Mix64(h ^ n), o.hash_bits));
      }
    }
  }
  return ids;
}

// The feature loop unrolls the usual lengths and cases; every length range
// and word length must still give exactly the plain n-grams.
TEST(FeaturesTest, Recipe2CharacterNgramsMatchAPlainReference) {
  const char* pieces[] = {"a", "is", "the", "team", "coffee", "meetings", "x_y", "caf\xC3\xA9",
                          "\xE4\xBC\x9A\xE8\xAD\xB0", "\xF0\x9F\x98\x80", "na\xC3\xAFve",
                          "2024", "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"};
  std::mt19937 rng(13);
  std::vector<std::string> texts = {"", "a", "ab", "abc", "abcd", "abcde", "abcdef",
                                    std::string(300, 'q'), std::string(255, 'q') + "\xC3\xA9z"};
  for (int t = 0; t < 300; ++t) {
    std::string text;
    const size_t words = 1 + rng() % 12;
    for (size_t w = 0; w < words; ++w) {
      if (w > 0) text += ' ';
      const size_t parts = 1 + rng() % 3;
      for (size_t p = 0; p < parts; ++p) text += pieces[rng() % std::size(pieces)];
    }
    texts.push_back(text);
  }
  Tokenizer tokenizer;
  std::vector<Token> tokens;
  const std::pair<int, int> ranges[] = {{3, 5}, {1, 1}, {1, 2}, {2, 4}, {1, 6}, {5, 5}, {4, 8}};
  for (const auto& [min_n, max_n] : ranges) {
    FeatureOptions o;
    o.neutral_words = false;
    o.word_clusters = false;
    o.min_char_ngram = min_n;
    o.max_char_ngram = max_n;
    ASSERT_TRUE(o.Validate().empty());
    for (const std::string& text : texts) {
      tokenizer.Tokenize(text, &tokens);
      FeatureScratch scratch;
      std::vector<Feature> features;
      std::vector<FeatureOccurrence> occurrences;
      ExtractFeatures(o, tokens, &scratch, &features, &occurrences);
      std::vector<uint32_t> got;
      for (const FeatureOccurrence& occ : occurrences) {
        if (occ.kind == FeatureKind::kCharNgram) got.push_back(occ.id);
      }
      ASSERT_EQ(got, PlainCharNgramIds(o, tokens)) << min_n << ".." << max_n << " " << text;
    }
  }
}

// The same occurrences, in the same order: ids, spans and marks.
void ExpectSameOccurrences(const std::vector<FeatureOccurrence>& a,
                           const std::vector<FeatureOccurrence>& b, const std::string& text) {
  ASSERT_EQ(a.size(), b.size()) << text;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id) << text;
    EXPECT_EQ(a[i].begin, b[i].begin) << text;
    EXPECT_EQ(a[i].end, b[i].end) << text;
    EXPECT_EQ(a[i].marks, b[i].marks) << text;
  }
}

// Explanations of words read the word features alone (ExtractWordFeatures2);
// they must be those of a full extraction: same occurrences, same values,
// but where a word shares its bucket with another kind of the same message.
// Given the tokens' word hashes, it must give the same again.
TEST(FeaturesTest, Recipe2WordFeaturesAloneMatchAFullExtraction) {
  std::unique_ptr<Model> model;
  ASSERT_TRUE(Model::LoadDefault(&model).ok());
  const char* words[] = {"coffee", "Maria", "she", "dinner", "the", "referral", "tonight", "je",
                         "t'aime", "Kaffee", "reuni\xC3\xB3n", "\xE4\xBC\x9A\xE8\xAD\xB0", "2024",
                         "you", "interview", "beautiful", "<url>", "Herr", "amor", "!"};
  std::mt19937 rng(29);
  Tokenizer tokenizer;
  std::vector<Token> tokens;
  size_t compared = 0, shared = 0;
  for (const int bits : {model->feature_options().hash_bits, 10}) {
    FeatureOptions o = model->feature_options();
    o.hash_bits = bits;  // 10 bits: buckets shared across kinds happen
    for (int t = 0; t < 400; ++t) {
      std::string text;
      const size_t n = rng() % 30;
      for (size_t w = 0; w < n; ++w) text += std::string(words[rng() % std::size(words)]) + " ";
      tokenizer.Tokenize(text, &tokens);
      FeatureScratch scratch;
      std::vector<Feature> all, alone;
      std::vector<FeatureOccurrence> all_at, alone_at;
      ExtractFeatures2(o, tokens, &scratch, &all, &all_at);
      ExtractWordFeatures2(o, tokens, &scratch, &alone, &alone_at);
      // With the tokens' hashes given (as a thread's tap lends them): the same.
      std::vector<uint64_t> hashes;
      for (const Token& tok : tokens) hashes.push_back(WordHash2(tok.text));
      std::vector<Feature> given;
      std::vector<FeatureOccurrence> given_at;
      ExtractWordFeatures2(o, tokens, &scratch, &given, &given_at, hashes.data());
      ASSERT_EQ(given.size(), alone.size()) << text;
      for (size_t i = 0; i < given.size(); ++i) {
        EXPECT_EQ(given[i].id, alone[i].id) << text;
        EXPECT_EQ(given[i].value, alone[i].value) << text;
      }
      ExpectSameOccurrences(given_at, alone_at, text);
      std::vector<FeatureOccurrence> word_at;
      std::map<uint32_t, int> kinds_of;  // bit per kind
      size_t block0 = 0;
      for (const FeatureOccurrence& occ : all_at) {
        if (occ.kind == FeatureKind::kWord) word_at.push_back(occ);
        kinds_of[occ.id] |= 1 << static_cast<int>(occ.kind);
        block0 += FeatureBlock(occ.kind) == 0;
      }
      ExpectSameOccurrences(alone_at, word_at, text);
      std::map<uint32_t, float> value_in_all;
      for (const Feature& f : all) value_in_all[f.id] = f.value;
      for (const Feature& f : alone) {
        size_t own = 0;
        for (const FeatureOccurrence& occ : word_at) own += occ.id == f.id;
        const auto scale = static_cast<float>(1 / std::sqrt(static_cast<double>(block0)));
        EXPECT_FLOAT_EQ(f.value, static_cast<float>(own) * scale) << text;
        if (kinds_of[f.id] == 1 << static_cast<int>(FeatureKind::kWord)) {
          EXPECT_FLOAT_EQ(f.value, value_in_all[f.id]) << text;
          ++compared;
        } else {
          ++shared;
        }
      }
    }
  }
  EXPECT_GT(compared, 5000u);
  EXPECT_GT(shared, 0u);  // the 10-bit reading did test shared buckets
}

TEST(FeaturesTest, EmptyInputGivesEmptyVector) { EXPECT_TRUE(Extract("").features.empty()); }

TEST(FeaturesTest, ValidateRejectsBadOptions) {
  FeatureOptions o;
  EXPECT_TRUE(o.Validate().empty());
  o.hash_bits = 30;
  EXPECT_FALSE(o.Validate().empty());
  o = {};
  o.min_char_ngram = 6;
  EXPECT_FALSE(o.Validate().empty());
}

}  // namespace
}  // namespace meetintent
