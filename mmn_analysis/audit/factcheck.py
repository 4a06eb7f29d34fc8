"""Fact-checks: recompute what the report's figures imply and compare it with what the report states.

The engine is code; what it compares is data. Each row of data/raw/editorial/fact_checks.csv
names a check, its method (one of the methods below, each declared with what it needs from a
row), the register or calendar ids on each side and the method's options. Adding a check is
adding a row. Every check carries the verbatim quotes on each side, the computed and the stated
value, and a verdict: ``consistent``, ``inconsistent`` or ``cannot_tell``. Checks never alter a
figure: a contradiction is recorded, not fixed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from ..errors import InputError, Problem
from ..inputs.editorial import (
    CATEGORIES,
    NUMBER,
    TEMPLATE_FIELDS,
    VERDICTS,
    CheckRow,
    Editorial,
    Method,
    Side,
    paragraphs_opening,
)
from ..inputs.references import member_lines
from ..inputs.report import CHAPTERS, Report
from ..parse.dates import period_bounds

Record = dict[str, object]

#: A share stated as "almost X" or "nearly X" is consistent with a computed share within this
#: fraction below X (nearly 50% fits 49.7%; almost ten percent does not fit 7.9%).
NEARLY_TOLERANCE = 0.05
#: Two implied exchange rates further apart than this are two different rates.
RATE_TOLERANCE = 0.01
#: A count implied by a share and its whole fits a stated count within this fraction of it.
COUNT_TOLERANCE = 0.1
#: A table-of-contents entry this similar to a heading is that heading, spelled differently.
SAME_HEADING = 0.9

#: The methods a row of fact_checks.csv may name, with what each needs from its row.
METHODS: dict[str, Method] = {}

#: How many ids a side of a check takes (register ids unless a Side says otherwise).
ONE, TWO, NONE = Side(1, 1), Side(2, 2), Side(0, 0)
SOME = Side(1, None)
CHAPTER = {"chapter": ("overview", "achievements")}
WRONG = {"verdict_if_wrong": ("inconsistent", "cannot_tell")}


def method(left: Side, right: Side, **spec) -> Callable:
    """Declare a method of the engine and what its rows must give."""

    def declare(fn: Callable) -> Callable:
        METHODS[fn.__name__] = Method(left, right, **spec)
        return fn

    return declare


@dataclass
class Check:
    check_id: str
    category: str
    subject: str
    left_ids: list[str]
    right_ids: list[str]
    computed: str
    stated: str
    verdict: str
    explanation: str
    computed_value: float | None = None
    stated_value: float | None = None
    unit: str = ""
    left_quotes: list[str] = field(default_factory=list)
    right_quotes: list[str] = field(default_factory=list)
    for_readers: str = ""
    fields: dict[str, object] = field(default_factory=dict)  # what a row's templates may name besides the above


def _fmt(v: float, digits: int = 2) -> str:
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.{digits}f}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _times(n: int) -> str:
    return f"{n} time{'s' if n != 1 else ''}"


def _d(iso: str, end: bool = False) -> date:
    """First (or last) day of an ISO date at any precision."""
    first, last = period_bounds(iso)
    return last if end else first


@dataclass(frozen=True)
class ContentsEntry:
    """One line of the table of contents and the heading (line, text) it stands for, if any."""

    entry: str
    page: int
    line: str  # as printed
    heading: tuple[int, str] | None


class Missing(LookupError):
    """A check names a row the tables do not have."""

    def __init__(self, rid: str, where: str):
        super().__init__(f"{rid!r} is not in {where}")
        self.rid = rid


class Rows(dict):
    """Rows by id; naming a row that is not there raises Missing, which the runner reports with its place."""

    def __init__(self, rows, key: str, where: str):
        super().__init__((str(r[key]), r) for r in rows)
        self.where = where

    def __missing__(self, rid: str):
        raise Missing(rid, self.where)


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence (within its line) around a span of the report, verbatim."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    s = max(
        line_start,
        max((m.end() for m in re.finditer(r"[.!?][”\"’)*]?\s+", text[line_start:start])), default=0) + line_start
        if text[line_start:start]
        else line_start,
    )
    m = re.search(r"[.!?](?=\s|$)", text[end:line_end])
    e = end + m.end() if m else line_end
    return text[s:e]


def _norm_org(name: str) -> str:
    """An organisation's name for matching: case, '&' against 'and', Centre against Center, 'The' aside."""
    s = name.lower().replace("&", " and ").replace("centre", "center")
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return re.sub(r"^the ", "", s.strip())


