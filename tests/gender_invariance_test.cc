// Swapping gendered words and first names must not move the default model's
// probability of "personal" by more than 0.05 on any message.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "hash.h"
#include "meetintent/dataset.h"
#include "meetintent/lexicon.h"
#include "meetintent/model.h"
#include "test_util.h"

namespace meetintent {
namespace {

constexpr double kMaxShift = 0.05;

// Both directions of each pair are applied at once (a simultaneous swap).
const std::vector<std::pair<std::string, std::string>> kGenderPairs = {
    {"he", "she"}, {"him", "her"}, {"his", "her"}, {"himself", "herself"}, {"mr", "ms"},
    {"mr.", "mrs."}, {"sir", "madam"}, {"husband", "wife"}, {"boyfriend", "girlfriend"},
    {"man", "woman"}, {"men", "women"}, {"guy", "gal"}, {"son", "daughter"},
    {"brother", "sister"}, {"father", "mother"}, {"dad", "mom"}, {"uncle", "aunt"},
    {"handsome", "beautiful"}, {"boys", "girls"}, {"él", "ella"}, {"señor", "señora"},
    {"esposo", "esposa"}, {"novio", "novia"}, {"il", "elle"}, {"monsieur", "madame"},
    {"mari", "femme"}, {"er", "sie"}, {"herr", "frau"}, {"lui", "lei"}, {"marito", "moglie"},
    {"ele", "ela"}, {"namorado", "namorada"}, {"他", "她"}, {"先生", "女士"}, {"丈夫", "妻子"},
    {"彼", "彼女"}, {"夫", "妻"},
};

const std::vector<std::pair<std::string, std::string>> kNamePairs = {
    {"john", "maria"}, {"james", "emma"}, {"david", "sarah"}, {"michael", "jessica"},
    {"carlos", "sofía"}, {"pablo", "lucía"}, {"pierre", "camille"}, {"hans", "katharina"},
    {"marco", "giulia"}, {"joão", "juliana"}, {"ahmed", "fatima"}, {"hiroshi", "yuki"},
    {"wei", "mei"}, {"arjun", "priya"}, {"kwame", "amara"}, {"ivan", "olga"},
    {"tom", "anna"}, {"daniel", "laura"}, {"alex", "kate"}, {"lucas", "chloe"},
};

bool IsWordByte(unsigned char c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
         c == '\'' || c == '.';
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return s;
}

// Swaps whole words (ASCII case-insensitively, keeping a leading capital).
// CJK words are swapped wherever they occur.
std::string Swap(const std::string& text, const std::map<std::string, std::string>& swaps,
                 bool* changed) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0xE3) {  // CJK: try each swap at this position
      bool done = false;
      for (const auto& [from, to] : swaps) {
        if (static_cast<unsigned char>(from[0]) >= 0xE3 && text.compare(i, from.size(), from) == 0) {
          out += to;
          i += from.size();
          *changed = done = true;
          break;
        }
      }
      if (!done) out.push_back(text[i++]);
      continue;
    }
    if (!IsWordByte(c)) {
      out.push_back(text[i++]);
      continue;
    }
    size_t j = i;
    while (j < text.size() && IsWordByte(static_cast<unsigned char>(text[j])) &&
           static_cast<unsigned char>(text[j]) < 0xE3) {
      ++j;
    }
    std::string word = text.substr(i, j - i);
    // Trailing periods belong to the sentence unless the swap wants them ("mr.").
    std::string tail;
    auto it = swaps.find(Lower(word));
    while (it == swaps.end() && !word.empty() && word.back() == '.') {
      tail.insert(tail.begin(), '.');
      word.pop_back();
      it = swaps.find(Lower(word));
    }
    if (it != swaps.end()) {
      std::string repl = it->second;
      if (word[0] >= 'A' && word[0] <= 'Z' && repl[0] >= 'a' && repl[0] <= 'z') {
        repl[0] = static_cast<char>(repl[0] - 32);
      }
      out += repl;
      *changed = true;
    } else {
      out += word;
    }
    out += tail;
    i = j;
  }
  return out;
}

