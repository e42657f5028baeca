#!/usr/bin/python3
"""Makes the evasion test set: obfuscated variants of the personal messages of
the project's own test split, the way people dodge filters.

Run: /usr/bin/python3 data/evasion/make_evasion_set.py
Writes data/evasion/obfuscated.tsv: technique<TAB>clean<TAB>obfuscated (texts
escaped as in the corpus). Deterministic (fixed seed). Each message gets one
technique applied to up to three of its words of four or more letters.

The classes of issue #12 item 8 (EXTRA_TECHNIQUES: other separators between
letters, Cherokee, Armenian, small capitals, upside-down, reversed, combining
decoration, more Cyrillic look-alikes, spaces removed, appended work words)
come after, from their own random generator, each on PER_EXTRA messages
(up to EXTRA_WORDS words of each, or the whole text)
picked evenly from the same list, so the rows of the first classes stay as
they were.
"""
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

ZWSP = "\u200b"
CYRILLIC = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441",
            "y": "\u0443", "x": "\u0445", "i": "\u0456"}
GREEK = {"o": "\u03bf", "a": "\u03b1", "i": "\u03b9", "v": "\u03bd", "t": "\u03c4", "u": "\u03c5"}
LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
EMOJI = {"drinks": "\U0001F378", "drink": "\U0001F378", "wine": "\U0001F377", "beer": "\U0001F37A",
         "coffee": "\u2615", "love": "\u2764\ufe0f", "kiss": "\U0001F618", "dinner": "\U0001F37D\ufe0f",
         "date": "\U0001F4C5", "pizza": "\U0001F355", "movie": "\U0001F3AC", "heart": "\u2764\ufe0f"}


def fullwidth(w):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in w)


def math_bold(w):
    out = []
    for c in w:
        if "a" <= c <= "z":
            out.append(chr(0x1D41A + ord(c) - ord("a")))
        elif "A" <= c <= "Z":
            out.append(chr(0x1D400 + ord(c) - ord("A")))
        else:
            out.append(c)
    return "".join(out)


def zero_width(w, rng):
    k = rng.randrange(1, len(w))
    return w[:k] + ZWSP + w[k:]


def spaced(w, rng):
    return rng.choice([" ", ".", "-", "_", "*"]).join(w)


def lookalike(w, table, rng):
    positions = [i for i, c in enumerate(w) if c.lower() in table and c.islower()]
    if not positions:
        return None
    out = list(w)
    for i in rng.sample(positions, min(2, len(positions))):
        out[i] = table[out[i]]
    return "".join(out)


def leet(w, rng):
    # Leetspeak between letters, as people write it (d4te, dr1nks).
    positions = [i for i in range(1, len(w) - 1) if w[i].lower() in LEET]
    if not positions:
        return None
    out = list(w)
    for i in rng.sample(positions, min(2, len(positions))):
        out[i] = LEET[out[i].lower()]
    return "".join(out)


TECHNIQUES = ["zero_width", "spacing", "leet", "cyrillic", "greek", "fullwidth", "math_bold",
              "emoji"]


def obfuscate(text, technique, rng):
    words = [m for m in re.finditer(r"[A-Za-z]{4,}", text)]
    if technique == "emoji":
        words = [m for m in re.finditer(r"[A-Za-z]+", text) if m.group().lower() in EMOJI]
    if not words:
        return None
    chosen = sorted(rng.sample(words, min(3, len(words))), key=lambda m: m.start(), reverse=True)
    out = text
    changed = False
    for m in chosen:
        w = m.group()
        if technique == "zero_width":
            new = zero_width(w, rng)
        elif technique == "spacing":
            new = spaced(w, rng)
        elif technique == "leet":
            new = leet(w, rng)
        elif technique == "cyrillic":
            new = lookalike(w, CYRILLIC, rng)
        elif technique == "greek":
            new = lookalike(w, GREEK, rng)
        elif technique == "fullwidth":
            new = fullwidth(w)
        elif technique == "math_bold":
            new = math_bold(w)
        else:
            new = EMOJI[w.lower()]
        if new and new != w:
            out = out[:m.start()] + new + out[m.end():]
            changed = True
    return out if changed else None


