#!/usr/bin/python3
"""Quality table of meetintent's default model side by side with peer classifiers.

Usage (from anywhere; default paths are relative to the repository root):

    /usr/bin/python3 scripts/quality_report.py [--train data/default_train.tsv]
        [--cli build/meetintent] [--shared ../shared/data]
        [--meetintent-model PATH] [--output report.md] [--json report.json]

Systems, all trained on the same training file (TSV `label<TAB>text`, newlines
written as the two characters backslash-n):
  * meetintent with its embedded default model (no --model), plus optionally the
    model file given by --meetintent-model;
  * fastText supervised (the `fasttext` command-line tool) in two configurations,
    word 1-2 grams without and with char 3-5 grams (settings in FASTTEXT_* below);
    fastText sees each text unescaped with every whitespace run (newlines, tabs)
    turned into one space, case and punctuation untouched;
  * scikit-learn LogisticRegression on word 1-2 + char_wb 3-5 TF-IDF features.

Test sets: data/test_written.tsv and, from --shared, enron_berkeley/dev.tsv,
dailydialog/dev.tsv and clinc150_subset/test.tsv (missing ones are skipped).

Every metric is computed here from each system's predicted probabilities:
macro-F1 and F1 of "personal" on the arg-max label, ROC AUC with "personal" as
the positive class scored by P(personal), and ECE over 15 equal-width bins of
the predicted label's probability. meetintent's rows are cross-checked against
`meetintent eval --json`. Seeds are fixed and fastText runs with one thread, so
the report is the same on every run. Needs python3-sklearn, python3-numpy and
fasttext (apt-get install -y python3-sklearn fasttext).
"""

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.pipeline import FeatureUnion, make_pipeline

REPO = Path(__file__).resolve().parent.parent
LABELS = ("personal", "professional")  # column order of every probability matrix
POSITIVE = 0  # index of "personal" in LABELS
ECE_BINS = 15
SEED = 1

FASTTEXT_COMMON = ["-epoch", "25", "-lr", "0.5", "-dim", "50", "-wordNgrams", "2",
                   "-minCount", "1", "-bucket", "2000000", "-loss", "softmax",
                   "-seed", str(SEED), "-thread", "1"]
FASTTEXT_SYSTEMS = {
    "fastText word 1-2": FASTTEXT_COMMON + ["-minn", "0", "-maxn", "0"],
    "fastText word 1-2 + char 3-5": FASTTEXT_COMMON + ["-minn", "3", "-maxn", "5"],
}
SKLEARN_SYSTEM = "sklearn LR word 1-2 + char_wb 3-5"
SKLEARN_SETTINGS = (
    "FeatureUnion(TfidfVectorizer(analyzer='word', ngram_range=(1, 2), sublinear_tf=True, min_df=1), "
    "TfidfVectorizer(analyzer='char_wb', ngram_range=(3, 5), sublinear_tf=True)) -> "
    f"LogisticRegression(C=10, class_weight='balanced', solver='liblinear', max_iter=1000, "
    f"random_state={SEED}); text unescaped, lowercased by the vectorizers")

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\"}


def unescape(raw):
    """The library's UnescapeTsvText: \\n, \\t, \\r and \\\\ become the characters."""
    return re.sub(r"\\([ntr\\])", lambda m: _ESCAPES[m.group(1)], raw)


