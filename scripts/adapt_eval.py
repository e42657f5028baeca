#!/usr/bin/python3
"""Evidence for per-user adaptation (include/meetintent/adapt.h, issue #15).

Splits ../shared/data/enron_berkeley/dev.tsv in two halves by subject (a thread's
messages stay in one half), adapts the embedded default model with half A as
corrections (one pass in file order, and the batch form: --passes 3), and reports
macro-F1 and F1 of "personal" on half B before and after, beside retraining from
scratch on data/default_train.tsv + half A and scikit-learn's LogisticRegression
(TF-IDF) on half A alone; the change on the project's test split
(data/test_written.tsv) and on dailydialog/dev.tsv; and a simulated user who agrees with the default
model but calls every message about evenings, after-work or drinks personal:
agreement on that user's held-out messages after 10, 50 and 200 corrections.

Usage: /usr/bin/python3 scripts/adapt_eval.py [--cli build/meetintent] [--work DIR]
       [--retrain] [--shared ../shared/data] [--adapt-args "OPTIONS"] [--sweep FILE]
       [--in-domain]
With --sweep, FILE holds one set of 'meetintent adapt' options a line ('-' for the
defaults; '#' starts a comment) and one row is printed per set: the change of
macro-F1 on Enron B, test_written and dailydialog after half A in one pass and in
three, and the simulated user after all their corrections (no confirmations).
With --in-domain, only the ceiling of the Enron target is measured: half B in five
folds grouped by subject, each fold scored after adapting the default model with the
other four (and with half A besides), and scikit-learn trained on the other four:
what labels from B itself teach about B.
Deterministic: the split is a hash of the subject; the simulated user's order is
a fixed shuffle.
"""
import argparse
import hashlib
import json
import os
import random
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVENING = re.compile(r"evening|after[- ]work|drinks?\b|happy hour|tonight", re.I)


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or "\t" not in line:
                continue
            label, text = line.split("\t", 1)
            rows.append((label, text))
    return rows


def write_tsv(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for label, text in rows:
            f.write(f"{label}\t{text}\n")


def subject(text):
    first = text.split("\\n", 1)[0]
    s = first[len("Subject:"):] if first.startswith("Subject:") else first
    s = s.strip().lower()
    while True:
        t = re.sub(r"^(re|fw|fwd)\s*:\s*", "", s)
        if t == s:
            return s
        s = t


def half(key):
    return "A" if hashlib.md5(key.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def run(cmd, stdin=None):
    r = subprocess.run(cmd, capture_output=True, text=True, input=stdin)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr}")
    return r.stdout


def evaluate(cli, model, path):
    cmd = [cli, "eval", "--json", path]
    if model:
        cmd[2:2] = ["--model", model]
    return json.loads(run(cmd))


def predict(cli, model, rows):
    lines = "".join(f"{i}\t{text}\n" for i, (_, text) in enumerate(rows))
    cmd = [cli, "classify", "--input-format", "tsv", "--format", "jsonl", "-"]
    if model:
        cmd[2:2] = ["--model", model]
    out = [json.loads(l)["label"] for l in run(cmd, lines).splitlines()]
    assert len(out) == len(rows), (len(out), len(rows))
    return out


def f1s(e):
    return e["macro_f1"], e["classes"]["personal"]["f1"]


def sklearn_fit(rows):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union
    texts = [t.replace("\\n", "\n") for _, t in rows]
    labels = [l for l, _ in rows]
    clf = make_pipeline(
        make_union(TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=1),
                   TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(3, 5))),
        LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000))
    return clf.fit(texts, labels)


