"""Helpers for the hostile suites: run the command line in a child process with a fault injected.

The faults are real: a file-size limit (``ulimit -f``), permissions (a root test run gives up the
capabilities that let root ignore them), and a kill or Ctrl-C delivered by the child to itself at a
named step of the publish.

The child is forked from the test process, which has the package imported already (and has rendered the
tables' workbook once): it runs ``mmn_analysis.cli.main`` with its own stdout and stderr, and ends with the
exit code the command returns, or dies of the signal. Starting ``python -m mmn_analysis`` afresh for each
fault would cost a quarter of a second of imports every time; test_bad_input runs that real entry point.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from mmn_analysis.cli import main
from mmn_analysis.outputs import build

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2
_LINUX_CAPABILITY_VERSION_3 = 0x20080522


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def without_permission_override() -> None:
    """In the child: a root process loses the capabilities that bypass file permissions (now, and in any
    program it would run)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    caps = (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH)
    for cap in caps:
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")
    header, data = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0), (_CapData * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget")
    mask = ~sum(1 << cap for cap in caps) & 0xFFFFFFFF
    data[0].effective &= mask
    data[0].permitted &= mask
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset")


def file_size_limit(limit: int):
    """A function setting ``ulimit -f`` (in bytes) in the child."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def signal_at(step: str, signal_name: str) -> Callable[[], None]:
    """A function that wraps one step of the build module (or os.replace / os.rename) so that the child sends
    itself ``signal_name`` just before or just after the nth call of that step: ``_exchange:1:after``."""

    def apply() -> None:
        name, nth, when = step.split(":")
        sig = getattr(signal, signal_name)
        owner = os if name in ("replace", "rename") else build
        original = getattr(owner, name)
        calls = 0

        def wrapped(*args, **kwargs):
            nonlocal calls
            calls += 1
            if calls == int(nth) and when == "before":
                os.kill(os.getpid(), sig)
            result = original(*args, **kwargs)
            if calls == int(nth) and when == "after":
                os.kill(os.getpid(), sig)
            return result

        setattr(owner, name, wrapped)

    return apply


def without_atomic_swap() -> None:
    """In the child: the build finds no renameat2 and replaces the files one by one."""
    build._renameat2 = lambda: None


class Child:
    """``mmn_analysis.cli.main(args)`` running in a forked child; ``wait()`` gives a CompletedProcess."""

    def __init__(self, args: list[str], *before: Callable[[], None], timeout: float = 120):
        self.args, self.deadline = list(args), time.monotonic() + timeout
        self._out, self._err = tempfile.TemporaryFile(), tempfile.TemporaryFile()  # noqa: SIM115 (closed by wait)
        self.pid = os.fork()
        if self.pid == 0:
            self._child(before)  # never returns

    def _child(self, before) -> None:
        code = 70
        try:
            os.dup2(self._out.fileno(), 1)
            os.dup2(self._err.fileno(), 2)
            sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            # Ctrl-C raises KeyboardInterrupt, as in a program started from a terminal.
            signal.signal(signal.SIGINT, signal.default_int_handler)
            for apply in before:
                apply()
            code = main(self.args)
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
        except BaseException:
            traceback.print_exc()
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)

    def wait(self) -> subprocess.CompletedProcess:
        while (done := os.waitpid(self.pid, os.WNOHANG))[0] == 0:
            if time.monotonic() > self.deadline:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                raise subprocess.TimeoutExpired(self.args, 0)
            time.sleep(0.005)
        texts = []
        for f in (self._out, self._err):
            f.seek(0)
            texts.append(f.read().decode("utf-8"))
            f.close()
        return subprocess.CompletedProcess(self.args, os.waitstatus_to_exitcode(done[1]), *texts)


def run_cli(*args: str, preexec: Callable[[], None] | None = None) -> subprocess.CompletedProcess:
    """The command line with ARGS in a child, after ``preexec`` (a fault) has run in it."""
    return Child(list(args), *([preexec] if preexec else [])).wait()


def run_with_signal(step: str, signal_name: str, *args: str, atomic_swap: bool = True) -> subprocess.CompletedProcess:
    """The command line, signalling itself at ``step`` (``_exchange:1:after``)."""
    faults = [signal_at(step, signal_name)] + ([] if atomic_swap else [without_atomic_swap])
    return Child(list(args), *faults).wait()


def digest(files: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}


def assert_clean_refusal(proc: subprocess.CompletedProcess, *fragments: str) -> None:
    """Exit 2, no traceback, every line short and prefixed, the fragments said."""
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[-1] == "nothing was written: data/processed/ is as it was.", proc.stderr
    assert all(line.startswith("error: ") for line in lines[:-1]), proc.stderr
    for fragment in fragments:
        assert fragment in proc.stderr, f"{fragment!r} not in:\n{proc.stderr}"


#: One refusal line: the file, its row and column where the problem has them, then what is wrong.
PROBLEM_LINE = re.compile(r"error: data/raw/\S+(, row \d+)?(, column '[^']+')?: \S.*")


def build_refused(raw: Path, processed: Path, capsys, fragments=()) -> str:
    """Build ``raw`` into ``processed`` in this process and prove the refusal clean: exit 2, one line per problem
    naming its place, then "nothing was written", no traceback, ``processed`` byte for byte as it was, and each
    fragment said. Returns stderr."""
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(processed.iterdir())}
    code = main(["--raw", str(raw), "--processed", str(processed), "build"])
    captured = capsys.readouterr()
    err, lines = captured.err, captured.err.splitlines()
    assert code == 2, captured.out + err
    assert "Traceback" not in err and "internal error" not in err, err
    assert lines and lines[-1] == "nothing was written: data/processed/ is as it was.", err
    assert lines[:-1] and all(PROBLEM_LINE.fullmatch(line) for line in lines[:-1]), lines
    for fragment in fragments:
        assert fragment in err, f"{fragment!r} not in:\n{err}"
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(processed.iterdir())} == before
    return err


def leftovers(processed: Path) -> list[str]:
    """What builds left beside the processed folder: staging or old folders (the lock file stays)."""
    return sorted(p.name for p in processed.parent.iterdir() if p.name.startswith(f".{processed.name}-"))
