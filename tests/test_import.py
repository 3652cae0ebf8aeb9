#!/usr/bin/env python3
"""Spreadsheet import: `routekaart import providers FILE.csv --region ID`.

Usage: python3 tests/test_import.py /path/to/routekaart
Env:   ROUTEKAART_SOURCE_DIR (default: the folder above this script)

The CSV fixtures are in tests/import/:
  sociale-kaart.csv   UTF-8 with BOM, ';', CRLF, Dutch headers (Naam;Website;
                      Telefoon;E-mail;Adres;Postcode;Plaats) and an unknown
                      column; quoted fields holding ';' and doubled quotes, a
                      cell with a line break in the last row; a row without a
                      name, a bad website, a bad e-mail, a bad phone, a
                      duplicate name, an empty row; accents in names (é, Éé, ö)
  providers-en.csv    UTF-8 without BOM, ',', LF, English headers (id,name,url,
                      phone,email,address) and an unknown column; quoted fields
                      with ',', doubled quotes and line breaks; a duplicate id,
                      an invalid id, an ftp:// website, a row without a name
  varianten.csv       BOM and ',' with a quoted header holding ';', other
                      Dutch header names in capitals (ORGANISATIE, Telefoonnummer,
                      E-mailadres, Webadres, Straat, Woonplaats)
  regelafbreking.csv  bad rows after a cell spanning three lines: the report
                      must point at the file line (FILE:LINE:1) and name the
                      spreadsheet row ("row N"), which differ there
  null-woorden.csv    names, ids and places that are YAML's null words (Null,
                      null, NULL, ~): they must come back as text, not as
                      "not given" (found by fuzz/fuzz_import.c)

For each: imported into a new region of a copy of the example site, the
region.yaml written holds exactly the expected providers (read with a tiny
reader of the emitted list) and `routekaart check` exits 0; a provision
using every provider then builds, and data.json shows each provider's fields
as expected (so the YAML quoting survives a real parser). Warnings are
`FILE.csv:LINE:1: warning: row ROW ...`, each once, none other.

Into an existing region.yaml: without --force exit 1, file byte-for-byte
unchanged; with --force the providers list is replaced and every other line
(comments, provisions, routes) is kept. Failures (not UTF-8, empty, header
only, no name column, missing file, bad region id, no site in -C) exit 1 and
write nothing; usage errors exit 2.

Prints `ok - name` / `not ok - name: why` per check, then `N passed,
M failed`; exits 1 on any failure.
"""

import json
import os
import re
import shutil
import tempfile

import testlib
# testlib.tree_hash also hashes modes: stricter than "same paths, same bytes".
from testlib import binary, check, finish, run_binary, tree_hash

SOURCE = os.path.abspath(testlib.SOURCE)
FIXTURES = os.path.join(SOURCE, "tests", "import")
TIMEOUT = 60
KEYS = ["id", "name", "url", "phone", "email", "address"]

BINARY = None
WORK = None  # the folder the commands run in; the CSV files are copied there


def run(*args):
    return run_binary(BINARY, args, cwd=WORK, timeout=TIMEOUT)


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)



def P(id, name, url=None, phone=None, email=None, address=None):
    d = {"id": id, "name": name, "url": url, "phone": phone, "email": email, "address": address}
    return {k: v for k, v in d.items() if v is not None}


