#!/usr/bin/python3
"""Builds the training and test files of the default model from the corpus.

Run from anywhere with Debian's interpreter:  /usr/bin/python3 data/build_corpus.py
It reads data/written/*.tsv (the project's own messages) and, from the shared
data folder (default: ../shared/data beside the repository), the sets whose
licence lets the shipped model learn from them. It writes, deterministically:

  data/corpus.tsv         every row: split, label, lang, genre, topic, source, text
  data/default_train.tsv  label<TAB>text: what the default model learns from
  data/test_written.tsv   label<TAB>text: the project's own held-out test split

The split of the written messages is fixed by a hash of each message's group
(language + its first four words, so near-duplicate contrast pairs stay on one
side), not by anything measured: it was made before any tuning.
"""
import argparse
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TEST_SHARE = 20  # percent of written groups held out for testing

# Shared sets the shipped model may learn from (see data/README.md).
SHARED_TRAIN = [
    # (folder, file, source name, lang, genre)
    ("clinc150_subset", "train.tsv", "clinc150 (CC BY 3.0)", "en", "chat"),
    ("clinc150_subset", "validation.tsv", "clinc150 (CC BY 3.0)", "en", "chat"),
]


def group_key(lang, text):
    words = re.findall(r"\w+", text.lower())[:4]
    return lang + ":" + " ".join(words)


def in_test(lang, text):
    digest = hashlib.sha256(("meetintent-split-v1|" + group_key(lang, text)).encode()).digest()
    return int.from_bytes(digest[:8], "little") % 100 < TEST_SHARE


def read_written():
    rows = []
    folder = os.path.join(HERE, "written")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".tsv"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            header = f.readline().rstrip("\n").split("\t")
            assert header == ["label", "lang", "genre", "topic", "text"], name
            for line in f:
                label, lang, genre, topic, text = line.rstrip("\n").split("\t")
                rows.append(dict(label=label, lang=lang, genre=genre, topic=topic,
                                 source="meetintent/written/" + name, text=text))
    return rows


def read_thread_messages():
    """Messages of the design split of the thread corpus, labelled by their place
    in the thread: before the marked turn professional, the turning message
    personal, later messages left out (they may answer either way); messages of
    professional and personal threads take the thread's kind. The test split of
    the threads is never read here."""
    rows = []
    with open(os.path.join(HERE, "threads", "design.jsonl"), encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            for i, m in enumerate(t["messages"]):
                if t["kind"] == "drift":
                    if i > t["turn_index"]:
                        continue
                    label = "personal" if i == t["turn_index"] else "professional"
                else:
                    label = t["kind"]
                text = m["text"].replace("\\", "\\\\").replace("\n", "\\n").replace("\t", " ")
                rows.append(dict(label=label, lang=t["lang"], genre="chat", topic="thread_message",
                                 source="meetintent/threads/design.jsonl", text=text,
                                 split="train"))
    return rows


def read_shared(shared_dir):
    rows = []
    for folder, name, source, lang, genre in SHARED_TRAIN:
        path = os.path.join(shared_dir, folder, name)
        with open(path, encoding="utf-8") as f:
            for line in f:
                label, text = line.rstrip("\n").split("\t", 1)
                rows.append(dict(label=label, lang=lang, genre=genre, topic="-",
                                 source=source, text=text, split="train"))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "data"),
                        help="the shared data folder (default: ../shared/data)")
    args = parser.parse_args()
    if not os.path.isdir(args.shared):
        sys.exit(f"build_corpus: shared data folder not found: {args.shared}")

    written = read_written()
    seen = set()
    for r in written:
        r["split"] = "test" if in_test(r["lang"], r["text"]) else "train"
    rows = []
    for r in written + read_thread_messages() + read_shared(args.shared):
        key = r["text"].strip().lower()
        if key in seen:  # exact duplicates (across files and sets) are kept once
            continue
        seen.add(key)
        rows.append(r)

    def write(path, selected, full=False):
        with open(os.path.join(HERE, path), "w", encoding="utf-8", newline="\n") as f:
            if full:
                f.write("split\tlabel\tlang\tgenre\ttopic\tsource\ttext\n")
            for r in selected:
                if full:
                    f.write("\t".join([r["split"], r["label"], r["lang"], r["genre"], r["topic"],
                                       r["source"], r["text"]]) + "\n")
                else:
                    f.write(r["label"] + "\t" + r["text"] + "\n")

    write("corpus.tsv", rows, full=True)
    write("default_train.tsv", [r for r in rows if r["split"] == "train"])
    write("test_written.tsv", [r for r in rows if r["split"] == "test"])
    counts = {}
    for r in rows:
        k = (r["split"], r["source"].split("/")[-1] if r["source"].startswith("meetintent") else r["source"])
        counts[k] = counts.get(k, 0) + 1
    for k in sorted(counts):
        print(f"{k[0]:5} {k[1]:32} {counts[k]}")


if __name__ == "__main__":
    main()
