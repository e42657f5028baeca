#include "vocative_names.h"

#include <algorithm>
#include <iterator>
#include <cstring>
#include <vector>

#include "affix.h"
#include "foreign_names.h"
#include "meetintent/placeholder.h"
#include "utf8.h"

namespace meetintent {
namespace {

#include "common_han_words.inc"

// A Japanese name before its honorific: one to six characters ("翔",
// "みさき", "倫太郎", "長谷川健太")...
constexpr size_t kMaxJapaneseNameChars = 6;
// ...so the opening run of Han and kana that ends with the honorific is at
// most this long; longer runs are sentences.
constexpr size_t kMaxRunChars = 9;

// Honorifics and the titles that follow a Japanese surname ("田中部長").
// Longest first where one ends another (さま, 様).
constexpr std::string_view kHonorifics[] = {
    u8"ちゃん", u8"さん", u8"さま", u8"くん", u8"先生", u8"先輩", u8"様", u8"君", u8"氏", u8"殿",
    u8"部長", u8"課長", u8"社長", u8"係長", u8"店長", u8"所長", u8"会長", u8"専務", u8"常務",
    u8"主任", u8"教授", u8"監督",
};

// The last characters of the honorifics, three UTF-8 bytes each; of those
// only Japanese uses (さん, 様, 殿, 氏, 先輩).
constexpr std::string_view kHonorificEnds = u8"んま生輩様君氏殿長務任授督";
constexpr std::string_view kJapaneseOnlyEnds = u8"んま輩様氏殿";

// Honorifics after a name anywhere in Japanese text, and their first
// characters (tokens of their own). 君, くん and the titles are left to
// openings: "君は" is "you", "行くんだ" is a verb.
constexpr std::string_view kMentionHonorifics[] = {u8"ちゃん", u8"さん", u8"さま", u8"先生",
                                                   u8"先輩", u8"様", u8"氏"};

// The first three bytes of `s` (its first character, for those above) as
// one number: U+3055 さ is 0xE38195.
constexpr uint32_t FirstChar(std::string_view s) {
  return uint32_t{static_cast<unsigned char>(s[0])} << 16 | uint32_t{static_cast<unsigned char>(s[1])} << 8 |
         static_cast<unsigned char>(s[2]);
}
inline uint32_t FirstChar(const unsigned char* p) { return uint32_t{p[0]} << 16 | uint32_t{p[1]} << 8 | p[2]; }

// The low six bits of the third bytes of kMentionHonorifics' first
// characters, as bits: a cheap test that most tokens fail.
constexpr uint64_t MentionThirdBytes() {
  uint64_t bits = 0;
  for (std::string_view h : kMentionHonorifics) bits |= uint64_t{1} << (static_cast<unsigned char>(h[2]) & 0x3F);
  return bits;
}
constexpr uint64_t kMentionThirdBytes = MentionThirdBytes();

// Han characters that may follow a name's honorific ("田中さん達", "様宛").
constexpr std::string_view kAfterNameHonorific = u8"達宛宅家";

constexpr std::string_view kPolitePrefixes[] = {u8"お", u8"ご", u8"御"};

// Before 様 or さま only: 王様, 神様 (王さん is a name).
// Also ordinary words that end in 様 (仕様 "specification", 多様, 模様, 何様) and
// counters (2名様, 何名様); read as the run's last characters (雨模様).
constexpr std::string_view kNotNamesBeforeSama[] = {u8"王", u8"神", u8"仏", u8"殿", u8"男王", u8"俺", u8"貴",
                                                    u8"仕", u8"多", u8"異", u8"模", u8"左", u8"人", u8"何",
                                                    u8"一", u8"有", u8"無", u8"名", u8"何名"};

// Characters of the lists above that also end given names or surnames
// (data/names: 花子, 直人, 和夫, 美姫, 健一; 山本, 本多): a word only when the
// whole run.
constexpr std::string_view kNameEndings = u8"子人夫一有大貴姫公兄親名本多";

// Time words, which Japanese writes before a name without a particle
// ("明日田中さんと"): the name starts after them, and they alone are no name
// ("明日ちゃんと来てね", "今日先生に").
constexpr std::string_view kTimeWords[] = {
    u8"今日", u8"明日", u8"昨日", u8"今夜", u8"今朝", u8"今晩", u8"今度", u8"来週", u8"先週", u8"今週",
    u8"本日", u8"毎日", u8"明後日", u8"週末", u8"来月", u8"今月", u8"先月", u8"先日", u8"後日", u8"毎朝",
    u8"毎晩", u8"昨晩", u8"昨夜", u8"明朝", u8"今年", u8"来年", u8"去年", u8"毎週", u8"平日", u8"休日",
};

// Last characters of role, trade and company words: 担当者, 駅員, 人事部,
// 八百屋, 歯医者, 営業, 園長, 担任, 3社, 美容師, 警察官, 作家. (Not 士, 人, 手
// nor 部: 剛士 and 直人 are given names, 井手 and 阿部 surnames; departments
// are listed as words below.)
constexpr std::string_view kRoleEnds = u8"屋者員課係業医長任社師官家局婦";
// Surnames that end like a role word (土屋, not 花屋).
constexpr std::string_view kSurnamesWithRoleEnds[] = {u8"土屋", u8"古屋", u8"守屋", u8"関屋", u8"大屋",
                                                     u8"岩屋", u8"高屋", u8"宮屋", u8"長屋"};

// Words before an honorific that are not names: family, partners, everyone,
// roles, pronouns, and たく of たくさん ("お母さん", "皆さん", "どちら様"). The text is
// read after gendered words are folded (src/gender_fold.h: 姉 as 兄, 彼女 as
// 彼, 奥さん as 旦那), so the lists hold the folded words.
// Words starting with お, ご or 御 are not names either ("お客様", "ご主人様",
// "お疲れさま"), nor role words (kRoleEnds).
constexpr std::string_view kJapaneseNotNames[] = {
    u8"皆", u8"みな", u8"みんな", u8"皆々", u8"奥", u8"赤", u8"兄", u8"父", u8"息子", u8"嫁",
    u8"旦那", u8"彼", u8"彼氏", u8"親", u8"弟", u8"義兄", u8"義父", u8"義弟", u8"王子", u8"姫",
    u8"爺", u8"公", u8"叔父",
    u8"伯父", u8"坊", u8"ぼっ", u8"嬢", u8"ママ", u8"パパ", u8"ママ友", u8"猫", u8"ワン", u8"客",
    u8"教授", u8"博士", u8"監督", u8"先生", u8"先輩", u8"大先輩", u8"後輩", u8"皆様", u8"あなた",
    u8"貴方", u8"きみ", u8"相手", u8"先方", u8"そちら", u8"こちら", u8"どちら", u8"どなた",
    u8"諸", u8"同", u8"両", u8"一行", u8"大", u8"教頭", u8"幹事", u8"担当", u8"新人", u8"大工",
    u8"運転手", u8"看護師", u8"大家", u8"たく", u8"じい", u8"ばあ", u8"ねえ", u8"にい", u8"かあ",
    u8"とう", u8"ありがと", u8"よろしく", u8"毎度",
    // People by their relation or their work ("恋人さん", "上司さん", "弁護士さん",
    // "スタッフさん"), in Han and in Katakana.
    u8"恋人", u8"友人", u8"友達", u8"知人", u8"本人", u8"隣人", u8"主人", u8"職人", u8"管理人",
    u8"仲人", u8"同僚", u8"上司", u8"部下", u8"取引先", u8"元カレ", u8"元カノ", u8"元彼", u8"元嫁",
    u8"隣", u8"近所", u8"地元", u8"祖父", u8"祖母", u8"従兄弟", u8"従姉妹", u8"孫", u8"婿", u8"犬",
    u8"家族", u8"親戚", u8"親御", u8"生徒", u8"学生", u8"常連", u8"店主", u8"家主", u8"地主",
    u8"亭主", u8"女将", u8"親方", u8"相方", u8"師匠", u8"弟子", u8"司会", u8"受付", u8"配達",
    u8"大臣", u8"住職", u8"和尚", u8"坊主", u8"神父", u8"神主", u8"弁護士", u8"税理士", u8"会計士",
    u8"保育士", u8"介護士", u8"消防士", u8"栄養士", u8"建築士", u8"整備士", u8"弁理士",
    u8"パートナー", u8"マネージャー", u8"マネジャー", u8"オーナー", u8"カメラマン", u8"ドライバー",
    u8"シェフ", u8"コーチ", u8"トレーナー", u8"ガイド", u8"スタッフ", u8"バイト", u8"アルバイト",
    u8"インストラクター", u8"デザイナー", u8"エンジニア", u8"プロデューサー", u8"ディレクター",
    u8"ライター", u8"モデル", u8"リーダー", u8"メンバー", u8"ファン", u8"ボス", u8"カレ", u8"選手", u8"歌手",
    u8"助手", u8"騎手", u8"投手", u8"人事部", u8"営業部", u8"総務部", u8"経理部", u8"開発部", u8"広報部",
    u8"企画部", u8"技術部", u8"法務部", u8"購買部", u8"編集部", u8"事業部", u8"本部", u8"幹部",
    u8"カノジョ", u8"ダーリン", u8"ハニー", u8"シッター", u8"ベビーシッター", u8"ヘルパー",
    u8"セラピスト", u8"ホスト", u8"ゲスト", u8"オペレーター", u8"アシスタント", u8"クライアント",
    u8"ユーザー", u8"バイヤー", u8"サポーター", u8"ボランティア", u8"お隣", u8"殿",
    // Found by a review of these rules (2026-12-04): kin, trades, departments
    // and parts of titles (本部長, 副社長, 代表取締役社長, 人事部長), and words
    // before 氏 (摂氏, 某氏).
    u8"姑", u8"舅", u8"子", u8"子供", u8"夫", u8"妻", u8"家内", u8"花嫁", u8"新婦", u8"新郎", u8"甥", u8"姪",
    u8"留学生", u8"住人", u8"美人", u8"得意先", u8"運営", u8"人事", u8"経理", u8"総務", u8"事務", u8"広報",
    u8"本", u8"副", u8"代表", u8"取締役", u8"摂", u8"某", u8"各", u8"メーカー", u8"パート", u8"サンタ",
    u8"カレシ", u8"ネコ", u8"パパ友",
};

// Hiragana particles: one after Han or Katakana makes a phrase ("私の母",
// "ドイツのお客"), not a name ("のり子").
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
    u8"阿姨", u8"大哥", u8"叔叔", u8"伯伯", u8"哥哥", u8"弟弟", u8"总", u8"總", u8"董", u8"导",
    u8"導", u8"工", u8"哥", u8"叔", u8"姨",
};

// The last characters of kTitles.
constexpr std::string_view kTitleEnds = u8"理师師士任生授板闆监監管长長记記学學傅兄哥弟裁演姨总總董导導工叔伯";

// Not a surname before a title: 三叔, 小姨, 堂哥, 表哥, 老先生, 新同学.
constexpr std::string_view kNotSurnames = u8"小老大二三四表堂新各这這诸諸两兩舅姑伯叔阿亲親";

// A greeting after the name: "伟泽你好，", "张总您好，", "李老师好，",
// "伟泽好，"; but "早上好，", "大家好，" and "那好，" greet or reply, and "優好"
// is a name.
constexpr std::string_view kGreetings[] = {u8"你好", u8"您好"};
constexpr std::string_view kShortGreeting = u8"好";
constexpr std::string_view kBeforeShortGreeting = u8"那都还還挺真太很好也就最超蛮你您大问問早晚午";

// Greetings that may open a message before the name, as normalized text
// reads them; longest first where one starts another.
constexpr std::string_view kOpeningGreetings[] = {
    u8"おはようございます", u8"お疲れ様です", u8"お疲れさまです", u8"おつかれさまです", u8"こんにちは",
    u8"こんばんは", u8"おはよう", u8"はじめまして", u8"早上好", u8"上午好", u8"中午好", u8"下午好",
    u8"晚上好", u8"你好", u8"您好", u8"哈喽", u8"哈啰", u8"嗨", "hello", "hey", "hi", "dear",
};
constexpr std::string_view kLatinGreetings[] = {"hello", "hey", "hi", "dear"};
// The first characters of the CJK greetings.
constexpr std::string_view kGreetingStarts[] = {u8"お", u8"こ", u8"は", u8"早", u8"上", u8"中", u8"下",
                                                u8"晚", u8"你", u8"您", u8"哈", u8"嗨"};
// Separators written in CJK text (the fullwidth comma and "!" are folded to
// ASCII by normalization, these are not).
constexpr std::string_view kIdeographicSpace = u8"\u3000";
constexpr std::string_view kWideSeparators[] = {u8"、", u8"。", kIdeographicSpace};

// Japanese interjections and replies, which a Chinese message may open with
// ("はい，OK"); any other kana before the comma is a name ("みさき，").
constexpr std::string_view kKanaNotNames[] = {
    u8"はい", u8"うん", u8"ええ", u8"いいえ", u8"いや", u8"あの", u8"あのね", u8"ねえ", u8"ほら",
    u8"まあ", u8"じゃ", u8"じゃあ", u8"では", u8"よし", u8"おい", u8"やあ", u8"えっと", u8"うーん",
    u8"ありがとう", u8"すみません", u8"ごめん", u8"ごめんね", u8"おはよう", u8"こんにちは",
    u8"こんばんは", u8"さようなら", u8"じゃね", u8"またね", u8"おけ", u8"おっけー", u8"りょうかい",
    u8"よろしく", u8"どうも", u8"もしもし", u8"はーい", u8"うんうん", u8"オッケー", u8"オーケー",
    u8"ぜひ", u8"もちろん", u8"いいね", u8"いいよ", u8"ありがと", u8"おつかれ", u8"なるほど",
    u8"たしかに", u8"よかった", u8"おめでとう", u8"さすが", u8"わかった",
};



// Roles, net slang and pet names that jieba's list lacks ("学霸，", "甲方，",
// "小傻瓜，"), found by a review of these rules.
constexpr std::string_view kChatNotNames[] = {
    u8"学霸", u8"学渣", u8"群主", u8"楼主", u8"甲方", u8"乙方", u8"外卖", u8"店长", u8"面试官", u8"新同事",
    u8"打工人", u8"干饭人", u8"小傻瓜", u8"小懒猪", u8"崽崽", u8"臭宝", u8"宝子", u8"家人们", u8"小可怜",
    u8"小笨蛋", u8"小坏蛋", u8"小祖宗", u8"大宝贝", u8"猪猪", u8"乖乖", u8"亲亲", u8"老铁", u8"大佬",
};

// Function characters, interjections and counters that no opening name
// holds but phrases do ("我到了，", "确认了，", "七点半，", "呵呵，", "明晚，",
// "下周三，"). Checked against the name lists of data/names: 5 of the 10,246
// Han names hold one.
constexpr std::string_view kFunctionChars =
    u8"了的吗嗎呢吧啊哦呀嘛啦哈嗯喂嗨嘿哎唉哇呃喔噢诶欸我你您他她它们們这這是不没沒说說跟"
    u8"给給就很到个個请請再还還又才被把让讓要会會过過着著得么麼什怎谁誰哪为為因所但而或"
    u8"从從对對每各些点點号號已啥先呵嘻呜嗚嘞滴哒噠唷刚晚下诸諸週拜节两兩";

// Whether `s` ends with one of `chars`, all three-byte characters (a whole
// character's bytes match only at a character boundary).
bool EndsWithAnyOf(std::string_view s, std::string_view chars) {
  if (s.size() < 3) return false;
  const char* last = s.data() + s.size() - 3;
  for (size_t i = 0; i + 3 <= chars.size(); i += 3) {
    if (chars[i + 2] == last[2] && chars[i + 1] == last[1] && chars[i] == last[0]) return true;
  }
  return false;
}

// The byte length of the title that ends `s` after at least one more
// character, or 0.
size_t EndsWithTitle(std::string_view s) {
  if (!EndsWithAnyOf(s, kTitleEnds)) return 0;  // most openings
  for (std::string_view title : kTitles) {
    if (s.size() > title.size() && EndsWith(s, title)) return title.size();
  }
  return 0;
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
  const char* p = s.data();
  const char* end = p + s.size();
  while ((p = static_cast<const char*>(std::memchr(p, 0xE3, static_cast<size_t>(end - p)))) != nullptr) {
    if (++p == end) return false;
    const auto c = static_cast<unsigned char>(*p);
    if (c >= 0x81 && c <= 0x83) return true;
  }
  return false;
}

// U+3005 々 repeats the Han character before it ("奈々").
constexpr char32_t kIterationMark = 0x3005;

bool IsKana(char32_t c) { return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF); }

