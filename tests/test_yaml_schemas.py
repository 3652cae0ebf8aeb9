#!/usr/bin/env python3
"""Checks the editor schemas for the content files (JSON Schema draft-07, for
the YAML language server in editors):

  schema/site.schema.json     content/site.yaml
  schema/catalog.schema.json  content/catalog.yaml
  schema/region.schema.json   content/regions/<id>/region.yaml

1. each schema is a valid draft-07 schema;
2. its keys and enums match the generator (gen/validate.c key tables,
   gen/timeline.c ids and columns), so a new key in the generator forces a
   schema update;
3. the example content and the fixture sites under tests/sites/ pass;
4. a few small documents that must pass or fail do so;
5. every case of the bad-input corpus tests/bad/<case>/ is listed either as
   CATCHABLE (a schema must reject at least one of its YAML files, and only
   files the expected errors name) or as NOT_CATCHABLE (with the reason).

YAML is read the way the editors' YAML 1.2 reader sees it: dates stay text
(the timestamp resolver is removed) and only true/false are booleans.

Usage: python3 tests/test_yaml_schemas.py /path/to/routekaart
       (the binary is not used; the argument is accepted for ctest)
Env:   ROUTEKAART_SOURCE_DIR (default: the folder above this script)
Prints one line per check and ends with `N passed, M failed`.
"""
import glob
import json
import os
import re

import testlib
from testlib import check, finish

SOURCE = str(testlib.SOURCE)  # a str: compared with the str roots of glob below
SCHEMA_DIR = os.path.join(SOURCE, "schema")
BAD = os.path.join(SOURCE, "tests", "bad")
SITES = os.path.join(SOURCE, "tests", "sites")

# Corpus cases whose mistake the schemas must catch.
CATCHABLE = {
    "bad-date": "month 13 does not match the date pattern",
    "empty-values": "empty id, title, lane, audience and route step: required values with minLength/no null",
    "emotion-out-of-range": "emotion has maximum 2",
    "invalid-id": "provider id does not match the slug pattern",
    "missing-provider-name": "required key",
    "missing-provision-from": "required key (full entry)",
    "missing-provision-lane": "required key (full entry)",
    "missing-provision-title": "required key (full entry)",
    "missing-region-name": "required key",
    "missing-route-audience": "required key",
    "missing-route-steps": "required key",
    "missing-site-title": "required key",
    "provision-two-mistakes": "unknown key 'titel' (the unknown provider is not catchable)",
    "route-current-steps": "current_steps must be an array; unknown key curent_steps (the unknown provision is a cross-reference)",
    "route-handover-unknown-provider": "handover without 'to', without 'owner', unknown key eigenaar (unknown provider ids are cross-references)",
    "route-moment-of-truth-flag": "moment_of_truth must be text, not true or a list; unknown key moment-of-truth",
    "route-persona-typo": "persona: unknown key situatie, required name, required situation",
    "route-unknown-audience": "audience enum",
    "several-mistakes": "unknown lane in catalog.yaml, unknown key base_ulr in site.yaml",
    "stage-without-periods": "position enum",
    "type-costs-string": "costs must be an array",
    "type-emotion-text": "emotion must be an integer",
    "type-municipalities-string": "municipalities must be an array",
    "type-provisions-mapping": "provisions must be an array",
    "type-title-list": "title must be a string",
    "unknown-cost-tag": "cost tag enum",
    "unknown-key-provider": "additionalProperties false",
    "unknown-key-provision": "additionalProperties false",
    "unknown-key-region-top": "additionalProperties false",
    "unknown-lane": "lane enum",
    "unknown-period": "position enum",
    "unknown-stage-from": "position enum",
    "url-ftp-provider": "URL pattern",
    "url-javascript-more": "URL pattern",
    "url-no-scheme": "URL pattern",
    "public-url-not-https": "public_url pattern (https:// and a host)",
}

