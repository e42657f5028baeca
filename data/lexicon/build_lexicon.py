#!/usr/bin/python3
"""Builds data/lexicon/lexicon.tsv, the word knowledge of recipe 2 models.

Usage: /usr/bin/python3 data/lexicon/build_lexicon.py   (standard library only)

Merges, in this order (a word listed twice keeps its first entry):
  1. data/lexicon/gendered.tsv: gendered words and their neutral stand-ins; a
     stand-in that has word clusters lends them to its words ("she" reads as
     "they" in every feature);
  2. data/lexicon/names_1_0.tsv (the first names meetintent 1.0 listed in
     src/neutral_words.cc) and data/names/first_names.tsv: stand-in <name>,
     no clusters (a name's clusters would carry its gender);
  3. data/lexicon/clusters.tsv: the GloVe word clusters at 256, 1024 and 4096.
Output columns: word, stand_in, c256, c1024, c4096 (empty when none). The
library normalizes each word as messages are (NFKC case folding) when it reads
the file, and keeps only those that read as one token.
"""

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def main():
    clusters = {}
    for row in read_tsv(HERE / "clusters.tsv"):
        clusters.setdefault(row["word"], (row["c256"], row["c1024"], row["c4096"]))
    out, seen = [], set()

    def add(word, stand_in, cl):
        key = word.casefold()
        if not word or "\t" in word or key in seen:
            return
        seen.add(key)
        out.append((word, stand_in) + tuple(cl))

    for row in read_tsv(HERE / "gendered.tsv"):
        add(row["word"], row["stand_in"], clusters.get(row["stand_in"].casefold(), ("", "", "")))
    for row in read_tsv(HERE / "names_1_0.tsv") + read_tsv(DATA / "names" / "first_names.tsv"):
        add(row["name"], "<name>", ("", "", ""))
    for word, cl in clusters.items():
        add(word, "", cl)
    with open(HERE / "lexicon.tsv", "w", encoding="utf-8", newline="") as f:
        f.write("word\tstand_in\tc256\tc1024\tc4096\n")
        for row in out:
            f.write("\t".join(row) + "\n")
    print("lexicon.tsv: %d words (%d with stand-ins)" %
          (len(out), sum(1 for r in out if r[1])), file=sys.stderr)


if __name__ == "__main__":
    main()