bool IsHan(char32_t c) { return c == kIterationMark || (IsHanOrKana(c) && !IsKana(c)); }

bool IsKatakana(char32_t c) { return (c >= 0x30A0 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF); }

bool HoldsHan(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  char32_t c = 0;
  for (size_t i = 0, n; i < s.size(); i += n) {
    if ((n = DecodeUtf8(p, s.size(), i, &c)) == 0) return false;
    if (IsHan(c)) return true;
  }
  return false;
}

// Whether a character of `s` is one of `chars`, all three-byte characters.
bool HoldsAnyOf(std::string_view s, std::string_view chars) {
  for (size_t i = 0; i + 3 <= s.size(); i += 3) {
    if (chars.find(s.substr(i, 3)) != std::string_view::npos) return true;
  }
  return false;
}

// Whether a particle follows a Han or Katakana character in s.
bool HoldsParticleAfterHan(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  bool after_han = false;
  for (size_t i = 0; i < s.size();) {
    char32_t c = 0;
    const size_t n = DecodeUtf8(p, s.size(), i, &c);
    if (n == 0) return false;
    if (after_han && kParticles.find(s.substr(i, n)) != std::string_view::npos) return true;
    after_han = IsHan(c) || (c >= 0x30A0 && c <= 0x30FF);
    i += n;
  }
  return false;
}

