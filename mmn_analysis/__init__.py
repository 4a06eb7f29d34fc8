"""Every figure in the Mekong Migration Network's Annual Report 2017 as tidy, sourced tables.

    import mmn_analysis as mmn
    mmn.tables()                 # what is available
    mmn.describe("destinations") # its columns
    df = mmn.load("destinations")
    mmn.about("Viet Nam")        # every figure about a country, whichever section states it
    mmn.story("Myanmar has {ov-mmr-02} nationals abroad.")   # prose with figures from the tables
    mmn.charts.bars(rows, name=..., title=..., measure=...)  # a chart in the house style

The loading functions import pandas on first use, so the command-line build starts fast.
"""

from __future__ import annotations

import importlib

__all__ = [
    "about",
    "by_id",
    "coverage_summary",
    "describe",
    "fact_check_summary",
    "load",
    "register_summary",
    "sources_for",
    "tables",
]
__version__ = "0.1.0"
#: Notebook helpers beside the loading API: name -> the module that defines it.
HELPERS = {
    "story": ".edition.prose",
    "says": ".edition.prose",
    "link": ".edition.prose",
    "glance": ".edition.glance",
    "fact_check_cards": ".edition.cards",
}
SUBPACKAGES = ("charts",)


def __getattr__(name: str):
    if name in __all__:
        return getattr(importlib.import_module(".api", __name__), name)
    if name in HELPERS:
        return getattr(importlib.import_module(HELPERS[name], __name__), name)
    if name in SUBPACKAGES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__ + list(HELPERS) + list(SUBPACKAGES))
