// The learned quid-pro-quo scorers (src/quid_pro_quo_model.h) and what thread
// analysis makes of them (src/thread.cc): the examples of issue #18, harmless
// social lines, and per-language messages of data/qpq that training never saw
// (data/qpq_model/heldout.tsv).
#include "quid_pro_quo_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "block_scoring.h"
#include "default_model.h"
#include "hash.h"
#include "meetintent/lexicon.h"
#include "meetintent/model.h"
#include "meetintent/thread.h"
#include "meetintent/tokenizer.h"
#include "meetintent/train.h"
#include "model_file.h"
#include "model_internals.h"
#include "quid_pro_quo.h"
#include "test_util.h"

namespace meetintent {
namespace {

std::unique_ptr<Model> Default() { return testing::DefaultModel(); }

std::vector<ThreadMessage> Thread(std::vector<std::pair<std::string, std::string>> msgs) {
  return testing::MakeThread(std::move(msgs));
}

ThreadAnalysis Analyze(const Model& model, const std::vector<ThreadMessage>& thread) {
  Workspace ws;
  ThreadAnalysis a;
  EXPECT_TRUE(AnalyzeThread(model, thread, ThreadOptions(), &ws, &a).ok());
  return a;
}

// True when a reported offer touches message m.
bool Touches(const ThreadAnalysis& a, size_t m) {
  for (const QuidProQuo& q : a.quid_pro_quo) {
    if (q.benefit_message == m || q.ask_message == m) return true;
  }
  return false;
}

TEST(QuidProQuoModelTest, EmbeddedScorersAreSmallAndShareTheDefaultLexicon) {
  const QpqScorer* scorer = QpqScorer::Embedded();
  ASSERT_NE(scorer, nullptr);
  for (int h = 0; h < kQpqHeads; ++h) {
    // 2^17 int8 weights and a few hundred bytes of header and metadata.
    EXPECT_LE(QpqModelSize(static_cast<QpqHead>(h)), (size_t{1} << 17) + 4096);
  }
  auto model = Default();
  ASSERT_NE(model->feature_options().lexicon, nullptr);
  EXPECT_EQ(LexiconFingerprint(*model->feature_options().lexicon), QpqLexiconFingerprint());
  // The default model's lexicon is borrowed, not read again.
  EXPECT_EQ(scorer->ReadingOptions(*model).lexicon, model->feature_options().lexicon);
  EXPECT_EQ(scorer->ReadingOptions(*model).min_char_ngram, 0);
  // A model without a lexicon still gets the scorers' words read with one.
  std::unique_ptr<Model> toy = testing::ToyModel(12, /*lexicon=*/false);
  ASSERT_EQ(toy->feature_options().lexicon, nullptr);
  const FeatureOptions reading = scorer->ReadingOptions(*toy);
  ASSERT_NE(reading.lexicon, nullptr);
  EXPECT_EQ(LexiconFingerprint(*reading.lexicon), QpqLexiconFingerprint());
}

// Only the lexicon read in place from the default model's bytes is taken
// without its fingerprint: the same words copied from a buffer are checked
// (and pass), and a model with other words has the scorers read with the
// default lexicon.
TEST(QuidProQuoModelTest, OnlyTheEmbeddedLexiconIsTakenUnchecked) {
  const QpqScorer* scorer = QpqScorer::Embedded();
  ASSERT_NE(scorer, nullptr);
  auto model = Default();
  const std::shared_ptr<const Lexicon>& embedded = model->feature_options().lexicon;
  ASSERT_NE(embedded, nullptr);
  EXPECT_TRUE(
      ModelFileReader::LexiconBorrowsFrom(*embedded, DefaultModelData(), DefaultModelSize()));

  std::unique_ptr<Model> copy;
  ASSERT_TRUE(Model::LoadBuffer(DefaultModelData(), DefaultModelSize(), &copy).ok());
  const std::shared_ptr<const Lexicon>& copied = copy->feature_options().lexicon;
  EXPECT_FALSE(
      ModelFileReader::LexiconBorrowsFrom(*copied, DefaultModelData(), DefaultModelSize()));
  EXPECT_EQ(scorer->ReadingOptions(*copy).lexicon, copied);

  const uint32_t counts[Lexicon::kGranularities] = {8, 8, 8};
  std::shared_ptr<const Lexicon> other;
  ASSERT_TRUE(Lexicon::FromTsv("word\tstand_in\tc256\tc1024\tc4096\n"
                               "coffee\t\t3\t5\t7\n",
                               counts, &other)
                  .ok());
  TrainOptions o;
  o.features.lexicon = other;
  o.validation_fraction = 0;
  std::unique_ptr<Model> trained;
  ASSERT_TRUE(Train(o, {{"professional", "coffee with the team"}, {"personal", "coffee, just us"}},
                    &trained, nullptr)
                  .ok());
  ASSERT_EQ(trained->feature_options().lexicon, other);
  EXPECT_FALSE(ModelFileReader::LexiconBorrowsFrom(*other, DefaultModelData(), DefaultModelSize()));
  const std::shared_ptr<const Lexicon> reading = scorer->ReadingOptions(*trained).lexicon;
  EXPECT_NE(reading, other);
  ASSERT_NE(reading, nullptr);
  EXPECT_EQ(LexiconFingerprint(*reading), QpqLexiconFingerprint());
}

// The scorer's sums of `text` as `model` reads it.
QpqSums SumsOf(const QpqScorer& scorer, const Model& model, std::string_view text, Workspace* ws) {
  Prediction p;
  model.PredictAndRead(text, ws, &p);
  QpqSums sums;
  scorer.Read(scorer.ReadingOptions(model), ws->tokens(), &sums);
  return sums;
}

TEST(QuidProQuoModelTest, SumsOfMessagesAddUp) {
  const QpqScorer* scorer = QpqScorer::Embedded();
  ASSERT_NE(scorer, nullptr);
  auto model = Default();
  Workspace ws;
  const QpqSums first = SumsOf(*scorer, *model, "I might be able to.", &ws);
  EXPECT_EQ(first.tokens, ws.tokens().size());
  const QpqSums second = SumsOf(*scorer, *model, "Depends how nice you are to me.", &ws);
  QpqSums both = first;
  both.Add(second);
  EXPECT_EQ(both.tokens, first.tokens + second.tokens);
  for (int b = 0; b < kFeatureBlocks; ++b) {
    EXPECT_EQ(both.counts[b], first.counts[b] + second.counts[b]);
    for (int h = 0; h < kQpqHeads; ++h) EXPECT_EQ(both.sums[h][b], first.sums[h][b] + second.sums[h][b]);
  }
  for (int h = 0; h < kQpqHeads; ++h) {
    const float prob = scorer->Probability(static_cast<QpqHead>(h), both);
    EXPECT_GT(prob, 0.0f);
    EXPECT_LT(prob, 1.0f);
  }
  const float s = scorer->OfferScore(both);
  EXPECT_GE(s, 0.0f);
  EXPECT_LE(s, 1.0f);
  // An empty text says nothing: exactly 0.5.
  EXPECT_FLOAT_EQ(scorer->OfferScore(QpqSums()), 0.5f);
}

// The tap (block_scoring.h WordTap) gives the sums of a reading of their own,
// for the part the workspace ends up holding: the whole text, or the sender's
// words of an e-mail with a quote; in every language and with stuffing.
TEST(QuidProQuoModelTest, TapGivesTheSumsOfItsOwnReading) {
  const QpqScorer* scorer = QpqScorer::Embedded();
  ASSERT_NE(scorer, nullptr);
  auto model = Default();
  const FeatureOptions reading = scorer->ReadingOptions(*model);
  WordTap tap;
  ASSERT_TRUE(scorer->MakeTap(*model, reading, &tap));
  EXPECT_EQ(tap.shift, model->feature_options().hash_bits - reading.hash_bits);
  const char* const texts[] = {
      "The internship is yours if you spend the weekend at my place.",
      "Sure.\n\nOn Tue, Ana wrote:\n> Could you refer me for the analyst role?",
      "Gern, wenn Sie mit mir ein romantisches Wochenende in den Bergen verbringen.",
      "\xe6\x8e\xa8\xe8\x8d\x90\xe4\xbf\xa1\xe6\xb2\xa1\xe9\x97\xae\xe9\xa2\x98",
      // ok. 只要你周末和我单独吃饭，我就推荐你
      "ok. \xe5\x8f\xaa\xe8\xa6\x81\xe4\xbd\xa0\xe5\x91\xa8\xe6\x9c\xab\xe5\x92\x8c"
      "\xe6\x88\x91\xe5\x8d\x95\xe7\x8b\xac\xe5\x90\x83\xe9\xa5\xad\xef\xbc\x8c\xe6\x88\x91"
      "\xe5\xb0\xb1\xe6\x8e\xa8\xe8\x8d\x90\xe4\xbd\xa0",
      "Dinner? meeting budget invoice roadmap client audit report deadline project quarterly "
      "call review sales revenue forecast compliance agenda",
      "",
  };
  // A reading longer than TapLanes::kMaxTokens adds head by head.
  std::string long_text;
  for (int i = 0; i < 40; ++i) long_text += "Dinner at my place, and the role is yours. ";
  std::vector<std::string> all(std::begin(texts), std::end(texts));
  all.push_back(long_text);
  Workspace tapped, plain;
  Prediction p, q;
  for (const std::string& text : all) {
    ModelInternals::SetWordTap(&tapped, &tap);
    model->PredictAndRead(text, &tapped, &p);
    ModelInternals::SetWordTap(&tapped, nullptr);
    QpqSums from_tap, own;
    QpqScorer::FromTap(tap, tapped.tokens().size(), &from_tap);
    model->PredictAndRead(text, &plain, &q);
    scorer->Read(reading, plain.tokens(), &own);
    EXPECT_EQ(p.probabilities, q.probabilities) << text;
    EXPECT_EQ(from_tap.tokens, own.tokens) << text;
    for (int b = 0; b < kFeatureBlocks; ++b) {
      EXPECT_EQ(from_tap.counts[b], own.counts[b]) << text;
      for (int h = 0; h < kQpqHeads; ++h) EXPECT_EQ(from_tap.sums[h][b], own.sums[h][b]) << text;
    }
    // The tap lends each token's own word hash (before any stand-in) to the
    // cue phrases, which find the same cues with it as without.
    ASSERT_EQ(tap.hashed, tapped.tokens().size()) << text;
    ASSERT_GE(tap.word_hashes.size(), tap.hashed) << text;
    for (size_t t = 0; t < tapped.tokens().size(); ++t) {
      EXPECT_EQ(tap.word_hashes[t], WordHash2(tapped.tokens()[t].text)) << text;
    }
    std::vector<Cue> lent, own_cues;
    FindCues(tapped.normalized().text(), tapped.tokens(), tap.word_hashes.data(), &lent);
    FindCues(tapped.normalized().text(), tapped.tokens(), nullptr, &own_cues);
    ASSERT_EQ(lent.size(), own_cues.size()) << text;
    for (size_t c = 0; c < lent.size(); ++c) {
      EXPECT_EQ(lent[c].kind, own_cues[c].kind) << text;
      EXPECT_EQ(lent[c].begin, own_cues[c].begin) << text;
      EXPECT_EQ(lent[c].end, own_cues[c].end) << text;
    }
  }
  // A model that reads words otherwise (no clusters) gets no tap.
  FeatureOptions other = reading;
  other.word_clusters = !other.word_clusters;
  WordTap untouched;
  EXPECT_FALSE(scorer->MakeTap(*model, other, &untouched));
  EXPECT_EQ(untouched.rows[0], nullptr);
}

// The scan for Chinese and Japanese phrases skips sixteen bytes at a time to
// the next byte >= 0xE3, and reads the last few as the end of the last
// sixteen: a phrase is found wherever it starts, after ASCII, accented
// letters or punctuation of two and three bytes (below 0xE3).
TEST(QuidProQuoTest, CjkPhrasesAreFoundAtEveryOffset) {
  const std::string phrase = "\xe6\x8e\xa8\xe8\x8d\x90";  // 推荐, a benefit
  const std::string fillers[] = {"a", "\xc3\xa9", "\xe2\x80\x99", " "};  // a é ’ space
  for (const std::string& filler : fillers) {
    for (size_t pad = 0; pad < 40; ++pad) {
      std::string text;
      while (text.size() < pad) text += filler;
      const size_t at = text.size();
      text += phrase;
      for (size_t tail = 0; tail < 10; ++tail) {
        std::vector<Cue> cues;
        FindCues(text, {}, nullptr, &cues);
        ASSERT_EQ(cues.size(), 1u) << pad << " " << tail;
        EXPECT_EQ(cues[0].kind, CueKind::kBenefit);
        EXPECT_EQ(cues[0].begin, at);
        EXPECT_EQ(cues[0].end, at + phrase.size());
        text += filler;
      }
    }
  }
}

// Of the phrases that begin with the same two words, the longest that
// matches is the cue: "in exchange for" over "in exchange", "solo noi due"
// over "solo noi".
TEST(QuidProQuoTest, LongestPhraseWins) {
  const struct {
    const char* text;
    const char* phrase;
    CueKind kind;
  } cases[] = {
      {"the role is yours in exchange for a weekend", "in exchange for", CueKind::kLink},
      {"the role is yours in exchange", "in exchange", CueKind::kLink},
      {"solo noi due stasera", "solo noi due", CueKind::kStrongAsk},
      {"solo noi stasera", "solo noi", CueKind::kStrongAsk},
  };
  for (const auto& c : cases) {
    const std::string text = c.text;
    std::vector<Token> tokens;
    Tokenizer::TokenizeWithoutDictionary(text, &tokens);
    std::vector<Cue> cues;
    FindCues(text, tokens, nullptr, &cues);
    const size_t at = text.find(c.phrase);
    const auto it = std::find_if(cues.begin(), cues.end(),
                                 [&](const Cue& q) { return q.begin == at && q.kind == c.kind; });
    ASSERT_NE(it, cues.end()) << c.text;
    EXPECT_EQ(it->end, at + std::string(c.phrase).size()) << c.text;
  }
}

// Thread analysis tells FindCues when a message's input was ASCII, and the
// CJK search is skipped: the same cues on every shared message and written
// offer, in every language, as a search that looks.
TEST(QuidProQuoTest, AsciiInputFindsTheSameCues) {
  auto model = Default();
  std::vector<std::string> messages = testing::AllSharedMessages();
  for (const char* lang : {"en", "de", "es", "fr", "it", "ja", "pt", "zh"}) {
    std::ifstream in(std::string(MEETINTENT_SOURCE_DIR) + "/data/qpq/messages_" + lang + ".tsv");
    ASSERT_TRUE(in.good()) << lang;
    std::string line;
    while (std::getline(in, line)) messages.push_back(line.substr(line.rfind('\t') + 1));
  }
  Workspace ws;
  Prediction p;
  size_t ascii_with_cues = 0;
  for (const std::string& m : messages) {
    model->PredictAndRead(m, &ws, &p);
    std::vector<Cue> skipping, looking;
    FindCues(ws.normalized().text(), ws.tokens(), nullptr, &skipping,
             ws.normalized().ascii_input());
    FindCues(ws.normalized().text(), ws.tokens(), nullptr, &looking);
    ASSERT_EQ(skipping.size(), looking.size()) << m;
    for (size_t c = 0; c < looking.size(); ++c) {
      EXPECT_EQ(skipping[c].kind, looking[c].kind) << m;
      EXPECT_EQ(skipping[c].begin, looking[c].begin) << m;
    }
    ascii_with_cues += ws.normalized().ascii_input() && !looking.empty();
  }
  EXPECT_GT(ascii_with_cues, 100u);
  // What the flag skips: CJK phrases (推荐, a benefit) are not looked for.
  std::vector<Cue> cues;
  FindCues("\xe6\x8e\xa8\xe8\x8d\x90", {}, nullptr, &cues, /*ascii_input=*/true);
  EXPECT_TRUE(cues.empty());
}

// Every vector path of PackHeads gives the scalar path's table, on every
// weight from -128 to 127 in every head and a count of buckets that leaves a
// tail for the scalar loop.
TEST(QuidProQuoModelTest, PackHeadsPathsAgree) {
  const size_t n = 1021;
  std::vector<int8_t> rows[kQpqHeads];
  for (int h = 0; h < kQpqHeads; ++h) {
    for (size_t i = 0; i < n; ++i) {
      rows[h].push_back(static_cast<int8_t>((i * (2 * h + 3) + h) & 0xFF));
    }
  }
  const int8_t* const w[kQpqHeads] = {rows[0].data(), rows[1].data(), rows[2].data(),
                                      rows[3].data()};
  std::vector<uint64_t> scalar(n), sse2(n), avx2(n);
  PackHeads(w, n, scalar.data(), VectorWidth::kNone);
  PackHeads(w, n, sse2.data(), VectorWidth::kSse2);
  PackHeads(w, n, avx2.data(), VectorWidth::kAvx2);
  for (size_t i = 0; i < n; ++i) {
    uint64_t expected = 0;
    for (int h = 0; h < kQpqHeads; ++h) expected |= uint64_t(rows[h][i] + 128) << (16 * h);
    ASSERT_EQ(scalar[i], expected) << "bucket " << i;
    ASSERT_EQ(sse2[i], expected) << "bucket " << i;
    ASSERT_EQ(avx2[i], expected) << "bucket " << i;
  }
}

// The lanes of a short reading's tap cannot overflow: a block of
// TapLanes::kMaxTokens tokens takes at most 255 occurrences, and the largest
// and smallest weights add up exactly.
TEST(QuidProQuoModelTest, TapLanesHoldTheLargestSums) {
  for (const int8_t weight : {int8_t{127}, int8_t{-128}, int8_t{0}, int8_t{-1}}) {
    const int8_t row[1] = {weight};
    const uint64_t lanes = static_cast<uint64_t>(weight + 128) * 0x0001000100010001ull;
    TapSums tap;
    tap.packed = &lanes;
    TapLanes sink(tap);
    const uint32_t most = TapLanes::kMaxTokens * TapLanes::kMaxPerToken;
    ASSERT_LE(most, 255u);
    for (uint32_t i = 0; i < most; ++i) {
      sink.Add(0, FeatureKind::kCluster);
      sink.Add(0, FeatureKind::kWord);
      sink.Add(0, FeatureKind::kCharNgram);  // not a word feature: ignored
    }
    const uint32_t counts[kFeatureBlocks] = {most, 7, most};
    sink.Unpack(counts, &tap);
    EXPECT_EQ(tap.counts[0], most);
    EXPECT_EQ(tap.counts[1], 0u);
    EXPECT_EQ(tap.counts[2], most);
    for (int h = 0; h < TapSums::kHeads; ++h) {
      EXPECT_EQ(tap.sums[h][0], static_cast<int32_t>(most) * row[0]) << int{weight};
      EXPECT_EQ(tap.sums[h][1], 0);
      EXPECT_EQ(tap.sums[h][2], static_cast<int32_t>(most) * row[0]) << int{weight};
    }
  }
}

TEST(QuidProQuoModelTest, TopWordPointsIntoTheText) {
  const QpqScorer* scorer = QpqScorer::Embedded();
  ASSERT_NE(scorer, nullptr);
  auto model = Default();
  Workspace ws;
  Prediction p;
  const std::string text = "The internship is yours if you spend the weekend at my place.";
  model->PredictAndRead(text, &ws, &p);
  uint32_t begin = 0, end = 0;
  ASSERT_TRUE(scorer->TopWord(scorer->ReadingOptions(*model), QpqHead::kAsk, ws.tokens(), &begin, &end));
  EXPECT_LT(begin, end);
  EXPECT_LE(end, ws.normalized().text().size());
}

// Offers whose link no cue phrase marks ("would push you over the line",
// "show me how much you want it"): the link the scorers find is highlighted,
// in the reply to a request or in the benefit's own message.
TEST(QuidProQuoTest, LearnedLinksAreHighlighted) {
  auto model = Default();
  struct Case {
    std::vector<std::pair<std::string, std::string>> messages;
    size_t benefit, ask, link;
  };
  const Case cases[] = {
      {{{"a", "Did you get a chance to read my application for the studio residency?"},
        {"b",
         "I did. You're close. A quiet dinner with me at my flat on Friday would push you "
         "over the line."}},
       0,
       1,
       1},
      {{{"a", "Have you looked at my portfolio for the design lead role?"},
        {"b", "Yes. It's borderline. A night out with me, just us, would tip it your way."}},
       0,
       1,
       1},
      {{{"a", "Boss, can I ask for the transfer to the Lisbon office? My family lives there."},
        {"b", "You can ask. I'm the one who decides."},
        {"b",
         "Come to dinner with me tonight and show me how much you want it. A grateful "
         "woman always convinces me."}},
       2,
       2,
       2},
  };
  for (const Case& c : cases) {
    const std::string& last = c.messages.back().second;
    const ThreadAnalysis a = Analyze(*model, Thread(c.messages));
    ASSERT_EQ(a.quid_pro_quo.size(), 1u) << last;
    EXPECT_EQ(a.quid_pro_quo[0].benefit_message, c.benefit) << last;
    EXPECT_EQ(a.quid_pro_quo[0].ask_message, c.ask) << last;
    EXPECT_TRUE(a.quid_pro_quo[0].conditional) << last;
    int links = 0;
    for (const Highlight& h : a.highlights) {
      if (h.role != "link") continue;
      ++links;
      EXPECT_EQ(h.message, c.link) << last;
      EXPECT_EQ(c.messages[h.message].second.substr(h.span.begin, h.span.end - h.span.begin),
                h.text);
    }
    EXPECT_EQ(links, 1) << last;
  }
}

// Issue #18's examples, each after a request of the other party.
TEST(QuidProQuoTest, IssueExamplesAreDetected) {
  auto model = Default();
  struct Case {
    std::vector<std::pair<std::string, std::string>> thread;
    std::vector<size_t> offer;  // messages an offer must touch
  };
  const std::vector<Case> cases = {
      {{{"a", "Could you introduce me to the people from the Lisbon fund?"},
        {"b", "Sure, but introductions are a favour. Come up to my room after the conference "
              "dinner and we'll talk about it."}},
       {1}},
      {{{"a", "Is there any chance you could get me onto the Halvorsen project?"},
        {"b", "I might be able to."},
        {"b", "Depends how nice you are to me."},
        {"b", "A weekend at the lake with me would go a long way."}},
       {1, 2, 3}},
      {{{"a", "Is the summer internship still open?"},
        {"b", "It is. The spot is yours if you agree to be my girlfriend for the summer."}},
       {1}},
      {{{"a", "¿Podrías escribirme una carta de recomendación para el máster?"},
        {"b", "Claro que sí, pero primero quiero que pases la noche conmigo en mi apartamento."}},
       {1}},
      {{{"a", "Könnten Sie mich Frau Berger von der Stiftung vorstellen?"},
        {"b", "Gern, wenn Sie mit mir ein romantisches Wochenende in den Bergen verbringen."}},
       {1}},
  };
  for (const Case& c : cases) {
    const ThreadAnalysis a = Analyze(*model, Thread(c.thread));
    bool touched = false;
    for (size_t m : c.offer) touched = touched || Touches(a, m);
    EXPECT_TRUE(touched) << c.thread.back().second;
    EXPECT_LE(a.quid_pro_quo.size(), 1u) << c.thread.back().second;
    EXPECT_EQ(model->labels()[static_cast<size_t>(a.label)], "personal") << c.thread.back().second;
    for (const QuidProQuo& q : a.quid_pro_quo) {
      EXPECT_GE(q.confidence, 0.5f);
      for (const Highlight* h : {&q.benefit, &q.ask}) {
        if (h->role.empty()) continue;
        const std::string& text = c.thread[h->message].second;
        EXPECT_EQ(text.substr(h->span.begin, h->span.end - h->span.begin), h->text);
      }
    }
  }
}

TEST(QuidProQuoTest, HarmlessSocialLinesNextToBenefitsAreNotOffers) {
  auto model = Default();
  const std::vector<std::vector<std::pair<std::string, std::string>>> threads = {
      {{"a", "Thanks again for the referral to the hiring manager."},
       {"b", "Happy to help, I sent your CV this morning."},
       {"b", "Dinner with the whole team is on Thursday, you're welcome to join"}},
      {{"a", "I just heard I got the promotion!"},
       {"b", "Congratulations, well deserved."},
       {"b", "Let's celebrate with the team at the pub"}},
      {{"a", "Could you put me forward for the analyst role?"},
       {"b", "I'll put you forward for the role. Dinner with the whole team is on Thursday, "
             "you're welcome to join"}},
      {{"a", "Did the contract go through?"},
       {"b", "Signed this morning, it's yours. Let's celebrate with the team at the pub"}},
  };
  for (const auto& t : threads) {
    const ThreadAnalysis a = Analyze(*model, Thread(t));
    EXPECT_TRUE(a.quid_pro_quo.empty()) << t.back().second;
  }
}

// A benefit next to a personal invitation the writer unties from it is no
// offer ("regardless", "a no changes nothing", "pase lo que pase", "无关"),
// while the same two without the untying words are one.
TEST(QuidProQuoTest, AnInvitationUntiedFromTheBenefitIsNoOffer) {
  auto model = Default();
  const std::string request[] = {
      "Could you put in a word for me with the hiring manager at Halvorsen?",
      "\xc2\xbfMe podr\xc3\xad"
      "as recomendar para el puesto en Almagro?",
      "\xe7\x8e\x8b\xe8\x80\x81\xe5\xb8\x88\xef\xbc\x8c\xe6\x82\xa8\xe8\x83\xbd\xe5\xb8\xae\xe6\x88"
      "\x91"
      "\xe5\x86\x99\xe4\xb8\x80\xe5\xb0\x81\xe6\x8e\xa8\xe8\x8d\x90\xe4\xbf\xa1\xe5\x90\x97\xef\xbc"
      "\x9f",
  };
  const std::pair<std::string, std::string> replies[] = {
      // {untied, tied}
      {"I'll put in a good word for you with the hiring manager, regardless. And separately: "
       "dinner at my place Saturday, just the two of us? A no changes nothing.",
       "I'll put in a good word for you with the hiring manager. And then: dinner at my place "
       "Saturday, just the two of us?"},
      {"Te recomiendo, pase lo que pase. Aparte: \xc2\xbf"
       "cenamos el s\xc3\xa1"
       "bado en mi casa, "
       "los dos solos?",
       "Te recomiendo. Pero primero: \xc2\xbf"
       "cenamos el s\xc3\xa1"
       "bado en mi casa, los dos solos?"},
      // 推荐信我会写，这和别的事无关。另外，周六晚上来我家吃饭吗？就我们俩。
      {"\xe6\x8e\xa8\xe8\x8d\x90\xe4\xbf\xa1\xe6\x88\x91\xe4\xbc\x9a\xe5\x86\x99\xef\xbc\x8c"
       "\xe8\xbf\x99\xe5\x92\x8c\xe5\x88\xab\xe7\x9a\x84\xe4\xba\x8b\xe6\x97\xa0\xe5\x85\xb3\xe3"
       "\x80\x82"
       "\xe5\x8f\xa6\xe5\xa4\x96\xef\xbc\x8c\xe5\x91\xa8\xe5\x85\xad\xe6\x99\x9a\xe4\xb8\x8a\xe6"
       "\x9d\xa5"
       "\xe6\x88\x91\xe5\xae\xb6\xe5\x90\x83\xe9\xa5\xad\xe5\x90\x97\xef\xbc\x9f\xe5\xb0\xb1\xe6"
       "\x88\x91"
       "\xe4\xbb\xac\xe4\xbf\xa9\xe3\x80\x82",
       // 推荐信我会写。不过周六晚上先来我家吃饭，就我们俩。
       "\xe6\x8e\xa8\xe8\x8d\x90\xe4\xbf\xa1\xe6\x88\x91\xe4\xbc\x9a\xe5\x86\x99\xe3\x80\x82"
       "\xe4\xb8\x8d\xe8\xbf\x87\xe5\x91\xa8\xe5\x85\xad\xe6\x99\x9a\xe4\xb8\x8a\xe5\x85\x88\xe6"
       "\x9d\xa5"
       "\xe6\x88\x91\xe5\xae\xb6\xe5\x90\x83\xe9\xa5\xad\xef\xbc\x8c\xe5\xb0\xb1\xe6\x88\x91\xe4"
       "\xbb\xac"
       "\xe4\xbf\xa9\xe3\x80\x82"},
  };
  for (size_t k = 0; k < 3; ++k) {
    const auto& [untied, tied] = replies[k];
    EXPECT_TRUE(Analyze(*model, Thread({{"a", request[k]}, {"b", untied}})).quid_pro_quo.empty())
        << untied;
    EXPECT_EQ(Analyze(*model, Thread({{"a", request[k]}, {"b", tied}})).quid_pro_quo.size(), 1u)
        << tied;
    // The untying words are cues of their own.
    Workspace ws;
    Prediction p;
    model->PredictAndRead(untied, &ws, &p);
    std::vector<Cue> cues;
    FindCues(ws.normalized().text(), ws.tokens(), nullptr, &cues);
    EXPECT_TRUE(std::any_of(cues.begin(), cues.end(), [](const Cue& c) {
      return c.kind == CueKind::kUntie;
    })) << untied;
  }
}

// Regression bounds for HeldOutMessagesPerLanguage. Measured per language
// when the thresholds were chosen (2026-12-07): 0.50 (es, fr) to 0.80 (ja)
// of the offers found, 0.00 to 0.17 (fr) of the others flagged. These messages are hard:
// half the others are near misses written to look like offers, and each is
// read alone after a bare "?".
constexpr double kHeldOutRecallFloor = 0.50;
constexpr double kHeldOutFalseCeiling = 0.20;

struct HeldOutRow {
  bool qpq;
  std::string lang, text;
};

// The rows of a file in the columns of data/qpq/messages_<lang>.tsv (PATH
// under the source tree).
std::vector<HeldOutRow> ReadQpqRows(const std::string& path) {
  std::ifstream in(std::string(MEETINTENT_SOURCE_DIR) + "/" + path);
  EXPECT_TRUE(in) << path << " is missing";
  std::vector<HeldOutRow> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, '\t')) f.push_back(field);
    if (f.size() != 7) continue;
    std::string text;
    for (size_t i = 0; i < f[6].size(); ++i) {
      if (f[6][i] == '\\' && i + 1 < f[6].size() && f[6][i + 1] == 'n') {
        text += '\n';
        ++i;
      } else {
        text += f[6][i];
      }
    }
    rows.push_back({f[0] == "1", f[4], text});
  }
  return rows;
}

