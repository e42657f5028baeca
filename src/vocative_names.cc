#include "vocative_names.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "foreign_names.h"
#include "meetintent/placeholder.h"
#include "utf8.h"

namespace meetintent {
namespace {

#include "common_han_words.inc"

// A Japanese name before its honorific: one to four characters ("翔",
// "みさき", "さくらこ", "倫太郎")...
constexpr size_t kMaxJapaneseNameChars = 4;
// ...so the opening run of Han and kana that ends with the honorific is at
// most this long; longer runs are sentences.
constexpr size_t kMaxRunChars = 8;

// Longest first where one ends another (さま, 様).
constexpr std::string_view kHonorifics[] = {
    u8"ちゃん", u8"さん", u8"さま", u8"くん", u8"先生", u8"先輩", u8"様", u8"君", u8"氏", u8"殿",
};

// The last characters of the honorifics, three UTF-8 bytes each.
constexpr std::string_view kHonorificEnds = u8"んま生輩様君氏殿";

// Words before an honorific that are not names: family, partners, everyone,
// roles, and たく of たくさん ("お母さん", "皆さん", "社長さん"). The text is
// read after gendered words are folded (src/gender_fold.h: 姉 as 兄, 彼女 as
// 彼, 奥さん as 旦那), so the lists hold the folded words.
// Words starting with
// お, ご or 御 are not names either ("お客様", "ご主人様", "お疲れさま").
constexpr std::string_view kJapaneseNotNames[] = {
    u8"皆", u8"みな", u8"みんな", u8"奥", u8"赤", u8"兄", u8"父", u8"息子", u8"嫁", u8"旦那",
    u8"彼", u8"彼氏", u8"親", u8"弟", u8"王子", u8"姫",
    u8"神", u8"客", u8"店員", u8"社長", u8"部長", u8"課長", u8"係長", u8"店長", u8"所長",
    u8"会長", u8"院長", u8"校長", u8"局長", u8"室長", u8"教授", u8"博士", u8"監督", u8"先生",
    u8"先輩", u8"後輩", u8"皆様", u8"あなた", u8"貴方", u8"きみ", u8"相手", u8"先方",
    u8"運転手", u8"看護師", u8"医者", u8"大家", u8"王", u8"たく", u8"じい", u8"ばあ", u8"ねえ",
    u8"にい", u8"かあ", u8"とう",
};

// Hiragana particles: one after Han makes a phrase ("私の母"), not a name
// ("のり子").
constexpr std::string_view kParticles = u8"のはがをにでともへや";

// Chinese titles after a surname ("王总", "陈老师", "李律师"; 姐 is read as
// 哥, 小姐 and 女士 as 先生); the name is the surname, the title stays a
// word; a title alone ("学长，") is not a name. Longest first where one ends
// another.
constexpr std::string_view kTitles[] = {
    u8"经理", u8"經理", u8"老师", u8"老師", u8"律师", u8"律師", u8"博士", u8"主任", u8"医生",
    u8"醫生", u8"医师", u8"醫師", u8"教授", u8"先生", u8"老板", u8"老闆",
    u8"总监", u8"總監", u8"主管", u8"部长", u8"部長", u8"处长", u8"處長", u8"局长", u8"局長",
    u8"院长", u8"院長", u8"校长", u8"校長", u8"所长", u8"所長", u8"科长", u8"科長", u8"书记",
    u8"書記", u8"同学", u8"同學", u8"师傅", u8"師傅", u8"师兄", u8"師兄", u8"师哥", u8"師哥",
    u8"师弟", u8"師弟", u8"学长", u8"學長", u8"学哥", u8"學哥", u8"学弟", u8"學弟",
    u8"行长", u8"行長", u8"总裁", u8"總裁", u8"董事长", u8"董事長", u8"导演", u8"導演",
    u8"阿姨", u8"大哥", u8"总", u8"總", u8"董", u8"导", u8"導", u8"工", u8"哥", u8"叔", u8"姨",
};

// A greeting after the name: "伟泽你好，", "张总您好，"; and "好" after a
// title ("李老师好，"), where it cannot be part of the name.
constexpr std::string_view kGreetings[] = {u8"你好", u8"您好"};
constexpr std::string_view kShortGreeting = u8"好";

// Function characters, interjections and counters that no opening name
// holds but phrases do ("我到了，", "确认了，", "七点半，"). Checked against
// the name lists of data/names: 5 of the 10,246 Han names hold one.
constexpr std::string_view kFunctionChars =
    u8"了的吗嗎呢吧啊哦呀嘛啦哈嗯喂嗨嘿哎唉哇呃喔噢诶欸我你您他她它们們这這是不没沒说說跟"
    u8"给給就很到个個请請再还還又才被把让讓要会會过過着著得么麼什怎谁誰哪为為因所但而或"
    u8"从從对對每各些点點号號已啥先";

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Whether `s` ends with one of `chars`, all three-byte characters.
bool EndsWithAnyOf(std::string_view s, std::string_view chars) {
  if (s.size() < 3) return false;
  const std::string_view last = s.substr(s.size() - 3);
  for (size_t i = 0; i + 3 <= chars.size(); i += 3) {
    if (chars.substr(i, 3) == last) return true;
  }
  return false;
}

// The byte length of the title that ends `s` after at least one more
// character, or 0.
size_t EndsWithTitle(std::string_view s) {
  for (std::string_view title : kTitles) {
    if (s.size() > title.size() && EndsWith(s, title)) return title.size();
  }
  return 0;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

template <size_t N>
bool IsOneOf(std::string_view s, const std::string_view (&list)[N]) {
  for (std::string_view w : list) {
    if (s == w) return true;
  }
  return false;
}

// Whether `word` is one of the frequent Chinese words: a binary search over
// the sorted records of its length.
bool IsCommonHanWord(std::string_view word) {
  const char* table;
  size_t records;
  if (word.size() == 6) {
    table = kCommonHanWords2;
    records = (sizeof(kCommonHanWords2) - 1) / 6;
  } else if (word.size() == 9) {
    table = kCommonHanWords3;
    records = (sizeof(kCommonHanWords3) - 1) / 9;
  } else {
    return false;
  }
  size_t lo = 0, hi = records;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    const int c = std::memcmp(table + mid * word.size(), word.data(), word.size());
    if (c == 0) return true;
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return false;
}

// Whether a character of `s` is one of kFunctionChars, by a binary search
// over them, sorted once.
bool HoldsFunctionChar(std::string_view s) {
  static const std::vector<char32_t> sorted = [] {
    std::vector<char32_t> out;
    const auto* p = reinterpret_cast<const unsigned char*>(kFunctionChars.data());
    char32_t c = 0;
    for (size_t i = 0, n; i < kFunctionChars.size() && (n = DecodeUtf8(p, kFunctionChars.size(), i, &c)) > 0;
         i += n) {
      out.push_back(c);
    }
    std::sort(out.begin(), out.end());
    return out;
  }();
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  char32_t c = 0;
  for (size_t i = 0, n; i < s.size(); i += n) {
    if ((n = DecodeUtf8(p, s.size(), i, &c)) == 0) return false;
    if (std::binary_search(sorted.begin(), sorted.end(), c)) return true;
  }
  return false;
}

// Hiragana or Katakana (U+3040..U+30FF: E3 81 80 .. E3 83 BF) anywhere in s.
bool HoldsKana(std::string_view s) {
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i + 1]);
    if (static_cast<unsigned char>(s[i]) == 0xE3 && c >= 0x81 && c <= 0x83) return true;
  }
  return false;
}