// Whether a token starts with Han, kana or 々. Tokens are valid UTF-8, and
// most of these characters are three bytes (U+3005..U+9FFF: E3..E9).
// Whether `s` starts with a Han character or 々.
bool StartsWithHan(std::string_view s) {
  char32_t c = 0;
  return !s.empty() && DecodeUtf8(reinterpret_cast<const unsigned char*>(s.data()), s.size(), 0, &c) > 0 &&
         IsHan(c);
}

// Whether a token is Han (or 々) or Katakana: the scripts a name before an
// honorific is written in inside a sentence (Hiragana there is particles).
bool IsHanOrKatakanaToken(const Token& t) {
  char32_t c = 0;
  return !t.text.empty() &&
         DecodeUtf8(reinterpret_cast<const unsigned char*>(t.text.data()), t.text.size(), 0, &c) > 0 &&
         (IsHan(c) || IsKatakana(c));
}

bool IsHanOrKanaToken(const Token& t) {
  const auto* p = reinterpret_cast<const unsigned char*>(t.text.data());
  if (t.text.size() >= 3 && p[0] >= 0xE3 && p[0] <= 0xE9) {
    const char32_t c = CombineUtf8Three(p);
    return IsHanOrKana(c) || c == kIterationMark;
  }
  if (t.text.empty() || p[0] < 0xEF) return false;
  char32_t c = 0;
  return DecodeUtf8(p, t.text.size(), 0, &c) > 0 && IsHanOrKana(c);
}