# --- Issue #12 item 8: evasions the 1.x normalizer did not know.
PER_EXTRA = 60
EXTRA_WORDS = 12  # words obfuscated per message (of four or more letters)
PRIVATE_USE = "\ue01f"
CHEROKEE = {"a": "\u13aa", "b": "\u13f4", "c": "\u13df", "d": "\u13a0", "e": "\u13ac", "g": "\u13c0",
            "h": "\u13bb", "i": "\u13a5", "j": "\u13ab", "k": "\u13e6", "l": "\u13de", "m": "\u13b7",
            "p": "\u13e2", "r": "\u13a1", "s": "\u13da", "t": "\u13a2", "v": "\u13d9", "w": "\u13b3",
            "z": "\u13c3"}
ARMENIAN = {"o": "\u0585", "u": "\u057d", "g": "\u0581", "n": "\u0578", "h": "\u0570", "q": "\u0566",
            "w": "\u0561", "f": "\u0584"}
CYRILLIC_MORE = {"w": "\u0461", "v": "\u0475", "l": "\u04cf", "y": "\u04af", "e": "\u04bd",
                 "r": "\u0433", "b": "\u044c", "d": "\u0501", "q": "\u051b", "h": "\u04bb"}
SMALL_CAPS = {"a": "\u1d00", "b": "\u0299", "c": "\u1d04", "d": "\u1d05", "e": "\u1d07", "f": "\ua730",
              "g": "\u0262", "h": "\u029c", "i": "\u026a", "j": "\u1d0a", "k": "\u1d0b", "l": "\u029f",
              "m": "\u1d0d", "n": "\u0274", "o": "\u1d0f", "p": "\u1d18", "r": "\u0280", "s": "\ua731",
              "t": "\u1d1b", "u": "\u1d1c", "v": "\u1d20", "w": "\u1d21", "y": "\u028f", "z": "\u1d22"}
# As the common upside-down text generators write it (lower case, then
# flipped and reversed).
UPSIDE_DOWN = {"a": "\u0250", "b": "q", "c": "\u0254", "d": "p", "e": "\u01dd", "f": "\u025f",
               "g": "\u0183", "h": "\u0265", "i": "\u1d09", "j": "\u027e", "k": "\u029e", "l": "l",
               "m": "\u026f", "n": "u", "o": "o", "p": "d", "q": "b", "r": "\u0279", "s": "s",
               "t": "\u0287", "u": "n", "v": "\u028c", "w": "\u028d", "x": "x", "y": "\u028e", "z": "z",
               "?": "\u00bf", "!": "\u00a1", ".": "\u02d9", ",": "'", "'": ",", "(": ")", ")": "(",
               "\u00e4": "\u0250\u0308", "\u00f6": "o\u0308", "\u00fc": "n\u0308"}
WORK_WORDS = ("meeting agenda project deadline budget report quarterly review client invoice "
              "contract stakeholder roadmap milestone deliverable presentation schedule "
              "conference call team update proposal sales revenue forecast compliance audit "
              "onboarding training policy department manager").split()

EXTRA_TECHNIQUES = ["sep_comma", "sep_slash", "sep_double_space", "sep_newline",
                    "sep_private_use", "cherokee", "armenian", "cyrillic_more", "small_caps",
                    "overlay", "dot_below", "upside_down", "reversed", "rlo_reversed",
                    "no_spaces", "work_words"]
SEPARATORS = {"sep_comma": ",", "sep_slash": "/", "sep_double_space": "  ", "sep_newline": "\n",
              "sep_private_use": PRIVATE_USE}


