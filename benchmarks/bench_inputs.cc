#include "bench_inputs.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string_view>

#include "meetintent/dataset.h"

namespace meetintent_bench {
namespace {

struct Row {
  std::string split, label, lang, genre, topic, source, text;
};

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "bench_inputs: %s\n", what.c_str());
  std::exit(2);
}

std::vector<Row> ReadCorpus(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Die("cannot open " + path);
  std::vector<Row> rows;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (header) {
      header = false;
      continue;
    }
    if (line.empty()) continue;
    std::vector<std::string> cols;
    size_t start = 0;
    for (int c = 0; c < 6; ++c) {
      const size_t tab = line.find('\t', start);
      if (tab == std::string::npos) Die("malformed line in " + path + ": " + line.substr(0, 60));
      cols.push_back(line.substr(start, tab - start));
      start = tab + 1;
    }
    Row r{cols[0], cols[1], cols[2], cols[3], cols[4], cols[5],
          meetintent::UnescapeTsvText(std::string_view(line).substr(start))};
    rows.push_back(std::move(r));
  }
  if (rows.empty()) Die("no rows in " + path);
  return rows;
}

bool IsAscii(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// The first line of a text, cut to at most `max` bytes at a UTF-8 boundary.
std::string FirstLine(const std::string& s, size_t max) {
  std::string line = s.substr(0, s.find('\n'));
  if (line.size() > max) {
    size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(line[n]) & 0xC0) == 0x80) --n;
    line.resize(n);
  }
  return line;
}

struct Person {
  const char* name;
  const char* title;
  const char* phone;
  const char* email;
};

const Person kPeople[] = {
    {"Dana Whitfield", "Senior Account Manager, Northwind Logistics", "+1 (415) 555-0142",
     "dana.whitfield@northwind.example.com"},
    {"Marco Bellini", "Head of Partnerships | Lumen Analytics S.r.l.", "+39 02 8845 1290",
     "m.bellini@lumen-analytics.example.it"},
    {"Sophie Laurent", "Responsable RH - Groupe Atalante", "+33 1 42 68 53 00",
     "sophie.laurent@atalante.example.fr"},
    {"Tobias Brenner", "Leiter Instandhaltung, Kruemmel Antriebstechnik GmbH", "+49 561 7730 214",
     "t.brenner@kruemmel.example.de"},
    {"Priya Raman", "Engineering Manager, Platform Infrastructure", "+44 20 7946 0958",
     "priya.raman@example.co.uk"},
    {"Jordan Okafor", "Recruiting Lead | Talent Acquisition", "(646) 555-0199 ext. 31",
     "jordan.okafor@example.org"},
    {"Lucia Fernandez", "Directora Comercial, Grupo Ibera", "+34 912 345 678",
     "lfernandez@grupoibera.example.es"},
    {"Kenji Watanabe", "Product Manager, Hoshino Systems", "+81 3-5555-0123",
     "k.watanabe@hoshino.example.jp"},
};

const char* const kDates[] = {
    "Monday, March 11, 2024 9:14 AM", "Tuesday, 4 June 2024 16:02",
    "Wed, Oct 2, 2024 at 11:47 AM", "Friday, January 19, 2024 8:30 PM",
    "Thursday, 12 September 2024 07:55", "Mon, Nov 25, 2024 at 2:10 PM",
};

std::string Signature(const Person& p) {
  return std::string("\n\n-- \n") + p.name + "\n" + p.title + "\n" + p.phone + "\n";
}

// An earlier e-mail quoted Outlook-style.
std::string OriginalMessageBlock(const Person& from, const Person& to, const char* date,
                                 const std::string& subject, const std::string& body) {
  std::string b = "\n-----Original Message-----\nFrom: ";
  b += from.name;
  b += " <";
  b += from.email;
  b += ">\nSent: ";
  b += date;
  b += "\nTo: ";
  b += to.name;
  b += " <";
  b += to.email;
  b += ">\nSubject: RE: ";
  b += subject;
  b += "\n\n";
  b += body;
  b += Signature(from);
  return b;
}

