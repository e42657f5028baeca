// What the tests of meetintent_mail share: the hand-made messages of
// tests/data/mail/ and parsing them.
#ifndef MEETINTENT_TESTS_MAIL_TEST_UTIL_H_
#define MEETINTENT_TESTS_MAIL_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <string>

#include "meetintent/mail.h"
#include "test_util.h"

namespace meetintent {
namespace testing {

inline std::string MailDataPath(const std::string& name) {
  return std::string(MEETINTENT_SOURCE_DIR) + "/tests/data/mail/" + name;
}

inline std::string MailData(const std::string& name) { return ReadFile(MailDataPath(name)); }

// Parses tests/data/mail/NAME; fails the test when it does not parse.
inline mail::MailMessage ParsedMail(const std::string& name) {
  mail::MailMessage m;
  const Status s = mail::ParseMail(MailData(name), &m);
  EXPECT_TRUE(s.ok()) << name << ": " << s.ToString();
  return m;
}

inline bool Has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace testing
}  // namespace meetintent

#endif  // MEETINTENT_TESTS_MAIL_TEST_UTIL_H_
