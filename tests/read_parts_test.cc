// The sender's-words rule (src/read_parts.cc, PredictOptions::email): the
// reproducers of the hardening issue, the e-mail-app case it exists for, and
// the evasion table it is measured by.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "meetintent/model.h"
#include "test_util.h"

namespace meetintent {
namespace {

const Model& Default() {
  static const std::unique_ptr<Model> model = [] {
    std::unique_ptr<Model> m;
    EXPECT_TRUE(Model::LoadDefault(&m).ok());
    return m;
  }();
  return *model;
}

float PersonalP(std::string_view text, const PredictOptions& o, DecidingPart* part = nullptr) {
  Workspace ws;
  Prediction p;
  Default().Predict(text, o, &ws, &p);
  if (part != nullptr) *part = p.deciding_part;
  return p.probabilities[static_cast<size_t>(Default().LabelIndex("personal"))];
}

PredictOptions Whole() {
  PredictOptions o;
  o.email = PredictOptions::Email::kWholeText;
  return o;
}

// Personal requests a sender may try to hide (the hardening issue's set is
// of this kind: short date requests).
const char* const kRequests[] = {
    "Would you like to have dinner with me on Friday night?",
    "Can I take you out for drinks this weekend, just the two of us?",
    "I keep thinking about you. Come over to my place tonight?",
    "Let's skip the meeting and go on a real date instead.",
    "You looked beautiful today. Are you free for a romantic dinner?",
    "Would you go out with me on Saturday?",
    "I'd love to spend the weekend with you at the lake.",
    "How about a candlelit dinner at my apartment on Friday?",
    "Can I kiss you next time we meet?",
    "Be my date for the gala? I've had a crush on you for months.",
    "Dinner at my place, just you and me, Saturday at eight?",
    "I miss you. Can we see each other tonight, not for work?",
    "Want to grab a drink after work and get to know each other better?",
    "Spend the night with me after the conference party?",
    "Will you be my girlfriend? Let's have dinner Friday.",
};

// Ways to make a request look like a signature, a quote or an earlier e-mail.
struct Trick {
  const char* name;
  const char* before;
  const char* after;
};
const Trick kTricks[] = {
    {"signature '-- '", "Q3 numbers attached.\n-- \n", ""},
    {"attribution 'On Mon, Bob wrote:'", "Thanks.\nOn Mon, Bob wrote:\n", ""},
    {"dashes line", "Hi\n--------\n", ""},
    {"'> ' quote", "Thanks.\n> ", ""},
    {"Original Message", "See the deck.\n-----Original Message-----\nFrom: Bob\n", ""},
    {"forwarded block", "FYI\n---------- Forwarded message ---------\nFrom: Bob\n", ""},
};

TEST(ReadPartsTest, IssueReproducersStayPersonal) {
  const std::string request = kRequests[0];
  const PredictOptions o;
  EXPECT_GT(PersonalP(request, o), 0.9f);
  for (const Trick& t : kTricks) {
    EXPECT_GT(PersonalP(std::string(t.before) + request + t.after, o), 0.5f) << t.name;
  }
}

// The evasion table (README, "E-mail structure"): how many of the requests
// each trick leaves personal, with the sender's-words rule and with the
// whole text read as one. The bounds are the measured counts less a margin.
TEST(ReadPartsTest, EvasionTable) {
  const PredictOptions sender;
  const size_t n = sizeof(kRequests) / sizeof(kRequests[0]);
  size_t kept_total = 0, whole_total = 0;
  for (const Trick& t : kTricks) {
    size_t kept = 0, kept_whole = 0;
    for (const char* r : kRequests) {
      const std::string text = std::string(t.before) + r + t.after;
      kept += PersonalP(text, sender) > 0.5f;
      kept_whole += PersonalP(text, Whole()) > 0.5f;
    }
    std::printf("%-36s sender's words %2zu/%zu   whole text %2zu/%zu\n", t.name, kept, n,
                kept_whole, n);
    EXPECT_GE(kept, n * 4 / 5) << t.name;
    kept_total += kept;
    whole_total += kept_whole;
  }
  EXPECT_GT(kept_total, whole_total);
}

// Keyword stuffing (src/word_stuffing.h): work words appended to a request
// are left out of the reading; without the rule they outvote it.
const char kWorkWords[] =
    " meeting budget invoice roadmap client audit report deadline project quarterly call "
    "review sales revenue forecast compliance agenda milestone stakeholder proposal";

TEST(ReadPartsTest, KeywordStuffingIsReadApart) {
  const PredictOptions o;
  PredictOptions off;
  off.read_stuffing_apart = false;
  const size_t n = sizeof(kRequests) / sizeof(kRequests[0]);
  size_t kept = 0, kept_off = 0;
  for (const char* r : kRequests) {
    const std::string text = std::string(r) + kWorkWords;
    DecidingPart part;
    kept += PersonalP(text, o, &part) > 0.5f;
    EXPECT_EQ(part, DecidingPart::kSenderWords) << r;
    kept_off += PersonalP(text, off) > 0.5f;
  }
  std::printf("stuffing: %zu/%zu personal read apart, %zu/%zu read in\n", kept, n, kept_off, n);
  EXPECT_EQ(kept, n);
  EXPECT_LT(kept_off, n / 2);
}

TEST(ReadPartsTest, NothingButStuffingIsReadAsItIs) {
  const std::string words = kWorkWords + 1;
  DecidingPart part;
  EXPECT_FLOAT_EQ(PersonalP(words, PredictOptions(), &part), PersonalP(words, Whole()));
  EXPECT_EQ(part, DecidingPart::kWholeMessage);
}

// The e-mail app's case: a personal reply over the business e-mail it quotes.
const char kPersonalReply[] =
    "Honestly I don't care about the budget. I would rather see you alone, dinner at my "
    "place Saturday?\n\n"
    "On Tue, 4 Mar 2025 at 09:12, Dana Whitfield <dana@acme.example> wrote:\n"
    "> Hi all, attached is the Q2 budget review for the procurement project. Please send\n"
    "> your comments on the vendor contracts and the revised headcount plan by Thursday,\n"
    "> so that finance can close the forecast before the board meeting next week.\n"
    "> Regards, Dana\n";

TEST(ReadPartsTest, PersonalReplyOverQuotedBusinessMailIsPersonal) {
  DecidingPart part;
  EXPECT_GT(PersonalP(kPersonalReply, PredictOptions(), &part), 0.5f);
  EXPECT_EQ(part, DecidingPart::kSenderWords);
}

TEST(ReadPartsTest, BusinessReplyOverMildQuoteStaysProfessional) {
  const std::string reply =
      "Thanks Dana, the revised headcount plan and the vendor contracts are attached; please "
      "review them before the board meeting.\n\n"
      "On Tue, Dana wrote:\n"
      "> Great seeing you at the offsite, hope the family is well!\n";
  DecidingPart part;
  EXPECT_LT(PersonalP(reply, PredictOptions(), &part), 0.5f);
}

TEST(ReadPartsTest, TextWithoutPartsReadsAsOneWhicheverMode) {
  const std::string text = "Coffee next week to talk about the partnership?";
  DecidingPart part;
  const float sender = PersonalP(text, PredictOptions(), &part);
  EXPECT_EQ(part, DecidingPart::kWholeMessage);
  EXPECT_FLOAT_EQ(sender, PersonalP(text, Whole()));
}

// score = sender + whole_weight * (whole - sender): 0 reads the sender's
// words alone, 1 the whole text alone, the default lies between.
TEST(ReadPartsTest, WholeWeightMovesFromSenderToWholeText) {
  PredictOptions sender_only;
  sender_only.whole_weight = 0.0f;
  PredictOptions whole_only;
  whole_only.whole_weight = 1.0f;
  const float sender = PersonalP(kPersonalReply, sender_only);
  const float whole = PersonalP(kPersonalReply, whole_only);
  const float mid = PersonalP(kPersonalReply, PredictOptions());
  EXPECT_GT(sender, whole);
  EXPECT_LT(mid, sender);
  EXPECT_GT(mid, whole);
  EXPECT_NEAR(whole, PersonalP(kPersonalReply, Whole()), 0.02f);
}

}  // namespace
}  // namespace meetintent
