#!/usr/bin/env python3
"""Validates every <region>/data.json of the example site against
schema/data.schema.json (JSON Schema draft 2020-12), and checks that the
schema rejects broken variants, so the check can fail.

Usage: python3 tests/test_schema.py /path/to/routekaart
Env:   ROUTEKAART_SOURCE_DIR (default: the folder above this script)
"""
import copy
import json
import os
import subprocess
import tempfile

from testlib import SOURCE, binary as binary_path, check, finish

SCHEMA = os.path.join(SOURCE, "schema", "data.schema.json")

def main():
    binary = str(binary_path())
    try:
        import jsonschema
    except ImportError:
        check("python module jsonschema is available (apt install python3-jsonschema)", False)
        finish()

    try:
        with open(SCHEMA, encoding="utf-8") as f:
            schema = json.load(f)
    except (OSError, ValueError) as e:
        check("schema/data.schema.json loads", False, str(e))
        finish()
    check("schema/data.schema.json loads", True)
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
        check("schema is a valid draft 2020-12 schema", True)
    except jsonschema.SchemaError as e:
        check("schema is a valid draft 2020-12 schema", False, e.message)
        finish()
    validator = jsonschema.Draft202012Validator(schema)

    # Every property should document itself.
    undocumented = []

    def walk(node, path):
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict):
                for k, v in props.items():
                    if isinstance(v, dict) and "description" not in v:
                        undocumented.append(f"{path}/properties/{k}")
            for k, v in node.items():
                walk(v, f"{path}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}/{i}")

    walk(schema, "#")
    check("every property in the schema has a description", not undocumented, ", ".join(undocumented[:10]))

    with tempfile.TemporaryDirectory(prefix="rk-schema-") as tmp:
        out = os.path.join(tmp, "public")
        r = subprocess.run([binary, "build", SOURCE, "-o", out], capture_output=True, text=True)
        if not check("example site builds", r.returncode == 0, (r.stderr or r.stdout).strip()[-2000:]):
            finish()
        regions = sorted(d for d in os.listdir(out) if os.path.isfile(os.path.join(out, d, "data.json")))
        check("example site has at least one data.json", bool(regions))
        datas = {}
        for region in regions:
            path = os.path.join(out, region, "data.json")
            try:
                with open(path, encoding="utf-8") as f:
                    data = json.load(f)
            except ValueError as e:
                check(f"{region}/data.json is JSON", False, str(e))
                continue
            datas[region] = data
            errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
            check(f"{region}/data.json matches the schema", not errors,
                  "; ".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5]))

    if not datas:
        finish()
    # Broken variants, made from a real file: each must be rejected.
    region, base = next(iter(datas.items()))

    def variant(name, mutate):
        d = copy.deepcopy(base)
        try:
            mutate(d)
        except (IndexError, KeyError, StopIteration) as e:
            check(f"broken variant '{name}' can be made from {region}/data.json", False, repr(e))
            return
        check(f"schema rejects broken variant: {name}", not validator.is_valid(d))

    def first_step(d):
        for route in d["routes"]:
            if route["steps"]:
                return route["steps"][0]
        raise StopIteration("no route step")

    variant("provision lane 'foo'", lambda d: d["provisions"][0].__setitem__("lane", "foo"))
    variant("provision without 'periods'", lambda d: d["provisions"][0].pop("periods"))
    variant("route step emotion 5", lambda d: first_step(d).__setitem__("emotion", 5))
    variant("provision 'from' not a position", lambda d: d["provisions"][0].__setitem__("from", "zwangerschap:m10"))
    variant("unknown cost tag", lambda d: d["provisions"][0].__setitem__("costs", ["gratis"]))
    variant("unknown key in a provision", lambda d: d["provisions"][0].__setitem__("colour", "red"))
    variant("questions without 'schoolkind'", lambda d: d["questions"].pop("schoolkind"))
    variant("gap with unknown stage", lambda d: d["gaps"]["empty"].append({"stage": "kleuter", "lane": "basiszorg"}))
    variant("provider without 'name'", lambda d: next(p for p in d["provisions"] if p["provider"])["provider"].pop("name"))
    variant("format '2'", lambda d: d.__setitem__("format", "2"))
    finish()


if __name__ == "__main__":
    main()