def sklearn_row(a_rows, sets):
    from sklearn.metrics import f1_score
    clf = sklearn_fit(a_rows)
    out = {}
    for name, rows in sets.items():
        pred = clf.predict([t.replace("\\n", "\n") for _, t in rows])
        gold = [l for l, _ in rows]
        out[name] = (f1_score(gold, pred, average="macro"),
                     f1_score(gold, pred, pos_label="personal", average="binary"))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cli", default=os.path.join(ROOT, "build", "meetintent"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--work", default="/tmp/meetintent_adapt_eval")
    ap.add_argument("--retrain", action="store_true",
                    help="also retrain from scratch on default_train + half A (minutes)")
    ap.add_argument("--adapt-args", default="", help="extra options for 'meetintent adapt'")
    ap.add_argument("--sweep", metavar="FILE",
                    help="one row per line of adapt options in FILE (see above)")
    ap.add_argument("--in-domain", action="store_true",
                    help="only the ceiling: half B's own labels in five folds (see above)")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    cli, work = args.cli, args.work
    extra = args.adapt_args.split()

    enron = read_tsv(os.path.join(args.shared, "enron_berkeley", "dev.tsv"))
    a_rows = [r for r in enron if half(subject(r[1])) == "A"]
    b_rows = [r for r in enron if half(subject(r[1])) == "B"]
    a_path, b_path = os.path.join(work, "enron_A.tsv"), os.path.join(work, "enron_B.tsv")
    write_tsv(a_path, a_rows)
    write_tsv(b_path, b_rows)
    count = lambda rows: sum(1 for l, _ in rows if l == "personal")
    print(f"Enron dev split by subject: A {len(a_rows)} messages ({count(a_rows)} personal), "
          f"B {len(b_rows)} ({count(b_rows)} personal); subjects shared by A and B: "
          f"{len({subject(t) for _, t in a_rows} & {subject(t) for _, t in b_rows})}")

    if args.in_domain:
        in_domain(cli, work, a_rows, b_rows, extra)
        return
    sets = {"enron_B": b_path, "test_written": os.path.join(ROOT, "data", "test_written.tsv"),
            "dailydialog": os.path.join(args.shared, "dailydialog", "dev.tsv")}
    if args.sweep:
        sweep(cli, work, args.sweep, sets, a_path, SimulatedUser(cli, args.shared, enron))
        return
    models = {"default model": None}
    for passes in (1, 3):
        out = os.path.join(work, f"adapted_p{passes}.mim")
        mio = os.path.join(work, f"adapted_p{passes}.mio")
        run([cli, "adapt", "--quiet", "--passes", str(passes), "--output", out, "--overlay", mio]
            + extra + [a_path])
        name = "adapted, one pass in file order" if passes == 1 else "adapted, batch (3 passes)"
        models[name] = out
        print(f"{name}: overlay file {os.path.getsize(mio)} bytes for {len(a_rows)} corrections "
              f"({os.path.getsize(mio) * 1000 / len(a_rows) / 1024:.1f} KiB per 1,000)")
    if args.retrain:
        out = os.path.join(work, "retrained.mim")
        if not os.path.exists(out):
            run([cli, "train", "--quiet", "--output", out,
                 os.path.join(ROOT, "data", "default_train.tsv"), a_path])
        models["retrained from scratch (default_train + A)"] = out

    results = {}
    for name, model in models.items():
        results[name] = {k: f1s(evaluate(cli, model, p)) for k, p in sets.items()}
    sk = sklearn_row(a_rows, {k: read_tsv(p) for k, p in sets.items()})
    results["sklearn LogisticRegression, TF-IDF, half A only"] = sk

    base = results["default model"]
    print("\n| model | Enron B macro-F1 | Enron B F1 personal | test_written macro-F1 (Δ) "
          "| dailydialog macro-F1 (Δ) |")
    print("|---|---|---|---|---|")
    for name, r in results.items():
        d1 = r["test_written"][0] - base["test_written"][0]
        d2 = r["dailydialog"][0] - base["dailydialog"][0]
        print(f"| {name} | {r['enron_B'][0]:.3f} | {r['enron_B'][1]:.3f} | "
              f"{r['test_written'][0]:.3f} ({d1:+.3f}) | {r['dailydialog'][0]:.3f} ({d2:+.3f}) |")

    u = SimulatedUser(cli, args.shared, enron)
    print(f"\nSimulated user (agrees with the default model, but evening/after-work/drinks "
          f"messages are personal): {len(u.corrections)} corrections available in a stream of "
          f"{len(u.stream)} messages; {len(u.held)} held out, {len(u.evening)} about "
          f"evenings/drinks, {len(u.flipped)} of them labelled professional by the default model")
    print("\n| corrections | learned from | evening/drinks messages the default model calls "
          "professional | all evening/drinks messages | other messages (unchanged = 1.000) "
          "| overlay file bytes |")
    print("|---|---|---|---|---|---|")
    print(f"| 0 | | {u.agreement(u.held_base, u.flipped):.3f} | "
          f"{u.agreement(u.held_base, u.evening):.3f} | "
          f"{u.agreement(u.held_base, u.other):.3f} | 0 |")
    for k in (10, 50, 200):
        k = min(k, len(u.corrections))
        upto = [i for i, r in enumerate(u.seen) if r[2]][k - 1] + 1
        variants = (("corrections only", u.corrections[:k]),
                    (f"+ {upto - k} confirmations", [(l, t) for l, t, _ in u.seen[:upto]]))
        for what, rows in variants:
            pred, size = u.adapted(work, f"user_{k}", rows, extra)
            print(f"| {k} | {what} | {u.agreement(pred, u.flipped):.3f} | "
                  f"{u.agreement(pred, u.evening):.3f} | {u.agreement(pred, u.other):.3f} | "
                  f"{size} |")


