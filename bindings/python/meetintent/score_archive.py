"""Scores a large archive of messages with meetintent on a Dask cluster.

    meetintent-score-archive [options] INPUT...     (or: python3 -m meetintent.score_archive)

Input: JSON Lines files ({"id": .., "text": ..} per line; .jsonl, .ndjson, .json) or
TSV files (id<TAB>text per line, with the escapes \\n, \\t and \\\\ in the text, and
an optional first line "id<TAB>text"; .tsv), given as files or folders (searched
recursively). Blank lines are not messages.

Output, next to each input (or under --output-dir): <input>.scores/part-00012.jsonl,
one JSON object per message of that partition, in input order:
    {"id": .., "offset": BYTE_OFFSET_OF_THE_LINE, "label": "personal", "probability": 0.97}
or, for a line that is not a valid message (bad JSON, nested too deeply, no text, no tab):
    {"id": .. or null, "offset": .., "line": LINE_NUMBER, "error": "why"}
so every non-blank input line gives exactly one output record, and one bad line never
fails the others. The id of a bad line is read when it can be (an "id" first in a broken
JSON object), else null. Every record is strict JSON: an id JSON cannot hold as a
number (NaN, Infinity, 1e999) is written as a string of its text ("NaN", "1e999").
A text with a lone surrogate escape ("\ud800") is scored with U+FFFD in its place.
Lines are numbered from 1 in the input file, blank lines included.

How it scales and survives failures
  * Each file is cut into partitions: --partition-lines N lines each (the file is
    scanned once to find where every N-th line starts), or --partition-bytes B byte
    ranges (no scan; a line belongs to the range holding its first byte). The plan is
    saved in <input>.scores/_manifest.json and reused by later runs.
  * One Dask task per partition. A task reads only its byte range, classifies it in
    batches with the Python binding (one C call per batch; each worker process loads
    the model once and keeps it), writes part-NNNNN.jsonl.tmp-*, fsyncs it and renames
    it to part-NNNNN.jsonl. A partition is done exactly when its part file exists.
  * A killed worker: Dask reruns its tasks elsewhere. A killed driver or cluster: run
    the same command again; finished partitions are skipped, the others redone from
    scratch, so no message is lost or written twice. A run with different settings
    (partitioning, model) or a changed input is refused; --restart starts over.
  * When every partition of a file is done, <input>.scores/_SUCCESS is written.
  * Nothing is written through a symbolic link: a <input>.scores that is a link is
    refused, every file in it is opened relative to the folder without following
    links (O_NOFOLLOW, new files O_EXCL), and with --output-dir the folder must
    resolve inside DIR.

Cluster
  --local-workers N    a LocalCluster of N worker processes on this machine
  --scheduler ADDRESS  an existing cluster (dask-scheduler + dask-worker on each
                       machine); the workers need the same meetintent package (this
                       module runs there) and its library, and must see the archive
                       and the model at the same paths.

Examples
  meetintent-score-archive --local-workers 2 archive/
  meetintent-score-archive --scheduler tcp://10.0.0.5:8786 /shared/archive
  From a source tree: /usr/bin/python3 scripts/score_archive.py --library
  build/libmeetintent.so.1 --local-workers 2 archive/  (a thin wrapper of this module)

The last line on stdout is a JSON summary of the run; progress goes to stderr.
Exit status: 0 when every partition is done, 1 when some failed (run again to retry
them), 2 on bad usage or a refused plan.
"""

import argparse
import contextlib
import errno
import itertools
import json
import math
import os
import re
import socket
import sys
import threading
import time
import uuid

MANIFEST = "_manifest.json"
SUCCESS = "_SUCCESS"
PART_NAME = "part-%05d.jsonl"
PART_RE = re.compile(r"^part-\d{5,}\.jsonl$")
TMP_RE = re.compile(r"^(part-\d{5,}\.jsonl|_manifest\.json|_SUCCESS)\.tmp-")
PLAN_VERSION = 1
FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".tsv": "tsv"}
SCAN_CHUNK = 16 << 20


class PlanError(Exception):
    """A plan that cannot be (re)used: bad input, or settings that differ from the saved plan."""


# =========================== files, without following links ===========================


