// 'meetintent mail' end to end, with the default model: the failures of the
// issue (a personal reply above a quoted business e-mail, as plain text and
// as HTML, a whole message with its headers, a path instead of a text),
// mailboxes, and malformed mail.
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli_run.h"
#include "mail_test_util.h"
#include "test_util.h"

namespace meetintent {
namespace {

using testing::Has;
using testing::Lines;
using testing::MailData;
using testing::MailDataPath;
using testing::ParseJson;
using testing::RunCli;
using testing::WriteFile;

// The one JSON record `meetintent mail PATH` writes; fails when there is not
// exactly one.
json::Value MailRecord(const std::string& path) {
  const auto r = RunCli("mail --text " + path);
  EXPECT_EQ(r.exit_code, 0) << path << ": " << r.err;
  const std::vector<std::string> lines = Lines(r.out);
  EXPECT_EQ(lines.size(), 1u) << path << ": " << r.out << r.err;
  return lines.empty() ? json::Value() : ParseJson(lines[0]);
}

// 'meetintent mail' is the program meetintent-mail, so that `meetintent`
// itself starts without GMime and GLib: its ELF file needs neither, the mail
// program needs both.
TEST(MailCliTest, OnlyTheMailProgramLoadsGMime) {
  const std::string cli = MEETINTENT_CLI_PATH;
  const std::string mail = cli.substr(0, cli.rfind('/') + 1) + "meetintent-mail";
  const std::string cli_needs = testing::RunProgram("readelf", "-d '" + cli + "'", "/dev/null").out;
  const std::string mail_needs =
      testing::RunProgram("readelf", "-d '" + mail + "'", "/dev/null").out;
  ASSERT_NE(cli_needs.find("libc.so"), std::string::npos) << "readelf gave: " << cli_needs;
  EXPECT_EQ(cli_needs.find("libgmime"), std::string::npos);
  EXPECT_EQ(cli_needs.find("libglib"), std::string::npos);
  EXPECT_NE(mail_needs.find("libgmime"), std::string::npos);
}

// Without meetintent-mail beside it or on PATH, 'meetintent mail' says which
// program it could not run.
TEST(MailCliTest, MissingMailProgramIsAClearError) {
  const std::string dir = testing::TempPath("_alone");
  ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
  const std::string alone = dir + "/meetintent";
  ASSERT_EQ(std::system(("cp '" + std::string(MEETINTENT_CLI_PATH) + "' '" + alone + "'").c_str()),
            0);
  const auto r = testing::RunProgram(alone, "mail " + MailDataPath("reply_plain.eml"), "/dev/null",
                                     "PATH=/nonexistent ");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "meetintent-mail")) << r.err;
  EXPECT_TRUE(Has(r.err, "could not be run")) << r.err;
  std::remove(alone.c_str());
  rmdir(dir.c_str());
}

TEST(MailCliTest, PersonalRepliesAboveQuotedBusinessMailArePersonal) {
  // Plain text, then the same reply as Gmail, Outlook and Apple Mail HTML.
  for (const char* name : {"reply_plain.eml", "reply_gmail.eml", "reply_outlook.eml",
                           "reply_apple.eml"}) {
    const json::Value v = MailRecord(MailDataPath(name));
    ASSERT_NE(v.Find("label"), nullptr) << name;
    EXPECT_EQ(v.Find("label")->string, "personal") << name;
    EXPECT_GT(v.Find("probabilities")->Find("personal")->number, 0.5) << name;
    // The sender's words decided, read apart from the quoted e-mail.
    ASSERT_NE(v.Find("part"), nullptr) << name;
    EXPECT_EQ(v.Find("part")->string, "sender") << name;
    EXPECT_EQ(v.Find("subject")->string, "Re: Q3 budget review") << name;
  }
}

TEST(MailCliTest, MboxAndMaildir) {
  std::string mbox;
  for (const char* name : {"reply_plain.eml", "base64.eml", "latin1.eml"}) {
    mbox += "From sender@example.org Tue Jun  3 18:40:00 2025\n" + MailData(name) + "\n";
  }
  const std::string mbox_path = testing::TempPath(".mbox");
  testing::WriteFile(mbox_path, mbox);
  const auto r = RunCli("mail " + mbox_path);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_EQ(ParseJson(lines[0]).Find("message_id")->string, "r1@example.org");
  EXPECT_TRUE(Has(ParseJson(lines[2]).Find("source")->string, "#3")) << lines[2];

  const std::string maildir = testing::TempPath(".maildir");
  for (const char* sub : {"", "/cur", "/new", "/tmp"}) {
    ASSERT_EQ(mkdir((maildir + sub).c_str(), 0700), 0) << maildir << sub;
  }
  testing::WriteFile(maildir + "/cur/1.host:2,S", MailData("reply_gmail.eml"));
  testing::WriteFile(maildir + "/new/2.host", MailData("base64.eml"));
  const auto d = RunCli("mail " + maildir);
  ASSERT_EQ(d.exit_code, 0) << d.err;
  EXPECT_EQ(Lines(d.out).size(), 2u) << d.out;
}