std::map<std::string, std::string> Both(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::map<std::string, std::string> m;
  for (const auto& [a, b] : pairs) {
    m.emplace(a, b);
    m.emplace(b, a);  // "her" keeps its first partner
  }
  return m;
}

struct ShiftReport {
  size_t changed = 0;
  double max_shift = 0;
  std::string worst;
};

ShiftReport MeasureShift(const Model& model, const std::map<std::string, std::string>& swaps,
                        std::vector<double>* shifts = nullptr) {
  std::vector<Example> examples;
  EXPECT_TRUE(ReadExamples(std::string(MEETINTENT_SOURCE_DIR) + "/data/test_written.tsv", &examples).ok());
  EXPECT_TRUE(ReadExamples(std::string(MEETINTENT_SOURCE_DIR) + "/data/default_train.tsv", &examples).ok());
  Workspace ws;
  Prediction a, b;
  ShiftReport r;
  const int personal = model.LabelIndex("personal");
  for (const Example& e : examples) {
    bool changed = false;
    const std::string swapped = Swap(e.text, swaps, &changed);
    if (!changed) continue;
    ++r.changed;
    model.Predict(e.text, &ws, &a);
    model.Predict(swapped, &ws, &b);
    const double shift = std::fabs(a.probabilities[personal] - b.probabilities[personal]);
    if (shifts != nullptr) shifts->push_back(shift);
    if (shift > r.max_shift) {
      r.max_shift = shift;
      r.worst = e.text + "  =>  " + swapped;
    }
  }
  return r;
}

TEST(GenderInvarianceTest, SwappingGenderedWordsDoesNotMovePersonal) {
  std::unique_ptr<Model> model;
  ASSERT_TRUE(Model::LoadDefault(&model).ok());
  const ShiftReport r = MeasureShift(*model, Both(kGenderPairs));
  EXPECT_GT(r.changed, 1000u);  // many messages really were changed
  EXPECT_LE(r.max_shift, kMaxShift) << "worst: " << r.worst;
  std::printf("gendered words: %zu messages swapped, max shift %.4f\nworst: %s\n", r.changed, r.max_shift, r.worst.c_str());
}

TEST(GenderInvarianceTest, SwappingFirstNamesDoesNotMovePersonal) {
  std::unique_ptr<Model> model;
  ASSERT_TRUE(Model::LoadDefault(&model).ok());
  const ShiftReport r = MeasureShift(*model, Both(kNamePairs));
  EXPECT_GT(r.changed, 200u);
  EXPECT_LE(r.max_shift, kMaxShift) << "worst: " << r.worst;
  std::printf("first names: %zu messages swapped, max shift %.4f\n", r.changed, r.max_shift);
}

// Names outside the neutral list reach the model as character n-grams, so
// replacing a listed name by an arbitrary unlisted one can move a message.
// This is a measurement with a looser bound (see docs/model-card.md), not
// the 0.05 promise, which covers the gendered words and the listed names.
TEST(GenderInvarianceTest, SwappingUnlistedNamesMovesLittle) {
  std::unique_ptr<Model> model;
  ASSERT_TRUE(Model::LoadDefault(&model).ok());
  // Swap every listed name for an unlisted one of the other gender.
  std::map<std::string, std::string> swaps;
  const std::vector<std::string> unlisted = {"siobhan", "brendan", "ingrid", "bjorn", "rosalind",
                                             "cormac", "imogen", "declan"};
  size_t k = 0;
  for (const auto& [a, b] : kNamePairs) {
    swaps[a] = unlisted[k++ % unlisted.size()];
    swaps[b] = unlisted[k++ % unlisted.size()];
  }
  const ShiftReport r = MeasureShift(*model, swaps);
  EXPECT_GT(r.changed, 200u);
  EXPECT_LE(r.max_shift, 0.35) << "worst: " << r.worst;
  std::printf("unlisted names: %zu messages swapped, max shift %.4f\nworst: %s\n", r.changed, r.max_shift, r.worst.c_str());
}

