"""Loading the processed tables: what notebooks and analysts call."""

from __future__ import annotations

import difflib
import functools
import math
import os
import re
from pathlib import Path

import pandas as pd

from .errors import InputError, Problem, display_path
from .inputs.csvio import decode, parse, read_bytes
from .outputs.schema import TABLE_ORDER, TABLES, Table
from .paths import IN_CHECKOUT, PROCESSED, ROOT
from .trace import traced

_DTYPES = {"string": "string", "integer": "Int64", "number": "float64"}
INTEGER = re.compile(r"-?[0-9]+")
NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
#: What to do when a table cannot be read, where it is missing or damaged.
REMEDY = (
    "rebuild the tables with `python -m mmn_analysis build`"
    if IN_CHECKOUT
    else "reinstall mmn-analysis from a clone of the repository whose data/processed/ is built"
)


@traced
def tables() -> pd.DataFrame:
    """The available tables: name, title, rows, columns and what each holds (rows blank where a file is unreadable)."""
    rows = []
    for name in TABLE_ORDER:
        t = TABLES[name]
        try:
            n = len(load(name))
        except InputError:
            n = None
        rows.append(
            {"table": name, "title": t.title, "rows": n, "columns": len(t.fields), "description": t.description}
        )
    return pd.DataFrame(rows).astype({"rows": "Int64"})


@traced
def describe(name: str) -> pd.DataFrame:
    """One row per column of a table: name, type, whether required, allowed values, description."""
    t = _table(name)
    return pd.DataFrame(
        [
            {
                "column": f.name,
                "type": f.type,
                "required": f.required,
                "allowed": ", ".join(f.enum) if f.enum else (f.pattern or ""),
                "description": f.description,
            }
            for f in t.fields
        ]
    )


@traced
def load(name: str, processed: Path | str | None = None) -> pd.DataFrame:
    """A processed table as a typed DataFrame: text as pandas strings, numbers as float, counts as Int64.

    Each call returns a fresh copy; the parsed file is cached until it changes on disk. A missing,
    unreadable or damaged file raises :class:`~mmn_analysis.errors.InputError` naming the file, row
    and column and saying what to do; a name that is not a table raises KeyError, one that is not a
    string TypeError.
    """
    t = _table(name)  # a wrong name is refused before any file is touched
    if processed is not None and not isinstance(processed, str | os.PathLike):
        raise TypeError(f"processed must be a folder path, not {type(processed).__name__}")
    path = Path(processed if processed is not None else PROCESSED) / f"{name}.csv"
    shown = display_path(path, ROOT)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(Problem(shown, "is missing", expected=f"the table's file: {REMEDY}")) from None
    except OSError:
        st = None  # read_bytes says what is wrong
    key = (st.st_mtime_ns, st.st_size, st.st_ino) if st else None
    return _read(t.name, str(path), shown, key).copy()


@functools.lru_cache(maxsize=64)
def _read(name: str, path: str, shown: str, key: tuple[int, int, int] | None) -> pd.DataFrame:
    """Parse a processed CSV strictly against its schema: every damaged cell is named by row and column."""
    t = TABLES[name]
    try:
        rows = parse(decode(read_bytes(Path(path), shown), shown, t.columns), shown, t.columns)
    except InputError as e:
        raise InputError([_with_remedy(p) for p in e.problems]) from None
    columns: dict[str, list[object]] = {c: [] for c in t.columns}
    problems: list[Problem] = []
    for number, rec in rows:
        for f, cell in zip(t.fields, rec):
            value, wrong = _typed(cell, f.type, f.required)
            if wrong:
                problems.append(_with_remedy(Problem(shown, wrong, row=number, column=f.name)))
            columns[f.name].append(value)
    if problems:
        raise InputError(problems)
    return pd.DataFrame({f.name: pd.array(columns[f.name], dtype=_DTYPES[f.type]) for f in t.fields}, columns=t.columns)