// U+3005 々 repeats the Han character before it ("奈々").
constexpr char32_t kIterationMark = 0x3005;

bool IsKana(char32_t c) { return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF); }

bool IsHan(char32_t c) { return c == kIterationMark || (IsHanOrKana(c) && !IsKana(c)); }

// Whether a particle follows a Han character in s.
bool HoldsParticleAfterHan(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  bool after_han = false;
  for (size_t i = 0; i < s.size();) {
    char32_t c = 0;
    const size_t n = DecodeUtf8(p, s.size(), i, &c);
    if (n == 0) return false;
    if (after_han && kParticles.find(s.substr(i, n)) != std::string_view::npos) return true;
    after_han = IsHan(c);
    i += n;
  }
  return false;
}

// Whether a token starts with Han, kana or 々. Tokens are valid UTF-8, and
// most of these characters are three bytes (U+3005..U+9FFF: E3..E9).
bool IsHanOrKanaToken(const Token& t) {
  const auto* p = reinterpret_cast<const unsigned char*>(t.text.data());
  if (t.text.size() >= 3 && p[0] >= 0xE3 && p[0] <= 0xE9) {
    const char32_t c = (char32_t{p[0] & 0x0Fu} << 12) | (char32_t{p[1] & 0x3Fu} << 6) | (p[2] & 0x3Fu);
    return IsHanOrKana(c) || c == kIterationMark;
  }
  if (t.text.empty() || p[0] < 0xEF) return false;
  char32_t c = 0;
  return DecodeUtf8(p, t.text.size(), 0, &c) > 0 && IsHanOrKana(c);
}

