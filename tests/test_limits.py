"""Limits: a mistaken or hostile file cannot exhaust the build machine.

usage: python3 tests/test_limits.py /path/to/routekaart

Each limit of gen/limit.h (listed in the README) is crossed once, in a fresh
copy of tests/sites/minimal with a planted previous public/. `build` must
end within its CPU time limit (the machine's load does not count) with exit 1, print exactly the expected error line
(naming the limit) and no other error, stay within the memory bound, and
leave public/ byte for byte as it was. A file just inside a limit builds.
Cases that were fine before the limits (Markdown nested 50,000 deep, a 50 MB
title) are kept here so they stay quick."""
import math
import os
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from testlib import TESTS, binary, check, finish, memcheck, sanitized, slowdown, tree_hash

BINARY = binary()
# CPU time of the child, not wall-clock time: a busy machine stretches the
# one and not the other. The slowest refusal takes 0.5 s of CPU time in a
# release build; ASan + UBSan make it some 10 times slower, valgrind 40.
CPU_SECONDS = 5 * (slowdown() if memcheck() else 4.0 if sanitized() else 1.0)
HANG_FACTOR = 10           # wall-clock backstop: this many times the CPU limit, for a hang only
MEMORY_MB = 600            # peak memory of one build, sanitizers included (valgrind's own is not the build's)

REGION = "content/regions/testregio/region.yaml"
HEAD = "name: Testregio\nprovisions:\n  - id: verloskundige\n    title: Verloskundige zorg\n" \
       "    lane: basiszorg\n    from: zwangerschap:m2\n    costs: [vrij-verzekerd]\n"


def fresh_site(tmp, name):
    site = Path(tmp) / name
    shutil.copytree(TESTS / "sites" / "minimal" / "content", site / "content")
    (site / "public").mkdir()
    (site / "public" / "index.html").write_text("<!doctype html><title>vorige</title>\n")
    return site


def run_build(site, cpu_limit=None):
    """(exit status, stderr, CPU seconds, wall seconds, peak MB of the child,
    hung). The child may use `cpu_limit` seconds of CPU time (CPU_SECONDS by
    default; RLIMIT_CPU stops it there, status None): what the build does,
    whatever else the machine runs. The wall clock is only a backstop
    against a hang, HANG_FACTOR times the CPU limit; past it the child is
    killed and `hung` is true."""
    cpu_limit = cpu_limit or CPU_SECONDS
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        fd = os.open(str(site / "err.txt"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(fd, 2)
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0)
        os.dup2(null, 1)
        # SIGXCPU at the limit, SIGKILL a second later if that is caught.
        limit = int(math.ceil(cpu_limit))
        resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 1))
        os.execv(str(BINARY), [str(BINARY), "build", str(site), "-o", str(site / "public")])
    deadline = started + HANG_FACTOR * cpu_limit
    hung = False
    while time.monotonic() < deadline:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.02)
    else:
        os.kill(pid, 9)
        _, status, usage = os.wait4(pid, 0)
        hung = True
    wall = time.monotonic() - started
    cpu = usage.ru_utime + usage.ru_stime
    err = (site / "err.txt").read_text(errors="replace")
    (site / "err.txt").unlink()
    rc = None if hung or os.WIFSIGNALED(status) else os.waitstatus_to_exitcode(status)
    return rc, err, cpu, wall, usage.ru_maxrss / 1024, hung


def within_cpu_limit(name, cpu, wall, hung, limit=None):
    """The check that a build ended within its CPU time; a hang says so."""
    limit = limit or CPU_SECONDS
    if hung:
        return check(name + ": ends", False, "no end after %.0f s of wall-clock time (%.1f s of CPU time): "
                     "a hang, not a busy machine" % (wall, cpu))
    print("# %s: %.2f s CPU, %.1f s wall" % (name, cpu, wall))
    return check(name + ": ends within %g s of CPU time" % limit, cpu < limit,
                 "%.1f s of CPU time (%.1f s wall)" % (cpu, wall))


def error_lines(err):
    return [line for line in err.splitlines() if ": error: " in line]


