#!/usr/bin/env bash
# contrib/notmuch/post-new with a real notmuch: a generated Maildir, a
# database of its own (HOME and NOTMUCH_CONFIG point into a temporary
# folder, so no user configuration is read or touched), `notmuch new` runs
# the hook, and `notmuch search` must find the tags meetintent gave.
# Usage: notmuch_hook_test.sh MEETINTENT SOURCE_DIR
set -euo pipefail
meetintent=$(realpath "$1")
hook=$2/contrib/notmuch/post-new
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp NOTMUCH_CONFIG=$tmp/notmuch-config MEETINTENT=$meetintent
mkdir -p "$tmp/mail/cur" "$tmp/mail/new" "$tmp/mail/tmp" "$tmp/hooks"
cp "$hook" "$tmp/hooks/post-new"

cat >"$NOTMUCH_CONFIG" <<CONF
[database]
path=$tmp/mail
hook_dir=$tmp/hooks
[user]
name=Test
primary_email=tom@example.com
[new]
tags=new;unread;
[maildir]
synchronize_flags=false
CONF

message() {  # FILE MESSAGE-ID SUBJECT BODY
  printf 'From: Anna Berg <anna@example.org>\nTo: tom@example.com\nSubject: %s\nDate: Wed, 4 Jun 2025 20:15:00 +0200\nMessage-ID: <%s>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n%s\n' \
    "$3" "$2" "$4" >"$tmp/mail/new/$1"
}
message 1 work-1@example.org "Q3 budget review" \
  "Hi Tom, please find attached the Q3 budget. Can we review the numbers with finance on Thursday at 10?"
message 2 date-2@example.org "Saturday" \
  "I really enjoyed last night. Would you like to have dinner with me at my place on Saturday, just the two of us?"
message 3 qpq-3@example.org "Your application" \
  "I can put in a good word with the hiring manager for you, but only if you come to dinner with me at my place on Saturday night."
message 4 'odd "id)4@example.org' "Re: slides" \
  "Thanks for the slides. I will forward them to the board before the meeting on Monday."

notmuch new --quiet

ids() { notmuch search --output=messages "$@" | sort | tr '\n' ' '; }
fail=0
check() {  # WHAT WANT GOT
  if [ "$2" != "$3" ]; then
    echo "FAIL: $1: want [$2], got [$3]"
    fail=1
  else
    echo "ok: $1: $3"
  fi
}
check "tag:professional" 'id:odd"id)4@example.org id:work-1@example.org ' "$(ids tag:professional)"
check "tag:personal" "id:date-2@example.org id:qpq-3@example.org " "$(ids tag:personal)"
check "tag:quid-pro-quo" "id:qpq-3@example.org " "$(ids tag:quid-pro-quo)"
check "untagged" "" "$(ids not tag:personal and not tag:professional)"
exit $fail