class Checker:
    """Runs the checks of the editorial file against the tables built from the register."""

    def __init__(self, tables: dict[str, list[Record]], report: Report, editorial: Editorial):
        self.f = Rows(tables["figures"], "id", "the register")
        self.acts = Rows(tables["activities"], "activity_id", "the calendar")
        self.sources = {str(r["source_id"]): r for r in tables["sources"]}
        self.members = tables["members"]
        self.report = report
        self.editorial = editorial
        self.checks: list[Check] = []

    # helpers ------------------------------------------------------------------------------
    def v(self, rid: str) -> float:
        value = self.f[rid]["value"]
        if value is None:
            raise ValueError(f"{rid} has no point value")
        return float(value)  # type: ignore[arg-type]

    def fig(self, rid: str) -> str:
        return str(self.f[rid]["figure"]).replace("\\$", "$")

    def unit(self, rid: str) -> str:
        return str(self.f[rid]["unit"])

    def quotes(self, ids: list[str]) -> list[str]:
        out: list[str] = []
        for i in ids:
            q = str(self.f[i]["quote"]) if i in self.f else str(self.acts[i]["quote"])
            if q not in out:
                out.append(q)
        return out

    def check(self, c: CheckRow, computed: str, stated: str, ok: bool | str, explanation: str, **kw) -> Check:
        """A Check for row ``c``: its sides as the row gives them unless ``left_ids``/``right_ids`` say
        otherwise; ``ok`` is True, False (inconsistent) or a verdict."""
        verdict = ok if isinstance(ok, str) else ("consistent" if ok else "inconsistent")
        kw.setdefault("left_ids", list(c.left))
        kw.setdefault("right_ids", list(c.right))
        return Check(
            c.check_id,
            c.category,
            c.subject,
            computed=computed,
            stated=stated,
            verdict=verdict,
            explanation=explanation,
            **kw,
        )

    def run(self) -> list[Check]:
        """Every check of the editorial file; a row that cannot run is an input error at its place."""
        problems: list[Problem] = []
        for c in self.editorial.fact_checks:
            try:
                check = getattr(self, c.method)(c)
            except Missing as e:
                column = "left" if e.rid in c.left else "right" if e.rid in c.right else None
                problems.append(
                    c.row.problem(column, f"{c.method}: {e}", "every id a check names to exist: update the check")
                )
                continue
            except ValueError as e:
                problems.append(c.row.problem(None, f"{c.method} cannot run: {e}", "rows this method can compare"))
                continue
            self._explain(c, check, problems)
            self.checks.append(check)
        if problems:
            raise InputError(problems)
        return self.checks

    def _explain(self, c: CheckRow, check: Check, problems: list[Problem]) -> None:
        """Fill the row's own explanation (``why``) and reader note (``for_readers``) from the check's values."""
        values = {k: getattr(check, k) for k in TEMPLATE_FIELDS}
        values.update(check.fields)
        for column, attribute, used in (
            ("why", "explanation", c.why and (not check.explanation or check.verdict != "consistent")),
            ("for_readers", "for_readers", c.for_readers),
        ):
            if used:
                try:
                    setattr(check, attribute, getattr(c, column).format(**values))
                except (KeyError, IndexError, ValueError, TypeError) as e:
                    problems.append(c.row.problem(column, f"cannot be filled in: {e!r}", "fields the check provides"))
        check.explanation = check.explanation[:1].upper() + check.explanation[1:]

    # totals -------------------------------------------------------------------------------
    @method(ONE, Side(2, None))
    def total_of_parts(self, c: CheckRow) -> Check:
        """The parts (right) add up to the total (left)."""
        (total,), parts = c.left, c.right
        s, t = sum(self.v(p) for p in parts), self.v(total)
        return self.check(
            c,
            f"{_fmt(s)} (sum of the parts)",
            self.fig(total),
            s == t,
            "The parts add up to the stated total."
            if s == t
            else f"The parts add up to {_fmt(s)}, not {self.fig(total)}.",
            computed_value=s,
            stated_value=t,
            unit=self.unit(total),
        )

    @method(SOME, Side(0, 1), options={"limit": (NUMBER,)})
    def parts_within_total(self, c: CheckRow) -> Check:
        """The parts (left) fit within their total: a row (right) or a fixed limit (``limit=100``)."""
        parts = c.left
        if bool(c.right) == ("limit" in c.options):
            raise ValueError("give the total either as a right id or as limit=, not both or neither")
        s = sum((self.f[p]["value"] or self.f[p]["upper"]) for p in parts)  # type: ignore[misc]
        unit = self.unit(parts[0])
        if c.right:
            t, stated, total = self.v(c.right[0]), f"{self.fig(c.right[0])} (total)", _fmt(s, 1)
        else:
            t = float(c.options["limit"])
            stated, total = f"at most {_fmt(t)} {unit}", f"{_fmt(s, 1)} {unit}"
        ok = s <= t
        return self.check(
            c,
            f"{total} (sum of the parts)",
            stated,
            ok,
            f"The parts make up {s / t:.1%} of the total, which leaves room for the rest."
            if ok
            else "The parts exceed the total they belong to.",
            computed_value=s,
            stated_value=t,
            unit=unit,
        )

    @method(ONE, ONE)
    def at_least(self, c: CheckRow) -> Check:
        """A figure (left) the text implies is at least another (right)."""
        a, b = c.left[0], c.right[0]
        ok = self.v(a) >= self.v(b)
        return self.check(
            c,
            self.fig(a),
            self.fig(b),
            ok,
            f"{self.fig(a)} is at or above {_fmt(self.v(b))}, the figure '{self.fig(b)}' names."
            if ok
            else f"{self.fig(a)} is below {_fmt(self.v(b))}, the figure '{self.fig(b)}' names.",
            computed_value=self.v(a),
            stated_value=self.v(b),
            unit=self.unit(a),
        )

    @method(ONE, ONE, options={"bound": ("lower", "upper")})
    def same_value(self, c: CheckRow) -> Check:
        """Two rows that state the same quantity (or, with ``bound=``, the same end of a range)."""
        a, b = c.left[0], c.right[0]
        key = c.options.get("bound", "value")
        va, vb = self.f[a][key], self.f[b][key]
        ok = va == vb
        diff = None if va is None or vb is None else float(va) - float(vb)  # type: ignore[arg-type]
        same = "Both passages give the same figure." if key == "value" else f"Both passages give the same {key} bound."
        return self.check(
            c,
            self.fig(a),
            self.fig(b),
            ok,
            same
            if ok
            else f"The report gives two figures for the same thing: {self.fig(a)} and {self.fig(b)}"
            + (f" (a difference of {_fmt(abs(diff))})." if diff is not None else "."),
            computed_value=None if va is None else float(va),  # type: ignore[arg-type]
            stated_value=None if vb is None else float(vb),  # type: ignore[arg-type]
            unit=self.unit(a),
        )

    @method(
        SOME,
        SOME,
        options={"verdict": ("inconsistent", "cannot_tell", "consistent")},
        required=("verdict",),
        judged=True,
    )
    def reading(self, c: CheckRow) -> Check:
        """Passages that disagree in words rather than numbers: the verdict is the reviewer's reading."""
        return self.check(
            c,
            "; ".join(self.fig(i) for i in c.left),
            "; ".join(self.fig(i) for i in c.right),
            c.options["verdict"],
            "",
            unit=self.unit(c.left[0]),
        )

    # shares and growth --------------------------------------------------------------------
    @method(TWO, ONE)
    def share_of(self, c: CheckRow) -> Check:
        """A stated share (right) against the part and whole (left) it is a share of."""
        (part, whole), share = c.left, c.right[0]
        computed = self.v(part) / self.v(whole) * 100
        row = self.f[share]
        stated = self.v(share)
        if row["qualifier"] == "at_most":  # "almost", "nearly": a little below the stated share
            ok = stated * (1 - NEARLY_TOLERANCE) <= computed <= stated
        elif row["qualifier"] == "exact":
            ok = abs(computed - stated) < 0.05 * stated
        else:
            ok = abs(computed - stated) <= 0.1 * stated
        return self.check(
            c,
            f"{computed:.2f} percent ({self.fig(part)} of {self.fig(whole)})",
            self.fig(share),
            ok,
            f"{self.fig(part)} of {self.fig(whole)} is {computed:.1f} percent, "
            + ("which fits the stated share." if ok else f"which does not fit '{self.fig(share)}'."),
            computed_value=computed,
            stated_value=stated,
            unit="percent",
        )

    @method(TWO, Side(0, 1))
    def share_implies_count(self, c: CheckRow) -> Check:
        """The count a share (percent) of a whole implies (left, either order), against a stated count
        (right); with no count to compare, cannot tell."""
        shares = [i for i in c.left if self.unit(i) == "percent"]
        if len(shares) != 1:
            raise ValueError("the left side needs one share in percent and the whole it is a share of")
        share, whole = shares[0], next(i for i in c.left if i != shares[0])
        implied = self.v(share) / 100 * self.v(whole)
        computed = f"{_fmt(implied)} ({self.fig(share)} of {self.fig(whole)})"
        if not c.right:
            return self.check(
                c,
                computed,
                "not stated in the report",
                "cannot_tell",
                f"{self.fig(share)} of {self.fig(whole)} is about {_fmt(implied)}; the report states no count to compare.",
                computed_value=implied,
                unit=self.unit(whole),
            )
        count = self.v(c.right[0])
        ok = abs(implied - count) <= COUNT_TOLERANCE * count
        return self.check(
            c,
            computed,
            self.fig(c.right[0]),
            ok,
            f"{self.fig(share)} of {self.fig(whole)} is about {_fmt(implied)}, "
            + ("which fits " if ok else "against ")
            + f"{self.fig(c.right[0])}.",
            computed_value=implied,
            stated_value=count,
            unit=self.unit(whole),
        )

    @method(TWO, NONE)
    def implied_earlier(self, c: CheckRow) -> Check:
        """The previous-year level a level and its growth rate (left) imply; nothing to compare it with."""
        level, growth = c.left
        earlier = round(self.v(level) / (1 + self.v(growth) / 100), 6)
        return self.check(
            c,
            f"{_fmt(earlier, 1)} (implied previous-year level)",
            "not stated in the report",
            "cannot_tell",
            f"{self.fig(level)} after an increase of {self.fig(growth)} implies about {_fmt(round(earlier))} "
            "the year before; the report gives no earlier figure to compare.",
            computed_value=earlier,
            unit=self.unit(level),
        )

    @method(SOME, SOME, fields=("rates",))
    def same_rate(self, c: CheckRow) -> Check:
        """Amounts in one currency (left) against their conversions (right), pair by pair: every pair, at
        each end of a range, implies the same exchange rate."""
        if len(c.left) != len(c.right):
            raise ValueError("left and right need as many ids: each amount beside its conversion")
        rates = []
        for a, b in zip(c.left, c.right):
            ends = ("lower", "upper") if self.f[a]["qualifier"] == "range" else ("value",)
            rates += [float(self.f[a][end]) / float(self.f[b][end]) for end in ends]  # type: ignore[arg-type]
        spread = (max(rates) - min(rates)) / min(rates)
        ok = spread <= RATE_TOLERANCE
        per = f"{self.unit(c.left[0])} per {self.unit(c.right[0])}"
        listed = _and([f"{r:.2f}" for r in rates])
        return self.check(
            c,
            " and ".join(f"{r:.2f} {per}" for r in rates),
            "one conversion of the same amount",
            ok,
            "Every conversion implies the same rate."
            if ok
            else f"The conversions imply different rates: {listed} {per}.",
            computed_value=max(rates),
            stated_value=min(rates),
            unit=per,
            fields={"rates": listed},
        )

    # durations ----------------------------------------------------------------------------
    @method(TWO, ONE, options=WRONG, fields=("days", "start", "end", "stated"))
    def duration_between(self, c: CheckRow) -> Check:
        """A stated duration (right) against the days from one dated row to another (left). Where the report
        does not say the duration runs from the left date, a mismatch is ``verdict_if_wrong=cannot_tell``."""
        (start, end), duration = c.left, c.right[0]
        days = (_d(str(self.f[end]["period"])) - _d(str(self.f[start]["period"]))).days
        stated = self.v(duration)
        in_days = stated * {"days": 1, "months": 30.44, "years": 365.25}[self.unit(duration)]
        ok = abs(days - in_days) <= max(1.0, 0.05 * in_days)
        return self.check(
            c,
            f"{days} days ({self.fig(start)} to {self.fig(end)})",
            self.fig(duration),
            True if ok else c.options.get("verdict_if_wrong", "inconsistent"),
            f"From {self.fig(start)} to {self.fig(end)} is {days} days"
            + (", which fits." if ok else f", not {self.fig(duration)}."),
            computed_value=days,
            stated_value=in_days,
            unit="days",
            fields={"days": days, "start": self.fig(start), "end": self.fig(end), "stated": self.fig(duration)},
        )

    @method(Side(1, 1, "any"), ONE)
    def span_length(self, c: CheckRow) -> Check:
        """A stated length in days (right) against the span of the dates it describes (left: a dated row
        or a calendar entry), both ends included."""
        dated, duration = c.left[0], c.right[0]
        if dated in self.f:
            iso, when = str(self.f[dated]["period"]), self.fig(dated)
        else:
            a = self.acts[dated]
            iso, when = f"{a['start']}/{a['end']}", f"{a['days']} {a['month']}"
        days = (_d(iso, end=True) - _d(iso)).days + 1
        stated = self.v(duration)
        ok = days == stated
        return self.check(
            c,
            f"{days} days ({when})",
            self.fig(duration),
            ok,
            f"{when} spans {days} day{'s' if days != 1 else ''}"
            + (", as stated." if ok else f", not {self.fig(duration)}."),
            computed_value=days,
            stated_value=stated,
            unit="days",
        )

    @method(TWO, ONE)
    def years_between(self, c: CheckRow) -> Check:
        """A stated number of years (right) against the years between two dated rows (left)."""
        (start, end), duration = c.left, c.right[0]
        y0, y1 = _d(str(self.f[start]["period"])).year, _d(str(self.f[end]["period"])).year
        stated = self.v(duration)
        ok = y1 - y0 == stated
        return self.check(
            c,
            f"{y1 - y0} years ({y0} to {y1})",
            self.fig(duration),
            ok,
            f"{y0} to {y1} is {y1 - y0} years" + (", as stated." if ok else "."),
            computed_value=y1 - y0,
            stated_value=stated,
            unit="years",
        )

    # dates --------------------------------------------------------------------------------
    @method(ONE, SOME)
    def dates_agree(self, c: CheckRow) -> Check:
        """Passages that date one event (left and right) give dates that overlap, each at its precision."""
        ids = [*c.left, *c.right]
        spans = [(_d(str(self.f[i]["period"])), _d(str(self.f[i]["period"]), end=True)) for i in ids]
        ok = max(a for a, _ in spans) <= min(b for _, b in spans)
        return self.check(
            c,
            ", ".join(self.fig(i) for i in ids),
            "one date for one event",
            ok,
            "Every passage dates the event compatibly, at its own precision."
            if ok
            else "The passages date the same event differently.",
            unit="date",
        )

    @method(ONE, ONE, options=WRONG, fields=("earlier", "later"))
    def date_order(self, c: CheckRow) -> Check:
        """The text implies the left date comes first; out of order, the verdict is ``verdict_if_wrong``."""
        earlier, later = c.left[0], c.right[0]
        ok = _d(str(self.f[earlier]["period"])) <= _d(str(self.f[later]["period"]), end=True)
        return self.check(
            c,
            f"{self.fig(earlier)} before {self.fig(later)}",
            "the order the text implies",
            True if ok else c.options.get("verdict_if_wrong", "inconsistent"),
            "The dates are in the order the text implies."
            if ok
            else "The dates are not in the order the text implies.",
            unit="date",
            fields={"earlier": self.fig(earlier), "later": self.fig(later)},
        )

    @method(ONE, NONE)
    def source_predates(self, c: CheckRow) -> Check:
        """An event (left) the report dates after the publication of the work its footnote cites."""
        row = self.f[c.left[0]]
        src = self.sources[str(self.sources[str(row["source_id"])]["cites_source_id"])]
        ok = _d(str(src["date"]), end=True) >= _d(str(row["period"]))
        return self.check(
            c,
            f"source published {src['date_text']} (footnote {row['footnote']})",
            self.fig(c.left[0]),
            ok,
            "The cited source was published after the event."
            if ok
            else f"The source cited for it was published on {src['date_text']}, before the date the report "
            f"gives ({self.fig(c.left[0])}).",
            unit="date",
            right_quotes=[str(src["quote"])],
        )

    @method(ONE, Side(0, 1, "activity"), options={"within": ("yes",)})
    def narrative_vs_calendar(self, c: CheckRow) -> Check:
        """The narrative's date (left) against the calendar entry for the same event (right) or, with
        ``within=yes``, the entry of the larger event it was part of. No entry: cannot tell."""
        row = c.left[0]
        if not c.right:
            return self.check(
                c,
                self.fig(row),
                "no calendar entry",
                "cannot_tell",
                "The Achievements chapter reports the event; the Secretariat calendar has no entry for it.",
                unit="date",
            )
        a = self.acts[c.right[0]]
        period = str(self.f[row]["period"])
        n0, n1 = _d(period), _d(period, end=True)
        c0, c1 = date.fromisoformat(str(a["start"])), date.fromisoformat(str(a["end"]))
        if c.options.get("within"):
            ok = c0 <= n0 and n1 <= c1
        elif self.f[row]["period_precision"] == "day":
            ok = (n0, n1) == (c0, c1)
        else:
            ok = n0 <= c0 and c1 <= n1
        when = f"{a['month']} {a['days']}"
        return self.check(
            c,
            self.fig(row),
            f"{when} (calendar)",
            ok,
            "The narrative and the calendar agree."
            if ok
            else f"The narrative gives {self.fig(row)}; the calendar gives {when}.",
            unit="date",
        )

    # footnotes ----------------------------------------------------------------------------
    def _notes(self, chapter: str) -> tuple[list[int], list[int]]:
        """The notes a chapter defines, and the markers it prints, in order."""
        defined = sorted(n for (ch, n) in self.report.footnotes if ch == chapter)
        return defined, [m.number for m in self.report.markers if m.chapter == chapter]

    @method(NONE, NONE, options=CHAPTER, required=("chapter",))
    def footnotes_never_cited(self, c: CheckRow) -> Check:
        """Every note a chapter defines has a marker in its text."""
        defined, cited = self._notes(c.options["chapter"])
        never = [n for n in defined if n not in cited]
        notes = self.report.footnotes
        return self.check(
            c,
            ", ".join(map(str, never)) or "none",
            "every note cited",
            not never,
            f"Note {', '.join(map(str, never))} is printed but no marker in the text points to it."
            if never
            else "Every note is cited.",
            left_quotes=[notes[(c.options["chapter"], n)].text for n in never],
        )

    @method(NONE, NONE, options=CHAPTER, required=("chapter",))
    def footnotes_undefined(self, c: CheckRow) -> Check:
        """Every marker of a chapter points to a note it defines."""
        defined, cited = self._notes(c.options["chapter"])
        undefined = sorted({n for n in cited if n not in defined})
        return self.check(
            c,
            ", ".join(map(str, undefined)) or "none",
            "every marker defined",
            not undefined,
            "Some markers point to notes that do not exist." if undefined else "Every marker has its note.",
        )

    @method(NONE, NONE, options=CHAPTER, required=("chapter",))
    def footnotes_cited_twice(self, c: CheckRow) -> Check:
        """Each note of a chapter is cited at one place."""
        chapter = c.options["chapter"]
        _, cited = self._notes(chapter)
        twice = sorted({n for n in cited if cited.count(n) > 1})
        spots = [m for m in self.report.markers if m.chapter == chapter and m.number in twice]
        return self.check(
            c,
            ", ".join(f"{n} ({_times(cited.count(n))})" for n in twice) or "none",
            "each note cited once",
            not twice,
            f"Note {', '.join(map(str, twice))} is cited at {len(spots)} places for different claims; "
            "one of them probably stands for a note that is never cited."
            if twice
            else "Each note is cited once.",
            left_quotes=[sentence_at(self.report.text, m.start, m.end) for m in spots],
        )

    @method(NONE, NONE, options=CHAPTER, required=("chapter",))
    def footnotes_in_order(self, c: CheckRow) -> Check:
        """A chapter's markers run in ascending order."""
        _, cited = self._notes(c.options["chapter"])
        back = [f"{a}→{b}" for a, b in zip(cited, cited[1:]) if b < a]
        return self.check(
            c,
            " then ".join(back) or "in order",
            "ascending numbers",
            not back,
            "The markers run out of order." if back else "The markers run in order.",
        )

    @method(NONE, NONE)
    def footnote_numbering(self, c: CheckRow) -> Check:
        """One numbering of notes for the whole report: no number defined by two chapters."""
        chapters = [ch for ch in self.report.chapters if any(k == ch for k, _ in self.report.footnotes)]
        numbers = {ch: {n for (k, n) in self.report.footnotes if k == ch} for ch in chapters}
        shared = sorted({n for a in chapters for b in chapters if a < b for n in numbers[a] & numbers[b]})
        first, later = [ch for ch in chapters if shared and shared[0] in numbers[ch]][:2] or ["", ""]
        return self.check(
            c,
            ", ".join(map(str, shared)) or "none",
            "one numbering for the report",
            not shared,
            f"The {later.capitalize()} chapter numbers its own notes {shared[0]}-{shared[-1]}, which the "
            f"{first.capitalize()} also uses: a note is identified by chapter and number."
            if shared
            else "One numbering.",
            left_quotes=[self.report.footnotes[(first, shared[0])].text] if shared else [],
            right_quotes=[self.report.footnotes[(later, shared[0])].text] if shared else [],
        )

    # names and members --------------------------------------------------------------------
    @method(NONE, NONE, rows_from="name_variants")
    def name_variants(self, c: CheckRow) -> Check:
        """The forms one name takes in the report (name_variants.csv): a typo or another name is an
        inconsistency; an accepted form (a short form, a deliberate heading style) is not."""
        text = self.report.text
        variants = self.editorial.name_variants[c.check_id]
        spans = {
            n.variant: [(m.start(), m.end()) for m in re.finditer(re.escape(n.variant) + r"(?![A-Za-z])", text)]
            for n in variants
        }
        # A shorter form inside a longer one ("Myanmar" in "Burma/ Myanmar") is not a use of its own.
        every = [s for found in spans.values() for s in found]
        for name, found in spans.items():
            spans[name] = [
                (a, b) for a, b in found if not any(x <= a and b <= y and (x, y) != (a, b) for x, y in every)
            ]
        used = [n for n in variants if spans[n.variant]]
        standard = next(n for n in variants if n.kind == "standard")
        by_kind = {k: [f"'{n.variant}'" for n in used if n.kind == k] for k in ("typo", "variant", "accepted")}
        parts = []
        if by_kind["typo"]:
            parts.append(
                f"{_and(by_kind['typo'])} {'is a typo' if len(by_kind['typo']) == 1 else 'are typos'} for '{standard.variant}'"
            )
        if by_kind["variant"]:
            parts.append(f"the report also writes {_and(by_kind['variant'])} for '{standard.variant}'")
        if by_kind["accepted"]:
            notes = "; ".join(n.note for n in used if n.kind == "accepted" and n.note)
            one = len(by_kind["accepted"]) == 1
            parts.append(
                f"{_and(by_kind['accepted'])} {'is an accepted form' if one else 'are accepted forms'}"
                + (f" ({notes})" if notes else "")
            )
        quotes = [sentence_at(text, *spans[n.variant][0]) for n in used]
        return self.check(
            c,
            "; ".join(
                f"'{n.variant}' {_times(len(spans[n.variant]))}" + ("" if n.kind == "standard" else f" ({n.kind})")
                for n in variants
            ),
            f"one name: '{standard.variant}'",
            not (by_kind["typo"] or by_kind["variant"]),
            "; ".join(parts) + "." if parts else "One name throughout.",
            left_quotes=quotes[:1],
            right_quotes=quotes[1:],
        )

    def _member(self, organisation: str, heading: str) -> Record | None:
        """The entry of the members list for an organisation: by its bracketed acronym, else by name."""
        listed = [m for m in self.members if m["country_heading"] == heading]
        acronym = re.search(r"\(([^()]+)\)\s*$", organisation)
        if acronym:
            hit = next((m for m in listed if m["acronym"] == acronym.group(1)), None)
            if hit:
                return hit
        name = _norm_org(re.sub(r"\s*\([^()]+\)\s*$", "", organisation))
        return next((m for m in listed if name in _norm_org(str(m["organisation"]))), None)

    @method(NONE, NONE, rows_from="member_claims")
    def members_listed(self, c: CheckRow) -> Check:
        """Organisations the report calls MMN members (member_claims.csv) against its list of members."""
        claims = self.editorial.member_claims[c.check_id]
        found = [(claim, self._member(claim.organisation, claim.country)) for claim in claims]
        missing = [claim.organisation for claim, m in found if m is None]
        said = []
        for claim, m in found:
            if m is None:
                said.append(f"{claim.organisation}: not on the list")
            elif m["organisation"] != claim.organisation:
                said.append(f"{claim.organisation}: listed as '{m['organisation']}'")
            else:
                said.append(f"{claim.organisation}: listed")
        # The list's lines where an organisation is missing (or, when none is, where each was found).
        headings = [claim.country for claim, m in found if m is None] or [claim.country for claim, _ in found]
        listing = member_lines(self.report)
        lines = [self.report.lines[listing[h][0] - 1] for h in dict.fromkeys(headings)]
        return self.check(
            c,
            "; ".join(said),
            "every one on the members list",
            not missing,
            f"The passage counts {_and(missing)} among MMN's members, but the members list leaves "
            + ("it" if len(missing) == 1 else "them")
            + " out."
            if missing
            else "Every organisation named is on the members list.",
            left_quotes=list(dict.fromkeys(claim.quote for claim in claims)),
            right_quotes=lines,
        )

    # the report's structure ---------------------------------------------------------------
    @method(NONE, NONE, options={"verdict": ("inconsistent", "consistent")}, judged=True, quote=True)
    def printed_twice(self, c: CheckRow) -> Check:
        """A paragraph (its opening words in ``quote``) printed more than once; the verdict is the reviewer's
        (``verdict=consistent`` for a repetition the layout intends)."""
        lines = paragraphs_opening(self.report, c.quote)
        text = [self.report.lines[n - 1] for n in lines]
        twice = len(lines) > 1
        return self.check(
            c,
            f"printed {_times(len(lines))} (lines {_and([str(n) for n in lines])})",
            "printed once",
            c.options.get("verdict", "inconsistent") if twice else True,
            "" if twice else "The paragraph is printed once.",
            left_quotes=text[:1],
            right_quotes=text[1:],
        )

    @cached_property
    def _chapter_headings(self) -> list[tuple[int, str]]:
        """The headings a table of contents lists, (line, text): each chapter's, and the front matter's sections."""
        titles = {h for _, h in CHAPTERS if h}
        out = []
        for n in sorted(self.report.heading_lines):
            text = self.report.lines[n - 1].strip()
            place = self.report.section_at(self.report.line_span(n)[0])
            if text in titles or (place.chapter == "front_matter" and text != "Table of Contents"):
                out.append((n, text))
        return out

    def _heading_of(self, entry: str) -> tuple[int, str] | None:
        """The heading a contents entry stands for: the same words, or nearly (a letter apart)."""
        headings = self._chapter_headings
        exact = next((h for h in headings if h[1] == entry), None)
        if exact:
            return exact
        ratio, near = max(
            ((difflib.SequenceMatcher(None, entry, h[1]).ratio(), h) for h in headings), default=(0.0, None)
        )
        return near if ratio >= SAME_HEADING else None

    @cached_property
    def _contents(self) -> list[ContentsEntry]:
        """The table of contents, entry by entry, with the heading each stands for."""
        sec = next(s for s in self.report.sections if s.chapter == "front_matter" and s.title == "Table of Contents")
        out = []
        for line in self.report.text[sec.start : sec.end].split("\n"):
            m = re.fullmatch(r"(.+?)\t(\d+)", line)
            if m:
                entry = m.group(1).strip()
                out.append(ContentsEntry(entry, int(m.group(2)), line, self._heading_of(entry)))
        return out

    @method(NONE, NONE)
    def contents_spelling(self, c: CheckRow) -> Check:
        """Every contents entry spells its heading as the heading does."""
        odd = [e for e in self._contents if e.heading and e.heading[1] != e.entry]
        return self.check(
            c,
            "; ".join(f"'{e.entry}' (contents) against '{e.heading[1]}' (heading)" for e in odd if e.heading)
            or "the same words",
            "the headings as printed",
            not odd,
            f"The table of contents words {'one heading' if len(odd) == 1 else f'{len(odd)} headings'} differently from "
            "the heading itself."
            if odd
            else "Every entry reads as its heading.",
            left_quotes=[e.line for e in odd],
            right_quotes=[e.heading[1] for e in odd if e.heading],
        )

    @method(NONE, NONE, options=WRONG)
    def contents_entries_found(self, c: CheckRow) -> Check:
        """Every contents entry has a heading in the text (``verdict_if_wrong`` when one has none)."""
        lost = [e for e in self._contents if e.heading is None]
        return self.check(
            c,
            "; ".join(f"'{e.entry}' (page {e.page}): no heading" for e in lost) or "every entry",
            "a heading for every entry",
            True if not lost else c.options.get("verdict_if_wrong", "inconsistent"),
            f"No line of the text reads {_and([repr(e.entry) for e in lost])}."
            if lost
            else "Every entry has its heading.",
            left_quotes=[e.line for e in lost],
        )

    @method(NONE, NONE)
    def headings_in_contents(self, c: CheckRow) -> Check:
        """Every chapter heading is listed in the table of contents."""
        listed = {e.heading for e in self._contents if e.heading}
        unlisted = [text for n, text in self._chapter_headings if (n, text) not in listed]
        return self.check(
            c,
            "; ".join(f"'{t}' not listed" for t in unlisted) or f"all {len(listed)} listed",
            "every chapter heading listed",
            not unlisted,
            f"{_and([repr(t) for t in unlisted])} {'is' if len(unlisted) == 1 else 'are'} missing from the "
            "table of contents."
            if unlisted
            else "Every chapter heading is in the table of contents.",
            right_quotes=unlisted or [text for _, text in self._chapter_headings],
        )

    @method(NONE, NONE)
    def contents_in_order(self, c: CheckRow) -> Check:
        """Contents entries run in the order of their headings, on ascending pages."""
        pages = [e.page for e in self._contents]
        lines = [e.heading[0] for e in self._contents if e.heading]
        ok = pages == sorted(pages) and lines == sorted(lines)
        return self.check(
            c,
            "pages " + ", ".join(map(str, pages)),
            "ascending pages, in the order of the chapters",
            ok,
            "The entries follow the chapters in order, on ascending pages."
            if ok
            else "The entries are out of order: their pages or their chapters do not ascend.",
            left_quotes=[e.line for e in self._contents],
        )


