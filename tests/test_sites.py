#!/usr/bin/env python3
"""Builds each fixture tree under tests/sites/<case>/content and compares the
output with the goldens beside it:

  tests/sites/<case>/expected/data/<region>.json  exact expected data.json
  tests/sites/<case>/expected/html.txt            FILE<TAB>fragment lines: each
                                                  fragment must occur verbatim in
                                                  that output file ('#' comments;
                                                  !FILE: must not occur)

It also checks the output file list, that every link starts with the base URL,
and the stable data-* hooks of the map (parsed with html.parser).

Usage: python3 tests/test_sites.py /path/to/routekaart [case ...]
Env:   ROUTEKAART_SOURCE_DIR (default: the folder above this script)
       UPDATE_GOLDEN=1 rewrites expected/data/*.json from the current output
       (html.txt is written by hand). Review the diff before keeping it.
"""
import difflib
import html.parser
import json
import os
import re
import subprocess
import sys
import tempfile
import uuid

from testlib import SOURCE, binary, check, finish

SITES = os.path.join(SOURCE, "tests", "sites")
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
CASES = ["minimal", "catalog-use", "routes-journey", "gaps", "base-url", "public-url", "own-region-layout"]
STAGES = ["preconceptie", "zwangerschap", "bevalling", "babyfase", "peuterfase", "derde-jaar", "schoolkind"]
LANES = ["basiszorg", "steuntje", "extra-steun", "digitaal"]
COSTS = ["eigen-risico", "eigen-bijdrage", "aanvullend-verzekerd", "vrij-verzekerd", "standaard", "sociaal-netwerk"]
# Extra builds of a case: (name, extra arguments, base URL expected in the output).
VARIANTS = {"base-url": [("--base-url override", ["--base-url", "https://example.nl/x/"], "https://example.nl/x/")]}
# Cases whose sitemap.xml starts with site.yaml's public_url, not base_url.
SITEMAP_BASE = {"public-url": "https://routekaart.example.nl/kaart/"}

# ---- a small DOM on html.parser -------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class DomParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: (v if v is not None else "") for k, v in attrs}, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, {k: (v if v is not None else "") for k, v in attrs}, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse_html(path):
    p = DomParser()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    return p.root


# ---- helpers -------------------------------------------------------------

def build(case_dir, out, extra=()):
    return subprocess.run([BINARY, "build", case_dir, "-o", out, *extra], capture_output=True, text=True)


def site_base(content):
    try:
        with open(os.path.join(content, "site.yaml"), encoding="utf-8") as f:
            m = re.search(r"^base_url:\s*(\S+)", f.read(), re.M)
    except OSError:
        m = None
    base = m.group(1).strip("'\"") if m else "/"
    return base if base.endswith("/") else base + "/"


# gen/uuid.c's namespace: uuid_for(kind, region, id) is uuid5 of "<kind>/<region>/<id>".
ROUTEKAART_NAMESPACE = uuid.UUID("0b1f6a3e-6c1d-4d52-9a2e-72f0c1a5e8b4")


def uuid_for(kind, region, ident):
    return str(uuid.uuid5(ROUTEKAART_NAMESPACE, f"{kind}/{region}/{ident}"))


def list_files(root):
    files = set()
    for d, _, names in os.walk(root):
        for n in names:
            files.add(os.path.relpath(os.path.join(d, n), root).replace(os.sep, "/"))
    return files


def md_slugs(folder):
    return sorted(n[:-3] for n in os.listdir(folder) if n.endswith(".md")) if os.path.isdir(folder) else []


def link_ok(value, base):
    if value.startswith(("#", "mailto:", "tel:")) or value.startswith(base):
        return True
    m = re.match(r"(?i)https?://([^/]*)", value)
    if m:
        b = re.match(r"(?i)https?://([^/]*)", base)
        return not (b and b.group(1).lower() == m.group(1).lower())  # same host, outside base: wrong
    return False


def first_diff(expected, actual):
    d = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(), "expected", "actual", n=2, lineterm=""))
    return "\n" + "\n".join(d[:30])