std::vector<HeldOutRow> HeldOut() { return ReadQpqRows("data/qpq_model/heldout.tsv"); }

// The rows of data/qpq/<round>/messages_<lang>_<suffix>.tsv, for each language.
std::vector<HeldOutRow> RoundRows(const std::string& round, const std::string& suffix,
                                  const std::vector<std::string>& languages) {
  std::vector<HeldOutRow> rows;
  for (const std::string& lang : languages) {
    for (HeldOutRow& r :
         ReadQpqRows("data/qpq/" + round + "/messages_" + lang + "_" + suffix + ".tsv")) {
      rows.push_back(std::move(r));
    }
  }
  return rows;
}

// The texts of a scorer's training file, as it writes them (line breaks as \n).
std::set<std::string> TrainedTexts(const char* head) {
  std::set<std::string> trained;
  std::ifstream in(std::string(MEETINTENT_SOURCE_DIR) + "/data/qpq_model/" + head + ".tsv");
  EXPECT_TRUE(in) << head;
  std::string line;
  while (std::getline(in, line)) trained.insert(line.substr(line.find('\t') + 1));
  EXPECT_GT(trained.size(), 1500u) << head;
  return trained;
}

std::string AsTrainingText(const std::string& text) {
  std::string written;
  for (char c : text) written += c == '\n' ? std::string("\\n") : std::string(1, c);
  return written;
}