TEST(MailCliTest, MissingPathIsAnErrorAfterTheOthersAreRead) {
  const auto r = RunCli("mail /no/such/mail.eml " + MailDataPath("base64.eml"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "/no/such/mail.eml")) << r.err;
  EXPECT_EQ(r.err.find("/no/such/mail.eml"), r.err.rfind("/no/such/mail.eml")) << "said once";
  EXPECT_EQ(Lines(r.out).size(), 1u) << r.out;
  EXPECT_EQ(RunCli("mail").exit_code, 2);
}

TEST(MailCliTest, MalformedMailIsReadAsWellAsItCanBe) {
  struct Case {
    const char* name;
    const char* text;  // what must be read of it
  };
  for (const Case& c : {Case{"truncated.eml", "Dinner at my place on Saturday? I miss you"},
                        Case{"bad_base64.eml", "Miss you already."},
                        Case{"missing_boundary.eml", "Dinner at my place on Saturday?"},
                        Case{"header_bad_utf8.eml", "Dinner tonight, just the two of us?"},
                        Case{"nul_bytes.eml", "at my place"}}) {
    const json::Value v = MailRecord(MailDataPath(c.name));  // valid JSON: valid UTF-8
    ASSERT_NE(v.Find("text"), nullptr) << c.name;
    EXPECT_TRUE(Has(v.Find("text")->string, c.text)) << c.name << ": " << v.Find("text")->string;
    EXPECT_NE(v.Find("label"), nullptr) << c.name;
  }
  // Invalid UTF-8 in a header becomes U+FFFD, not dropped text.
  const json::Value bad = MailRecord(MailDataPath("header_bad_utf8.eml"));
  EXPECT_TRUE(Has(bad.Find("subject")->string, "ce soir")) << bad.Find("subject")->string;
}

TEST(MailCliTest, EmptyAndBinaryFilesAreSkippedWithAWarning) {
  const std::string empty = testing::TempPath(".eml");
  testing::WriteFile(empty, "");
  const auto r = RunCli("mail " + empty);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(r.err.empty());
}

TEST(MailCliTest, FiveMegabyteMessage) {
  std::string raw = "From: a@example.org\nSubject: big\nContent-Type: text/plain\n\n";
  while (raw.size() < (5u << 20)) raw += "Dinner at my place on Saturday, just the two of us?\n";
  const std::string path = testing::TempPath(".eml");
  testing::WriteFile(path, raw);
  const auto r = RunCli("mail " + path);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json::Value v = ParseJson(Lines(r.out)[0]);
  EXPECT_EQ(v.Find("subject")->string, "big");
  // Past the model's input limit (1 MiB): read up to it, and said so.
  ASSERT_NE(v.Find("truncated"), nullptr) << r.out.substr(0, 300);
  EXPECT_TRUE(v.Find("truncated")->boolean);
}

// Formatting elements left open with distinct attributes are cloned by the
// HTML parser after every block ("<p><b id=1>x<p><b id=2>x..."): 53 KB of it
// took 558 MB and 470 KB 5.5 GB. The clones are bounded (about 70 MB) and the
// text past the bound is read.
TEST(MailCliTest, FormattingClonesKeepMemoryBounded) {
  std::string distinct;
  for (int copy = 0; copy < 3; ++copy) {
    for (int i = 0; i < 990; ++i) distinct += "<p><b id=" + std::to_string(i) + ">x";
    for (int i = 0; i < 990; ++i) distinct += "</b>";
  }
  // A review: behind a cell's marker "</b>" closes nothing (71 KB took
  // 1.67 GB), and a clone copies every attribute (19 a tag: 26 KB, 300 MB).
  std::string cells = "<table><tr>";
  for (int i = 0; i < 3000; ++i) cells += "<b id=" + std::to_string(i) + "><td></b></td>";
  std::string attributes;
  for (int i = 0; i < 1000; ++i) {
    attributes += "<p><b";
    for (int k = 0; k < 19; ++k) attributes += " a" + std::to_string(k);
    attributes += " i=" + std::to_string(i) + ">x";
  }
  // A third review: after "<svg><p>" the count had not left SVG content, so
  // formatting elements went uncounted (67 KB: 3.0 GB).
  std::string svg = "<svg><p>";
  for (int i = 0; i < 4000; ++i) svg += "<p><b id=" + std::to_string(i) + " />x";
  for (const std::string* html : {&distinct, &cells, &attributes, &svg}) {
    const std::string path = testing::TempPath(".eml");
    testing::WriteFile(path, "From: a@example.org\nSubject: s\nContent-Type: text/html\n\n" +
                                 *html + "Please meet me tonight.\n");
    const auto r =
        testing::RunCliOnFile("mail --text " + path, "/dev/null", testing::kNoAsanQuarantine);
    std::remove(path.c_str());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Please meet me tonight."), std::string::npos);
    EXPECT_LT(testing::MaxChildRssKb(), testing::kChildRssBoundKb) << html->substr(0, 40);
  }
}

