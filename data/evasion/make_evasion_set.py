#!/usr/bin/python3
"""Makes the evasion test set: obfuscated variants of the personal messages of
the project's own test split, the way people dodge filters.

Run: /usr/bin/python3 data/evasion/make_evasion_set.py
Writes data/evasion/obfuscated.tsv: technique<TAB>clean<TAB>obfuscated (texts
escaped as in the corpus). Deterministic (fixed seed). Each message gets one
technique applied to up to three of its words of four or more letters.
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
    with open(os.path.join(HERE, "obfuscated.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for technique, clean, variant in out:
            f.write(f"{technique}\t{clean}\t{variant}\n")
    counts = {}
    for t, _, _ in out:
        counts[t] = counts.get(t, 0) + 1
    print(len(out), "variants:", counts)


if __name__ == "__main__":
    main()
