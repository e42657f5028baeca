#include "meetintent/normalizer.h"

#include <gtest/gtest.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>

#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "meetintent/dataset.h"
#include "meetintent/placeholder.h"
#include "normalizer_reference.h"
#include "test_util.h"
#include "utf8.h"

namespace meetintent {
namespace {

std::string Norm(const std::string& in, NormalizeOptions o = {}) {
  NormalizedText t;
  Normalize(o, in, &t);
  return t.text();
}

// The normalizer's shortcut takes every CJK unified ideograph as a chunk of
// its own that NFKC_Casefold leaves alone, without asking ICU: true of each
// one, checked here, so an ICU that changes it fails this test.
TEST(NormalizerTest, UnifiedIdeographsAreInertStarters) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCCasefoldInstance(status);
  ASSERT_TRUE(U_SUCCESS(status));
  int odd = 0;
  for (UChar32 c = 0x4E00; c <= 0x9FFF; ++c) {
    odd += u_getCombiningClass(c) != 0 || !nfkc->hasBoundaryBefore(c) || !nfkc->isInert(c);
  }
  EXPECT_EQ(odd, 0);
  // With a combining mark after it, an ideograph is still read with the mark.
  NormalizedText t;
  Normalize({}, u8"\u4f60\u0301\u597d", &t);
  EXPECT_EQ(t.text(), u8"\u4f60\u0301\u597d");
}

TEST(NormalizerTest, CaseFoldsAndAppliesNfkc) {
  EXPECT_EQ(Norm("Hello WORLD"), "hello world");
  EXPECT_EQ(Norm("Stra\xc3\x9f" "e"), "strasse");               // ß -> ss (full folding)
  EXPECT_EQ(Norm("\xef\xbc\xa4\xef\xbd\x81\xef\xbd\x94\xef\xbd\x85"), "date");  // fullwidth
  EXPECT_EQ(Norm("\xef\xac\x81" "le"), "file");                  // ﬁ ligature
  EXPECT_EQ(Norm("Cafe\xcc\x81"), "caf\xc3\xa9");               // e + combining acute -> é
  EXPECT_EQ(Norm("\xce\xa3\xce\x99\xce\xa3"), "\xcf\x83\xce\xb9\xcf\x83");  // ΣΙΣ -> σισ
}

TEST(NormalizerTest, FoldsChineseFemininePronouns) {
  EXPECT_EQ(Norm("\xe5\xa5\xb9\xe6\x83\xb3"), "\xe4\xbb\x96\xe6\x83\xb3");  // 她想 -> 他想
  NormalizeOptions keep;
  keep.fold_gendered_han = false;
  keep.fold_gendered_cjk = false;
  EXPECT_EQ(Norm("\xe5\xa5\xb9", keep), "\xe5\xa5\xb9");
}

// Recipe 2 reads each Han character as a word: gendered words fold to one
// form, longest match first, and the spans cover the words they replace.
TEST(NormalizerTest, FoldsGenderedChineseAndJapaneseWords) {
  EXPECT_EQ(Norm("女士您好"), Norm("先生您好"));
  EXPECT_EQ(Norm("我的女朋友"), Norm("我的男朋友"));
  EXPECT_EQ(Norm("彼女と会う"), "彼と会う");
  EXPECT_EQ(Norm("奥さんによろしく"), Norm("旦那によろしく"));
  NormalizedText t;
  Normalize(NormalizeOptions(), "彼女と", &t);
  EXPECT_EQ(t.SourceSpan(0, 3), (Span{0, 6}));  // 彼 stands for 彼女
  NormalizeOptions off;
  off.fold_gendered_cjk = false;
  EXPECT_EQ(Norm("女士", off), "女士");
  EXPECT_EQ(Norm("plain text"), "plain text");
}

TEST(NormalizerTest, DropsZeroWidthCharacters) {
  EXPECT_EQ(Norm("d\xe2\x80\x8b" "a\xe2\x80\x8c" "te"), "date");  // ZWSP, ZWNJ
}

TEST(NormalizerTest, InvalidUtf8BecomesReplacementAndNeverCrashes) {
  EXPECT_EQ(Norm("a\xff" "b"), "a\xef\xbf\xbd" "b");
  EXPECT_EQ(Norm("\xe4\xbc"), "\xef\xbf\xbd");
  const std::string all_bytes = [] {
    std::string s;
    for (int i = 0; i < 256; ++i) s.push_back(static_cast<char>(i));
    return s;
  }();
  NormalizedText t;
  Normalize({}, all_bytes, &t);
  EXPECT_FALSE(t.text().empty());
}

TEST(NormalizerTest, NulAndControlCharactersBecomeSpaces) {
  EXPECT_EQ(Norm(std::string("ab\0cd\x01" "ef", 8)), "ab cd ef");
}

TEST(NormalizerTest, PrivateUseInputCannotForgeAPlaceholder) {
  EXPECT_EQ(Norm("\xee\x80\x80"), "\xef\xbf\xbd");
}

TEST(NormalizerTest, EmptyInput) {
  NormalizedText t;
  Normalize({}, "", &t);
  EXPECT_EQ(t.text(), "");
}

TEST(NormalizerTest, ReplacesEntitiesWithPlaceholders) {
  const std::string url = "\xee\x80\x80", email = "\xee\x80\x81", phone = "\xee\x80\x82",
                    num = "\xee\x80\x83", time = "\xee\x80\x84", date = "\xee\x80\x85";
  EXPECT_EQ(Norm("see https://example.com/a?b=1."), "see " + url + ".");
  EXPECT_EQ(Norm("or www.example.org"), "or " + url);
  EXPECT_EQ(Norm("mail Ana.Lopez@example.co.uk today"), "mail " + email + " today");
  EXPECT_EQ(Norm("call +1 (555) 123-4567"), "call " + phone);
  EXPECT_EQ(Norm("call 713-345-7774"), "call " + phone);
  EXPECT_EQ(Norm("at 9:30 or 14h30 or 3pm or 10 a.m."),
            "at " + time + " or " + time + " or " + time + " or " + time);
  EXPECT_EQ(Norm("on 12/05/2024 or 2024-05-12 or 3/14"),
            "on " + date + " or " + date + " or " + date);
  EXPECT_EQ(Norm("room 42, 3.5 hours, 1,000 people, the 3rd"),
            "room " + num + ", " + num + " hours, " + num + " people, the " + num);
  EXPECT_EQ(Norm("b2b and q3 and mp3"), "b2b and q3 and mp3");
}

TEST(NormalizerTest, SpansPointBackIntoTheOriginal) {
  const std::string in = "Call ME at 555-123-4567, Stra\xc3\x9f" "e!";
  NormalizedText t;
  Normalize({}, in, &t);
  // "call me at <phone>, strasse!"
  const std::string& s = t.text();
  const size_t me = s.find("me");
  ASSERT_NE(me, std::string::npos);
  EXPECT_EQ(t.SourceSpan(me, me + 2), (Span{5, 7}));
  const size_t ph = s.find("\xee\x80\x82");
  EXPECT_EQ(t.SourceSpan(ph, ph + 3), (Span{11, 23}));
  const size_t st = s.find("strasse");
  const Span sp = t.SourceSpan(st, st + 7);
  EXPECT_EQ(in.substr(sp.begin, sp.end - sp.begin), "Stra\xc3\x9f" "e");
}

// "ß" folds to "ss": two output bytes from one two-byte character. Any part
// of them maps to the whole character, never to half of it.
TEST(NormalizerTest, SpansNeverSplitACharacter) {
  const std::string in = "Gr\xc3\xbc\xc3\x9f" "e";  // Grüße
  NormalizedText t;
  Normalize({}, in, &t);
  ASSERT_EQ(t.text(), "gr\xc3\xbcsse");
  auto boundary = [&](size_t i) {
    return i == t.text().size() || (static_cast<unsigned char>(t.text()[i]) & 0xC0) != 0x80;
  };
  for (size_t b = 0; b < t.text().size(); ++b) {
    for (size_t e = b + 1; e <= t.text().size(); ++e) {
      if (!boundary(b) || !boundary(e)) continue;  // tokens never split a character
      const Span sp = t.SourceSpan(b, e);
      ASSERT_LT(sp.begin, sp.end);
      ASSERT_LE(sp.end, in.size());
      // Both ends fall on character boundaries of the input.
      EXPECT_NE(static_cast<unsigned char>(in[sp.begin]) & 0xC0, 0x80) << b << "," << e;
      if (sp.end < in.size()) {
        EXPECT_NE(static_cast<unsigned char>(in[sp.end]) & 0xC0, 0x80) << b << "," << e;
      }
    }
  }
  const size_t ss = t.text().find("ss");
  EXPECT_EQ(t.SourceSpan(ss, ss + 1), (Span{4, 6}));
}

TEST(NormalizerTest, TruncatesHugeInputAtACharacterBoundary) {
  NormalizeOptions o;
  o.max_input_bytes = 10;
  NormalizedText t;
  Normalize(o, "abcdefghi\xe4\xbc\x9axyz", &t);  // the 3-byte char straddles the limit
  EXPECT_TRUE(t.truncated());
  EXPECT_EQ(t.text(), "abcdefghi");
  Normalize(o, "short", &t);
  EXPECT_FALSE(t.truncated());
}

// The Stream-Safe Text Format: at most 30 combining marks in a row survive,
// which keeps ICU's canonical reordering linear (300 marks of two classes
// used to cost quadratic time).
TEST(NormalizerTest, KeepsAtMostThirtyCombiningMarksInARow) {
  std::string in = "a";
  for (int i = 0; i < 150; ++i) in += "\u0301\u0316";
  in += " b\u0301";
  const std::string out = Norm(in);
  size_t marks = 0;
  for (size_t i = 0; i + 1 < out.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(out[i]), b1 = static_cast<unsigned char>(out[i + 1]);
    marks += b0 == 0xCC && (b1 == 0x81 || b1 == 0x96);
  }
  EXPECT_LE(marks, 30u);
  EXPECT_NE(out.find(" b\u0301"), std::string::npos);  // the next run starts afresh
}

// NFKC expands U+FDFA 18-fold: the output is cut at twice the input, and
// the cut is reported.
TEST(NormalizerTest, BoundsExpansion) {
  std::string in;
  for (int i = 0; i < 10000; ++i) in += "\ufdfa";
  NormalizedText t;
  Normalize(NormalizeOptions(), in, &t);
  EXPECT_TRUE(t.truncated());
  EXPECT_LE(t.text().size(), 4 * (2 * in.size() + 4096));
  Normalize(NormalizeOptions(), "\ufdfa", &t);
  EXPECT_FALSE(t.truncated());
  EXPECT_GT(t.CapacityBytes(), 0u);
  t.ReleaseMemory();
  EXPECT_LT(t.CapacityBytes(), 64u);  // a short string keeps its inline buffer
}

TEST(NormalizerTest, StripsQuotedRepliesAndSignatures) {
  EXPECT_EQ(Norm("Sounds good, see you then.\n\nOn Tue, Ana wrote:\n> coffee at 3?\n"),
            "sounds good, see you then.\n\n");
  EXPECT_EQ(Norm("Thanks!\n-- \nJohn Smith\nVP Sales"), "thanks!\n");
  NormalizeOptions keep;
  keep.strip_signature = false;
  keep.strip_email_quotes = false;
  EXPECT_EQ(Norm("Thanks!\n-- \nJohn", keep), "thanks!\n-- \njohn");
}

// The normalizer's shortcuts (ASCII runs copied without ICU, encoded at once)
// give the same text, spans and truncation as the general path.
void ExpectSameAsGeneralPath(const NormalizeOptions& o, const std::string& in) {
  NormalizedText fast, slow;
  Normalize(o, in, &fast);
  NormalizeWithoutShortcuts(o, in, &slow);
  ASSERT_EQ(fast.text(), slow.text()) << in;
  ASSERT_EQ(fast.truncated(), slow.truncated()) << in;
  const size_t n = fast.text().size();
  for (size_t b = 0; b < n; ++b) {
    const Span f = fast.SourceSpan(b, b + 1), w = slow.SourceSpan(b, b + 1);
    ASSERT_TRUE(f.begin == w.begin && f.end == w.end) << in << " at byte " << b;
  }
  const Span f = fast.SourceSpan(0, n), w = slow.SourceSpan(0, n);
  ASSERT_TRUE(f.begin == w.begin && f.end == w.end) << in;
}

// The options a test runs with: the defaults, and the decoding alone.
std::vector<NormalizeOptions> OptionSets() {
  NormalizeOptions bare;
  bare.strip_email_quotes = bare.strip_signature = bare.placeholders = false;
  bare.fold_gendered_han = bare.fold_gendered_cjk = bare.deobfuscate = false;
  return {NormalizeOptions(), bare};
}

TEST(NormalizerTest, ShortcutsMatchTheGeneralPathOnEveryCorpusMessage) {
  std::ifstream in(std::string(MEETINTENT_SOURCE_DIR) + "/data/corpus.tsv");
  ASSERT_TRUE(in.good());
  std::vector<std::string> messages = testing::AllSharedMessages();
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    messages.push_back(UnescapeTsvText(std::string_view(line).substr(line.rfind('\t') + 1)));
  }
  ASSERT_GT(messages.size(), 1000u);
  for (const NormalizeOptions& o : OptionSets()) {
    for (const std::string& m : messages) ASSERT_NO_FATAL_FAILURE(ExpectSameAsGeneralPath(o, m));
  }
}

