"""The mutants of tests/mutants.py still apply: each one's text is in its
file exactly once. tests/mutate itself is slow and not run here; this keeps
its list from rotting as the code moves (move a mutant's text with the code).

usage: python3 tests/test_mutants.py [/path/to/routekaart (unused)]"""
import subprocess
import sys

from testlib import TESTS, check, finish

r = subprocess.run([sys.executable, str(TESTS / "mutate"), "--dry-run"], capture_output=True, text=True, timeout=60)
check("tests/mutate --dry-run: every mutant's text is in its file exactly once", r.returncode == 0,
      (r.stdout + r.stderr).strip()[-3000:])
r = subprocess.run([sys.executable, str(TESTS / "mutate"), "--list"], capture_output=True, text=True, timeout=60)
count = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""
check("tests/mutate --list: at least 40 mutants", r.returncode == 0 and count.endswith(" mutants")
      and int(count.split()[0]) >= 40, count)
finish()