@contextlib.contextmanager
def _folder(path):
    """A descriptor of the folder `path`, refused when `path` is a symbolic link."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.ENOTDIR) and os.path.islink(path):
            raise PlanError("%s is a symbolic link: refusing to write through it" % path)
        raise
    try:
        yield fd
    finally:
        os.close(fd)


def _create(dir_fd, name):
    """A new file `name` in the folder, for writing (binary): never an existing file, never
    through a link."""
    fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                 0o644, dir_fd=dir_fd)
    return os.fdopen(fd, "wb")


def _exists(dir_fd, name):
    """Whether `name` is in the folder (a link counts as there; it is not followed)."""
    try:
        os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        return True
    except FileNotFoundError:
        return False


def _publish(dir_fd, tmp, name):
    """Renames tmp to name (atomically, replacing a link rather than its target) and makes
    the rename durable."""
    os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    try:
        os.fsync(dir_fd)
    except OSError:
        pass


def _tmp_name(name):
    return "%s.tmp-%s-%d-%s" % (name, socket.gethostname(), os.getpid(), uuid.uuid4().hex[:8])


def _atomic_write_json(dir_fd, name, obj):
    tmp = _tmp_name(name)
    with _create(dir_fd, tmp) as f:
        f.write((json.dumps(obj, indent=1, allow_nan=False) + "\n").encode("utf-8"))
        f.flush()
        os.fsync(f.fileno())
    _publish(dir_fd, tmp, name)


# =========================== worker side ===========================
# Everything here runs in the Dask worker processes (imported there as the module
# meetintent.score_archive): keep it importable without side effects.

_MODELS = {}
_MODELS_LOCK = threading.Lock()
_MODEL_LOADS = []  # (pid, model key) for each load in this process: 1 per model


def _model(model_path):
    """This process's model (loaded once, shared by the worker's threads: it is immutable)."""
    key = model_path or "<default>"
    with _MODELS_LOCK:
        model = _MODELS.get(key)
        if model is None:
            import meetintent  # imported on the worker, not at module import
            model = meetintent.Model.load(model_path) if model_path else meetintent.Model.default()
            _MODELS[key] = model
            _MODEL_LOADS.append((os.getpid(), key))
        return model


def model_loads():
    """How many models this worker process has loaded (one per model it used)."""
    return len(_MODEL_LOADS)


def worker_info(model_path):
    """Checks that a worker can import meetintent and load the model (and loads it)."""
    import meetintent
    _model(model_path)
    return {"host": socket.gethostname(), "pid": os.getpid(),
            "library": meetintent.library_path, "version": meetintent.library_version()}


_TSV_ESCAPES = {b"n": b"\n", b"t": b"\t", b"\\": b"\\"}
_TSV_ESCAPE_RE = re.compile(rb"\\([nt\\])")


def _tsv_unescape(data):
    if b"\\" not in data:
        return data
    return _TSV_ESCAPE_RE.sub(lambda m: _TSV_ESCAPES[m.group(1)], data)


def read_lines(f, start, end):
    """Yields (offset, line) for every line whose first byte is in [start, end)."""
    if start > 0:
        f.seek(start - 1)
        f.readline()  # the rest of a line that began before `start` (or just its "\n")
    else:
        f.seek(0)
    pos = f.tell()
    while pos < end:
        line = f.readline()
        if not line:
            break
        yield pos, line
        pos += len(line)


class _Literal(str):
    """A JSON number that is not a finite float (NaN, Infinity, 1e999), kept as its text."""


def _parse_float(text):
    value = float(text)
    return value if math.isfinite(value) else _Literal(text)


def _load_json(text):
    return json.loads(text, parse_float=_parse_float, parse_constant=_Literal)


_LEADING_ID = re.compile(r'^\s*\{\s*"id"\s*:\s*(-?\d[\d.eE+-]{0,40}|"(?:[^"\\]|\\.){0,200}")')


def _readable_id(text):
    """The id of a line that is not valid JSON, when it comes first in the object."""
    m = _LEADING_ID.match(text)
    if not m:
        return None
    try:
        return _load_json(m.group(1))
    except ValueError:
        return None


def parse_line(fmt, offset, line):
    """(id, text, error) for one input line, or None for a blank line or a TSV header.
    text is str or bytes (both accepted by the binding); error is None or a reason.
    Never raises for a bad line."""
    if offset == 0 and line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    line = line.rstrip(b"\r\n")
    if not line.strip():
        return None
    if fmt == "tsv":
        if offset == 0 and line == b"id\ttext":
            return None
        ident, tab, text = line.partition(b"\t")
        ident = ident.decode("utf-8", "replace")
        if not tab:
            return ident, None, "no tab: expected id<TAB>text"
        return ident, _tsv_unescape(text), None
    decoded = line.decode("utf-8", "replace")
    try:
        obj = _load_json(decoded)
    except RecursionError:
        return _readable_id(decoded), None, "invalid JSON: nested too deeply"
    except ValueError as e:
        return _readable_id(decoded), None, "invalid JSON: %s" % e
    if not isinstance(obj, dict):
        return None, None, "not a JSON object"
    ident = obj.get("id")
    text = obj.get("text")
    if not isinstance(text, str):
        return ident, None, "no \"text\" string"
    return ident, text, None


def record_json(record):
    """One output line: strict JSON (no NaN), UTF-8, with \\u escapes for what UTF-8
    cannot hold (a lone surrogate in an id)."""
    try:
        text = json.dumps(record, ensure_ascii=False, allow_nan=False)
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(record, ensure_ascii=True, allow_nan=False).encode("ascii")


def _line_number_at(f, offset):
    """The 1-based number of the line starting at byte `offset` of file f (counts the
    newlines before it; f's position is restored)."""
    here = f.tell()
    f.seek(0)
    newlines, remaining = 0, offset
    while remaining > 0:
        chunk = f.read(min(SCAN_CHUNK, remaining))
        if not chunk:
            break
        newlines += chunk.count(b"\n")
        remaining -= len(chunk)
    f.seek(here)
    return newlines + 1


def score_partition(task):
    """Scores one partition and publishes its part file atomically. Returns statistics.

    task: path, format, index, start, end, first_line (None: count when needed),
    out_dir, model, batch, delay."""
    name = PART_NAME % task["index"]
    with _folder(task["out_dir"]) as dir_fd:
        if _exists(dir_fd, name):
            return {"index": task["index"], "path": task["path"], "skipped": True,
                    "messages": 0, "errors": 0, "seconds": 0.0, "cpu_seconds": 0.0,
                    "pid": os.getpid()}
        t0 = time.perf_counter()
        cpu0 = time.thread_time()
        model = _model(task["model"])
        if task.get("delay"):
            time.sleep(task["delay"])  # tests: make partitions last long enough to kill a worker
        tmp = _tmp_name(name)
        counts = {"messages": 0, "errors": 0}
        try:
            with open(task["path"], "rb") as f, _create(dir_fd, tmp) as w:
                _score_lines(f, w, model, task, counts)
                w.flush()
                os.fsync(w.fileno())
            _publish(dir_fd, tmp, name)  # the partition is done exactly when this happens
        except BaseException:
            try:
                os.unlink(tmp, dir_fd=dir_fd)
            except OSError:
                pass
            raise
    return {"index": task["index"], "path": task["path"], "skipped": False,
            "messages": counts["messages"], "errors": counts["errors"],
            "seconds": time.perf_counter() - t0, "cpu_seconds": time.thread_time() - cpu0,
            "pid": os.getpid()}


def _score_lines(f, w, model, task, counts):
    """Writes one record per non-blank line of the partition to w, in batches."""
    fmt, batch_size = task["format"], task["batch"]
    # The number of the partition's first line: from the plan for line partitions; for
    # byte partitions counted once, at the first bad line, from the first line's offset.
    first = {"line": task.get("first_line"), "offset": task["start"]}
    pending = []  # (id, offset, index of the line in the partition, text, error)

    def flush():
        texts = [p[3] for p in pending if p[4] is None]
        preds = iter(model.classify_many(texts)) if texts else iter(())
        lines = []
        for ident, offset, j, _, error in pending:
            if error is None:
                p = next(preds)
                rec = {"id": ident, "offset": offset, "label": p.label,
                       "probability": round(p.probability, 6)}
                counts["messages"] += 1
            else:
                if first["line"] is None:
                    first["line"] = _line_number_at(f, first["offset"])
                rec = {"id": ident, "offset": offset, "line": first["line"] + j, "error": error}
                counts["errors"] += 1
            lines.append(record_json(rec))
        if lines:
            w.write(b"\n".join(lines))
            w.write(b"\n")
        pending.clear()

    for j, (offset, line) in enumerate(read_lines(f, task["start"], task["end"])):
        if j == 0:
            first["offset"] = offset
        parsed = parse_line(fmt, offset, line)
        if parsed is None:
            continue
        ident, text, error = parsed
        pending.append((ident, offset, j, text, error))
        if len(pending) >= batch_size:
            flush()
    flush()


# =========================== planning (driver) ===========================


def input_format(path, forced=None):
    if forced:
        return forced
    for suffix, fmt in FORMATS.items():
        if path.endswith(suffix):
            return fmt
    raise PlanError("%s: unknown format (name it .jsonl/.ndjson/.json or .tsv, or pass --format)"
                    % path)


def discover(arguments, forced_format, output_dir):
    """[(input path, output dir)] for every input file, in a stable order."""
    found = []
    for arg in arguments:
        arg = os.path.abspath(arg)
        if os.path.isfile(arg):
            found.append((arg, os.path.basename(arg)))
        elif os.path.isdir(arg):
            for root, dirs, files in os.walk(arg):
                dirs[:] = sorted(d for d in dirs
                                 if not d.endswith(".scores") and not d.startswith("."))
                for name in sorted(files):
                    if name.startswith((".", "_")):
                        continue
                    if forced_format or any(name.endswith(s) for s in FORMATS):
                        path = os.path.join(root, name)
                        found.append((path, os.path.relpath(path, arg)))
        else:
            raise PlanError("%s: no such file or folder" % arg)
    if not found:
        raise PlanError("no input files found")
    result, seen = [], {}
    for path, rel in found:
        out = (os.path.join(os.path.abspath(output_dir), rel) if output_dir else path) + ".scores"
        if out in seen and seen[out] != path:
            raise PlanError("%s and %s would both write %s" % (seen[out], path, out))
        if out not in seen:
            seen[out] = path
            result.append((path, out))
    return result


def line_partitions(path, lines_per_partition):
    """Byte ranges of lines_per_partition lines each, found in one sequential scan.

    Line j (0-based) starts just after the j-th newline; partition k starts with line
    k * lines_per_partition. Only chunks holding a boundary are split into lines."""
    n = lines_per_partition
    bounds = [0]
    size = 0
    newlines = 0  # newlines before the current chunk
    with open(path, "rb") as f:
        while True:
            chunk = f.read(SCAN_CHUNK)
            if not chunk:
                break
            c = chunk.count(b"\n")
            first = n - 1 - newlines % n  # index in this chunk of the first boundary newline
            if first < c:
                ends = list(itertools.accumulate(map(len, chunk.split(b"\n", c)[:c])))
                for j in range(first, c, n):
                    bounds.append(size + ends[j] + j + 1)  # just after newline j of the chunk
            newlines += c
            size += len(chunk)
    if size == 0:
        return []
    if bounds[-1] == size:  # the file ends with the last partition's final newline
        bounds.pop()
    bounds.append(size)
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


def byte_partitions(size, partition_bytes):
    return [(s, min(size, s + partition_bytes)) for s in range(0, size, partition_bytes)]


def clean_temporaries(out_dir):
    """Removes temporary files left by killed tasks. Returns how many."""
    if not os.path.lexists(out_dir):
        return 0
    removed = 0
    with _folder(out_dir) as fd:
        for name in os.listdir(fd):
            if TMP_RE.match(name):
                try:
                    os.unlink(name, dir_fd=fd)
                    removed += 1
                except OSError:
                    pass
    return removed


def _make_output_folder(out_dir, output_dir):
    """Creates out_dir when missing. Refuses a link, and with --output-dir a folder that
    would resolve outside it (through a link on the way), before creating anything."""
    if os.path.islink(out_dir):
        raise PlanError("%s is a symbolic link: refusing to write through it" % out_dir)
    if output_dir:
        root = os.path.realpath(output_dir)
        for when in ("before", "after"):
            real = os.path.realpath(out_dir)
            if os.path.commonpath([root, real]) != root:
                raise PlanError("%s resolves to %s, outside --output-dir %s (a symbolic link on "
                                "the way): refusing to write there" % (out_dir, real, root))
            if when == "before":
                os.makedirs(out_dir, exist_ok=True)
    else:
        os.makedirs(out_dir, exist_ok=True)


def _read_json(dir_fd, name):
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dir_fd)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise PlanError("%s is a symbolic link: refusing to read it" % name)
        raise
    with os.fdopen(fd, "rb") as f:
        return json.loads(f.read().decode("utf-8"))