# Each fixture: the providers expected (in order, only the keys written) and
# the warnings: (file line, spreadsheet row, a fragment of the message).
EXPECTED = {
    "sociale-kaart.csv": {
        "providers": [
            P("verloskundigenpraktijk-de-wieg", "Verloskundigenpraktijk De Wieg", "https://example.nl/wieg",
              "0348 111 111", "wieg@example.nl", "Kerkstraat 1, 3441 AB Woerden"),
            P("cafe-ons-huis", "Café Ons Huis", "https://example.nl/cafe", "0348 111 222", "cafe@example.nl",
              "Dorpsstraat 2, 3417 AA Montfoort"),
            P("kraamzorg-een", "Kraamzorg Één", None, "0348 111 444", "een@example.nl", "Oudewater"),
            P("jeugdhulp-koln", "Jeugdhulp Köln", "https://example.nl/koln", "0348 111 555"),
            P("huisarts-de-brug-woerden", 'Huisarts "De Brug"; Woerden', "https://example.nl/brug", "0348 111 666",
              "brug@example.nl", "Brugweg 6; achterom, 3441 AH Woerden"),
            P("bibliotheek-oude-rijn-1", "Bibliotheek: Oude Rijn #1", "https://example.nl/bieb",
              "+31 (0)348-111999", "bieb@example.nl", "Boekenplein 1, 3441 AG Woerden"),
            P("welzijn-oudewater", "Welzijn Oudewater", "https://example.nl/welzijn", None, "welzijn@example.nl",
              "Oudewater"),
            P("ggz-moeder-kind", "GGZ Moeder & Kind", "https://example.nl/ggz", "0348 111 888", "ggz@example.nl",
              "Lange Straat 5, achterom, 3441 AJ Woerden"),
        ],
        "rows": [
            (4, 4, "has no name; skipped"),
            (5, 5, "website 'www.kraamzorg-een.nl'"),
            (6, 6, "e-mail 'jeugdhulp-at-example.nl'"),
            (8, 8, "id 'verloskundigenpraktijk-de-wieg' is already used"),
            (11, 11, "phone 'bel ons'"),
        ],
        "columns": [("Opmerking", 8)],
    },
    "providers-en.csv": {
        "providers": [
            P("jgz-noord", "Youth Health North", "https://example.nl/jgz", "030 123 4567", "jgz@example.nl",
              "Main Street 1, 1234 AB Utrecht"),
            P("midwives-the-cradle-utrecht", 'Midwives "The Cradle", Utrecht', "https://example.nl/cradle",
              "030 123 4568", "cradle@example.nl", "Side Street 2, 1234 AC Utrecht"),
            P("doula-zoe", "Doula Zoë", None, "030 123 4570", "zoe@example.nl"),
            P("emile-zorg", "Émile Zorg", "https://example.nl/emile", None, "emile@example.nl"),
            P("zorg-op-maat-thuis-en-in-de-wijk", 'Zorg "op maat", thuis en in de wijk', "https://example.nl/opmaat",
              "030 123 4572", "opmaat@example.nl", "Wijkweg 1, 1234 AD Utrecht"),
        ],
        "rows": [
            (4, 4, "id 'jgz-noord' is already used"),
            (5, 5, "website 'ftp://example.nl/zoe'"),
            (6, 6, "has no name; skipped"),
            (7, 7, "id 'Mijn Id' is not valid"),
        ],
        "columns": [("notes", 7)],
    },
    "varianten.csv": {
        "providers": [
            P("stichting-eentje", "Stichting Ééntje", "http://example.nl/eentje", "06-12345678",
              "info@eentje.example.nl", "Singel 3, Utrecht"),
            P("moederhuis-zoe-chloe", "Moederhuis Zoë & Chloë"),
        ],
        "rows": [],
        "columns": [("Doelgroep; leeftijd", 7)],
    },
    "regelafbreking.csv": {
        "providers": [
            P("kraamhotel-de-ooievaar", "Kraamhotel De Ooievaar", None, None, "ooievaar@example.nl",
              "Zeedijk 1, achteringang, (bel aan)"),
            P("buurtzorg-jong", "Buurtzorg Jong", address="Pleintje 3"),
        ],
        # Row 2 spans lines 2-4: rows 3, 4 and 5 start on lines 5, 6 and 7.
        "rows": [
            (5, 3, "has no name; skipped"),
            (6, 4, "e-mail 'buurtzorg-example.nl'"),
            (7, 5, "id 'kraamhotel-de-ooievaar' is already used"),
        ],
        "columns": [],
    },
    "null-woorden.csv": {
        "providers": [
            P("null", "Null", address="~"),
            P("stichting-null", "NULL", address="NULL"),
            P("stichting", "Stichting ~", address="Null"),
        ],
        "rows": [],
        "columns": [],
    },
}


# ---- a tiny reader of the emitted providers list ---------------------------

def unquote(v):
    if v.startswith('"'):
        return json.loads(v)  # raises on anything but a plain double-quoted scalar
    if v.startswith("'"):
        if not (len(v) >= 2 and v.endswith("'")):
            raise ValueError("unterminated single-quoted scalar %r" % v)
        return v[1:-1].replace("''", "'")
    if v[:1] in "&*!|>%@`[]{},#" or " #" in v or ": " in v:
        raise ValueError("not a safe plain scalar: %r" % v)
    return v


