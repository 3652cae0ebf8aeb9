#!/usr/bin/env python3
"""The same input gives byte-identical output: builds the example site
(ROUTEKAART_SOURCE_DIR) several ways and compares every file.

  A  absolute paths, from the test's working directory
  B  the same again (a second run)
  C  relative source and output paths, from another working directory,
     source given as "./x/" with a trailing slash, other TZ and locale
  D  a copy of the source tree at another path, with fresh mtimes

Usage: python3 tests/test_determinism.py /path/to/routekaart
Env:   ROUTEKAART_SOURCE_DIR (default: the folder above this script)
"""
import filecmp
import os
import shutil
import subprocess
import tempfile

import testlib
from testlib import binary as binary_path, check, finish

# A str: the leak check below searches the output for its bytes.
SOURCE = os.path.abspath(testlib.SOURCE)


def list_files(root):
    out = set()
    for d, _, names in os.walk(root):
        for n in names:
            out.add(os.path.relpath(os.path.join(d, n), root))
    return out


def manifest_of(folder):
    """The manifest a build leaves beside its output (gen/write.h)."""
    parent, name = os.path.split(os.path.normpath(folder))
    return os.path.join(parent, "." + name + ".routekaart-build")


def fingerprint(folder):
    """The fingerprint line of the manifest beside `folder`: the rest of it
    (inodes, mtimes) differs from build to build."""
    try:
        with open(manifest_of(folder), encoding="utf-8") as f:
            return [line for line in f.read().split("\n") if line.startswith("stamp\t")]
    except OSError:
        return []


def compare(label, a, b):
    fa, fb = list_files(a), list_files(b)
    check(f"{label}: both have a manifest beside them with the same fingerprint",
          fingerprint(a) == fingerprint(b) != [], f"{fingerprint(a)} {fingerprint(b)}")
    check(f"{label}: same file list ({len(fa)} files), hidden ones too", fa == fb and fa,
          f"only in first {sorted(fa - fb)[:5]}, only in second {sorted(fb - fa)[:5]}")
    check(f"{label}: no manifest in the output: the output is the site alone",
          not any(f.endswith(".routekaart-build") for f in fa | fb), sorted(fa | fb)[:5])
    differ = [f for f in sorted(fa & fb) if not filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False)]
    check(f"{label}: every file byte-identical", not differ, f"{len(differ)} differ, e.g. {differ[:5]}")
    r = subprocess.run(["diff", "-r", a, b], capture_output=True, text=True)
    check(f"{label}: diff -r is clean", r.returncode == 0, (r.stdout + r.stderr)[:400])


def copy_reversed(src, dst):
    os.makedirs(dst)
    for n in sorted(os.listdir(src), reverse=True):
        s, d = os.path.join(src, n), os.path.join(dst, n)
        if os.path.isdir(s):
            copy_reversed(s, d)
        else:
            shutil.copyfile(s, d)


def build(binary, src, out, cwd, env=None):
    r = subprocess.run([binary, "build", src, "-o", out], cwd=cwd, capture_output=True, text=True, env=env)
    return r.returncode == 0, (r.stderr or r.stdout).strip()[-1500:]


def main():
    binary = str(binary_path())
    with tempfile.TemporaryDirectory(prefix="rk-determinism-") as tmp:
        a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
        ok = check("build A (absolute paths)", *build(binary, SOURCE, a, tmp))
        ok = check("build B (absolute paths, again)", *build(binary, SOURCE, b, tmp)) and ok
        if ok:
            compare("A vs B", a, b)

        # C: relative paths from the source's parent, another time zone and locale.
        parent, name = os.path.split(SOURCE)
        c_rel = os.path.relpath(os.path.join(tmp, "c"), parent)
        env = dict(os.environ, TZ="Pacific/Kiritimati", LC_ALL="C", LANG="C")
        if check("build C (relative paths, other cwd, TZ, locale)", *build(binary, "./" + name + "/", c_rel, parent, env)):
            if ok:
                compare("A vs C", a, os.path.join(tmp, "c"))

        # D: a copy of the tree elsewhere (only what a build reads: content/,
        # and layouts/ and assets/ when present), with new mtimes, its files
        # created in reverse order (so directory listing order differs on
        # file systems that list in creation order, like tmpfs).
        copy = os.path.join(tmp, "elsewhere", "site")
        for sub in ("content", "layouts", "assets"):
            if os.path.isdir(os.path.join(SOURCE, sub)):
                copy_reversed(os.path.join(SOURCE, sub), os.path.join(copy, sub))
        d = os.path.join(tmp, "d")
        if check("build D (copy of the tree at another path)", *build(binary, "site", d, os.path.dirname(copy))):
            if ok:
                compare("A vs D", a, d)

        # The output must not leak where it was built.
        leaks = []
        for f in sorted(list_files(a)):
            with open(os.path.join(a, f), "rb") as fh:
                data = fh.read()
            for needle in (tmp.encode(), SOURCE.encode()):
                if needle in data:
                    leaks.append(f"{f} contains {needle.decode()!r}")
        check("output holds no build or source path", not leaks, "; ".join(leaks[:5]))
    finish()


if __name__ == "__main__":
    main()