def plan_file(path, out_dir, fmt, scheme, model, restart, log, output_dir=None):
    """Creates or reuses <input>.scores/_manifest.json. Returns the partitions [(start, end)]."""
    st = os.stat(path)
    settings = {"plan_version": PLAN_VERSION, "input": os.path.basename(path),
                "size": st.st_size, "mtime_ns": st.st_mtime_ns, "format": fmt,
                "partitioning": scheme, "model": model or "default"}
    _make_output_folder(out_dir, output_dir)
    with _folder(out_dir) as fd:
        names = os.listdir(fd)
        if restart:
            for name in names:
                if PART_RE.match(name) or TMP_RE.match(name) or name in (MANIFEST, SUCCESS):
                    os.unlink(name, dir_fd=fd)  # removes a link, never what it points to
            names = os.listdir(fd)
        if MANIFEST in names:
            saved = _read_json(fd, MANIFEST)
            differ = [k for k in settings if saved.get(k) != settings[k]]
            if differ:
                raise PlanError(
                    "%s: already partly scored with other settings or another version of the "
                    "input (%s differ: saved %s, now %s); pass --restart to score it again from "
                    "scratch" % (path, ", ".join(differ), {k: saved.get(k) for k in differ},
                                 {k: settings[k] for k in differ}))
            return [tuple(p) for p in saved["partitions"]]
        if any(PART_RE.match(n) for n in names):
            raise PlanError("%s: part files without a %s; pass --restart to score again"
                            % (out_dir, MANIFEST))
        t0 = time.perf_counter()
        if "lines" in scheme:
            parts = line_partitions(path, scheme["lines"])
        else:
            parts = byte_partitions(st.st_size, scheme["bytes"])
        log("planned %s: %d partitions (%.1f s)" % (path, len(parts), time.perf_counter() - t0))
        if os.stat(path).st_mtime_ns != st.st_mtime_ns:
            raise PlanError("%s changed while it was being planned" % path)
        _atomic_write_json(fd, MANIFEST, dict(settings, partitions=parts))
    return parts