def read_providers(text):
    """The `providers:` list of a region.yaml as written by the import:
    (list of dicts, index of its first line, index after its last line),
    or raises ValueError."""
    lines = text.splitlines()
    start = next((i for i, l in enumerate(lines) if re.match(r"^providers:\s*$", l)), None)
    if start is None:
        raise ValueError("no 'providers:' line")
    items, i = [], start + 1
    while i < len(lines):
        line = lines[i]
        # Items indented by two spaces under the key, as in the scaffolds.
        if line.startswith("  - "):
            items.append({})
            body = line[4:]
        elif line.startswith("    ") and items:
            body = line[4:]
        else:
            break
        m = re.match(r"^([a-z]+): (.*)$", body)
        if not m:
            raise ValueError("line %d is not 'key: value': %r" % (i + 1, line))
        key, value = m.group(1), unquote(m.group(2))
        if key in items[-1]:
            raise ValueError("key %r twice in one provider" % key)
        items[-1][key] = value
        i += 1
    return items, start, i


def warning_lines(stderr, csv):
    return [l for l in stderr.splitlines() if l.startswith(csv + ":")]


def check_warnings(label, csv, stderr, spec):
    lines = warning_lines(stderr, csv)
    used = set()
    for line_no, row, fragment in spec["rows"]:
        at = [l for l in lines if l.startswith("%s:%d:1: warning: " % (csv, line_no)) and fragment in l]
        what = "row %d (%s)" % (row, fragment)
        if not check("%s: %s is reported once at %s:%d:1 as a warning" % (label, what, csv, line_no), len(at) == 1,
                     "matching lines %r; all: %r" % (at, lines)):
            continue
        used.add(at[0])
        message = at[0].split(": warning: ", 1)[1]
        check("%s: the report of %s names 'row %d'" % (label, what, row), re.match(r"row %d\b" % row, message),
              repr(message))
    for column, index in spec["columns"]:
        mentions = [l for l in lines if "'%s'" % column in l]
        ok = (len(mentions) == 1 and mentions[0].startswith("%s:1:%d: warning: " % (csv, index)))
        check("%s: the unknown column '%s' is reported once, at %s:1:%d" % (label, column, csv, index), ok,
              repr(mentions))
        used.update(mentions)
    extra = [l for l in lines if l not in used]
    check("%s: no other report about the CSV" % label, not extra, repr(extra))


def provision_using(pid, provider):
    # Quoted: a provider id "null" written plain would be YAML's null.
    return ("  - id: %s\n    title: Aanbod van %s\n    lane: steuntje\n    from: zwangerschap:m4\n"
            "    costs: [standaard]\n    provider: %s\n" % (pid, provider, json.dumps(provider)))


def check_data_json(label, site, region, expected):
    """Adds a provision per provider to a copy of `site`, builds it and
    compares each provider in data.json with `expected`."""
    copy = os.path.join(WORK, "sem-" + region)
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(os.path.join(site, "content"), os.path.join(copy, "content"))
    path = os.path.join(copy, "content", "regions", region, "region.yaml")
    text = read(path)
    if "\nprovisions:" in text:
        check("%s: (test setup) the region has no provisions yet" % label, False)
        return
    text = text.rstrip("\n") + "\n\nprovisions:\n" + "".join(
        provision_using("met-%s" % p["id"], p["id"]) for p in expected)
    write(path, text)
    rc, out, err = run("build", copy)
    if not check("%s: with a provision per provider the site builds" % label, rc == 0,
                 "exit %s; %s" % (rc, err.strip()[-400:])):
        return
    with open(os.path.join(copy, "public", region, "data.json"), encoding="utf-8") as f:
        data = json.load(f)
    got = {p["id"]: p.get("provider") for p in data.get("provisions", [])}
    for p in expected:
        want = {k: p.get(k) for k in KEYS}
        have = got.get("met-" + p["id"])
        have = {k: have.get(k) for k in KEYS} if isinstance(have, dict) else have
        check("%s: data.json has provider '%s' as imported" % (label, p["id"]), have == want,
              "got %r, want %r" % (have, want))
    shutil.rmtree(copy, ignore_errors=True)


# ---- the tests ----------------------------------------------------------------

