"""The output folder: swapped in whole, never half-written.

usage: python3 tests/test_output.py /path/to/routekaart

Checks that a build replaces the previous public/ completely (no stale
files), that an unwritable output is an error that changes nothing, and
that a build killed halfway leaves the previous public/ byte for byte as it
was."""
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# testlib.tree_hash also hashes modes: stricter than "same paths, same bytes".
from testlib import SOURCE, binary, check, finish, memcheck, slowdown, tree_hash

BINARY = binary()
# Under valgrind a build is some 30 times slower: a smaller big tree, and the
# kill comes later, so it still lands while files are being written.
BIG_REGIONS = 8 if memcheck() else 60
KILL_DELAYS = [d * (5 if memcheck() else 1) for d in (0.05, 0.1, 0.2, 0.4)]


def build(*args, cwd=None):
    return subprocess.run([str(BINARY), "build", *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=120 * slowdown())


with tempfile.TemporaryDirectory() as tmp:
    tmp = Path(tmp)
    site = tmp / "site"
    shutil.copytree(SOURCE / "content", site / "content")

    # A stale file from an earlier build disappears: the folder is replaced.
    (site / "public").mkdir()
    (site / "public" / "stale.html").write_text("old")
    r = build(site)
    check("build exits 0", r.returncode == 0, r.stderr)
    check("stale file of the previous output is gone", not (site / "public" / "stale.html").exists())
    check("no temporary folder left beside the output",
          sorted(p.name for p in site.iterdir()) == ["content", "public"], sorted(p.name for p in site.iterdir()))
    check("summary line names regions, pages and milliseconds",
          r.stdout.startswith("routekaart: 2 regions, ") and " pages written " in r.stdout and " ms" in r.stdout,
          r.stdout)
    mode = (site / "public").stat().st_mode & 0o777
    check("output folder is readable by a web server (0755)", mode == 0o755, oct(mode))

    before = tree_hash(site / "public")

    # Output under a regular file: cannot be created.
    blocker = tmp / "file"
    blocker.write_text("x")
    r = build(site, "-o", blocker / "public")
    check("unwritable output exits 1", r.returncode == 1, r.returncode)
    check("unwritable output is reported with its path",
          f"{blocker}/public: error: cannot write the output folder" in r.stderr, r.stderr)

    # Output that is a file, not a folder.
    r = build(site, "-o", blocker)
    check("output that is a file exits 1", r.returncode == 1, r.returncode)
    check("output that is a file is reported", "exists and is not a folder" in r.stderr, r.stderr)
    check("previous public/ untouched by failed builds", tree_hash(site / "public") == before)

    # A build killed halfway: a big tree, killed after it started writing.
    big = tmp / "big"
    subprocess.run([sys.executable, str(SOURCE / "scripts" / "scale-tree"), str(BIG_REGIONS), str(big)], check=True)
    r = build(big)
    check("big tree builds", r.returncode == 0, r.stderr)
    big_before = tree_hash(big / "public")
    killed = False
    for delay in KILL_DELAYS:
        proc = subprocess.Popen([str(BINARY), "build", str(big)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            killed = True
            break
        proc.wait()
    check("a build could be killed halfway", killed)
    check("a killed build leaves the previous public/ exactly as it was", tree_hash(big / "public") == big_before)
    r = build(big)
    check("the next build removes what the killed one left",
          r.returncode == 0 and sorted(p.name for p in big.iterdir()) == ["content", "public"],
          sorted(p.name for p in big.iterdir()))

    # Relative folder and output, from another working directory.
    r = build("site", "-o", "elsewhere/out", cwd=tmp)
    check("relative DIR and -o work", r.returncode == 0 and (tmp / "elsewhere/out/index.html").exists(), r.stderr)

    # --base-url overrides site.yaml.
    r = build(site, "-o", tmp / "sub", "--base-url", "/kaart")
    index = tmp / "sub" / "index.html"
    html = index.read_text() if r.returncode == 0 and index.exists() else ""
    check("--base-url build exits 0", r.returncode == 0, r.stderr)
    check("--base-url without trailing slash gets one", 'href="/kaart/utrecht-west/"' in html)

finish()
