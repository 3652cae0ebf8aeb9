#!/usr/bin/env python3
"""Scaffolding: `routekaart new site|region|provision`.

Usage: python3 tests/test_scaffold.py /path/to/routekaart
Env:   ROUTEKAART_SOURCE_DIR (default: the folder above this script)

  * `new site DIR` writes content/site.yaml, catalog.yaml, a region and
    schema/*.schema.json; every YAML starts with a yaml-language-server line
    whose relative path leads to an existing schema; the site builds at once
    without errors; a second `new site DIR` exits 1 and changes nothing;
  * `new region ID -C DIR` adds a region that builds; an existing id, an
    invalid id and a folder without a site exit 1 and change nothing; schema
    files already there are not overwritten;
  * `new provision REGION ID -C DIR` adds an entry that builds into a page,
    keeping every line of region.yaml (only lines are added); the same id
    again exits 1 with the file unchanged; also for `provisions: []`, no
    provisions key, non-ASCII text before the list, no final newline, a list
    without indentation, CRLF line ends, a byte order mark and the example
    site's richest region;
  * usage errors exit 2.

Prints `ok - name` / `not ok - name: why` per check, then `N passed,
M failed`; exits 1 on any failure.
"""

import difflib
import json
import os
import re
import shutil
import tempfile

import testlib
# testlib.tree_hash hashes every path, kind (in the mode) and byte, and the
# permission bits too: stricter than a hash of paths, kinds and bytes only.
from testlib import binary, check, finish, run_binary, tree_hash

SOURCE = os.path.abspath(testlib.SOURCE)
TIMEOUT = 60
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\s*$")

BINARY = None


def run(*args):
    """(exit status, stdout, stderr) of routekaart with `args`."""
    return run_binary(BINARY, args, timeout=TIMEOUT)


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def error_lines(*texts):
    return [l for t in texts for l in t.splitlines() if "error" in l.lower()]


def build_ok(label, site):
    rc, out, err = run("build", site)
    errs = error_lines(out, err)
    check("%s: build exits 0 with no error lines" % label, rc == 0 and not errs,
          "exit %s; %s" % (rc, (errs or err.strip().splitlines() or [""])[:3]))
    return rc == 0


def only_lines_added(before, after):
    """None when `after` is `before` with lines inserted (and at most a final
    newline added), else a description of the first other change."""
    a, b = before.splitlines(), after.splitlines()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag not in ("equal", "insert"):
            return "%s of lines %d-%d %r -> %r" % (tag, i1 + 1, i2, a[i1:i2][:2], b[j1:j2][:2])
    if not after.endswith("\n"):
        return "the file does not end with a newline"
    return None


def check_schema_line(label, site, yaml_path):
    text = read(yaml_path)
    first = text.split("\n", 1)[0]
    m = SCHEMA_LINE.match(first)
    rel = os.path.relpath(yaml_path, site)
    if not check("%s: %s starts with a yaml-language-server $schema line" % (label, rel), m is not None,
                 repr(first)):
        return
    target = os.path.normpath(os.path.join(os.path.dirname(yaml_path), m.group(1)))
    ok = os.path.isfile(target)
    if ok:
        try:
            with open(target, encoding="utf-8") as f:
                ok = isinstance(json.load(f), dict)
        except ValueError:
            ok = False
    check("%s: %s's schema %s is an existing JSON file" % (label, rel, m.group(1)), ok, target)
    kind = os.path.basename(yaml_path)[: -len(".yaml")]
    check("%s: %s points at the %s schema" % (label, rel, kind),
          os.path.basename(target) == "%s.schema.json" % kind, m.group(1))