def refused(name, files, expected, alone=False):
    """Writes `files` (path -> str or bytes, or a callable taking the path)
    into a fresh site and expects exactly the error line `expected`; with
    `alone`, no warning either."""
    site = fresh_site(TMP, name.replace(" ", "-"))
    for rel, text in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(text):
            text(path)
        elif isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text)
    before = tree_hash(site / "public")
    rc, err, cpu, wall, peak, hung = run_build(site)
    check(name + ": exit 1", rc == 1, "exit %s after %.1f s of CPU time; %s" % (rc, cpu, err[:300]))
    check(name + ": the limit is named", error_lines(err) == [expected],
          "expected %r, got %r" % (expected, error_lines(err)[:5]))
    if alone:
        lines = err.splitlines()
        check(name + ": no other line than the limit's", lines[:1] == [expected] and len(lines) == 2,
              "%d lines: %r" % (len(lines), lines[:3]))
    within_cpu_limit(name, cpu, wall, hung)
    if not memcheck():
        check(name + ": peak memory under %d MB" % MEMORY_MB, peak < MEMORY_MB, "%.0f MB" % peak)
    check(name + ": previous public/ untouched", tree_hash(site / "public") == before)


def builds(name, files):
    site = fresh_site(TMP, name.replace(" ", "-"))
    for rel, text in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text)
    # Inside the limits the whole site is rendered: no time limit is the
    # point here, only that it builds; the CPU limit only stops a runaway.
    rc, err, cpu, wall, peak, hung = run_build(site, cpu_limit=60 * CPU_SECONDS)
    check(name + ": builds", rc == 0, "exit %s after %.1f s of CPU time (%.0f s wall)%s; %s"
          % (rc, cpu, wall, ", hung" if hung else "", err[:300]))
    return site


def sparse(size):
    def make(path):
        with open(path, "wb") as f:
            f.truncate(size)
    return make


def billion_laughs():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append("a%d: &a%d [%s]" % (i, i, ", ".join(["*a%d" % (i - 1)] * 10)))
    return "\n".join(lines) + "\n"


