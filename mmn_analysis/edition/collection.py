"""What every page of the reader's edition is built from, read once per build.

The figures, their sources and the fact-checks come from ``data/processed/``; the report's text
and structure from ``data/raw/``; the charts from the executed notebooks' outputs (the source of
truth for what was drawn). Missing values are ``None`` and text is plain ``str``, so the page
modules never meet a pandas ``<NA>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..api import load
from ..charts.export import DrawnChart, drawn_charts, work_cited
from ..charts.style import human_date
from ..inputs.report import Report, load_report
from ..parse.countries import UnknownCountry, normalise_country

#: How each qualifier reads (the figures table's ``qualifier``).
QUALIFIER_WORDS = {
    "exact": "as stated",
    "approx": "approximate",
    "at_least": "a lower bound",
    "at_most": "an upper bound",
    "range": "a range",
    "order_of_magnitude": "an order of magnitude",
}


def _records(frame) -> list[dict]:
    """Rows of a table as dicts of plain values: None for a missing cell."""
    plain = frame.astype(object).where(frame.notna(), None)
    return [{k: (v.item() if hasattr(v, "item") else v) for k, v in r.items()} for r in plain.to_dict("records")]


def period_text(period: object) -> str:
    """'2017-06-23' -> '23 June 2017'; '2014/2017' -> '2014 to 2017'; blank when the report gives none."""
    if not isinstance(period, str) or not period:
        return ""
    start, _, end = period.partition("/")
    return human_date(start) + (f" to {human_date(end)}" if end else "")


def country_names(codes: object) -> list[str]:
    """'MMR;THA' -> ['Myanmar', 'Thailand'], in the collection's one spelling per country."""
    names = []
    for code in str(codes or "").split(";"):
        if code:
            try:
                names.append(normalise_country(code).name)
            except UnknownCountry:
                names.append(code)
    return names


@dataclass
class Collection:
    """The inputs of one build."""

    figures: list[dict]
    sources: dict[str, dict]
    fact_checks: list[dict]
    charts: list[DrawnChart]
    report: Report
    by_id: dict[str, dict] = field(init=False)
    citations: dict[str, str] = field(init=False)  # source id -> the work as a reader cites it
    charts_of: dict[str, list[DrawnChart]] = field(init=False)  # figure id -> the charts that draw it

    def __post_init__(self) -> None:
        self.by_id = {str(f["id"]): f for f in self.figures}
        self.citations = {sid: work_cited(s, self.sources) for sid, s in self.sources.items()}
        self.charts_of = {}
        for chart in self.charts:
            ids = list(chart.payload.get("ids") or []) + [r.get("id") for r in chart.payload.get("rows") or []]
            for fid in dict.fromkeys(i for i in ids if i):
                self.charts_of.setdefault(str(fid), []).append(chart)


def read_collection(notebooks_dir: Path, processed_dir: Path, raw_dir: Path) -> Collection:
    """Read the tables, the report and the notebooks' charts for one build."""
    sources = {str(s["source_id"]): s for s in _records(load("sources", processed_dir))}
    return Collection(
        figures=_records(load("figures", processed_dir)),
        sources=sources,
        fact_checks=_records(load("fact_checks", processed_dir)),
        charts=drawn_charts(notebooks_dir),
        report=load_report(raw_dir),
    )