def parse_tsv(data, path):
    """(label indices, raw texts) of a label<TAB>text file's bytes, skipping blank lines like the CLI."""
    labels, texts = [], []
    for number, line in enumerate(data.decode("utf-8").split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip(" \t"):
            continue
        label, sep, text = line.partition("\t")
        if not sep or label not in LABELS:
            sys.exit(f"{path}:{number}: expected one of {LABELS}, a tab and a text")
        labels.append(LABELS.index(label))
        texts.append(text)
    return np.array(labels), texts


def file_info(path, data, y):
    return {"path": show(path), "n": len(y), "personal": int((y == 0).sum()),
            "professional": int((y == 1).sum()), "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest()}


def probability_matrix(rows, where):
    """(n, 2) array from dicts label -> probability, in LABELS order, rows summing to 1."""
    p = np.array([[row.get(l, 0.0) for l in LABELS] for row in rows], dtype=float)
    if (p.sum(axis=1) <= 0).any():
        sys.exit(f"{where}: a prediction without probabilities for {LABELS}")
    return p / p.sum(axis=1, keepdims=True)


def run(cmd, **kwargs):
    try:
        return subprocess.run(cmd, check=True, capture_output=True, text=True, **kwargs).stdout
    except subprocess.CalledProcessError as e:
        sys.exit(f"command failed ({e.returncode}): {' '.join(map(str, cmd))}\n{e.stderr}")


# --- systems: each returns an (n, 2) probability matrix per test set ----------

def meetintent_probs(cli, model, raw_texts):
    cmd = [cli, "classify", "--format", "jsonl"] + (["--model", model] if model else [])
    # Raw TSV texts are one line each; the CLI unescapes them exactly as `eval` does.
    out = run(cmd, input="".join(t + "\n" for t in raw_texts)).splitlines()
    if len(out) != len(raw_texts):
        sys.exit(f"meetintent classify returned {len(out)} lines for {len(raw_texts)} messages")
    return probability_matrix([json.loads(l)["probabilities"] for l in out], "meetintent")


def meetintent_eval(cli, model, path):
    cmd = [cli, "eval", "--json"] + (["--model", model] if model else []) + [path]
    return json.loads(run(cmd))


def fasttext_line(raw):
    return " ".join(unescape(raw).split())


def fasttext_probs(settings, train, tests, tmp):
    """Trains one fastText model and returns its probabilities on each test set."""
    tmp = Path(tmp)
    train_file = tmp / "train.txt"
    train_file.write_text("".join(f"__label__{LABELS[y]} {fasttext_line(t)}\n"
                                  for y, t in zip(*train)), encoding="utf-8")
    run(["fasttext", "supervised", "-input", train_file, "-output", tmp / "model",
         "-verbose", "0"] + settings)
    results = {}
    for name, (_, texts) in tests.items():
        test_file = tmp / "test.txt"
        test_file.write_text("".join(fasttext_line(t) + "\n" for t in texts), encoding="utf-8")
        rows = []
        for line in run(["fasttext", "predict-prob", tmp / "model.bin", test_file, "2"]).splitlines():
            tokens = line.split()
            rows.append({tokens[i].removeprefix("__label__"): float(tokens[i + 1])
                         for i in range(0, len(tokens), 2)})
        if len(rows) != len(texts):
            sys.exit(f"fasttext predict-prob returned {len(rows)} lines for {len(texts)} texts")
        results[name] = probability_matrix(rows, "fasttext")
    return results


def sklearn_probs(train, tests):
    model = make_pipeline(
        FeatureUnion([
            ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
            ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)),
        ]),
        LogisticRegression(C=10, class_weight="balanced", solver="liblinear", max_iter=1000,
                           random_state=SEED))
    y, texts = train
    model.fit([unescape(t) for t in texts], y)
    order = [list(model.classes_).index(c) for c in range(len(LABELS))]
    return {name: model.predict_proba([unescape(t) for t in texts])[:, order]
            for name, (_, texts) in tests.items()}


# --- metrics --------------------------------------------------------------------

def expected_calibration_error(y, p, bins=ECE_BINS):
    confidence = p.max(axis=1)
    correct = p.argmax(axis=1) == y
    which = np.minimum((confidence * bins).astype(int), bins - 1)
    return sum(abs(correct[which == b].mean() - confidence[which == b].mean()) * (which == b).sum()
               for b in range(bins) if (which == b).any()) / len(y)


def metrics(y, p):
    pred = p.argmax(axis=1)  # ties go to "personal", as in the library
    f1 = f1_score(y, pred, labels=[0, 1], average=None, zero_division=0)
    both = len(set(y)) == 2
    return {"n": len(y),
            "accuracy": float((pred == y).mean()),
            "macro_f1": float(f1.mean()),
            "f1_personal": float(f1[POSITIVE]),
            "roc_auc": float(roc_auc_score(y == POSITIVE, p[:, POSITIVE])) if both else None,
            "ece": float(expected_calibration_error(y, p))}


# --- report ---------------------------------------------------------------------

def show(path):
    path = Path(path).resolve()
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def fmt(x, sign=False):
    if x is None:
        return "n/a"
    x = round(x, 3) + 0.0  # no "-0.000"
    return f"{x:+.3f}" if sign else f"{x:.3f}"


