"""How `make test` shares the tests among processes (pytest-xdist, `-n auto --dist loadfile`).

Each file runs whole in one worker (a notebook's cells must run in one kernel, in order), and workers take
the next file as they finish. The files that take most of a run (a browser on every page; builds killed at
every step) are handed out first, so that they do not start last and leave one worker running alone.
"""

from __future__ import annotations

import pytest

LONG = ("test_site.py", "test_hostile_publish.py")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: item.path.name not in LONG)  # stable: every file keeps its own order