// An earlier e-mail quoted Gmail-style: "On ... wrote:" and "> " lines.
std::string WroteBlock(const Person& from, const char* date, const std::string& body) {
  std::string b = "\nOn ";
  b += date;
  b += ", ";
  b += from.name;
  b += " <";
  b += from.email;
  b += "> wrote:\n";
  std::string quoted = body + Signature(from);
  size_t start = 0;
  while (start <= quoted.size()) {
    size_t nl = quoted.find('\n', start);
    if (nl == std::string::npos) nl = quoted.size();
    b += nl > start ? "> " : ">";
    b.append(quoted, start, nl - start);
    b += '\n';
    start = nl + 1;
  }
  return b;
}

std::vector<std::string> BuildChat(const std::vector<Row>& rows) {
  std::vector<std::string> out;
  for (const Row& r : rows) {
    if (r.genre != "chat" || r.lang == "zh" || r.lang == "ja") continue;
    if (r.text.size() < 60 || r.text.size() > 150) continue;
    out.push_back(r.text);
  }
  return out;
}

std::vector<std::string> BuildEmail(const std::vector<Row>& rows) {
  std::vector<const Row*> emails;
  for (const Row& r : rows) {
    if (r.genre == "email") emails.push_back(&r);
  }
  if (emails.empty()) Die("no e-mails in the corpus");
  std::mt19937_64 rng(20240611);
  const size_t np = sizeof(kPeople) / sizeof(kPeople[0]);
  const size_t nd = sizeof(kDates) / sizeof(kDates[0]);
  std::vector<std::string> out;
  for (size_t i = 0; i < emails.size(); ++i) {
    const size_t target = 1024 + static_cast<size_t>(rng() % (4096 - 1024 + 1));
    const Person& me = kPeople[rng() % np];
    std::string msg = emails[i]->text + Signature(me);
    const std::string subject = FirstLine(emails[i]->text, 60);
    const bool gmail_style = i % 3 == 2;
    size_t j = i;
    for (int attempts = 0; msg.size() < target && attempts < 64; ++attempts) {
      j = (j + 1 + rng() % 13) % emails.size();  // an "earlier" e-mail of the thread
      const Person& other = kPeople[rng() % np];
      const char* date = kDates[rng() % nd];
      const std::string block = gmail_style
                                    ? WroteBlock(other, date, emails[j]->text)
                                    : OriginalMessageBlock(other, me, date, subject, emails[j]->text);
      if (msg.size() + block.size() > 4096) continue;
      msg += block;
    }
    if (msg.size() < 1024 || msg.size() > 4096) continue;  // never happens with this corpus
    out.push_back(std::move(msg));
  }
  return out;
}

const char* const kEmoji[] = {
    "\xF0\x9F\x99\x82",                                              // 🙂
    "\xF0\x9F\x91\x8D",                                              // 👍
    "\xE2\x98\x95",                                                  // ☕
    "\xF0\x9F\x8D\xBB",                                              // 🍻
    "\xF0\x9F\x93\x85",                                              // 📅
    "\xF0\x9F\x8E\x89",                                              // 🎉
    "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB",                  // 👩‍💻 (ZWJ)
    "\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5",                              // 🇯🇵
    "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD",                              // 👍🏽
    "\xE2\x9D\xA4\xEF\xB8\x8F",                                      // ❤️
    "\xF0\x9F\x98\x82",                                              // 😂
    "\xF0\x9F\x99\x8F",                                              // 🙏
};

// Mixed-script meeting messages in scripts the corpus lacks.
const char* const kMixedScripts[] = {
    u8"Привет! Давай созвонимся завтра в 15:00 по проекту Atlas? 📅 Zoom link в календаре",
    u8"Γεια σου Νίκο, πάμε για καφέ το Σάββατο; ☕ just the two of us 🙂",
    u8"팀장님, 내일 오전 10시에 Q3 roadmap 회의 가능하실까요? 👍🏽",
    u8"สวัสดีครับ พรุ่งนี้ว่างไหม ไปกินข้าวเย็นกันนะ 🍜 my treat!",
    u8"مرحبا سارة، هل يناسبك اجتماع يوم الأحد لمناقشة العقد؟ 📝 thanks!",
    u8"नमस्ते! क्या हम कल शाम 6 बजे coffee पर मिल सकते हैं? ☕🙂",
    u8"Hi Olga — встреча с клиентом перенесена на четверг 🇩🇪 Berlin office, room 4.12",
    u8"오랜만이야!! 이번 주말에 hiking 갈래? 🥾⛰️ 김밥은 내가 싸갈게 😂",
    u8"Καλημέρα, στέλνω την πρόσκληση για το Teams meeting της Δευτέρας 👩‍💻",
    u8"ช่วยเลื่อนประชุม sprint review เป็นบ่ายสามโมงได้ไหมครับ 🙏",
    u8"Мама, мы приедем в воскресенье к обеду ❤️ Lena bringt den Kuchen mit 🎂",
    u8"शुक्रवार को team lunch है, सब लोग 1 बजे cafeteria में मिलें 🍱🎉",
};