# Corpus cases no schema can catch, and why.
NOT_CATCHABLE = {
    "duplicate-provider-id-catalog": "uniqueness across catalog.yaml and region.yaml is a cross-file reference",
    "duplicate-provision-id": "unique ids among list items: JSON Schema has no unique-by-key",
    "guidance-no-front-matter": "Markdown guidance pages have no schema here",
    "guidance-no-title": "Markdown guidance front matter has no schema here",
    "guidance-unknown-stage": "Markdown guidance front matter has no schema here",
    "invalid-utf8": "file encoding: the file is not even loadable as text",
    "layout-include-cycle": "a mistake in a layout, not in the YAML",
    "layout-mistakes": "mistakes in a layout, not in the YAML",
    "missing-content-folder": "a missing folder is a file-system error",
    "route-unknown-provision": "a route step naming an unknown provision is a cross-reference",
    "site-required-not-in-catalog": "site.yaml `required` naming an unknown catalog id is a cross-file reference",
    "site-yaml-missing": "a missing file is a file-system error",
    "to-before-from": "the order of two values (to before from) is not expressible",
    "unknown-provider-ref": "a provider id that does not exist is a cross-reference",
    "unknown-use-id": "a `use` id not in catalog.yaml is a cross-file reference",
    "unreadable-region-yaml": "file permissions are a file-system error",
    "yaml-bad-indent": "YAML syntax error: nothing to validate",
    "yaml-duplicate-key": "YAML readers keep only one of two equal keys; the schema never sees both",
    "yaml-tab-indent": "YAML syntax error: nothing to validate",
    "yaml-unclosed-quote": "YAML syntax error: nothing to validate",
}

try:
    import jsonschema
    import yaml
except ImportError as e:
    check("python modules jsonschema and yaml are available (apt install python3-jsonschema python3-yaml)",
          False, str(e))
    finish()


# libyaml's parser when PyYAML has it: the generator parses with libyaml, and
# the pure-Python parser rejects some flow text it accepts ([Klopt dit?]).
BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(BaseLoader):
    """A safe loader that sees scalars as a YAML 1.2 editor does: `2026-10-01`
    stays text, and yes/no/on/off are text, not booleans."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                             list("tTfF"))


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Loader)


def schema_for(relpath):
    """The schema name for a path relative to a content folder's parent, or None."""
    parts = relpath.split("/")
    if parts == ["content", "site.yaml"]:
        return "site"
    if parts == ["content", "catalog.yaml"]:
        return "catalog"
    if len(parts) == 4 and parts[:2] == ["content", "regions"] and parts[3] == "region.yaml":
        return "region"
    return None


def content_files(root):
    """(relative path, schema name) of the schema-covered files under root/content."""
    out = []
    for path in sorted(glob.glob(os.path.join(root, "content", "**", "*.yaml"), recursive=True)):
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        name = schema_for(rel)
        if name:
            out.append((rel, name))
    return out


def errors_of(validator, doc):
    return sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))


def describe(errors):
    def one(e):
        # For an anyOf (a value or empty), the message of the closest alternative.
        inner = jsonschema.exceptions.best_match(e.context) if e.context else e
        message = inner.message if len(inner.message) < 160 else inner.message[:150] + " …"
        return f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {message}"
    return "; ".join(one(e) for e in errors[:3])


# ---- 1. the schemas --------------------------------------------------------

schemas, validators = {}, {}
for name in ("site", "catalog", "region"):
    path = os.path.join(SCHEMA_DIR, f"{name}.schema.json")
    try:
        with open(path, encoding="utf-8") as f:
            schemas[name] = json.load(f)
    except (OSError, ValueError) as e:
        check(f"schema/{name}.schema.json loads", False, str(e))
        continue
    s = schemas[name]
    try:
        jsonschema.Draft7Validator.check_schema(s)
        ok = s.get("$schema") == "http://json-schema.org/draft-07/schema#"
        check(f"schema/{name}.schema.json is a valid draft-07 schema", ok, "" if ok else "$schema is not draft-07")
    except jsonschema.SchemaError as e:
        check(f"schema/{name}.schema.json is a valid draft-07 schema", False, e.message)
        continue
    text = json.dumps(s)
    refs = set(re.findall(r'"\$ref": "([^"]*)"', text))
    check(f"schema/{name}.schema.json is self-contained (only local $ref)", all(r.startswith("#/") for r in refs),
          ", ".join(sorted(r for r in refs if not r.startswith("#/"))))
    validators[name] = jsonschema.Draft7Validator(s)

    # Every property has a title and a description (editors show them on hover).
    missing = []

    def walk(node, where):
        if isinstance(node, dict):
            for key, sub in (node.get("properties") or {}).items():
                if isinstance(sub, dict) and "$ref" not in sub and not ("title" in sub and "description" in sub):
                    missing.append(f"{where}/{key}")
            for key, sub in node.items():
                walk(sub, f"{where}/{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{where}/{i}")

    # Only the properties of the main objects need hover text; the
    # non-null overrides of a full provision entry (if/else) are exempt.
    def walk_main(s):
        walk({"properties": s.get("properties", {})}, "")
        for dname, d in s.get("definitions", {}).items():
            if d.get("type") in ("object", ["object", "null"]):
                walk({"properties": d.get("properties", {})}, f"definitions/{dname}")
                for sub in d.get("properties", {}).values():
                    if isinstance(sub, dict) and "properties" in sub:
                        walk({"properties": sub["properties"]}, f"definitions/{dname}/…")
        for sub in s.get("properties", {}).values():
            if isinstance(sub, dict) and "properties" in sub:
                walk({"properties": sub["properties"]}, "…")
                for subsub in sub["properties"].values():
                    if isinstance(subsub, dict) and "properties" in subsub:
                        walk({"properties": subsub["properties"]}, "……")

    walk_main(s)
    check(f"schema/{name}.schema.json: every property has a title and a description", not missing,
          ", ".join(missing[:5]))

