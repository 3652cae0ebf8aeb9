#!/usr/bin/env python3
"""The live preview after a failed rebuild: the last good site stays served,
and serving resumes once the sources are good again.

Usage: python3 tests/test_serve_recovery.py /path/to/routekaart
Env:   ROUTEKAART_SOURCE_DIR (default: the folder above this script)

`routekaart serve` on a copy of the example site (as root, the server runs
as user 65534, so that a file with mode 000 is really unreadable to it). For
each way a rebuild can fail:
  * a YAML syntax error in region.yaml;
  * a broken layout: an empty layouts/region.html, in a layouts/ folder made
    after the server started;
  * region.yaml made unreadable (chmod 000);
  * content/ deleted (rm -rf);
  * content/ renamed away;
the status endpoint says ok false with an error naming the file (or
content/), and the home page, a region page, a provision page, the
comparison page and data.json answer 200 with the last good bytes. Undoing
the mistake (a fresh content/ copied in, the folder renamed back, the mode
restored) makes the status ok true again and serves the new build; an edit
after that shows up too (the watches were made again).
A change to catalog.yaml made while a region is broken shows in the other
region too once that region is fixed (after a failed build, the next one
builds the whole site). A file in a hidden folder made in content/ starts
no build. A region folder moved into content/regions/ is served, and an edit inside it
shows up (the folder is watched).
A second server on a site with two symbolic-link loops in content/
(ln -s . content/loop-a; ln -s . content/loop-b) answers and sees an edit:
watching does not follow links.

Prints `ok - name` / `not ok - name: why` per check, then `N passed, M
failed`; exits 1 on any failure.
"""

import os
import shutil
import signal
import tempfile
import time

import testlib
from testlib import binary as binary_path, check, finish, free_port, slowdown
from test_serve import (PROVISION_PAGE, REGION, REGION_YAML, Server, get, poll, read, save_atomic, save_in_place,
                        status_json, wait_for_text)

SOURCE = os.path.abspath(testlib.SOURCE)
# Under valgrind a build is some 30 times slower.
SCALE = max(1.0, slowdown() / 4)
EVENTUALLY = 10.0 * SCALE    # how long a rebuild may take to show
LOOP_START = 30.0 * SCALE    # first build of the site with link loops
STOP_TIMEOUT = 5.0 * SCALE
QUIET = 1.0 * SCALE          # how long nothing must happen
NOBODY = 65534
PAGES = ("/", "/%s/" % REGION, PROVISION_PAGE, "/vergelijking.html", "/%s/data.json" % REGION)


def drop_to_nobody():
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def give_to_nobody(root):
    """As root: the tree belongs to user 65534, who runs the server."""
    for dirpath, dirnames, filenames in os.walk(root):
        os.lchown(dirpath, NOBODY, NOBODY)
        for name in filenames:
            os.lchown(os.path.join(dirpath, name), NOBODY, NOBODY)


def served(port):
    return {page: get(port, page) for page in PAGES}


def wait_status(port, ok, after_version):
    """The status once it says `ok` for a build after `after_version`."""
    def seen():
        s = status_json(port)
        return s if s and s.get("ok") is ok and s.get("version") != after_version else None
    return poll(seen, EVENTUALLY)[0]


def settled_version(port):
    """The status version once it has not changed for QUIET seconds."""
    version, since = (status_json(port) or {}).get("version"), time.monotonic()
    deadline = since + EVENTUALLY + QUIET
    while time.monotonic() - since < QUIET and time.monotonic() < deadline:
        time.sleep(0.05)
        now = (status_json(port) or {}).get("version")
        if now != version:
            version, since = now, time.monotonic()
    return version


def failing_rebuild(port, label, spoil, path_prefix):
    """Spoils the sources with `spoil`; checks the status reports it and the
    last good pages stay served, byte for byte."""
    good = served(port)
    before = status_json(port) or {}
    if not check("%s: the pages answer 200 before" % label, all(code == 200 for code, _ in good.values()),
                 {p: c for p, (c, _) in good.items()}):
        return
    spoil()
    bad = wait_status(port, False, before.get("version"))
    if not check("%s: the status says ok false" % label, bad is not None, repr(status_json(port))[:300]):
        return
    errors = [p for p in bad.get("problems") or [] if p.get("severity") == "error"]
    check("%s: the status names an error in %s" % (label, path_prefix),
          any((p.get("path") or "").startswith(path_prefix) and p.get("message") for p in errors),
          repr(errors)[:400])
    now = served(port)
    for page in PAGES:
        check("%s: %s is still served, 200 with the last good bytes" % (label, page),
              now[page][0] == 200 and now[page][1] == good[page][1], "status %s" % now[page][0])


