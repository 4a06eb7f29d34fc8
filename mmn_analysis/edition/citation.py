"""How to cite the collection and its charts, from facts that do not change between builds.

A citation names the collection's version (the package's) and the date of the last commit that
touched the notebook behind a chart (``git log -1 --format=%cs -- <file>``); never today's date,
so two builds of the same inputs are byte-identical. Without git (a copy of the files, no
history), the citation gives the version alone.
"""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from functools import cache
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as installed_version
from pathlib import Path

from ..paths import REPORT_SHORT, REPORT_TITLE, ROOT

PACKAGE = "mmn-analysis"
COLLECTION = f"{REPORT_SHORT}, as data"


@cache
def version() -> str:
    """The collection's version: the installed package's, else pyproject.toml's."""
    try:
        return installed_version(PACKAGE)
    except PackageNotFoundError:
        return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def last_changed(path: Path) -> str | None:
    """The date (YYYY-MM-DD) of the last commit that touched a file; None without git or history."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        done = subprocess.run(
            [git, "log", "-1", "--format=%cs", "--", path.name],
            cwd=path.parent,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except OSError:
        return None
    date = done.stdout.strip()
    return date if done.returncode == 0 and len(date) == 10 else None


def cite_chart(title: str, name: str, date: str | None) -> str:
    """'“Title”, chart name, in MMN Annual Report 2017, as data, version 0.1.0 (2025-01-10). Data: the report.'"""
    when = f" ({date})" if date else ""
    return f"“{title}”, chart {name}, in {COLLECTION}, version {version()}{when}. Data: {REPORT_TITLE}."
