"""The output folder: swapped in whole, never half-written.

usage: python3 tests/test_output.py /path/to/routekaart

Checks that a build replaces the previous public/ completely (no stale
files), that an unwritable output is an error that changes nothing, and
that a build killed halfway leaves the previous public/ byte for byte as it
was.

A full disk: a build that runs out of space exits 1 with one line
`OUT: error: cannot write 'FILE' in the output: No space left on device`,
leaves the previous public/ byte for byte and no temporary folder beside
it. Tried on a small tmpfs mounted for the test (as root; when mounting is
not allowed, a comment says so) and always with the LD_PRELOAD library
tests/enospc.c (ROUTEKAART_ENOSPC_SHIM, set by tests/CMakeLists.txt), so
the check never depends on being allowed to mount; no library is a
failure. A parent folder without write permission (for root, the build
runs as user 65534, as root ignores the mode) gives a clear error and
keeps the previous public/ too."""
import os
import re
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


def manifest_of(out):
    """The build's manifest, beside the output folder (gen/write.h)."""
    return out.parent / ("." + out.name + ".routekaart-build")


NOTHING_CHANGED = "(nothing changed since the last build)"

NOBODY = 65534
NO_SPACE = "No space left on device"


def check_disk_full(label, r, out, before):
    """The checks of a build that ran out of space writing `out`."""
    check("%s: exits 1" % label, r.returncode == 1, "exit %s; %s" % (r.returncode, r.stderr[-300:]))
    errors = [line for line in r.stderr.splitlines() if ": error: " in line]
    check("%s: one error line, naming the output, the file and '%s'" % (label, NO_SPACE),
          len(errors) == 1 and errors[0].startswith("%s: error: cannot write '" % out)
          and errors[0].endswith("' in the output: " + NO_SPACE), r.stderr[-600:])
    check("%s: the previous public/ is kept byte for byte" % label, tree_hash(out) == before)
    beside = sorted(p.name for p in out.parent.iterdir())
    check("%s: no temporary folder left beside the output, the old manifest kept" % label,
          beside == sorted([out.name, manifest_of(out).name]), beside)