// Long pure-ASCII messages are folded sixteen bytes at a time (SSE2): every
// byte value at every position of a block, and tails of every length.
TEST(NormalizerTest, ShortcutsMatchTheGeneralPathOnEveryAsciiByteInEveryLane) {
  std::string all;
  for (int c = 0; c < 128; ++c) all.push_back(static_cast<char>(c));
  for (size_t shift = 0; shift < 17; ++shift) {
    const std::string in = std::string(shift, 'Q') + all + all.substr(0, shift);
    for (const NormalizeOptions& o : OptionSets()) {
      ASSERT_NO_FATAL_FAILURE(ExpectSameAsGeneralPath(o, in));
    }
  }
}

TEST(NormalizerTest, ShortcutsMatchTheGeneralPathOnRandomStrings) {
  std::mt19937 rng(13);
  // Pieces that meet the shortcuts' edges: ASCII before combining marks and
  // before other non-ASCII, controls, case, placeholders' raw material,
  // invalid bytes, expanding characters.
  const std::vector<std::string> pieces = {
      "a", "Z", " ", ".", "@", ":", "7", "\t", "\n", "\r\n", "\x01", "\x7f", "http://x.io",
      "\xcc\x81", "\xcc\xa8", "\xc3\xa9", "\xc3\x89", "\xe2\x80\x8b", "\xd0\xb0",
      "\xef\xbc\xa1", "\xef\xb7\xba", "\xe5\xa5\xb9", "\xf0\x9f\x98\x80", "\xff", "\xc3",
      "\xee\x80\x80", "\xc2\xa0",
      // Lone code points that are (or are not) normalization-inert, and what
      // can join them: Hangul syllable and conjoining jamo, Devanagari with
      // nukta, Thai with a tone mark, Greek and Cyrillic capitals, kana with
      // a combining voiced mark, a halfwidth katakana.
      "\xea\xb0\x80", "\xe1\x84\x80", "\xe1\x85\xa1", "\xe0\xa4\x95", "\xe0\xa4\xbc",
      "\xe0\xb8\x81", "\xe0\xb9\x88", "\xce\x86", "\xd0\x94", "\xe3\x81\x8b",
      "\xe3\x82\x99", "\xef\xbd\xb6", "\xe5\xa6\xb3",
      // A three-byte character cut short, an encoded surrogate and an
      // overlong form, after other three-byte characters.
      "\xe5\xa5", "\xed\xa0\x80", "\xe0\x80\xaf"};
  for (int r = 0; r < 20000; ++r) {
    std::string m;
    const int len = static_cast<int>(rng() % 48);
    const bool ascii_only = r % 2 == 0;
    for (int i = 0; i < len; ++i) {
      if (ascii_only) {
        m += static_cast<char>(rng() % 128);
      } else {
        m += pieces[rng() % pieces.size()];
      }
    }
    for (const NormalizeOptions& o : OptionSets()) {
      ASSERT_NO_FATAL_FAILURE(ExpectSameAsGeneralPath(o, m));
    }
  }
  // The output bound (twice the input plus 4096 code points) cuts both the same.
  std::string expanding;
  for (int i = 0; i < 400; ++i) expanding += "Ab\xef\xb7\xba";
  ExpectSameAsGeneralPath(NormalizeOptions(), expanding);
}