# ---- checks ----------------------------------------------------------------

def check_links(label, out, base, datas, sitemap_base=None):
    bad = []
    for rel in sorted(list_files(out)):
        if rel.endswith(".html"):
            for node in parse_html(os.path.join(out, rel)).iter():
                for attr in ("href", "src"):
                    if attr in node.attrs and not link_ok(node.attrs[attr], base):
                        bad.append(f"{rel}: {attr}={node.attrs[attr]!r}")
    check(f"{label}: every href/src in the HTML starts with {base!r} (or is external, #, mailto:, tel:)",
          not bad, "; ".join(bad[:5]))
    bad = []
    for region, d in datas.items():
        urls = [d["region"].get("url")] + [p.get("url") for p in d["provisions"]]
        bad += [f"{region}: {u!r}" for u in urls if not (isinstance(u, str) and u.startswith(base))]
    check(f"{label}: every url in data.json starts with {base!r}", not bad, "; ".join(bad[:5]))
    try:
        with open(os.path.join(out, "sitemap.xml"), encoding="utf-8") as f:
            locs = re.findall(r"<loc>(.*?)</loc>", f.read())
    except OSError:
        locs = []
    sitemap_base = sitemap_base or base
    bad = [l for l in locs if not l.startswith(sitemap_base)]
    check(f"{label}: sitemap.xml has URLs, all starting with {sitemap_base!r}", locs and not bad, "; ".join(bad[:5]))


def check_hooks(case, out, region, data):
    page = os.path.join(out, region, "index.html")
    if not os.path.isfile(page):
        return
    doc = parse_html(page)
    by_id = {p["id"]: p for p in data["provisions"]}
    elements = [n for n in doc.iter() if "data-provision" in n.attrs]
    seen, problems = set(), []
    for n in elements:
        pid = n.attrs["data-provision"]
        seen.add(pid)
        p = by_id.get(pid)
        if p is None:
            problems.append(f"unknown data-provision {pid!r}")
            continue
        for attr, key in (("data-lane", "lane"), ("data-from", "from"), ("data-to", "to")):
            if n.attrs.get(attr) != p[key]:
                problems.append(f"{pid}: {attr}={n.attrs.get(attr)!r}, expected {p[key]!r}")
        tags = [c.attrs["data-cost"] for c in n.iter() if c is not n and "data-cost" in c.attrs]
        if sorted(tags) != sorted(p["costs"]):
            problems.append(f"{pid}: data-cost tags {tags}, expected {p['costs']}")
    check(f"{case}: {region}/index.html has a data-provision element for each provision",
          set(by_id) <= seen, f"missing {sorted(set(by_id) - seen)}")
    check(f"{case}: {region}/index.html provision elements carry data-lane/from/to and data-cost as in data.json",
          not problems, "; ".join(problems[:5]))
    # Top to bottom as the national tool draws them: the lane of most
    # support above the one of some (counting the lanes cannot see a swap).
    lanes = [n.attrs.get("data-lane") for n in doc.iter() if n.tag == "section" and "lane" in n.attrs.get("class", "").split()]
    check(f"{case}: {region}/index.html draws the lanes digitaal, extra-steun, steuntje, basiszorg from the top",
          lanes == ["digitaal", "extra-steun", "steuntje", "basiszorg"], lanes)
    stages = {n.attrs["data-stage"] for n in doc.iter() if "data-stage" in n.attrs}
    check(f"{case}: {region}/index.html has data-stage for every stage", set(STAGES) <= stages,
          f"missing {sorted(set(STAGES) - stages)}; unknown {sorted(stages - set(STAGES))}")
    costs = {n.attrs["data-cost"] for n in doc.iter() if "data-cost" in n.attrs}
    check(f"{case}: {region}/index.html data-cost values are cost tags", costs <= set(COSTS), sorted(costs - set(COSTS)))
    problems = []
    for p in data["provisions"]:
        path = os.path.join(out, region, p["id"] + ".html")
        if not os.path.isfile(path):
            continue
        d = parse_html(path)
        el = [n for n in d.iter() if n.attrs.get("data-provision") == p["id"]]
        if not el or any(el[0].attrs.get(a) != p[k] for a, k in (("data-lane", "lane"), ("data-from", "from"), ("data-to", "to"))):
            problems.append(f"{p['id']}.html: {el[0].attrs if el else 'no data-provision element'}")
        tags = {n.attrs["data-cost"] for n in d.iter() if "data-cost" in n.attrs}
        if not set(p["costs"]) <= tags:
            problems.append(f"{p['id']}.html: data-cost {sorted(tags)}, expected {p['costs']}")
    check(f"{case}: detail pages carry data-provision/lane/from/to and data-cost", not problems, "; ".join(problems[:5]))