TEST(MailCliTest, FilterAddsTheVerdictHeaders) {
  const std::string raw = MailData("reply_plain.eml");  // CRLF line ends
  ASSERT_NE(raw.find("\r\n\r\n"), std::string::npos);
  const auto r = RunCli("mail --filter", "X-Meetintent-Label: professional\r\n" + raw);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "X-Meetintent-Label: personal\r\n")) << r.out;
  EXPECT_FALSE(Has(r.out, "X-Meetintent-Label: professional")) << "forged header removed";
  EXPECT_TRUE(Has(r.out, raw.substr(raw.find("\r\n\r\n")))) << "body unchanged";
}

// --notmuch: batch-tagging lines, ids quoted as Xapian wants, messages
// without an id skipped with a warning.
TEST(MailCliTest, NotmuchLinesTagByMessageId) {
  const std::string dir = ::testing::TempDir();
  const std::string offer = dir + "/meetintent_notmuch_offer.eml";
  const std::string no_id = dir + "/meetintent_notmuch_no_id.eml";
  WriteFile(offer,
            "From: a@example.org\nMessage-ID: <q\"1)@example.org>\nSubject: Your application\n\n"
            "I can put in a good word with the hiring manager for you, but only if you come to "
            "dinner with me at my place on Saturday night.\n");
  WriteFile(no_id, "From: a@example.org\nSubject: Q3\n\nThe Q3 numbers are attached.\n");
  const auto r = RunCli("mail --notmuch " + offer + " " + no_id);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "+personal -professional +quid-pro-quo -- id:\"q\"\"1)@example.org\"\n");
  EXPECT_TRUE(Has(r.err, "no usable Message-ID")) << r.err;

  const auto work = RunCli("mail --notmuch " + MailDataPath("base64.eml"));
  ASSERT_EQ(Lines(work.out).size(), 1u) << work.out;
  EXPECT_TRUE(Has(work.out, "-quid-pro-quo -- id:\"")) << work.out;
  EXPECT_EQ(RunCli("mail --notmuch --filter", "x").exit_code, 2);
  EXPECT_EQ(RunCli("mail --notmuch --threads x").exit_code, 2);
}