def test_site(tmp):
    site = os.path.join(tmp, "nieuwe-site")
    rc, out, err = run("new", "site", site)
    check("new site: exits 0", rc == 0, "exit %s; %s" % (rc, err.strip()[:300]))
    content = os.path.join(site, "content")
    for rel in ("content/site.yaml", "content/catalog.yaml", "schema/region.schema.json",
                "schema/site.schema.json", "schema/catalog.schema.json"):
        check("new site: %s exists" % rel, os.path.isfile(os.path.join(site, rel)))
    regions_dir = os.path.join(content, "regions")
    regions = sorted(os.listdir(regions_dir)) if os.path.isdir(regions_dir) else []
    region_files = [os.path.join(regions_dir, r, "region.yaml") for r in regions]
    check("new site: a region with region.yaml exists", bool(regions) and all(map(os.path.isfile, region_files)),
          repr(regions))
    schemas = sorted(os.listdir(os.path.join(site, "schema"))) if os.path.isdir(os.path.join(site, "schema")) else []
    check("new site: schema/ holds only *.schema.json files", schemas and all(s.endswith(".schema.json")
                                                                             for s in schemas), repr(schemas))
    for path in [os.path.join(content, "site.yaml"), os.path.join(content, "catalog.yaml")] + region_files:
        if os.path.isfile(path):
            check_schema_line("new site", site, path)
    check("new site: it says what it created", "content/site.yaml" in out, repr(out[:300]))

    if not build_ok("new site", site):
        return None
    for region in regions:
        check("new site: the output has the page of region '%s'" % region,
              os.path.isfile(os.path.join(site, "public", region, "index.html")))
    rc, out, err = run("check", site)
    check("new site: check exits 0", rc == 0, "exit %s; %s" % (rc, err.strip()[:300]))

    before = tree_hash(site)
    rc, out, err = run("new", "site", site)
    check("new site again on the same folder: exits 1", rc == 1, "exit %s" % rc)
    check("new site again: says content/ exists", "exists" in err, repr(err[:300]))
    check("new site again: nothing changed", tree_hash(site) == before)

    # An existing, empty folder is fine; a folder two levels deep is made.
    empty = os.path.join(tmp, "lege-map")
    os.makedirs(empty)
    rc, _, err = run("new", "site", empty)
    check("new site in an existing empty folder: exits 0 and builds",
          rc == 0 and run("build", empty)[0] == 0, "exit %s; %s" % (rc, err.strip()[:200]))
    deep = os.path.join(tmp, "a", "b", "site")
    rc, _, err = run("new", "site", deep)
    check("new site in a folder that does not exist yet: exits 0 and builds",
          rc == 0 and run("build", deep)[0] == 0, "exit %s; %s" % (rc, err.strip()[:200]))
    return site


def test_region(site, tmp):
    # Schema files already there are the site's own: never overwritten.
    own_schema = os.path.join(site, "schema", "region.schema.json")
    write(own_schema, read(own_schema).rstrip("\n") + "\n\n")
    own_bytes = read(own_schema)

    rc, out, err = run("new", "region", "noord-oost", "-C", site)
    check("new region noord-oost: exits 0", rc == 0, "exit %s; %s" % (rc, err.strip()[:300]))
    path = os.path.join(site, "content", "regions", "noord-oost", "region.yaml")
    check("new region: region.yaml exists", os.path.isfile(path))
    if os.path.isfile(path):
        check_schema_line("new region", site, path)
    check("new region: an existing schema file is left as it was", read(own_schema) == own_bytes)
    if build_ok("new region", site):
        check("new region: the output has /noord-oost/index.html",
              os.path.isfile(os.path.join(site, "public", "noord-oost", "index.html")))

    for label, args in (("an existing id", ["noord-oost"]), ("an invalid id 'Mijn Regio'", ["Mijn Regio"]),
                        ("an invalid id 'regio_2'", ["regio_2"]), ("an invalid id 'Noord'", ["Noord"])):
        before = tree_hash(site)
        rc, out, err = run("new", "region", *args, "-C", site)
        check("new region with %s: exits 1" % label, rc == 1, "exit %s; %s" % (rc, err.strip()[:200]))
        check("new region with %s: nothing changed" % label, tree_hash(site) == before)

    nosite = os.path.join(tmp, "geen-site")
    os.makedirs(nosite)
    rc, out, err = run("new", "region", "zuid", "-C", nosite)
    check("new region in a folder without a site: exits 1", rc == 1, "exit %s" % rc)
    check("new region in a folder without a site: writes nothing", os.listdir(nosite) == [],
          repr(os.listdir(nosite)))


def add_provision(label, site, region, pid, expect_lines_kept=True):
    """Adds provision `pid` to `region`; checks it builds into a page and that
    the same id again changes nothing."""
    path = os.path.join(site, "content", "regions", region, "region.yaml")
    before = read(path)
    rc, out, err = run("new", "provision", region, pid, "-C", site)
    if not check("%s: new provision exits 0" % label, rc == 0, "exit %s; %s" % (rc, err.strip()[:300])):
        return
    after = read(path)
    check("%s: region.yaml names the new provision" % label, re.search(r"id: %s\b" % re.escape(pid), after))
    if expect_lines_kept:
        problem = only_lines_added(before, after)
        check("%s: every line of region.yaml is kept, only lines added" % label, problem is None, problem or "")
    if build_ok(label, site):
        check("%s: the output has the page /%s/%s.html" % (label, region, pid),
              os.path.isfile(os.path.join(site, "public", region, pid + ".html")))
    before = tree_hash(site)
    rc, out, err = run("new", "provision", region, pid, "-C", site)
    check("%s: the same id again exits 1" % label, rc == 1, "exit %s" % rc)
    check("%s: the same id again leaves everything unchanged" % label, tree_hash(site) == before)
    return after


REGION_HEAD = """# yaml-language-server: $schema=../../../schema/region.schema.json
name: {name}
"""

PROVIDERS = """
providers:
  - id: {id}-jgz
    name: JGZ {name}
    url: https://example.nl/
"""

ONE_PROVISION = """  - id: {id}-inloop
    title: Inloop
    lane: steuntje
    from: zwangerschap:m4
    costs: [standaard]
    provider: {id}-jgz
"""