def in_domain(cli, work, a_rows, b_rows, extra):
    """Half B in five folds grouped by subject: each fold scored by models that
    learned from the other four, so the labels come from B's own kind of mail."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold
    folds = list(GroupKFold(n_splits=5).split(b_rows, groups=[subject(t) for _, t in b_rows]))
    learners = [("default model, no corrections", None, None)]
    for passes in (1, 3):
        learners.append((f"adapted with 4/5 of B, {passes} pass{'es' if passes > 1 else ''}",
                         [], passes))
        learners.append((f"adapted with A + 4/5 of B, {passes} pass{'es' if passes > 1 else ''}",
                         a_rows, passes))
    learners.append(("scikit-learn LogisticRegression, TF-IDF, 4/5 of B only", "sklearn", None))
    print("\n| learned from | Enron B macro-F1 (5 folds by subject) | Enron B F1 personal |")
    print("|---|---|---|")
    for name, before, passes in learners:
        gold, pred = [], []
        for k, (train, test) in enumerate(folds):
            train_rows = [b_rows[i] for i in train]
            test_rows = [b_rows[i] for i in test]
            if before == "sklearn":
                got = list(sklearn_fit(train_rows).predict(
                    [t.replace("\\n", "\n") for _, t in test_rows]))
            else:
                model = None
                if before is not None:
                    path = os.path.join(work, f"in_domain_{k}.tsv")
                    write_tsv(path, before + train_rows)
                    model = os.path.join(work, f"in_domain_{k}.mim")
                    run([cli, "adapt", "--quiet", "--passes", str(passes), "--output", model]
                        + extra + [path])
                got = predict(cli, model, test_rows)
            pred += got
            gold += [l for l, _ in test_rows]
        print(f"| {name} | {f1_score(gold, pred, average='macro'):.3f} | "
              f"{f1_score(gold, pred, pos_label='personal', average='binary'):.3f} |")


class SimulatedUser:
    """A user who agrees with the default model except that every message
    about evenings, after-work or drinks is personal to them. They correct the
    messages where the model disagrees with them, as they come."""

    def __init__(self, cli, shared, enron):
        self.cli = cli
        unseen = (read_tsv(os.path.join(ROOT, "data", "test_written.tsv")) + enron
                  + read_tsv(os.path.join(shared, "dailydialog", "dev.tsv")))
        random.Random(15).shuffle(unseen)
        held = [t for i, (_, t) in enumerate(unseen) if i % 2 == 1]
        stream = [t for i, (_, t) in enumerate(unseen) if i % 2 == 0]
        stream += [t for _, t in read_tsv(os.path.join(ROOT, "data", "default_train.tsv"))]
        random.Random(16).shuffle(stream)
        user = lambda text, base_label: "personal" if EVENING.search(text) else base_label
        stream_base = predict(cli, None, [("", t) for t in stream])
        self.stream, self.held = stream, held
        self.corrections = [(user(t, p), t) for t, p in zip(stream, stream_base)
                            if user(t, p) != p]
        # The same stream with the messages the user saw and left alone (confirmations).
        self.seen = [(user(t, p), t, user(t, p) != p) for t, p in zip(stream, stream_base)]
        self.held_base = predict(cli, None, [("", t) for t in held])
        self.held_user = [user(t, p) for t, p in zip(held, self.held_base)]
        self.evening = [i for i, t in enumerate(held) if EVENING.search(t)]
        self.flipped = [i for i in self.evening if self.held_user[i] != self.held_base[i]]
        self.other = [i for i, t in enumerate(held) if not EVENING.search(t)]

    def agreement(self, pred, idx):
        return sum(pred[i] == self.held_user[i] for i in idx) / len(idx)

    def adapted(self, work, name, rows, extra):
        """Predictions on the held-out messages after learning `rows` in one
        pass, and the overlay file's size."""
        corr = os.path.join(work, name + ".tsv")
        write_tsv(corr, rows)
        out, mio = os.path.join(work, name + ".mim"), os.path.join(work, name + ".mio")
        run([self.cli, "adapt", "--quiet", "--passes", "1", "--output", out, "--overlay", mio]
            + extra + [corr])
        return predict(self.cli, out, [("", t) for t in self.held]), os.path.getsize(mio)