def test_new_regions(site):
    for csv, spec in EXPECTED.items():
        region = csv[: -len(".csv")]
        label = csv
        path = os.path.join(site, "content", "regions", region, "region.yaml")
        rc, out, err = run("import", "providers", csv, "--region", region, "-C", site)
        if not check("%s: import into the new region '%s' exits 0" % (label, region), rc == 0,
                     "exit %s; %s" % (rc, err.strip()[-400:])):
            continue
        check("%s: region.yaml is created" % label, os.path.isfile(path))
        check("%s: it says how many providers it imported" % label,
              ("imported %d provider" % len(spec["providers"])) in out, repr(out))
        check_warnings(label, csv, err, spec)
        text = read(path)
        check("%s: region.yaml starts with the yaml-language-server line" % label,
              text.startswith("# yaml-language-server: $schema=../../../schema/region.schema.json\n"),
              repr(text[:80]))
        check("%s: region.yaml is UTF-8 without a byte order mark" % label, not text.startswith("\ufeff"))
        try:
            providers, _, end = read_providers(text)
            rest = text.splitlines()[end:]
            problem = None if not [l for l in rest if l.strip()] else "text after the list: %r" % rest[:3]
        except ValueError as e:
            providers, problem = None, str(e)
        check("%s: region.yaml holds a plain providers list" % label, providers is not None and problem is None,
              problem or "")
        if providers is not None:
            ids = [p.get("id") for p in providers]
            check("%s: the provider ids are %s" % (label, ", ".join(p["id"] for p in spec["providers"])),
                  ids == [p["id"] for p in spec["providers"]], repr(ids))
            for want in spec["providers"]:
                have = next((p for p in providers if p.get("id") == want["id"]), None)
                if have is not None:
                    check("%s: provider '%s' has exactly the expected fields" % (label, want["id"]), have == want,
                          "got %r, want %r" % (have, want))
        rc, out, err = run("check", site)
        check("%s: `routekaart check` exits 0 after the import" % label, rc == 0,
              "exit %s; %s" % (rc, [l for l in err.splitlines() if ": error: " in l][:3]))
        check_data_json(label, site, region, spec["providers"])


FORCE_REGION = """# yaml-language-server: $schema=../../../schema/region.schema.json
# Regio Zuid: met de hand bijgehouden. Deze opmerkingen blijven staan.
name: Regio Zuid – één coöperatie
updated: 2026-10-01
contact: {name: Coördinator, email: zuid@example.nl}

# Aanbieders: worden vervangen door de import van de sociale kaart.
providers:
  - id: oude-aanbieder        # verouderd
    name: Oude aanbieder
  # nog een oude, uitgezet:
  # - id: uitgezet
  - id: tweede-oude
    name: Tweede oude aanbieder
    phone: "0000 000 000"

# Voorzieningen
provisions:
  - use: consultatiebureau
    provider: jgz-noord        # komt uit de import
  - id: inloop-zuid
    title: Inloopspreekuur Zuid
    lane: steuntje
    from: zwangerschap:m4
    costs: [standaard]
    provider: midwives-the-cradle-utrecht
  - id: doula-zuid
    title: Doula
    lane: steuntje
    from: zwangerschap:m6
    to: babyfase:w2
    costs: [aanvullend-verzekerd]
    provider: doula-zoe

routes:
  - id: basis
    title: Basis
    audience: basiszorg
    steps: [inloop-zuid, consultatiebureau]

# einde van het bestand
"""