// Whether `word` is one of kJapaneseNotNames, by a binary search over them,
// sorted once.
bool IsJapaneseNotName(std::string_view word) {
  static const std::vector<std::string_view> sorted = [] {
    std::vector<std::string_view> out(std::begin(kJapaneseNotNames), std::end(kJapaneseNotNames));
    std::sort(out.begin(), out.end());
    return out;
  }();
  return std::binary_search(sorted.begin(), sorted.end(), word);
}

// Where the name starts in `run`, the Han and kana before `honorific`, or
// npos when they are no name. The honorific belongs to the word that ends the
// run if any of its last characters make one ("昨日彼氏と": 彼 + 氏, "今日母さん",
// "採用担当様", "雨模様"); a time word that opens the run is not part of the
// name ("明日田中さん": 田中), and alone is no name.
size_t JapaneseNameStart(std::string_view run, std::string_view honorific) {
  // Lists read once: the first characters of the time words, and the last
  // characters of the words that are no name (a run ending in none of them
  // holds no such word at its end).
  static const std::pair<std::vector<uint32_t>, std::vector<uint32_t>> firsts_and_lasts = [] {
    std::vector<uint32_t> firsts, lasts;
    for (std::string_view w : kTimeWords) firsts.push_back(FirstChar(w));
    for (std::string_view w : kJapaneseNotNames) lasts.push_back(FirstChar(w.substr(w.size() - 3)));
    for (std::string_view w : kNotNamesBeforeSama) lasts.push_back(FirstChar(w.substr(w.size() - 3)));
    std::sort(firsts.begin(), firsts.end());
    std::sort(lasts.begin(), lasts.end());
    return std::make_pair(firsts, lasts);
  }();
  if (run.size() < 3) return std::string_view::npos;
  size_t start = 0;
  if (std::binary_search(firsts_and_lasts.first.begin(), firsts_and_lasts.first.end(), FirstChar(run))) {
    for (std::string_view time : kTimeWords) {
      if (run.size() >= time.size() && run.substr(0, time.size()) == time) {
        // Alone it is no name; before one character it may start one
        // (明日香, 今日子), before two or more it is a word (明日田中).
        const size_t after = CountCodePoints(run.substr(time.size()));
        if (after == 0) return std::string_view::npos;
        if (after >= 2) start = time.size();
        break;
      }
    }
  }
  const std::string_view name = run.substr(start);
  // (A run can end in a combining mark: a name is at least one three-byte
  // character.)
  if (name.size() < 3 || CountCodePoints(name) > kMaxJapaneseNameChars)
    return std::string_view::npos;
  if (StartsWith(name, u8"お") || StartsWith(name, u8"ご") || StartsWith(name, u8"御")) {
    return std::string_view::npos;
  }
  if ((EndsWithAnyOf(name, kRoleEnds) && !IsOneOf(name, kSurnamesWithRoleEnds)) || HoldsParticleAfterHan(name)) {
    return std::string_view::npos;
  }
  const uint32_t last = FirstChar(name.substr(name.size() - 3));
  if (!std::binary_search(firsts_and_lasts.second.begin(), firsts_and_lasts.second.end(), last)) return start;
  const bool sama = honorific == u8"様" || honorific == u8"さま";
  const auto* p = reinterpret_cast<const unsigned char*>(name.data());
  char32_t previous = 0;
  for (size_t i = 0, n; i < name.size(); i += n) {  // every suffix, the whole first
    char32_t c;
    if ((n = DecodeUtf8(p, name.size(), i, &c)) == 0) return std::string_view::npos;
    const std::string_view suffix = name.substr(i);
    // A last character that ends given names (花子, 直人, 美姫) is a word only
    // as the whole run, and so is the end of a Katakana word (ステファン).
    if (i > 0 && i + n == name.size() && kNameEndings.find(suffix) != std::string_view::npos) break;
    const bool inside_katakana_word = i > 0 && IsKatakana(c) && IsKatakana(previous);
    previous = c;
    if (inside_katakana_word) continue;
    if (IsJapaneseNotName(suffix) || (sama && IsOneOf(suffix, kNotNamesBeforeSama))) {
      return std::string_view::npos;
    }
  }
  return start;
}

