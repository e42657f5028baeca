// Names where a Latin-script message addresses its reader or signs off
// (src/salutation_names.h): which words read as the name stand-in, and which
// stay words.
#include "salutation_names.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "meetintent/model.h"
#include "meetintent/placeholder.h"

namespace meetintent {
namespace {

// The tokens of `text` as the default model reads them, after the rule,
// with "<name>" for the stand-in and the rest joined by spaces.
std::string Read(const std::string& text) {
  std::unique_ptr<Model> model;
  EXPECT_TRUE(Model::LoadDefault(&model).ok());
  NormalizedText normalized;
  Normalize(model->normalize_options(), text, &normalized);
  std::vector<Token> tokens;
  Tokenizer::TokenizeWithoutDictionary(normalized.text(), &tokens);
  NameSalutations(*model->feature_options().lexicon, normalized, text, &tokens);
  std::string out;
  for (const Token& t : tokens) {
    out += out.empty() ? "" : " ";
    out += t.text == kNamePlaceholder ? "<name>" : std::string(t.text);
    if (t.text == kNamePlaceholder) {
      EXPECT_LT(t.begin, t.end);
      EXPECT_LE(t.end, normalized.text().size());
    }
  }
  return out;
}

TEST(SalutationNamesTest, NamesAfterAGreetingOrThanks) {
  EXPECT_EQ(Read("Hi Eithne, coffee on Friday?"), "hi <name> coffee on friday");
  EXPECT_EQ(Read("Obrigada, Berenike!"), "obrigada <name>");
  EXPECT_EQ(Read("Thank you Tadhg, see you there"), "thank you <name> see you there");
  EXPECT_EQ(Read("Dear Mr. Okonkwo,\nthe contract is attached."),
            "dear mr <name> the contract is attached");
  EXPECT_EQ(Read("Sehr geehrte Frau Wójcik,"), "sehr geehrte frau <name>");
  EXPECT_EQ(Read("Hi, I'm Ottoline from accounts."), "hi i'm <name> from accounts");
  // On any line: the greeting of an e-mail's body, after its subject.
  EXPECT_EQ(Read("Subject: lunch\nHola Itziar, ¿comemos el jueves?"),
            "subject lunch hola <name> comemos el jueves");
}

TEST(SalutationNamesTest, NamesOpeningALineBeforeACommaOrAloneOnTheLastLine) {
  EXPECT_EQ(Read("Tadhg, I passed your CV to the team."),
            "<name> i passed your cv to the team");
  EXPECT_EQ(Read("See you at the lobby tonight.\nThanks,\nTavish"),
            "see you at the lobby tonight thanks <name>");
}

TEST(SalutationNamesTest, OtherWordsStayWords) {
  // Known words, groups, replies, kin and sign-offs.
  EXPECT_EQ(Read("Hi Team, standup moves to noon"), "hi team standup moves to noon");
  EXPECT_EQ(Read("Vale, nos vemos mañana"), "vale nos vemos mañana");
  EXPECT_EQ(Read("Hola Abuela, ¿qué tal?"), "hola abuela qué tal");
  EXPECT_EQ(Read("Thanks for today\nBeijinhos"), "thanks for today beijinhos");
  // Contractions and acronyms.
  EXPECT_EQ(Read("Hi, I'd love to join"), "hi i'd love to join");
  EXPECT_EQ(Read("PMO, please review the plan"), "pmo please review the plan");
  // Without a capital, or inside a sentence, a word is not read as a name.
  EXPECT_EQ(Read("hi tadhg, coffee?"), "hi tadhg coffee");
  EXPECT_EQ(Read("Is Tadhg coming?"), "is tadhg coming");
  // A greeting that does not open its line.
  EXPECT_EQ(Read("I said hi Tadhg"), "i said hi tadhg");
}

}  // namespace
}  // namespace meetintent
