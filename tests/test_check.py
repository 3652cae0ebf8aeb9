"""`routekaart check`: warnings for likely mistakes, and --format=json.

usage: python3 tests/test_check.py /path/to/routekaart

tests/check/warnings holds one of each warning; SOURCE_DATE_EPOCH fixes
"today" for the staleness warning. The JSON output is compared whole."""
import json
import os
import subprocess

from testlib import HANG_FACTOR, TESTS, binary, check, cpu_limit, finish, slowdown

BINARY = binary()
TODAY = "1795132800"  # 2026-11-19
WARNINGS = TESTS / "check" / "warnings"


def run(*args, today=TODAY):
    env = dict(os.environ, SOURCE_DATE_EPOCH=today)
    # CPU time, which a busy machine does not stretch; the wall clock only against a hang.
    seconds = 60 * slowdown()
    return subprocess.run([str(BINARY), *map(str, args)], capture_output=True, text=True, env=env,
                          timeout=HANG_FACTOR * seconds, preexec_fn=cpu_limit(seconds))


def warning(path, line, column, code, message):
    return {"path": path, "line": line, "column": column, "severity": "warning", "code": code,
            "message": message, "suggestion": None}


noord, zuid = "content/regions/noord/region.yaml", "content/regions/zuid/region.yaml"
expected = [
    warning(noord, 2, 10, "stale",
            "'updated: 2024-05-01' is more than a year ago; check the entries and update the date"),
    warning(noord, 7, 9, "unused-provider", "provider 'nooit-gebruikt' is not named by any provision of this region"),
    warning(noord, 18, 9, "no-costs", "provision 'verloskundige' has no cost tags; parents cannot see what it costs"),
    warning(noord, 36, 9, "route-backwards",
            "step 'huisbezoek' of route 'terug-in-de-tijd' ends before the step before it ('consultatiebureau') begins"),
] + [warning(zuid, 1, 1, "empty-stage", f"region 'zuid' has no provision in stage '{stage}'")
     for stage in sorted(["preconceptie", "bevalling", "babyfase", "peuterfase", "derde-jaar", "schoolkind"])]

r = run("check", "--format=json", WARNINGS)
check("warnings only: exit 0", r.returncode == 0, r.returncode)
try:
    problems = json.loads(r.stdout)
except ValueError as e:
    problems = None
    check("--format=json prints a JSON array on stdout", False, e)
if problems is not None:
    check("--format=json prints a JSON array on stdout", isinstance(problems, list))
    check("every kind of warning, exactly, in file and line order", problems == expected,
          json.dumps(problems, indent=1)[:2000])
check("--format=json prints nothing else", r.stderr == "", r.stderr)

r = run("check", WARNINGS)
lines = r.stderr.splitlines()
check("text: one GCC-style line per warning",
      lines[:4] == [f"{d['path']}:{d['line']}:{d['column']}: warning: {d['message']}" for d in expected[:4]],
      "\n".join(lines[:4]))
check("text: the summary says the content is valid",
      r.stdout.startswith("routekaart: content is valid: 2 regions, 4 provisions"), r.stdout)

r = run("check", WARNINGS, today="1727740800")  # 2024-10-01: not yet a year
check("'updated' less than a year before today is no warning", "'updated:" not in r.stderr, r.stderr)
# The boundary: 'updated: 2024-05-01' is stale from a year and a day on
# (noon UTC, so no time zone moves the day).
for today, day, days, stale in [("1746014400", "2025-04-30", 364, False), ("1746100800", "2025-05-01", 365, False),
                                ("1746187200", "2025-05-02", 366, True)]:
    r = run("check", WARNINGS, today=today)
    check(f"'updated: 2024-05-01' on {day} ({days} days later) is {'' if stale else 'not '}stale",
          ("'updated: 2024-05-01' is more than a year ago" in r.stderr) == stale, r.stderr)

# Errors as JSON: code, suggestion, exit 1, and still valid JSON.
r = run("check", "--format=json", TESTS / "bad" / "unknown-lane")
check("errors: exit 1", r.returncode == 1, r.returncode)
try:
    problems = json.loads(r.stdout)
except ValueError:
    problems = []
lane = [p for p in problems if p["code"] == "unknown-value"]
check("errors: the unknown lane is reported with its suggestion",
      len(lane) == 1 and lane[0]["severity"] == "error" and lane[0]["suggestion"] == "steuntje"
      and lane[0]["path"] == "content/regions/noord/region.yaml" and lane[0]["line"] > 0,
      json.dumps(problems)[:500])

r = run("check", "--format=yaml", WARNINGS)
check("an unknown format is a usage error (exit 2)", r.returncode == 2, r.returncode)
r = run("build", "--port", "1", WARNINGS)
check("an option of another command is a usage error (exit 2)", r.returncode == 2, r.returncode)

# The stages the empty-stage warning names say so on the page too: 0 is
# false in a layout, so rk-unless="s.provision_count" shows the notice
# (while 0 was true it never did).
import re
import tempfile
with tempfile.TemporaryDirectory() as tmp:
    r = run("build", WARNINGS, "-o", tmp)
    check("the warnings site builds", r.returncode == 0, r.stderr)
    page = open(os.path.join(tmp, "zuid", "index.html"), encoding="utf-8").read() if r.returncode == 0 else ""
    sections = re.findall(r'<section class="stage" id="fase-([a-z-]+)"', page)
    notices = {}
    for stage in sections:
        start = page.find('id="fase-%s"' % stage)
        end = page.find('<section class="stage"', start)
        notices[stage] = "Geen voorzieningen in deze fase." in page[start:end if end > 0 else len(page)]
    want = {s: s != "zwangerschap" for s in
            ["preconceptie", "zwangerschap", "bevalling", "babyfase", "peuterfase", "derde-jaar", "schoolkind"]}
    check("an empty stage says 'Geen voorzieningen in deze fase.', a stage with provisions does not",
          notices == want, notices)

finish()