def recovered(port, label, page, text):
    """Checks the status is ok again and `page` shows `text`."""
    before = status_json(port) or {}
    ok = before.get("ok") is True or wait_status(port, True, before.get("version")) is not None
    check("%s: the status says ok true again" % label, ok, repr(status_json(port))[:300])
    check("%s: %s shows %r" % (label, page, text), wait_for_text(port, page, text, EVENTUALLY) is not None)


def edited(port, label, path, old, new, page):
    """An edit after recovery shows: the folder is watched again."""
    save_in_place(path, read(path).replace("name: %s\n" % old, "name: %s\n" % new, 1))
    check("%s: an edit afterwards shows on %s" % (label, page),
          wait_for_text(port, page, new, EVENTUALLY) is not None, "not within %.0f s" % EVENTUALLY)


def stop(server, label):
    server.proc.send_signal(signal.SIGINT)
    try:
        rc = server.proc.wait(timeout=STOP_TIMEOUT)
    except Exception:
        rc = None
    check("%s: SIGINT stops the server with exit 0" % label, rc == 0, "exit %s" % rc)


def recovery(binary, tmp, as_nobody):
    root = os.path.join(tmp, "site")
    content = os.path.join(root, "content")
    region_file = os.path.join(root, REGION_YAML)
    region_page = "/%s/" % REGION
    os.makedirs(root)
    shutil.copytree(os.path.join(SOURCE, "content"), content)
    if as_nobody:
        give_to_nobody(root)
    port = free_port()
    server = Server(binary, root, port, tmp, "recovery", preexec_fn=drop_to_nobody if as_nobody else None)
    try:
        seconds, why = server.wait_ready()
        if not check("serve answers GET / with 200", seconds is not None, why + "; " + repr(server.logs())[:600]):
            return
        original = read(region_file)

        # A YAML syntax error.
        failing_rebuild(port, "YAML error", lambda: save_atomic(
            region_file, original.replace("name: Utrecht West\n", "name: [Utrecht West\n", 1)), REGION_YAML)
        save_atomic(region_file, original.replace("name: Utrecht West\n", "name: Utrecht West Een\n", 1))
        recovered(port, "YAML error fixed", region_page, "Utrecht West Een")

        # A broken layout, in a layouts/ folder that did not exist at the start.
        layouts = os.path.join(root, "layouts")

        def break_layout():
            os.mkdir(layouts)
            with open(os.path.join(layouts, "region.html"), "w"):
                pass
        failing_rebuild(port, "broken layout", break_layout, "layouts/region.html")
        shutil.rmtree(layouts)
        recovered(port, "broken layout removed", region_page, "Utrecht West Een")

        # An unreadable file.
        if as_nobody or os.geteuid() != 0:
            failing_rebuild(port, "unreadable region.yaml", lambda: os.chmod(region_file, 0), REGION_YAML)
            os.chmod(region_file, 0o644)
            recovered(port, "region.yaml readable again", region_page, "Utrecht West Een")

        # content/ deleted, then a fresh copy.
        failing_rebuild(port, "content/ deleted", lambda: shutil.rmtree(content), "content")
        fresh = os.path.join(tmp, "fresh")
        shutil.copytree(os.path.join(SOURCE, "content"), fresh)
        fresh_region = os.path.join(fresh, "regions", REGION, "region.yaml")
        save_in_place(fresh_region, read(fresh_region).replace("name: Utrecht West\n", "name: Utrecht West Twee\n"))
        shutil.copytree(fresh, content)
        recovered(port, "content/ copied back", region_page, "Utrecht West Twee")
        edited(port, "content/ copied back", region_file, "Utrecht West Twee", "Utrecht West Drie", region_page)

        # content/ renamed away, edited there, renamed back.
        away = os.path.join(root, "content-weg")
        failing_rebuild(port, "content/ renamed away", lambda: os.rename(content, away), "content")
        away_region = os.path.join(away, "regions", REGION, "region.yaml")
        save_in_place(away_region, read(away_region).replace("name: Utrecht West Drie\n",
                                                             "name: Utrecht West Vier\n", 1))
        os.rename(away, content)
        recovered(port, "content/ renamed back", region_page, "Utrecht West Vier")
        edited(port, "content/ renamed back", region_file, "Utrecht West Vier", "Utrecht West Vijf", region_page)

        # A failed build, then a fix inside one region: what the failed build
        # left out (a catalog title that another region shows) appears too.
        text = read(region_file)
        save_in_place(region_file, text.replace("    lane: steuntje\n", "    lane: steuntj\n", 1))
        catalog = os.path.join(content, "catalog.yaml")
        failing_rebuild(port, "catalog changed while a region is broken", lambda: save_atomic(
            catalog, read(catalog).replace("title: Preconceptieconsult\n", "title: Preconceptieconsult Plus\n", 1)),
            REGION_YAML)
        save_in_place(region_file, text)
        recovered(port, "the region fixed", "/zeeuws-vlaanderen/preconceptieconsult.html", "Preconceptieconsult Plus")

        # A hidden folder made in content/ (an editor's, a .git) is not
        # watched: a file written in it builds nothing. A build may still be
        # due: one that read the fixed region.yaml before its save's event
        # came in is followed by a build for that event. Wait it out first.
        before = settled_version(port)
        os.mkdir(os.path.join(content, ".verborgen"))
        with open(os.path.join(content, ".verborgen", "notities.yaml"), "w") as f:
            f.write("x: 1\n")
        settled = poll(lambda: (status_json(port) or {}).get("version") != before, QUIET)[0]
        check("a file in a new hidden folder in content/ starts no build (%.0f s)" % QUIET, not settled,
              "status version %s -> %s" % (before, (status_json(port) or {}).get("version")))

        # A region folder moved in from elsewhere.
        outside = os.path.join(tmp, "nieuw-regio")
        shutil.copytree(os.path.join(content, "regions", REGION), outside)
        os.rename(outside, os.path.join(content, "regions", "nieuw-regio"))
        check("a region folder moved in is served",
              wait_for_text(port, "/nieuw-regio/", "Utrecht West Vijf", EVENTUALLY) is not None)
        edited(port, "a region folder moved in", os.path.join(content, "regions", "nieuw-regio", "region.yaml"),
               "Utrecht West Vijf", "Nieuwe Regio", "/nieuw-regio/")

        stop(server, "recovery")
        server.print_log("recovery server")
    finally:
        server.close()


