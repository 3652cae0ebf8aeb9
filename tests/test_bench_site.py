"""bench/gen-site: the benchmark's synthetic site stays valid routekaart
content, and the same seed gives the same bytes.

usage: python3 tests/test_bench_site.py /path/to/routekaart

The benchmark itself (bench/run) is no test: its figures depend on the
machine. But a generator that drifted from the content format would make it
measure error messages, and one that is not deterministic would make runs
incomparable; both are checked here on a small site. Hugo is not needed."""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from testlib import SOURCE, binary, check, finish, run_binary, slowdown, tree_hash

BINARY = str(binary())
GEN = SOURCE / "bench" / "gen-site"


def gen(out, *args):
    r = subprocess.run([sys.executable, str(GEN), *map(str, args), str(out)], capture_output=True, text=True)
    return check(f"gen-site {' '.join(map(str, args))} runs", r.returncode == 0, r.stderr[-500:])


with tempfile.TemporaryDirectory() as tmp:
    tmp = Path(tmp)
    a, b, c, big = tmp / "a", tmp / "b", tmp / "c", tmp / "big"
    if gen(a, "--regions", 4, "--provisions", 15) and gen(b, "--regions", 4, "--provisions", 15) \
            and gen(c, "--regions", 4, "--provisions", 15, "--seed", 7):
        check("the same seed gives byte-identical trees", tree_hash(a) == tree_hash(b))
        check("another seed gives another tree", tree_hash(a) != tree_hash(c))

        rc, out, err = run_binary(BINARY, ["check", "--format=json", str(a / "routekaart")],
                                  timeout=60 * slowdown())
        diags = json.loads(out) if rc == 0 else []
        check("routekaart check passes on the generated site", rc == 0, err[-800:])
        errors = [d for d in diags if d.get("severity") == "error"]
        check("no errors, only warnings", not errors, errors[:3])

        rc, out, err = run_binary(BINARY, ["build", str(a / "routekaart"), "-o", str(tmp / "public")],
                                  timeout=60 * slowdown())
        check("routekaart builds the generated site", rc == 0, err[-800:])
        pages = sorted(p.name for p in (tmp / "public" / "regio-001").glob("*.html"))
        # 15 provisions, the region page (index.html) and its framed copy (embed.html).
        check("a region has a page per provision", len(pages) == 17, pages)

        region = (a / "routekaart/content/regions/regio-001/region.yaml").read_text(encoding="utf-8")
        check("a region has three routes with client-journey data",
              region.count("\n  - id: route-") == 3 and "touchpoint:" in region and "emotion:" in region)
        hugo = a / "hugo" / "content" / "regio-001"
        mds = sorted(p for p in hugo.glob("*.md") if p.name != "_index.md")
        check("the Hugo site has a page per provision of the region",
              [p.stem + ".html" for p in mds] == [p for p in pages if p not in ("index.html", "embed.html")],
              [p.name for p in mds])
        bodies = [p.read_text(encoding="utf-8").split("\n---\n", 1)[1] for p in mds]
        mean = sum(len(x.encode()) for x in bodies) / len(bodies)
        check("descriptions are about 1 KB of Markdown", 850 <= mean <= 1400, mean)
        check("descriptions use emphasis, lists and links",
              all("**" in x and "\n- " in x and "](https://" in x for x in bodies))

    if gen(big, "--regions", 1, "--provisions", 400):
        rc, out, err = run_binary(BINARY, ["check", str(big / "routekaart")], timeout=60 * slowdown())
        check("one region of 400 provisions is valid", rc == 0 and "1 region, 400 provisions" in err + out,
              (err + out)[-300:])

finish()