def _typed(cell: str, type_: str, required: bool) -> tuple[object, str | None]:
    """A cell's value in its column's type, or what is wrong with it."""
    if cell == "":
        return None, ("is blank, and the column is required" if required else None)
    if type_ == "integer":
        return (int(cell), None) if INTEGER.fullmatch(cell) else (None, f"{cell!r} is not a whole number")
    if type_ == "number":
        if not NUMBER.fullmatch(cell) or not math.isfinite(float(cell)):
            return None, f"{cell!r} is not a number"
        return float(cell), None
    return cell, None


def _with_remedy(problem: Problem) -> Problem:
    """The problem, saying what to do about a damaged table."""
    expected = f"{problem.expected}; {REMEDY}" if problem.expected else f"an intact table: {REMEDY}"
    return Problem(problem.file, problem.message, problem.row, problem.column, expected)


def _table(name: str) -> Table:
    if not isinstance(name, str):
        hint = " (to load several: {n: mmn.load(n) for n in names})" if isinstance(name, list | tuple | set) else ""
        raise TypeError(f"a table name is a string such as 'figures', not {type(name).__name__} {name!r}{hint}")
    if name not in TABLES:
        close = difflib.get_close_matches(name, TABLE_ORDER, n=1)
        maybe = f"did you mean {close[0]!r}? " if close else ""
        raise KeyError(f"no table {name!r}; {maybe}available: {', '.join(TABLE_ORDER)}")
    return TABLES[name]


@traced
def about(country: str) -> pd.DataFrame:
    """Every figure about a country, whichever section of the report states it, in report order.

    ``country`` may be spelt as the report spells it ('Burma/ Myanmar', 'Laos', 'Viet Nam'), by its usual
    English name or by its ISO 3166 code. A figure is about a country when its ``countries`` column lists
    it: its country, origin or destination, or another country its sentence concerns. An unknown name
    raises LookupError."""
    from .parse.countries import normalise_country

    iso3 = normalise_country(country).iso3
    f = load("figures")
    listed = f["countries"].fillna("").str.split(";").map(lambda codes: iso3 in codes).astype(bool)
    return f[listed].reset_index(drop=True)


@traced
def by_id(*ids: str) -> pd.DataFrame:
    """The figures with these ids, in the order given: ``mmn.by_id("ov-vnm-05", "ov-vnm-10")``.

    An id the register does not have raises KeyError naming it."""
    f = load("figures").set_index("id", drop=False)
    missing = [i for i in ids if i not in f.index]
    if missing:
        raise KeyError(f"no figure with id {', '.join(map(repr, missing))} in the figures table")
    return f.loc[list(ids)].reset_index(drop=True)


def sources_for(frame: pd.DataFrame) -> pd.DataFrame:
    """The works cited by the rows of a frame (through its source_id column), once each, in note order."""
    sources = load("sources")
    ids = [i for i in dict.fromkeys(frame["source_id"].dropna()) if i]
    cited = sources.set_index("source_id").loc[ids, "cites_source_id"]
    keep = sources[sources["source_id"].isin(set(ids) | set(cited))]
    return keep[["source_id", "number", "author", "title", "outlet", "date_text", "url"]].reset_index(drop=True)


@traced
def coverage_summary() -> pd.DataFrame:
    """Numeric mentions per chapter of the report, by what accounts for them (the coverage audit)."""
    from .inputs.report import CHAPTER_NAMES

    c = load("coverage")
    table = pd.crosstab(c["chapter"], c["status"]).reindex(
        columns=["accounted", "excluded", "unaccounted"], fill_value=0
    )
    return table.reindex([ch for ch in CHAPTER_NAMES if ch in table.index])


@traced
def register_summary() -> pd.DataFrame:
    """Figures per chapter and theme."""
    from .inputs.report import CHAPTER_NAMES

    f = load("figures")
    table = pd.crosstab(f["chapter"], f["theme"], margins=True, margins_name="total")
    return table.reindex([ch for ch in CHAPTER_NAMES if ch in table.index] + ["total"])


@traced
def fact_check_summary() -> pd.DataFrame:
    """Fact-checks per kind, by verdict."""
    c = load("fact_checks")
    return pd.crosstab(c["category"], c["verdict"]).reindex(
        columns=["inconsistent", "cannot_tell", "consistent"], fill_value=0
    )