if len(validators) != 3:
    finish()


# ---- 2. the schemas match the generator ------------------------------------

def c_string_tables(path):
    """name -> list of strings of every `name[...] = { "a", "b" }` table in a C file."""
    with open(path, encoding="utf-8") as f:
        src = f.read()
    tables = {}
    for m in re.finditer(r"(\w+)\[[^\]]*\]\s*=\s*\{(.*?)\};", src, re.S):
        strings = re.findall(r'"([^"]*)"', m.group(2))
        if strings:
            tables[m.group(1)] = strings
    return tables, src


def props(schema, *pointer):
    node = schema
    for p in pointer:
        node = node[p]
    return sorted(node["properties"])


def enum_of(schema, defname):
    """The ids of an enum definition; null (left empty: not given) aside."""
    return [v for v in schema["definitions"][defname]["enum"] if v is not None]


try:
    timeline, timeline_src = c_string_tables(os.path.join(SOURCE, "gen", "timeline.c"))
    keys, _ = c_string_tables(os.path.join(SOURCE, "gen", "validate.c"))
except OSError as e:
    check("gen/timeline.c and gen/validate.c are readable", False, str(e))
    finish()

site_s, catalog_s, region_s = schemas["site"], schemas["catalog"], schemas["region"]
columns = re.findall(r'\{STAGE_\w+,\s*(?:NULL|"[^"]*"),\s*"([^"]+)"\}', timeline_src)
stages = timeline.get("timeline_stage_ids", [])
positions = []
for s in stages:  # each stage alone, then its periods, in timeline order
    positions.append(s)
    positions += [c for c in columns if c.startswith(s + ":")]
check("gen/timeline.c: 7 stages and 31 columns found", len(stages) == 7 and len(columns) == 31,
      f"{len(stages)} stages, {len(columns)} columns")
for schema_name, schema in (("catalog", catalog_s), ("region", region_s)):
    check(f"{schema_name}: position enum = stages + periods of gen/timeline.c ({len(positions)})",
          enum_of(schema, "position") == positions, str(enum_of(schema, "position")))
    check(f"{schema_name}: lane enum = timeline_lane_ids",
          enum_of(schema, "lane") == timeline.get("timeline_lane_ids"))
    check(f"{schema_name}: cost tag enum = timeline_cost_ids",
          enum_of(schema, "costTag") == timeline.get("timeline_cost_ids"))
    check(f"{schema_name}: provider keys = provider_keys",
          props(schema, "definitions", "provider") == sorted(keys.get("provider_keys", [])))
check("region: route audience enum = timeline_audience_ids",
      region_s["definitions"]["route"]["properties"]["audience"]["enum"] == timeline.get("timeline_audience_ids"))
check("site: questions keys = timeline_stage_ids",
      props(site_s, "definitions", "questions") == sorted(stages))
check("region: questions keys = timeline_stage_ids",
      props(region_s, "definitions", "questions") == sorted(stages))
labels = site_s["properties"]["labels"]["properties"]
for group, table in (("stages", "timeline_stage_ids"), ("lanes", "timeline_lane_ids"),
                     ("costs", "timeline_cost_ids"), ("audiences", "timeline_audience_ids")):
    check(f"site: labels.{group} keys = {table}", sorted(labels[group]["properties"]) == sorted(timeline.get(table)))
