"""What a newcomer's benchmarks share: a fresh copy of the project, and commands timed as they run there."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: What an outer make passes down; a benchmark's own `make` must start as a newcomer's does.
MAKE_VARIABLES = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")


def fresh_copy(dest: Path) -> Path:
    """Copy the project's tracked files (as they are in the work tree) to dest: a clone without .git,
    .venv, .cache or any file git does not track."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    for name in listed.decode().split("\0"):
        if name and (ROOT / name).is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target)
    return dest


def digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under folder but .venv/ and .cache/: equal digests, no byte changed."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] not in (".venv", ".cache")
    }


def newcomer_env(**extra: str) -> dict[str, str]:
    """The caller's environment without an outer make's variables, plus extra."""
    env = {k: v for k, v in os.environ.items() if k not in MAKE_VARIABLES}
    env.update(extra)
    return env


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    """Run argv in a fresh process; exit with its output if it fails. Returns (wall seconds, output)."""
    t0 = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(argv)} exited with {proc.returncode} in {cwd}:\n{proc.stdout[-3000:]}")
    return wall, proc.stdout


def repeated(argv: list[str], cwd: Path, env: dict[str, str], repeat: int) -> list[float]:
    """Wall times of repeat runs of argv, after one untimed warm-up run."""
    timed(argv, cwd, env)
    return [timed(argv, cwd, env)[0] for _ in range(repeat)]
