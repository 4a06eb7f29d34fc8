"""The code is lint-clean and formatted as pyproject.toml configures ruff (the pinned ruff of requirements.lock)."""

from __future__ import annotations

import subprocess
import sys

from mmn_analysis.paths import ROOT

TARGETS = ["mmn_analysis", "tests", "benchmarks"]


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *args, *TARGETS], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing_to_fix():
    proc = ruff("check", "--no-cache", "--output-format", "concise")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_code_is_formatted():
    proc = ruff("format", "--check", "--no-cache")
    assert proc.returncode == 0, proc.stdout + proc.stderr