check("site: costs keys = timeline_cost_ids",
      props(site_s, "properties", "costs") == sorted(timeline.get("timeline_cost_ids")))
for what, got, table in (
    ("site: top-level keys = site_keys", props(site_s), "site_keys"),
    ("site: labels keys = label_keys", props(site_s, "properties", "labels"), "label_keys"),
    ("catalog: top-level keys = catalog_keys", props(catalog_s), "catalog_keys"),
    ("region: top-level keys = region_keys", props(region_s), "region_keys"),
    ("region: contact keys = contact_keys", props(region_s, "properties", "contact"), "contact_keys"),
    ("region: provision keys = provision_fields",
     props(region_s, "definitions", "provision"), "provision_fields"),
    ("region: route keys = route_keys", props(region_s, "definitions", "route"), "route_keys"),
    ("region: route step keys = step_keys", props(region_s, "definitions", "stepDetails"), "step_keys"),
):
    want = sorted(keys.get(table, []))
    check(what, bool(want) and got == want, f"schema {got}, generator {want}")
want = sorted(k for k in keys.get("provision_fields", []) if k != "use")
check("catalog: provision keys = provision_fields without 'use'",
      props(catalog_s, "definitions", "provision") == want)


# ---- 3. valid content passes -----------------------------------------------

def validate_file(path, name):
    try:
        doc = load_yaml(path)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        return None, str(e).splitlines()[0]
    return errors_of(validators[name], doc), ""


good_roots = [SOURCE] + sorted(d for d in glob.glob(os.path.join(SITES, "*")) if os.path.isdir(d))
for root in good_roots:
    files = content_files(root)
    label = os.path.relpath(root, SOURCE) if root != SOURCE else "."
    check(f"{label}: has site.yaml and a region.yaml", any(n == "site" for _, n in files) and
          any(n == "region" for _, n in files))
    for rel, name in files:
        errs, problem = validate_file(os.path.join(root, rel), name)
        check(f"{label}/{rel} passes {name}.schema.json", errs == [], problem or describe(errs or []))


# ---- 4. small documents ----------------------------------------------------

def doc(yaml_text):
    return yaml.load(yaml_text, Loader=Loader)


