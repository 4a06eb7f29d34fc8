"""Dates as the report writes them, read at the precision given, and checked against ISO 8601.

"23 June 2017" is a day, "early August" a month (its year supplied by context), "the 1990s" a
decade, "B.E. 2560" a Thai Buddhist-era year (2560 - 543 = 2017). A register row types the ISO
form by hand; :func:`check_date` proves the two agree.
"""

from __future__ import annotations

import calendar
import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

#: The one list of month names in the package: everything else derives from it.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTHS = {m.lower(): i for i, m in enumerate(MONTH_NAMES, start=1)}
MONTH_ABBR = {m[:3]: i for m, i in MONTHS.items()}
BUDDHIST_ERA_OFFSET = 543

ISO_DATE = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"  # ASCII digits only: \d would take ٢٠١٦ or ２０１６
ISO_PERIOD = re.compile(rf"({ISO_DATE})(?:/({ISO_DATE}))?")
#: The years a date in this collection can name: the report's horizon, with room on both sides. A year
#: outside it (0000, 2107 for 2017) is a typing slip, not a date the report gives.
YEARS = range(1900, 2100)

#: words before a date -> qualifier category
DATE_QUALIFIERS = {
    "toward the end of": "approx",
    "towards the end of": "approx",
    "the end of": "approx",
    "end of": "approx",
    "early": "approx",
    "mid": "approx",
    "late": "approx",
    "by": "at_most",
    "before": "at_most",
    "until": "at_most",
    "as of": "exact",
    "since": "at_least",
    "after": "at_least",
}


class DateError(ValueError):
    """A date that cannot be read, or that disagrees with its ISO form."""


@dataclass(frozen=True)
class PartialDate:
    year: int | None
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"


@dataclass(frozen=True)
class ParsedDate:
    start: PartialDate
    end: PartialDate | None  # None for a single date
    qualifier: str
    qualifier_text: str
    open_end: bool = False  # "to date"


def _month(word: str) -> int | None:
    """'June', 'Jun', 'Jun.', 'Sept.' -> 6 or 9."""
    w = word.lower().rstrip(".")
    return MONTHS.get(w) or MONTH_ABBR.get(w[:3])


#: A month as the report writes it: the full name or a three-letter abbreviation ("Sept." too).
MONTH_PATTERN = "(?:" + "|".join(MONTH_NAMES) + "|" + "|".join(rf"{m[:3]}\.?" for m in MONTH_NAMES) + r"|Sept\.?)"
_TOKEN = re.compile(
    rf"B\.E\.\s*(?P<be>\d{{4}})"
    rf"|(?P<decade>\d{{3}}0)s"
    rf"|(?P<year>(?:19|20)\d{{2}})(?!\d)"
    rf"|(?P<month>{MONTH_PATTERN})(?![a-z])"
    rf"|(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)",
    re.IGNORECASE,
)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        assert kind is not None
        raw = m.group(kind)
        if kind == "be":
            out.append(("year", int(raw) - BUDDHIST_ERA_OFFSET, m.start()))
        elif kind == "decade":
            out.append(("decade", int(raw), m.start()))
        elif kind == "year":
            out.append(("year", int(raw), m.start()))
        elif kind == "month":
            mo = _month(raw)
            if mo is None:
                raise DateError(f"{raw!r} is not a month")
            out.append(("month", mo, m.start()))
        else:
            out.append(("day", int(raw), m.start()))
    return out


def _assemble(tokens: list[tuple[str, int, int]]) -> list[PartialDate]:
    """Group day/month/year tokens into dates, sharing a trailing month or year across a range.

    "23-28 June 2018" -> 2018-06-23, 2018-06-28; "30 April to 1 May 2017" -> 2017-04-30, 2017-05-01;
    "January 1, 2018" -> 2018-01-01; "2014 to 2017" -> 2014, 2017.
    """
    dates: list[dict[str, int]] = []
    cur: dict[str, int] = {}
    for kind, value, _ in tokens:
        if kind == "decade":
            dates.extend([{"year": value}, {"year": value + 9}])
            cur = {}
            continue
        if (
            kind in cur
            or (kind == "day" and "month" in cur and "year" not in cur and cur.get("_month_first") != 1)
            or (kind == "month" and "year" in cur)
        ):
            dates.append(cur)
            cur = {}
        if kind == "month" and not cur:
            cur["_month_first"] = 1
        cur[kind] = value
    if cur:
        dates.append(cur)
    # Share a trailing month/year with earlier parts of a range.
    for i in range(len(dates) - 2, -1, -1):
        for key in ("year", "month"):
            if key not in dates[i] and key in dates[i + 1]:
                if key == "month" and "day" not in dates[i]:
                    continue
                dates[i][key] = dates[i + 1][key]
    # A day whose month is outside the figure ("22-23" in "(22-23, 28-29 May)") keeps month None:
    # check_date takes it from the ISO form, as it does a missing year.
    return [PartialDate(d.get("year"), d.get("month"), d.get("day")) for d in dates]