// The accuracy issue's measure: names the model never saw in training (the
// held-out fifth of data/names, kept out of every training file) swapped
// into every message that holds a listed name, over more than 500 distinct
// names: max and 99th percentile of the shift.
struct NameShift {
  size_t pairs = 0, names = 0;
  double max_shift = 0, p99 = 0;
  std::string worst;
};

NameShift MeasureNames(const Model& model, const std::vector<std::string>& names, int rounds) {
  std::vector<double> shifts;
  std::set<std::string> used;
  NameShift out;
  size_t next = 0;
  for (int round = 0; round < rounds; ++round) {
    std::map<std::string, std::string> swaps;
    for (const auto& [a, b] : kNamePairs) {
      swaps[a] = names[next++ % names.size()];
      swaps[b] = names[next++ % names.size()];
      used.insert(swaps[a]);
      used.insert(swaps[b]);
    }
    const ShiftReport r = MeasureShift(model, swaps, &shifts);
    if (r.max_shift > out.max_shift) {
      out.max_shift = r.max_shift;
      out.worst = r.worst;
    }
  }
  std::sort(shifts.begin(), shifts.end());
  out.pairs = shifts.size();
  out.names = used.size();
  out.p99 = shifts.empty() ? 0 : shifts[shifts.size() * 99 / 100];
  return out;
}

// One-word held-out names, in a fixed shuffled order; `latin` picks names
// written in Latin letters, else those in Han or kana.
std::vector<std::string> HeldOutNames(bool latin) {
  std::vector<std::string> names;
  std::ifstream f(std::string(MEETINTENT_SOURCE_DIR) + "/data/names/heldout_names.tsv");
  std::string line;
  std::getline(f, line);  // header
  while (std::getline(f, line)) {
    const std::string name = line.substr(0, line.find('\t'));
    if (name.find_first_of(" -") != std::string::npos) continue;
    // Latin: every byte ASCII or a Latin-1/Extended-A lead byte (0xC3..0xC5).
    const bool is_latin = std::all_of(name.begin(), name.end(), [](char c) {
      const auto u = static_cast<unsigned char>(c);
      return u < 0x80 || (u >= 0x80 && u < 0xC0) || (u >= 0xC3 && u <= 0xC5);
    });
    if (is_latin == latin) names.push_back(name);
  }
  std::vector<std::string> shuffled;
  for (size_t i = 0; i < names.size(); ++i) shuffled.push_back(names[i * 7919 % names.size()]);
  return shuffled;
}

TEST(GenderInvarianceTest, HeldOutLatinNamesDoNotMovePersonal) {
  std::unique_ptr<Model> model;
  ASSERT_TRUE(Model::LoadDefault(&model).ok());
  const std::vector<std::string> names = HeldOutNames(/*latin=*/true);
  ASSERT_GE(names.size(), 520u);
  const NameShift r = MeasureNames(*model, names, 13);
  std::printf("held-out Latin-script names: %zu pairs, %zu names, max shift %.4f, p99 %.4f\n",
              r.pairs, r.names, r.max_shift, r.p99);
  EXPECT_GE(r.pairs, 2000u);
  EXPECT_GE(r.names, 500u);
  EXPECT_LE(r.max_shift, kMaxShift) << "worst: " << r.worst;
}

// Chinese and Japanese names swapped into the messages above (mostly
// Latin-script text) are read as the name stand-in (src/foreign_names.h), so
// they are held to the same bound as Latin-script names.
TEST(GenderInvarianceTest, HeldOutHanAndKanaNamesDoNotMovePersonal) {
  std::unique_ptr<Model> model;
  ASSERT_TRUE(Model::LoadDefault(&model).ok());
  const std::vector<std::string> names = HeldOutNames(/*latin=*/false);
  ASSERT_GE(names.size(), 200u);
  const NameShift r = MeasureNames(*model, names, 5);
  std::printf("held-out Han/kana names: %zu pairs, %zu names, max shift %.4f, p99 %.4f\nworst: %s\n",
              r.pairs, r.names, r.max_shift, r.p99, r.worst.c_str());
  EXPECT_GE(r.pairs, 2000u);
  EXPECT_LE(r.max_shift, kMaxShift) << "worst: " << r.worst;
}

