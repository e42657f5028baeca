#!/bin/sh
# The offline installs of the Python package, each then used WITHOUT
# $MEETINTENT_LIBRARY: the installed package must find its own libmeetintent.so.1.
#  1. pip install --target with MEETINTENT_BUNDLE_LIB (the --break-system-packages
#     route of the README, into a folder), and without it: no library inside.
#  2. The virtual-environment route: scripts/python_wheel.sh builds the wheel with
#     the library bundled, Debian's `python3 -m venv` (python3-venv) makes a venv,
#     `pip install --no-index` puts the wheel there; it classifies and has the
#     meetintent-score-archive command.
# Usage: install_test.sh LIBRARY [PYTHON]   (PYTHON defaults to /usr/bin/python3)
# Prints "N passed, N failed" last; exits non-zero when a check failed.
set -u
if [ $# -lt 1 ] || [ ! -f "$1" ]; then
  echo "usage: $0 path/to/libmeetintent.so.1 [python]" >&2
  echo "0 passed, 1 failed"
  exit 2
fi
lib=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
python=${2:-/usr/bin/python3}
here=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$here/../.." && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/meetintent_install_test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0
check() {  # check NAME COMMAND...: runs COMMAND, counts and reports the result
  name=$1
  shift
  if "$@" >"$tmp/out" 2>&1; then
    passed=$((passed + 1))
    echo "PASS: $name"
  else
    failed=$((failed + 1))
    echo "FAIL: $name"
    sed 's/^/    /' "$tmp/out"
  fi
}

# Build from a copy: setuptools builds in the source tree (build/, *.egg-info),
# which must stay clean and may be shared by concurrent runs.
mkdir "$tmp/src"
cp -R "$here/pyproject.toml" "$here/setup.py" "$here/README.md" "$here/meetintent" "$tmp/src/"
rm -rf "$tmp/src/meetintent/__pycache__" "$tmp/src/meetintent"/libmeetintent.so*

# Never the network, never the user's site-packages or pip configuration.
export PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PIP_CONFIG_FILE=/dev/null
export PYTHONNOUSERSITE=1 PYTHONDONTWRITEBYTECODE=1
unset MEETINTENT_LIBRARY MEETINTENT_BUNDLE_LIB PYTHONPATH PIP_FIND_LINKS

pip_install() {  # pip_install TARGET [BUNDLE_LIB]
  MEETINTENT_BUNDLE_LIB=${2:-} "$python" -m pip install --no-build-isolation --no-deps --no-index \
    --target "$1" "$tmp/src"
}
check "pip install --target with MEETINTENT_BUNDLE_LIB" pip_install "$tmp/bundled" "$lib"
check "the library is bundled" test -f "$tmp/bundled/meetintent/libmeetintent.so.1"

classify="import meetintent; print(meetintent.Model.default().classify('Coffee next week to talk about the role?'))"
# LD_LIBRARY_PATH cleared: the only library reachable is the bundled one.
check "the installed package classifies with its bundled library" sh -c "
  cd \"$tmp\" && env -u LD_LIBRARY_PATH PYTHONPATH=\"$tmp/bundled\" \"$python\" -c \"$classify\" >\"$tmp/classify\" &&
  grep -q \"label='professional'\" \"$tmp/classify\""
[ -s "$tmp/classify" ] && sed 's/^/    /' "$tmp/classify"
check "it loaded the bundled library" sh -c "
  cd \"$tmp\" && env -u LD_LIBRARY_PATH PYTHONPATH=\"$tmp/bundled\" \"$python\" -c \
    'import meetintent; print(meetintent.library_path)' | grep -qx \"$tmp/bundled/meetintent/libmeetintent.so.1\""

# Without MEETINTENT_BUNDLE_LIB (and from the same source copy, whose build/
# still holds the earlier bundled library): a pure-Python package.
check "pip install --target without MEETINTENT_BUNDLE_LIB" pip_install "$tmp/plain"
check "no library in the plain package" sh -c "! ls \"$tmp/plain/meetintent\" | grep -q libmeetintent"
check "the plain package uses MEETINTENT_LIBRARY" sh -c "
  cd \"$tmp\" && MEETINTENT_LIBRARY=\"$lib\" PYTHONPATH=\"$tmp/plain\" \"$python\" -c \"$classify\" | grep -q \"label='professional'\""

# --- 2. The wheel in a virtual environment -----------------------------------
build_wheel() {
  MEETINTENT_PYTHON="$python" "$repo/scripts/python_wheel.sh" "$lib" "$tmp/wheels" >"$tmp/wheel" &&
  test -f "$(tail -n 1 "$tmp/wheel")"
}
check "scripts/python_wheel.sh builds a wheel with the library bundled" build_wheel
wheel=$(tail -n 1 "$tmp/wheel" 2>/dev/null)
check "the wheel holds libmeetintent.so.1" sh -c \
  "\"$python\" -m zipfile -l \"$wheel\" | grep -q 'meetintent/libmeetintent.so.1 '"
check "$python -m venv (python3-venv)" "$python" -m venv "$tmp/v"
check "pip install --no-index the wheel into the venv" "$tmp/v/bin/pip" install --no-index "$wheel"
check "the venv classifies with its bundled library" sh -c "
  cd \"$tmp\" && env -u LD_LIBRARY_PATH \"$tmp/v/bin/python\" -c 'import meetintent; \
m = meetintent.Model.default(); print(meetintent.library_path); \
print(m.classify(\"Coffee next week to talk about the role?\").label)' >\"$tmp/venv_out\" &&
  sed -n 1p \"$tmp/venv_out\" | grep -q \"^$tmp/v/.*/meetintent/libmeetintent.so.1\$\" &&
  sed -n 2p \"$tmp/venv_out\" | grep -qx professional"
check "the venv has the meetintent-score-archive command" sh -c \
  "\"$tmp/v/bin/meetintent-score-archive\" --help | grep -q 'usage: meetintent-score-archive'"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
