"""Loading the processed tables: what notebooks and analysts call."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

import pandas as pd

from .outputs.schema import TABLE_ORDER, TABLES
from .paths import PROCESSED

_DTYPES = {"string": "string", "integer": "Int64", "number": "float64"}


def tables() -> pd.DataFrame:
    """The available tables: name, title, rows, columns and what each holds."""
    rows = []
    for name in TABLE_ORDER:
        t = TABLES[name]
        path = PROCESSED / f"{name}.csv"
        n = None
        if path.exists():
            with path.open(encoding="utf-8", newline="") as f:
                n = sum(1 for _ in csv.reader(f)) - 1
        rows.append(
            {"table": name, "title": t.title, "rows": n, "columns": len(t.fields), "description": t.description}
        )
    return pd.DataFrame(rows).astype({"rows": "Int64"})


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


def load(name: str, processed: Path | None = None) -> pd.DataFrame:
    """A processed table as a typed DataFrame: text as pandas strings, numbers as float, counts as Int64.

    Each call returns a fresh copy; the parsed file is cached until it changes on disk."""
    _table(name)  # an unknown name is refused before any file is touched
    path = (processed or PROCESSED) / f"{name}.csv"
    stat = path.stat()
    return _read(name, str(path), stat.st_mtime_ns, stat.st_size).copy()


@functools.lru_cache(maxsize=64)
def _read(name: str, path: str, mtime_ns: int, size: int) -> pd.DataFrame:
    t = _table(name)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    if list(df.columns) != t.columns:
        raise ValueError(f"{Path(path).name}: columns {list(df.columns)} differ from the schema {t.columns}; rebuild")
    for f in t.fields:
        if f.type == "string":
            df[f.name] = df[f.name].astype("string")
        elif f.type == "integer":
            df[f.name] = pd.to_numeric(df[f.name]).astype("Int64")
        else:
            df[f.name] = pd.to_numeric(df[f.name]).astype("float64")
    return df


def _table(name: str):
    if name not in TABLES:
        raise KeyError(f"no table {name!r}; available: {', '.join(TABLE_ORDER)}")
    return TABLES[name]


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


def sources_for(frame: pd.DataFrame) -> pd.DataFrame:
    """The works cited by the rows of a frame (through its source_id column), once each, in note order."""
    sources = load("sources")
    ids = [i for i in dict.fromkeys(frame["source_id"].dropna()) if i]
    cited = sources.set_index("source_id").loc[ids, "cites_source_id"]
    keep = sources[sources["source_id"].isin(set(ids) | set(cited))]
    return keep[["source_id", "number", "author", "title", "outlet", "date_text", "url"]].reset_index(drop=True)


def coverage_summary() -> pd.DataFrame:
    """Numeric mentions per chapter of the report, by what accounts for them (the coverage audit)."""
    from .inputs.report import CHAPTER_NAMES

    c = load("coverage")
    table = pd.crosstab(c["chapter"], c["status"]).reindex(
        columns=["accounted", "excluded", "unaccounted"], fill_value=0
    )
    return table.reindex([ch for ch in CHAPTER_NAMES if ch in table.index])


def register_summary() -> pd.DataFrame:
    """Figures per chapter and theme."""
    from .inputs.report import CHAPTER_NAMES

    f = load("figures")
    table = pd.crosstab(f["chapter"], f["theme"], margins=True, margins_name="total")
    return table.reindex([ch for ch in CHAPTER_NAMES if ch in table.index] + ["total"])


def fact_check_summary() -> pd.DataFrame:
    """Fact-checks per kind, by verdict."""
    c = load("fact_checks")
    return pd.crosstab(c["category"], c["verdict"]).reindex(
        columns=["inconsistent", "cannot_tell", "consistent"], fill_value=0
    )