def semantic_checks(case, datas):
    """What each fixture is about, asserted from the contract, independent of
    the golden (so a wrongly updated golden still fails here)."""
    def prov(region, pid):
        return next((p for p in datas.get(region, {}).get("provisions", []) if p["id"] == pid), None)

    if case == "minimal":
        d = datas.get("testregio")
        check("minimal: 2 provisions in timeline order", d and [p["id"] for p in d["provisions"]] == ["verloskundige", "opvoedapp"])
        p = prov("testregio", "verloskundige")
        check("minimal: periods of zwangerschap:m2 → bevalling",
              p and p["periods"] == [f"zwangerschap:m{i}" for i in range(2, 10)] + ["bevalling"], p and p["periods"])
        p = prov("testregio", "opvoedapp")
        check("minimal: 'to' defaults to 'from' and a whole stage covers its periods",
              p and p["to"] == "babyfase" and len(p["periods"]) == 15 and p["provider"] is None and p["costs"] == [])
    elif case == "catalog-use":
        p = prov("noordkwartier", "prenataal-huisbezoek")
        check("catalog-use: title override", p and p["title"] == "Prenataal huisbezoek Noord")
        check("catalog-use: provider override resolves to the region's provider object",
              p and p["provider"] and p["provider"]["id"] == "jgz-noord" and p["provider"]["address"].startswith("Dorpsstraat"))
        check("catalog-use: 'from' override keeps the catalog's 'to'",
              p and p["from"] == "zwangerschap:m6" and p["to"] == "zwangerschap:m9"
              and p["periods"] == [f"zwangerschap:m{i}" for i in range(6, 10)])
        check("catalog-use: keys not overridden come from the catalog",
              p and p["lane"] == "steuntje" and p["costs"] == ["standaard"] and p["more"] == "https://jgz.example.org/phb"
              and p["keywords"] == ["huisbezoek", "jgz"] and p["catalog"] == "prenataal-huisbezoek")
        p = prov("noordkwartier", "kraamzorg")
        check("catalog-use: plain 'use' takes the catalog provision as it is",
              p and p["title"] == "Kraamzorg" and p["provider"] and p["provider"]["id"] == "kraam-landelijk"
              and p["costs"] == ["eigen-bijdrage", "vrij-verzekerd"] and p["checked"] == "2026-01-15")
        p = prov("noordkwartier", "kraamzorg-plus")
        check("catalog-use: 'use' with a new id and lane", p and p["lane"] == "extra-steun" and p["catalog"] == "kraamzorg")
    elif case == "routes-journey":
        d = datas.get("routeland", {})
        routes = {r["id"]: r for r in d.get("routes", [])}
        r = routes.get("kwetsbare-zwangere")
        check("routes-journey: steps keep their order and ids",
              r and [s["provision"] for s in r["steps"]] == ["verloskundige", "huisbezoek", "consultatiebureau", "verloskundige"])
        check("routes-journey: emotions -1, 2, 0 and null where not given",
              r and [s["emotion"] for s in r["steps"]] == [None, -1, 2, 0])
        check("routes-journey: journey texts", r and r["steps"][1]["touchpoint"] == "Huisbezoek thuis"
              and r["steps"][1]["pain"] == "Weet niet waarom de JGZ komt" and r["steps"][3]["improvement"] is None)
        check("routes-journey: region questions added", d.get("questions", {}).get("zwangerschap") == ["Weten verloskundigen de weg naar de JGZ?"])
    elif case == "gaps":
        d = datas.get("leegland", {})
        g = d.get("gaps", {})
        check("gaps: missing required provisions (a 'use' under another id counts as present)",
              g.get("missing") == ["knooppunt", "voorzorg"], g.get("missing"))
        empty = {(e["stage"], e["lane"]) for e in g.get("empty", [])}
        expected = {(s, l) for s in STAGES for l in LANES} - {
            ("zwangerschap", "basiszorg"), ("bevalling", "basiszorg"), ("babyfase", "steuntje")}
        check("gaps: empty cells are exactly the stage × lane cells without a provision", empty == expected,
              f"extra {sorted(empty - expected)}, missing {sorted(expected - empty)}")
        check("gaps: site questions per stage", d.get("questions", {}).get("bevalling") == ["Krijgt elk gezin kraamzorg?"])