std::vector<std::string> BuildNonLatin(const std::vector<Row>& rows) {
  std::vector<std::string> out;
  std::vector<const Row*> latin_chat;
  for (const Row& r : rows) {
    if (r.genre == "chat" && r.lang != "zh" && r.lang != "ja" && r.text.size() <= 150) {
      latin_chat.push_back(&r);
    }
  }
  std::mt19937_64 rng(77);
  const size_t ne = sizeof(kEmoji) / sizeof(kEmoji[0]);
  for (const Row& r : rows) {
    if (r.lang != "zh" && r.lang != "ja") continue;
    out.push_back(r.text);
    if (r.genre != "chat" || latin_chat.empty()) continue;
    // CJK, emoji, a Latin chat message, emoji: as people write in mixed teams.
    std::string mixed = r.text;
    mixed += ' ';
    mixed += kEmoji[rng() % ne];
    mixed += ' ';
    mixed += latin_chat[rng() % latin_chat.size()]->text;
    mixed += ' ';
    mixed += kEmoji[rng() % ne];
    mixed += kEmoji[rng() % ne];
    out.push_back(std::move(mixed));
  }
  for (const char* s : kMixedScripts) out.emplace_back(s);
  return out;
}

InputSet Make(InputKind kind, const std::vector<Row>& rows) {
  InputSet set;
  set.kind = kind;
  set.name = InputName(kind);
  switch (kind) {
    case InputKind::kChat: set.messages = BuildChat(rows); break;
    case InputKind::kEmail: set.messages = BuildEmail(rows); break;
    case InputKind::kNonLatin: set.messages = BuildNonLatin(rows); break;
  }
  if (set.messages.empty()) Die(std::string("empty input set ") + set.name);
  std::mt19937_64 rng(12345 + static_cast<int>(kind));
  std::shuffle(set.messages.begin(), set.messages.end(), rng);
  for (const std::string& m : set.messages) {
    set.total_bytes += m.size();
    set.ascii_messages += IsAscii(m) ? 1 : 0;
  }
  return set;
}

}  // namespace

std::string DataDir() {
  if (const char* env = std::getenv("MI_BENCH_DATA_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  return MEETINTENT_BENCH_DATA_DIR;
}

const char* InputName(InputKind kind) {
  switch (kind) {
    case InputKind::kChat: return "chat";
    case InputKind::kEmail: return "email";
    case InputKind::kNonLatin: return "nonlatin";
  }
  return "?";
}

bool ParseInputKind(const std::string& name, InputKind* kind) {
  for (int k = 0; k < kNumInputKinds; ++k) {
    if (name == InputName(static_cast<InputKind>(k))) {
      *kind = static_cast<InputKind>(k);
      return true;
    }
  }
  return false;
}

const InputSet& GetInputs(InputKind kind) {
  static const std::vector<InputSet>* sets = [] {
    const std::vector<Row> rows = ReadCorpus(DataDir() + "/corpus.tsv");
    auto* v = new std::vector<InputSet>;
    for (int k = 0; k < kNumInputKinds; ++k) v->push_back(Make(static_cast<InputKind>(k), rows));
    return v;
  }();
  return (*sets)[static_cast<size_t>(kind)];
}

std::string DescribeInputs(const InputSet& set) {
  std::vector<size_t> sizes;
  for (const std::string& m : set.messages) sizes.push_back(m.size());
  std::sort(sizes.begin(), sizes.end());
  std::ostringstream os;
  os << set.name << ": " << set.messages.size() << " messages, " << set.total_bytes
     << " bytes, size min/median/max " << sizes.front() << "/" << sizes[sizes.size() / 2] << "/"
     << sizes.back() << ", " << set.ascii_messages << " pure ASCII";
  return os.str();
}

}  // namespace meetintent_bench
