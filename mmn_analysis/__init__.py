"""Every figure in the Mekong Migration Network's Annual Report 2017 as tidy, sourced tables.

    import mmn_analysis as mmn
    mmn.tables()                 # what is available
    mmn.describe("destinations") # its columns
    df = mmn.load("destinations")
    mmn.about("Viet Nam")        # every figure about a country, whichever section states it

The loading functions import pandas on first use, so the command-line build starts fast.
"""

from __future__ import annotations

import importlib

__all__ = [
    "about",
    "coverage_summary",
    "describe",
    "fact_check_summary",
    "load",
    "register_summary",
    "sources_for",
    "tables",
]
__version__ = "0.1.0"


def __getattr__(name: str):
    if name in __all__:
        return getattr(importlib.import_module(".api", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
