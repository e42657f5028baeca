// Names that open a Chinese or Japanese message (src/vocative_names.h):
// which read as the name stand-in, and which openings stay words.
#include "vocative_names.h"

#include <iterator>
#include <random>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "name_rules_test_util.h"

namespace meetintent {
namespace {

// The tokens of `text` after the rule, with "<name>" for the stand-in.
std::vector<std::string> Read(const std::string& text) {
  return testing::TokensAfterRule(text, NameLeadingVocative);
}

// The first `n` tokens of `text`, joined by spaces.
std::string Opening(const std::string& text, size_t n) {
  const std::vector<std::string> tokens = Read(text);
  std::string out;
  for (size_t i = 0; i < n && i < tokens.size(); ++i) out += (i ? " " : "") + tokens[i];
  return out;
}

bool HasName(const std::string& text) {
  for (const std::string& t : Read(text)) {
    if (t == "<name>") return true;
  }
  return false;
}

TEST(VocativeNamesTest, JapaneseNamesBeforeAnHonorific) {
  EXPECT_EQ(Opening(u8"みさきさん、明日空いてる？", 3), u8"<name> さ ん");
  EXPECT_EQ(Opening(u8"佐藤様\n\n先日はありがとうございました。", 2), u8"<name> 様");
  EXPECT_EQ(Opening(u8"健太くん、お疲れ", 3), u8"<name> く ん");
  EXPECT_EQ(Opening(u8"マリアさん、LT最高でした", 2), u8"<name> さ");
  EXPECT_EQ(Opening(u8"周先生〜 明日の研究会", 3), u8"<name> 先 生");
  // The iteration mark and a name that starts with a particle's kana.
  EXPECT_EQ(Opening(u8"奈々ちゃん、またね", 2), u8"<name> ち");
  EXPECT_EQ(Opening(u8"のり子さん、明日", 2), u8"<name> さ");
  // Long names, a surname before a Japanese title, 王 before さん.
  EXPECT_EQ(Opening(u8"長谷川健太さん、明日", 2), u8"<name> さ");
  EXPECT_EQ(Opening(u8"田中部長、明日の会議ですが", 3), u8"<name> 部 長");
  EXPECT_EQ(Opening(u8"王さん、明日は空いてますか", 2), u8"<name> さ");
}

TEST(VocativeNamesTest, JapaneseWordsBeforeAnHonorificStay) {
  EXPECT_FALSE(HasName(u8"お母さん、今日は遅くなる"));
  EXPECT_FALSE(HasName(u8"皆さん、お疲れ様です"));
  EXPECT_FALSE(HasName(u8"みなさま、よろしくお願いします"));
  EXPECT_FALSE(HasName(u8"社長さん、明日の件"));
  EXPECT_FALSE(HasName(u8"たくさん、ありがとう"));
  EXPECT_FALSE(HasName(u8"お疲れさま！また明日"));
  EXPECT_FALSE(HasName(u8"私の母さん、元気？"));
  // Roles, pronouns, 王様; a particle after Katakana.
  EXPECT_FALSE(HasName(u8"担当者様、よろしくお願いします"));
  EXPECT_FALSE(HasName(u8"八百屋さん、ありがとう"));
  EXPECT_FALSE(HasName(u8"どちら様ですか、と聞かれた"));
  EXPECT_FALSE(HasName(u8"王様、ゲームしよう"));
  EXPECT_FALSE(HasName(u8"ドイツのお客様、明日来ます"));
  EXPECT_FALSE(HasName(u8"奥さん、元気？"));  // read as 旦那 (gender folding)
  // Not the opening run, or not ending in the honorific.
  EXPECT_FALSE(HasName(u8"明日は田中さんと会います"));
  EXPECT_FALSE(HasName(u8"みさき、明日ひま？"));
}

TEST(VocativeNamesTest, ChineseNamesBeforeAComma) {
  EXPECT_EQ(Opening(u8"伟泽，明天有空吗？", 2), u8"<name> 明");
  EXPECT_EQ(Opening(u8"伟泽,明天有空吗？", 2), u8"<name> 明");
  EXPECT_FALSE(HasName(u8"欧阳娜娜，好久不见")) << "four characters are too many";
  EXPECT_EQ(Opening(u8"小周，中午有空吗？", 2), u8"<name> 中");
  EXPECT_EQ(Opening(u8"伟泽你好，想约你喝咖啡", 3), u8"<name> 你 好");
  // A title after the surname stays a word.
  EXPECT_EQ(Opening(u8"王总，明天方便吗", 2), u8"<name> 总");
  EXPECT_EQ(Opening(u8"陈老师，能约您喝杯咖啡吗", 3), u8"<name> 老 师");
  EXPECT_EQ(Opening(u8"李老师好，想请教一下", 4), u8"<name> 老 师 好");
  EXPECT_EQ(Opening(u8"陳經理，下週三方便嗎", 3), u8"<name> 經 理");
  // A full name before a title; a word before the surname.
  EXPECT_EQ(Opening(u8"张伟泽老师，明天见", 3), u8"<name> 老 师");
  EXPECT_EQ(Opening(u8"谢谢赵总，辛苦了", 4), u8"谢 谢 <name> 总");
  // 先生 in Chinese text; other separators; kana names before a comma.
  EXPECT_EQ(Opening(u8"王先生，明天方便吗", 3), u8"<name> 先 生");
  EXPECT_EQ(Opening(u8"伟泽！明天有空吗", 2), u8"<name> 明");
  EXPECT_EQ(Opening(u8"みさき，明天有空吗", 2), u8"<name> 明");
  EXPECT_EQ(Opening(u8"優好，明天有空吗", 2), u8"<name> 明");
  // Names of the name list that are also frequent words.
  EXPECT_TRUE(HasName(u8"建国，周末回家吃饭吗"));
}

TEST(VocativeNamesTest, ChineseWordsBeforeACommaStay) {
  EXPECT_FALSE(HasName(u8"明天，我们在哪见面？"));
  EXPECT_FALSE(HasName(u8"宝贝，七夕那天我订了餐厅"));
  EXPECT_FALSE(HasName(u8"老公，今天我加班"));
  EXPECT_FALSE(HasName(u8"學姐好，想了解一下"));
  EXPECT_FALSE(HasName(u8"我到了，你在哪"));
  EXPECT_FALSE(HasName(u8"七点半，穿那条白裙子吧"));
  EXPECT_FALSE(HasName(u8"妈，周末回家"));
  EXPECT_FALSE(HasName(u8"各位，下周开会"));
  // Greetings, time words, replies, pet names, kin before a title.
  for (const char* opening : {u8"早上好，", u8"大家好，", u8"那好，", u8"早安，", u8"明晚，", u8"下周三，",
                              u8"呵呵，", u8"改天，", u8"稍等，", u8"宝贝儿，", u8"小笨蛋，", u8"靓仔，",
                              u8"三叔，", u8"小姨，", u8"堂哥，", u8"老先生，", u8"这位先生，"}) {
    EXPECT_FALSE(HasName(std::string(opening) + u8"明天见")) << opening;
  }
  EXPECT_FALSE(HasName(u8"はい，OK"));
  EXPECT_FALSE(HasName(u8"ぜひ！"));
  // A colon opens a subject or a salutation line, not a vocative.
  EXPECT_FALSE(HasName(u8"主題：週日午餐"));
  // With kana after the comma the message is Japanese: only honorifics count.
  EXPECT_FALSE(HasName(u8"龍馬、明日ひま？"));
  // Inside a sentence.
  EXPECT_FALSE(HasName(u8"明天和伟泽一起吃饭"));
  EXPECT_FALSE(HasName(u8"你好，明天有空吗"));
}

TEST(VocativeNamesTest, NamesAfterAnOpeningGreeting) {
  EXPECT_EQ(Opening(u8"你好，伟泽，明天有空吗", 4), u8"你 好 <name> 明");
  // A greeting needs a separator after it: "你好靠谱，" is "you are so
  // reliable", so "你好伟泽，" is not read either.
  EXPECT_FALSE(HasName(u8"你好伟泽，明天有空吗"));
  EXPECT_FALSE(HasName(u8"你好靠谱，明天见"));
  EXPECT_EQ(Opening(u8"Hi 伟泽，明天有空吗", 3), u8"hi <name> 明");
  EXPECT_EQ(Opening(u8"こんにちは、みさきさん。明日空いてる？", 7), u8"こ ん に ち は <name> さ");
  EXPECT_EQ(Opening(u8"お疲れ様です。田中部長、明日の件です", 8), u8"お 疲 れ 様 で す <name> 部");
  // Not a greeting: "history" starts with "hi"; 你好像 is "you seem".
  EXPECT_FALSE(HasName(u8"history 伟泽，明天"));
  EXPECT_FALSE(HasName(u8"你好像忘了，明天见"));
}

// Names before an honorific inside Japanese text, after ReadNames (which
// also reads the opening).
std::vector<std::string> ReadAll(const std::string& text) {
  return testing::TokensAfterRule(text, [](std::string_view normalized, std::vector<Token>* tokens) {
    ReadNames(FeatureOptions(), normalized, tokens);
  });
}

size_t Names(const std::string& text) {
  size_t n = 0;
  for (const std::string& t : ReadAll(text)) n += t == "<name>";
  return n;
}

TEST(VocativeNamesTest, JapaneseNamesBeforeAnHonorificInsideText) {
  EXPECT_EQ(ReadAll(u8"明日は田中さんと会います")[3], "<name>");
  EXPECT_EQ(Names(u8"マリアさんにもよろしく"), 1u);
  EXPECT_EQ(Names(u8"昨日、鈴木さんから連絡がありました"), 1u);
  EXPECT_EQ(Names(u8"山田様、いつもお世話になっております。佐藤さんにも伝えます"), 2u);
  EXPECT_EQ(Names(u8"授業は田中先生です"), 1u);
  // Polite words, roles, and words that only start like an honorific.
  for (const char* text : {u8"ご苦労様でした", u8"お客さんが来ます", u8"お疲れ様です", u8"様子を見ます",
                           u8"氏名を書いてください", u8"たくさんあります", u8"店員さんに聞いた",
                           u8"皆さんによろしく", u8"お母さんと話した"}) {
    EXPECT_EQ(Names(text), 0u) << text;
  }
  // People named by their relation or their work, in Han and Katakana
  // (review of 2026-12-04); given names that end like a role word stay names.
  for (const char* word : {u8"恋人", u8"上司", u8"取引先", u8"元カレ", u8"弁護士", u8"美容師", u8"警察官",
                           u8"作家", u8"運転手", u8"パートナー", u8"スタッフ", u8"マネージャー", u8"殿"}) {
    EXPECT_EQ(Names(std::string(u8"明日は") + word + u8"さんと会います"), 0u) << word;
    EXPECT_EQ(Names(std::string(word) + u8"さん、明日空いてる？"), 0u) << word;
  }
  for (const char* name : {u8"剛士", u8"直人", u8"長谷川健太"}) {
    EXPECT_EQ(Names(std::string(u8"明日は") + name + u8"さんと会います"), 1u) << name;
  }
  // Chinese text has no kana: this rule does not read it.
  EXPECT_EQ(Names(u8"我和王先生明天见"), 0u);
}

// Cases a review of the rules found (2026-12-04).
TEST(VocativeNamesTest, AnHonorificBelongsToTheWordBeforeIt) {
  // The honorific ends a word ("彼氏", "旦那さん") that a time word before it
  // does not make a name; a time word alone is none ("明日ちゃんと").
  for (const char* text :
       {u8"昨日彼氏と喧嘩した", u8"元彼氏から連絡が来た", u8"今日旦那さんと行きます", u8"今日母さんと話した",
        u8"明日皆さんに会います", u8"今日先生に怒られた", u8"明日ちゃんと来てね", u8"採用担当様にお送りします",
        u8"仕様が変わりました", u8"雨模様です", u8"2名様で予約しました", u8"何名様ですか", u8"摂氏30度です",
        u8"本部長、明日の会議ですが", u8"副社長、明日の件です", u8"人事部長、明日の件です",
        u8"代表取締役社長、明日の件です", u8"パパ友さんと遊ぶ", u8"ママ友さんと遊ぶ", u8"姑さんが来る"}) {
    EXPECT_EQ(Names(text), 0u) << text;
  }
  // The name after a time word is read, the time word kept; names before 達,
  // 宛, 宅; given names that end like kin words (花子, 直人, 美姫).
  EXPECT_EQ(ReadAll(u8"明日田中さんと会います")[2], "<name>");
  EXPECT_EQ(ReadAll(u8"明日田中さんと会います")[1], u8"日");
  for (const char* text : {u8"明日は田中さん達と飲み会", u8"田中様宛にお送りします", u8"明日は花子さんと会います",
                           u8"直人様、明日の件です", u8"明日は美姫さんと会います", u8"今夜彼女の田中さんと"}) {
    EXPECT_EQ(Names(text), 1u) << text;
  }
  // Chinese roles, slang and pet names that the frequent-word list lacks.
  for (const char* text : {u8"你好，学霸，明天见", u8"甲方，明天开会", u8"小傻瓜，明天见", u8"崽崽，晚安"}) {
    EXPECT_EQ(Names(text), 0u) << text;
  }
}

// Common Japanese surnames and given names that start with a time word or end
// like a word the rules exclude are names (a second review, 2026-12-04).
TEST(VocativeNamesTest, CommonSurnamesAndTimeWordNamesAreNames) {
  const char* const names[] = {
      u8"佐藤", u8"鈴木", u8"高橋", u8"田中", u8"伊藤", u8"渡辺", u8"山本", u8"中村", u8"小林", u8"加藤",
      u8"吉田", u8"山田", u8"佐々木", u8"山口", u8"松本", u8"井上", u8"木村", u8"林", u8"斎藤", u8"清水",
      u8"山崎", u8"森", u8"池田", u8"橋本", u8"阿部", u8"石川", u8"山下", u8"中島", u8"石井", u8"小川",
      u8"前田", u8"岡田", u8"長谷川", u8"藤田", u8"後藤", u8"近藤", u8"村上", u8"遠藤", u8"青木", u8"坂本",
      u8"福田", u8"太田", u8"西村", u8"藤井", u8"金子", u8"岡本", u8"藤原", u8"中野", u8"三浦", u8"原田",
      u8"宮本", u8"大野", u8"藤本", u8"河野", u8"杉本", u8"森本", u8"岩本", u8"本田", u8"本間", u8"本多",
      u8"喜多", u8"井手", u8"手塚", u8"家田", u8"明日香", u8"今日子", u8"ステファン", u8"マリア", u8"花子",
      u8"直人", u8"剛士", u8"美姫", u8"和夫", u8"健一", u8"服部", u8"渡部", u8"土屋", u8"古屋"};
  for (const char* name : names) {
    EXPECT_EQ(Names(std::string(u8"明日は") + name + u8"さんと会います"), 1u) << name;
    EXPECT_EQ(Names(std::string(name) + u8"様、明日の件です"), 1u) << name;
  }
}

// Runs that end in a combining mark, or hold only a time word and a mark,
// are read without error (a review found one that threw).
TEST(VocativeNamesTest, MarksAndShortRunsAreSafe) {
  const char* const pieces[] = {u8"今日", u8"明日", u8"田中", u8"́", u8"゙", u8"さん", u8"様",
                                u8"ちゃん", u8"氏", u8"、", u8"は", u8"カ", u8"ー", u8"𠮷", u8"你好", u8"，"};
  std::mt19937 rng(5);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (int k = static_cast<int>(rng() % 8); k >= 0; --k) text += pieces[rng() % std::size(pieces)];
    std::vector<std::string> tokens;
    ASSERT_NO_THROW(tokens = ReadAll(text)) << text;
  }
  EXPECT_NO_THROW(ReadAll(u8"今日́さんと会う"));
}

TEST(VocativeNamesTest, EveryNameOfALongMessageIsRead) {
  // Names are read in one walk, so there is no cap on how many: 500 of them,
  // each with its honorific kept ("<name> さ ん と").
  std::string text;
  for (int i = 0; i < 500; ++i) text += u8"田中さんと";
  const std::vector<std::string> tokens = ReadAll(text);
  EXPECT_EQ(Names(text), 500u);
  ASSERT_EQ(tokens.size(), 2000u);
  for (size_t i = 0; i < tokens.size(); i += 4) {
    EXPECT_EQ(tokens[i], "<name>") << i;
    EXPECT_EQ(tokens[i + 1], u8"さ") << i;
  }
}

TEST(VocativeNamesTest, OtherMessagesAreLeftAlone) {
  EXPECT_EQ(Read("Coffee next week, Emma?"), (std::vector<std::string>{"coffee", "next", "week", "emma"}));
  EXPECT_TRUE(Read("").empty());
  EXPECT_FALSE(HasName(u8"，，，"));
  EXPECT_FALSE(HasName(u8"  \n伟泽明天有空吗"));
  // Leading spaces do not hide an opening name.
  EXPECT_TRUE(HasName(u8"  伟泽，明天有空吗"));
}

}  // namespace
}  // namespace meetintent
