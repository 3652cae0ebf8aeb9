"""What the test scripts share: reporting checks, hashing a folder, a free
port, the binary (and running it) and the source tree.

Each script prints one line per check (`ok - name` or `not ok - name:
detail`) and ends with `finish()`, which prints `N passed, M failed` and
exits non-zero when anything failed."""
import hashlib
import os
import socket
import subprocess
import sys
from pathlib import Path

SOURCE = Path(os.environ.get("ROUTEKAART_SOURCE_DIR", Path(__file__).resolve().parent.parent))
TESTS = Path(__file__).resolve().parent

_counts = {"passed": 0, "failed": 0}


def binary() -> Path:
    """The routekaart binary given as the script's first argument."""
    if len(sys.argv) < 2:
        print(f"usage: {sys.argv[0]} /path/to/routekaart", file=sys.stderr)
        sys.exit(2)
    return Path(sys.argv[1]).resolve()


def run_binary(binary, args, cwd=None, preexec_fn=None, timeout=60):
    """(exit status, stdout, stderr) of `binary` with `args`, stdin empty and
    the output decoded as UTF-8 (bad bytes replaced); (None, "", "timed out
    after N s") when it runs longer than `timeout` seconds."""
    try:
        p = subprocess.run([binary] + list(args), cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout, preexec_fn=preexec_fn)
    except subprocess.TimeoutExpired:
        return None, "", "timed out after %d s" % timeout
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


def finish():
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
