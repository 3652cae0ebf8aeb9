"""Untrusted site folders: symbolic links and special files.

usage: python3 tests/test_untrusted.py /path/to/routekaart

Every file of a site folder may come from a pull request that CI builds and
publishes, so the generator must never read outside the folder nor wait on
a file. The rule (README, "Untrusted content"): a symbolic link is followed
only when it stays inside the site folder (relative links to files and
folders of the site); a link to outside, an absolute link, a broken link and
a link loop are errors that name the link; FIFOs and sockets are errors that
name the file, and are never opened for reading.

For each refused case, in a fresh copy of tests/sites/minimal with a planted
previous public/: `build` and `check` exit 1 within the time limit, print the
expected line exactly and no other error, and public/ stays byte for byte as
it was; no byte of the outside file reaches public/. For each followed case
the build succeeds and publishes the linked file's bytes."""
import os
import shutil
import socket
import tempfile
from pathlib import Path

from testlib import TESTS, binary, check, finish, run_binary, slowdown, tree_hash

BINARY = binary()
TIMEOUT = 20 * slowdown()
SECRET = "geheim-van-de-buildmachine-3141"
OUTSIDE = ("symbolic link to outside the site folder; only relative links to files and folders inside it "
           "are followed")
BROKEN = "symbolic link to a file that does not exist"
LOOP = "symbolic link loop (or more than 40 links in a row)"
FOLDER_LOOP = "symbolic link loop: this folder holds itself"
AGAIN = ("this folder is listed already under another path (symbolic links lead to it twice); link to each "
         "folder once")
FIFO = "a FIFO (named pipe), not a regular file; only regular files are read"
SOCKET = "a socket, not a regular file; only regular files are read"


def fresh_site(tmp, name):
    """A copy of the minimal fixture with a guidance page, an asset, an
    earlier public/ and, beside the site, a folder of secrets."""
    root = Path(tmp) / name
    site = root / "site"
    shutil.copytree(TESTS / "sites" / "minimal" / "content", site / "content")
    (site / "content" / "guidance").mkdir()
    (site / "content" / "guidance" / "01-start.md").write_text("---\ntitle: Start\n---\nWelkom.\n")
    (site / "assets").mkdir()
    (site / "assets" / "eigen.css").write_text("body { color: black; }\n")
    (site / "public" / "sub").mkdir(parents=True)
    (site / "public" / "index.html").write_text("<!doctype html><title>vorige</title>\n")
    (site / "public" / "sub" / "keep.txt").write_bytes(b"keep \x00\xff\n")
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET + "\n")
    (outside / "site.yaml").write_text("title: %s\n" % SECRET)
    (outside / "region.yaml").write_text("name: %s\nprovisions: []\n" % SECRET)
    (outside / "page.md").write_text("---\ntitle: %s\n---\n%s\n" % (SECRET, SECRET))
    (outside / "layout.html").write_text("<!doctype html><title>%s</title><p>%s</p>\n" % (SECRET, SECRET))
    (outside / "region").mkdir()
    (outside / "region" / "region.yaml").write_text("name: %s\nprovisions: []\n" % SECRET)
    return site, outside


def link(path, target):
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    os.symlink(target, path)


