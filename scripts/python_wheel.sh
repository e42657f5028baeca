#!/bin/sh
# Builds the Python package as a wheel with libmeetintent.so.1 inside it, offline.
#
#   scripts/python_wheel.sh [LIBRARY [OUTPUT_DIR]]
#     LIBRARY     default build/libmeetintent.so.1 (scripts/build.sh makes it)
#     OUTPUT_DIR  default build/python
#
# Prints the wheel's path last, e.g. build/python/meetintent-1.1.0-py3-none-linux_x86_64.whl,
# which installs anywhere with no network and no compiler, e.g. into a virtual environment:
#   python3 -m venv v && v/bin/pip install --no-index build/python/meetintent-1.1.0-*.whl
#
# Builds with Debian's /usr/bin/python3 on purpose (override with MEETINTENT_PYTHON): it
# sees python3-pip, python3-setuptools and python3-wheel; a pyenv python3 first on PATH
# does not, and pip's default build isolation would try to download setuptools.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
lib=${1:-$repo/build/libmeetintent.so.1}
out=${2:-$repo/build/python}
python=${MEETINTENT_PYTHON:-/usr/bin/python3}
if [ ! -f "$lib" ]; then
  echo "python_wheel.sh: $lib: no such file (build the library first: scripts/build.sh)" >&2
  exit 2
fi
lib=$(cd "$(dirname "$lib")" && pwd)/$(basename "$lib")
mkdir -p "$out"
out=$(cd "$out" && pwd)
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$repo/bindings/python/pyproject.toml")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/meetintent_wheel.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
# Build from a copy: setuptools writes build/ and *.egg-info into the source folder,
# which must stay clean and may be used by concurrent builds.
mkdir "$tmp/src"
cp -R "$repo/bindings/python/pyproject.toml" "$repo/bindings/python/setup.py" \
      "$repo/bindings/python/README.md" "$repo/bindings/python/meetintent" "$tmp/src/"
rm -rf "$tmp/src/meetintent/__pycache__" "$tmp/src/meetintent"/libmeetintent.so*
rm -f "$out"/meetintent-"$version"-*.whl

# Never the network, never the user's pip configuration.
env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL \
  PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PIP_CONFIG_FILE=/dev/null \
  PYTHONNOUSERSITE=1 PYTHONDONTWRITEBYTECODE=1 MEETINTENT_BUNDLE_LIB="$lib" \
  "$python" -m pip wheel --no-build-isolation --no-deps --no-index --wheel-dir "$out" \
  "$tmp/src" >&2
wheel=$(ls "$out"/meetintent-"$version"-py3-none-*.whl)
echo "$wheel"