def used_bytes(folder):
    """What `folder` takes on a tmpfs: whole 4 KiB pages per file."""
    return sum(-(-p.stat().st_size // 4096) * 4096 for p in Path(folder).rglob("*") if p.is_file())


def new_bytes(old, new):
    """What a build of `new` over `old` writes anew on a tmpfs: the files
    whose bytes differ (the others are hard links to the old ones)."""
    total = 0
    for p in Path(new).rglob("*"):
        if p.is_file():
            before = Path(old) / p.relative_to(new)
            if not before.is_file() or before.read_bytes() != p.read_bytes():
                total += -(-p.stat().st_size // 4096) * 4096
    return total


def retitled(tmp, site):
    """A copy of `site` whose every page differs (another site title): a
    rebuild of it writes every file again, none is kept unchanged."""
    other = tmp / "retitled"
    if not other.exists():
        shutil.copytree(site / "content", other / "content")
        yaml = other / "content" / "site.yaml"
        yaml.write_text(yaml.read_text().replace("title: ", "title: Nieuw - ", 1))
    return other


def disk_full(tmp, site):
    # A tmpfs with room for one site and half of what another writes anew:
    # the first build fits, the second (of a site whose every page changed)
    # runs out of space beside it. Files the title does not change (the
    # HSDS API) are hard links to the old ones and take no room.
    other = retitled(tmp, site)
    sized, sized_other = tmp / "sized", tmp / "sized-other"
    r = build(site, "-o", sized)
    check("disk full: a build to measure the site", r.returncode == 0, r.stderr)
    r = build(other, "-o", sized_other)
    check("disk full: a build to measure the other site", r.returncode == 0, r.stderr)
    size_kib = (used_bytes(sized) + new_bytes(sized, sized_other) // 2) // 1024
    mnt = tmp / "small-disk"
    mnt.mkdir()
    mount = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%dk" % size_kib, "tmpfs", str(mnt)],
                           capture_output=True, text=True)
    if mount.returncode != 0:
        print("# disk full: no tmpfs (%s); the LD_PRELOAD library alone" % (mount.stderr.strip() or "mount failed"))
    else:
        try:
            out = mnt / "public"
            r = build(site, "-o", out)
            if check("disk full (tmpfs of %d KiB): the first build fits" % size_kib, r.returncode == 0, r.stderr):
                before = tree_hash(out)
                check_disk_full("disk full (tmpfs)", build(other, "-o", out), out, before)
        finally:
            subprocess.run(["umount", str(mnt)], check=True)

    shim = os.environ.get("ROUTEKAART_ENOSPC_SHIM", "")
    if not check("disk full: the LD_PRELOAD library is built (ROUTEKAART_ENOSPC_SHIM)", Path(shim).is_file(),
                 repr(shim)):
        return
    out = tmp / "shim-disk" / "public"
    r = build(site, "-o", out)
    check("disk full (LD_PRELOAD): the first build", r.returncode == 0, r.stderr)
    before = tree_hash(out)
    env = dict(os.environ, LD_PRELOAD=shim, ROUTEKAART_ENOSPC_AFTER="200000")
    # ASan wants its runtime first among the libraries; the preloaded one is.
    env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0").lstrip(":")
    # Four threads write at once: still one line, and the old site kept.
    r = subprocess.run([str(BINARY), "build", str(other), "-o", str(out), "-j", "4"], capture_output=True,
                       text=True, env=env, timeout=120 * slowdown())
    check_disk_full("disk full (LD_PRELOAD, full after 200000 bytes)", r, out, before)


# The steps of putting the new output in place (tests/killat.c), and what a
# kill right there leaves: the site ("old" or "new") and whether the
# manifest beside it is the old one, none, or the new one.
KILL_WINDOWS = [
    ("manifest-write", "old", "old"),
    ("manifest-unlink", "old", "old"),
    ("exchange", "old", None),
    ("after-exchange", "new", None),
    ("after-manifest-rename", "new", "new"),
]


def kill_windows(tmp, site):
    """A build killed at each step of putting its output in place leaves the
    old site or the new one, each whole, with its own manifest or none; the
    next build is right, and only trusts a manifest of the output beside it."""
    shim = os.environ.get("ROUTEKAART_KILLAT_SHIM", "")
    if not check("kill windows: the LD_PRELOAD library is built (ROUTEKAART_KILLAT_SHIM)", Path(shim).is_file(),
                 repr(shim)):
        return
    if memcheck():  # the binary is a wrapper script: the library would go to valgrind
        print("# kill windows: not under valgrind (the ASan build runs them)")
        return
    new_site = retitled(tmp, site)
    refs = {}
    for label, src in (("old", site), ("new", new_site)):
        r = build(src, "-o", tmp / ("kill-ref-" + label))
        check("kill windows: a reference build of the %s site" % label, r.returncode == 0, r.stderr)
        refs[label] = tree_hash(tmp / ("kill-ref-" + label))
    for step, left, manifest_left in KILL_WINDOWS:
        area = tmp / ("kill-" + step)
        out = area / "public"
        manifest = manifest_of(out)
        build(site, "-o", out)
        old_manifest = manifest.read_bytes()
        env = dict(os.environ, LD_PRELOAD=shim, ROUTEKAART_KILL_AT=step)
        env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0").lstrip(":")
        r = subprocess.run([str(BINARY), "build", str(new_site), "-o", str(out)], capture_output=True, text=True,
                           env=env, timeout=120 * slowdown())
        label = "killed at %s" % step
        check("%s: the build was killed there" % label, r.returncode == -signal.SIGKILL, (r.returncode, r.stderr[-300:]))
        check("%s: the %s site is in place, whole" % (label, left), tree_hash(out) == refs[left])
        have = manifest.read_bytes() if manifest.exists() else None
        want = {"old": old_manifest, None: None}.get(manifest_left, have)
        check("%s: the manifest beside it is %s" % (label, manifest_left or "gone"),
              have == want and (manifest_left != "new" or have not in (None, old_manifest)), manifest.exists())
        # The next build: the new site; it builds in full unless the manifest
        # of the new site is in place, and tidies what the killed one left.
        r = build(new_site, "-o", out)
        check("%s: the next build gives the new site" % label, r.returncode == 0 and tree_hash(out) == refs["new"],
              r.stderr[-300:])
        check("%s: ... %s" % (label, "with nothing to write" if manifest_left == "new" else "as a full build"),
              (NOTHING_CHANGED in r.stdout) == (manifest_left == "new"), r.stdout)
        beside = sorted(p.name for p in area.iterdir())
        check("%s: ... and leaves nothing beside the output but its manifest" % label,
              beside == [manifest.name, "public"], beside)
        r = build(new_site, "-o", out)
        check("%s: then a build with nothing changed" % label, NOTHING_CHANGED in r.stdout, r.stdout)
        r = build(site, "-o", out)
        check("%s: and the old site again, in full" % label, r.returncode == 0 and NOTHING_CHANGED not in r.stdout
              and tree_hash(out) == refs["old"], r.stdout)


def drop_to_nobody():
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def unwritable_parent(tmp, site):
    """An output whose parent folder may not be written. Root may write
    anywhere, so as root the build runs as user 65534, owning everything
    but the parent folder's write permission."""
    root = os.geteuid() == 0
    area = tmp / "readonly"
    area.mkdir()
    out = area / "public"
    r = build(site, "-o", out)
    check("read-only parent: the first build", r.returncode == 0, r.stderr)
    before = tree_hash(out)
    if root:
        tmp.chmod(0o755)  # the site is readable by all already
        for path in [area, *area.rglob("*")]:
            os.lchown(path, NOBODY, NOBODY)
    area.chmod(0o555)
    try:
        # Another site: the same one again would have nothing to write.
        p = subprocess.run([str(BINARY), "build", str(retitled(tmp, site)), "-o", str(out)], capture_output=True,
                           text=True,
                           timeout=120 * slowdown(), preexec_fn=drop_to_nobody if root else None)
        label = "read-only parent" + (" (as user 65534)" if root else "")
        check("%s: exits 1" % label, p.returncode == 1, "exit %s; %s" % (p.returncode, p.stderr[-300:]))
        check("%s: the error names the output and 'Permission denied'" % label,
              "%s: error: cannot write the output folder '%s': Permission denied" % (out, out) in p.stderr,
              p.stderr[-400:])
        check("%s: the previous public/ is kept byte for byte" % label, tree_hash(out) == before)
        beside = sorted(x.name for x in area.iterdir())
        check("%s: nothing left beside the output but its manifest" % label,
              beside == [".public.routekaart-build", "public"], beside)
    finally:
        area.chmod(0o755)
        tmp.chmod(0o700)


def rebuild_without_changes(tmp):
    """A rebuild with nothing changed since the last build writes nothing
    and says so (gen/stamp.h); any change of what the output depends on, or
    of the output itself, makes a full build."""
    site = tmp / "unchanged"
    for sub in ("content", "layouts", "assets"):
        shutil.copytree(SOURCE / sub, site / sub)
    public = site / "public"
    # 2030: both example regions were 'updated' more than a year before, so
    # the build warns, and a rebuild must warn again.
    env = dict(os.environ, SOURCE_DATE_EPOCH="1893456000")

    def run(*args, env=env, binary=BINARY):
        return subprocess.run([str(binary), "build", str(site), *map(str, args)], capture_output=True, text=True,
                              env=env, timeout=120 * slowdown())

    manifest = manifest_of(public)

    def snapshot():
        """Inode and mtime of every file of the output and of the manifest."""
        files = {str(p.relative_to(public)): (p.stat().st_ino, p.stat().st_mtime_ns)
                 for p in sorted(public.rglob("*")) if p.is_file()}
        if manifest.is_file():
            files["(manifest)"] = (manifest.stat().st_ino, manifest.stat().st_mtime_ns)
        return files

    def full(label, r, changed=None):
        """`r` was a full build; `changed` (path, text) must be in its output."""
        ok = check("%s: a full build" % label, r.returncode == 0 and NOTHING_CHANGED not in r.stdout
                   and re.search(r"\d+ written, \d+ unchanged, in \d+ ms$", r.stdout), (r.stdout, r.stderr[-300:]))
        if changed:
            path, text = changed
            check("%s: the output has the change" % label, text in (public / path).read_text(), path)
        return ok

    def edit(rel, old, new):
        path = site / rel
        text = path.read_text()
        check("the site has %r in %s" % (old, rel), text.count(old) == 1)
        path.write_text(text.replace(old, new))

    first = run()
    check("unchanged: the first build warns (a stale 'updated')",
          first.returncode == 0 and ": warning: " in first.stderr, first.stderr[-300:])
    before = snapshot()
    time.sleep(0.02)  # an mtime a rewrite would change
    again = run()
    counts = re.match(r"(routekaart: \d+ regions, \d+ pages, (\d+) files): ", first.stdout)
    check("a rebuild with nothing changed says so, with the first build's counts and 0 written",
          counts is not None and again.returncode == 0 and re.fullmatch(
              re.escape(counts.group(1)) + r": 0 written, %s unchanged, in \d+ ms " % counts.group(2)
              + re.escape(NOTHING_CHANGED) + "\n", again.stdout), (first.stdout, again.stdout))
    check("... writes no file: every file (and the manifest) keeps its inode and mtime",
          snapshot() == before and "(manifest)" in before, sorted(set(snapshot().items()) ^ set(before.items()))[:4])
    check("... and prints the first build's warnings again, the same lines", again.stderr == first.stderr,
          (first.stderr[-300:], again.stderr[-300:]))
    json_first = run("--format", "json")
    check("... also as JSON", json_first.returncode == 0 and '"severity": "warning"' in json_first.stdout
          and '"code": "stale"' in json_first.stdout, json_first.stdout[:300])

    # A build killed while writing leaves a temporary folder beside the
    # output; a build with nothing to write removes it all the same.
    stale = site / ".public.tmp-2147483646-XXXXXX"
    (stale / "regio").mkdir(parents=True)
    r = run()
    check("a rebuild with nothing changed removes what a killed build left beside the output",
          NOTHING_CHANGED in r.stdout and not stale.exists(), (r.stdout, sorted(p.name for p in site.iterdir())))

    def case(label, change, *args, changed=None, env=env, binary=BINARY):
        """Until `change()`, a rebuild has nothing to do; after it, a full
        build, whose output has `changed` (path, text) when given."""
        r = run()
        check("%s: before, nothing changed" % label, NOTHING_CHANGED in r.stdout, r.stdout + r.stderr[-300:])
        change()
        r = run(*args, env=env, binary=binary)
        check("%s: a full build" % label, r.returncode == 0 and NOTHING_CHANGED not in r.stdout
              and re.search(r"\d+ written, \d+ unchanged, in \d+ ms$", r.stdout), (r.stdout, r.stderr[-300:]))
        if changed:
            path, text = changed
            check("%s: the output has the change" % label, text in (public / path).read_text(), path)

    def edit(rel, old, new):
        def change():
            path = site / rel
            text = path.read_text()
            check("the site has %r in %s" % (old, rel), text.count(old) == 1)
            path.write_text(text.replace(old, new))
        return change

    # Each input, one byte changed.
    case("a content YAML changed", edit("content/regions/utrecht-west/region.yaml", "geldzorgen; zwangeren",
                                        "geldzorgen, zwangeren"))
    check("a content YAML changed: the output has the change",
          any("geldzorgen, zwangeren" in p.read_text() for p in (public / "utrecht-west").glob("*.html")))
    case("a layout changed", edit("layouts/home.html", "Zoek uw regio", "Zoek Uw regio"),
         changed=("index.html", "Zoek Uw regio"))
    case("an asset changed", edit("assets/routekaart.css", "--ink: #1d1d1b", "--ink: #1d1d1c"),
         changed=("assets/routekaart.css", "--ink: #1d1d1c"))
    case("site.yaml changed", edit("content/site.yaml", "title: Routekaart Kansrijke Start",
                                   "title: Routekaart Kansrijke StarT"), changed=("index.html", "Kansrijke StarT"))
    r = run()
    check("a region folder added: before, nothing changed", NOTHING_CHANGED in r.stdout, r.stdout)
    (site / "content/regions/nieuw").mkdir()
    r = run()
    check("a region folder added, empty: the full build names it (no fast success)",
          r.returncode == 1 and "content/regions/nieuw" in r.stderr, r.stdout + r.stderr[-300:])
    (site / "content/regions/nieuw").rmdir()

    # The output changed by hand: a full build puts it back.
    index = (public / "index.html").read_bytes()
    case("an output file edited by hand",
         lambda: (public / "index.html").write_bytes(index.replace(b"Kansrijke StarT", b"Kansrijke Hand!", 1)))
    check("... is put back", (public / "index.html").read_bytes() == index)
    data = (public / "utrecht-west" / "data.json").read_bytes()
    case("an output file deleted by hand", (public / "utrecht-west" / "data.json").unlink)
    check("... is put back", (public / "utrecht-west" / "data.json").read_bytes() == data)
    case("a file added to the output by hand", lambda: (public / "extra.html").write_text("hand"))
    check("... is gone, as after any full build", not (public / "extra.html").exists())

    def replace_index():
        # Same bytes, size and mtime: only the inode tells it is another file.
        st = (public / "index.html").stat()
        (public / "index.html.new").write_bytes(index)
        os.utime(public / "index.html.new", ns=(st.st_atime_ns, st.st_mtime_ns))
        os.rename(public / "index.html.new", public / "index.html")
    case("a listed file replaced by another with the same bytes and mtime", replace_index)

    def replace_folder():
        # Every file the same (hard links: same inodes and mtimes), in
        # another folder: not the output the manifest describes.
        shutil.copytree(public, site / "copy", copy_function=os.link)
        shutil.rmtree(public)
        os.rename(site / "copy", public)
    case("the output folder replaced by another holding the very same files", replace_folder)

    # Versions before 2026-12 kept the manifest in the output as
    # public/.routekaart-build: it is no file of the site, so a build does
    # not trust an output holding it, and does not carry it over.
    old_style = public / ".routekaart-build"
    case("an old version's manifest in the output", lambda: old_style.write_text(manifest.read_text()))
    check("... is gone after the build", not old_style.exists(), sorted(p.name for p in public.iterdir()))

    def cut_index_keeping_mtime():
        # In place (the same inode), its mtime put back: only the size tells.
        st = (public / "index.html").stat()
        with open(public / "index.html", "r+b") as f:
            f.truncate(st.st_size - 1)
        os.utime(public / "index.html", ns=(st.st_atime_ns, st.st_mtime_ns))
    case("a listed file cut short in place, its mtime put back", cut_index_keeping_mtime)
    check("... is put back", (public / "index.html").read_bytes() == index)

    # The options the output depends on.
    case("another --base-url", lambda: None, "--base-url", "/kaart/", changed=("index.html", 'href="/kaart/'))
    r = run("--base-url", "/kaart/")
    check("... the same --base-url again: nothing changed", NOTHING_CHANGED in r.stdout, r.stdout)
    run()
    case("another day (SOURCE_DATE_EPOCH)", lambda: None, env=dict(env, SOURCE_DATE_EPOCH="1893542400"))
    r = run(env=dict(env, SOURCE_DATE_EPOCH="1893542401"))
    check("... the same day, another second: nothing changed", NOTHING_CHANGED in r.stdout, r.stdout)
    run()
    if not memcheck():  # under valgrind the binary is a wrapper script
        other = tmp / "routekaart-other"
        other.write_bytes(BINARY.read_bytes() + b"\0")  # runs the same; is another binary
        other.chmod(0o755)
        case("another routekaart binary", lambda: None, binary=other)
        run()

    # A manifest that is missing, not whole, or not a file, is no reason to trust.
    case("the manifest deleted", manifest.unlink)
    case("a manifest cut in half", lambda: manifest.write_bytes(manifest.read_bytes()[:manifest.stat().st_size // 2]))

    def fifo():
        manifest.unlink()
        os.mkfifo(manifest)
    case("a FIFO in place of the manifest (never waited on)", fifo)
    r = run()
    lines = manifest.read_text().split("\n")
    check("the manifest lists every file of the output",
          sorted(line.split("\t")[-1] for line in lines if line.startswith("file\t"))
          == sorted(k for k in snapshot() if k != "(manifest)"), lines[:4])
    files = [i for i, line in enumerate(lines) if line.startswith("file\t")]
    case("a manifest listing a file the output does not hold",
         lambda: manifest.write_text("\n".join(lines[:files[0]] + ["file\t1\t1\t1\taaa.html"] + lines[files[0]:])))


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
    check("nothing left beside the output but its manifest",
          sorted(p.name for p in site.iterdir()) == [".public.routekaart-build", "content", "public"],
          sorted(p.name for p in site.iterdir()))
    hidden = sorted(str(p.relative_to(site / "public")) for p in (site / "public").rglob(".*"))
    check("public/ holds the site and nothing else: no manifest, no hidden file", not hidden, hidden)
    check("summary line names regions, pages, files written and unchanged, and milliseconds",
          re.match(r"routekaart: 2 regions, \d+ pages, (\d+) files: \1 written, 0 unchanged, in \d+ ms$", r.stdout),
          r.stdout)

    # A rebuild writes only the files whose bytes changed: every other file
    # of the output is the previous one (same inode, same mtime), so rsync
    # and uploads to a CDN send only what changed.
    def files_of(folder):
        return {str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
                for p in sorted(folder.rglob("*")) if p.is_file()}
    first = files_of(site / "public")
    time.sleep(0.02)  # an mtime a rewrite would change
    r = build(site)
    again = files_of(site / "public")
    check("a rebuild with nothing changed writes no file",
          re.search(r", (\d+) files: 0 written, \1 unchanged, ", r.stdout) is not None, r.stdout)
    check("... and every file keeps its inode and mtime",
          {k: v[:2] for k, v in first.items()} == {k: v[:2] for k, v in again.items()},
          sorted(k for k in first if first[k][:2] != again.get(k, (None, None))[:2])[:5])
    region_yaml = site / "content" / "regions" / "utrecht-west" / "region.yaml"
    text = region_yaml.read_text()
    edited = text.replace("summary: ", "summary: Bijgewerkt. ", 1)
    check("the example has a summary to edit", edited != text)
    region_yaml.write_text(edited)
    r = build(site)
    after = files_of(site / "public")
    changed = sorted(k for k in after if k not in again or after[k][2] != again[k][2])
    kept = sorted(k for k in after if k in again and after[k][:2] == again[k][:2])
    check("after one provision's summary changed, some files changed (its page, the region's map, data.json)",
          len(changed) >= 3, changed)
    check("... only those were written: the rest keep inode and mtime",
          sorted(changed + kept) == sorted(after) and not set(changed) & set(kept), (changed, len(kept)))
    check("... and the summary line counts them",
          f": {len(changed)} written, {len(kept)} unchanged, " in r.stdout, r.stdout)
    check("... and a changed file is a new file: the previous output's copy is untouched",
          all(after[k][0] != again[k][0] for k in changed if k in again))
    region_yaml.write_text(text)
    build(site)
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
        # Another base URL: every page changes, so this is a full build (the
        # same build again would be done before the kill; see below).
        proc = subprocess.Popen([str(BINARY), "build", str(big), "--base-url", "/anders/"], stdout=subprocess.DEVNULL,
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
    check("the next build removes what the killed one left, also when it has nothing to write",
          r.returncode == 0 and sorted(p.name for p in big.iterdir()) == [".public.routekaart-build", "content", "public"]
          and NOTHING_CHANGED in r.stdout, (sorted(p.name for p in big.iterdir()), r.stdout))

    kill_windows(tmp, site)
    disk_full(tmp, site)
    unwritable_parent(tmp, site)
    rebuild_without_changes(tmp)

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
