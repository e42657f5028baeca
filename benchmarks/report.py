#!/usr/bin/env python3
"""Summarises the benchmark results written by scripts/bench.sh.

Reads RESULTS_DIR/{pipeline,fasttext,capi,alloc,train}.json (Google Benchmark
JSON, any number of repetitions: the median of the repetitions is used) and
RESULTS_DIR/callgrind/callgrind.json, prints Markdown tables to stdout and
writes RESULTS_DIR/summary.json and RESULTS_DIR/summary.md.

Usage: benchmarks/report.py RESULTS_DIR
"""
import json
import os
import re
import statistics
import sys

INPUTS = ["chat", "email", "nonlatin"]


def load(path):
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def medians(doc):
    """run_name -> {field: median over the repetitions}."""
    runs = {}
    if doc is None:
        return runs
    for b in doc.get("benchmarks", []):
        if b.get("run_type") == "aggregate" or b.get("error_occurred"):
            continue
        name = b.get("run_name", b["name"])
        for key, value in b.items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                runs.setdefault(name, {}).setdefault(key, []).append(float(value))
    return {name: {k: statistics.median(v) for k, v in fields.items()}
            for name, fields in runs.items()}


def find(runs, prefix):
    """The run whose name is prefix, or starts with prefix + '/' (GB appends
    /iterations:1, /real_time, /manual_time ...)."""
    if prefix in runs:
        return runs[prefix]
    for name, fields in runs.items():
        if name.startswith(prefix + "/"):
            return fields
    return None


def get(runs, prefix, field):
    r = find(runs, prefix)
    return None if r is None else r.get(field)


def fmt_rate(v):
    if v is None:
        return "n/a"
    if v >= 1e6:
        return f"{v / 1e6:.2f} M"
    if v >= 1e3:
        return f"{v / 1e3:.1f} k"
    return f"{v:.0f}"