// Inside Chinese and Japanese text, a name that opens the message is read as
// the name stand-in (src/vocative_names.h). Each of 100 short messages per
// language (any split: this measures the reading, not accuracy) gets 12
// held-out names as a vocative ("伟泽，..." and "みさきさん、...", every other
// message after a greeting: "你好，伟泽，...").
TEST(GenderInvarianceTest, HanAndKanaNamesOpeningChineseAndJapaneseText) {
  std::unique_ptr<Model> model;
  ASSERT_TRUE(Model::LoadDefault(&model).ok());
  const std::vector<std::string> names = HeldOutNames(/*latin=*/false);
  ASSERT_GE(names.size(), 1200u);
  const std::string corpus = testing::ReadFile(std::string(MEETINTENT_SOURCE_DIR) + "/data/corpus.tsv");
  std::map<std::string, size_t> used;
  std::vector<double> shifts;
  Workspace ws;
  Prediction p;
  const auto personal = static_cast<size_t>(model->LabelIndex("personal"));
  size_t pos = corpus.find('\n') + 1;
  while (pos < corpus.size()) {
    size_t nl = corpus.find('\n', pos);
    if (nl == std::string::npos) nl = corpus.size();
    std::vector<std::string> f;
    for (size_t a = pos, b; a <= nl; a = b + 1) {
      b = std::min(corpus.find('\t', a), nl);
      f.push_back(corpus.substr(a, b - a));
    }
    pos = nl + 1;
    if (f.size() < 7 || (f[2] != "zh" && f[2] != "ja") || f[6].size() >= 200 || used[f[2]] >= 100) {
      continue;
    }
    const std::string& text = f[6];
    const size_t first = used[f[2]]++ * 12;
    double reference = -1;
    for (size_t k = 0; k < 12; ++k) {
      const std::string& name = names[(first + k) % names.size()];
      // Every other message greets first: "你好，伟泽，..." and "こんにちは、みさきさん、...".
      const bool greet = first % 24 != 0;
      const std::string message =
          f[2] == "zh" ? (greet ? u8"你好，" : "") + name + u8"，" + text
                       : (greet ? u8"こんにちは、" : "") + name + u8"さん、" + text;
      model->Predict(message, &ws, &p);
      if (reference < 0) reference = p.probabilities[personal];
      shifts.push_back(std::abs(p.probabilities[personal] - reference));
    }
  }
  ASSERT_GE(shifts.size(), 2400u);
  std::sort(shifts.begin(), shifts.end());
  const double max_shift = shifts.back(), p99 = shifts[shifts.size() * 99 / 100];
  std::printf("Han/kana names opening zh/ja text: %zu messages, %zu names, max shift %.4f, p99 %.4f\n",
              shifts.size(), std::min<size_t>(names.size(), 1200), max_shift, p99);
  EXPECT_LE(max_shift, kMaxShift);
}

// First names nobody listed: `count` made-up ones (two or three syllables,
// a fixed random order), none of them a word or a name the model's lexicon
// knows, so they reach the model as what the reading makes of them.
std::vector<std::string> MadeUpNames(const Model& model, size_t count) {
  static const char* const kOnsets[] = {"b", "br", "d", "dr", "f", "g", "gr", "k", "kl", "l", "m",
                                        "n", "p", "r", "s", "st", "t", "th", "tr", "v", "z"};
  static const char* const kVowels[] = {"a", "e", "i", "o", "u", "ae", "ia", "ei", "ou"};
  static const char* const kEnds[] = {"", "n", "r", "l", "s", "th", "nd", "x", "lle", "ssa", "nne"};
  const Lexicon& lexicon = *model.feature_options().lexicon;
  std::mt19937 rng(7);
  std::set<std::string> seen;
  std::vector<std::string> names;
  while (names.size() < count) {
    std::string name;
    for (int s = 2 + static_cast<int>(rng() % 2); s > 0; --s) {
      name += kOnsets[rng() % std::size(kOnsets)];
      name += kVowels[rng() % std::size(kVowels)];
    }
    name += kEnds[rng() % std::size(kEnds)];
    if (lexicon.Find(WordHash2(name)) == nullptr && seen.insert(name).second) names.push_back(name);
  }
  return names;
}