def sweep(cli, work, path, sets, a_path, user):
    """One row per set of adapt options in `path` (see the module's doc)."""
    base = {k: evaluate(cli, None, p)["macro_f1"] for k, p in sets.items()}
    print(f"\nDefault model: Enron B {base['enron_B']:.3f}, test_written "
          f"{base['test_written']:.3f}, dailydialog {base['dailydialog']:.3f}; simulated user: "
          f"{len(user.corrections)} corrections, {len(user.flipped)} held-out messages to flip, "
          f"{len(user.other)} others")
    print("\n| adapt options | Enron B Δ, 1 pass / 3 | test_written Δ, 1 / 3 "
          "| dailydialog Δ, 1 / 3 | simulated user: flipped / others kept |")
    print("|---|---|---|---|---|")
    with open(path, encoding="utf-8") as f:
        lines = [l.split("#", 1)[0].strip() for l in f]
    for i, line in enumerate(l for l in lines if l):
        extra = [] if line == "-" else line.split()
        deltas = {k: [] for k in sets}
        for passes in (1, 3):
            out = os.path.join(work, f"sweep{i}_p{passes}.mim")
            run([cli, "adapt", "--quiet", "--passes", str(passes), "--output", out]
                + extra + [a_path])
            for k, p in sets.items():
                deltas[k].append(evaluate(cli, out, p)["macro_f1"] - base[k])
        pred, _ = user.adapted(work, f"sweep{i}_user", user.corrections, extra)
        cell = lambda k: f"{deltas[k][0]:+.3f} / {deltas[k][1]:+.3f}"
        print(f"| {line} | {cell('enron_B')} | {cell('test_written')} | {cell('dailydialog')} | "
              f"{user.agreement(pred, user.flipped):.3f} / {user.agreement(pred, user.other):.3f} |",
              flush=True)


if __name__ == "__main__":
    main()
