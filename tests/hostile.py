"""Helpers for the hostile suites: run the command line in a child process with a fault injected.

The faults are real: a file-size limit (``ulimit -f``), permissions (a root test run gives up the
capabilities that let root ignore them), and a kill or Ctrl-C delivered by the child to itself at a
named step of the publish.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

from mmn_analysis.paths import ROOT

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2

#: Runs the command line after wrapping one step of the build module (or os.replace / os.rename) so
#: that the process sends itself a signal just before or just after the nth call of that step.
#: argv: STEP:NTH:before|after SIGNAL -- command line arguments.
SIGNAL_AT_STEP = r"""
import os, signal, sys
from mmn_analysis.outputs import build
step, nth, when = sys.argv[1].split(":")
sig = getattr(signal, sys.argv[2])
owner = os if step in ("replace", "rename") else build
original = getattr(owner, step)
calls = 0
def wrapped(*args, **kwargs):
    global calls
    calls += 1
    if calls == int(nth) and when == "before":
        os.kill(os.getpid(), sig)
    result = original(*args, **kwargs)
    if calls == int(nth) and when == "after":
        os.kill(os.getpid(), sig)
    return result
setattr(owner, step, wrapped)
if os.environ.get("MMN_TEST_NO_EXCHANGE"):
    build._renameat2 = lambda: None
from mmn_analysis.cli import main
sys.exit(main(sys.argv[4:]))
"""


def without_permission_override() -> None:
    """In the child, before exec: a root process loses the capabilities that bypass file permissions."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def file_size_limit(limit: int):
    """A preexec function setting ``ulimit -f`` (in bytes) for the child."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", **extra)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    return env


def run_cli(*args: str, preexec=None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``python -m mmn_analysis ARGS`` in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "mmn_analysis", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env or child_env(),
        preexec_fn=preexec,
        timeout=120,
    )


def run_with_signal(step: str, signal_name: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    """The command line, signalling itself at ``step`` (``_exchange:1:after``)."""
    return subprocess.run(
        [sys.executable, "-c", SIGNAL_AT_STEP, step, signal_name, "--", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=child_env(**env),
        timeout=120,
        # A shell starts background jobs with SIGINT ignored, and Python then keeps ignoring it: give the child
        # the default disposition, as a terminal would, so that Ctrl-C is what the test sends.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


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


def leftovers(processed: Path) -> list[str]:
    """What builds left beside the processed folder: staging or old folders (the lock file stays)."""
    return sorted(p.name for p in processed.parent.iterdir() if p.name.startswith(f".{processed.name}-"))
