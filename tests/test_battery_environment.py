"""Regression battery for mistakes of the user and faults of the environment that were
reported as bugs (issue 22, item 6): one case per line, each a clean error (one line naming
the file, line or argument, exit 1, no traceback), or a build that goes on where it can.

* `--cluster`: an address that is not one, no scheduler there, a scheduler without workers,
  the scheduler going away mid-run (an in-process dask LocalCluster);
* templates: a loop over a huge range, `range` of what is not a number, a macro that calls
  itself;
* the output directory: a `.build.lock` that is a directory, a `.cache/key` that is a
  directory or cut short, a `.cache` that is a file; a full disk, a quota, a read-only
  file system met outside the publishing step;
* the Python: one without the dependencies, one too old (run as a user runs it, in a
  subprocess: `sys.modules[name] = None` makes an import fail as a missing package does).
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import wait

import pytest
from distributed import LocalCluster

import generate
from cli import cluster, environment, pool
from cli.progress import Progress
from engine.builds import pipeline
from engine.errors import UserError
from engine.store.cache import Store
from tests.conftest import REPO, cases
from tests.template_edits import edit, line_of

TEX = ["--tex", "--quiet", "--only", "ranepa3.4", "--out", "{out}"]
VARIANTS = ["--tex", "--quiet", "--only", "ranepa3.5", "--variants", "1-3", "--out", "{out}"]
AT = ["--cluster", "{address}"]
SOLUTION = r"\BLOCK{block solution}"
TASK04 = "ranepa3/task04.tex.j2"
NOT_AN_ADDRESS = "not a scheduler's address"
AT_LINE = "templates/ranepa3/task04.tex.j2:{line}: "
RECURSIVE = r"\BLOCK{macro f()}\VAR{f()}\BLOCK{endmacro}\VAR{f()}"
WRAP_AT_0 = r'\BLOCK{set s = "x"|wordwrap(0)}'
WIDEST = r'\BLOCK{set s = "x"|center(100000000000000000000)}'
INCLUDES_ITSELF = r'\BLOCK{include "ranepa3/task04.tex.j2"}'
FIX = "run `make pdf` (or scripts/setup.sh), then use .venv/bin/python generate.py"


def in_template(line: str):
    """A fault: `line` added to ranepa3.4's solution; the error is expected at that line."""

    def fault(case):
        templates = case.request.getfixturevalue("templates")
        edit(templates, TASK04, SOLUTION, f"{SOLUTION}\n{line}")
        return {"line": line_of(templates, TASK04, line)}

    return fault


def looping(over: str):
    return in_template(rf"\BLOCK{{for i in {over}}}x\BLOCK{{endfor}}")


def lock_is_a_directory(case):
    (case.out / ".build.lock").mkdir(parents=True)


def own_cache(case):
    """The build's own cache, out/.cache (the suite shares one through the environment)."""
    case.monkeypatch.delenv(pipeline.CACHE_VARIABLE)
    (case.out / ".cache").mkdir(parents=True)


def key_is_a_directory(case):
    own_cache(case)
    (case.out / ".cache" / "key").mkdir()


def key_cut_short(case):
    own_cache(case)
    (case.out / ".cache" / "key").write_bytes(b"abc")


def cache_is_a_file(case):
    own_cache(case)
    (case.out / ".cache").rmdir()
    (case.out / ".cache").write_text("not a directory")


def no_scheduler(case):
    case.monkeypatch.setattr(cluster, "_CONNECT_TIMEOUT", "1s")
    return {"address": "tcp://127.0.0.1:9"}


def not_a_scheduler(case):
    """Something else answers at the address (an ssh server): distributed reads its banner
    as frame lengths."""
    server = socket.create_server(("127.0.0.1", 0))
    case.request.addfinalizer(server.close)

    def answer() -> None:
        with contextlib.suppress(OSError):
            while True:
                peer, _ = server.accept()
                peer.sendall(b"SSH-2.0-OpenSSH_9.2\r\n" * 4)

    threading.Thread(target=answer, daemon=True).start()
    return {"address": f"tcp://127.0.0.1:{server.getsockname()[1]}"}


def a_silent_server(case):
    """Something accepts the connection and never says a word (a firewall's tarpit)."""
    case.monkeypatch.setattr(cluster, "_CONNECT_TIMEOUT", "1s")
    server = socket.create_server(("127.0.0.1", 0))
    case.request.addfinalizer(server.close)
    return {"address": f"tcp://127.0.0.1:{server.getsockname()[1]}"}


def no_workers(case):
    case.monkeypatch.setattr(cluster, "_WORKER_WAIT_S", 1)
    return {"address": local_cluster(case, workers=0).scheduler_address}


def scheduler_goes_away(case):
    """The scheduler is closed as soon as the first variant comes back."""
    local = local_cluster(case, workers=1)
    collect = pool.collect

    def collect_then_lose_it(pending, progress, name, done):
        wait(pending, return_when="FIRST_COMPLETED")
        local.close()
        collect(pending, progress, name, done)

    case.monkeypatch.setattr(pool, "collect", collect_then_lose_it)
    return {"address": local.scheduler_address}


