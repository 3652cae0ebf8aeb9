"""Regions rendered side by side (build -j N): the same site as one thread.

usage: python3 tests/test_jobs.py /path/to/routekaart

Builds a generated tree of many regions (bench/gen-site), the example site
and a site with warnings with -j1, -j2 and -j8, and checks that the output
folders are the same byte for byte (paths, bytes and modes), that the
messages are the same line for line, and that the summary counts agree. A
layout with a mistake that every region's pages meet is reported once, as
with one thread. A wrong --jobs is a usage error."""
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from testlib import SOURCE, binary, check, finish, memcheck, slowdown, tree_hash

BINARY = binary()
REGIONS = 6 if memcheck() else 24


def build(site, out, jobs):
    return subprocess.run([str(BINARY), "build", str(site), "-o", str(out), "-j", str(jobs)], capture_output=True,
                          text=True, timeout=300 * slowdown())


def summary(stdout):
    """The summary line without its time."""
    return re.sub(r", in \d+ ms", "", stdout.strip())


def same_with_any_jobs(label, site, tmp, expect_ok=True):
    results = {}
    for jobs in (1, 2, 8):
        out = tmp / ("%s-j%d" % (label, jobs))
        r = build(site, out, jobs)
        ok = r.returncode == 0
        check("%s -j%d: %s" % (label, jobs, "builds" if expect_ok else "fails"), ok == expect_ok,
              r.stderr[-400:])
        results[jobs] = (tree_hash(out) if ok else None, r.stderr, summary(r.stdout), r.returncode)
    one = results[1]
    for jobs in (2, 8):
        check("%s: -j%d writes the same files as -j1, byte for byte" % (label, jobs), results[jobs][0] == one[0])
        check("%s: -j%d prints the same messages as -j1" % (label, jobs), results[jobs][1] == one[1],
              "-j1:\n%s\n-j%d:\n%s" % (one[1][-600:], jobs, results[jobs][1][-600:]))
        check("%s: -j%d's summary counts are -j1's" % (label, jobs), results[jobs][2:] == one[2:],
              "%r / %r" % (one[2:], results[jobs][2:]))
    return one


def main():
    tmp = Path(tempfile.mkdtemp(prefix="rk-jobs-"))
    try:
        generated = tmp / "generated"
        subprocess.run([sys.executable, str(SOURCE / "bench" / "gen-site"), "--regions", str(REGIONS),
                        "--provisions", "12", str(generated)], check=True, capture_output=True)
        site = generated / "routekaart"
        one = same_with_any_jobs("generated tree", site, tmp)
        check("generated tree: every region was built", ("%d regions" % REGIONS) in one[2], one[2])
        same_with_any_jobs("example site", SOURCE, tmp)
        same_with_any_jobs("warnings site", SOURCE / "tests" / "check" / "warnings", tmp)

        # A field that does not exist, in the layout of every region page.
        (site / "layouts").mkdir(exist_ok=True)
        region = (SOURCE / "layouts" / "region.html").read_text()
        check("the region layout names region.name", 'rk-text="region.name"' in region)
        (site / "layouts" / "region.html").write_text(region.replace('rk-text="region.name"',
                                                                      'rk-text="region.nmae"', 1))
        one = same_with_any_jobs("layout mistake", site, tmp, expect_ok=False)
        mistakes = [line for line in one[1].splitlines() if "has no field 'nmae'" in line]
        check("layout mistake: reported once for all %d regions" % REGIONS, len(mistakes) == 1, one[1][-600:])

        for bad in ("0", "-3", "many", "257"):
            r = subprocess.run([str(BINARY), "build", str(SOURCE), "-o", str(tmp / "bad"), "-j", bad],
                               capture_output=True, text=True)
            check("-j %s is a usage error (exit 2)" % bad, r.returncode == 2 and "--jobs" in r.stderr,
                  "%s %s" % (r.returncode, r.stderr))

        # Written as make and getopt take them: -j1, --jobs=2, -oDIR.
        reference = tree_hash(tmp / "example site-j1")
        for args in (["-j1"], ["--jobs=2"], ["-j", "2"]):
            out = tmp / ("spelled" + "".join(args))
            r = subprocess.run([str(BINARY), "build", str(SOURCE), "-o" + str(out)] + args,
                               capture_output=True, text=True)
            check("%s and -o%s are read as options" % (" ".join(args), "DIR"),
                  r.returncode == 0 and tree_hash(out) == reference, "%s %s" % (r.returncode, r.stderr[-400:]))
        r = subprocess.run([str(BINARY), "build", str(SOURCE), "-o", str(tmp / "bad"), "-jx"],
                           capture_output=True, text=True)
        check("-jx is a usage error (exit 2)", r.returncode == 2 and "--jobs" in r.stderr, r.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    finish()


if __name__ == "__main__":
    main()
