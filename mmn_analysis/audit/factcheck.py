"""Fact-checks: recompute what the report's figures imply and compare it with what the report states.

Every check names the register rows (or report lines) on each side, carries their verbatim quotes,
the computed and the stated value, and a verdict: ``consistent``, ``inconsistent`` or
``cannot_tell``. Checks never alter a figure: the contradiction is recorded, not fixed.

Which figures to compare is editorial knowledge, kept here as data (pairs of register ids, reviewed
like the register itself); every number compared is read from the tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..errors import InputError, Problem
from ..inputs.report import Report
from ..parse.dates import parse_iso_period

Record = dict[str, object]
VERDICTS = ("inconsistent", "cannot_tell", "consistent")
#: In the order a reader meets them: what changes a figure's meaning first, spelling last.
CATEGORIES = ("shares", "totals", "dates", "durations", "currency", "growth", "calendar", "footnotes", "naming")

#: What an inconsistency of each kind changes for a reader, unless a check says more.
FOR_READERS = {
    "totals": "Quote each figure with its own source, and say that the report gives both.",
    "shares": "Quote the count and the population rather than the share, or give both and say they disagree.",
    "growth": "The earlier level is implied, not stated: present it as an estimate derived from the report.",
    "currency": "Quote the amounts in the currency of the law (baht); the dollar equivalents rest on different rates.",
    "durations": "Give the dates rather than the stated length: the two do not match.",
    "dates": "Check the date against the cited source before using it.",
    "calendar": "The narrative and the Secretariat calendar date the event differently: give both or check with MMN.",
    "footnotes": "Identify a note by chapter and number, and check which source backs which claim.",
    "naming": "Search for every spelling when looking the name up; they refer to the same thing.",
}

#: A share stated as "almost X" or "nearly X" is consistent with a computed share within this
#: fraction below X (nearly 50% fits 49.7%; almost ten percent does not fit 7.9%).
NEARLY_TOLERANCE = 0.05
#: Two implied exchange rates further apart than this are two different rates.
RATE_TOLERANCE = 0.01


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


def _fmt(v: float, digits: int = 2) -> str:
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.{digits}f}"


def _d(iso: str, end: bool = False) -> date:
    """First (or last) day of an ISO date at any precision."""
    start, stop = parse_iso_period(iso)
    p = (stop or start) if end else start
    if p.day:
        return date(p.year, p.month, p.day)
    if p.month:
        if not end:
            return date(p.year, p.month, 1)
        nxt = date(p.year + (p.month == 12), p.month % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    return date(p.year, 12, 31) if end else date(p.year, 1, 1)


class Rows(dict):
    """Rows by id; naming a row the register does not have is a clear input error, not a KeyError."""

    def __init__(self, rows, key: str, where: str):
        super().__init__((str(r[key]), r) for r in rows)
        self.where = where

    def __missing__(self, rid: str):
        raise InputError(
            Problem(
                "mmn_analysis/factcheck.py",
                f"a fact-check compares {rid!r}, which {self.where} does not have",
                expected="every id a check names to exist: update the check",
            )
        )


class Checker:
    def __init__(self, tables: dict[str, list[Record]], report: Report):
        self.f = Rows(tables["figures"], "id", "data/raw/register/")
        self.acts = Rows(tables["activities"], "activity_id", "data/raw/calendar.csv")
        self.sources = {str(r["source_id"]): r for r in tables["sources"]}
        self.report = report
        self.checks: list[Check] = []

    # helpers ------------------------------------------------------------------------------
    def v(self, rid: str) -> float:
        value = self.f[rid]["value"]
        if value is None:
            raise ValueError(f"{rid} has no point value")
        return float(value)  # type: ignore[arg-type]

    def fig(self, rid: str) -> str:
        return str(self.f[rid]["figure"]).replace("\\$", "$")

    def add(self, check: Check) -> None:
        if check.verdict not in VERDICTS or check.category not in CATEGORIES:
            raise ValueError(f"{check.check_id}: bad verdict or category")
        check.explanation = check.explanation[:1].upper() + check.explanation[1:]
        self.checks.append(check)

    def quotes(self, ids: list[str]) -> list[str]:
        out: list[str] = []
        for i in ids:
            q = str(self.f[i]["quote"]) if i in self.f else str(self.acts[i]["quote"])
            if q not in out:
                out.append(q)
        return out

    # checks -------------------------------------------------------------------------------
    def total_of_parts(self, cid: str, subject: str, total: str, parts: list[str]) -> None:
        s = sum(self.v(p) for p in parts)
        t = self.v(total)
        self.add(
            Check(
                cid,
                "totals",
                subject,
                [total],
                parts,
                f"{_fmt(s)} (sum of the parts)",
                self.fig(total),
                "consistent" if s == t else "inconsistent",
                "The parts add up to the stated total."
                if s == t
                else f"The parts add up to {_fmt(s)}, not {self.fig(total)}.",
                s,
                t,
                str(self.f[total]["unit"]),
            )
        )

    def parts_within_total(self, cid: str, subject: str, total: str, parts: list[str]) -> None:
        s = sum((self.f[p]["value"] or self.f[p]["upper"]) for p in parts)  # type: ignore[misc]
        t = self.v(total)
        ok = s <= t
        self.add(
            Check(
                cid,
                "totals",
                subject,
                parts,
                [total],
                f"{_fmt(s)} (sum of the parts)",
                f"{self.fig(total)} (total)",
                "consistent" if ok else "inconsistent",
                f"The parts make up {s / t:.1%} of the total, which leaves room for the rest."
                if ok
                else "The parts exceed the total they belong to.",
                s,
                t,
                str(self.f[total]["unit"]),
            )
        )

    def share_of(self, cid: str, subject: str, share: str, part: str, whole: str, scale: float = 100.0) -> None:
        computed = self.v(part) / self.v(whole) * scale
        row = self.f[share]
        stated = float(row["value"])  # type: ignore[arg-type]
        if row["qualifier"] == "at_most":  # "almost", "nearly": a little below the stated share
            ok = stated * (1 - NEARLY_TOLERANCE) <= computed <= stated
        elif row["qualifier"] == "exact":
            ok = abs(computed - stated) < 0.05 * stated
        else:
            ok = abs(computed - stated) <= 0.1 * stated
        self.add(
            Check(
                cid,
                "shares",
                subject,
                [part, whole],
                [share],
                f"{computed:.2f} percent ({self.fig(part)} of {self.fig(whole)})",
                self.fig(share),
                "consistent" if ok else "inconsistent",
                f"{self.fig(part)} of {self.fig(whole)} is {computed:.1f} percent, "
                + ("which fits the stated share." if ok else f"which does not fit '{self.fig(share)}'."),
                computed,
                stated,
                "percent",
            )
        )

    def implied_earlier(self, cid: str, subject: str, level: str, growth: str) -> None:
        earlier = round(self.v(level) / (1 + self.v(growth) / 100), 6)
        self.add(
            Check(
                cid,
                "growth",
                subject,
                [level, growth],
                [],
                f"{_fmt(earlier, 1)} (implied previous-year level)",
                "not stated in the report",
                "cannot_tell",
                f"{self.fig(level)} after an increase of {self.fig(growth)} implies about {_fmt(round(earlier))} "
                "the year before; the report gives no earlier figure to compare.",
                earlier,
                None,
                str(self.f[level]["unit"]),
            )
        )

    def same_rate(self, cid: str, subject: str, pairs: list[tuple[str, str, str]]) -> None:
        """pairs: (row in baht, row in USD, 'lower'|'upper'): each pair implies a baht-per-dollar rate."""
        rates = []
        for thb, usd, end in pairs:
            rates.append(float(self.f[thb][end]) / float(self.f[usd][end]))  # type: ignore[arg-type]
        spread = (max(rates) - min(rates)) / min(rates)
        ok = spread <= RATE_TOLERANCE
        ids_l = [p[0] for p in pairs]
        ids_r = [p[1] for p in pairs]
        self.add(
            Check(
                cid,
                "currency",
                subject,
                ids_l,
                ids_r,
                " and ".join(f"{r:.2f} baht per US dollar" for r in rates),
                "one conversion of the same fine",
                "consistent" if ok else "inconsistent",
                "Both ends of the range convert at the same rate."
                if ok
                else f"The two ends of the range imply two exchange rates, {rates[0]:.2f} and {rates[1]:.2f} baht "
                "per US dollar (the lower end looks rounded to a round dollar figure).",
                max(rates),
                min(rates),
                "THB per USD",
            )
        )

    def duration_between(
        self, cid: str, subject: str, duration: str, start: str, end: str, start_at_end: bool = False
    ) -> None:
        """A stated duration against the days from one dated row to another."""
        d0 = _d(str(self.f[start]["period"]), end=start_at_end)
        d1 = _d(str(self.f[end]["period"]))
        days = (d1 - d0).days
        stated = self.v(duration)
        unit = str(self.f[duration]["unit"])
        in_days = stated * {"days": 1, "months": 30.44, "years": 365.25}[unit]
        ok = abs(days - in_days) <= max(1.0, 0.05 * in_days)
        self.add(
            Check(
                cid,
                "durations",
                subject,
                [start, end],
                [duration],
                f"{days} days ({self.fig(start)} to {self.fig(end)})",
                self.fig(duration),
                "consistent" if ok else "inconsistent",
                f"From {self.fig(start)} to {self.fig(end)} is {days} days"
                + (", which fits." if ok else f", not {self.fig(duration)}."),
                days,
                in_days,
                "days",
            )
        )

    def span_length(self, cid: str, subject: str, duration: str, dated: str) -> None:
        """A stated length in days against the span of the dates it describes (both ends included)."""
        iso = (
            str(self.f[dated]["period"])
            if dated in self.f
            else f"{self.acts[dated]['start']}/{self.acts[dated]['end']}"
        )
        days = (_d(iso, end=True) - _d(iso)).days + 1
        stated = self.v(duration)
        ok = days == stated
        when = self.fig(dated) if dated in self.f else f"{self.acts[dated]['days']} {self.acts[dated]['month']}"
        self.add(
            Check(
                cid,
                "durations",
                subject,
                [dated],
                [duration],
                f"{days} days ({when})",
                self.fig(duration),
                "consistent" if ok else "inconsistent",
                f"{when} spans {days} day{'s' if days != 1 else ''}"
                + (", as stated." if ok else f", not {self.fig(duration)}."),
                days,
                stated,
                "days",
            )
        )

    def years_between(self, cid: str, subject: str, duration: str, start: str, end_year_row: str) -> None:
        """A stated number of years against the years between two dated rows (the end row's period)."""
        y0 = _d(str(self.f[start]["period"])).year
        y1 = _d(str(self.f[end_year_row]["period"])).year
        stated = self.v(duration)
        ok = y1 - y0 == stated
        self.add(
            Check(
                cid,
                "durations",
                subject,
                [start, end_year_row],
                [duration],
                f"{y1 - y0} years ({y0} to {y1})",
                self.fig(duration),
                "consistent" if ok else "inconsistent",
                f"{y0} to {y1} is {y1 - y0} years" + (", as stated." if ok else "."),
                y1 - y0,
                stated,
                "years",
            )
        )

    def same_value(self, cid: str, subject: str, a: str, b: str, category: str = "totals") -> None:
        """Two rows that state the same quantity."""
        va, vb = self.f[a]["value"], self.f[b]["value"]
        ok = va == vb
        diff = None if va is None or vb is None else float(va) - float(vb)  # type: ignore[arg-type]
        self.add(
            Check(
                cid,
                category,
                subject,
                [a],
                [b],
                self.fig(a),
                self.fig(b),
                "consistent" if ok else "inconsistent",
                "Both passages give the same figure."
                if ok
                else f"The report gives two figures for the same thing: {self.fig(a)} and {self.fig(b)}"
                + (f" (a difference of {_fmt(abs(diff))})." if diff is not None else "."),
                None if va is None else float(va),
                None if vb is None else float(vb),  # type: ignore[arg-type]
                str(self.f[a]["unit"]),
            )
        )

    def dates_agree(self, cid: str, subject: str, ids: list[str]) -> None:
        days = {i: (_d(str(self.f[i]["period"])), _d(str(self.f[i]["period"]), end=True)) for i in ids}
        lo = max(a for a, _ in days.values())
        hi = min(b for _, b in days.values())
        ok = lo <= hi
        self.add(
            Check(
                cid,
                "dates",
                subject,
                ids[:1],
                ids[1:],
                ", ".join(self.fig(i) for i in ids),
                "one date for one event",
                "consistent" if ok else "inconsistent",
                "Every passage dates the event compatibly, at its own precision."
                if ok
                else "The passages date the same event differently.",
                unit="date",
            )
        )

    def date_order(self, cid: str, subject: str, earlier: str, later: str, verdict_if_wrong: str, why: str) -> None:
        """The text implies ``earlier`` comes first. ``why`` may name {earlier} and {later}: the figures as written."""
        a, b = _d(str(self.f[earlier]["period"])), _d(str(self.f[later]["period"]), end=True)
        ok = a <= b
        self.add(
            Check(
                cid,
                "dates",
                subject,
                [earlier],
                [later],
                f"{self.fig(earlier)} before {self.fig(later)}",
                "the order the text implies",
                "consistent" if ok else verdict_if_wrong,
                "The dates are in the order the text implies."
                if ok
                else why.format(earlier=self.fig(earlier), later=self.fig(later)),
                unit="date",
            )
        )

    def source_predates(self, cid: str, subject: str, event: str) -> None:
        """An event the report dates after the publication date of the source it cites for it."""
        row = self.f[event]
        src = self.sources[str(row["source_id"])]
        src = self.sources[str(src["cites_source_id"])]
        published = _d(str(src["date"]), end=True)
        happened = _d(str(row["period"]))
        ok = published >= happened
        self.add(
            Check(
                cid,
                "dates",
                subject,
                [event],
                [event],
                f"source published {src['date_text']} (footnote {row['footnote']})",
                self.fig(event),
                "consistent" if ok else "inconsistent",
                "The cited source was published after the event."
                if ok
                else f"The source cited for it was published on {src['date_text']}, before the date the report "
                f"gives ({self.fig(event)}).",
                unit="date",
                right_quotes=[str(src["quote"])],
            )
        )

    def narrative_vs_calendar(
        self, cid: str, subject: str, row: str, activity: str | None, within: bool = False
    ) -> None:
        """The narrative's date against the calendar entry for the same event (or, ``within``, the
        entry of the larger event it was part of)."""
        if activity is None:
            self.add(
                Check(
                    cid,
                    "calendar",
                    subject,
                    [row],
                    [],
                    self.fig(row),
                    "no calendar entry",
                    "cannot_tell",
                    "The Achievements chapter reports the event; the Secretariat calendar has no entry for it.",
                    unit="date",
                )
            )
            return
        a = self.acts[activity]
        period = str(self.f[row]["period"])
        n0, n1 = _d(period), _d(period, end=True)
        c0, c1 = date.fromisoformat(str(a["start"])), date.fromisoformat(str(a["end"]))
        precision = self.f[row]["period_precision"]
        if within:
            ok = c0 <= n0 and n1 <= c1
        else:
            ok = (n0, n1) == (c0, c1) if precision == "day" else (n0 <= c0 and c1 <= n1)
        when = f"{a['month']} {a['days']}"
        self.add(
            Check(
                cid,
                "calendar",
                subject,
                [row],
                [activity],
                self.fig(row),
                f"{when} (calendar)",
                "consistent" if ok else "inconsistent",
                "The narrative and the calendar agree."
                if ok
                else f"The narrative gives {self.fig(row)}; the calendar gives {when}.",
                unit="date",
            )
        )


# Editorial pairings: which of the report's statements must agree with which (register ids).
CALENDAR_PAIRS: list[tuple] = [
    ("cal-policy-dialogue", "Policy Dialogue on Roles of Countries of Origin, Yangon", "ach-1-2-01", "cal-21"),
    ("cal-national-consultation", "Myanmar national consultation, Nay Pi Daw / Nay Pyi Taw", "ach-1-4-01", "cal-30"),
    ("cal-sea-junction", "SEA Junction panel 'Safe from the Start', Bangkok", "ach-1-3-02", None),
    ("cal-un-women", "UN Women validation workshop", "ach-3-1-02", None),
    ("cal-acsc-apf", "ASEAN Civil Society Conference / Peoples' Forum", "ach-3-2-02", "cal-35"),
    (
        "cal-acsc-workshop",
        "MMN workshop at the ACSC/APF, within the conference's calendar entry",
        "ach-3-2-04",
        "cal-35",
        True,
    ),
    ("cal-feasibility-cambodia", "SEZ feasibility study, Phnom Penh and Svay Rieng", "ach-4-09", "cal-02"),
    ("cal-preliminary-thailand", "SEZ preliminary study, Bangkok and Samut Sakhon", "ach-4-11", "cal-03"),
    ("cal-training-yangon", "Enumerator training, Yangon", "ach-4-14", "cal-10"),
    ("cal-training-phnom-penh-1", "Enumerator training, Phnom Penh (first)", "ach-4-15", "cal-11"),
    ("cal-training-phnom-penh-2", "Enumerator training, Phnom Penh (second)", "ach-4-16", "cal-12"),
    ("cal-training-mae-sot", "Enumerator training, Mae Sot", "ach-4-17", "cal-15"),
    ("cal-training-samut-sakhon", "Enumerator training, Samut Sakhon", "ach-4-18", "cal-31"),
    ("cal-may-day", "International Labour Day (May Day), Chiang Mai", "ach-5-02", "cal-09"),
    ("cal-exhibition", "Exhibition on Northern Thailand's labour movement", "ach-5-09", "cal-08"),
    ("cal-womens-day", "International Women's Day, Chiang Mai", "ach-5-14", "cal-05"),
    ("cal-gcm-bangkok", "Asia-Pacific Regional Preparatory Meeting for the GCM", "ach-5-19", "cal-33"),
    ("cal-gaatw", "GAATW convening, Bangkok", "ach-5-25", "cal-25"),
    ("cal-kobe", "Toyota Foundation and Kobe University workshop", "ach-5-26", "cal-01"),
    ("cal-ikea", "IKEA meeting on recruitment practices", "ach-5-27", "cal-32"),
    ("cal-gfmd-open-day", "GFMD Open Day, Berlin", "ach-5-28", "cal-16"),
    ("cal-gfmd-civil-society", "GFMD Civil Society Day, Berlin", "ach-5-29", "cal-17"),
    ("cal-weave-forum", "Regional Forum on Women's Rights Advocacy in ASEAN", "ach-5-30", "cal-34"),
    ("cal-cca", "Christian Conference of Asia regional consultation", "ach-5-32", "cal-18"),
]

#: The same thing named or spelled differently (variants as the report writes them).
NAME_VARIANTS = [
    (
        "naming-thai-law",
        "Thailand's 2017 law on foreign workers",
        [
            "Royal Ordinance on Management of Foreign Workers",
            "Royal Decree on Managing the Work of Aliens",
            "Royal Ordinance on Foreign Workers Management",
            "Law on Foreign Employees and Migrant Workers",
        ],
    ),
    ("naming-laos", "Lao PDR", ["Lao PDR", "Laos", "Loa"]),
    ("naming-myanmar", "Myanmar", ["Burma/ Myanmar", "Myanmar"]),
    ("naming-ycowa", "Yaung Chi Oo Workers' Association (YCOWA)", ["Yaung Chi Oo", "Yaung Chii Oo"]),
    ("naming-flc", "Future Light Center (FLC)", ["Future Light Center", "Future Light Centre"]),
    (
        "naming-nld",
        "National League for Democracy (NLD)",
        ["National League for Democracy", "National League of Democracy"],
    ),
    (
        "naming-ilo",
        "International Labour Organization (ILO)",
        ["International Labour Organization", "International Labor Organization", "International Labour Organisation"],
    ),
    (
        "naming-idrc",
        "International Development Research Centre (IDRC)",
        ["International Development Research Centre", "International Development Resource Centre"],
    ),
    ("naming-nay-pyi-taw", "Nay Pyi Taw, Myanmar's capital", ["Nay Pi Daw", "Nay Pyi Taw"]),
    ("naming-gfmd", "Global Forum on Migration and Development (GFMD)", ["GFMD", "GMFD"]),
    ("naming-apf", "ASEAN Peoples' Forum (APF)", ["ASEAN Peoples' Forum", "ASEAN People's Forum"]),
    ("naming-prayut", "Thai Prime Minister Prayut Chan-o-cha", ["Chan-o-cha", "Chanocha"]),
    ("naming-nation", "The Nation (Thai newspaper) in footnotes", ["*The Sunday Nation*", "*The Nation*"]),
]


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


def naming_checks(checker: Checker) -> None:
    text = checker.report.text
    for cid, concept, variants in NAME_VARIANTS:
        spans = {v: [(m.start(), m.end()) for m in re.finditer(re.escape(v) + r"(?![A-Za-z])", text)] for v in variants}
        # A shorter variant inside a longer one ("Myanmar" in "Burma/ Myanmar") is not a use of its own.
        longer = [(a, b) for v in variants for a, b in spans[v]]
        for v in variants:
            spans[v] = [
                (a, b) for a, b in spans[v] if not any(x <= a and b <= y and (x, y) != (a, b) for x, y in longer)
            ]
        found = [v for v in variants if spans[v]]
        quotes = [sentence_at(text, *spans[v][0]) for v in found]
        counts = [len(spans[v]) for v in variants]
        verdict = "inconsistent" if len(found) > 1 else "consistent"
        checker.add(
            Check(
                cid,
                "naming",
                concept,
                [],
                [],
                "; ".join(f"'{v}' {n} time{'s' if n != 1 else ''}" for v, n in zip(variants, counts)),
                "one name",
                verdict,
                f"The report uses {len(found)} names or spellings for the same thing."
                if verdict == "inconsistent"
                else "One name throughout.",
                left_quotes=quotes[:1],
                right_quotes=quotes[1:],
            )
        )


def footnote_checks(checker: Checker) -> None:
    r = checker.report
    for chapter in ("overview", "achievements"):
        defined = sorted(n for (c, n) in r.footnotes if c == chapter)
        cited = [m.number for m in r.markers if m.chapter == chapter]
        never = [n for n in defined if n not in cited]
        undefined = sorted({n for n in cited if n not in defined})
        twice = sorted({n for n in cited if cited.count(n) > 1})
        out_of_order = [b for a, b in zip(cited, cited[1:]) if b < a]
        name = chapter.capitalize()

        def quote_of(n: int, chapter: str = chapter) -> list[str]:
            return [r.footnotes[(chapter, n)].text] if (chapter, n) in r.footnotes else []

        checker.add(
            Check(
                f"footnotes-{chapter}-never-cited",
                "footnotes",
                f"{name}: notes defined but never cited",
                [],
                [],
                ", ".join(map(str, never)) or "none",
                "every note cited",
                "inconsistent" if never else "consistent",
                f"Note {', '.join(map(str, never))} is printed but no marker in the text points to it."
                if never
                else "Every note is cited.",
                left_quotes=[q for n in never for q in quote_of(n)],
            )
        )
        checker.add(
            Check(
                f"footnotes-{chapter}-undefined",
                "footnotes",
                f"{name}: markers without a note",
                [],
                [],
                ", ".join(map(str, undefined)) or "none",
                "every marker defined",
                "inconsistent" if undefined else "consistent",
                "Some markers point to notes that do not exist." if undefined else "Every marker has its note.",
            )
        )
        spots = [m for m in r.markers if m.chapter == chapter and m.number in twice]
        checker.add(
            Check(
                f"footnotes-{chapter}-cited-twice",
                "footnotes",
                f"{name}: one note cited at several places",
                [],
                [],
                ", ".join(f"{n} ({cited.count(n)} times)" for n in twice) or "none",
                "each note cited once",
                "inconsistent" if twice else "consistent",
                (
                    f"Note {', '.join(map(str, twice))} is cited at {len(spots)} places for different claims; "
                    "one of them probably stands for a note that is never cited."
                )
                if twice
                else "Each note is cited once.",
                left_quotes=[sentence_at(r.text, m.start, m.end) for m in spots],
            )
        )
        checker.add(
            Check(
                f"footnotes-{chapter}-order",
                "footnotes",
                f"{name}: markers in numerical order",
                [],
                [],
                " then ".join(f"{a}→{b}" for a, b in zip(cited, cited[1:]) if b < a) or "in order",
                "ascending numbers",
                "inconsistent" if out_of_order else "consistent",
                "The markers run out of order." if out_of_order else "The markers run in order.",
            )
        )
    shared = sorted(
        {n for (c, n) in r.footnotes if c == "achievements"} & {n for (c, n) in r.footnotes if c == "overview"}
    )
    checker.add(
        Check(
            "footnotes-numbering-restarts",
            "footnotes",
            "Footnote numbers shared by two chapters",
            [],
            [],
            ", ".join(map(str, shared)) or "none",
            "one numbering for the report",
            "inconsistent" if shared else "consistent",
            f"The Achievements chapter numbers its own notes {shared[0]}-{shared[-1]}, which the Overview "
            "also uses: a note is identified by chapter and number."
            if shared
            else "One numbering.",
            left_quotes=[r.footnotes[("overview", shared[0])].text] if shared else [],
            right_quotes=[r.footnotes[("achievements", shared[0])].text] if shared else [],
        )
    )


def run_checks(tables: dict[str, list[Record]], report: Report, c: Checker | None = None) -> list[Check]:
    c = c or Checker(tables, report)
    # Totals against their parts.
    c.total_of_parts(
        "totals-consulted-migrants",
        "Migrants and returnees consulted for 'Safe from the Start'",
        "ach-1-1-06",
        ["ach-1-1-07", "ach-1-1-08", "ach-1-1-09", "ach-1-1-10"],
    )
    c.parts_within_total(
        "totals-vietnam-japan-taiwan",
        "Vietnamese workers deployed to Japan and Taiwan, within all deployed",
        "ov-vnm-04",
        ["ov-vnm-05", "ov-vnm-10"],
    )
    c.parts_within_total(
        "totals-vietnam-women-japan",
        "Vietnamese women deployed to Japan, within all deployed there",
        "ov-vnm-05",
        ["ov-vnm-06"],
    )
    c.parts_within_total(
        "totals-vietnam-women-taiwan",
        "Vietnamese women deployed to Taiwan, within all deployed there",
        "ov-vnm-10",
        ["ov-vnm-11"],
    )
    shares = ["ov-mmr-05", "ov-mmr-06", "ov-mmr-07", "ov-mmr-08", "ov-mmr-09"]
    s = sum(c.v(i) for i in shares)
    c.add(
        Check(
            "totals-myanmar-destination-shares",
            "totals",
            "Myanmar's five destination shares, within 100 percent",
            shares,
            [],
            f"{_fmt(s, 1)} percent (sum of the five shares)",
            "at most 100 percent",
            "consistent" if s <= 100 else "inconsistent",
            f"The five shares add up to {s:.1f} percent, leaving {100 - s:.1f} percent for other countries.",
            s,
            100.0,
            "percent",
        )
    )
    above = c.v("ov-vnm-04") >= c.v("ov-vnm-01")
    c.add(
        Check(
            "totals-vietnam-yearly-outflow",
            "totals",
            "Vietnam's 2017 deployments against 'more than 100,000' a year on average",
            ["ov-vnm-04"],
            ["ov-vnm-01"],
            c.fig("ov-vnm-04"),
            c.fig("ov-vnm-01"),
            "consistent" if above else "inconsistent",
            "The 2017 count is above the yearly average the report gives for 2014-2017."
            if above
            else "The 2017 count is below the stated yearly average.",
            c.v("ov-vnm-04"),
            c.v("ov-vnm-01"),
            "persons",
        )
    )
    # Shares against counts and populations.
    c.share_of(
        "shares-myanmar-abroad",
        "Myanmar nationals abroad as a share of the population (Overview)",
        "ov-mmr-03",
        "ov-mmr-02",
        "ov-mmr-04",
    )
    c.share_of(
        "shares-vietnam-taiwan",
        "Taiwan's share of Vietnamese workers deployed in 2017",
        "ov-vnm-12",
        "ov-vnm-10",
        "ov-vnm-04",
    )
    c.same_value(
        "totals-myanmar-population",
        "Myanmar's population: foreword against Overview",
        "fw-01",
        "ov-mmr-04",
        category="shares",
    )
    c.same_value(
        "shares-myanmar-share-abroad",
        "Share of Myanmar's people who migrate: foreword against Overview",
        "fw-02",
        "ov-mmr-03",
        category="shares",
    )
    implied = c.v("fw-02") / 100 * c.v("fw-01")
    c.add(
        Check(
            "shares-foreword-implied-migrants",
            "shares",
            "Migrants implied by the foreword against the Overview's count",
            ["fw-01", "fw-02"],
            ["ov-mmr-02"],
            f"{_fmt(implied)} ({c.fig('fw-02')} of {c.fig('fw-01')})",
            c.fig("ov-mmr-02"),
            "inconsistent" if abs(implied - c.v("ov-mmr-02")) > 0.1 * c.v("ov-mmr-02") else "consistent",
            f"The foreword's share of its population is about {implied / 1e6:.2f} million migrants, against the "
            f"Overview's {c.fig('ov-mmr-02')}.",
            implied,
            c.v("ov-mmr-02"),
            "persons",
        )
    )
    thai = c.v("ov-mmr-05") / 100 * c.v("ov-mmr-02")
    c.add(
        Check(
            "shares-myanmar-in-thailand",
            "shares",
            "Myanmar migrants in Thailand implied by the share and the count",
            ["ov-mmr-05", "ov-mmr-02"],
            [],
            f"{_fmt(thai)} ({c.fig('ov-mmr-05')} of {c.fig('ov-mmr-02')})",
            "not stated in the report",
            "cannot_tell",
            "The report gives no count of Myanmar migrants in Thailand to compare with; the registration counts "
            "cover all nationalities.",
            thai,
            None,
            "persons",
        )
    )
    # Growth rates against the implied earlier year.
    c.implied_earlier(
        "growth-vietnam-japan",
        "Vietnamese workers to Japan in 2016, implied by the 2017 count and growth",
        "ov-vnm-05",
        "ov-vnm-07",
    )
    c.implied_earlier(
        "growth-vietnam-agencies", "Licensed recruiting agencies in Vietnam in 2016, implied", "ov-vnm-18", "ov-vnm-19"
    )
    # Currency conversions against each other.
    c.same_rate(
        "currency-thai-fine",
        "Thai fine on undocumented workers, baht against US dollars",
        [("ov-khm-19", "ov-khm-20", "lower"), ("ov-khm-19", "ov-khm-20", "upper")],
    )
    a, b = c.f["ov-khm-19"]["upper"], c.f["ov-tha-07"]["upper"]
    c.add(
        Check(
            "totals-thai-fine-upper",
            "totals",
            "Maximum fine on undocumented workers: Cambodia section against Thailand section",
            ["ov-khm-19"],
            ["ov-tha-07"],
            c.fig("ov-khm-19"),
            c.fig("ov-tha-07"),
            "consistent" if a == b else "inconsistent",
            "Both sections give the same maximum fine." if a == b else "The maximum fines differ.",
            float(a),
            float(b),
            "THB",
        )
    )  # type: ignore[arg-type]
    c.same_value(
        "totals-thai-prison", "Maximum prison term: Cambodia section against Thailand section", "ov-khm-18", "ov-tha-06"
    )
    c.same_value(
        "totals-returnees-headline",
        "Myanmar returnees: the report against its source's headline",
        "ov-mmr-24",
        "ov-khm-11",
    )
    c.same_value(
        "totals-cambodians-registered-headline",
        "Cambodians registered: the report against its source's headline",
        "ov-khm-22",
        "ov-khm-26",
    )
    c.add(
        Check(
            "totals-passport-fee",
            "totals",
            "Cambodian passport fee for migrant workers: the sub-decree against 'some sources'",
            ["ov-khm-05", "ov-khm-06"],
            ["ov-khm-07", "ov-khm-08"],
            f"{c.fig('ov-khm-06')} (lowered from {c.fig('ov-khm-05')})",
            f"{c.fig('ov-khm-07')} (normal), {c.fig('ov-khm-08')} (same-day)",
            "inconsistent",
            "The report says the fee was cut for students and migrant workers, then that the official fee is "
            "still far higher: it reports the contradiction without resolving it.",
            c.v("ov-khm-06"),
            c.v("ov-khm-07"),
            "USD",
        )
    )
    # Durations against dates.
    c.duration_between(
        "durations-grace-period",
        "Thailand's 180-day grace period against its dates",
        "ov-tha-11",
        "ov-tha-03",
        "ov-tha-12",
    )
    c.span_length("durations-may-day", "The '2-day' May Day event against its dates", "ach-5-03", "ach-5-02")
    c.span_length("durations-exhibition", "The exhibition's '3 days' against its dates", "ach-5-12", "ach-5-09")
    c.span_length(
        "durations-gcm-meeting", "The '3-day' GCM preparatory meeting against its dates", "ach-5-20", "ach-5-19"
    )
    c.span_length(
        "durations-policy-dialogue",
        "The foreword's 'two-days meeting' against the Policy Dialogue's dates",
        "fw-04",
        "ach-1-2-01",
    )
    c.span_length(
        "durations-national-consultation",
        "The 'one-day' national consultation against the calendar",
        "ach-1-4-02",
        "cal-30",
    )
    c.years_between(
        "durations-anniversary",
        "The 10th anniversary in 2017 of the 2007 ASEAN Declaration",
        "ov-intro-01",
        "ov-intro-02",
        "ov-intro-01",
    )
    c.years_between(
        "durations-decade-long",
        "'Decade-long' efforts from the 2007 Declaration to the 2017 Consensus",
        "ach-3-3-09",
        "ach-3-3-07",
        "ov-mmr-15",
    )
    # Dates: the same event, plausibility, order.
    c.dates_agree(
        "dates-thai-law-effective",
        "When Thailand's 2017 law took effect, across sections",
        ["ov-tha-03", "ov-mmr-22", "ov-khm-17", "ov-lao-03"],
    )
    c.dates_agree(
        "dates-thai-law-year", "The law's Buddhist-era year against its common-era year", ["ov-mmr-21", "ov-intro-05"]
    )
    c.dates_agree(
        "dates-penalties-enforced",
        "When Thai penalties are fully enforced, across sections",
        ["ov-tha-12", "ov-mmr-25"],
    )
    c.date_order(
        "dates-nv-deadline-extended",
        "The NV deadline's extension comes after the original deadline",
        "ov-tha-02",
        "ov-tha-23",
        "inconsistent",
        "The extended deadline is earlier than the original one.",
    )
    c.date_order(
        "dates-exodus-year",
        "The exodus 'Between 23-28 June 2018' against the law it followed",
        "ov-tha-08",
        "ov-tha-12",
        "inconsistent",
        "The exodus is dated {earlier}, after {later} (when penalties were fully enforced), yet the text "
        "places it right after the law took effect: the year is probably a misprint.",
    )
    c.source_predates(
        "dates-exodus-source", "The exodus 'Between 23-28 June 2018' against the date of its source", "ov-tha-08"
    )
    c.source_predates(
        "dates-trade-mou-source",
        "The Cambodia-Thailand trade MOU signed 'in early November' against its source",
        "ov-khm-13",
    )
    c.date_order(
        "dates-otit-before-titp",
        "OTIT 'established in January 2017 under the new TITP', which took effect in November 2017",
        "ov-vnm-24",
        "ov-vnm-27",
        "cannot_tell",
        "OTIT is said to be established under the new TITP in {later}, before the programme took effect "
        "in {earlier}; it may have been set up ahead of it.",
    )
    c.date_order(
        "dates-cso-consultation-in-project",
        "The Cambodian CSO consultation (December 2015) within the project 'From 2016 to 2017'",
        "ach-1-1-01",
        "ach-1-1-12",
        "inconsistent",
        "A consultation held for the study is dated {later}, before the project period the report gives ({earlier}).",
    )
    # Narrative against the calendar.
    for cid, subject, row, act, *within in CALENDAR_PAIRS:
        c.narrative_vs_calendar(cid, subject, row, act, bool(within and within[0]))
    footnote_checks(c)
    naming_checks(c)
    # Reader notes for particular checks, filled from the check's own values.
    specific = {
        "shares-myanmar-abroad": "The Overview's own figures give {computed_value:.1f} percent, not '{stated}': "
        "quote the count and the population instead of the share.",
        "totals-myanmar-population": "The foreword and the Overview give different populations for Myanmar: use "
        "the Overview's, which cites the IOM.",
        "shares-myanmar-share-abroad": "The foreword's share is less than half the Overview's: do not quote it "
        "without the Overview's count beside it.",
        "dates-exodus-year": "The year is probably a misprint for the year of the law the exodus followed: quote "
        "it with care.",
        "durations-grace-period": "Penalties were fully enforced {computed_value:.0f} days after the law took "
        "effect: give the dates rather than '{stated}'.",
    }
    for ch in c.checks:
        if ch.check_id in specific:
            ch.for_readers = specific[ch.check_id].format(**vars(ch))
    return c.checks


def fact_check_records(tables: dict[str, list[Record]], report: Report) -> list[Record]:
    c = Checker(tables, report)
    checks = run_checks(tables, report, c)
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
                "for_readers": (ch.for_readers or FOR_READERS[ch.category]) if ch.verdict == "inconsistent" else "",
            }
        )
    return records
