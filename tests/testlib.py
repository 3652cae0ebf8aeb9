"""What the test scripts share: reporting checks, hashing a folder, a free
port, the binary (and running it) and the source tree.

Each script prints one line per check (`ok - name` or `not ok - name:
detail`) and ends with `finish()`, which prints `N passed, M failed` and
exits non-zero when anything failed.

In the valgrind stage of scripts/test the binary is tests/memcheck, which
writes one valgrind report per process into ROUTEKAART_MEMCHECK_LOGS;
finish() then adds one check that every report is clean."""
import hashlib
import math
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

SOURCE = Path(os.environ.get("ROUTEKAART_SOURCE_DIR", Path(__file__).resolve().parent.parent))
TESTS = Path(__file__).resolve().parent

_counts = {"passed": 0, "failed": 0}

MEMCHECK_LOGS = os.environ.get("ROUTEKAART_MEMCHECK_LOGS")
if MEMCHECK_LOGS:
    # Reports of an earlier run must not count; the folder is open to all, as
    # some runs are as user 65534 (test_bad_corpus, test_output).
    shutil.rmtree(MEMCHECK_LOGS, ignore_errors=True)
    os.makedirs(MEMCHECK_LOGS)
    os.chmod(MEMCHECK_LOGS, 0o1777)


def memcheck() -> bool:
    """True when the binary runs under valgrind memcheck."""
    return bool(MEMCHECK_LOGS)


def slowdown() -> float:
    """How many times slower than a normal build the binary is expected to
    run, for timeouts: valgrind makes a build some 30 times slower."""
    return 40.0 if memcheck() else 1.0


def sanitized() -> bool:
    """True when the binary is built with AddressSanitizer (and UBSan): its
    CPU time is several times a release build's."""
    try:
        return b"__asan_init" in binary().read_bytes()
    except OSError:
        return False


def binary() -> Path:
    """The routekaart binary given as the script's first argument."""
    if len(sys.argv) < 2:
        print(f"usage: {sys.argv[0]} /path/to/routekaart", file=sys.stderr)
        sys.exit(2)
    return Path(sys.argv[1]).resolve()


# A wall-clock bound is only a backstop against a hang: this many times the
# CPU time a run may take. A busy machine stretches the one, not the other.
HANG_FACTOR = 10


def cpu_limit(seconds, preexec_fn=None):
    """A preexec_fn that lets the child use `seconds` of CPU time
    (RLIMIT_CPU: SIGXCPU, then SIGKILL a second later), then calls
    `preexec_fn`."""
    limit = int(math.ceil(seconds))

    def limited():
        resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 1))
        if preexec_fn:
            preexec_fn()
    return limited


def run_binary(binary, args, cwd=None, preexec_fn=None, timeout=60):
    """(exit status, stdout, stderr) of `binary` with `args`, stdin empty and
    the output decoded as UTF-8 (bad bytes replaced). The run may use
    `timeout` seconds of CPU time (RLIMIT_CPU); past that, or past
    HANG_FACTOR times that of wall-clock time (a hang), it is stopped and
    the result is (None, "", why)."""
    limit = int(math.ceil(timeout))
    try:
        p = subprocess.run([binary] + list(args), cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=HANG_FACTOR * timeout,
                           preexec_fn=cpu_limit(timeout, preexec_fn))
    except subprocess.TimeoutExpired:
        return None, "", "no end after %d s of wall-clock time: a hang" % (HANG_FACTOR * timeout)
    if p.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return None, "", "stopped after %d s of CPU time (killed by signal %d)" % (limit, -p.returncode)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def check(name, ok, detail=""):
    """Reports one check; returns `ok` so callers can skip what depends on it."""
    if ok:
        _counts["passed"] += 1
        print(f"ok - {name}")
    else:
        _counts["failed"] += 1
        print(f"not ok - {name}" + (f": {detail}" if detail != "" else ""))
    sys.stdout.flush()
    return bool(ok)


def counts():
    return _counts["passed"], _counts["failed"]


# A line of a valgrind report that is a memory error or a leak; a report with
# no ERROR SUMMARY (a process the test killed) is judged by these lines.
_VALGRIND_ERROR = re.compile(r"^==\d+== (Invalid |Conditional jump|Use of uninitialised|Syscall param|"
                             r"Mismatched free|Source and destination overlap|Argument |Process terminating|"
                             r"\S.* (lost|still reachable) in loss record)")


def _memcheck_reports():
    """(number of reports, problems: one description per bad report)."""
    problems = []
    logs = sorted(Path(MEMCHECK_LOGS).glob("*.log"))
    for log in logs:
        text = log.read_text(errors="replace")
        summary = re.search(r"ERROR SUMMARY: (\d+) errors", text)
        bad = [line for line in text.splitlines() if _VALGRIND_ERROR.match(line)]
        if (summary and summary.group(1) != "0") or bad:
            command = re.search(r"Command: (.*)", text)
            problems.append("%s (%s): %s" % (log, command.group(1) if command else "?",
                                             "; ".join(bad[:3]) or summary.group(0)))
    return len(logs), problems


def finish():
    if MEMCHECK_LOGS:
        runs, problems = _memcheck_reports()
        check("valgrind: every run of the binary (%d) is free of memory errors and leaks" % runs,
              runs > 0 and not problems, "; ".join(problems[:5]) if runs else "no valgrind report was written")
    passed, failed = counts()
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def tree_hash(folder) -> str:
    """Hash of every path, file content and mode below `folder`."""
    folder = Path(folder)
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(str(path.relative_to(folder)).encode())
        h.update(oct(path.lstat().st_mode).encode())
        if path.is_file() and not path.is_symlink():
            h.update(path.read_bytes())
    return h.hexdigest()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