def test_existing_region(site):
    # The example site's own region, without --force.
    uw = os.path.join(site, "content", "regions", "utrecht-west", "region.yaml")
    before_bytes, before_tree = read_bytes(uw), tree_hash(site)
    rc, out, err = run("import", "providers", "providers-en.csv", "--region", "utrecht-west", "-C", site)
    check("existing region without --force: exits 1", rc == 1, "exit %s" % rc)
    check("existing region without --force: region.yaml byte-for-byte unchanged", read_bytes(uw) == before_bytes)
    check("existing region without --force: nothing else changed", tree_hash(site) == before_tree)
    check("existing region without --force: the message mentions --force", "--force" in err, repr(err[-300:]))

    # A hand-kept region, with --force.
    path = os.path.join(site, "content", "regions", "zuid", "region.yaml")
    write(path, FORCE_REGION)
    before = read_bytes(path)
    rc, _, err = run("import", "providers", "providers-en.csv", "--region", "zuid", "-C", site)
    check("hand-kept region without --force: exits 1 and the file is unchanged",
          rc == 1 and read_bytes(path) == before, "exit %s" % rc)
    rc, out, err = run("import", "providers", "providers-en.csv", "--region", "zuid", "--force", "-C", site)
    if not check("hand-kept region with --force: exits 0", rc == 0, "exit %s; %s" % (rc, err.strip()[-300:])):
        return
    text = read(path)
    old = FORCE_REGION.splitlines(keepends=True)
    first = old.index("providers:\n")
    last = max(i for i, l in enumerate(old) if i > first and l.startswith("    phone: \"0000"))
    prefix, suffix = "".join(old[:first]), "".join(old[last + 1:])
    check("--force: every line before the providers list is kept", text.startswith(prefix),
          repr(text[:len(prefix)][-200:]))
    check("--force: every line after it (blank line, comments, provisions, routes) is kept",
          text.endswith(suffix), repr(text[-len(suffix):][:200]))
    try:
        providers, _, _ = read_providers(text)
    except ValueError as e:
        providers = None
        check("--force: the new providers list reads", False, str(e))
    if providers is not None:
        check("--force: the providers are exactly those of the CSV", providers == EXPECTED["providers-en.csv"]["providers"],
              repr(providers)[:400])
    check("--force: the old providers are gone", "oude-aanbieder" not in text and "tweede-oude" not in text)
    if text.startswith(prefix) and text.endswith(suffix) and len(text) >= len(prefix) + len(suffix):
        middle = text[len(prefix):len(text) - len(suffix)]
        check("--force: only the providers list is between them", middle.startswith("providers:\n")
              and read_providers(middle)[2] == len(middle.splitlines()), repr(middle[:200]))
    rc, out, err = run("check", site)
    check("--force: `routekaart check` exits 0", rc == 0,
          "exit %s; %s" % (rc, [l for l in err.splitlines() if ": error: " in l][:3]))
    rc, out, err = run("build", site)
    if check("--force: the site builds", rc == 0, err.strip()[-300:]):
        with open(os.path.join(site, "public", "zuid", "data.json"), encoding="utf-8") as f:
            data = json.load(f)
        by_id = {p["id"]: p.get("provider") or {} for p in data.get("provisions", [])}
        cradle = next(p for p in EXPECTED["providers-en.csv"]["providers"] if p["id"] == "midwives-the-cradle-utrecht")
        check("--force: data.json shows the imported provider of a provision",
              {k: by_id.get("inloop-zuid", {}).get(k) for k in KEYS} == {k: cradle.get(k) for k in KEYS},
              repr(by_id.get("inloop-zuid")))

    # Nothing usable: an existing file must survive --force untouched.
    before = read_bytes(path)
    rc, _, err = run("import", "providers", "alleen-kop.csv", "--region", "zuid", "--force", "-C", site)
    check("--force with a CSV without usable rows: exits 1, file unchanged", rc == 1 and read_bytes(path) == before,
          "exit %s" % rc)

    # `providers: []`, no providers key at all, providers last without a final
    # newline: (label, region, file, the lines the import may remove).
    cases = [
        ("--force on 'providers: []'", "leeg",
         "name: Leeg\n\n# aanbieders\nproviders: []\n\n# voorzieningen\nprovisions:\n"
         + provision_using("inloop-leeg", "jgz-noord") + "\nroutes: []\n", ["providers: []"]),
        ("--force on a region.yaml without providers", "zonder",
         "name: Zonder – é ö\n\n# voorzieningen\nprovisions:\n" + provision_using("inloop-zonder", "jgz-noord")
         + "\nroutes: []\n", []),
        ("--force on a region.yaml with providers last, no final newline", "laatst",
         "name: Laatst\nprovisions:\n" + provision_using("inloop-laatst", "doula-zoe")
         + "providers:\n  - id: weg\n    name: Weg", ["providers:", "  - id: weg", "    name: Weg"]),
    ]
    for label, region, original, removed in cases:
        path = os.path.join(site, "content", "regions", region, "region.yaml")
        write(path, original)
        rc, out, err = run("import", "providers", "providers-en.csv", "--region", region, "--force", "-C", site)
        if not check("%s: exits 0" % label, rc == 0, "exit %s; %s" % (rc, err.strip()[-300:])):
            continue
        text = read(path)
        try:
            providers, start, end = read_providers(text)
        except ValueError as e:
            check("%s: the providers list reads" % label, False, str(e))
            continue
        check("%s: the providers are those of the CSV" % label,
              providers == EXPECTED["providers-en.csv"]["providers"], repr(providers)[:300])
        lines = text.splitlines()
        kept = [l for l in lines[:start] + lines[end:] if l.strip()]
        wanted = [l for l in original.splitlines() if l.strip() and l not in removed]
        check("%s: every other line is kept" % label, kept == wanted, "kept %r, wanted %r" % (kept, wanted))
        rc, _, err = run("build", site)
        check("%s: the site builds" % label, rc == 0, err.strip()[-300:])