def publish_success(path, out_dir, partitions):
    """Writes _SUCCESS when every part file is there (removes a stale one when not).
    Returns whether the file is complete."""
    with _folder(out_dir) as fd:
        names = set(os.listdir(fd))
        complete = all(PART_NAME % i in names for i in range(partitions))
        if complete and SUCCESS not in names:
            _atomic_write_json(fd, SUCCESS, {"input": os.path.basename(path),
                                             "partitions": partitions})
        elif not complete and SUCCESS in names:
            os.unlink(SUCCESS, dir_fd=fd)  # a part file was deleted since
    return complete


# =========================== running (driver) ===========================


def _prepare_workers(library, local):
    """What local worker processes (which inherit os.environ) need: --library becomes
    MEETINTENT_LIBRARY, and the folder holding this package goes first on PYTHONPATH so
    they import the same meetintent (harmless when it is installed)."""
    if library:
        os.environ["MEETINTENT_LIBRARY"] = os.path.abspath(library)
    if local:
        parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        rest = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != parent]
        os.environ["PYTHONPATH"] = os.pathsep.join([parent] + rest)


def _this_module():
    """This module as meetintent.score_archive (also when run as __main__), so that Dask
    pickles its functions by reference and each worker process keeps one model cache."""
    from meetintent import score_archive
    return score_archive