def report(train_info, settings, rows, summary, notes):
    out = ["# meetintent quality report", "",
           f"Training file: `{train_info['path']}`: {train_info['n']} examples "
           f"({train_info['personal']} personal / {train_info['professional']} professional), "
           f"{train_info['bytes']} bytes, sha256 {train_info['sha256'][:16]}.", "",
           "Peer settings:", ""]
    out += [f"- {name}: `{value}`" for name, value in settings.items()]
    out += ["", "F1 personal: F1 of the personal class. ROC AUC: P(personal) against personal. "
            f"ECE: {ECE_BINS} equal-width bins of the predicted label's probability.", "",
            "| test set | n | system | macro-F1 | F1 personal | ROC AUC | ECE |",
            "|---|---:|---|---:|---:|---:|---:|"]
    out += [f"| {r['test_set']} | {r['n']} | {r['system']} | {fmt(r['macro_f1'])} | "
            f"{fmt(r['f1_personal'])} | {fmt(r['roc_auc'])} | {fmt(r['ece'])} |" for r in rows]
    out += ["", "Margin of meetintent over the best peer (macro-F1):", "",
            "| test set | best peer | peer macro-F1 | meetintent | macro-F1 | margin |",
            "|---|---|---:|---|---:|---:|"]
    out += [f"| {s['test_set']} | {s['best_peer']} | {fmt(s['best_peer_macro_f1'])} | {s['system']} | "
            f"{fmt(s['macro_f1'])} | {fmt(s['margin'], sign=True)} |" for s in summary]
    if notes:
        out += ["", "Notes:", ""] + [f"- {n}" for n in notes]
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", default=REPO / "data/default_train.tsv", type=Path)
    ap.add_argument("--cli", default=REPO / "build/meetintent", type=Path)
    ap.add_argument("--shared", default=REPO / "../shared/data", type=Path)
    ap.add_argument("--meetintent-model", type=Path, help="also measure this meetintent model file")
    ap.add_argument("--output", type=Path, help="also write the Markdown report here")
    ap.add_argument("--json", type=Path, help="write every number as JSON here")
    args = ap.parse_args()

    cli = str(args.cli.resolve())
    if not args.cli.is_file():
        sys.exit(f"{args.cli} not found: build it first with scripts/build.sh")
    if not args.train.is_file():
        sys.exit(f"training file {args.train} not found")
    if not shutil.which("fasttext"):
        sys.exit("the fasttext command is missing: apt-get install -y fasttext")

    notes = []
    test_paths = {"test_written": REPO / "data/test_written.tsv",
                  "enron_berkeley": args.shared / "enron_berkeley/dev.tsv",
                  "dailydialog": args.shared / "dailydialog/dev.tsv",
                  "clinc150_subset": args.shared / "clinc150_subset/test.tsv"}
    # Each file is read once; every system (and the eval cross-check) sees that snapshot.
    snapshots, tests, test_info = {}, {}, {}
    for name, path in test_paths.items():
        if not path.is_file():
            notes.append(f"test set {name} skipped: {show(path)} not found")
            continue
        snapshots[name] = path.read_bytes()
        tests[name] = parse_tsv(snapshots[name], path)
        test_info[name] = file_info(path, snapshots[name], tests[name][0])
    if not tests:
        sys.exit("no test set found")
    data = args.train.read_bytes()
    train = parse_tsv(data, args.train)
    train_info = file_info(args.train, data, train[0])
    if args.train.resolve() != (REPO / "data/default_train.tsv").resolve():
        notes.append("the embedded default model was trained on data/default_train.tsv, "
                     f"not on {train_info['path']}")
    elif args.train.stat().st_mtime > args.cli.stat().st_mtime:
        notes.append(f"{train_info['path']} is newer than {show(args.cli)}: the embedded default "
                     "model may have been trained on an older version of it (rebuild with "
                     "scripts/build.sh)")

    print("training and predicting...", file=sys.stderr)
    meetintent = {"meetintent default (embedded)": None}
    if args.meetintent_model:
        meetintent[f"meetintent {args.meetintent_model.name}"] = str(args.meetintent_model.resolve())
    probs = {system: {name: meetintent_probs(cli, model, texts) for name, (_, texts) in tests.items()}
             for system, model in meetintent.items()}
    for system, settings in FASTTEXT_SYSTEMS.items():
        with tempfile.TemporaryDirectory(prefix="quality_report_") as tmp:
            probs[system] = fasttext_probs(settings, train, tests, tmp)
    probs[SKLEARN_SYSTEM] = sklearn_probs(train, tests)
    print("cross-checking meetintent eval --json...", file=sys.stderr)

    rows, summary = [], []
    for name, (y, _) in tests.items():
        rows += [{"test_set": name, "system": system, **metrics(y, probs[system][name])}
                 for system in probs]
    with tempfile.TemporaryDirectory(prefix="quality_report_") as tmp:
        for system, model in meetintent.items():  # cross-check against the CLI's own numbers
            for name, data in snapshots.items():
                snapshot = Path(tmp) / f"{name}.tsv"
                snapshot.write_bytes(data)
                ours = next(r for r in rows if r["test_set"] == name and r["system"] == system)
                theirs = meetintent_eval(cli, model, str(snapshot))
                diff = max(abs(ours[k] - theirs[k]) for k in ("macro_f1", "roc_auc", "ece")
                           if ours[k] is not None)
                if diff > 1e-3:
                    notes.append(f"{system} on {name}: differs from `meetintent eval --json` "
                                 f"by {diff:.4f}")
    for name in tests:
        peers = [r for r in rows if r["test_set"] == name and r["system"] not in meetintent]
        best = max(peers, key=lambda r: r["macro_f1"])
        for r in rows:
            if r["test_set"] == name and r["system"] in meetintent:
                summary.append({"test_set": name, "best_peer": best["system"],
                                "best_peer_macro_f1": best["macro_f1"], "system": r["system"],
                                "macro_f1": r["macro_f1"], "margin": r["macro_f1"] - best["macro_f1"]})

    settings = {f"{s} (fasttext supervised)": " ".join(a) for s, a in FASTTEXT_SYSTEMS.items()}
    settings[f"{SKLEARN_SYSTEM} (scikit-learn)"] = SKLEARN_SETTINGS
    text = report(train_info, settings, rows, summary, notes)
    sys.stdout.write(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps({"train": train_info, "peer_settings": settings,
                                         "test_sets": test_info,
                                         "results": rows, "margins": summary, "notes": notes},
                                        indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