def test_failures(site, tmp):
    def nothing_written(label, args, root=site, want=1, fragment=None):
        before = tree_hash(root)
        rc, out, err = run(*args)
        check("%s: exits %d" % (label, want), rc == want,
              "exit %s; %s" % (rc, (out if rc == 0 else err).strip()[-300:]))
        check("%s: writes nothing" % label, tree_hash(root) == before)
        if fragment:
            check("%s: the message says %r" % (label, fragment), fragment in err, repr(err[-300:]))

    nothing_written("a CSV in Latin-1 (not UTF-8)",
                    ["import", "providers", "latin1.csv", "--region", "latijn", "-C", site], fragment="UTF-8")
    nothing_written("an empty CSV", ["import", "providers", "leeg.csv", "--region", "leeg-csv", "-C", site])
    nothing_written("a CSV with only a header row",
                    ["import", "providers", "alleen-kop.csv", "--region", "kop", "-C", site])
    nothing_written("a CSV without a name column",
                    ["import", "providers", "geen-naam.csv", "--region", "geen-naam", "-C", site], fragment="naam")
    nothing_written("a CSV that does not exist",
                    ["import", "providers", "bestaat-niet.csv", "--region", "nergens", "-C", site])
    nothing_written("an invalid region id 'Regio Zuid'",
                    ["import", "providers", "providers-en.csv", "--region", "Regio Zuid", "-C", site])
    nosite = os.path.join(tmp, "geen-site")
    os.makedirs(nosite)
    nothing_written("-C a folder without a site (no content/site.yaml)",
                    ["import", "providers", "providers-en.csv", "--region", "noord", "-C", nosite], root=nosite)
    for args in (["import"], ["import", "providers"], ["import", "providers", "providers-en.csv"],
                 ["import", "aanbieders", "providers-en.csv", "--region", "x"],
                 ["import", "providers", "providers-en.csv", "--region"],
                 ["import", "providers", "a.csv", "b.csv", "--region", "x"]):
        nothing_written("usage error %r" % " ".join(["routekaart"] + args), args + ["-C", site]
                        if args[-1] != "--region" else args, want=2)


def test_new_site_schema(tmp):
    """In a site made by `new site`, the schema line of an imported region
    leads to the schema."""
    site = os.path.join(tmp, "verse-site")
    rc, _, err = run("new", "site", site)
    if not check("a fresh site for the schema check: new site exits 0", rc == 0, err.strip()[-200:]):
        return
    rc, _, err = run("import", "providers", "varianten.csv", "--region", "vers", "-C", site)
    check("import into a fresh site: exits 0", rc == 0, err.strip()[-300:])
    path = os.path.join(site, "content", "regions", "vers", "region.yaml")
    if os.path.isfile(path):
        m = re.match(r"# yaml-language-server: \$schema=(\S+)", read(path))
        target = m and os.path.normpath(os.path.join(os.path.dirname(path), m.group(1)))
        check("import into a fresh site: the schema line leads to an existing file", m and os.path.isfile(target),
              repr(target))
    rc, _, err = run("check", site)
    check("import into a fresh site: check exits 0", rc == 0, err.strip()[-300:])


def main():
    global BINARY, WORK
    BINARY = str(binary())
    tmp = tempfile.mkdtemp(prefix="routekaart-import-")
    try:
        WORK = os.path.join(tmp, "werk")
        os.makedirs(WORK)
        for name in os.listdir(FIXTURES):
            if name.endswith(".csv"):
                shutil.copy(os.path.join(FIXTURES, name), os.path.join(WORK, name))
        # Failure cases made here: they are not worth a fixture file each.
        with open(os.path.join(WORK, "latin1.csv"), "wb") as f:
            f.write("Naam;Plaats\r\nCafé Ons Huis;Woerden\r\n".encode("latin-1"))
        write(os.path.join(WORK, "leeg.csv"), "")
        write(os.path.join(WORK, "alleen-kop.csv"), "Naam;Website;Telefoon\r\n")
        write(os.path.join(WORK, "geen-naam.csv"), "Website;Plaats\nhttps://example.nl/;Woerden\n")

        site = os.path.join(tmp, "site")
        shutil.copytree(os.path.join(SOURCE, "content"), os.path.join(site, "content"))
        test_new_regions(site)
        test_existing_region(site)
        test_failures(site, tmp)
        test_new_site_schema(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    finish()


if __name__ == "__main__":
    main()
