#!/usr/bin/python3
"""K-fold cross-validation of the default recipe on the training rows of data/corpus.tsv.

Each fold trains with `meetintent train` (whose defaults are the default model's recipe,
data/default_model_recipe.cmake) on the other folds and classifies its own rows; macro-F1 is
then reported per language and over all rows. Folds are drawn by the same group key as the
corpus split (language and first four words), so near-identical contrast pairs never sit on
both sides. The test split is never read: use this to choose data or options, and the test
split only to report.

  /usr/bin/python3 scripts/cross_validate.py [--cli build/meetintent] [--folds 5]
"""
import argparse
import collections
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "data"))
from build_corpus import group_key  # noqa: E402  (one definition of a message's group)

LABELS = ("personal", "professional")


def macro_f1(pairs):
    f1s = []
    for label in LABELS:
        tp = sum(1 for gold, pred in pairs if gold == label and pred == label)
        fp = sum(1 for gold, pred in pairs if gold != label and pred == label)
        fn = sum(1 for gold, pred in pairs if gold == label and pred != label)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


def fold_of(row, folds):
    key = group_key(row["lang"], row["text"])
    digest = hashlib.sha256(("meetintent-cv-v1|" + key).encode()).digest()
    return int.from_bytes(digest[:8], "little") % folds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cli", default=os.path.join(ROOT, "build", "meetintent"))
    parser.add_argument("--corpus", default=os.path.join(ROOT, "data", "corpus.tsv"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--errors", help="write the misread rows here (TSV)")
    parser.add_argument("--score", metavar="REGEX",
                        help="score only rows whose source matches (all rows still train): "
                             "compares data changes on the rows that were there before")
    parser.add_argument("train_options", nargs="*",
                        help="extra `meetintent train` options, after --")
    args = parser.parse_args()

    with open(args.corpus, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        rows = [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f]
    rows = [r for r in rows if r["split"] == "train"]
    predictions = [None] * len(rows)
    with tempfile.TemporaryDirectory() as tmp:
        train_path = os.path.join(tmp, "train.tsv")
        model_path = os.path.join(tmp, "model.mim")
        for fold in range(args.folds):
            held = [i for i, r in enumerate(rows) if fold_of(r, args.folds) == fold]
            held_set = set(held)
            with open(train_path, "w", encoding="utf-8") as out:
                for i, r in enumerate(rows):
                    if i not in held_set:
                        out.write(r["label"] + "\t" + r["text"] + "\n")
            subprocess.run([args.cli, "train", "--quiet", "--output", model_path, *args.train_options,
                            train_path], check=True)
            # Texts keep their \n escapes: classify reads one message per line, like train.
            lines = "".join(rows[i]["text"] + "\n" for i in held)
            result = subprocess.run([args.cli, "classify", "--model", model_path, "--format", "jsonl"],
                                    input=lines, capture_output=True, text=True, check=True)
            outputs = result.stdout.splitlines()
            if len(outputs) != len(held):
                sys.exit(f"fold {fold}: {len(held)} messages, {len(outputs)} answers")
            for i, line in zip(held, outputs):
                predictions[i] = json.loads(line)["label"]

    by_lang = collections.defaultdict(list)
    for r, pred in zip(rows, predictions):
        if args.score and not re.search(args.score, r["source"]):
            continue
        by_lang[r["lang"]].append((r["label"], pred))
        by_lang["all"].append((r["label"], pred))
    print("lang\trows\tmacro_f1")
    for lang in sorted(by_lang):
        print(f"{lang}\t{len(by_lang[lang])}\t{macro_f1(by_lang[lang]):.4f}")
    if args.errors:
        with open(args.errors, "w", encoding="utf-8") as out:
            for r, pred in zip(rows, predictions):
                if pred != r["label"]:
                    out.write("\t".join([r["lang"], r["label"], pred, r["source"], r["text"]]) + "\n")


if __name__ == "__main__":
    main()
