#!/usr/bin/env python3
"""Search engines and feeds (README, "Search engines and feeds"), on the
example site (content/), built twice:

- every page type has a meta description of at most 170 characters, and the
  provision pages' are all different; with public_url, a canonical link to
  the page's public address; the breadcrumb's first link says where it goes;
- the JSON-LD data blocks parse: a GovernmentService per provision page
  (name, description, url, provider with telephone/url/email, areaServed =
  the municipalities, audience, availableChannel) and a Dataset per map
  whose distribution names data.json, the HSDS API and the feed;
- <region>/feed.xml parses as Atom: one entry per provision of data.json,
  ids urn:uuid: that are the same in both builds and never shared between
  regions, `updated` from the content (the provision's checked, which
  data.json gives as the region's updated when not written), links to the
  pages; the map links it; both builds give the same bytes.

Usage: python3 tests/test_seo.py /path/to/routekaart
"""
import html
import html.parser
import json
import os
import re
import subprocess
import tempfile
import xml.etree.ElementTree as ET

from testlib import SOURCE, binary, check, finish

ATOM = "{http://www.w3.org/2005/Atom}"
UUID = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


class Head(html.parser.HTMLParser):
    """The meta description, canonical link, alternate links, JSON-LD
    blocks and the breadcrumb's first link of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.description, self.canonical, self.alternates, self.blocks = [], [], [], []
        self.crumbs, self._in_block, self._in_crumbs, self._crumb = [], False, False, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name") == "description":
            self.description.append(a.get("content"))
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a.get("href"))
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates.append((a.get("type"), a.get("href")))
        if tag == "script" and a.get("type") == "application/ld+json":
            self._in_block = True
            self.blocks.append("")
        if tag == "nav" and "breadcrumb" in (a.get("class") or ""):
            self._in_crumbs = True
        if tag == "a" and self._in_crumbs:
            self._crumb = ""

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_block = False
        if tag == "nav":
            self._in_crumbs = False
        if tag == "a" and self._crumb is not None:
            self.crumbs.append(self._crumb.strip())
            self._crumb = None

    def handle_data(self, data):
        if self._in_block:
            self.blocks[-1] += data
        if self._crumb is not None:
            self._crumb += data


def head(out, rel):
    p = Head()
    with open(os.path.join(out, rel), encoding="utf-8") as f:
        p.feed(f.read())
    return p


def build(out):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")
    return subprocess.run([str(binary()), "build", str(SOURCE), "-o", out], capture_output=True, text=True, env=env)


def read_tree(root):
    files = {}
    for d, _, names in os.walk(root):
        for n in names:
            path = os.path.join(d, n)
            with open(path, "rb") as f:
                files[os.path.relpath(path, root)] = f.read()
    return files


def site_public_url():
    with open(os.path.join(SOURCE, "content", "site.yaml"), encoding="utf-8") as f:
        m = re.search(r"^public_url:\s*(\S+)", f.read(), re.M)
    url = m.group(1).strip("'\"")
    return url if url.endswith("/") else url + "/"


def check_descriptions(out, datas):
    pages = {"home": "index.html", "comparison": "vergelijking.html",
             "national guidance": "guidance/" + sorted(os.listdir(os.path.join(out, "guidance")))[0],
             "regional guidance": "utrecht-west/guidance/aanmelden-knooppunt.html"}
    for region in datas:
        pages[f"map {region}"] = f"{region}/index.html"
    for kind, rel in pages.items():
        d = head(out, rel).description
        check(f"{kind}: one meta description of 1 to 170 characters", len(d) == 1 and 0 < len(d[0] or "") <= 170,
              repr(d))
    seen = {}
    for region, data in datas.items():
        for p in data["provisions"]:
            rel = f"{region}/{p['id']}.html"
            d = head(out, rel).description
            seen[rel] = d[0] if len(d) == 1 else None
    too_long = {k: len(v) for k, v in seen.items() if not v or len(v) > 170}
    check(f"all {len(seen)} provision pages have a description of at most 170 characters", not too_long,
          str(too_long)[:300])
    values = [v for v in seen.values() if v]
    dupes = sorted({v for v in values if values.count(v) > 1})
    check("the provision pages' descriptions are all different", not dupes and len(values) == len(seen), str(dupes[:3]))
    cut = [v for v in values if len(v) > 160 and v.endswith("…")]
    check("a long description is cut on a word boundary with an ellipsis",
          cut and all(v[-2] != " " and v[:-1].rsplit(" ", 1)[0] for v in cut), str(cut[:2]))


def check_canonical_and_crumbs(out, datas):
    public = site_public_url()
    want = {"index.html": public, "utrecht-west/index.html": public + "utrecht-west/",
            "utrecht-west/kraamzorg.html": public + "utrecht-west/kraamzorg.html",
            "vergelijking.html": public + "vergelijking.html"}
    for rel, url in want.items():
        got = head(out, rel).canonical
        check(f"{rel}: canonical link to {url}", got == [url], str(got))
    for rel in ("utrecht-west/index.html", "utrecht-west/kraamzorg.html", "vergelijking.html"):
        crumbs = head(out, rel).crumbs
        check(f"{rel}: the breadcrumb's first link says where it goes", crumbs and crumbs[0] not in ("", "Start"),
              str(crumbs))


def check_service(region, data, p, block):
    try:
        ld = json.loads(block)
    except ValueError as e:
        check(f"{region}/{p['id']}.html: JSON-LD parses", False, str(e))
        return
    v = p.get("provider") or {}
    channel = ld.get("availableChannel") or {}
    provider = ld.get("provider") or {}
    ok = (ld.get("@context") == "https://schema.org" and ld.get("@type") == "GovernmentService"
          and ld.get("name") == p["title"] and ld.get("url", "").endswith(f"/{region}/{p['id']}.html")
          and ld.get("description")
          and [a["name"] for a in ld.get("areaServed", [])] == data["region"]["municipalities"]
          and all(a.get("@type") == "AdministrativeArea" for a in ld.get("areaServed", []))
          and (not p.get("audience") or ld.get("audience", {}).get("audienceType") == p["audience"])
          and channel.get("@type") == "ServiceChannel" and channel.get("serviceUrl")
          and (not v.get("phone") or channel.get("servicePhone", {}).get("telephone") == v["phone"])
          and (not v or (provider.get("@type") == "Organization" and provider.get("name") == v.get("name")
                         and provider.get("telephone") == v.get("phone") and provider.get("url") == v.get("url")
                         and provider.get("email") == v.get("email"))))
    return ok, ld


def check_json_ld(out, datas):
    bad, full = [], 0
    for region, data in datas.items():
        for p in data["provisions"]:
            blocks = head(out, f"{region}/{p['id']}.html").blocks
            r = check_service(region, data, p, blocks[0]) if len(blocks) == 1 else None
            if not r or not r[0]:
                bad.append(f"{region}/{p['id']}: {(r[1] if r else blocks)!s:.300}")
            elif all(k in r[1].get("provider", {}) for k in ("telephone", "url", "email")) and "audience" in r[1]:
                full += 1
    check("every provision page: one GovernmentService (name, description, url, provider, areaServed, audience, "
          "availableChannel) as data.json says", not bad, "; ".join(bad[:2]))
    check("the example exercises every field: a provider with telephone, url and email, and an audience", full > 0)
    for region in datas:
        blocks = head(out, f"{region}/index.html").blocks
        try:
            ld = json.loads(blocks[0]) if len(blocks) == 1 else {}
        except ValueError:
            ld = {}
        urls = [d.get("contentUrl", "") for d in ld.get("distribution", [])]
        want = [f"{region}/data.json", f"{region}/hsds/index.json", f"{region}/hsds/services.json", f"{region}/feed.xml"]
        check(f"{region}/index.html: a Dataset whose distribution names data.json, the HSDS API and the feed",
              ld.get("@type") == "Dataset" and len(urls) == 4 and all(u.endswith(w) for u, w in zip(urls, want)),
              str(urls))


def entries(out, region):
    root = ET.parse(os.path.join(out, region, "feed.xml")).getroot()
    return root, root.findall(ATOM + "entry")


def check_feeds(out, datas, second):
    all_ids = []
    for region, data in datas.items():
        try:
            root, items = entries(out, region)
        except (OSError, ET.ParseError) as e:
            check(f"{region}/feed.xml parses as XML", False, str(e))
            continue
        check(f"{region}/feed.xml is an Atom feed with id, title, updated, author and a self link",
              root.tag == ATOM + "feed" and UUID.match(root.findtext(ATOM + "id") or "")
              and root.findtext(ATOM + "title") and root.find(ATOM + "author/" + ATOM + "name") is not None
              and any(l.get("rel") == "self" for l in root.findall(ATOM + "link")))
        provisions = {p["id"]: p for p in data["provisions"]}
        by_link = {e.find(ATOM + "link").get("href").rsplit("/", 1)[-1][:-5]: e for e in items}
        check(f"{region}/feed.xml: one entry per provision", len(items) == len(provisions)
              and set(by_link) == set(provisions), f"{len(items)} entries, {len(provisions)} provisions")
        dates = {pid: (e.findtext(ATOM + "updated"), provisions[pid]["checked"] + "T00:00:00Z")
                 for pid, e in by_link.items() if pid in provisions}
        wrong = {k: v for k, v in dates.items() if v[0] != v[1]}
        check(f"{region}/feed.xml: each entry's updated is its checked date (else the region's updated)", not wrong,
              str(wrong)[:300])
        check(f"{region}/feed.xml: the feed's updated is the latest entry's",
              root.findtext(ATOM + "updated") == max(v[1] for v in dates.values()))
        check(f"{region}/feed.xml: every entry has a title and a summary",
              all(e.findtext(ATOM + "title") and e.findtext(ATOM + "summary") for e in items))
        ids = [e.findtext(ATOM + "id") for e in items]
        check(f"{region}/feed.xml: entry ids are urn:uuid: version-5 UUIDs", all(UUID.match(i or "") for i in ids))
        _, again = entries(second, region)
        check(f"{region}/feed.xml: the same ids in a second build", ids == [e.findtext(ATOM + "id") for e in again])
        all_ids += ids
        alt = head(out, f"{region}/index.html").alternates
        check(f"{region}/index.html links its feed (rel=alternate, application/atom+xml)",
              ("application/atom+xml", f"/{region}/feed.xml") in alt, str(alt))
    check("no entry id is shared, within or between regions", len(all_ids) == len(set(all_ids)) and all_ids)
    shared = set(p["id"] for p in datas["utrecht-west"]["provisions"]) & set(
        p["id"] for p in datas["zeeuws-vlaanderen"]["provisions"])
    check("the regions share provision ids (so distinct entry ids are shown)", len(shared) > 3, str(len(shared)))


def main():
    with tempfile.TemporaryDirectory(prefix="rk-seo-") as tmp:
        out, second = os.path.join(tmp, "a"), os.path.join(tmp, "b")
        for o in (out, second):
            r = build(o)
            if not check(f"the example builds ({os.path.basename(o)})", r.returncode == 0, r.stderr[-2000:]):
                finish()
        datas = {}
        for region in sorted(os.listdir(os.path.join(SOURCE, "content", "regions"))):
            with open(os.path.join(out, region, "data.json"), encoding="utf-8") as f:
                datas[region] = json.load(f)
        check_descriptions(out, datas)
        check_canonical_and_crumbs(out, datas)
        check_json_ld(out, datas)
        check_feeds(out, datas, second)
        a, b = read_tree(out), read_tree(second)
        differ = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
        check("two builds are byte-identical (feeds included)", not differ and any(k.endswith("feed.xml") for k in a),
              str(differ[:5]))
    finish()


if __name__ == "__main__":
    main()