// ascii_input() promises that text() holds ASCII and placeholders only (the
// cue phrases skip their CJK search on it): every pass that rewrites ASCII
// (placeholders, de-obfuscation, reversed, separated and unspaced letters)
// keeps that promise.
TEST(NormalizerTest, AsciiInputGivesAsciiAndPlaceholdersOnly) {
  auto ascii_and_placeholders = [](const std::string& text) {
    for (size_t i = 0; i < text.size();) {
      if (static_cast<unsigned char>(text[i]) < 0x80) {
        ++i;
      } else if (PlaceholderAt(text, i) != 0) {
        i += kPlaceholderBytes;
      } else {
        return false;
      }
    }
    return true;
  };
  auto is_ascii = [](const std::string& m) {
    for (char c : m) {
      if (static_cast<unsigned char>(c) >= 0x80) return false;
    }
    return true;
  };
  std::vector<std::string> messages = testing::AllSharedMessages();
  // What the ASCII rewrites act on: leetspeak, reversed and separated words,
  // a long line without spaces, entities.
  const std::vector<std::string> pieces = {"d4t3 ",
                                           "c0ff33 ",
                                           "3tad a no tuo og ",
                                           "d a t e ",
                                           "d.a.t.e ",
                                           "s-e-x-y ",
                                           "wannagooutwithmetonightbabe ",
                                           "http://x.io ",
                                           "me@x.io ",
                                           "+1 555 0100 ",
                                           "7pm ",
                                           "3/4 ",
                                           "42 ",
                                           "@ ",
                                           "$ ",
                                           "!",
                                           "\n",
                                           "\t",
                                           "\x01"};
  std::mt19937 rng(29);
  for (int r = 0; r < 3000; ++r) {
    std::string m;
    for (int i = static_cast<int>(rng() % 12); i > 0; --i) m += pieces[rng() % pieces.size()];
    messages.push_back(m);
  }
  size_t ascii = 0;
  for (const NormalizeOptions& o : OptionSets()) {
    for (const std::string& m : messages) {
      NormalizedText t;
      Normalize(o, m, &t);
      if (is_ascii(m)) {
        ++ascii;
        EXPECT_TRUE(t.ascii_input()) << m;
      }
      if (t.ascii_input()) EXPECT_TRUE(ascii_and_placeholders(t.text())) << m;
    }
  }
  EXPECT_GT(ascii, 3000u);
  NormalizedText t;
  Normalize({}, "caf\xc3\xa9 at 7?", &t);
  EXPECT_FALSE(t.ascii_input());
  Normalize({}, "\xe5\x96\x9d\xe5\x92\x96\xe5\x95\xa1", &t);
  EXPECT_FALSE(t.ascii_input());
  // The general path, which tests compare the shortcuts against, promises nothing.
  NormalizeWithoutShortcuts({}, "coffee", &t);
  EXPECT_FALSE(t.ascii_input());
}

