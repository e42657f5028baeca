#include "meetintent/lexicon.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "hash.h"

namespace meetintent {
namespace {

constexpr uint32_t kCounts[Lexicon::kGranularities] = {256, 1024, 4096};

// A few words of each kind: plain, with a name or gendered stand-in, with
// clusters or none, and non-ASCII.
std::shared_ptr<const Lexicon> Small() {
  const std::string tsv =
      "word\tstand_in\tc256\tc1024\tc4096\n"
      "coffee\t\t3\t17\t400\n"
      "emma\t<name>\t\t\t\n"
      "jordan\t<name>\t1\t\t\n"
      "she\tthey\t5\t6\t7\n"
      "he\tthey\t5\t6\t8\n"
      "café\t\t3\t18\t401\n"
      "Straße\t\t9\t\t\n"
      "встреча\t\t\t\t4095\n";
  std::shared_ptr<const Lexicon> lex;
  const Status s = Lexicon::FromTsv(tsv, kCounts, &lex);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return lex;
}

Status Parse(const std::string& bytes, std::shared_ptr<const Lexicon>* out = nullptr) {
  std::shared_ptr<const Lexicon> lex;
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  return Lexicon::Parse(data, bytes.size(), out != nullptr ? out : &lex);
}

TEST(LexiconTest, SerializedFormReadsBackTheSame) {
  const auto lex = Small();
  ASSERT_EQ(lex->size(), 8u);
  const std::string bytes = lex->Serialize();
  std::shared_ptr<const Lexicon> back;
  ASSERT_TRUE(Parse(bytes, &back).ok());
  ASSERT_EQ(back->size(), lex->size());
  EXPECT_EQ(back->Serialize(), bytes);
  for (size_t k = 0; k < lex->size(); ++k) {
    EXPECT_EQ(back->word(k), lex->word(k));
    const Lexicon::Entry* a = lex->Find(WordHash2(lex->word(k)));
    const Lexicon::Entry* b = back->Find(WordHash2(back->word(k)));
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(a->key, b->key);
    EXPECT_EQ(a->stand_in, b->stand_in);
    EXPECT_EQ(std::memcmp(a->clusters, b->clusters, sizeof a->clusters), 0);
    EXPECT_EQ(back->StandInText(*b), lex->StandInText(*a));
  }
  // Words are normalized as messages are; stand-ins read as their text.
  EXPECT_EQ(lex->word(6), "strasse");
  const auto stand_in = [&](const char* w) { return lex->StandInText(*lex->Find(WordHash2(w))); };
  EXPECT_EQ(stand_in("emma"), stand_in("jordan"));
  EXPECT_EQ(stand_in("she"), "they");
  EXPECT_EQ(lex->Find(WordHash2("tea")), nullptr);
}

TEST(LexiconTest, ConcurrentWordsCallsShareOneList) {
  const auto lex = Small();
  std::vector<const std::vector<std::string>*> seen(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&, i] { seen[i] = &lex->words(); });
  }
  for (std::thread& t : threads) t.join();
  for (const auto* words : seen) EXPECT_EQ(words, seen[0]);
  ASSERT_EQ(seen[0]->size(), lex->size());
  for (size_t k = 0; k < lex->size(); ++k) EXPECT_EQ((*seen[0])[k], lex->word(k));
}

// A parsed lexicon finds where its words start on the first word() call,
// whichever thread makes it.
TEST(LexiconTest, ConcurrentFirstWordCallsReadTheSame) {
  const auto lex = Small();
  const std::string bytes = lex->Serialize();
  std::shared_ptr<const Lexicon> back;
  ASSERT_TRUE(Parse(bytes, &back).ok());
  std::vector<std::vector<std::string>> seen(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&, i] {
      for (size_t k = back->size(); k-- > 0;) seen[i].emplace_back(back->word(k));
    });
  }
  for (std::thread& t : threads) t.join();
  for (const auto& words : seen) {
    ASSERT_EQ(words.size(), lex->size());
    for (size_t k = 0; k < lex->size(); ++k) EXPECT_EQ(words[lex->size() - 1 - k], lex->word(k));
  }
}

// Where the first word's record starts: after the counts and the stand-ins.
size_t FirstWord(const std::string& bytes) {
  uint32_t stand_ins;
  std::memcpy(&stand_ins, &bytes[4], 4);
  size_t at = 20;
  for (uint32_t i = 0; i < stand_ins; ++i) at += 1 + static_cast<unsigned char>(bytes[at]);
  return at;
}

TEST(LexiconTest, EveryTruncationIsRefused) {
  const std::string bytes = Small()->Serialize();
  for (size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_EQ(Parse(bytes.substr(0, n)).code(), StatusCode::kCorruptModel) << "prefix " << n;
  }
  EXPECT_NE(Parse(bytes + '\0').message().find("trailing bytes"), std::string::npos);
}

TEST(LexiconTest, MalformedWordsAreRefused) {
  const std::string bytes = Small()->Serialize();
  const size_t first = FirstWord(bytes);  // "coffee": length 6, bytes, stand-in, clusters
  ASSERT_EQ(bytes[first], 6);
  ASSERT_EQ(bytes.substr(first + 1, 6), "coffee");
  auto refused = [&](std::string damaged, const std::string& words) {
    const Status s = Parse(damaged);
    EXPECT_EQ(s.code(), StatusCode::kCorruptModel);
    EXPECT_NE(s.message().find(words), std::string::npos) << s.ToString();
  };
  std::string d = bytes;
  d[first + 1] = static_cast<char>(0xFF);  // not UTF-8
  refused(d, "malformed");
  d = bytes;
  d[first + 7] = 9;  // stand-in index beyond the two stand-ins
  refused(d, "malformed");
  d = bytes;
  d[first + 10] = 1;  // cluster id + 1 of 256 + 4, beyond 256
  refused(d, "cluster id out of range");
  d = bytes;
  d.replace(first + 1, 6, "jordan");  // a second "jordan"
  refused(d, "duplicate word");
  d = bytes;
  d[first] = 0;  // an empty word
  refused(d, "cut short");
}

}  // namespace
}  // namespace meetintent