def replace_letters(w, table, rng, most):
    positions = [i for i, c in enumerate(w) if c in table]
    if not positions:
        return None
    out = list(w)
    for i in rng.sample(positions, min(most, len(positions))):
        out[i] = table[out[i]]
    return "".join(out)


def upside_down(text):
    return "".join(UPSIDE_DOWN.get(c, c) for c in text.lower())[::-1]


def unescape(s):
    return re.sub(r"\\([ntr\\])", lambda m: {"n": "\n", "t": "\t", "r": "\r", "\\": "\\"}[m.group(1)], s)


def escape(s):
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def obfuscate_extra(escaped, technique, rng):
    variant = obfuscate_extra_text(unescape(escaped), technique, rng)
    return None if variant is None else escape(variant)


def obfuscate_extra_text(text, technique, rng):
    if technique == "upside_down":
        return upside_down(text)
    if technique == "reversed":
        return text[::-1]
    if technique == "rlo_reversed":  # displays as the clean text
        return "\n".join("\u202e" + line[::-1] for line in text.split("\n"))
    if technique == "no_spaces":
        return re.sub(r" +", "", text)
    if technique == "work_words":
        return text + " " + " ".join(rng.choice(WORK_WORDS) for _ in range(60))
    words = [m for m in re.finditer(r"[A-Za-z]{4,}", text)]
    if not words:
        return None
    chosen = sorted(rng.sample(words, min(EXTRA_WORDS, len(words))), key=lambda m: m.start(), reverse=True)
    out = text
    for m in chosen:
        w = m.group()
        if technique in SEPARATORS:
            new = SEPARATORS[technique].join(w)
        elif technique == "cherokee":
            new = replace_letters(w, CHEROKEE, rng, len(w))
        elif technique == "armenian":
            new = replace_letters(w, ARMENIAN, rng, 3)
        elif technique == "cyrillic_more":
            new = replace_letters(w, CYRILLIC_MORE, rng, 2)
        elif technique == "small_caps":
            new = "".join(SMALL_CAPS.get(c.lower(), c) for c in w)
        elif technique == "overlay":
            new = "".join(c + "\u0336" for c in w)
        elif technique == "dot_below":
            new = "".join(c + "\u0323" if rng.random() < 0.5 else c for c in w)
        else:
            raise ValueError(technique)
        if new:
            out = out[:m.start()] + new + out[m.end():]
    return out if out != text else None


def main():
    rng = random.Random(20261126)
    rows = []
    with open(os.path.join(ROOT, "data", "test_written.tsv"), encoding="utf-8") as f:
        for line in f:
            label, text = line.rstrip("\n").split("\t", 1)
            if label != "personal" or not re.search(r"[A-Za-z]{4,}", text):
                continue
            rows.append(text)
    out = []
    for i, text in enumerate(rows):
        technique = TECHNIQUES[i % len(TECHNIQUES)]
        variant = obfuscate(text, technique, rng)
        if variant is None and technique == "emoji":
            technique = "zero_width"
            variant = obfuscate(text, technique, rng)
        if variant is not None:
            out.append((technique, text, variant))
    rng = random.Random(20261204)
    for t, technique in enumerate(EXTRA_TECHNIQUES):
        made = 0
        for k in range(len(rows)):
            if made == PER_EXTRA:
                break
            # Evenly spread, a different offset per technique.
            text = rows[(t * 7 + k * (len(rows) // PER_EXTRA)) % len(rows)]
            variant = obfuscate_extra(text, technique, rng)
            if variant is not None:
                out.append((technique, text, variant))
                made += 1
    with open(os.path.join(HERE, "obfuscated.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for technique, clean, variant in out:
            f.write(f"{technique}\t{clean}\t{variant}\n")
    counts = {}
    for t, _, _ in out:
        counts[t] = counts.get(t, 0) + 1
    print(len(out), "variants:", counts)


if __name__ == "__main__":
    main()
