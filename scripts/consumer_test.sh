#!/usr/bin/env bash
# Installs an already-built meetintent into a temporary prefix and uses it as a
# user would: a CMake project (find_package(meetintent 1 CONFIG), targets
# meetintent::meetintent and meetintent::shared), a C program built with
# `pkg-config --cflags --libs meetintent`, the installed CLI and man page.
# Also: the build tree as a CMake package, DESTDIR and component installs, a
# request for version 2 being refused, no build/source paths in installed files.
#
# Usage: scripts/consumer_test.sh BUILD_DIR
# Prints PASS/FAIL per check and "N passed, N failed" last; exits 1 if any failed.
set -u

if [ $# -ne 1 ] || [ ! -f "$1/CMakeCache.txt" ]; then
  echo "usage: $0 BUILD_DIR   (a configured and built meetintent build directory)" >&2
  echo "0 passed, 1 failed"
  exit 2
fi
build=$(cd "$1" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
consumers="$src/tests/consumer"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/meetintent_consumer_test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
prefix="$tmp/prefix"

# Nothing from the caller's environment may point at another meetintent.
unset CMAKE_PREFIX_PATH PKG_CONFIG_PATH LD_LIBRARY_PATH meetintent_DIR CPATH LIBRARY_PATH
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
cc=${CC:-cc}

passed=0
failed=0
check() {  # check NAME COMMAND...: runs COMMAND, counts and reports the result
  local name=$1
  shift
  if "$@" >"$tmp/out" 2>&1; then
    passed=$((passed + 1))
    echo "PASS: $name"
  else
    failed=$((failed + 1))
    echo "FAIL: $name"
    sed 's/^/    /' "$tmp/out" | tail -n 40
  fi
}

PRO="Coffee next week to talk about the role?"
PERSONAL="Dinner tonight, just the two of us?"
# expect_labels FILE: the file holds a line starting "professional " then one "personal ".
expect_labels() {
  cat "$1"
  grep -E '^(personal|professional) ' "$1" | cut -d' ' -f1 | tr '\n' ' ' |
    grep -qx 'professional personal '
}

# --- 1. Install -------------------------------------------------------------
check "cmake --install $build --prefix \$TMP" cmake --install "$build" --prefix "$prefix"

# The project's version (libmeetintent.so.$version), as the build generated it.
version=$(sed -n 's/^#define MEETINTENT_VERSION_STRING "\(.*\)"$/\1/p' "$build/include/meetintent/version.h")
libdir=$(dirname "$(find "$prefix" -name "libmeetintent.so.$version" -print -quit 2>/dev/null)")
pcfile=$(find "$prefix" -name meetintent.pc -print -quit 2>/dev/null)
configdir=$(dirname "$(find "$prefix" -name meetintentConfig.cmake -print -quit 2>/dev/null)")

installed_files() {
  for f in include/meetintent/meetintent.h include/meetintent/model.h \
           include/meetintent/status.h include/meetintent/export.h \
           include/meetintent/version.h bin/meetintent share/man/man1/meetintent.1 \
           share/doc/meetintent/README.md share/doc/meetintent/CHANGELOG.md \
           share/doc/meetintent/versioning.md share/doc/meetintent/examples/chat_app.c; do
    [ -f "$prefix/$f" ] || { echo "missing: $f"; return 1; }
  done
  for f in libmeetintent.a "libmeetintent.so.$version"; do
    [ -f "$libdir/$f" ] || { echo "missing: $libdir/$f"; return 1; }
  done
  for f in meetintentConfig.cmake meetintentConfigVersion.cmake meetintentTargets.cmake; do
    [ -f "$configdir/$f" ] || { echo "missing: $configdir/$f"; return 1; }
  done
  [ -f "$pcfile" ] || { echo "missing: meetintent.pc"; return 1; }
  ls -lR "$prefix" | head -n 80
}
check "headers, libraries, CLI, man page, docs, CMake and pkg-config files installed" installed_files

so_links() {
  [ "$(readlink "$libdir/libmeetintent.so.1")" = "libmeetintent.so.$version" ] &&
  [ "$(readlink "$libdir/libmeetintent.so")" = libmeetintent.so.1 ] &&
  objdump -p "$libdir/libmeetintent.so.$version" | grep -E 'SONAME +libmeetintent\.so\.1$'
}
check "libmeetintent.so -> .so.1 -> .so.$version, SONAME libmeetintent.so.1" so_links

no_build_paths() {
  # Installed CMake and pkg-config files must not point into the build or source trees.
  ! grep -rlF -e "$build" -e "$src" "$configdir" "$pcfile"
}
check "installed CMake/pkg-config files name neither the build nor the source tree" no_build_paths

cli() {
  "$prefix/bin/meetintent" classify "$PRO" "$PERSONAL" >"$tmp/cli.out" && expect_labels "$tmp/cli.out" &&
    "$prefix/bin/meetintent" version | grep -E '^meetintent [0-9]+\.[0-9]+\.[0-9]+$'
}
check "the installed CLI classifies" cli
check "the installed man page renders" sh -c \
  "groff -man -Tutf8 -ww -z '$prefix/share/man/man1/meetintent.1' 2>&1 | tee /dev/stderr | (! grep -q .)"

# --- 2. CMake consumer against the installed package --------------------------
cmake_consumer() {  # cmake_consumer BINARY_DIR [cmake args...]
  local out=$1
  shift
  cmake -S "$consumers/cpp" -B "$out" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release "$@" &&
    cmake --build "$out"
}
check "CMake consumer configures and builds (CMAKE_PREFIX_PATH=\$TMP)" \
  cmake_consumer "$tmp/cpp" -DCMAKE_PREFIX_PATH="$prefix"
run_cpp() {  # run_cpp BINARY_DIR EXECUTABLE
  LD_LIBRARY_PATH="$libdir" "$1/$2" "$PRO" "$PERSONAL" >"$tmp/run.out" && expect_labels "$tmp/run.out"
}
check "meetintent::meetintent (static C++ API) classifies" run_cpp "$tmp/cpp" consumer_cpp
check "meetintent::shared (C API) classifies" run_cpp "$tmp/cpp" consumer_capi
uses_installed_lib() {
  LD_LIBRARY_PATH="$libdir" ldd "$tmp/cpp/consumer_capi" | tee /dev/stderr |
    grep -F "libmeetintent.so.1 => $libdir/libmeetintent.so.1"
}
check "consumer_capi loads the installed libmeetintent.so.1" uses_installed_lib
check "the static consumer does not need libmeetintent.so" sh -c \
  "! ldd '$tmp/cpp/consumer_cpp' | grep -q libmeetintent"
check "find_package(meetintent 2) is refused (SameMajorVersion)" sh -c \
  "! cmake -S '$consumers/cpp' -B '$tmp/cpp2' ${generator[*]} -DCMAKE_PREFIX_PATH='$prefix' \
      -DMEETINTENT_WANTED_VERSION=2 >'$tmp/v2.log' 2>&1 && cat '$tmp/v2.log' &&
    grep -q 'version: 1\\.' '$tmp/v2.log'"

# --- 3. CMake consumer against the build tree ---------------------------------
check "CMake consumer builds against the build tree (meetintent_DIR=BUILD)" \
  cmake_consumer "$tmp/cpp_build_tree" -Dmeetintent_DIR="$build"
check "  ... and classifies" run_cpp "$tmp/cpp_build_tree" consumer_cpp

# --- 4. C consumer with pkg-config --------------------------------------------
export PKG_CONFIG_PATH
PKG_CONFIG_PATH=$(dirname "$pcfile")
check "pkg-config --modversion meetintent" sh -c \
  "pkg-config --modversion meetintent | tee /dev/stderr | grep -qx '$(sed -n 's/^Version: //p' "$pcfile")'"
pc_flags() {
  local cflags libs
  cflags=$(pkg-config --cflags meetintent) && libs=$(pkg-config --libs meetintent) || return 1
  echo "cflags: $cflags"
  echo "libs:   $libs"
  # Relocatable .pc: the paths resolve into the prefix it was installed to.
  cflags=${cflags%% }
  [ "$(cd "${cflags#-I}" && pwd)" = "$(cd "$prefix/include" && pwd)" ] &&
    case " $libs " in *" -lmeetintent "*) ;; *) false ;; esac
}
check "pkg-config --cflags/--libs point into \$TMP" pc_flags
build_c() {
  # shellcheck disable=SC2046
  $cc -std=c99 -Wall -Wextra -Wpedantic -Werror -o "$tmp/consumer_c" "$consumers/c/consumer.c" \
    $(pkg-config --cflags --libs meetintent)
}
check "C consumer builds with \`pkg-config --cflags --libs meetintent\`" build_c
check "  ... needs libmeetintent.so.1" sh -c \
  "objdump -p '$tmp/consumer_c' | grep -E 'NEEDED +libmeetintent\\.so\\.1\$'"
run_c() {
  LD_LIBRARY_PATH="$libdir" "$tmp/consumer_c" "$PRO" "$PERSONAL" >"$tmp/c.out" && expect_labels "$tmp/c.out"
}
check "  ... classifies (LD_LIBRARY_PATH=\$TMP/lib)" run_c

# --- 4b. The mail library's C API, when the build has it ---------------------
if [ -n "$(find "$build" -maxdepth 1 -name 'libmeetintent_mail.so.1' -print -quit)" ]; then
  build_mail_c() {
    [ -f "$prefix/include/meetintent/mail_c.h" ] && [ ! -f "$prefix/include/meetintent/mail.h" ] &&
      [ "$(readlink "$libdir/libmeetintent_mail.so")" = libmeetintent_mail.so.1 ] &&
      # shellcheck disable=SC2046
      $cc -std=c99 -Wall -Wextra -Wpedantic -Werror -o "$tmp/mail_consumer" \
        "$consumers/c/mail_consumer.c" $(pkg-config --cflags meetintent) \
        -L"$libdir" -lmeetintent_mail $(pkg-config --libs meetintent)
  }
  check "mail C consumer builds against the installed mail_c.h and libmeetintent_mail.so" build_mail_c
  run_mail_c() {
    LD_LIBRARY_PATH="$libdir" "$tmp/mail_consumer" "$src/tests/data/mail/reply_plain.eml" \
      >"$tmp/mail.out" && cat "$tmp/mail.out" && grep -qx 'personal 0\.[0-9]*' "$tmp/mail.out" &&
      LD_LIBRARY_PATH="$libdir" ldd "$tmp/mail_consumer" | grep -F "$libdir/libmeetintent_mail.so.1"
  }
  check "  ... reads an .eml with the installed library" run_mail_c
  installed_mail_cli() {  # 'meetintent mail' runs the meetintent-mail installed beside it
    [ -x "$prefix/bin/meetintent-mail" ] &&
      PATH=/nonexistent "$prefix/bin/meetintent" mail "$src/tests/data/mail/reply_plain.eml" \
        >"$tmp/mail_cli.out" && grep -q '"label":"personal"' "$tmp/mail_cli.out"
  }
  check "installed 'meetintent mail' runs the installed meetintent-mail" installed_mail_cli
fi

# --- 5. DESTDIR and components ----------------------------------------------
destdir() {
  DESTDIR="$tmp/stage" cmake --install "$build" --prefix /opt/meetintent >/dev/null &&
    [ -f "$tmp/stage/opt/meetintent/include/meetintent/meetintent.h" ] &&
    [ -x "$tmp/stage/opt/meetintent/bin/meetintent" ] &&
    [ -n "$(find "$tmp/stage/opt/meetintent" -name meetintent.pc)" ]
}
check "DESTDIR=\$TMP/stage cmake --install --prefix /opt/meetintent" destdir
runtime_component() {
  cmake --install "$build" --prefix "$tmp/rt" --component Runtime >/dev/null &&
    [ -n "$(find "$tmp/rt" -name libmeetintent.so.1)" ] && [ -x "$tmp/rt/bin/meetintent" ] &&
    [ -z "$(find "$tmp/rt" -name '*.h' -o -name libmeetintent.a -o -name libmeetintent.so \
              -o -name '*.cmake' -o -name '*.pc')" ]
}
check "--component Runtime: the .so.1, CLI and man page, no development files" runtime_component

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
