// RFC 3339 timestamps for the thread command's "time" member.
#ifndef MEETINTENT_CLI_TIMESTAMP_H_
#define MEETINTENT_CLI_TIMESTAMP_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace meetintent {
namespace cli {

// A point in time that may be unknown. Any number of seconds is a valid time,
// including negative ones (before 1970), so whether it is known is a flag of
// its own, not a sentinel value.
struct Time {
  bool known = false;
  int64_t seconds = 0;  // since 1970-01-01T00:00:00Z, when known
};

// Parses an RFC 3339 date-time, "YYYY-MM-DDTHH:MM:SS[.fraction]" followed by
// "Z" or an offset "+hh:mm" / "-hh:mm" (applied: 10:00+02:00 is 08:00Z).
// "T" and "Z" may be lower case, and "T" a space. A leap second (":60")
// reads as the next second; fractions of a second are dropped. The year has
// four digits and every field is range-checked (February 30 is refused).
// Returns false, with *error saying what is wrong, for anything else.
bool ParseRfc3339(std::string_view text, int64_t* seconds, std::string* error);

}  // namespace cli
}  // namespace meetintent

#endif  // MEETINTENT_CLI_TIMESTAMP_H_