def region_text(rid, name, provisions_block, tail=""):
    return (REGION_HEAD.format(name=name) + PROVIDERS.format(id=rid, name=name) + provisions_block.format(id=rid)
            + tail)


def test_provision(site, tmp):
    add_provision("provision in the scaffolded region", site, "noord-oost", "nieuw-spreekuur")

    before = tree_hash(site)
    rc, _, _ = run("new", "provision", "noord-oost", "Nieuw Spreekuur", "-C", site)
    check("new provision with an invalid id: exits 1, nothing changed", rc == 1 and tree_hash(site) == before,
          "exit %s" % rc)
    rc, _, _ = run("new", "provision", "bestaat-niet", "iets", "-C", site)
    check("new provision in a region that does not exist: exits 1, nothing changed",
          rc == 1 and tree_hash(site) == before, "exit %s" % rc)

    cases = [
        ("provisions: []", "leeg", "Leeg",
         "\n# Voorzieningen komen hier.\nprovisions: []\n\nroutes: []\n", False),
        ("no provisions key", "zonder", "Zonder", "\nroutes: []\n", True),
        ("non-ASCII before the list", "accent", "Zuidoost-Brabant – één café, Köln",
         "\n# Voorzieningen van de coöperatie (één lijst, ö en é vóór de lijst)\nprovisions:   # één, twee\n"
         + ONE_PROVISION.replace("title: Inloop", "title: Inloop café Één") + "\n# Routes: één\nroutes: []\n",
         True),
        ("no newline at the end of the file", "zonder-eind", "Zonder eind",
         "\nprovisions:\n" + ONE_PROVISION.rstrip("\n"), True),
        ("a list written without indentation", "plat", "Plat",
         "\nprovisions:\n" + re.sub(r"(?m)^  ", "", ONE_PROVISION) + "routes: []\n", True),
        # As Windows editors save: CRLF line ends, a byte order mark.
        ("CRLF line ends", "crlf", "Crlf", "\nprovisions:\n" + ONE_PROVISION + "\nroutes: []\n", True),
        ("a byte order mark", "bom", "Bom", "\nprovisions:\n" + ONE_PROVISION + "\nroutes: []\n", True),
    ]
    for label, rid, name, block, lines_kept in cases:
        path = os.path.join(site, "content", "regions", rid, "region.yaml")
        text = region_text(rid, name, block)
        if rid == "crlf":
            text = text.replace("\n", "\r\n")
        if rid == "bom":
            text = "\ufeff" + text
        write(path, text)
        rc, _, err = run("build", site)
        if not check("%s: the region builds before the edit" % label, rc == 0, err.strip()[:300]):
            continue
        after = add_provision(label, site, rid, "extra-hulp", lines_kept)
        if after is not None and not lines_kept:
            # `provisions: []` becomes `provisions:` and the entry; the rest stays.
            original = region_text(rid, name, block).replace("provisions: []\n", "provisions:\n")
            problem = only_lines_added(original, re.sub(r"(?m)^provisions: +$", "provisions:", after))
            check("%s: every other line is kept" % label, problem is None, problem or "")

    # The example site's richest region: comments, catalog uses, routes after the list.
    example = os.path.join(tmp, "voorbeeld")
    shutil.copytree(os.path.join(SOURCE, "content"), os.path.join(example, "content"))
    add_provision("example site utrecht-west", example, "utrecht-west", "nieuw-inloopspreekuur")
    before = tree_hash(example)
    rc, _, _ = run("new", "provision", "utrecht-west", "consultatiebureau", "-C", example)
    check("example site: a provision id already taken by a 'use:' entry exits 1, nothing changed",
          rc == 1 and tree_hash(example) == before, "exit %s" % rc)


def test_usage(tmp):
    for args in (["new"], ["new", "thing", "x"], ["new", "region"], ["new", "provision", "regio"],
                 ["new", "site"], ["new", "site", "a", "b"], ["new", "region", "x", "--port", "1"]):
        rc, out, err = run(*args)
        check("usage error %r exits 2" % " ".join(["routekaart"] + args), rc == 2,
              "exit %s; %s" % (rc, err.strip()[:200]))


def main():
    global BINARY
    BINARY = str(binary())
    tmp = tempfile.mkdtemp(prefix="routekaart-scaffold-")
    cwd = os.getcwd()
    try:
        # Usage errors run inside an empty folder, so a stray write would show.
        work = os.path.join(tmp, "cwd")
        os.makedirs(work)
        os.chdir(work)
        site = test_site(tmp)
        if site:
            test_region(site, tmp)
            test_provision(site, tmp)
        test_usage(tmp)
        leftovers = sorted(os.listdir(work))
        check("nothing was written in the working folder", leftovers == [], repr(leftovers))
    finally:
        os.chdir(cwd)
        shutil.rmtree(tmp, ignore_errors=True)
    finish()


if __name__ == "__main__":
    main()