// Every text of `rows` is in the training file of the heads in `heads` and in
// no other head's.
void ExpectTrainedOnlyBy(const std::vector<HeldOutRow>& rows, const std::set<std::string>& heads) {
  for (const char* head : {"offer", "benefit", "ask", "link"}) {
    const std::set<std::string> trained = TrainedTexts(head);
    const size_t expected = heads.count(head);
    for (const HeldOutRow& r : rows) {
      EXPECT_EQ(trained.count(AsTrainingText(r.text)), expected)
          << head << ", " << r.lang << ": " << r.text;
    }
  }
}

// Offers found and others flagged per language, each message read alone as
// the reply to a bare "?"; printed, and held to the bounds.
void ExpectFoundPerLanguage(const std::vector<HeldOutRow>& rows, size_t languages,
                            double recall_floor, double false_ceiling) {
  auto model = Default();
  std::map<std::string, std::array<int, 4>> per_lang;  // offers, found, others, false
  for (const HeldOutRow& r : rows) {
    const ThreadAnalysis a = Analyze(*model, Thread({{"a", "?"}, {"b", r.text}}));
    const bool found = Touches(a, 1);
    auto& c = per_lang[r.lang];
    c[r.qpq ? 0 : 2] += 1;
    c[r.qpq ? 1 : 3] += found;
  }
  ASSERT_EQ(per_lang.size(), languages);
  for (const auto& [lang, c] : per_lang) {
    const double false_rate = static_cast<double>(c[3]) / c[2];
    if (c[0] > 0) {  // some files hold no offers (round 5)
      const double recall = static_cast<double>(c[1]) / c[0];
      std::printf("%s: %d of %d held-out offers found (%.2f)\n", lang.c_str(), c[1], c[0], recall);
      EXPECT_GE(recall, recall_floor) << lang;
    }
    std::printf("%s: %d of %d others flagged (%.2f)\n", lang.c_str(), c[3], c[2], false_rate);
    EXPECT_LE(false_rate, false_ceiling) << lang;
  }
}