// ASCII runs before a simple starter are copied whole while the output stays
// under its bound: cut at every position near the bound, as the general path.
TEST(NormalizerTest, OutputBoundCutsAsciiBeforeAStarterAsTheGeneralPath) {
  for (const char* ascii : {"ab", "A"}) {
    for (int pieces = 100; pieces <= 102; ++pieces) {
      for (int expanders = 380; expanders <= 440; ++expanders) {
        std::string m;
        for (int i = 0; i < expanders; ++i) m += "\xef\xb7\xba";
        for (int i = 0; i < pieces; ++i) m += std::string(ascii) + "\xe3\x81\x8b";
        ASSERT_NO_FATAL_FAILURE(ExpectSameAsGeneralPath(NormalizeOptions(), m));
      }
    }
  }
}

// The shortcut for simple starters (their folds in a table filled from ICU,
// once per block) against the general path, for every code point of the BMP: alone,
// twice in a row, before a combining mark, a voiced mark, a trailing jamo
// and a Thai tone mark, after ASCII and between kana.
TEST(NormalizerTest, ShortcutsMatchTheGeneralPathOnEveryBmpCodePoint) {
  const std::vector<NormalizeOptions> options = OptionSets();
  for (char32_t c = 0x80; c < 0x10000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    std::string ch;
    AppendUtf8(c, &ch);
    const std::string m = ch + ch + "\xcc\x81" + ch + "\xe3\x82\x99" + ch + "\xe1\x86\xa8" + ch +
                          "\xe0\xb9\x88" "a" + ch + "\xe3\x81\x8b" + ch + "\xe3\x81\x8b" + ch;
    for (const NormalizeOptions& o : options) ASSERT_NO_FATAL_FAILURE(ExpectSameAsGeneralPath(o, m));
  }
}

// The output bound cuts a run of kana, Hangul, ideographs, Thai, fullwidth
// forms and ASCII where the general
// path cuts it: expanding characters (U+FDFA, 18 code points each) first, then
// the run, at every cut position near the bound.
TEST(NormalizerTest, OutputBoundCutsSimpleStarterRunsAsTheGeneralPath) {
  for (int expanders = 330; expanders <= 420; ++expanders) {
    std::string m;
    for (int i = 0; i < expanders; ++i) m += "\xef\xb7\xba";
    for (int i = 0; i < 40; ++i) {
      m += "\xe3\x81\x8b\xea\xb0\x80\xe4\xbd\xa0\xe0\xb8\x81\xef\xbc\x81";
      m += i % 3 == 0 ? "A" : i % 3 == 1 ? "ab" : "x y.";  // ASCII before a starter
    }
    ASSERT_NO_FATAL_FAILURE(ExpectSameAsGeneralPath(NormalizeOptions(), m));
  }
}

}  // namespace
}  // namespace meetintent
