#!/usr/bin/python3
"""Classifies messages with the Python binding and shows the words behind each decision.

From a source tree (no install):
  MEETINTENT_LIBRARY=build/libmeetintent.so.1 PYTHONPATH=bindings/python \\
    /usr/bin/python3 examples/classify.py "Coffee next week to talk about the role?"
With the package installed (pip, library bundled), just: python3 classify.py MESSAGE...

Usage: classify.py [--model PATH] [-k N] [--json] [MESSAGE...]
Without MESSAGE, reads one message per line on stdin (classified in one batch).
"""

import argparse
import json
import sys

import meetintent


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", help="model file (default: the embedded model)")
    parser.add_argument("-k", type=int, default=3,
                        help="features to show for and against each label (0: none)")
    parser.add_argument("--json", action="store_true", help="one JSON object per message")
    parser.add_argument("messages", nargs="*", metavar="MESSAGE")
    args = parser.parse_args(argv)

    messages = args.messages or [line.rstrip("\r\n") for line in sys.stdin]
    model = meetintent.Model.load(args.model) if args.model else meetintent.Model.default()
    with model:
        # One C call for the whole batch; the model may also be shared by threads.
        for text, p in zip(messages, model.classify_many(messages)):
            explanation = model.explain(text, k=args.k) if args.k > 0 else None
            if args.json:
                record = {"text": text, "label": p.label, "probability": p.probability,
                          "probabilities": p.probabilities}
                if explanation is not None:
                    record["supporting"] = [c.feature for c in explanation.supporting]
                    record["opposing"] = [c.feature for c in explanation.opposing]
                print(json.dumps(record, ensure_ascii=False))
                continue
            print("%s %.3f\t%s" % (p.label, p.probability, text))
            if explanation is not None:
                for title, contributions in (("for    ", explanation.supporting),
                                             ("against", explanation.opposing)):
                    for c in contributions:
                        print("  %s %+.3f  %-16s [%d,%d) %r" % (
                            title, c.weight, c.feature, c.begin, c.end, c.substring(text)))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except meetintent.MeetintentError as e:
        print("classify.py: %s" % e, file=sys.stderr)
        sys.exit(1)