// Every 10th message of each language of data/qpq was held out of training:
// the offers among them, each as the reply to a request, are found at least
// as often, and the near misses and ordinary messages of the same files
// falsely at most as often, as measured when the thresholds were chosen.
TEST(QuidProQuoTest, HeldOutMessagesPerLanguage) {
  const std::vector<HeldOutRow> rows = HeldOut();
  ASSERT_GE(rows.size(), 200u);
  ExpectFoundPerLanguage(rows, 8, kHeldOutRecallFloor, kHeldOutFalseCeiling);
}

// OfferScore(sums, at_least) settles a candidate (-1) only when its full
// score is below at_least, and otherwise gives the full score: on written
// offers and near misses, alone and two by two, at the threshold thread
// analysis uses and at others.
TEST(QuidProQuoModelTest, SettledCandidatesCouldNotReachTheBar) {
  const QpqScorer* scorer = QpqScorer::Embedded();
  ASSERT_NE(scorer, nullptr);
  auto model = Default();
  Workspace ws;
  std::vector<QpqSums> sums;
  for (const char* lang : {"en", "de", "ja"}) {
    for (const HeldOutRow& r : ReadQpqRows(std::string("data/qpq/messages_") + lang + ".tsv")) {
      sums.push_back(SumsOf(*scorer, *model, r.text, &ws));
    }
  }
  ASSERT_GT(sums.size(), 800u);
  for (size_t i = 0, n = sums.size(); i + 1 < n; i += 2) {
    sums.push_back(sums[i]);
    sums.back().Add(sums[i + 1]);
  }
  int settled_at_threshold = 0, reached_threshold = 0;
  for (const QpqSums& s : sums) {
    const float full = scorer->OfferScore(s);
    for (float at : {0.3f, 0.5f, 0.6f, QpqScorer::kOfferThreshold, 0.8f}) {
      const float score = scorer->OfferScore(s, at);
      if (score < 0) {
        EXPECT_LT(full, at);
      } else {
        EXPECT_EQ(score, full);
      }
    }
    settled_at_threshold += scorer->OfferScore(s, QpqScorer::kOfferThreshold) < 0;
    reached_threshold += full >= QpqScorer::kOfferThreshold;
  }
  EXPECT_GT(settled_at_threshold, 100);
  EXPECT_GT(reached_threshold, 100);
}