with tempfile.TemporaryDirectory() as TMP:
    # YAML nesting: libyaml's scanner is quadratic in flow depth.
    deep = HEAD + "extra: " + "[" * 100000 + "]" * 100000 + "\n"
    refused("YAML nested 100,000 deep", {REGION: deep},
            REGION + ":8:39: error: values nested more than 32 levels deep (the limit)")
    block = HEAD + "extra:\n" + "".join("  " * i + "k%d:\n" % i for i in range(1, 40))
    refused("YAML block mappings nested 40 deep", {REGION: block},
            REGION + ":40:65: error: values nested more than 32 levels deep (the limit)")

    # Aliases: a billion laughs is refused quickly, in bounded memory.
    refused("alias bomb", {REGION: HEAD + billion_laughs()},
            REGION + ":14:10: error: this file holds more than 2000000 values with its aliases (*name) expanded "
                     "(the limit); repeat less through aliases")
    refused("alias inside the value it names", {REGION: HEAD + "extra: &x [a, *x]\n"},
            REGION + ":8:15: error: YAML syntax: alias '*x' is inside the value it names, which would never end")
    refused("alias without anchor", {REGION: HEAD + "    provider: *jgz\n"},
            REGION + ":8:15: error: YAML syntax: alias '*jgz' names no anchor ('&jgz') before it")
    big = HEAD.replace("    costs: [vrij-verzekerd]\n", "    costs: [vrij-verzekerd]\n    description: &d '%s'\n"
                       % ("x" * (1024 * 1024 - 64))) + \
        "".join("  - {id: p%d, title: P, lane: digitaal, from: babyfase, description: *d}\n" % i for i in range(70))
    refused("aliases repeating a 1 MB text 70 times", {REGION: big},
            REGION + ":72:70: error: this file holds more than 64 MB of text with its aliases (*name) expanded "
                     "(the limit); repeat less through aliases")

    # Items of one list, bytes of one value, bytes of one file.
    many = HEAD + "extra:\n" + "".join("  - x\n" for _ in range(20001))
    refused("a list of 20,001 items", {REGION: many},
            REGION + ":20009:5: error: more than 20000 items in one list (the limit)")
    refused("a 50 MB title", {REGION: HEAD.replace("Verloskundige zorg", "x" * (50 * 1024 * 1024))},
            REGION + ":4:12: error: a value of more than 1048576 bytes (the limit is 1 MB)")
    refused("a 65 MB region.yaml", {REGION: sparse(65 * 1024 * 1024)},
            REGION + ": error: file is larger than the limit of 64 MB; split it or make it smaller")
    refused("a 65 MB asset", {"assets/film.mp4": sparse(65 * 1024 * 1024)},
            "assets/film.mp4: error: file is larger than the limit of 64 MB; split it or make it smaller")
    refused("a 65 MB layout", {"layouts/region.html": sparse(65 * 1024 * 1024)},
            "layouts/region.html: error: file is larger than the limit of 64 MB; split it or make it smaller")

    # Markdown: 50,000 nested quotes once made a 1.2 MB page no browser shows.
    refused("Markdown quotes nested 50,000 deep",
            {"content/guidance/01-diep.md": "---\ntitle: Diep\n---\n" + "> " * 50000 + "x\n"},
            "content/guidance/01-diep.md:4:63: error: Markdown nested more than 32 levels deep (the limit)")
    nested_list = "".join("  " * i + "- x\n" for i in range(40))
    refused("Markdown lists nested 40 deep in a description",
            {REGION: HEAD + "    description: |\n" + "".join("      " + l + "\n" for l in nested_list.splitlines())},
            REGION + ":8:18: error: 'description' has Markdown nested more than 32 levels deep (the limit), "
                     "at line 16 of the text")
    refused("Markdown emphasis nested 50,000 deep in index.md",
            {"content/regions/testregio/index.md": "*" * 50000 + "x" + "*" * 50000 + "\n"},
            "content/regions/testregio/index.md:1:1: error: Markdown nested more than 32 levels deep (the limit)")

    # Folders through links: 13 levels of 4 links to the next level would be
    # 4^13 walks; each folder is walked once, the 39 other links and the 13
    # folders reached already are named.
    def link_chain(path):
        for i in range(14):
            (path / ("d%d" % i)).mkdir(parents=True)
        for i in range(13):
            for k in "abcd":
                os.symlink("../d%d" % (i + 1), path / ("d%d" % i) / k)
    site = fresh_site(TMP, "link-chain")
    link_chain(site / "assets")
    before = tree_hash(site / "public")
    rc, err, cpu, wall, peak, hung = run_build(site)
    check("links to folders doubling at each level: exit 1", rc == 1, "exit %s; %s" % (rc, err[:300]))
    check("links to folders doubling at each level: each repeat named",
          len(error_lines(err)) == 52 and all("listed already under another path" in e for e in error_lines(err)),
          "%d lines: %r" % (len(error_lines(err)), error_lines(err)[:3]))
    within_cpu_limit("links to folders doubling at each level", cpu, wall, hung)
    check("links to folders doubling at each level: public/ untouched", tree_hash(site / "public") == before)

    # Regions: 2,001 folders.
    def regions(path):
        for i in range(2001):
            (path / ("r%04d" % i)).mkdir(parents=True)
    refused("2,001 regions", {"content/regions": regions},
            "content/regions: error: 2002 region folders, more than the limit of 2000")

    # Provisions of all regions together: 101 regions of 1,000. The site is
    # refused whole: nothing after the crossing is resolved, and the 101,000
    # warnings of provisions without costs would bury the one line.
    def provisions(path):
        body = "".join("  - {id: p%d, title: P, lane: digitaal, from: babyfase}\n" % i for i in range(1000))
        for i in range(101):
            (path / ("r%03d" % i)).mkdir(parents=True)
            (path / ("r%03d" % i) / "region.yaml").write_text("name: R\nprovisions:\n" + body)
    refused("101,000 provisions in all", {"content/regions": provisions},
            "content/regions/r100/region.yaml:3:10: error: with this provision the site holds more than 100000 "
            "provisions (the limit)", alone=True)

    # Just inside the limits, and aliases used as editors would.
    inside = HEAD + "extra:\n" + "".join("  " * i + "k%d:\n" % i for i in range(1, 30)) + \
        "  " * 30 + "end: x\n"
    reuse = HEAD.replace("    costs: [vrij-verzekerd]\n", "    costs: &gewoon [vrij-verzekerd]\n") + \
        "  - id: kraamzorg\n    title: Kraamzorg\n    lane: basiszorg\n    from: bevalling\n    costs: *gewoon\n"
    site = builds("aliases reused as editors would", {REGION: reuse})
    data = (site / "public" / "testregio" / "data.json").read_text() if (site / "public").exists() else ""
    check("an alias carries its anchor's value", data.count('"vrij-verzekerd"') >= 2, data[:200])
    builds("a 1 MB value and 200 provisions",
           {REGION: HEAD.replace("Verloskundige zorg", "x" * (1024 * 1024 - 100)) +
            "".join("  - id: p%d\n    title: P\n    lane: digitaal\n    from: babyfase\n    costs: [standaard]\n"
                    % i for i in range(200))})
    # 31 levels load; the file then fails only for its unknown key.
    refused("YAML nested 31 deep loads", {REGION: inside},
            REGION + ":8:1: error: unknown key 'extra' in region.yaml")
finish()