// A name in Chinese text of `chars` characters: not a frequent word, no
// function character, not a Japanese interjection.
bool IsChineseName(std::string_view name, size_t min_chars, size_t max_chars) {
  const size_t chars = CountCodePoints(name);
  return chars >= min_chars && chars <= max_chars && !IsCommonHanWord(name) && !IsOneOf(name, kChatNotNames) &&
         !HoldsFunctionChar(name) && (HoldsHan(name) || !IsOneOf(name, kKanaNotNames));
}

// The offset of the first byte at or after `i` that is not whitespace nor,
// with `marks`, a separating mark (",", "!", "~", ".", "、", "。").
size_t SkipSeparators(std::string_view text, size_t i, bool marks) {
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
        (marks && (c == ',' || c == '!' || c == '~' || c == '.'))) {
      ++i;
      continue;
    }
    size_t n = 0;
    for (std::string_view sep : kWideSeparators) {
      if (text.substr(i, sep.size()) == sep && (marks || sep == kIdeographicSpace)) n = sep.size();
    }
    if (n == 0) break;
    i += n;
  }
  return i;
}

// Where a name opening `text` would start: after leading whitespace and an
// opening greeting with what separates it ("你好，伟泽，",
// "こんにちは、みさきさん", "Hi 伟泽，").
size_t NameStart(std::string_view text) {
  const size_t i = SkipSeparators(text, 0, /*marks=*/false);
  // Most messages start with none of the greetings' first characters.
  if (i + 3 > text.size() || !IsOneOf(text.substr(i, 3), kGreetingStarts)) {
    if (i + 2 > text.size() || (text[i] != 'h' && text[i] != 'd')) return i;
  }
  for (std::string_view greeting : kOpeningGreetings) {
    // Two bytes tell most greetings apart before the whole is compared.
    if (text.size() - i < greeting.size() || text[i] != greeting[0] || text[i + 1] != greeting[1] ||
        text.substr(i, greeting.size()) != greeting) {
      continue;
    }
    const size_t after = SkipSeparators(text, i + greeting.size(), /*marks=*/true);
    // A greeting needs a space or mark after it: "history" is no "hi", and
    // "你好靠谱，" says "you are so reliable".
    if (after == i + greeting.size()) continue;
    return after;
  }
  return i;
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

// NameLeadingVocative, told whether `text` holds kana (ReadNames asks once
// for both rules).
void NameLeadingVocativeIn(std::string_view text, bool text_holds_kana, std::vector<Token>* tokens) {
  std::vector<Token>& t = *tokens;
  // Most messages: their first token is not Han or kana, nor a Latin
  // greeting before them ("Hi 伟泽，").
  if (t.empty() || (!IsHanOrKanaToken(t[0]) && !(t.size() > 1 && IsHanOrKanaToken(t[1]) &&
                                                  IsOneOf(t[0].text, kLatinGreetings)))) {
    return;
  }
  // The run of touching Han and kana tokens where the name would be: the
  // message's first, or the one after an opening greeting.
  const size_t start = NameStart(text);
  size_t first = 0;
  while (first < t.size() && t[first].begin < start) ++first;
  if (first == t.size() || t[first].begin != start || !IsHanOrKanaToken(t[first])) return;
  size_t k = first, chars = 0;
  while (k < t.size() && IsHanOrKanaToken(t[k]) && (k == first || t[k].begin == t[k - 1].end)) {
    if ((chars += CountCodePoints(t[k].text)) > kMaxRunChars) return;
    ++k;
  }
  const uint32_t begin = t[first].begin;
  const std::string_view run = text.substr(begin, t[k - 1].end - begin);
  const std::string_view rest = text.substr(t[k - 1].end);

  // Japanese: a name before an honorific, in a message with kana or before
  // an honorific Chinese does not use (Chinese text reads "王先生，" by its
  // own rules below). Every honorific ends in one of kHonorificEnds; most
  // runs end in none.
  if (EndsWithAnyOf(run, kHonorificEnds)) {
    for (std::string_view honorific : kHonorifics) {
      if (!EndsWith(run, honorific)) continue;
      if (!EndsWithAnyOf(honorific, kJapaneseOnlyEnds) && !(text_holds_kana && HoldsKana(text.substr(begin)))) {
        break;
      }
      const std::string_view name = run.substr(0, run.size() - honorific.size());
      const size_t name_start = JapaneseNameStart(name, honorific);
      if (name_start != std::string_view::npos) {
        ReplaceByName(static_cast<uint32_t>(begin + name_start), static_cast<uint32_t>(begin + name.size()),
                      tokens);
      }
      return;
    }
  }

  // Chinese: a name before a comma (or "!", "~"), in a message without kana.
  if (rest.empty() || !(rest[0] == ',' || rest[0] == '!' || rest[0] == '~' ||
                        StartsWith(rest, u8"，") || StartsWith(rest, u8"、"))) {
    return;
  }
  // Kana alone, only before a comma ("みさき，"; "ぜひ！" exclaims).
  if (!HoldsHan(run) && !(StartsWith(rest, ",") || StartsWith(rest, u8"，") || StartsWith(rest, u8"、"))) {
    return;
  }
  std::string_view core = run;
  for (std::string_view greeting : kGreetings) {
    if (EndsWith(core, greeting) && core.size() > greeting.size()) {
      core.remove_suffix(greeting.size());
      break;
    }
  }
  if (EndsWith(core, kShortGreeting)) {
    const std::string_view before = core.substr(0, core.size() - kShortGreeting.size());
    if (EndsWithTitle(before) > 0 || IsOneOf(before, kTitles)) {
      core = before;  // 李老师好
    } else if (CountCodePoints(before) == 1) {
      if (HoldsAnyOf(before, kBeforeShortGreeting)) return;  // 那好; 優好 is a name
    } else {
      if (IsCommonHanWord(before) || HoldsFunctionChar(before)) return;  // 早上好
      core = before;  // 伟泽好
    }
  }
  // A name is two or three characters, or up to three and a title; longer
  // openings are clauses (most of those that reach here).
  const size_t title = EndsWithTitle(core);
  if (title == 0 && CountCodePoints(core) > 3) return;
  // A frequent word is not a name ("学长", "小姐"), but a frequent surname
  // and title is ("王先生": the surname is checked below).
  const bool titled = title > 0;
  if (((!titled || CountCodePoints(core) == 2) && IsCommonHanWord(core)) ||
      IsOneOf(core, kTitles) || IsJapaneseNotName(core)) {
    return;
  }
  std::string_view name = core;
  if (titled) {
    name = core.substr(0, core.size() - title);  // the surname, or a full name
    // "谢谢赵总，", "抱歉陈总，": a word, then the surname.
    if (CountCodePoints(name) == 3 && IsCommonHanWord(name.substr(0, 6))) name.remove_prefix(6);
    if (!IsChineseName(name, 1, 3) ||
        (CountCodePoints(name) == 1 && HoldsAnyOf(name, kNotSurnames)) ||
        EndsWithAnyOf(name, kRoleEnds)) {  // 園長先生
      return;
    }
  } else if (!IsChineseName(core, 2, 3)) {
    return;
  }
  if (text_holds_kana && HoldsKana(rest)) return;  // last: it reads the whole message
  const auto name_begin = static_cast<uint32_t>(name.data() - text.data());
  ReplaceByName(name_begin, static_cast<uint32_t>(name_begin + name.size()), tokens);
}

}  // namespace

