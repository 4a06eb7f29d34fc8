"""The register of the report's figures: read it, parse each figure, prove it against the report.

Each row is checked against the raw report: the quote must be a verbatim substring, sit in the
chapter and section the row names, contain the figure, and carry the footnote the row cites; the
figure must parse, and its unit and date must agree with what the row says; its kind, countries and
attribution must be known and printed. Across rows: every hedge word near a figure is recorded or
waived (:mod:`.hedging`), repeated figures and the dates of one event agree (:mod:`.links`), and a
list's length is borne out by the list (:mod:`.lists`).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem
from ..parse.countries import Country, UnknownCountry, normalise_country
from ..parse.dates import DateError, check_date, parse_iso_period, precision_of
from ..parse.numbers import ParsedFigure, ParseError, parse_figure
from .csvio import Row, read_rows
from .hedging import check_hedges, check_row_hedge
from .links import check_events, check_same_as
from .lists import last_label
from .report import CHAPTER_NAMES, SUPERSCRIPT_RUN, Report

COLUMNS = [
    "id",
    "chapter",
    "section",
    "country",
    "origin",
    "destination",
    "also_about",
    "sex",
    "theme",
    "indicator",
    "label",
    "figure",
    "unit",
    "period",
    "footnote",
    "stated_in",
    "kind",
    "attributed_to",
    "same_as",
    "event",
    "quote",
    "hedge",
    "hedge_waived",
    "note",
]
REQUIRED = ["id", "chapter", "section", "theme", "indicator", "label", "figure", "unit", "stated_in", "kind", "quote"]

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
STATED_IN = ("body", "footnote_title", "caption", "table", "list")
#: What kind of number a figure is, judged from its sentence and the work its footnote cites.
KINDS: dict[str, str] = {
    "official_count": "a count or other figure from a government's or an intergovernmental body's own records, "
    "statistics or announcements (the sentence says so, or the cited work is theirs)",
    "estimate": "a figure its producer or the report calls an estimate, speculates or projects, or a share of one",
    "study_finding": "a result of a survey or a research study, or the date of one",
    "press_report": "a figure known from a news article or press release the footnote cites, the sentence naming "
    "no official source; and every number in the title of a cited news article",
    "legal_provision": "set by a law, decree, regulation, policy decision or agreement: penalties, fees, periods, "
    "deadlines, parties, and the dates such an instrument is made, signed or takes effect (the year in its name too)",
    "plan_or_target": "a plan, target or scheduled event that had not happened when the report was written",
    "mmn_record": "MMN's own record of its organisation and work: its staff, members, meetings, events, "
    "participants, consultations, studies and publications",
    "background": "context the report states on its own authority, citing no one: anniversaries, summit "
    "editions, historical dates",
}
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
    "lessons",
    "objectives",
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
    also_about: tuple[Country, ...]  # other countries the figure concerns
    offsets: tuple[int, ...]  # every place the quote occurs in the report
    offset: int  # where the row's own statement starts: see own_occurrence
    figure_spans: tuple[tuple[int, int], ...]  # where the figure stands (a list's length: its last label)
    line: int  # 1-based line of the row's own statement

    def __getitem__(self, key: str) -> str:
        return self.row.values[key]

    @property
    def countries(self) -> tuple[Country, ...]:
        """Every country the figure concerns, once each: country, origin, destination, then also_about."""
        found = [c for c in (self.country, self.origin, self.destination, *self.also_about) if c is not None]
        return tuple({c.iso3: c for c in found}.values())

    @property
    def statement_span(self) -> tuple[int, int]:
        """Where the figure stands in the report: the span its sentence is found around (for a list's
        length, the sentence that introduces the list)."""
        if self["stated_in"] == "list":
            return self.offset, self.offset + len(self["quote"])
        return self.figure_spans[0]

    @property
    def position(self) -> int:
        """Where a reader meets the figure: its first character (for a list's length, its introduction)."""
        return self.statement_span[0]

    @property
    def qualifier(self) -> str:
        """How exact the figure is: what its own words say, and never exact when a hedge governs it."""
        own = self.parsed.qualifier if self.parsed else self.date_qualifier
        return "approx" if own == "exact" and self["hedge"].strip() else str(own)


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


def cited_note_texts(report: Report, chapter: str, number: int) -> list[str]:
    """The text of a footnote and, for an 'Ibid', of the nearest earlier note that is not one."""
    texts = []
    n = number
    while (chapter, n) in report.footnotes:
        text = report.footnotes[(chapter, n)].text
        texts.append(text)
        if not re.match(r"^\W*Ibid\W*$", SUPERSCRIPT_RUN.sub("", text)):
            break
        n -= 1
    return texts


def attribution_is_printed(report: Report, v: dict[str, str]) -> bool:
    """attributed_to is who the sentence names (in the quote) or who the cited work is by (in its footnote)."""
    who = v["attributed_to"]
    if who in v["quote"]:
        return True
    notes = cited_note_texts(report, v["chapter"], int(v["footnote"])) if v["footnote"].isdigit() else []
    return any(who in text for text in notes)


def own_occurrence(report: Report, offsets: tuple[int, ...], values: dict[str, str], after: int) -> int | None:
    """Where the row's own statement stands, among the places its quote occurs.

    The occurrence inside the row's chapter and section; for a number in a footnote's title, the
    one in that footnote; if still several, the first at or after the previous row's statement
    (rows are kept in report order), else the first. None if no occurrence is in the row's section.
    """
    here = [
        o for o in offsets if (p := report.section_at(o)).chapter == values["chapter"] and p.title == values["section"]
    ]
    if values["stated_in"] == "footnote_title" and values["footnote"].isdigit():
        note = report.footnotes.get((values["chapter"], int(values["footnote"])))
        in_note = [o for o in here if note is not None and report.line_of(o) == note.line]
        here = in_note or here
    later = [o for o in here if o >= after]
    return (later or here or [None])[0]


def _countries(row: Row, column: str, problems: list[Problem]) -> tuple[Country, ...]:
    """A '; '-separated list of country names, each normalised."""
    out = []
    for name in (n.strip() for n in row.values[column].split(";")):
        if not name:
            continue
        try:
            out.append(normalise_country(name))
        except UnknownCountry as e:
            problems.append(
                row.problem(column, f"unknown country: {e}", expected="country names ISO 3166 knows, '; '-separated")
            )
    return tuple(out)


def verify_row(report: Report, row: Row, problems: list[Problem], after: int = 0) -> Figure | None:
    """Check one row against the report; append every problem found; return the Figure if sound.

    ``after`` is where the previous row of the same file stands, to tell repeated quotes apart.
    """
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
    if "\\$" in v["label"] or "*" in v["label"]:
        problems.append(row.problem("label", "holds a '\\$' escape or a Markdown '*'", "the editors' words, as read"))
    if not SNAKE.match(v["indicator"]):
        problems.append(row.problem("indicator", f"{v['indicator']!r} is not snake_case", "e.g. nationals_abroad"))
    if v["unit"] not in UNITS:
        problems.append(row.problem("unit", f"unknown unit {v['unit']!r}", f"one of {', '.join(UNITS)}"))
    if v["sex"] not in SEXES:
        problems.append(row.problem("sex", f"unknown value {v['sex']!r}", "female, male or blank"))
    if v["stated_in"] not in STATED_IN:
        problems.append(row.problem("stated_in", f"unknown value {v['stated_in']!r}", f"one of {', '.join(STATED_IN)}"))
    if v["kind"] and v["kind"] not in KINDS:
        problems.append(row.problem("kind", f"unknown kind {v['kind']!r}", f"one of {', '.join(KINDS)}"))
    if v["attributed_to"] and not attribution_is_printed(report, v):
        problems.append(
            row.problem(
                "attributed_to",
                f"{v['attributed_to']!r} is neither in the quote nor in the work footnote {v['footnote'] or '(none)'} cites",
                "who the sentence names, or the author or outlet of the cited work, as printed",
            )
        )
    country = _country(row, "country", problems)
    origin = _country(row, "origin", problems)
    destination = _country(row, "destination", problems)
    also_about = _countries(row, "also_about", problems)

    quote, figure = v["quote"], v["figure"]
    offsets: tuple[int, ...] = ()
    own: int | None = None
    spans: list[tuple[int, int]] = []
    if "\n" in quote or "\r" in quote:
        problems.append(row.problem("quote", "spans a line break", "one paragraph of the report"))
    elif quote:
        offsets = tuple(report.find_all(quote))
        if not offsets:
            problems.append(row.problem("quote", "not found in the report", "a verbatim substring of the report"))
    is_list = v["stated_in"] == "list"
    if quote and figure and figure not in quote and not is_list:
        problems.append(row.problem("figure", f"{figure!r} is not in the quote", "a verbatim substring of the quote"))
    elif offsets:
        own = own_occurrence(report, offsets, v, after)
        if own is None:
            places = [report.section_at(o) for o in offsets]
            where = "; ".join(sorted({f"{p.chapter} / {p.title}" for p in places}))
            problems.append(
                row.problem("section", f"the quote sits in {where}, not in {v['chapter']} / {v['section']}", where)
            )
        elif figure and is_list:
            label = last_label(report, figure, own + len(quote))
            if isinstance(label, str):
                problems.append(
                    row.problem("figure", label, "the last label of the numbered list the quote introduces")
                )
            else:
                spans.append(label)
                problems.extend(check_row_hedge(row, None))
        elif figure:
            # A figure written twice in one quote is its first: a row for the second quotes less.
            i = quote.find(figure)
            spans.append((own + i, own + i + len(figure)))
            problems.extend(check_row_hedge(row, i))

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
            elif own is not None and v["stated_in"] == "body":
                line = report.line_of(own)
                if not any(m.number == n and m.line == line and m.start >= own for m in report.markers):
                    problems.append(
                        row.problem(
                            "footnote",
                            f"no marker {n} follows the quote in its paragraph",
                            "the number of a footnote marker printed after the quote",
                        )
                    )

    if len(problems) > before or own is None:
        return None
    return Figure(
        row, parsed, dq, dqt, country, origin, destination, also_about, offsets, own, tuple(spans), report.line_of(own)
    )


#: Registers this process has verified and found sound, by the report's text and every row (a few, the least
#: recently used dropped first): a build that follows a build with the same register and report (the tests build hundreds of
#: times, most with the register unchanged) reuses the figures instead of verifying each row again.
_VERIFIED: dict[bytes, tuple[Figure, ...]] = {}
_VERIFIED_KEPT = 8
_VERIFIED_MAX_ROWS = 10_000  # a larger register is verified every time, not kept in memory


def verify_register(report: Report, rows: list[Row]) -> list[Figure]:
    """Every row checked against the report, and the figures together (hedges, repeats, events); the figures
    if all is sound, else every problem found."""
    if len(rows) > _VERIFIED_MAX_ROWS:
        return _verify_register(report, rows)
    digest = hashlib.sha256(report.path.encode("utf-8") + b"\0" + report.text.encode("utf-8"))
    for row in rows:  # a digest, not the rows themselves: a register 100 times the real one stays cheap to keep
        digest.update(json.dumps([row.file, row.number, row.values], ensure_ascii=False).encode("utf-8") + b"\n")
    key = digest.digest()
    if key in _VERIFIED:
        _VERIFIED[key] = _VERIFIED.pop(key)  # the most recently used last
        return list(_VERIFIED[key])
    figures = _verify_register(report, rows)
    if len(_VERIFIED) >= _VERIFIED_KEPT:
        del _VERIFIED[next(iter(_VERIFIED))]
    _VERIFIED[key] = tuple(figures)
    return figures


def _verify_register(report: Report, rows: list[Row]) -> list[Figure]:
    problems: list[Problem] = []
    seen: dict[str, Row] = {}
    figures: list[Figure] = []
    after: dict[str, int] = {}  # per file: where its previous row's statement stands
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
        fig = verify_row(report, row, problems, after.get(row.file, 0))
        if fig is not None:
            figures.append(fig)
            after[row.file] = fig.offset
    if not problems:
        check_hedges(report, figures, problems)
        check_same_as(figures, problems)
        check_events(figures, problems)
    if problems:
        raise InputError(problems)
    return figures


def period_precision(period: str) -> str:
    return precision_of(period) if period else ""