def run_case(case):
    case_dir = os.path.join(SITES, case)
    content = os.path.join(case_dir, "content")
    expected = os.path.join(case_dir, "expected")
    if not check(f"{case}: fixture exists", os.path.isdir(content)):
        return
    base = site_base(content)
    with tempfile.TemporaryDirectory(prefix=f"rk-{case}-") as tmp:
        out = os.path.join(tmp, "public")
        r = build(case_dir, out)
        if not check(f"{case}: builds with exit 0", r.returncode == 0, (r.stderr or r.stdout).strip()[-2000:]):
            return
        regions = sorted(os.listdir(os.path.join(content, "regions")))
        datas = {}
        for region in regions:
            path = os.path.join(out, region, "data.json")
            golden = os.path.join(expected, "data", region + ".json")
            try:
                with open(path, encoding="utf-8") as f:
                    actual = f.read()
                datas[region] = json.loads(actual)
            except (OSError, ValueError) as e:
                check(f"{case}: {region}/data.json exists and is JSON", False, str(e))
                continue
            if UPDATE:
                os.makedirs(os.path.dirname(golden), exist_ok=True)
                with open(golden, "w", encoding="utf-8") as f:
                    f.write(actual)
                print(f"UPDATED {os.path.relpath(golden, SOURCE)}")
            try:
                with open(golden, encoding="utf-8") as f:
                    want = f.read()
            except OSError:
                check(f"{case}: golden {region}.json exists (run with UPDATE_GOLDEN=1)", False)
                continue
            check(f"{case}: {region}/data.json equals expected/data/{region}.json", actual == want,
                  first_diff(want, actual))

        # Output file list: what the contract promises, nothing else outside assets/.
        want_files = {"index.html", "sitemap.xml", "vergelijking.html", "assets/routekaart.css", "offline.html", "sw.js"}
        want_files |= {f"guidance/{s}.html" for s in md_slugs(os.path.join(content, "guidance"))}
        for region in regions:
            want_files |= {f"{region}/index.html", f"{region}/data.json", f"{region}/offline.json"}
            want_files.add(f"{region}/feed.xml")
            want_files |= {f"{region}/embed.html"}  # the map for a municipality's site to frame
            want_files |= {f"{region}/{p['id']}.html" for p in datas.get(region, {}).get("provisions", [])}
            want_files |= {f"{region}/guidance/{s}.html"
                           for s in md_slugs(os.path.join(content, "regions", region, "guidance"))}
        # The open data: index.json and the HSDS API, a service per provision
        # and an organization per provider, named by their UUIDs.
        want_files |= {"index.json"} | {f"{api}/{name}.json" for api in ["hsds"] + [f"{r}/hsds" for r in regions]
                                        for name in ("index", "services", "organizations")}
        for region in regions:
            for p in datas.get(region, {}).get("provisions", []):
                for api in ("hsds", f"{region}/hsds"):
                    want_files.add(f"{api}/services/{uuid_for('service', region, p['id'])}.json")
                    if p["provider"]:
                        want_files.add(f"{api}/organizations/"
                                       f"{uuid_for('organization', region, p['provider']['id'])}.json")
        have = list_files(out)
        # Organizations of providers no provision names are published too.
        extra = {f for f in have - want_files
                 if not f.startswith("assets/") and not re.fullmatch(r"([a-z0-9-]+/)?hsds/organizations/"
                                                                     r"[0-9a-f-]{36}\.json", f)}
        check(f"{case}: output file list", want_files <= have and not extra,
              f"missing {sorted(want_files - have)}, unexpected {sorted(extra)}")

        # The stylesheet and script pages link to are named by their bytes
        # (so a web server may cache them for a year): the same bytes as the
        # plain-named copy, the name the FNV-1a hash gen/build.c gives them.
        page = open(os.path.join(out, "index.html"), encoding="utf-8").read()
        for ext in ("css", "js"):
            m = re.search(r'(?:href|src)="[^"]*assets/(routekaart\.([0-9a-f]{8})\.%s)"' % ext, page)
            if not check(f"{case}: index.html links to a fingerprinted routekaart.{ext}", m, page[:400]):
                continue
            data = open(os.path.join(out, "assets", "routekaart." + ext), "rb").read()
            hashed = os.path.join(out, "assets", m.group(1))
            check(f"{case}: {m.group(1)} holds the bytes of routekaart.{ext}",
                  os.path.isfile(hashed) and open(hashed, "rb").read() == data)
            h = 1469598103934665603
            for b in data:
                h = ((h ^ b) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
            check(f"{case}: the name of routekaart.{ext} is the hash of its bytes", m.group(2) == "%08x" % (h >> 32),
                  "%s != %08x" % (m.group(2), h >> 32))

        # HTML fragments.
        frag_file = os.path.join(expected, "html.txt")
        if os.path.isfile(frag_file):
            with open(frag_file, encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    line = line.rstrip("\n")
                    if not line.strip() or line.startswith("#"):
                        continue
                    name, _, fragment = line.partition("\t")
                    # "!FILE": the fragment must not occur (the first step has no "previous").
                    absent = name.startswith("!")
                    name = name.lstrip("!")
                    try:
                        with open(os.path.join(out, name), encoding="utf-8") as g:
                            text = g.read()
                    except OSError:
                        text = None
                    if absent:
                        check(f"{case}: html.txt:{n} {name} lacks {fragment[:70]!r}", text is not None and fragment not in text,
                              "file missing" if text is None else "found")
                        continue
                    check(f"{case}: html.txt:{n} {name} contains {fragment[:70]!r}", text is not None and fragment in text,
                          "file missing" if text is None else "not found")
        else:
            check(f"{case}: expected/html.txt exists", False)

        for region in regions:
            if region in datas:
                check_hooks(case, out, region, datas[region])
        check_links(case, out, base, datas, SITEMAP_BASE.get(case))
        semantic_checks(case, datas)

        for name, extra_args, vbase in VARIANTS.get(case, []):
            vout = os.path.join(tmp, "variant")
            r = build(case_dir, vout, extra_args)
            if not check(f"{case} {name}: builds with exit 0", r.returncode == 0, (r.stderr or r.stdout).strip()[-2000:]):
                continue
            vdatas = {}
            for region in regions:
                try:
                    with open(os.path.join(vout, region, "data.json"), encoding="utf-8") as f:
                        vdatas[region] = json.load(f)
                except (OSError, ValueError) as e:
                    check(f"{case} {name}: {region}/data.json", False, str(e))
            check_links(f"{case} {name}", vout, vbase, vdatas)
            # Only the base differs from the normal build.
            same = all(json.dumps(vdatas.get(r)).replace(json.dumps(vbase)[1:-1], json.dumps(base)[1:-1])
                       == json.dumps(datas.get(r)) for r in regions)
            check(f"{case} {name}: data.json differs from the normal build only in the base URL", same)


def check_title_boundary():
    """The browser tab holds "page · site" up to 70 characters (not bytes:
    the titles hold an ë); past that the page's title alone."""
    site = "Minimale routekaart"
    titles = {n: ("Zorg voor ouders en kinderen, ëën " + "x" * 40)[:n - len(site) - 3] for n in (69, 70, 71)}
    with tempfile.TemporaryDirectory() as tmp:
        region = os.path.join(tmp, "content", "regions", "testregio")
        os.makedirs(region)
        with open(os.path.join(tmp, "content", "site.yaml"), "w", encoding="utf-8") as f:
            f.write(f"title: {site}\n")
        with open(os.path.join(region, "region.yaml"), "w", encoding="utf-8") as f:
            f.write("name: Testregio\nprovisions:\n" + "".join(
                f"  - id: titel-{n}\n    title: {t}\n    lane: basiszorg\n    from: bevalling\n"
                f"    costs: [standaard]\n    summary: Tekst.\n" for n, t in titles.items()))
        out = os.path.join(tmp, "public")
        r = build(tmp, out)
        if not check("title boundary: the site builds", r.returncode == 0, r.stderr[-2000:]):
            return
        got, want = {}, {}
        for n, t in titles.items():
            doc = parse_html(os.path.join(out, "testregio", f"titel-{n}.html"))
            got[n] = next((e.text() for e in doc.iter() if e.tag == "title"), None)
            want[n] = t if n > 70 else f"{t} · {site}"
        check("title boundary: 'page · site' of 69 and 70 characters whole, of 71 the page's title alone",
              got == want, got)


def check_journey_fields():
    """Any one journey field of a step gives its route the journey table;
    a route without any has none."""
    fields = {
        "touchpoint": "touchpoint: Huisbezoek thuis",
        "emotion": "emotion: -1",
        "pain": "pain: Lange wachttijd",
        "improvement": "improvement: Eerder bellen",
        "moment-of-truth": "moment_of_truth: Wie niet gebeld wordt, haakt af.",
        "handover": "handover: {to: jgz-routeland, owner: Coördinator}",
    }
    source = os.path.join(SITES, "routes-journey", "content")
    with open(os.path.join(source, "regions", "routeland", "region.yaml"), encoding="utf-8") as f:
        head = f.read().split("\nroutes:\n")[0]
    routes = "".join(f"  - id: alleen-{name}\n    title: Alleen {name}\n    audience: basiszorg\n"
                     f"    steps:\n      - verloskundige\n      - provision: huisbezoek\n        {line}\n"
                     for name, line in fields.items())
    routes += "  - id: zonder\n    title: Zonder klantreis\n    audience: basiszorg\n    steps: [verloskundige, huisbezoek]\n"
    with tempfile.TemporaryDirectory() as tmp:
        region = os.path.join(tmp, "content", "regions", "routeland")
        os.makedirs(region)
        with open(os.path.join(source, "site.yaml"), encoding="utf-8") as f, \
                open(os.path.join(tmp, "content", "site.yaml"), "w", encoding="utf-8") as g:
            g.write(f.read())
        with open(os.path.join(region, "region.yaml"), "w", encoding="utf-8") as f:
            f.write(head + "\nroutes:\n" + routes)
        out = os.path.join(tmp, "public")
        r = build(tmp, out)
        if not check("journey fields: the site builds", r.returncode == 0, r.stderr[-2000:]):
            return
        doc = parse_html(os.path.join(out, "routeland", "index.html"))
        tables = {}
        for article in doc.iter():
            if article.tag == "article" and "data-route" in article.attrs:
                tables[article.attrs["data-route"]] = any(
                    n.tag == "table" and "journey" in n.attrs.get("class", "").split() for n in article.iter())
        want = {f"alleen-{name}": True for name in fields} | {"zonder": False}
        check("journey fields: each field alone gives its route the journey table, none gives none",
              tables == want, tables)


def main():
    global BINARY
    if len(sys.argv) < 2:
        print("usage: test_sites.py /path/to/routekaart [case ...]", file=sys.stderr)
        sys.exit(2)
    BINARY = str(binary())
    for case in sys.argv[2:] or CASES:
        run_case(case)
    if not sys.argv[2:]:
        check_title_boundary()
        check_journey_fields()
    finish()


if __name__ == "__main__":
    main()