def _score(args, mod, model, tasks, summary, failures, log):
    """Runs the tasks on the cluster; fills summary and failures. Returns the seconds spent."""
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if args.scheduler:
        client = Client(args.scheduler, timeout=args.connect_timeout)
    else:
        # Worker processes inherit os.environ (MEETINTENT_LIBRARY, PYTHONPATH).
        cluster = LocalCluster(n_workers=args.local_workers, threads_per_worker=args.threads,
                               processes=True, dashboard_address=None,
                               silence_logs=args.worker_log_level)
        client = Client(cluster)
    try:
        if args.scheduler and args.wait_workers:
            client.wait_for_workers(args.wait_workers, timeout=args.connect_timeout)
        try:  # fails early, and clearly, when a worker cannot score
            infos = client.run(mod.worker_info, model)
        except Exception as e:
            raise PlanError("a worker cannot load meetintent or the model: %s: %s"
                            % (type(e).__name__, e))
        summary["workers"] = len(infos)
        first = next(iter(infos.values()), None)
        if first:
            log("%d workers; library %s (%s)" % (len(infos), first["version"], first["library"]))
        threads = sum(client.nthreads().values()) or 1
        window = max(8, 4 * threads)

        t_scoring = time.perf_counter()
        pending = iter(tasks)
        ac = as_completed()
        run_id = uuid.uuid4().hex[:10]
        key_of = {}

        def submit_next():
            task = next(pending, None)
            if task is None:
                return False
            key = "score_partition-%s-%d-%d" % (run_id, task["file_no"], task["index"])
            fut = client.submit(mod.score_partition, task, key=key, pure=False,
                                retries=args.retries)
            key_of[fut.key] = task
            ac.add(fut)
            return True

        for _ in range(window):
            if not submit_next():
                break
        last_report = time.perf_counter()
        completed = 0
        for fut in ac:
            task = key_of.pop(fut.key)
            completed += 1
            try:
                res = fut.result()
            except Exception as e:  # the task failed after its retries, or its workers died
                failures.append("%s part %d: %s: %s" % (task["path"], task["index"],
                                                         type(e).__name__, e))
                summary["failed_partitions"] += 1
                log("FAILED %s" % failures[-1])
            else:
                if res["skipped"]:
                    summary["skipped_partitions"] += 1
                else:
                    summary["scored_partitions"] += 1
                    summary["messages"] += res["messages"]
                    summary["errors"] += res["errors"]
                    summary["task_cpu_seconds"] += res["cpu_seconds"]
            fut.release()
            submit_next()
            now = time.perf_counter()
            if now - last_report >= args.progress_interval:
                last_report = now
                rate = summary["messages"] / max(now - t_scoring, 1e-9)
                log("%d/%d partitions, %d messages, %.0f messages/s"
                    % (completed, len(tasks), summary["messages"], rate))
        scoring_seconds = time.perf_counter() - t_scoring
        try:
            loads = client.run(mod.model_loads)
            summary["model_loads"] = sum(loads.values())
        except Exception:  # a worker gone at the very end: informational only
            pass
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

    return scoring_seconds


