#!/usr/bin/env python3
"""Bad-input corpus: every case under tests/bad/ must be rejected with exact diagnostics.

Usage: python3 tests/test_bad_corpus.py /path/to/routekaart

Each case is a folder tests/bad/<name>/ holding
  content/...   a small source tree with one realistic editor mistake
                (no content/ at all for the "missing content folder" case)
  layouts/...   optional: the site's own layouts, for mistakes in a layout
  expected      the diagnostic lines the generator must print to stderr, one per
                line, exactly (GCC style: content/...:LINE:COL: error: message)
  chmod-000     optional: paths (relative to the case) made unreadable at test time,
                since git does not keep file modes. chmod 000 does not stop root from
                reading, so when this script runs as root, the generator is run for
                that case as user/group 65534 (nobody), with the temporary tree
                chowned to it; the file is then really unreadable and the message is
                the same as for an ordinary user.

For every case (sorted by name), in a fresh temporary folder:
  * a previous output is planted: public/index.html and public/sub/keep.txt;
  * `routekaart build TMP` must exit 1, print every expected line as a whole line
    on stderr and no other `: error: ` line, leave public/ exactly as it was
    (same files, bytes and modes) and leave no stray entry beside content/ and
    public/ (such as a half-written temporary output folder);
  * `routekaart check TMP` must exit 1 with the same lines.
Two usage errors must exit 2. Prints `ok - name` / `not ok - name: why` per check
and finally `N passed, M failed`; exits 1 if anything failed.
"""

import hashlib
import os
import shutil
import stat
import tempfile

from testlib import TESTS, binary as binary_path, check, finish, run_binary

BAD = os.path.join(TESTS, "bad")
TIMEOUT = 60
NOBODY = 65534

PREVIOUS = {
    "index.html": b"<!doctype html><title>vorige versie</title>\n<p>Deze site mag niet verdwijnen.</p>\n",
    "sub/keep.txt": b"keep me \x00\xff byte for byte\n",
}


def snapshot(root):
    """Map of relative path -> (kind, mode, sha256) for everything under root.
    Not testlib.tree_hash: describe_diff names each path that changed, and a
    link's target is compared, which tree_hash does not hash."""
    result = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(dirnames) + sorted(filenames):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            st = os.lstat(path)
            if stat.S_ISDIR(st.st_mode):
                result[rel] = ("dir", stat.S_IMODE(st.st_mode), None)
            elif stat.S_ISLNK(st.st_mode):
                result[rel] = ("link", 0, os.readlink(path))
            else:
                with open(path, "rb") as f:
                    digest = hashlib.sha256(f.read()).hexdigest()
                result[rel] = ("file", stat.S_IMODE(st.st_mode), digest)
    return result


def describe_diff(before, after):
    problems = []
    for rel in sorted(set(before) | set(after)):
        if rel not in after:
            problems.append("public/%s was removed" % rel)
        elif rel not in before:
            problems.append("public/%s appeared" % rel)
        elif before[rel] != after[rel]:
            problems.append("public/%s changed" % rel)
    return "; ".join(problems[:5])


def chown_tree(root, uid, gid):
    os.chown(root, uid, gid)
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            os.lchown(os.path.join(dirpath, name), uid, gid)


def drop_to_nobody():
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def check_output(label, rc, stderr, expected):
    """Returns a problem description, or None."""
    if rc is None:
        return "%s: %s" % (label, stderr)
    if rc != 1:
        return "%s: exit status %s, expected 1; stderr: %s" % (label, rc, stderr.strip()[:400])
    lines = stderr.splitlines()
    missing = [e for e in expected if e not in lines]
    if missing:
        got = [l for l in lines if ": error: " in l or l.startswith("routekaart:")]
        return "%s: missing %s; stderr has %r" % (label, " and ".join(repr(m) for m in missing), got)
    extra = [l for l in lines if ": error: " in l and l not in expected]
    if extra:
        return "%s: unexpected extra diagnostic %r" % (label, extra[0])
    return None


def run_case(binary, name):
    case = os.path.join(BAD, name)
    with open(os.path.join(case, "expected"), encoding="utf-8") as f:
        expected = [l.rstrip("\r\n") for l in f if l.strip()]
    if not expected:
        return "expected file is empty"
    unreadable = []
    marker = os.path.join(case, "chmod-000")
    if os.path.exists(marker):
        with open(marker, encoding="utf-8") as f:
            unreadable = [l.strip() for l in f if l.strip()]

    tmp = tempfile.mkdtemp(prefix="routekaart-bad-")
    try:
        # content/, and layouts/ for the cases of mistakes in a layout.
        for part in ("content", "layouts"):
            if os.path.isdir(os.path.join(case, part)):
                shutil.copytree(os.path.join(case, part), os.path.join(tmp, part), symlinks=True)
        public = os.path.join(tmp, "public")
        for rel, data in PREVIOUS.items():
            path = os.path.join(public, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
        preexec = None
        if unreadable and os.geteuid() == 0:
            chown_tree(tmp, NOBODY, NOBODY)
            preexec = drop_to_nobody
        for rel in unreadable:
            os.chmod(os.path.join(tmp, rel), 0)
        before_entries = sorted(os.listdir(tmp))
        before = snapshot(public)

        for command in ("build", "check"):
            rc, _, stderr = run_binary(binary, [command, tmp], preexec_fn=preexec, timeout=TIMEOUT)
            problem = check_output(command, rc, stderr, expected)
            if problem:
                return problem
            after = snapshot(public)
            if after != before:
                return "%s: previous public/ not kept: %s" % (command, describe_diff(before, after))
            entries = sorted(os.listdir(tmp))
            if entries != before_entries:
                return "%s: stray entries beside public/: %s" % (
                    command, ", ".join(sorted(set(entries) ^ set(before_entries))))
        return None
    finally:
        for rel in unreadable:
            try:
                os.chmod(os.path.join(tmp, rel), 0o644)
            except OSError:
                pass
        shutil.rmtree(tmp, ignore_errors=True)


def run_usage(binary, args):
    rc, _, stderr = run_binary(binary, args, timeout=TIMEOUT)
    if rc != 2:
        return "exit status %s, expected 2; stderr: %s" % (rc, stderr.strip()[:300])
    return None


def main():
    binary = str(binary_path())

    checks = [(name, lambda name=name: run_case(binary, name))
              for name in sorted(os.listdir(BAD)) if os.path.isdir(os.path.join(BAD, name))]
    checks.append(("usage: build --bogus", lambda: run_usage(binary, ["build", "--bogus"])))
    checks.append(("usage: frobnicate", lambda: run_usage(binary, ["frobnicate"])))

    for name, fn in checks:
        try:
            problem = fn()
        except Exception as e:  # a broken case must not hide the others
            problem = "runner error: %s: %s" % (type(e).__name__, e)
        check(name, not problem, problem)

    finish()


if __name__ == "__main__":
    main()
