"""Shared fixtures: the real report and inputs, and throwaway copies of data/ for bad-input tests."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from mmn_analysis.outputs.build import make, read_inputs
from mmn_analysis.paths import PROCESSED, RAW


@pytest.fixture(scope="session")
def real():
    """The real build, in memory (reads data/raw, writes nothing)."""
    return make()


@pytest.fixture(scope="session")
def inputs():
    return read_inputs()


@pytest.fixture()
def workspace(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of data/raw and data/processed to break things in."""
    raw, processed = tmp_path / "raw", tmp_path / "processed"
    shutil.copytree(RAW, raw)
    shutil.copytree(PROCESSED, processed)
    return raw, processed


def folder_digest(folder: Path) -> dict[str, str]:
    """Every file of a folder by name, with its sha256: equal digests, equal bytes."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture()
def snapshot():
    return folder_digest