def parse_date(text: str) -> ParsedDate:
    """Read a date or a date range as written. Raises :class:`DateError` if none is found."""
    t = text.replace("\u00a0", " ").replace("–", "-").replace("—", "-").strip()
    tokens = _tokens(t)
    if not tokens:
        raise DateError(f"no date in {text!r}")
    before = t[: tokens[0][2]].lower().strip()
    qual, qtext = "exact", ""
    for phrase in sorted(DATE_QUALIFIERS, key=len, reverse=True):
        if before.endswith(phrase) and re.search(rf"(?<![a-z]){re.escape(phrase)}$", before):
            qual, qtext = DATE_QUALIFIERS[phrase], phrase
            break
    parts = _assemble(tokens)
    open_end = bool(re.search(r"\bto date\b", t, re.IGNORECASE))
    if len(parts) == 1:
        return ParsedDate(parts[0], None, qual, qtext, open_end)
    if len(parts) == 2:
        return ParsedDate(parts[0], parts[1], qual if qual != "exact" else "range", qtext, open_end)
    raise DateError(f"{text!r} holds {len(parts)} dates; a figure holds one date or one range")


def parse_iso_period(text: str) -> tuple[PartialDate, PartialDate | None]:
    """Read ``2017``, ``2017-08``, ``2017-06-23`` or an interval ``start/end`` of those.

    Refuses what is not a real calendar date (2017-02-30, month 13, year 0000), a year outside
    :data:`YEARS`, and an interval that ends before it starts.
    """
    m = ISO_PERIOD.fullmatch(text.strip())
    if not m:
        raise DateError(f"{text!r} is not an ISO 8601 date or interval")
    start = _iso_date(m.group(1), text)
    end = _iso_date(m.group(2), text) if m.group(2) else None
    if end is not None and (end.year, end.month or 12, end.day or 31) < (start.year, start.month or 1, start.day or 1):
        raise DateError(f"interval {text!r} ends before it starts")
    return start, end


def _iso_date(part: str, text: str) -> PartialDate:
    """One ``YYYY[-MM[-DD]]`` that names a real year, month or day."""
    year, *rest = (int(b) for b in part.split("-"))
    month, day = (rest + [None, None])[:2]
    if year not in YEARS:
        raise DateError(f"{text!r}: year {part[:4]} is outside {YEARS.start}-{YEARS.stop - 1}")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"{text!r}: there is no month {month}")
    if month is not None and day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise DateError(f"{text!r}: {MONTH_NAMES[month - 1]} {year} has no day {day}")
    return PartialDate(year, month, day)


def _first_day(d: PartialDate) -> date:
    assert d.year is not None
    return date(d.year, d.month or 1, d.day or 1)


def _last_day(d: PartialDate) -> date:
    assert d.year is not None
    month = d.month or 12
    return date(d.year, month, d.day or monthrange(d.year, month)[1])


def period_bounds(iso: str) -> tuple[date, date]:
    """The first and the last day an ISO period covers: ``2017-08`` -> 1 and 31 August 2017,
    ``2017`` -> 1 January and 31 December, ``2014/2017`` -> 1 January 2014 and 31 December 2017."""
    start, end = parse_iso_period(iso)
    return _first_day(start), _last_day(end or start)


def _agrees(written: PartialDate, iso: PartialDate) -> bool:
    if written.precision != iso.precision:
        return False
    return all(
        w is None or w == i for w, i in ((written.year, iso.year), (written.month, iso.month), (written.day, iso.day))
    )


def check_date(figure: str, iso: str) -> ParsedDate:
    """Prove that a date as written and its ISO form denote the same date(s), at the same precision.

    A year missing from the text (``"early August"``) is taken from the ISO form.
    """
    parsed = parse_date(figure)
    start, end = parse_iso_period(iso)
    if parsed.open_end and end is not None:
        if not _agrees(parsed.start, start):
            raise DateError(f"{figure!r} does not start at {iso!r}")
        return parsed
    if (parsed.end is None) != (end is None):
        raise DateError(
            f"{figure!r} is {'a range' if parsed.end else 'one date'} but {iso!r} is "
            f"{'an interval' if end else 'one date'}"
        )
    if not _agrees(parsed.start, start) or (
        end is not None and parsed.end is not None and not _agrees(parsed.end, end)
    ):
        raise DateError(f"{figure!r} does not denote {iso!r}")
    return parsed


def precision_of(iso: str) -> str:
    start, end = parse_iso_period(iso)
    if end is not None and start.precision == "year" and end.year - start.year == 9 and start.year % 10 == 0:
        return "decade"
    return start.precision