// The accuracy issue's measure for names the model never saw and the
// gazetteer does not list: 520 made-up names swapped for the listed names of
// every message that holds one. Where a message addresses someone or signs
// off, the name is read as the stand-in (src/salutation_names.h); inside a
// sentence ("Is Tadhg coming?", "I'm meeting Tadhg") its characters still
// count, so the 0.05 bound holds for the 99th percentile, not for every pair.
TEST(GenderInvarianceTest, MadeUpNamesMoveLittle) {
  std::unique_ptr<Model> model;
  ASSERT_TRUE(Model::LoadDefault(&model).ok());
  const NameShift r = MeasureNames(*model, MadeUpNames(*model, 520), 13);
  std::printf("made-up names: %zu pairs, %zu names, max shift %.4f, p99 %.4f\nworst: %s\n", r.pairs,
              r.names, r.max_shift, r.p99, r.worst.c_str());
  EXPECT_GE(r.pairs, 2000u);
  EXPECT_GE(r.names, 500u);
  EXPECT_LE(r.p99, kMaxShift);
}

// Where a message addresses someone or signs off, any name, listed or not,
// reads the same: 520 made-up names in 16 such places, in the eight
// languages' Latin-script ones, against a listed name.
TEST(GenderInvarianceTest, MadeUpNamesInGreetingsAndSignOffsDoNotMovePersonal) {
  std::unique_ptr<Model> model;
  ASSERT_TRUE(Model::LoadDefault(&model).ok());
  const std::vector<std::pair<std::string, std::string>> kPlaces = {
      {"Hi ", ", are we still on for coffee tomorrow?"},
      {"Thanks, ", "! See you at the conference."},
      {"Dear Ms. ", ",\nplease find the signed contract attached."},
      {"", ", can you send me the slides before the meeting?"},
      {"Great talk today, I learned a lot.\nBest,\n", ""},
      {"Hey ", " 😊 dinner at mine on Friday?"},
      {"Hi, I'm ", " from the recruiting team. Do you have time for a call?"},
      {"Hola ", ", ¿cenamos el viernes?"},
      {"Estimada Sra. ", ":\nle adjunto la propuesta."},
      {"Obrigada, ", "! Adorei o jantar."},
      {"Bom dia ", ", a reunião foi adiada para as 15h."},
      {"Bonjour ", ", pouvons-nous décaler la réunion ?"},
      {"Merci ", " pour hier soir, c'était génial !"},
      {"Liebe ", ", hast du morgen Zeit für einen Kaffee?"},
      {"Sehr geehrter Herr ", ",\nanbei das Angebot."},
      {"Ciao ", ", ci vediamo stasera?"},
  };
  const std::vector<std::string> names = MadeUpNames(*model, 520);
  Workspace ws;
  Prediction p;
  const auto personal = static_cast<size_t>(model->LabelIndex("personal"));
  double max_shift = 0;
  std::string worst;
  size_t pairs = 0;
  for (const auto& [before, after] : kPlaces) {
    model->Predict(before + "Maria" + after, &ws, &p);
    const double reference = p.probabilities[personal];
    for (std::string name : names) {
      name[0] = static_cast<char>(name[0] - 'a' + 'A');
      model->Predict(before + name + after, &ws, &p);
      const double shift = std::abs(p.probabilities[personal] - reference);
      ++pairs;
      if (shift > max_shift) {
        max_shift = shift;
        worst = before + name + after;
      }
    }
  }
  std::printf("made-up names in greetings and sign-offs: %zu pairs, max shift %.4f\n", pairs, max_shift);
  EXPECT_LE(max_shift, kMaxShift) << "worst: " << worst;
}