def missing(module: str):
    return lambda case: {"python": f"sys.modules[{module!r}] = None"}


def disk_fault(number: int):
    """A build that meets `number` (ENOSPC, ...) writing a work file, outside publish()."""

    def fault(case):
        def build(args):
            raise OSError(number, os.strerror(number), str(case.out / "work" / "booklet.aux"))

        case.monkeypatch.setattr(generate, "build", build)

    return fault


def python_too_old(case):
    return {"python": "sys.version_info = (3, 9, 1, 'final', 0)"}


# (case, fault, arguments, words of the message, exit code); the words may name {out}, {line}
CASES = [
    ("cluster: a word", None, [*VARIANTS, "--cluster", "nonsense"], NOT_AN_ADDRESS, 1),
    ("cluster: a scheme alone", None, [*VARIANTS, "--cluster", "tcp://"], NOT_AN_ADDRESS, 1),
    ("cluster: no host", None, [*VARIANTS, "--cluster", "tcp://:8786"], "(no host)", 1),
    ("cluster: a port in words", None, [*VARIANTS, "--cluster", "tcp://h:x"], "'x' is not a", 1),
    ("cluster: port out of range", None, [*VARIANTS, "--cluster", "h:99999"], "port 99999", 1),
    ("cluster: in-process only", None, [*VARIANTS, "--cluster", "inproc://x"], NOT_AN_ADDRESS, 1),
    ("cluster: unknown scheme", None, [*VARIANTS, "--cluster", "ftp://h:21"], "no scheme ftp", 1),
    ("cluster: ipv6 unbracketed", None, [*VARIANTS, "--cluster", ":::"], NOT_AN_ADDRESS, 1),
    ("cluster: TLS unconfigured", None, [*VARIANTS, "--cluster", "tls://127.0.0.1:1"], "TLS", 1),
    ("cluster: nobody there", no_scheduler, [*VARIANTS, *AT], "cannot reach a dask", 1),
    ("cluster: not a scheduler", not_a_scheduler, [*VARIANTS, *AT], "what answers is not", 1),
    ("cluster: a silent server", a_silent_server, [*VARIANTS, *AT], "within 1 s", 1),
    ("cluster: no workers", no_workers, [*VARIANTS, *AT], "has had no workers for 1 s", 1),
    ("cluster: lost mid-run", scheduler_goes_away, [*VARIANTS, *AT], "lost the dask sch", 1),
    ("a huge range", looping("range(10000000000)"), TEX, AT_LINE + "range() of 10000000000", 1),
    ("a huger range", looping("range(100000000000000000000)"), TEX, AT_LINE + "range() of too", 1),
    ("range of no number", looping('range("a")'), TEX, AT_LINE + "range() wants whole numbers", 1),
    ("range with step 0", looping("range(1, 2, 0)"), TEX, AT_LINE + "range() arg 3 must", 1),
    ("a macro calling itself", in_template(RECURSIVE), TEX, AT_LINE + "a macro or include", 1),
    ("a template including itself", in_template(INCLUDES_ITSELF), TEX, "calls itself without", 1),
    ("a filter dividing by 0", looping("[1, 2]|slice(0)"), TEX, AT_LINE + "integer division", 1),
    ("a stdlib ValueError", in_template(WRAP_AT_0), TEX, AT_LINE + "invalid width 0", 1),
    ("a number too large", in_template(WIDEST), TEX, AT_LINE + "a number too large here", 1),
    ("lock is a directory", lock_is_a_directory, TEX, "{out}/.build.lock: cannot take the", 1),
    ("cache key is a directory", key_is_a_directory, TEX, "", 0),
    ("cache key cut short", key_cut_short, TEX, "", 0),
    ("cache is a file", cache_is_a_file, TEX, "", 0),
    ("a full disk", disk_fault(errno.ENOSPC), TEX, "booklet.aux: No space left on device", 1),
    ("a quota", disk_fault(errno.EDQUOT), TEX, "booklet.aux: Disk quota exceeded", 1),
    ("read-only", disk_fault(errno.EROFS), TEX, "booklet.aux: Read-only file system", 1),
    ("no pylatex", missing("pylatex"), TEX, "cannot import pylatex (it is not installed", 1),
    ("no sympy, --fields", missing("sympy"), ["--fields", "ranepa3.5"], "import sympy", 1),
    ("no watchfiles", missing("watchfiles"), [*TEX, "--watch"], "import watchfiles", 1),
    ("Python 3.9", python_too_old, ["--list"], "is Python 3.9.1; the generator needs 3.11", 1),
]  # fmt: skip


# a Python of its own, a cluster or a second build each: `make test-all` runs them
SLOW_CASES = {
    "cluster: lost mid-run",
    "cluster: no workers",
    "cluster: nobody there",
    "cluster: a silent server",
    "no pylatex",
    "no sympy, --fields",
    "cache key cut short",
    "a template including itself",
}


