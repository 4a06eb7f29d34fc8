"""The register of the report's figures: read it, parse each figure, prove it against the report.

Each row is checked against the raw report: the quote must be a verbatim substring, sit in the
chapter and section the row names, contain the figure, and carry the footnote the row cites; the
figure must parse, and its unit and date must agree with what the row says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem
from ..parse.countries import Country, UnknownCountry, normalise_country
from ..parse.dates import DateError, check_date, parse_iso_period, precision_of
from ..parse.numbers import ParsedFigure, ParseError, parse_figure
from .csvio import Row, read_rows
from .report import CHAPTER_NAMES, Report

COLUMNS = [
    "id",
    "chapter",
    "section",
    "country",
    "origin",
    "destination",
    "sex",
    "theme",
    "indicator",
    "label",
    "figure",
    "unit",
    "period",
    "footnote",
    "stated_in",
    "quote",
    "note",
]
REQUIRED = ["id", "chapter", "section", "theme", "indicator", "label", "figure", "unit", "stated_in", "quote"]

THEMES = (
    "population",
    "migration",
    "remittances",
    "returns",
    "fees",
    "penalties",
    "registration",
    "recruitment",
    "programmes",
    "policy",
    "trade",
    "demography",
    "labour_market",
    "mmn_work",
    "network",
)
STATED_IN = ("body", "footnote_title", "caption", "table")
SEXES = ("", "female", "male")
#: units the text itself states, checked against the row; other units name what is counted
STATED_UNITS = ("percent", "fraction", "USD", "THB", "days", "months", "years")
COUNT_UNITS = (
    "persons",
    "organisations",
    "agencies",
    "locations",
    "countries",
    "states",
    "orders",
    "consultations",
    "meetings",
    "interviews",
    "questionnaires",
    "sites",
    "panels",
    "crops",
    "areas",
    "themes",
    "versions",
    "events",
    "ordinal",
)
UNITS = STATED_UNITS + COUNT_UNITS + ("date",)
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Figure:
    """One register row, verified, with its parsed value and its place in the report."""

    row: Row
    parsed: ParsedFigure | None  # None for a date
    date_qualifier: str | None
    date_qualifier_text: str | None
    country: Country | None
    origin: Country | None
    destination: Country | None
    offsets: tuple[int, ...]  # where the quote occurs in the report
    figure_spans: tuple[tuple[int, int], ...]  # where the figure occurs, inside the quote's occurrences
    line: int  # 1-based line of the first occurrence

    def __getitem__(self, key: str) -> str:
        return self.row.values[key]


def register_files(raw_dir: Path) -> list[Path]:
    return sorted((raw_dir / "register").glob("*.csv"))


def read_register(raw_dir: Path) -> list[Row]:
    files = register_files(raw_dir)
    if not files:
        raise InputError(Problem("data/raw/register/", "no register files", expected="one or more CSV files"))
    rows: list[Row] = []
    problems: list[Problem] = []
    for path in files:
        try:
            rows.extend(read_rows(path, f"data/raw/register/{path.name}", COLUMNS, REQUIRED))
        except InputError as e:
            problems.extend(e.problems)
    if problems:
        raise InputError(problems)
    return rows


def _country(row: Row, column: str, problems: list[Problem]) -> Country | None:
    name = row.values[column].strip()
    if not name:
        return None
    try:
        return normalise_country(name)
    except UnknownCountry as e:
        problems.append(
            row.problem(
                column, f"unknown country: {e}", expected="a country name ISO 3166 knows, or the report's spelling"
            )
        )
        return None


def verify_row(report: Report, row: Row, problems: list[Problem]) -> Figure | None:
    """Check one row against the report; append every problem found; return the Figure if sound."""
    v = {k: s.strip() if k not in ("quote", "figure") else s for k, s in row.values.items()}
    before = len(problems)

    if not ID_PATTERN.match(v["id"]):
        problems.append(row.problem("id", f"{v['id']!r} is not a valid id", "lowercase letters, digits and hyphens"))
    if v["chapter"] not in CHAPTER_NAMES:
        problems.append(
            row.problem("chapter", f"unknown chapter {v['chapter']!r}", f"one of {', '.join(CHAPTER_NAMES)}")
        )
    if v["theme"] not in THEMES:
        problems.append(row.problem("theme", f"unknown theme {v['theme']!r}", f"one of {', '.join(THEMES)}"))
    if len(v["label"]) > 70:
        problems.append(row.problem("label", f"is {len(v['label'])} characters long", "at most 70 characters"))
    if not SNAKE.match(v["indicator"]):
        problems.append(row.problem("indicator", f"{v['indicator']!r} is not snake_case", "e.g. nationals_abroad"))
    if v["unit"] not in UNITS:
        problems.append(row.problem("unit", f"unknown unit {v['unit']!r}", f"one of {', '.join(UNITS)}"))
    if v["sex"] not in SEXES:
        problems.append(row.problem("sex", f"unknown value {v['sex']!r}", "female, male or blank"))
    if v["stated_in"] not in STATED_IN:
        problems.append(row.problem("stated_in", f"unknown value {v['stated_in']!r}", f"one of {', '.join(STATED_IN)}"))
    country = _country(row, "country", problems)
    origin = _country(row, "origin", problems)
    destination = _country(row, "destination", problems)

    quote, figure = v["quote"], v["figure"]
    offsets: tuple[int, ...] = ()
    spans: list[tuple[int, int]] = []
    if "\n" in quote or "\r" in quote:
        problems.append(row.problem("quote", "spans a line break", "one paragraph of the report"))
    elif quote:
        offsets = tuple(report.find_all(quote))
        if not offsets:
            problems.append(row.problem("quote", "not found in the report", "a verbatim substring of the report"))
    if quote and figure and figure not in quote:
        problems.append(row.problem("figure", f"{figure!r} is not in the quote", "a verbatim substring of the quote"))
    elif offsets:
        for off in offsets:
            i = quote.find(figure)
            while i != -1:
                spans.append((off + i, off + i + len(figure)))
                i = quote.find(figure, i + 1)
        places = [report.section_at(o) for o in offsets]
        if not any(p.chapter == v["chapter"] and p.title == v["section"] for p in places):
            where = "; ".join(sorted({f"{p.chapter} / {p.title}" for p in places}))
            problems.append(
                row.problem("section", f"the quote sits in {where}, not in {v['chapter']} / {v['section']}", where)
            )

    parsed = None
    dq = dqt = None
    if v["unit"] == "date":
        if not v["period"]:
            problems.append(row.problem("period", "a date row needs the ISO date it denotes", "e.g. 2017-06-23"))
        elif figure:
            try:
                d = check_date(figure, v["period"])
                dq, dqt = d.qualifier, d.qualifier_text
            except DateError as e:
                problems.append(row.problem("figure", str(e), f"a date matching period {v['period']}"))
    else:
        if v["period"]:
            try:
                parse_iso_period(v["period"])
            except DateError as e:
                problems.append(row.problem("period", str(e), "ISO 8601: 2017, 2017-08, 2017-06-23 or 2014/2017"))
        if figure:
            try:
                parsed = parse_figure(figure)
            except ParseError as e:
                problems.append(row.problem("figure", f"does not parse: {e}", "a number as the report writes it"))
            if parsed is not None and v["unit"] in UNITS:
                if parsed.unit and parsed.unit != v["unit"]:
                    problems.append(
                        row.problem("unit", f"the figure states {parsed.unit}, the row says {v['unit']}", parsed.unit)
                    )
                elif not parsed.unit and v["unit"] in STATED_UNITS and v["unit"] != "fraction":
                    problems.append(
                        row.problem(
                            "figure",
                            f"the figure does not state its unit ({v['unit']})",
                            "the unit words as written, e.g. '70 percent', 'US\\$124', 'five years'",
                        )
                    )

    if v["footnote"]:
        if not v["footnote"].isdigit():
            problems.append(
                row.problem("footnote", f"{v['footnote']!r} is not a footnote number", "a number such as 51")
            )
        else:
            n = int(v["footnote"])
            if (v["chapter"], n) not in report.footnotes:
                problems.append(
                    row.problem(
                        "footnote",
                        f"footnote {n} does not exist in the {v['chapter']} chapter",
                        "a footnote the chapter defines",
                    )
                )
            elif offsets and v["stated_in"] == "body":
                lines = {report.line_of(o) for o in offsets}
                if not any(m.number == n and m.line in lines and m.start >= min(offsets) for m in report.markers):
                    problems.append(
                        row.problem(
                            "footnote",
                            f"no marker {n} follows the quote in its paragraph",
                            "the number of a footnote marker printed after the quote",
                        )
                    )

    if len(problems) > before:
        return None
    return Figure(row, parsed, dq, dqt, country, origin, destination, offsets, tuple(spans), report.line_of(offsets[0]))


def verify_register(report: Report, rows: list[Row]) -> list[Figure]:
    problems: list[Problem] = []
    seen: dict[str, Row] = {}
    figures: list[Figure] = []
    for row in rows:
        rid = row.values["id"].strip()
        if rid in seen:
            first = seen[rid]
            problems.append(
                row.problem(
                    "id",
                    f"duplicate id {rid!r} (first at {first.file} row {first.number})",
                    "ids unique across the register",
                )
            )
            continue
        seen[rid] = row
        fig = verify_row(report, row, problems)
        if fig is not None:
            figures.append(fig)
    if problems:
        raise InputError(problems)
    return figures


def period_precision(period: str) -> str:
    return precision_of(period) if period else ""