bool IsJapaneseName(std::string_view name) {
  const size_t chars = CodePoints(name);
  if (chars == 0 || chars > kMaxJapaneseNameChars) return false;
  if (StartsWith(name, u8"お") || StartsWith(name, u8"ご") || StartsWith(name, u8"御")) return false;
  if (IsOneOf(name, kJapaneseNotNames)) return false;
  return !HoldsParticleAfterHan(name);
}

// A Chinese name of `chars` characters: not a frequent word, no function
// character.
bool IsChineseName(std::string_view name, size_t min_chars, size_t max_chars) {
  const size_t chars = CodePoints(name);
  return chars >= min_chars && chars <= max_chars && !IsCommonHanWord(name) &&
         !HoldsFunctionChar(name);
}

// Replaces the tokens that cover exactly bytes [begin, end) of the text by
// one name token; does nothing if no run of whole tokens covers them.
void ReplaceByName(uint32_t begin, uint32_t end, std::vector<Token>* tokens) {
  std::vector<Token>& t = *tokens;
  size_t first = 0;
  while (first < t.size() && t[first].begin < begin) ++first;
  size_t last = first;
  while (last < t.size() && t[last].end < end) ++last;
  if (first == t.size() || last == t.size() || t[first].begin != begin || t[last].end != end) return;
  Token name;
  name.text = kNamePlaceholder;
  name.begin = begin;
  name.end = end;
  t[first] = name;
  t.erase(t.begin() + static_cast<std::ptrdiff_t>(first + 1), t.begin() + static_cast<std::ptrdiff_t>(last + 1));
}

}  // namespace

void NameLeadingVocative(std::string_view text, std::vector<Token>* tokens) {
  std::vector<Token>& t = *tokens;
  // Most messages: their first token is not Han or kana.
  if (t.empty() || !IsHanOrKanaToken(t[0])) return;
  for (uint32_t i = 0; i < t[0].begin; ++i) {
    if (text[i] != ' ' && text[i] != '\n' && text[i] != '\t' && text[i] != '\r') return;
  }
  // The message's opening run of touching Han and kana tokens.
  size_t k = 0, chars = 0;
  while (k < t.size() && IsHanOrKanaToken(t[k]) && (k == 0 || t[k].begin == t[k - 1].end)) {
    if ((chars += CodePoints(t[k].text)) > kMaxRunChars) return;
    ++k;
  }
  const uint32_t begin = t[0].begin;
  const std::string_view run = text.substr(begin, t[k - 1].end - begin);
  const std::string_view rest = text.substr(t[k - 1].end);

  // Japanese: a name before an honorific. Every honorific ends in one of
  // these characters; most runs end in none.
  if (EndsWithAnyOf(run, kHonorificEnds)) {
    for (std::string_view honorific : kHonorifics) {
      if (!EndsWith(run, honorific)) continue;
      const std::string_view name = run.substr(0, run.size() - honorific.size());
      if (IsJapaneseName(name)) ReplaceByName(begin, static_cast<uint32_t>(begin + name.size()), tokens);
      return;
    }
  }

  // Chinese: a name before a comma, in a message without kana.
  if (!(StartsWith(rest, ",") || StartsWith(rest, u8"，"))) return;
  std::string_view core = run;
  for (std::string_view greeting : kGreetings) {
    if (EndsWith(core, greeting) && core.size() > greeting.size()) {
      core.remove_suffix(greeting.size());
      break;
    }
  }
  if (EndsWith(core, kShortGreeting)) {
    const std::string_view before = core.substr(0, core.size() - kShortGreeting.size());
    if (EndsWithTitle(before) > 0 || IsOneOf(before, kTitles)) core = before;
  }
  if (IsCommonHanWord(core) || HoldsFunctionChar(core) || IsOneOf(core, kTitles)) return;
  std::string_view name = core;
  if (const size_t title = EndsWithTitle(core); title > 0) {
    name = core.substr(0, core.size() - title);  // the surname
    if (!IsChineseName(name, 1, 2)) return;
  } else if (!IsChineseName(core, 2, 3)) {
    return;
  }
  if (HoldsKana(rest)) return;  // last: it reads the whole message
  ReplaceByName(begin, static_cast<uint32_t>(begin + name.size()), tokens);
}

void ReadNames(const FeatureOptions& options, std::string_view text, std::vector<Token>* tokens) {
  if (options.foreign_script_names) NameForeignScriptRuns(tokens);
  if (options.vocative_names) NameLeadingVocative(text, tokens);
}

}  // namespace meetintent