class Case:
    def __init__(self, tmp_path, monkeypatch, request):
        self.out, self.monkeypatch, self.request = tmp_path / "out", monkeypatch, request


def local_cluster(case: Case, workers: int) -> LocalCluster:
    """A scheduler in this process (threads, tcp): work functions patched here run there."""
    local = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=False,
        protocol="tcp://",
        dashboard_address=None,
    )
    case.request.addfinalizer(local.close)
    return local


def run_python(args: list[str], prelude: str) -> tuple[int, str]:
    """generate.py run as a user runs it, after `prelude`."""
    code = f"import runpy, sys\n{prelude}\nsys.argv = ['generate.py', *{args!r}]\n"
    code += "runpy.run_path('generate.py', run_name='__main__')"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    return result.returncode, result.stderr


@pytest.mark.parametrize(("case", "fault", "args", "words", "code"), cases(CASES, slow=SLOW_CASES))
def test_a_mistake_or_fault_is_told_in_one_line(
    tmp_path, monkeypatch, request, capsys, case, fault, args, words, code
):
    setting = Case(tmp_path, monkeypatch, request)
    fill = {"out": str(setting.out), **((fault(setting) if fault else None) or {})}
    args = [arg.format(**fill) for arg in args]
    if "python" in fill:
        got, error = run_python(args, fill["python"])
    else:
        got, error = generate.main(args), capsys.readouterr().err
    error = error.strip()
    assert "Traceback" not in error
    assert got == code, error
    if code:
        assert error.startswith("error: "), error
        assert len(error.splitlines()) == 1, error
        assert words.format(**fill) in error


# --- the pieces the battery cannot reach through generate.py ---------------------------------


def test_an_unreadable_key_leaves_the_store_unusable_and_says_why(tmp_path):
    (tmp_path / "key").mkdir()
    store = Store(tmp_path)
    store.put("kind", "abcd", b"payload")
    assert store.get("kind", "abcd") is None
    assert store.unusable == f"{tmp_path / 'key'}: cannot read the key (Is a directory)"


@pytest.mark.slow
def test_a_key_cut_short_is_made_again_and_kept(tmp_path):
    (tmp_path / "key").write_bytes(b"")
    Store(tmp_path).put("kind", "abcd", b"payload")
    assert len((tmp_path / "key").read_bytes()) == 32
    assert Store(tmp_path).get("kind", "abcd") == b"payload"  # another process reads it back


def _slow(item: int) -> int:
    time.sleep(0.2)
    return item


def _import_fails(item: int) -> int:
    raise ModuleNotFoundError("No module named 'engine'", name="engine")


def _interrupt_at_once(pending: dict) -> None:
    raise KeyboardInterrupt


@pytest.fixture(scope="module")
def scheduler():
    with LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        protocol="tcp://",
        dashboard_address=None,
    ) as local:
        yield local.scheduler_address


def test_a_worker_without_the_project_is_an_environment_error(scheduler):
    with pytest.raises(UserError, match="a worker cannot import engine: every worker needs"):
        cluster.run_on_cluster(_import_fails, [1], scheduler, lambda p: [f.result() for f in p])


def test_ctrl_c_still_stops_a_cluster_run(scheduler):
    with pytest.raises(KeyboardInterrupt):
        cluster.run_on_cluster(_slow, [1, 2, 3], scheduler, _interrupt_at_once)


def _killed(item: int) -> int:
    os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
    return item


def test_a_killed_worker_process_is_told_not_a_bug():
    progress = Progress(2, "items", enabled=False)
    with pytest.raises(UserError, match=r"a worker process died .* \(--jobs 1\)"):
        pool.run_parallel(_killed, [1, 2], 2, progress)


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (ModuleNotFoundError("x", name="jinja2"), "cannot import jinja2 (it is not installed"),
        (ImportError("cannot import name 'X'", name="jinja2.sandbox"), "another version than"),
        (ModuleNotFoundError("x", name="engine.nowhere"), None),  # ours: a bug
        (ModuleNotFoundError("x", name="solutions"), None),
        (ImportError("x"), None),  # no module named: cannot say which
        (ValueError("x"), None),
    ],
)
def test_only_a_module_we_do_not_ship_is_a_missing_dependency(error, words):
    message = environment.missing_dependency(error)
    if words is None:
        assert message is None
    else:
        assert message.startswith(f"error: {sys.executable} cannot import ")
        assert words in message
        assert message.endswith(FIX)


def test_only_the_machines_state_is_told_as_a_fault_of_the_machine():
    full = OSError(errno.ENOSPC, "No space left on device")
    assert environment.machine_fault(full) == (
        "error: No space left on device; the previous outputs are unchanged"
    )
    denied = OSError(errno.EACCES, "Permission denied", "x")  # maybe ours: keeps its traceback
    assert environment.machine_fault(denied) is None
    assert environment.machine_fault(ValueError("x")) is None
