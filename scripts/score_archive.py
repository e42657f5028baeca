#!/usr/bin/python3
"""Runs meetintent.score_archive (the archive scorer, `meetintent-score-archive` once
the Python package is installed) from a source tree, for the command lines that
name this script:

  /usr/bin/python3 scripts/score_archive.py --library build/libmeetintent.so.1 \\
      --local-workers 2 archive/

Debian's /usr/bin/python3 on purpose: Dask comes from python3-dask and
python3-distributed, which a pyenv python3 cannot see. Unlike the installed
command, this wrapper reads --library before the package is imported (importing it
loads the library), and uses bindings/python when the package is not installed.
"""

import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(argv):
    for i, arg in enumerate(argv):
        if arg == "--library" and i + 1 < len(argv):
            os.environ["MEETINTENT_LIBRARY"] = os.path.abspath(argv[i + 1])
        elif arg.startswith("--library="):
            os.environ["MEETINTENT_LIBRARY"] = os.path.abspath(arg.split("=", 1)[1])
    try:
        from meetintent import score_archive
    except ModuleNotFoundError:
        sys.path.insert(0, os.path.join(REPO, "bindings", "python"))
        from meetintent import score_archive
    return score_archive.main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