def run(args, log):
    mod = _this_module()
    if args.partition_bytes:
        scheme = {"bytes": args.partition_bytes}
    else:
        scheme = {"lines": args.partition_lines}
    model = os.path.abspath(args.model) if args.model else None

    files = discover(args.inputs, args.format, args.output_dir)
    tasks, per_file = [], {}
    stale = 0
    for file_no, (path, out_dir) in enumerate(files):
        fmt = input_format(path, args.format)
        parts = plan_file(path, out_dir, fmt, scheme, model, args.restart, log, args.output_dir)
        stale += clean_temporaries(out_dir)
        publish_success(path, out_dir, len(parts))  # drops a stale _SUCCESS
        with _folder(out_dir) as fd:
            done = set(n for n in os.listdir(fd) if PART_RE.match(n))
        per_file[path] = (out_dir, len(parts))
        for index, (start, end) in enumerate(parts):
            if PART_NAME % index in done:
                continue
            first_line = index * scheme["lines"] + 1 if "lines" in scheme else None
            tasks.append({"path": path, "format": fmt, "index": index, "start": start,
                          "end": end, "first_line": first_line, "out_dir": out_dir,
                          "model": model, "batch": args.batch, "delay": args.partition_delay,
                          "file_no": file_no})
    total_parts = sum(n for _, n in per_file.values())
    if stale:
        log("removed %d temporary files left by an earlier run" % stale)
    log("%d files, %d partitions, %d already done, %d to score"
        % (len(files), total_parts, total_parts - len(tasks), len(tasks)))

    summary = {"files": len(files), "partitions": total_parts,
               "already_done": total_parts - len(tasks), "scored_partitions": 0,
               "skipped_partitions": 0, "failed_partitions": 0, "messages": 0, "errors": 0,
               "workers": 0, "model_loads": 0, "seconds": 0.0, "messages_per_second": 0.0,
               "task_cpu_seconds": 0.0}
    failures = []
    t_start = time.perf_counter()
    scoring_seconds = 0.0
    if tasks:
        scoring_seconds = _score(args, mod, model, tasks, summary, failures, log)

    # Publish _SUCCESS for every file whose partitions are all there; tidy up.
    complete_files = 0
    for path, (out_dir, n) in per_file.items():
        clean_temporaries(out_dir)
        complete_files += publish_success(path, out_dir, n)
    summary["complete_files"] = complete_files
    summary["scoring_seconds"] = round(scoring_seconds, 3)
    summary["seconds"] = round(time.perf_counter() - t_start, 3)
    summary["messages_per_second"] = round(summary["messages"] / max(scoring_seconds, 1e-9), 1)
    summary["task_cpu_seconds"] = round(summary["task_cpu_seconds"], 3)
    summary["ok"] = not failures and complete_files == len(per_file)
    if failures:
        log("%d partitions failed; run the same command again to retry them" % len(failures))
    return summary


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="meetintent-score-archive", description=__doc__.split("\n\n")[0],
        epilog="The output format and how resuming works: python3 -m pydoc "
               "meetintent.score_archive")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="JSON Lines / TSV files, or folders searched for *.jsonl, *.ndjson, "
                        "*.json, *.tsv")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="address of a running Dask scheduler, e.g. tcp://host:8786")
    where.add_argument("--local-workers", type=int, metavar="N",
                       help="start a local cluster of N worker processes")
    p.add_argument("--threads", type=int, default=1, metavar="T",
                   help="threads per local worker process (default 1)")
    size = p.add_mutually_exclusive_group()
    size.add_argument("--partition-lines", type=int, default=20000, metavar="N",
                      help="lines per partition (default 20000)")
    size.add_argument("--partition-bytes", type=int, metavar="B",
                      help="bytes per partition instead (no scan of the input)")
    p.add_argument("--format", choices=("jsonl", "tsv"),
                   help="input format (default: from the file name)")
    p.add_argument("--output-dir", metavar="DIR",
                   help="write DIR/<relative path>.scores instead of beside each input")
    p.add_argument("--model", metavar="PATH",
                   help="model file, at the same path on every worker (default: embedded model)")
    p.add_argument("--library", metavar="PATH",
                   help="libmeetintent.so.1 for the local workers (sets MEETINTENT_LIBRARY; "
                        "the driver has loaded its own to import this package)")
    p.add_argument("--restart", action="store_true",
                   help="discard earlier results and plans of these inputs and start over")
    p.add_argument("--batch", type=int, default=1024, metavar="N",
                   help="messages per classify call (default 1024)")
    p.add_argument("--retries", type=int, default=2,
                   help="times a failing partition task is retried (default 2)")
    p.add_argument("--wait-workers", type=int, default=1, metavar="N",
                   help="with --scheduler: wait for N workers (default 1)")
    p.add_argument("--connect-timeout", type=float, default=60, metavar="S",
                   help="seconds to wait for the scheduler and workers (default 60)")
    p.add_argument("--progress-interval", type=float, default=5, metavar="S",
                   help="seconds between progress lines on stderr (default 5)")
    p.add_argument("--worker-log-level", default="WARNING", help=argparse.SUPPRESS)
    p.add_argument("--partition-delay", type=float, default=0, metavar="S",
                   help="(for tests) sleep S seconds in every partition")
    args = p.parse_args(argv)
    if args.local_workers is not None and args.local_workers < 1:
        p.error("--local-workers must be at least 1")
    if args.partition_lines < 1 or (args.partition_bytes is not None and args.partition_bytes < 1):
        p.error("partition sizes must be at least 1")
    if args.batch < 1 or args.threads < 1:
        p.error("--batch and --threads must be at least 1")
    return args


def main(argv=None):
    args = parse_args(argv)

    def log(msg):
        print("score_archive: %s" % msg, file=sys.stderr, flush=True)

    _prepare_workers(args.library, local=not args.scheduler)
    import logging
    args.worker_log_level = getattr(logging, str(args.worker_log_level).upper(), logging.WARNING)
    try:
        summary = run(args, log)
    except PlanError as e:
        log(str(e))
        return 2
    except OSError as e:
        if e.errno in (errno.EACCES, errno.ENOENT, errno.EROFS, errno.ELOOP):
            log(str(e))
            return 2
        raise
    log("%(scored_partitions)d partitions scored (%(already_done)d already done, "
        "%(failed_partitions)d failed): %(messages)d messages, %(errors)d bad lines, "
        "%(messages_per_second).0f messages/s on %(workers)d workers" % summary)
    print(json.dumps(summary), flush=True)
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