FULL = "{id: a, title: A, lane: basiszorg, from: zwangerschap:m4}"
SMALL = [
    # (schema, description, YAML, must pass)
    ("site", "minimal site", "title: T", True),
    ("site", "labels relabel a stage", "title: T\nlabels: {stages: {derde-jaar: Derde jaar}}", True),
    ("site", "labels: unknown lane", "title: T\nlabels: {lanes: {extra: X}}", False),
    ("site", "base_url without / or scheme", "title: T\nbase_url: kaart/", False),
    ("site", "public_url https://", "title: T\npublic_url: https://routekaart.example.nl/kaart/", True),
    ("site", "public_url http://", "title: T\npublic_url: http://routekaart.example.nl/", False),
    ("site", "public_url without a host", "title: T\npublic_url: https:///kaart/", False),
    ("site", "public_url with a query", "title: T\npublic_url: https://example.nl/?a=1", False),
    ("site", "questions: unknown stage", "title: T\nquestions: {zwangerschp: [Vraag?]}", False),
    ("site", "required: not an id", "title: T\nrequired: [Kraam Zorg]", False),
    ("region", "unquoted date stays text", "name: N\nupdated: 2026-10-01", True),
    ("region", "date without leading zero", "name: N\nupdated: 2026-1-01", False),
    ("region", "empty optional values count as not given",
     "name: N\ncoalition:\nupdated:\ncontact:\nprovisions:\n  - {id: a, title: A, lane: basiszorg, from: bevalling, "
     "to: , summary: , costs: , more: , checked: }", True),
    ("region", "full provision", f"name: N\nprovisions: [{FULL}]", True),
    ("region", "all 34 positions", "name: N\nprovisions:\n" + "".join(
        f"  - {{id: p{i}, title: P, lane: digitaal, from: {p}}}\n" for i, p in enumerate(positions)), True),
    ("region", "use entry needs no other keys", "name: N\nprovisions: [{use: kraamzorg}]", True),
    ("region", "use with id and overrides", "name: N\nprovisions: [{use: kraamzorg, id: kraamzorg-2, "
     "provider: x, checked: 2026-09-15, cost_note: Gratis.}]", True),
    ("region", "full entry with empty lane", "name: N\nprovisions: [{id: a, title: A, lane: , from: bevalling}]",
     False),
    ("region", "provision id 'index'", "name: N\nprovisions: [{id: index, title: A, lane: basiszorg, "
     "from: bevalling}]", False),
    ("region", "costs listed twice", "name: N\nprovisions: [{use: a, costs: [standaard, standaard]}]", False),
    ("region", "period without stage", "name: N\nprovisions: [{use: a, from: m4}]", False),
    ("region", "mailto and tel links", "name: N\nprovisions: [{use: a, more: 'mailto:x@example.nl'}, "
     "{use: b, more: 'tel:+31300000000'}]", True),
    ("region", "link with a space", "name: N\nprovisions: [{use: a, more: https://example.nl/a b}]", False),
    ("region", "e-mail without @", "name: N\ncontact: {email: info.example.nl}", False),
    ("region", "phone with letters", "name: N\ncontact: {phone: bel ons}", False),
    ("region", "route with both step forms", "name: N\nroutes:\n  - id: r\n    title: R\n    audience: steuntje\n"
     "    steps:\n      - a\n      - {provision: b, touchpoint: T, emotion: -2, pain: P, improvement: I}", True),
    ("region", "step mapping without provision", "name: N\nroutes: [{id: r, title: R, audience: steuntje, "
     "steps: [{touchpoint: T}]}]", False),
    ("region", "step: not an id", "name: N\nroutes: [{id: r, title: R, audience: steuntje, steps: [Huisbezoek]}]",
     False),
    ("region", "emotion -3", "name: N\nroutes: [{id: r, title: R, audience: steuntje, "
     "steps: [{provision: a, emotion: -3}]}]", False),
    ("catalog", "full provision", f"provisions: [{FULL}]", True),
    ("catalog", "use is not allowed", "provisions: [{use: a}]", False),
    ("catalog", "provision without lane", "provisions: [{id: a, title: A, from: bevalling}]", False),
]
for name, what, text, must_pass in SMALL:
    try:
        errs = errors_of(validators[name], doc(text))
    except yaml.YAMLError as e:
        check(f"{name}: {what}: YAML loads", False, str(e))
        continue
    if must_pass:
        check(f"{name}: {what}: passes", not errs, describe(errs))
    else:
        check(f"{name}: {what}: rejected", bool(errs))


# ---- 5. the bad-input corpus -----------------------------------------------

cases = sorted(d for d in os.listdir(BAD) if os.path.isdir(os.path.join(BAD, d))) if os.path.isdir(BAD) else []
check("tests/bad has cases", bool(cases))
both = sorted(set(CATCHABLE) & set(NOT_CATCHABLE))
check("no corpus case is listed as both catchable and not catchable", not both, ", ".join(both))
for case in cases:
    listed = (case in CATCHABLE) + (case in NOT_CATCHABLE)
    check(f"bad/{case} is listed exactly once (CATCHABLE or NOT_CATCHABLE)", listed == 1,
          "add it to one of the lists at the top of this script")
stale = sorted((set(CATCHABLE) | set(NOT_CATCHABLE)) - set(cases))
check("every listed case exists in tests/bad", not stale, ", ".join(stale))

for case in cases:
    if case not in CATCHABLE:
        print(f"skip bad/{case}: {NOT_CATCHABLE.get(case, 'not listed')}")
        continue
    root = os.path.join(BAD, case)
    try:
        with open(os.path.join(root, "expected"), encoding="utf-8") as f:
            expected_paths = {line.split(":", 1)[0] for line in f if line.strip()}
    except OSError as e:
        check(f"bad/{case}: expected is readable", False, str(e))
        continue
    rejected, details = [], []
    for rel, name in content_files(root):
        errs, problem = validate_file(os.path.join(root, rel), name)
        if errs is None:
            check(f"bad/{case}/{rel} loads as YAML", False, problem)
        elif errs:
            rejected.append(rel)
            details.append(f"{rel}: {describe(errs)}")
    check(f"bad/{case}: rejected by a schema ({CATCHABLE[case]})", bool(rejected))
    # A file the generator finds no fault with must pass: the schema may not
    # reject more than the generator.
    extra = sorted(set(rejected) - expected_paths)
    check(f"bad/{case}: only files named in expected are rejected", not extra,
          "; ".join(d for d in details if d.split(":", 1)[0] in extra))
    for d in details:
        print(f"      {d}")

finish()