def run_checks(tables: dict[str, list[Record]], report: Report, editorial: Editorial) -> list[Check]:
    return Checker(tables, report, editorial).run()


def fact_check_records(tables: dict[str, list[Record]], report: Report, editorial: Editorial) -> list[Record]:
    """The fact_checks table: inconsistencies first, then by kind of check and id."""
    c = Checker(tables, report, editorial)
    checks = c.run()
    order = {v: i for i, v in enumerate(VERDICTS)}
    cats = {v: i for i, v in enumerate(CATEGORIES)}
    records = []
    for ch in sorted(checks, key=lambda x: (order[x.verdict], cats[x.category], x.check_id)):
        left = ch.left_quotes or c.quotes(ch.left_ids)
        right = ch.right_quotes or c.quotes(ch.right_ids)
        diff = (
            ch.computed_value - ch.stated_value
            if ch.computed_value is not None and ch.stated_value is not None
            else None
        )
        records.append(
            {
                "check_id": ch.check_id,
                "category": ch.category,
                "subject": ch.subject,
                "left_ids": " ".join(ch.left_ids),
                "left_quote": "\n".join(left),
                "right_ids": " ".join(ch.right_ids),
                "right_quote": "\n".join(right),
                "computed": ch.computed,
                "stated": ch.stated,
                "computed_value": ch.computed_value,
                "stated_value": ch.stated_value,
                "difference": diff,
                "unit": ch.unit,
                "verdict": ch.verdict,
                "explanation": ch.explanation,
                "for_readers": (ch.for_readers or editorial.categories[ch.category])
                if ch.verdict == "inconsistent"
                else "",
            }
        )
    return records
