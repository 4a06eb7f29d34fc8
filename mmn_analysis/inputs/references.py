"""Reference tables kept beside the register: footnotes, members, the Secretariat calendar, acronyms.

Each hand-kept field that claims to come from the report is proved to be a verbatim substring of
the line it belongs to. Acronyms need no file: they are read straight from the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem
from ..parse.countries import UnknownCountry, normalise_country
from ..parse.dates import MONTHS, DateError, check_date, parse_iso_period
from .csvio import Row, read_rows
from .report import Report

FOOTNOTE_COLUMNS = [
    "chapter",
    "number",
    "author",
    "title",
    "outlet",
    "date_text",
    "date",
    "url",
    "locator",
    "ibid_of",
    "note",
]
MEMBER_COLUMNS = ["country", "organisation", "acronym"]
CALENDAR_COLUMNS = ["id", "month", "days", "start", "end", "activity", "role", "city", "country", "note"]
#: A calendar entry's id, stored in the file so that it never depends on the entry's position.
CALENDAR_ID = re.compile(r"^cal-[0-9]{2,}$")
ROLES = ("", "attended", "organised", "co-organised", "assisted", "participated", "presented", "met")
REPORT_YEAR = 2017


@dataclass(frozen=True)
class Footnote:
    row: Row
    chapter: str
    number: int
    line: int
    text: str  # the footnote line as printed
    cites: int  # the note whose work this one cites (itself, or the note an Ibid points back to)


def read_footnotes(raw: Path, report: Report) -> list[Footnote]:
    rows = read_rows(raw / "footnotes.csv", "data/raw/footnotes.csv", FOOTNOTE_COLUMNS, ["chapter", "number"])
    problems: list[Problem] = []
    out: list[Footnote] = []
    seen: set[tuple[str, int]] = set()
    for row in rows:
        v = row.values
        if not v["number"].strip().isdigit():
            problems.append(row.problem("number", f"{v['number']!r} is not a number", "a footnote number"))
            continue
        key = (v["chapter"].strip(), int(v["number"]))
        if key in seen:
            problems.append(row.problem("number", f"footnote {key[1]} of {key[0]} is listed twice", "one row per note"))
            continue
        seen.add(key)
        note = report.footnotes.get(key)
        if note is None:
            problems.append(
                row.problem(
                    "number",
                    f"footnote {key[1]} does not exist in the {key[0]} chapter",
                    "a footnote the report defines",
                )
            )
            continue
        for col in ("author", "title", "outlet", "date_text", "url", "locator"):
            if v[col] and v[col] not in note.text:
                problems.append(
                    row.problem(col, f"{v[col]!r} is not in footnote {key[1]}", "a verbatim substring of the footnote")
                )
        if v["date"]:
            try:
                check_date(v["date_text"], v["date"]) if v["date_text"] else parse_iso_period(v["date"])
            except DateError as e:
                problems.append(row.problem("date", str(e), "the ISO form of date_text"))
        cites = key[1]
        if v["ibid_of"].strip():
            ibid = int(v["ibid_of"])  # csvio allows the digits 0-9 only
            if ibid >= key[1] or (key[0], ibid) not in report.footnotes:
                problems.append(
                    row.problem(
                        "ibid_of",
                        f"{ibid} is not an earlier footnote of {key[0]}",
                        f"the number of a note before {key[1]} in the same chapter",
                    )
                )
                continue
            if not v["title"].strip():  # a pure "Ibid."; a note that adds a work of its own cites that work
                cites = int(v["ibid_of"])
        out.append(Footnote(row, key[0], key[1], note.line, note.text, cites))
    for key in sorted(set(report.footnotes) - seen):
        problems.append(
            Problem(
                "data/raw/footnotes.csv",
                f"footnote {key[1]} of {key[0]} has no row",
                expected="one row per footnote the report defines",
            )
        )
    if problems:
        raise InputError(problems)
    # An Ibid that points at another Ibid cites what that one cites.
    by_key = {(f.chapter, f.number): f for f in out}
    resolved = []
    for f in out:
        cites, hops = f.cites, 0
        while by_key[(f.chapter, cites)].cites != cites and hops < 10:
            cites, hops = by_key[(f.chapter, cites)].cites, hops + 1
        resolved.append(Footnote(f.row, f.chapter, f.number, f.line, f.text, cites))
    return resolved


@dataclass(frozen=True)
class Member:
    row: Row
    line: int
    line_text: str


def member_lines(report: Report) -> dict[str, tuple[int, str]]:
    """The members list by heading (``Regional``, ``Burma/ Myanmar`` ...): its line number and organisations."""
    start, end = report.chapter_span("members")
    out = {}
    for off_line in range(report.line_of(start), report.line_of(end - 1) + 1):
        text = report.lines[off_line - 1]
        if "\t" in text:
            heading, _, rest = text.partition("\t")
            out[heading] = (off_line, rest)
    return out


def read_members(raw: Path, report: Report) -> list[Member]:
    rows = read_rows(raw / "members.csv", "data/raw/members.csv", MEMBER_COLUMNS, ["country", "organisation"])
    lines = member_lines(report)
    problems: list[Problem] = []
    out = []
    covered: dict[str, list[tuple[int, int]]] = {k: [] for k in lines}
    for row in rows:
        v = row.values
        if v["country"] not in lines:
            problems.append(
                row.problem("country", f"{v['country']!r} is not a heading of the members list", ", ".join(lines))
            )
            continue
        if v["country"] != "Regional":
            try:
                normalise_country(v["country"])
            except UnknownCountry as e:
                problems.append(row.problem("country", str(e), "a country"))
        line_no, text = lines[v["country"]]
        i = text.find(v["organisation"])
        if i == -1:
            problems.append(
                row.problem(
                    "organisation", "not in that country's line of the members list", "a verbatim substring of the line"
                )
            )
            continue
        if (i, i + len(v["organisation"])) in covered[v["country"]]:
            problems.append(row.problem("organisation", "is listed twice for this country", "one row per organisation"))
            continue
        covered[v["country"]].append((i, i + len(v["organisation"])))
        if v["acronym"] and v["acronym"] not in v["organisation"]:
            problems.append(
                row.problem(
                    "acronym", f"{v['acronym']!r} is not in the organisation's name", "the bracketed acronym as written"
                )
            )
        out.append(Member(row, line_no, report.lines[line_no - 1]))
    # Completeness: every organisation on every line has a row (only separators are left over).
    for country, (_, text) in lines.items():
        chars = list(text)
        for a, b in covered[country]:
            for k in range(a, b):
                chars[k] = " "
        left = "".join(chars).replace(",", " ").strip()
        if left:
            problems.append(
                Problem(
                    "data/raw/members.csv",
                    f"organisations of {country!r} without a row: {left!r}",
                    expected="one row per organisation in the members list",
                )
            )
    if problems:
        raise InputError(problems)
    return out


@dataclass(frozen=True)
class CalendarEntry:
    row: Row
    line: int
    line_text: str


def calendar_days(days: str, month: int, year: int = REPORT_YEAR) -> tuple[str, str]:
    """``'4-6'`` in February -> ('2017-02-04', '2017-02-06'); ``'30-May 1'`` in April -> 30 April to 1 May."""
    d = days.strip().replace("–", "-")
    m = re.fullmatch(r"(\d{1,2})(?:-(?:([A-Za-z]+)\s+)?(\d{1,2}))?", d)
    if not m:
        raise DateError(f"{days!r} is not a day or a day range")
    start = f"{year}-{month:02d}-{int(m.group(1)):02d}"
    if not m.group(3):
        return start, start
    end_month = month
    if m.group(2):
        end_month = MONTHS.get(m.group(2).lower(), 0)
        if not end_month:
            raise DateError(f"{m.group(2)!r} is not a month")
    return start, f"{year}-{end_month:02d}-{int(m.group(3)):02d}"


def read_calendar(raw: Path, report: Report) -> list[CalendarEntry]:
    rows = read_rows(
        raw / "calendar.csv", "data/raw/calendar.csv", CALENDAR_COLUMNS, ["id", "month", "days", "start", "end"]
    )
    months = {s.title: s for s in report.sections if s.chapter == "calendar" and s.title.lower() in MONTHS}
    problems: list[Problem] = []
    out = []
    seen: dict[str, Row] = {}
    for row in rows:
        v = row.values
        cid = v["id"].strip()
        if not CALENDAR_ID.match(cid):
            problems.append(
                row.problem("id", f"{cid!r} is not a calendar id", "cal- and two or more digits, e.g. cal-07")
            )
        elif cid in seen:
            problems.append(
                row.problem("id", f"duplicate id {cid!r} (first at row {seen[cid].number})", "one id per entry")
            )
        else:
            seen[cid] = row
        sec = months.get(v["month"])
        if sec is None:
            problems.append(
                row.problem("month", f"{v['month']!r} is not a month of the calendar", "January ... December")
            )
            continue
        block = report.text[sec.start : sec.end]
        line_no = None
        for k, text in enumerate(block.split("\n")):
            entry = text.lstrip("- ").rstrip()
            if entry.startswith(v["days"]) and entry[len(v["days"]) :].strip() == v["activity"].strip():
                line_no = report.line_of(sec.start) + k
                break
        if line_no is None:
            problems.append(
                row.problem(
                    "activity",
                    "no entry with these days and this text in that month",
                    "the entry's days and text, verbatim",
                )
            )
            continue
        try:
            start, end = calendar_days(v["days"], MONTHS[v["month"].lower()])
            if (start, end) != (v["start"], v["end"]):
                problems.append(
                    row.problem(
                        "start",
                        f"days {v['days']!r} in {v['month']} are {start} to {end}, not {v['start']} to {v['end']}",
                        f"{start} and {end}",
                    )
                )
        except DateError as e:
            problems.append(row.problem("days", str(e), "a day or a day range such as 4-6 or 30-May 1"))
        if v["role"] not in ROLES:
            problems.append(row.problem("role", f"unknown role {v['role']!r}", ", ".join(r for r in ROLES if r)))
        for col in ("city", "country"):
            if v[col] and v[col] not in v["activity"]:
                problems.append(row.problem(col, f"{v[col]!r} is not in the entry", "a place named in the entry"))
        if v["country"]:
            try:
                normalise_country(v["country"])
            except UnknownCountry as e:
                problems.append(row.problem("country", str(e), "a country"))
        out.append(CalendarEntry(row, line_no, report.lines[line_no - 1]))
    if problems:
        raise InputError(problems)
    return out


@dataclass(frozen=True)
class Acronym:
    acronym: str
    expansion: str
    line: int
    line_text: str


def read_acronyms(report: Report) -> list[Acronym]:
    """The acronym list, read from the report: one ``ACRONYM<TAB>Expansion`` line each."""
    sec = next(s for s in report.sections if s.chapter == "front_matter" and s.title == "Acronyms")
    out = []
    first = report.line_of(sec.start) + 1
    for n in range(first, report.line_of(sec.end - 1) + 1):
        text = report.lines[n - 1]
        if "\t" in text:
            a, _, e = text.partition("\t")
            out.append(Acronym(a.strip(), e.strip(), n, text))
    if not out:
        raise InputError(Problem(report.path, "the acronym list is empty", expected="ACRONYM<TAB>Expansion lines"))
    return out
