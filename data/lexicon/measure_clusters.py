#!/usr/bin/python3
"""Measures whether the word clusters of clusters.tsv carry signal for meetintent's task.

    /usr/bin/python3 data/lexicon/measure_clusters.py [--shared ../shared/data]

Trains scikit-learn LogisticRegression (class_weight="balanced", liblinear, C=1) on
data/default_train.tsv and scores data/test_written.tsv, dailydialog/dev.tsv and
enron_berkeley/dev.tsv (from the shared data folder; DailyDialog is evaluation-only
and is never trained on). Feature sets:

  base      TF-IDF word 1-2 grams + TF-IDF char_wb 3-5 grams (sublinear tf)
  base+cK   base + TF-IDF bag of cluster ids at granularity K (c256_17 ...)
  base+all  base + the cluster ids of all three granularities
  words, words+all, clusters-only: word 1-2 grams alone, with the cluster ids, and the
            cluster ids alone (all three granularities), to show what the clusters carry
            by themselves
Each row also gives, per test set, a 95% paired bootstrap interval (1,000 resamples of
the test rows, seed 0) of its macro-F1 minus that of "base".

Cluster tokens: the text is lowercased, split into words with the regex [^\\W_]+,
and each word found in clusters.tsv becomes c256_<id>, c1024_<id>, c4096_<id>.
Prints a Markdown table of macro-F1 and F1 of "personal" per test set. Deterministic.
"""
import argparse
import os
import re
import sys
import time

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)
ROOT = os.path.dirname(DATA)
WORD = re.compile(r"[^\W_]+")
KS = (256, 1024, 4096)


def unescape(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(n, "\\" + n))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def read_tsv(path):
    labels, texts = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            label, text = line.split("\t", 1)
            labels.append(label)
            texts.append(unescape(text))
    return labels, texts


def load_clusters(path):
    table = {}
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        assert header == ["word"] + [f"c{k}" for k in KS], header
        for line in f:
            w, *ids = line.rstrip("\n").split("\t")
            table[w] = ids
    return table


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(ROOT), "shared", "data"))
    args = ap.parse_args()
    t0 = time.time()
    table = load_clusters(os.path.join(HERE, "clusters.tsv"))

    def cluster_analyzer(ks):
        cols = [KS.index(k) for k in ks]

        def analyze(text):
            toks = []
            for w in WORD.findall(text.lower()):
                ids = table.get(w)
                if ids is not None:
                    toks.extend(f"c{KS[c]}_{ids[c]}" for c in cols)
            return toks
        return analyze

    ytr, xtr = read_tsv(os.path.join(DATA, "default_train.tsv"))
    tests = [
        ("test_written", os.path.join(DATA, "test_written.tsv")),
        ("dailydialog/dev", os.path.join(args.shared, "dailydialog", "dev.tsv")),
        ("enron_berkeley/dev", os.path.join(args.shared, "enron_berkeley", "dev.tsv")),
    ]
    tests = [(n, *read_tsv(p)) for n, p in tests if os.path.exists(p)]

    # Coverage: share of word tokens (regex above, lowercased) found in clusters.tsv.
    print("| set | rows | personal | word tokens in clusters.tsv |")
    print("|---|---|---|---|")
    for name, y, x in [("default_train", ytr, xtr)] + tests:
        toks = [w for t in x for w in WORD.findall(t.lower())]
        cov = sum(w in table for w in toks) / max(1, len(toks))
        print(f"| {name} | {len(y)} | {y.count('personal')} | {cov:.1%} |")
    print()

    word = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), lowercase=True,
                           sublinear_tf=True, min_df=1)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True,
                           sublinear_tf=True, min_df=2)
    base_tr = [word.fit_transform(xtr), char.fit_transform(xtr)]
    base_te = [[word.transform(x), char.transform(x)] for _, _, x in tests]

    # (name, use word block, use char block, cluster granularities)
    variants = ([("base", 1, 1, ())] + [(f"base+c{k}", 1, 1, (k,)) for k in KS] +
                [("base+all", 1, 1, KS), ("words", 1, 0, ()), ("words+all", 1, 0, KS),
                 ("clusters-only", 0, 0, KS)])
    y_train = np.array([y == "personal" for y in ytr])
    y_tests = [np.array([v == "personal" for v in y]) for _, y, _ in tests]
    rng = np.random.RandomState(0)
    boots = [[rng.randint(0, len(y), len(y)) for _ in range(1000)] for y in y_tests]
    base_pred = None
    rows = []
    for name, use_w, use_c, ks in variants:
        keep = [i for i, u in enumerate((use_w, use_c)) if u]
        tr = [base_tr[i] for i in keep]
        te = [[b[i] for i in keep] for b in base_te]
        if ks:
            cv = TfidfVectorizer(analyzer=cluster_analyzer(ks), sublinear_tf=True)
            tr.append(cv.fit_transform(xtr))
            for i, (_, _, x) in enumerate(tests):
                te[i].append(cv.transform(x))
        clf = LogisticRegression(class_weight="balanced", solver="liblinear", C=1.0,
                                 max_iter=1000)
        clf.fit(hstack(tr).tocsr(), y_train)
        preds = [clf.predict(hstack(te[i]).tocsr()) for i in range(len(tests))]
        if base_pred is None:
            base_pred = preds
        res = []
        for i, yt in enumerate(y_tests):
            yp = preds[i]
            m = f1_score(yt, yp, average="macro")
            p = f1_score(yt, yp, pos_label=True)
            diffs = np.array([f1_score(yt[b], yp[b], average="macro") -
                              f1_score(yt[b], base_pred[i][b], average="macro")
                              for b in boots[i]])
            lo, hi = np.percentile(diffs, [2.5, 97.5])
            res.append((m, p, lo, hi))
        rows.append((name, res))
        print(f"{name}: " + "  ".join(f"{n} {m:.3f}/{p:.3f} [{lo:+.3f},{hi:+.3f}]"
                                      for (n, _, _), (m, p, lo, hi) in zip(tests, res)),
              file=sys.stderr, flush=True)

    print("| features | " + " | ".join(f"{n} macro-F1 | F1 personal | macro-F1 vs base (95% CI)"
                                        for n, _, _ in tests) + " |")
    print("|---|" + "---|---|---|" * len(tests))
    for name, res in rows:
        print(f"| {name} | " + " | ".join(
            f"{m:.3f} | {p:.3f} | " + ("—" if name == "base" else f"{lo:+.3f} … {hi:+.3f}")
            for m, p, lo, hi in res) + " |")
    print(f"\n({time.time() - t0:.0f} s)")


if __name__ == "__main__":
    main()
