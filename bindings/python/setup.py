"""Setuptools hooks for meetintent (the metadata is in pyproject.toml).

When MEETINTENT_BUNDLE_LIB names a libmeetintent.so.1 at build/install time,
it is copied into the package as meetintent/libmeetintent.so.1 (and the wheel
gets a platform tag), so the installed package works without the library
being installed anywhere else. Without it, the package is pure Python and
looks for the library at import time ($MEETINTENT_LIBRARY, the system loader).
"""

import os
import shutil

from setuptools import setup
from setuptools.dist import Distribution as _Distribution
from setuptools.command.build_py import build_py

BUNDLED_NAME = "libmeetintent.so.1"
STALE_NAMES = ("libmeetintent.so.1", "libmeetintent.so")


def bundle_source():
    """The library to bundle ($MEETINTENT_BUNDLE_LIB), or None."""
    path = os.environ.get("MEETINTENT_BUNDLE_LIB", "").strip()
    if not path:
        return None
    if not os.path.isfile(path):
        raise SystemExit("meetintent: MEETINTENT_BUNDLE_LIB=%s: no such file" % path)
    return path


class BuildPyBundlingLibrary(build_py):
    def run(self):
        super().run()
        target_dir = os.path.join(self.build_lib, "meetintent")
        # An in-tree build directory may hold a library bundled by an earlier build.
        for name in STALE_NAMES:
            stale = os.path.join(target_dir, name)
            if os.path.lexists(stale):
                os.remove(stale)
        source = bundle_source()
        if source:
            self.mkpath(target_dir)
            target = os.path.join(target_dir, BUNDLED_NAME)
            shutil.copyfile(source, target)  # follows symlinks: the real file
            os.chmod(target, 0o755)
            self.announce("bundling %s as %s" % (source, target), level=2)

    def get_outputs(self, include_bytecode=True):
        outputs = super().get_outputs(include_bytecode)
        if bundle_source():
            outputs.append(os.path.join(self.build_lib, "meetintent", BUNDLED_NAME))
        return outputs


cmdclass = {"build_py": BuildPyBundlingLibrary}


class Distribution(_Distribution):
    """With a bundled library the distribution is not pure: it installs into
    platlib and its wheel gets a platform tag."""

    def has_ext_modules(self):
        return bundle_source() is not None


# Tag such a wheel py3-none-<platform>: it holds no extension module, only a C library.
try:
    from setuptools.command.bdist_wheel import bdist_wheel as _bdist_wheel
except ImportError:
    try:
        from wheel.bdist_wheel import bdist_wheel as _bdist_wheel
    except ImportError:
        _bdist_wheel = None

if _bdist_wheel is not None:
    class BdistWheel(_bdist_wheel):
        def get_tag(self):
            python, abi, platform = super().get_tag()
            if not self.root_is_pure:
                python, abi = "py3", "none"
            return python, abi, platform

    cmdclass["bdist_wheel"] = BdistWheel

setup(cmdclass=cmdclass, distclass=Distribution)
