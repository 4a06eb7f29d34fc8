"""How `make test` shares the tests among processes (pytest-xdist, `-n auto --dist loadfile`).

Each file runs whole in one worker (a notebook's cells must run in one kernel, in order), and workers take
the next file as they finish. Files are handed out longest first (the longest-processing-time rule): the
suites that take seconds (a browser on every page; builds killed at every step; ...), then the notebooks, then
the quick unit tests, so that the run does not end with one worker busy on a long file and the other idle.
"""

from __future__ import annotations

import pytest

#: The test files that take longest, longest first (measured with --durations; an order, not a promise).
LONG = (
    "test_site.py",
    "test_hostile_publish.py",
    "test_hostile_inputs.py",
    "test_build.py",
    "test_hostile_fuzz.py",
    "test_jupyter.py",
    "test_editorial.py",
    "test_bad_input.py",
    "test_hostile_files.py",
    "test_install.py",
)


def rank(item) -> tuple[int, int]:
    name = item.path.name
    if name in LONG:
        return (0, LONG.index(name))
    return (1, 0) if item.path.suffix == ".ipynb" else (2, 0)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    items.sort(key=rank)  # stable: every file keeps its own order