void NameLeadingVocative(std::string_view text, std::vector<Token>* tokens) {
  NameLeadingVocativeIn(text, HoldsKana(text), tokens);
}

void NameBeforeHonorifics(std::string_view text, std::vector<Token>* tokens) {
  std::vector<Token>& t = *tokens;
  // One walk over the tokens, compacting as names are read: t[0, w) is the
  // reading so far, so a message of many names stays linear. An honorific
  // starts at a token; most tokens start with none of their first characters.
  size_t w = 0;
  for (size_t r = 0; r < t.size(); ++r) {
    t[w] = t[r];
    const size_t i = w++;
    const uint32_t at = t[i].begin;
    if (i == 0 || at + 3 > text.size()) continue;
    const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + at;
    if ((kMentionThirdBytes >> (p[2] & 0x3F) & 1) == 0) continue;  // most tokens
    const uint32_t first = FirstChar(p);
    std::string_view honorific;
    for (std::string_view h : kMentionHonorifics) {
      if (FirstChar(h) == first && text.substr(at, h.size()) == h) {
        honorific = h;
        break;
      }
    }
    if (honorific.empty()) continue;
    // 様子, 氏名, 先生方: a Han character after it makes another word, but
    // for 達, 宛, 宅 and 家 ("田中さん達", "田中様宛", "田中さん宅").
    const std::string_view after = text.substr(at + honorific.size());
    if (StartsWithHan(after) && !(after.size() >= 3 && kAfterNameHonorific.find(after.substr(0, 3)) !=
                                                           std::string_view::npos)) {
      continue;
    }
    // The name: touching Han and Katakana tokens before the honorific, after
    // anything else (a particle, a mark, the start): "明日は田中さんと",
    // "マリアさんに".
    size_t j = i, chars = 0;
    while (j > 0 && t[j - 1].end == t[j].begin && IsHanOrKatakanaToken(t[j - 1]) &&
           (chars += CountCodePoints(t[j - 1].text)) <= kMaxJapaneseNameChars) {
      --j;
    }
    if (j == i || chars > kMaxJapaneseNameChars) continue;
    // ご苦労様, お客さん: an honorific prefix makes a polite word.
    if (j > 0 && t[j - 1].end == t[j].begin && IsOneOf(t[j - 1].text, kPolitePrefixes)) continue;
    const std::string_view run = text.substr(t[j].begin, t[i - 1].end - t[j].begin);
    const size_t start = JapaneseNameStart(run, honorific);
    if (start == std::string_view::npos) continue;
    size_t k = j;  // the name's first token, after a time word
    while (k < i && t[k].begin < t[j].begin + start) ++k;
    if (k == i || t[k].begin != t[j].begin + start) continue;
    const Token honorific_token = t[i];
    t[k].text = kNamePlaceholder;
    t[k].end = t[i - 1].end;
    t[k + 1] = honorific_token;
    w = k + 2;
  }
  t.resize(w);
}

void ReadNames(const FeatureOptions& options, std::string_view text, std::vector<Token>* tokens) {
  // The tokens are views into `text`: most texts are told by a scan of it.
  if (options.foreign_script_names && MayHoldForeignScript(text)) NameForeignScriptRuns(tokens);
  if (options.vocative_names) {
    const bool kana = HoldsKana(text);
    NameLeadingVocativeIn(text, kana, tokens);
    if (kana) NameBeforeHonorifics(text, tokens);
  }
}

}  // namespace meetintent
