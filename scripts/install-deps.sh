#!/usr/bin/env bash
# Installs the Debian 12 packages meetintent needs to build and test. Idempotent: when every
# package is already installed it changes nothing and does not touch the network.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libicu-dev libboost-locale-dev libeigen3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  xxhash valgrind
  # meetintent_mail and 'meetintent mail' (MIME and HTML; found with pkg-config),
  # and the real mail clients its tests drive (the notmuch hook, a procmail filter)
  libgmime-3.0-dev libgumbo-dev notmuch procmail
  python3 python3-pip python3-setuptools python3-wheel
  # the Python binding's virtual-environment install test (python3 -m venv)
  python3-venv
  # benchmarks and the quality report: the peers meetintent is measured against
  libfasttext-dev fasttext python3-sklearn python3-numpy
  # fuzzing: clang's libFuzzer and sanitizer runtimes
  clang-14 libclang-rt-14-dev
  # scoring archives with Dask, and the man page check of the install test
  python3-dask python3-distributed groff-base
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: must run as root to install packages" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