def fmt(v, spec=".2f", suffix=""):
    return "n/a" if v is None else f"{v:{spec}}{suffix}"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    d = sys.argv[1]
    pipe = medians(load(os.path.join(d, "pipeline.json")))
    ft = medians(load(os.path.join(d, "fasttext.json")))
    capi = medians(load(os.path.join(d, "capi.json")))
    alloc = medians(load(os.path.join(d, "alloc.json")))
    train = medians(load(os.path.join(d, "train.json")))
    cg = load(os.path.join(d, "callgrind", "callgrind.json")) or {}
    ft_doc = load(os.path.join(d, "fasttext.json")) or {}
    ctx = ft_doc.get("context", {})

    out = []
    summary = {}
    p = out.append

    env = os.path.join(d, "environment.txt")
    if os.path.exists(env):
        p("## Machine\n")
        with open(env, encoding="utf-8") as f:
            for line in f:
                if line.startswith(("date:", "host:", "load average", "compiler:", "repetitions:")):
                    p("- " + line.strip())
        p("")

    # Inputs, from the pipeline log.
    log = os.path.join(d, "pipeline.log")
    if os.path.exists(log):
        p("## Inputs\n")
        with open(log, encoding="utf-8") as f:
            for line in f:
                if line.startswith("input "):
                    p("- " + line.strip()[6:])
        p("")

    p("## Pipeline stages (single thread; median of repetitions)\n")
    p("messages/s and MB/s (10^6 bytes/s of the stage's input: raw message for Normalize, "
      "Explain, Predict; normalized text for Tokenize, TokenizeIcu, ExtractFeatures, Score)\n")
    p("| stage | " + " | ".join(f"{i} msg/s | {i} MB/s" for i in INPUTS) + " |")
    p("|---|" + "---|---|" * len(INPUTS))
    stages = ["Normalize", "Tokenize", "TokenizeIcu", "ExtractFeatures", "Score", "Explain",
              "Predict"]
    summary["stages"] = {}
    for s in stages:
        cells = []
        for i in INPUTS:
            ips = get(pipe, f"{s}/{i}", "items_per_second")
            bps = get(pipe, f"{s}/{i}", "bytes_per_second")
            summary["stages"].setdefault(s, {})[i] = {"msgs_per_s": ips, "bytes_per_s": bps}
            cells += [fmt_rate(ips), fmt(None if bps is None else bps / 1e6, ".1f")]
        label = "**Predict (end to end)**" if s == "Predict" else s
        p(f"| {label} | " + " | ".join(cells) + " |")
    p("")
    load_run = find(pipe, "LoadDefault") or {}
    summary["load_default_ms"] = load_run.get("real_time")
    p(f"Default model load (`Model::LoadDefault`, once per process): "
      f"{fmt(load_run.get('real_time'), '.2f', ' ms')}\n")

    p("## fastText side by side (same run, same messages)\n")
    p(f"fastText: dim {ctx.get('fasttext_dim', '?')}, bucket {ctx.get('fasttext_bucket', '?')}, "
      "epoch 25, wordNgrams 2, softmax, thread 1; (a) minn=maxn=0, (b) minn 3 maxn 5.\n")
    p("| input | meetintent msg/s | fastText (a) msg/s | fastText (b) msg/s | "
      "ratio vs (a) | ratio vs (b) | ratio vs (a), interleaved | ratio vs (b), interleaved |")
    p("|---|---|---|---|---|---|---|---|")
    summary["fasttext"] = {}
    for i in INPUTS:
        mi = get(ft, f"Meetintent/{i}", "items_per_second")
        fa = get(ft, f"FastText_a/{i}", "items_per_second")
        fb = get(ft, f"FastText_b/{i}", "items_per_second")
        ra = get(ft, f"VsFastText_a/{i}", "ratio")
        rb = get(ft, f"VsFastText_b/{i}", "ratio")
        sa = mi / fa if mi and fa else None
        sb = mi / fb if mi and fb else None
        summary["fasttext"][i] = {"meetintent": mi, "fasttext_a": fa, "fasttext_b": fb,
                                  "ratio_a": sa, "ratio_b": sb,
                                  "ratio_a_interleaved": ra, "ratio_b_interleaved": rb}
        p(f"| {i} | {fmt_rate(mi)} | {fmt_rate(fa)} | {fmt_rate(fb)} | {fmt(sa, '.2f', 'x')} | "
          f"{fmt(sb, '.2f', 'x')} | {fmt(ra, '.2f', 'x')} | {fmt(rb, '.2f', 'x')} |")
    p("")
    acc = find(ft, "Accuracy") or {}
    summary["accuracy"] = acc
    p("## Accuracy on data/test_written.tsv\n")
    p(f"{int(acc.get('test_examples', 0))} examples.\n")
    p("| model | macro-F1 | accuracy | training time |")
    p("|---|---|---|---|")
    p(f"| meetintent (embedded default model) | {fmt(acc.get('macro_f1_meetintent'), '.4f')} | "
      f"{fmt(acc.get('accuracy_meetintent'), '.4f')} | see below |")
    p(f"| fastText (a) | {fmt(acc.get('macro_f1_fasttext_a'), '.4f')} | "
      f"{fmt(acc.get('accuracy_fasttext_a'), '.4f')} | "
      f"{fmt(acc.get('fasttext_a_train_s'), '.1f', ' s')} (7.6k msgs x 25 epochs) |")
    p(f"| fastText (b) | {fmt(acc.get('macro_f1_fasttext_b'), '.4f')} | "
      f"{fmt(acc.get('accuracy_fasttext_b'), '.4f')} | "
      f"{fmt(acc.get('fasttext_b_train_s'), '.1f', ' s')} (7.6k msgs x 25 epochs) |")
    p("")

    p("## Heap allocations per call once warm\n")
    p("new: global operator new; malloc: C allocator calls made directly (ICU allocates "
      "through uprv_malloc). In brackets: calls that allocated at all / calls counted.\n")
    p("| call | " + " | ".join(f"{i} new/call | {i} malloc/call" for i in INPUTS) + " |")
    p("|---|" + "---|---|" * len(INPUTS))
    summary["allocs"] = {}
    for call in ["Predict", "CApiClassify", "Explain"]:
        cells = []
        for i in INPUTS:
            a = get(alloc, f"Allocs/{call}/{i}", "allocs_per_call")
            m = get(alloc, f"Allocs/{call}/{i}", "mallocs_per_call")
            w = get(alloc, f"Allocs/{call}/{i}", "calls_with_allocs")
            c = get(alloc, f"Allocs/{call}/{i}", "calls_counted")
            summary["allocs"].setdefault(call, {})[i] = {
                "new_per_call": a, "malloc_per_call": m, "calls_with_allocs": w,
                "calls_counted": c}
            cells += [fmt(a, ".2f"), fmt(m, ".2f") + (
                f" ({int(w)}/{int(c)})" if w is not None and c else "")]
        p(f"| {call} | " + " | ".join(cells) + " |")
    p("")

    rss = find(alloc, "PeakRss") or {}
    summary["rss"] = rss
    p("## Resident memory (fresh callgrind_driver processes, VmHWM)\n")
    p(f"- default model loaded, messages in every script classified: "
      f"{fmt(rss.get('peak_rss_mib'), '.1f', ' MiB')} peak RSS")
    p(f"- same, every page of the weights touched: "
      f"{fmt(rss.get('peak_rss_mib_all_weights_touched'), '.1f', ' MiB')}")
    p(f"- same process without the model: {fmt(rss.get('peak_rss_mib_without_model'), '.1f', ' MiB')}"
      f" (so model + pipeline add {fmt(rss.get('model_rss_mib'), '.1f', ' MiB')})")
    p(f"- model weights: {fmt(rss.get('model_weight_mib'), '.1f', ' MiB')}")
    p(f"- driver holding all three input sets and classifying them: "
      f"{fmt(rss.get('peak_rss_mib_driver_all_inputs'), '.1f', ' MiB')}")
    p("")

    p("## Threads (one shared model, 2 cores)\n")
    p("2t/1t is the wall-clock throughput ratio; 'CPU-time 2t/1t' is 2 x (CPU time per message "
      "with 1 thread / with 2 threads), the scaling the code allows when both cores are free "
      "(it exposes locks, false sharing and memory-bandwidth limits, not other processes).\n")
    p("| benchmark | input | 1 thread msg/s | 2 threads msg/s | 2t/1t | CPU-time 2t/1t |")
    p("|---|---|---|---|---|---|")
    summary["threads"] = {}
    for bench, runs in [("PredictThreads", pipe), ("CApiClassify", capi)]:
        for i in INPUTS:
            t1 = get(runs, f"{bench}/{i}/real_time/threads:1", "items_per_second")
            t2 = get(runs, f"{bench}/{i}/real_time/threads:2", "items_per_second")
            c1 = get(runs, f"{bench}/{i}/real_time/threads:1", "cpu_time")
            c2 = get(runs, f"{bench}/{i}/real_time/threads:2", "cpu_time")
            r = t2 / t1 if t1 and t2 else None
            rc = 2 * c1 / c2 if c1 and c2 else None
            summary["threads"].setdefault(bench, {})[i] = {"t1": t1, "t2": t2, "ratio": r,
                                                           "cpu_time_ratio": rc}
            p(f"| {bench} | {i} | {fmt_rate(t1)} | {fmt_rate(t2)} | {fmt(r, '.2f', 'x')} | "
              f"{fmt(rc, '.2f', 'x')} |")
    p("")
    p("## C API batch (mi_classify_batch, through libmeetintent.so)\n")
    p("| input | batch 1 msg/s | batch 256 msg/s | batch 256 MB/s |")
    p("|---|---|---|---|")
    for i in INPUTS:
        b1 = get(capi, f"CApiBatch/{i}/1", "items_per_second")
        b256 = get(capi, f"CApiBatch/{i}/256", "items_per_second")
        mb = get(capi, f"CApiBatch/{i}/256", "bytes_per_second")
        p(f"| {i} | {fmt_rate(b1)} | {fmt_rate(b256)} | {fmt(None if mb is None else mb / 1e6, '.1f')} |")
    p("")

    tr = find(train, "Train/100000x10") or {}
    fz = find(train, "Featurize/100000") or {}
    summary["train"] = {"train": tr, "featurize": fz}
    p("## Training\n")
    p(f"- 100,000 messages x 10 epochs: {fmt(tr.get('seconds'), '.2f', ' s')} wall, "
      f"{fmt(tr.get('cpu_seconds'), '.2f', ' s')} CPU "
      f"({int(tr.get('threads', 0))} feature threads; {fmt_rate(tr.get('msgs_per_s'))} "
      "message-epochs/s)")
    fzs = 1e5 / fz["items_per_second"] if fz.get("items_per_second") else None
    p(f"- of which feature extraction would take {fmt(fzs, '.2f', ' s')} on one thread "
      "(Featurize/100000)")
    p("")

    p("## Callgrind: instructions per message (deterministic)\n")
    p("| input | messages | Ir/message | Ir/byte |")
    p("|---|---|---|---|")
    summary["callgrind"] = cg
    for i in INPUTS:
        c = cg.get(i)
        if c:
            p(f"| {i} | {c['messages']} | {c['ir_per_message']:,} | {c['ir_per_byte']} |")
    p("")

    p("## Boost.Locale boundary analysis vs ICU BreakIterator (same normalized texts)\n")
    p("| input | Boost.Locale msg/s | ICU (TokenizeWithIcu) msg/s | Boost.Locale slower by |")
    p("|---|---|---|---|")
    summary["boost_vs_icu"] = {}
    for i in INPUTS:
        r = find(pipe, f"BoostVsIcu/{i}") or {}
        summary["boost_vs_icu"][i] = r.get("boost_slower_x")
        p(f"| {i} | {fmt_rate(r.get('boost_msgs_per_s'))} | {fmt_rate(r.get('icu_msgs_per_s'))} | "
          f"{fmt(r.get('boost_slower_x'), '.2f', 'x')} |")
    p("")

    # The project's targets, measured, not asserted.
    p("## Targets\n")
    chat = get(pipe, "Predict/chat", "items_per_second")
    email_bps = get(pipe, "Predict/email", "bytes_per_second")
    fta = summary["fasttext"]["chat"]["ratio_a_interleaved"]
    ftb = summary["fasttext"]["chat"]["ratio_b_interleaved"]
    allocs = [summary["allocs"]["Predict"][i]["new_per_call"] for i in INPUTS]
    mallocs = [summary["allocs"]["Predict"][i]["malloc_per_call"] for i in INPUTS]
    thr = summary["threads"]["PredictThreads"]["chat"]["ratio"]
    targets = [
        ("short chat >= 1,000,000 msg/s end to end, one core", chat, lambda v: v >= 1e6,
         fmt_rate(chat) + " msg/s"),
        ("short chat >= 5x fastText (a)", fta, lambda v: v >= 5, fmt(fta, ".2f", "x")),
        ("short chat >= 20x fastText (b)", ftb, lambda v: v >= 20, fmt(ftb, ".2f", "x")),
        ("e-mail >= 200 MB/s", email_bps, lambda v: v >= 200e6,
         fmt(None if email_bps is None else email_bps / 1e6, ".1f", " MB/s")),
        ("zero allocations per call once warm (operator new)", max(allocs) if None not in allocs else None,
         lambda v: v == 0, "new/call " + ", ".join(fmt(a, ".2f") for a in allocs)),
        ("zero allocations per call once warm (malloc incl. ICU)",
         max(mallocs) if None not in mallocs else None, lambda v: v == 0,
         "malloc/call " + ", ".join(fmt(a, ".2f") for a in mallocs)),
        ("default model resident <= 16 MiB", rss.get("peak_rss_mib_all_weights_touched"),
         lambda v: v <= 16, fmt(rss.get("peak_rss_mib_all_weights_touched"), ".1f", " MiB")),
        ("2 threads >= 1.8x one (chat, Model::Predict)", thr, lambda v: v >= 1.8,
         fmt(thr, ".2f", "x")),
        ("training 100k x 10 epochs < 10 s", tr.get("seconds"), lambda v: v < 10,
         fmt(tr.get("seconds"), ".2f", " s")),
    ]
    p("| target | measured | met |")
    p("|---|---|---|")
    summary["targets"] = {}
    for name, value, ok, shown in targets:
        met = None if value is None else bool(ok(value))
        summary["targets"][name] = {"value": value, "met": met}
        p(f"| {name} | {shown} | {'n/a' if met is None else ('yes' if met else 'NO')} |")
    p("")

    text = "\n".join(out)
    print(text)
    with open(os.path.join(d, "summary.md"), "w", encoding="utf-8") as f:
        f.write(text + "\n")
    with open(os.path.join(d, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