def link_loops(binary, tmp, as_nobody):
    root = os.path.join(tmp, "loops")
    content = os.path.join(root, "content")
    region_file = os.path.join(root, REGION_YAML)
    os.makedirs(root)
    shutil.copytree(os.path.join(SOURCE, "content"), content)
    # Two loops: each level of following them doubles the folders seen.
    os.symlink(".", os.path.join(content, "loop-a"))
    os.symlink(".", os.path.join(content, "loop-b"))
    if as_nobody:
        give_to_nobody(root)
    port = free_port()
    server = Server(binary, root, port, tmp, "loops", preexec_fn=drop_to_nobody if as_nobody else None)
    try:
        seconds, why = server.wait_ready(timeout=LOOP_START)
        if not check("link loops in content/: serve answers GET / with 200", seconds is not None,
                     why + "; " + repr(server.logs())[:300]):
            return
        check("link loops in content/: the status says ok true", (status_json(port) or {}).get("ok") is True,
              repr(status_json(port))[:300])
        edited(port, "link loops in content/", region_file, "Utrecht West", "Utrecht West Lus", "/%s/" % REGION)
        stop(server, "link loops")
    finally:
        server.close()


def main():
    binary = str(binary_path())
    as_nobody = os.geteuid() == 0
    tmp = tempfile.mkdtemp(prefix="routekaart-recovery-")
    if as_nobody:
        os.chmod(tmp, 0o755)
    try:
        recovery(binary, tmp, as_nobody)
        link_loops(binary, tmp, as_nobody)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    finish()


if __name__ == "__main__":
    main()