// Whether every character of UTF-8 `s` is Hiragana (U+3040..U+309F:
// E3 81 80..BF, E3 82 80..9F).
bool IsHiraganaOnly(const std::string& s) {
  if (s.empty() || s.size() % 3 != 0) return false;
  for (size_t b = 0; b < s.size(); b += 3) {
    const auto b0 = static_cast<unsigned char>(s[b]), b1 = static_cast<unsigned char>(s[b + 1]),
               b2 = static_cast<unsigned char>(s[b + 2]);
    if (b0 != 0xE3 || !(b1 == 0x81 || (b1 == 0x82 && b2 < 0xA0))) return false;
  }
  return true;
}

// Inside Japanese text, a name in Han or Katakana before an honorific is
// read as the name stand-in too (src/vocative_names.h): each of 100 short
// Japanese messages gets 12 held-out names in "昨日は…さんと話しました。"
// before it. A name in Hiragana there is not marked off from the particles
// around it ("はるな", "ひさの"): measured apart, not bounded.
TEST(GenderInvarianceTest, HanAndKanaNamesInsideJapaneseText) {
  std::unique_ptr<Model> model;
  ASSERT_TRUE(Model::LoadDefault(&model).ok());
  const std::vector<std::string> names = HeldOutNames(/*latin=*/false);
  ASSERT_GE(names.size(), 1200u);
  const std::string corpus = testing::ReadFile(std::string(MEETINTENT_SOURCE_DIR) + "/data/corpus.tsv");
  std::vector<double> shifts, hiragana_shifts;
  Workspace ws;
  Prediction p;
  const auto personal = static_cast<size_t>(model->LabelIndex("personal"));
  size_t used = 0;
  for (size_t pos = corpus.find('\n') + 1; pos < corpus.size() && used < 100;) {
    size_t nl = corpus.find('\n', pos);
    if (nl == std::string::npos) nl = corpus.size();
    const std::string line = corpus.substr(pos, nl - pos);
    pos = nl + 1;
    std::vector<std::string> f;
    for (size_t a = 0, b; a <= line.size(); a = b + 1) {
      b = std::min(line.find('\t', a), line.size());
      f.push_back(line.substr(a, b - a));
    }
    if (f.size() < 7 || f[2] != "ja" || f[6].size() >= 200) continue;
    const size_t first = used++ * 12;
    double reference = -1;
    std::vector<std::pair<double, bool>> group;  // P(personal), name holds Han or Katakana
    for (size_t k = 0; k < 12; ++k) {
      const std::string& name = names[(first + k) % names.size()];
      model->Predict(u8"昨日は" + name + u8"さんと話しました。" + f[6], &ws, &p);
      const bool hiragana_only = IsHiraganaOnly(name);
      group.emplace_back(p.probabilities[personal], !hiragana_only);
      if (reference < 0 && !hiragana_only) reference = p.probabilities[personal];
    }
    for (const auto& [probability, marked] : group) {
      (marked ? shifts : hiragana_shifts).push_back(std::abs(probability - reference));
    }
  }
  ASSERT_GE(shifts.size() + hiragana_shifts.size(), 1200u);
  std::sort(shifts.begin(), shifts.end());
  std::sort(hiragana_shifts.begin(), hiragana_shifts.end());
  const double max_shift = shifts.back(), p99 = shifts[shifts.size() * 99 / 100];
  std::printf("names inside Japanese text: %zu messages with Han or Katakana names, max shift %.4f, "
              "p99 %.4f; %zu with Hiragana names, max shift %.4f\n",
              shifts.size(), max_shift, p99, hiragana_shifts.size(),
              hiragana_shifts.empty() ? 0.0 : hiragana_shifts.back());
  EXPECT_LE(max_shift, kMaxShift);
}

}  // namespace
}  // namespace meetintent
