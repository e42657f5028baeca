// Names that open a Chinese or Japanese message: "伟泽，明天有空吗" and
// "みさきさん、明日…" address someone, and the characters of the name would
// otherwise count as words (a name with 爱 or 美 read as more personal than
// one with 国). Where a message opens with a name, it is read as the name
// stand-in, as a listed Latin-script name is (feature recipe 2 with neutral
// words; model-file feature flag bit 6).
//
// What counts as a name, by position only, since no list of Chinese or
// Japanese given names can be complete:
// - Japanese (a message with kana, or before 様, 殿, 氏, さん...): one to six
//   Han or kana characters before an honorific or a title (さん, 様, くん,
//   ちゃん, 先生, 部長...) that ends the message's first run of those
//   scripts. Kinship, role and pronoun words (お母さん, 皆さん, 担当者様,
//   どちら様) are not names.
// - Chinese (no kana after the name): two or three Han characters, or kana,
//   before a comma, "!" or "~", unless they are a frequent word (明天，宝贝，;
//   the list is src/common_han_words.inc) or hold a function character
//   (我到了，). A title after a surname keeps its word ("王总，" reads
//   <name> 总; "三叔，" is not a name); nicknames are names ("小周，").
// The name may follow an opening greeting ("你好，伟泽，", "こんにちは、
// みさきさん", "Hi 伟泽，"). Inside a sentence, only a Japanese name before an
// honorific is recognised (NameBeforeHonorifics below).
#ifndef MEETINTENT_SRC_VOCATIVE_NAMES_H_
#define MEETINTENT_SRC_VOCATIVE_NAMES_H_

#include <string_view>
#include <vector>

#include "meetintent/features.h"
#include "meetintent/tokenizer.h"

namespace meetintent {

// Replaces, in *tokens (recipe 2 tokens of `text`, normalized), the tokens
// of an opening name by one token that reads as the name stand-in and spans
// them. Leaves every other message as it is.
void NameLeadingVocative(std::string_view text, std::vector<Token>* tokens);

// Replaces, in *tokens (of Japanese `text`), a name before an honorific
// anywhere ("明日は田中さんと", "マリアさんに") by the name stand-in: the Han
// and Katakana characters (one to six) that touch the honorific, after
// anything else; the same words as at the opening are not names.
void NameBeforeHonorifics(std::string_view text, std::vector<Token>* tokens);

// The name rules of a recipe 2 reading with neutral words, as `options`
// turn them on: names in another script (src/foreign_names.h), then a name
// that opens the message, then, in text with kana, names before an
// honorific. One call, out of line: the reading's hot loop
// stays as it was without them.
void ReadNames(const FeatureOptions& options, std::string_view text, std::vector<Token>* tokens);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_VOCATIVE_NAMES_H_
