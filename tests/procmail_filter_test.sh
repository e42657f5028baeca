#!/usr/bin/env bash
# `meetintent-mail --filter` (the program behind `meetintent mail`, as
# contrib/procmail/procmailrc runs it) under a real MDA: procmail (-m, with an rcfile
# of its own, so neither /etc/procmailrc nor a user's is read) pipes each
# message through the filter and files it by the header it added into a
# Maildir. The delivered files must carry the verdict and, below the header,
# be the message byte for byte.
# Usage: procmail_filter_test.sh MEETINTENT_MAIL
set -euo pipefail
mail_program=$(realpath "$1")
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
mkdir -p "$tmp/Maildir"
cat >"$tmp/rc" <<RC
SHELL=/bin/sh
MAILDIR=$tmp/Maildir/
DEFAULT=$tmp/Maildir/inbox/
LOGFILE=$tmp/procmail.log

:0 fw
| $mail_program --filter

:0
* ^X-Meetintent-Label: personal
$tmp/Maildir/personal/
RC

message() {  # FILE SUBJECT BODY (CRLF line ends in the second, as some MTAs deliver)
  printf 'From: Anna Berg <anna@example.org>\nTo: tom@example.com\nSubject: %s\nMessage-ID: <%s@example.org>\n\n%s\n' \
    "$2" "$1" "$3" >"$tmp/$1.eml"
}
message work "Q3 budget review" \
  "Hi Tom, please find attached the Q3 budget. Can we review the numbers with finance on Thursday at 10?"
message date "Saturday" \
  "I really enjoyed last night. Would you like to have dinner with me at my place on Saturday, just the two of us?"
# A sender cannot forge the verdict: this one claims to be professional.
printf 'From: x@example.org\nX-Meetintent-Label: professional\nSubject: hi\n\nDinner at my place tonight, just us two? I miss you.\n\n-- \nX\n' >"$tmp/forged.eml"

for m in work date forged; do
  procmail -m "$tmp/rc" <"$tmp/$m.eml"
done

fail=0
delivered() {  # FOLDER: the files procmail delivered there
  find "$tmp/Maildir/$1/new" -type f 2>/dev/null | sort
}
body() { sed '1,/^$/d' "$1"; }
# procmail ends every delivered message with an empty line (an mbox habit);
# compared without trailing empty lines. The filter's own output is compared
# exactly below.
body_trimmed() { body "$1" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'; }
check_file() {  # FOLDER SOURCE LABEL
  local f
  f=$(grep -l -F "$(head -1 "$tmp/$2.eml")" $(delivered "$1") /dev/null | head -1 || true)
  if [ -z "$f" ]; then
    echo "FAIL: $2 not delivered to $1"; fail=1; return
  fi
  if ! grep -q "^X-Meetintent-Label: $3\$" "$f"; then
    echo "FAIL: $2: no 'X-Meetintent-Label: $3' in"; cat "$f"; fail=1; return
  fi
  if [ "$(grep -c '^X-Meetintent-Label:' "$f")" != 1 ]; then
    echo "FAIL: $2: more than one verdict header"; fail=1; return
  fi
  if ! cmp -s <(body_trimmed "$f") <(body_trimmed "$tmp/$2.eml"); then
    echo "FAIL: $2: body changed"; fail=1; return
  fi
  echo "ok: $2 -> $1 ($3, body unchanged)"
}
check_file inbox work professional
check_file personal date personal
check_file personal forged personal
for m in work date forged; do
  if ! cmp -s <("$mail_program" --filter <"$tmp/$m.eml" | body /dev/stdin) <(body "$tmp/$m.eml"); then
    echo "FAIL: $m: the filter changed the body"; fail=1
  fi
done
[ "$(delivered inbox | wc -l)" = 1 ] || { echo "FAIL: inbox holds $(delivered inbox | wc -l)"; fail=1; }
exit $fail