def fifo(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    os.mkfifo(path)


def unix_socket(path):
    """A socket file that stays after the socket is closed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(path))
    s.close()


def error_lines(stderr):
    return [line for line in stderr.splitlines() if ": error: " in line]


def secret_published(site):
    public = site / "public"
    for p in public.rglob("*"):
        if p.is_file() and not p.is_symlink() and SECRET.encode() in p.read_bytes():
            return str(p.relative_to(public))
    return None


# (name, how to plant it, expected error line). `site` and `outside` are
# Paths; relative link targets are relative to the link's folder.
REFUSED = [
    ("asset linked to /etc/passwd", lambda s, o: link(s / "assets/pw.txt", "/etc/passwd"),
     "assets/pw.txt: error: " + OUTSIDE),
    ("asset linked outside by ../", lambda s, o: link(s / "assets/pw.txt", "../../outside/secret.txt"),
     "assets/pw.txt: error: " + OUTSIDE),
    ("asset folder linked to /etc", lambda s, o: link(s / "assets/etc", "/etc"),
     "assets/etc: error: " + OUTSIDE),
    ("asset linked absolutely to a file inside the site",
     lambda s, o: link(s / "assets/abs.css", str(s / "assets/eigen.css")),
     "assets/abs.css: error: " + OUTSIDE),
    ("asset link to nothing", lambda s, o: link(s / "assets/gone.css", "weg.css"),
     "assets/gone.css: error: " + BROKEN),
    ("asset links in a loop",
     lambda s, o: (link(s / "assets/a.css", "b.css"), link(s / "assets/b.css", "a.css")),
     None),  # both named: checked below
    ("asset folder that holds itself", lambda s, o: link(s / "assets/loop", "."),
     "assets/loop: error: " + FOLDER_LOOP),
    ("asset folder linked twice",
     lambda s, o: ((s / "assets/img").mkdir(), (s / "assets/img/logo.svg").write_text("<svg/>"),
                   link(s / "assets/zz", "img")),
     "assets/zz: error: " + AGAIN),
    ("asset FIFO", lambda s, o: fifo(s / "assets/x.css"), "assets/x.css: error: " + FIFO),
    ("asset socket", lambda s, o: unix_socket(s / "assets/s.sock"), "assets/s.sock: error: " + SOCKET),
    ("site.yaml linked outside", lambda s, o: link(s / "content/site.yaml", str(o / "site.yaml")),
     "content/site.yaml: error: " + OUTSIDE),
    ("site.yaml FIFO", lambda s, o: fifo(s / "content/site.yaml"), "content/site.yaml: error: " + FIFO),
    ("catalog.yaml linked outside", lambda s, o: link(s / "content/catalog.yaml", "../../outside/site.yaml"),
     "content/catalog.yaml: error: " + OUTSIDE),
    ("content folder linked outside",
     lambda s, o: (shutil.copytree(s / "content", o / "content"), shutil.rmtree(s / "content"),
                   link(s / "content", str(o / "content"))),
     "content: error: " + OUTSIDE),
    ("region folder linked outside", lambda s, o: link(s / "content/regions/evil", str(o / "region")),
     "content/regions/evil: error: " + OUTSIDE),
    ("region.yaml linked outside",
     lambda s, o: link(s / "content/regions/testregio/region.yaml", str(o / "region.yaml")),
     "content/regions/testregio/region.yaml: error: " + OUTSIDE),
    ("region.yaml FIFO", lambda s, o: fifo(s / "content/regions/testregio/region.yaml"),
     "content/regions/testregio/region.yaml: error: " + FIFO),
    ("region index.md linked to /etc/passwd",
     lambda s, o: link(s / "content/regions/testregio/index.md", "/etc/passwd"),
     "content/regions/testregio/index.md: error: " + OUTSIDE),
    ("region index.md FIFO", lambda s, o: fifo(s / "content/regions/testregio/index.md"),
     "content/regions/testregio/index.md: error: " + FIFO),
    ("guidance page linked outside", lambda s, o: link(s / "content/guidance/02-x.md", str(o / "page.md")),
     "content/guidance/02-x.md: error: " + OUTSIDE),
    ("guidance page FIFO", lambda s, o: fifo(s / "content/guidance/03-x.md"),
     "content/guidance/03-x.md: error: " + FIFO),
    ("region guidance folder linked outside",
     lambda s, o: link(s / "content/regions/testregio/guidance", str(o)),
     "content/regions/testregio/guidance: error: " + OUTSIDE),
    ("region guidance page FIFO", lambda s, o: fifo(s / "content/regions/testregio/guidance/01-x.md"),
     "content/regions/testregio/guidance/01-x.md: error: " + FIFO),
    ("layout linked outside", lambda s, o: link(s / "layouts/compare.html", str(o / "layout.html")),
     "layouts/compare.html: error: " + OUTSIDE),
    ("layout FIFO", lambda s, o: fifo(s / "layouts/region.html"), "layouts/region.html: error: " + FIFO),
    ("partial linked outside by ../",
     lambda s, o: link(s / "layouts/partials/head.html", "../../../outside/layout.html"),
     "layouts/partials/head.html: error: " + OUTSIDE),
    ("partial FIFO", lambda s, o: fifo(s / "layouts/partials/extra.html"),
     "layouts/partials/extra.html: error: " + FIFO),
    ("strings.yaml linked outside", lambda s, o: link(s / "layouts/strings.yaml", str(o / "site.yaml")),
     "layouts/strings.yaml: error: " + OUTSIDE),
    ("strings.yaml FIFO", lambda s, o: fifo(s / "layouts/strings.yaml"), "layouts/strings.yaml: error: " + FIFO),
]


def refused_case(tmp, name, plant, expected):
    site, outside = fresh_site(tmp, name.replace(" ", "-").replace("/", "_"))
    plant(site, outside)
    before = tree_hash(site / "public")
    if expected is None:
        expected_lines = ["assets/a.css: error: " + LOOP, "assets/b.css: error: " + LOOP]
    else:
        expected_lines = [expected]
    for command in ("build", "check"):
        rc, out, err = run_binary(BINARY, [command, str(site)], timeout=TIMEOUT)
        label = "%s: %s" % (name, command)
        check(label + " ends with exit 1", rc == 1, "exit %s; %s" % (rc, err.strip()[:400]))
        check(label + " names the file", error_lines(err) == expected_lines,
              "expected %r, got %r" % (expected_lines, error_lines(err)))
    check(name + ": previous public/ untouched", tree_hash(site / "public") == before)
    check(name + ": nothing of outside published", secret_published(site) is None, secret_published(site))


def followed_links(tmp):
    """Links inside the site are followed: a shared intro, a shared
    stylesheet and a folder of images linked from assets/."""
    site, _ = fresh_site(tmp, "followed")
    (site / "content" / "shared").mkdir()
    (site / "content" / "shared" / "intro.md").write_text("Gedeelde introductie-7781.\n")
    (site / "content" / "shared" / "huis.css").write_text("/* huisstijl-4412 */\n")
    (site / "content" / "shared" / "beelden").mkdir()
    (site / "content" / "shared" / "beelden" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    link(site / "content/regions/testregio/index.md", "../../shared/intro.md")
    link(site / "assets/huis.css", "../content/shared/huis.css")
    link(site / "assets/beelden", "../content/shared/beelden")
    rc, out, err = run_binary(BINARY, ["build", str(site)], timeout=TIMEOUT)
    if not check("links inside the site: build exits 0", rc == 0, "exit %s; %s" % (rc, err.strip()[:400])):
        return
    page = (site / "public" / "testregio" / "index.html").read_text()
    check("linked index.md inside the site is used", "Gedeelde introductie-7781." in page)
    css = site / "public" / "assets" / "huis.css"
    check("linked asset inside the site is copied as a file",
          css.is_file() and not css.is_symlink() and css.read_text() == "/* huisstijl-4412 */\n")
    check("linked asset folder inside the site is copied",
          (site / "public" / "assets" / "beelden" / "logo.svg").is_file())


def editing_tools(tmp):
    """`new provision` rewrites region.yaml whole: through a link it would
    copy an outside file into the site. `import` reads a CSV the user names:
    a FIFO must not hang it."""
    site, outside = fresh_site(tmp, "tools")
    region = site / "content" / "regions" / "testregio" / "region.yaml"
    link(region, str(outside / "region.yaml"))
    before = (outside / "region.yaml").read_text()
    rc, out, err = run_binary(BINARY, ["new", "provision", "testregio", "nieuw", "-C", str(site)], timeout=TIMEOUT)
    check("new provision on a linked region.yaml exits 1", rc == 1, "exit %s; %s" % (rc, err.strip()[:300]))
    check("new provision names the link",
          "region.yaml: error: 'content/regions/testregio/region.yaml' is a symbolic link; new and import change "
          "only files whose path holds no link" in err, err)
    check("the link's target is unchanged", (outside / "region.yaml").read_text() == before)
    check("the link stays a link", region.is_symlink())

    # A link to a folder on the way: the file written would be outside.
    (outside / "elders").mkdir()
    (outside / "elders" / "region.yaml").write_text("name: Elders\nprovisions: []\n")
    before = (outside / "elders" / "region.yaml").read_text()
    link(site / "content/regions/elders", str(outside / "elders"))
    for label, args in (("new provision", ["new", "provision", "elders", "nieuw"]),
                        ("new region", ["new", "region", "elders"])):
        rc, out, err = run_binary(BINARY, args + ["-C", str(site)], timeout=TIMEOUT)
        check("%s through a linked region folder exits 1" % label, rc == 1, "exit %s; %s" % (rc, err.strip()[:300]))
        check("%s names the linked folder" % label,
              "error: 'content/regions/elders' is a symbolic link; new and import change only files whose path "
              "holds no link" in err, err)
    check("nothing outside changed", (outside / "elders" / "region.yaml").read_text() == before and
          sorted(p.name for p in (outside / "elders").iterdir()) == ["region.yaml"])
    csv_ok = Path(tmp) / "goed.csv"
    csv_ok.write_text("naam;website\nJGZ;https://example.nl\n")
    rc, out, err = run_binary(BINARY, ["import", "providers", str(csv_ok), "--region", "elders", "--force",
                                       "-C", str(site)], timeout=TIMEOUT)
    check("import through a linked region folder exits 1", rc == 1, "exit %s; %s" % (rc, err.strip()[:300]))
    check("import leaves the outside file alone", (outside / "elders" / "region.yaml").read_text() == before)
    link(site / "schema", str(outside))
    rc, out, err = run_binary(BINARY, ["new", "region", "nieuwe-regio", "-C", str(site)], timeout=TIMEOUT)
    check("new region with a linked schema folder exits 1", rc == 1, "exit %s; %s" % (rc, err.strip()[:300]))
    check("no schema written outside", not any(p.suffix == ".json" for p in outside.iterdir()),
          sorted(p.name for p in outside.iterdir()))

    csv = Path(tmp) / "aanbieders.csv"
    os.mkfifo(csv)
    rc, out, err = run_binary(BINARY, ["import", "providers", str(csv), "--region", "nieuw", "-C", str(site)],
                              timeout=TIMEOUT)
    check("import of a FIFO ends with exit 1", rc == 1, "exit %s; %s" % (rc, err.strip()[:300]))
    check("import names the FIFO", "aanbieders.csv: error: not a regular file" in err, err)

    big = Path(tmp) / "groot.csv"
    with open(big, "wb") as f:
        f.truncate(65 * 1024 * 1024)
    rc, out, err = run_binary(BINARY, ["import", "providers", str(big), "--region", "nieuw", "-C", str(site)],
                              timeout=TIMEOUT)
    check("import of a 65 MB CSV exits 1", rc == 1, "exit %s; %s" % (rc, err.strip()[:300]))
    check("import names the size limit",
          "groot.csv: error: file is larger than the limit of 64 MB; split it or make it smaller" in err, err)


with tempfile.TemporaryDirectory() as tmp:
    for name, plant, expected in REFUSED:
        refused_case(tmp, name, plant, expected)
    followed_links(tmp)
    editing_tools(tmp)
finish()