// data/qpq/round3/ was written to be trained on: the offer, ask and link
// heads learn from it, the benefit head (first round only) does not.
TEST(QuidProQuoTest, RoundThreeTeachesAllButTheBenefitHead) {
  const std::vector<HeldOutRow> rows = RoundRows("round3", "d", {"en", "it", "pt"});
  ASSERT_EQ(rows.size(), 600u);
  ExpectTrainedOnlyBy(rows, {"offer", "ask", "link"});
}

// data/qpq/round4/ measures: no text of it is in a scorer's training file
// (scripts/qpq_training_data.py leaves it out), and the shipped scorers find
// its offers and flag its near misses within bounds. Measured when it was
// written: 0.65 (de) to 0.82 (es) of the offers found, 0.12 (ja) to 0.19 (zh)
// of the others flagged.
TEST(QuidProQuoTest, RoundFourIsHeldOut) {
  const std::vector<HeldOutRow> rows = RoundRows("round4", "e", {"de", "es", "ja", "zh"});
  ASSERT_EQ(rows.size(), 600u);
  ExpectTrainedOnlyBy(rows, {});
  ExpectFoundPerLanguage(rows, 4, 0.60, 0.25);
}

// data/qpq/round5/: 640 personal asks with no benefit (80 a language), most
// of them inside a work relationship, none an offer. The ask and link heads
// learn from them; the offer and benefit heads do not (given to all four
// they lowered every held-out figure: README.md, "Conversations"). Read
// alone, the shipped scorers flag 0.03 (en) to 0.06 (it, ja, pt) of them.
TEST(QuidProQuoTest, RoundFiveTeachesOnlyTheAskAndLinkHeads) {
  const std::vector<HeldOutRow> rows =
      RoundRows("round5", "f", {"de", "en", "es", "fr", "it", "ja", "pt", "zh"});
  ASSERT_EQ(rows.size(), 640u);
  for (const HeldOutRow& r : rows) ASSERT_FALSE(r.qpq) << r.text;
  ExpectTrainedOnlyBy(rows, {"ask", "link"});
  ExpectFoundPerLanguage(rows, 8, 0.0, 0.10);
}

// data/qpq/round7/ measures: 320 messages (40 a language) written on
// 2026-12-07, none trained on. Given to the scorers (every head, or the
// offer, ask or link heads alone or together) they lowered the design
// threads' figures, so they stay out (data/qpq/round7/README.md). Measured
// when written: 0.50 (es, ja) to 0.86 (de) of the offers found, 0.08 (en) to
// 0.31 (es, it, ja) of the others flagged; the benefits with an invitation
// explicitly untied from them are the others most often flagged (42 of 112;
// 32 since thread analysis reads the untying words: 0.04 to 0.27 flagged).
TEST(QuidProQuoTest, RoundSevenIsHeldOut) {
  const std::vector<HeldOutRow> rows =
      RoundRows("round7", "g", {"de", "en", "es", "fr", "it", "ja", "pt", "zh"});
  ASSERT_EQ(rows.size(), 320u);
  ExpectTrainedOnlyBy(rows, {});
  ExpectFoundPerLanguage(rows, 8, 0.45, 0.35);
}

}  // namespace
}  // namespace meetintent