// tests/data/mail/conversation.mbox: a three-message conversation linked by
// In-Reply-To and References, stored out of Date order (its third message
// first), whose third message turns personal with a quid-pro-quo offer; and
// an unrelated message.
TEST(MailCliTest, ThreadsGroupByReferencesAndOrderByDate) {
  const auto r = RunCli("mail --threads " + MailDataPath("conversation.mbox"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  // Threads in order of their first message read; the conversation's id is
  // its root message.
  const json::Value conversation = ParseJson(lines[0]);
  EXPECT_EQ(conversation.Find("thread_id")->string, "conv-1@bigfirm.example");
  const std::vector<json::Value>& messages = conversation.Find("messages")->array;
  ASSERT_EQ(messages.size(), 3u);
  const char* ids[] = {"conv-1@bigfirm.example", "conv-2@example.org", "conv-3@bigfirm.example"};
  const char* sources[] = {"#3", "#4", "#1"};
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(messages[i].Find("message_id")->string, ids[i]) << i;
    EXPECT_TRUE(Has(messages[i].Find("source")->string, sources[i])) << i;
    EXPECT_EQ(messages[i].Find("index")->number, static_cast<double>(i));
  }
  EXPECT_EQ(messages[0].Find("sender")->string, "victor.crane@bigfirm.example");
  EXPECT_EQ(messages[1].Find("sender")->string, "tom@example.org");
  EXPECT_EQ(messages[0].Find("label")->string, "professional");
  EXPECT_EQ(messages[2].Find("label")->string, "personal");
  // The turn to personal at the third message, and its offer.
  const json::Value* drift = conversation.Find("drift");
  ASSERT_EQ(drift->type, json::Value::kObject) << lines[0];
  EXPECT_EQ(drift->Find("message")->number, 2);
  EXPECT_EQ(drift->Find("sender")->string, "victor.crane@bigfirm.example");
  const std::vector<json::Value>& qpq = conversation.Find("quid_pro_quo")->array;
  ASSERT_EQ(qpq.size(), 1u) << lines[0];
  EXPECT_EQ(qpq[0].Find("ask_message")->number, 2);
  EXPECT_TRUE(qpq[0].Find("conditional")->boolean);

  const json::Value alone = ParseJson(lines[1]);
  EXPECT_EQ(alone.Find("thread_id")->string, "kickoff@example.com");
  ASSERT_EQ(alone.Find("messages")->array.size(), 1u);
  EXPECT_EQ(alone.Find("drift")->type, json::Value::kNull);
  EXPECT_TRUE(alone.Find("quid_pro_quo")->array.empty());
}

TEST(MailCliTest, ThreadsWithoutDatesKeepReadingOrderAndQuotesAreNotRead) {
  // A reply without a Date, read before the message it answers, which quotes
  // a quid-pro-quo offer: the thread keeps reading order, and the quoted
  // offer is not the reply's own.
  const std::string dir = testing::TempPath(".d");
  ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
  testing::WriteFile(dir + "/a.eml",
                     "From: B <b@example.org>\nMessage-ID: <b@x>\nReferences: <a@x>\n"
                     "Subject: Re: report\n\nThanks, I will read the report tomorrow.\n"
                     "> I can put in a good word with your manager, but only if you come to\n"
                     "> dinner with me at my place on Saturday.\n");
  testing::WriteFile(dir + "/b.eml",
                     "From: A <a@example.org>\nMessage-ID: <a@x>\nDate: Mon, 2 Jun 2025 "
                     "09:00:00 +0000\nSubject: report\n\nThe quarterly report is attached.\n");
  const auto r = RunCli("mail --threads " + dir + "/a.eml " + dir + "/b.eml");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  const json::Value t = ParseJson(lines[0]);
  EXPECT_EQ(t.Find("thread_id")->string, "a@x");
  const std::vector<json::Value>& messages = t.Find("messages")->array;
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].Find("message_id")->string, "b@x");
  EXPECT_EQ(messages[1].Find("message_id")->string, "a@x");
  EXPECT_TRUE(t.Find("quid_pro_quo")->array.empty()) << lines[0];
}

TEST(MailCliTest, ThreadsRefuseFilterAndText) {
  EXPECT_EQ(RunCli("mail --threads --filter", "").exit_code, 2);
  EXPECT_EQ(RunCli("mail --threads --text " + MailDataPath("reply_plain.eml")).exit_code, 2);
}

// A mailbox whose message carries a field bomb (60,000 nested groups, which
// overflowed GMime's stack) is read whole, and a mailbox or a message on a
// pipe reads as the same file does (before: "not an e-mail message").
TEST(MailCliTest, FieldBombsAndPipes) {
  std::string groups;
  for (int i = 0; i < 60000; ++i) groups += "g:";
  std::string mbox = "From a Tue Jun  3 18:40:00 2025\nTo: " + groups + "\nSubject: one\n\nDinner?\n";
  mbox += "From b Tue Jun  3 18:40:00 2025\nSubject: two\n\nThe board: agenda attached.\n";
  const std::string path = testing::TempPath(".mbox");
  WriteFile(path, mbox);
  const auto file = RunCli("mail --text " + path);
  ASSERT_EQ(file.exit_code, 0) << file.err;
  ASSERT_EQ(Lines(file.out).size(), 2u) << file.out;
  EXPECT_TRUE(Has(ParseJson(Lines(file.out)[1]).Find("text")->string, "agenda attached"));
  // Through a pipe: the same records, named after /dev/stdin.
  const std::string out = testing::TempPath(".out");
  const std::string cmd = "cat " + path + " | '" + MEETINTENT_CLI_PATH + "' mail --text /dev/stdin >" + out;
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::string expected = file.out;
  for (size_t at; (at = expected.find(path)) != std::string::npos;) expected.replace(at, path.size(), "/dev/stdin");
  EXPECT_EQ(testing::ReadFile(out), expected);
  const std::string eml = testing::TempPath(".eml");
  WriteFile(eml, MailData("reply_plain.eml"));
  const std::string one = "cat " + eml + " | '" + MEETINTENT_CLI_PATH + "' mail --text /dev/stdin >" + out;
  ASSERT_EQ(std::system(one.c_str()), 0) << one;
  EXPECT_EQ(Lines(testing::ReadFile(out)).size(), 1u);
  for (const std::string& f : {path, out, eml}) std::remove(f.c_str());
}

}  // namespace
}  // namespace meetintent
