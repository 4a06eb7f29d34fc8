"""Rows that state the same thing: ``same_as`` links a repeated figure to the row that states it first,
``event`` groups the dates of one event, so that no sum counts a fact twice and no timeline shows an
event twice.

A figure printed again (in the body, or in the title of the article its footnote cites: "more than
34,000" and the headline's "34,000") names the canonical row in ``same_as``: the body row when one
of them is in the body, else the first printed. Linked figures share a unit and agree in value (a
point inside the other's bounds). A date row names the event it dates; the dates of one event all
overlap one of them.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import TYPE_CHECKING

from ..errors import Problem
from ..parse.dates import period_bounds

if TYPE_CHECKING:
    from .register import Figure

EVENT_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def interval(f: Figure) -> tuple[float, float]:
    """The values a figure admits: '34,000' is 34000, 'more than 34,000' 34000 and above."""
    p = f.parsed
    assert p is not None
    lo = p.lower if p.lower is not None else p.value
    hi = p.upper if p.upper is not None else p.value
    if p.qualifier == "at_least":
        hi = math.inf
    if p.qualifier == "at_most":
        lo = -math.inf
    return (-math.inf if lo is None else lo), (math.inf if hi is None else hi)


def _before(a: Figure, b: Figure) -> bool:
    return a.position < b.position


def check_same_as(figures: list[Figure], problems: list[Problem]) -> None:
    by_id = {f["id"].strip(): f for f in figures}
    for f in figures:
        target = f["same_as"].strip()
        if not target:
            continue
        canon = by_id.get(target)
        if f["unit"].strip() == "date":
            problems.append(f.row.problem("same_as", "a date row names its event instead", "blank; see event"))
        elif canon is None or canon is f:
            problems.append(f.row.problem("same_as", f"{target!r} is not another row of the register", "an id"))
        elif canon["same_as"].strip():
            problems.append(
                f.row.problem("same_as", f"{target} itself repeats {canon['same_as'].strip()}", "the canonical row")
            )
        elif canon["unit"] != f["unit"]:
            problems.append(f.row.problem("same_as", f"{target} counts {canon['unit']}, this row {f['unit']}"))
        elif max(interval(f)[0], interval(canon)[0]) > min(interval(f)[1], interval(canon)[1]):
            problems.append(f.row.problem("same_as", f"{target} ({canon['figure']}) disagrees with {f['figure']!r}"))
        elif f["stated_in"] == "body" and (canon["stated_in"] != "body" or _before(f, canon)):
            problems.append(
                f.row.problem("same_as", f"{target} is not the first body row of the two", "the first body row")
            )
        elif canon["stated_in"] != "body" and _before(f, canon):
            problems.append(f.row.problem("same_as", f"{target} is printed after this row", "the first printed row"))


def _overlaps_all(span: tuple[date, date], spans: list[tuple[date, date]]) -> bool:
    return all(a <= span[1] and span[0] <= b for a, b in spans)


def check_events(figures: list[Figure], problems: list[Problem]) -> None:
    mentions: dict[str, list[Figure]] = {}
    for f in figures:
        event, is_date = f["event"].strip(), f["unit"].strip() == "date"
        if is_date and not EVENT_ID.match(event):
            problems.append(f.row.problem("event", f"{event!r} is not an event id", "e.g. thai-nv-deadline"))
        elif event and not is_date:
            problems.append(f.row.problem("event", "only a date row dates an event", "blank"))
        elif event:
            mentions.setdefault(event, []).append(f)
    for event, rows in mentions.items():
        bounds = [period_bounds(f["period"].strip()) for f in rows]
        # One of the dates spans the event and every other date overlaps it (a day of a two-day
        # meeting, the year of a law that took effect on a day).
        if not any(_overlaps_all(span, bounds) for span in bounds):
            for f, span in zip(rows, bounds):
                if not _overlaps_all(span, bounds):
                    problems.append(
                        f.row.problem(
                            "event",
                            f"its date {f['period'].strip()} does not overlap every other date of {event}",
                            "dates of one event that all overlap one of them; a date the report gives "
                            "differently is a contradiction for a fact-check, under another event id",
                        )
                    )
