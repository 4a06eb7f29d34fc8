"""Editorial judgement kept as data: the files of data/raw/editorial/, read and verified.

Which figures a fact-check compares, the names one thing goes by, the organisations the report
calls members, a reader note per kind of check, the figures each notebook answers its readers'
questions with (At a glance) and the remittance pairs are choices an editor makes. They live in reviewed CSV files beside the register
and are verified like it: every id a row names exists, every passage is verbatim, every value
comes from a closed vocabulary, and each problem names its file, row and column.

One reader for the folder: a new editorial file is one entry in ``FILES`` and one verifying
function, called from :func:`read_editorial`.
"""

from __future__ import annotations

import contextlib
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, Problem
from ..parse.countries import UnknownCountry, normalise_country
from ..paths import RAW
from ..trace import traced
from .csvio import Row, read_rows
from .references import CALENDAR_COLUMNS, REPORT_YEAR, CalendarEntry, member_lines
from .register import ID_PATTERN, Figure, read_register
from .report import Report

FOLDER = "editorial"

#: The columns of each editorial file, and those that may not be blank.
FILES: dict[str, tuple[list[str], list[str]]] = {
    "fact_checks": (
        [
            "check_id",
            "category",
            "method",
            "subject",
            "left",
            "right",
            "options",
            "quote",
            "why",
            "for_readers",
            "note",
        ],
        ["check_id", "category", "method", "subject"],
    ),
    "name_variants": (["check_id", "variant", "kind", "note"], ["check_id", "variant", "kind"]),
    "member_claims": (
        ["check_id", "organisation", "country", "quote"],
        ["check_id", "organisation", "country", "quote"],
    ),
    "categories": (["category", "for_readers"], ["category", "for_readers"]),
    "glance": (
        ["notebook", "question", "ids", "gap", "absent_theme", "absent_indicators", "absent_countries", "note"],
        ["notebook", "question"],
    ),
    "remittance_pairs": (["amount_id", "share_id"], ["amount_id", "share_id"]),
}

#: Kinds of check, in the order a reader meets them: what changes a figure's meaning first, spelling last.
CATEGORIES = (
    "shares",
    "totals",
    "dates",
    "durations",
    "currency",
    "growth",
    "calendar",
    "members",
    "footnotes",
    "structure",
    "naming",
)
VERDICTS = ("inconsistent", "cannot_tell", "consistent")
#: How a spelling of a name counts: the collection's own form, a form a careful writer may use
#: (a short form, a deliberate heading style), another name or spelling, or a misprint.
NAME_KINDS = ("standard", "accepted", "variant", "typo")
#: The fields every ``why`` and ``for_readers`` template may name.
TEMPLATE_FIELDS = ("subject", "computed", "stated", "computed_value", "stated_value", "unit")
NUMBER = "<number>"
#: A notebook's name: its ordering prefix and its subject.
NOTEBOOK_NAME = re.compile(r"^\d\d_[a-z][a-z_]*$")


@dataclass(frozen=True)
class Side:
    """How many ids one side of a fact-check takes, and of which kind."""

    least: int
    most: int | None  # None: no upper limit
    kind: str = "figure"  # "figure": register ids; "activity": calendar ids; "any": either


@dataclass(frozen=True)
class Method:
    """What a fact-check method of the engine needs from its row of fact_checks.csv."""

    left: Side
    right: Side
    options: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # allowed values (NUMBER: any number)
    required: tuple[str, ...] = ()  # options that must be given
    fields: tuple[str, ...] = ()  # template fields beyond TEMPLATE_FIELDS
    judged: bool = False  # the verdict is the reviewer's (an option) and ``why`` is the explanation
    quote: bool = False  # reads the passage in the ``quote`` column
    rows_from: str = ""  # the editorial file that holds its rows (name_variants, member_claims)


@dataclass(frozen=True)
class CheckRow:
    """One row of fact_checks.csv: one check, configured."""

    row: Row
    check_id: str
    category: str
    method: str
    subject: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    options: dict[str, str]
    quote: str
    why: str
    for_readers: str


@dataclass(frozen=True)
class NameVariant:
    row: Row
    check_id: str
    variant: str
    kind: str
    note: str


@dataclass(frozen=True)
class MemberClaim:
    row: Row
    check_id: str
    organisation: str
    country: str  # the heading of the members list it would sit under
    quote: str


@dataclass(frozen=True)
class GlancePick:
    """One question of a notebook's At a glance: the figures that answer it, or what the report lacks."""

    notebook: str
    question: str
    ids: tuple[str, ...]
    gap: str  # 'The report gives no ...', checked against the register
    absent_theme: tuple[str, ...]
    absent_indicators: tuple[str, ...]  # blank: any indicator of the theme
    absent_countries: tuple[str, ...]
    note: str  # shown to readers under the answer


def _pick(row: Row) -> GlancePick:
    v = {k: s.strip() for k, s in row.values.items()}
    return GlancePick(
        v["notebook"],
        v["question"],
        ids(v["ids"]),
        v["gap"],
        ids(v["absent_theme"]),
        ids(v["absent_indicators"]),
        ids(v["absent_countries"]),
        v["note"],
    )


@dataclass(frozen=True)
class Editorial:
    """Every editorial file, verified."""

    fact_checks: list[CheckRow]
    name_variants: dict[str, list[NameVariant]]  # by check id
    member_claims: dict[str, list[MemberClaim]]  # by check id
    categories: dict[str, str]  # the reader note of each category
    glance: list[GlancePick]
    remittance_pairs: list[tuple[str, str]]


def shown(name: str) -> str:
    return f"data/raw/{FOLDER}/{name}.csv"


def read(name: str, raw: Path = RAW) -> list[Row]:
    """The rows of one editorial file, read strictly (columns, blanks, encoding)."""
    columns, required = FILES[name]
    return read_rows(raw / FOLDER / f"{name}.csv", shown(name), columns, required)


def ids(text: str) -> tuple[str, ...]:
    """``'ov-mmr-05; ov-mmr-06'`` -> ``('ov-mmr-05', 'ov-mmr-06')``."""
    return tuple(i.strip() for i in text.split(";") if i.strip())


# The picks charts and derived tables read (the build verifies them; these only parse). ----------


@traced
def glance_picks(notebook: str, raw: Path = RAW) -> list[GlancePick]:
    """A notebook's At a glance: its questions in order, each with the figures that answer it or what is missing."""
    return [pick for pick in (_pick(r) for r in read("glance", raw)) if pick.notebook == notebook]


def remittance_pairs(raw: Path = RAW) -> list[tuple[str, str]]:
    """(amount id, share-of-GDP id): an estimate's amount and share, stated in one sentence or the next."""
    return [(r.values["amount_id"].strip(), r.values["share_id"].strip()) for r in read("remittance_pairs", raw)]


# Verification -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Known:
    """What editorial rows may name: register rows (id -> values) and calendar ids. None: that file
    could not be read, so its own step reports why and ids are not checked against it."""

    figures: dict[str, dict[str, str]] | None
    activities: set[str] | None

    def missing(self, rid: str, kind: str) -> str | None:
        """Why ``rid`` cannot stand on a side of this kind, or None if it can."""
        in_figures = self.figures is None or rid in self.figures
        in_acts = self.activities is None or rid in self.activities
        if kind == "figure" and not in_figures:
            return f"{rid!r} is not an id of the register"
        if kind == "activity" and not in_acts:
            return f"{rid!r} is not an id of the calendar"
        if kind == "any" and not (in_figures or in_acts):
            return f"{rid!r} is neither a register id nor a calendar id"
        return None


def known_ids(raw: Path, register: list[Figure] | None = None, calendar: list[CalendarEntry] | None = None) -> Known:
    """The ids rows may name: from the verified register and calendar when they were read, else from
    the raw files (so that a broken register does not hide the editorial files' own problems)."""
    figures: dict[str, dict[str, str]] | None
    activities: set[str] | None
    if register is None:
        try:
            figures = {r.values["id"].strip(): r.values for r in read_register(raw)}
        except InputError:
            figures = None
    else:
        figures = {f.row.values["id"].strip(): f.row.values for f in register}
    if calendar is None:
        try:
            rows = read_rows(raw / "calendar.csv", "data/raw/calendar.csv", CALENDAR_COLUMNS, [])
            activities = {r.values["id"].strip() for r in rows}
        except InputError:
            activities = None
    else:
        activities = {e.row.values["id"].strip() for e in calendar}
    return Known(figures, activities)


def _template(row: Row, column: str, allowed: tuple[str, ...], problems: list[Problem]) -> None:
    """A ``why`` or ``for_readers`` text may name fields in braces: only those the check provides."""
    text = row.values[column]
    try:
        names = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError as e:
        problems.append(row.problem(column, f"is not a valid template: {e}", "braces only around field names"))
        return
    for name in names:
        base = re.split(r"[.\[]", name, maxsplit=1)[0]
        if base not in allowed:
            problems.append(
                row.problem(column, f"names {{{name}}}, which this check does not provide", ", ".join(allowed))
            )


def _options(row: Row, method: Method, problems: list[Problem]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in row.values["options"].split():
        key, eq, value = pair.partition("=")
        allowed = method.options.get(key)
        if not eq or allowed is None:
            expected = ", ".join(f"{k}=..." for k in method.options) or "no options for this method"
            problems.append(row.problem("options", f"unknown option {pair!r}", expected))
        elif key in out:
            problems.append(row.problem("options", f"option {key!r} is given twice", "each option once"))
        elif value not in allowed and not (NUMBER in allowed and re.fullmatch(r"\d+(\.\d+)?", value)):
            problems.append(row.problem("options", f"{key}={value!r} is not allowed", f"{key}= {' | '.join(allowed)}"))
        else:
            out[key] = value
    for key in method.required:
        if key not in out:
            problems.append(
                row.problem("options", f"option {key!r} is missing", f"{key}= {' | '.join(method.options[key])}")
            )
    return out


def _side(row: Row, column: str, side: Side, known: Known, problems: list[Problem]) -> tuple[str, ...]:
    found = ids(row.values[column])
    if len(found) < side.least or (side.most is not None and len(found) > side.most):
        if side.most is None:
            many = f"at least {side.least}"
        else:
            many = f"{side.least}" if side.least == side.most else f"{side.least} to {side.most}"
        names = f"names {len(found)} id{'' if len(found) == 1 else 's'}"
        problems.append(row.problem(column, names, f"{many} ids separated by ';'"))
    for rid in found:
        why = known.missing(rid, side.kind)
        if why:
            problems.append(row.problem(column, why, "an id that exists: update the check"))
    return found


def _verbatim(row: Row, column: str, report: Report, problems: list[Problem]) -> None:
    text = row.values[column]
    if "\n" in text or "\r" in text:
        problems.append(row.problem(column, "spans a line break", "one paragraph of the report"))
    elif text not in report.text:
        problems.append(row.problem(column, "not found in the report", "a verbatim substring of the report"))


def verify_fact_checks(rows: list[Row], methods: Mapping[str, Method], known: Known, report: Report) -> list[CheckRow]:
    problems: list[Problem] = []
    out: list[CheckRow] = []
    seen: dict[str, Row] = {}
    for row in rows:
        v = {k: s.strip() for k, s in row.values.items()}
        before = len(problems)
        if not ID_PATTERN.match(v["check_id"]):
            problems.append(
                row.problem("check_id", f"{v['check_id']!r} is not a valid id", "lowercase letters, digits and hyphens")
            )
        elif v["check_id"] in seen:
            first = seen[v["check_id"]].number
            problems.append(
                row.problem(
                    "check_id", f"duplicate check id {v['check_id']!r} (first at row {first})", "one row per check"
                )
            )
        seen.setdefault(v["check_id"], row)
        if v["category"] not in CATEGORIES:
            problems.append(row.problem("category", f"unknown category {v['category']!r}", ", ".join(CATEGORIES)))
        method = methods.get(v["method"])
        if method is None:
            problems.append(row.problem("method", f"unknown method {v['method']!r}", ", ".join(methods)))
            continue
        left = _side(row, "left", method.left, known, problems)
        right = _side(row, "right", method.right, known, problems)
        options = _options(row, method, problems)
        if method.quote:
            if not v["quote"]:
                problems.append(row.problem("quote", "is blank", f"the passage {v['method']} reads, verbatim"))
            else:
                _verbatim(row, "quote", report, problems)
        elif v["quote"]:
            problems.append(row.problem("quote", f"{v['method']} reads no passage", "blank"))
        if method.judged and not v["why"]:
            problems.append(row.problem("why", "is blank", "the reviewer's explanation of the verdict"))
        for column in ("why", "for_readers"):
            _template(row, column, TEMPLATE_FIELDS + method.fields, problems)
        if len(problems) == before:
            out.append(
                CheckRow(
                    row,
                    v["check_id"],
                    v["category"],
                    v["method"],
                    v["subject"],
                    left,
                    right,
                    options,
                    row.values["quote"],
                    v["why"],
                    v["for_readers"],
                )
            )
    if problems:
        raise InputError(problems)
    return out


def _fed_checks(name: str, rows: list[Row], checks: list[CheckRow], methods: Mapping[str, Method]) -> list[Problem]:
    """Rows of ``name`` belong to checks whose method reads that file, and every such check has rows."""
    fed = {c.check_id for c in checks if methods[c.method].rows_from == name}
    problems = [
        r.problem("check_id", f"no check {r.values['check_id']!r} reads {name}.csv", ", ".join(sorted(fed)) or "none")
        for r in rows
        if r.values["check_id"].strip() not in fed
    ]
    named = {r.values["check_id"].strip() for r in rows}
    problems += [
        c.row.problem("check_id", f"{c.check_id!r} has no rows in {name}.csv", f"its rows in {shown(name)}")
        for c in checks
        if c.check_id in fed - named
    ]
    return problems


def verify_name_variants(rows: list[Row], report: Report) -> dict[str, list[NameVariant]]:
    problems: list[Problem] = []
    out: dict[str, list[NameVariant]] = {}
    for row in rows:
        v = {k: s.strip() for k, s in row.values.items()}
        variant = row.values["variant"]
        if v["kind"] not in NAME_KINDS:
            problems.append(row.problem("kind", f"unknown kind {v['kind']!r}", ", ".join(NAME_KINDS)))
        if variant not in report.text:
            problems.append(row.problem("variant", "not found in the report", "the name as the report writes it"))
        if any(n.variant == variant for n in out.get(v["check_id"], [])):
            problems.append(
                row.problem("variant", f"{variant!r} is listed twice for {v['check_id']}", "each form once")
            )
        out.setdefault(v["check_id"], []).append(NameVariant(row, v["check_id"], variant, v["kind"], v["note"]))
    for cid, variants in out.items():
        standard = [n for n in variants if n.kind == "standard"]
        if len(standard) != 1:
            problems.append(
                variants[0].row.problem(
                    "kind", f"{cid} has {len(standard)} standard forms", "exactly one standard form"
                )
            )
    if problems:
        raise InputError(problems)
    return out


def verify_member_claims(rows: list[Row], report: Report) -> dict[str, list[MemberClaim]]:
    problems: list[Problem] = []
    out: dict[str, list[MemberClaim]] = {}
    headings = member_lines(report)
    for row in rows:
        v = {k: s.strip() for k, s in row.values.items()}
        _verbatim(row, "quote", report, problems)
        if row.values["organisation"] not in row.values["quote"]:
            problems.append(
                row.problem("organisation", "is not in the quote", "the organisation as the quote writes it")
            )
        if v["country"] not in headings:
            problems.append(
                row.problem("country", f"{v['country']!r} is not a heading of the members list", ", ".join(headings))
            )
        claim = MemberClaim(row, v["check_id"], row.values["organisation"], v["country"], row.values["quote"])
        out.setdefault(v["check_id"], []).append(claim)
    if problems:
        raise InputError(problems)
    return out


def verify_categories(rows: list[Row]) -> dict[str, str]:
    problems: list[Problem] = []
    out: dict[str, str] = {}
    for row in rows:
        category = row.values["category"].strip()
        if category not in CATEGORIES:
            problems.append(row.problem("category", f"unknown category {category!r}", ", ".join(CATEGORIES)))
        elif category in out:
            problems.append(row.problem("category", f"{category!r} is listed twice", "one reader note per category"))
        else:
            out[category] = row.values["for_readers"].strip()
    problems += [
        Problem(shown("categories"), f"category {category!r} has no row", expected="a reader note for every category")
        for category in CATEGORIES
        if category not in out
    ]
    if problems:
        raise InputError(problems)
    return out


def _concerns(values: dict[str, str]) -> set[str]:
    """ISO3 codes of every country a register row names (country, origin, destination, also_about)."""
    out = set()
    for col in ("country", "origin", "destination", "also_about"):
        for name in ids(values.get(col, "") or ""):
            with contextlib.suppress(UnknownCountry):
                out.add(normalise_country(name).iso3)
    return out


def verify_glance(rows: list[Row], known: Known) -> list[GlancePick]:
    """Each question names existing figures or says what the report lacks; a gap is checked to be true."""
    problems: list[Problem] = []
    picks = []
    seen: set[tuple[str, str]] = set()
    for row in rows:
        pick = _pick(row)
        if not NOTEBOOK_NAME.match(pick.notebook):
            problems.append(row.problem("notebook", f"{pick.notebook!r} is not a notebook name", "e.g. 01_myanmar"))
        if (pick.notebook, pick.question) in seen:
            problems.append(row.problem("question", "asked twice in one notebook", "each question once"))
        seen.add((pick.notebook, pick.question))
        for rid in pick.ids:
            why = known.missing(rid, "figure")
            if why:
                problems.append(row.problem("ids", why, "register ids separated by ';'"))
        for column in ("question", "gap", "note"):
            if re.search(r"\d", row.values[column].replace(str(REPORT_YEAR), "")):  # the report's year aside
                problems.append(row.problem(column, "types a number", "words only: numbers come from the figures"))
        if not pick.ids and not pick.gap:
            problems.append(
                row.problem("ids", "neither figures nor a gap", "the ids that answer the question, or a gap")
            )
        if pick.gap:
            if not pick.gap.startswith("The report gives no"):
                problems.append(row.problem("gap", "does not say what is missing", "'The report gives no ...'"))
            if not pick.absent_theme or not pick.absent_countries:
                problems.append(
                    row.problem(
                        "absent_theme",
                        "a gap must name the theme and countries it is about",
                        "themes and countries separated by ';'",
                    )
                )
            codes = set()
            for name in pick.absent_countries:
                try:
                    codes.add(normalise_country(name).iso3)
                except UnknownCountry as e:
                    problems.append(row.problem("absent_countries", str(e), "a country"))
            if known.figures is not None and codes:
                found = sorted(
                    rid
                    for rid, v in known.figures.items()
                    if v["theme"].strip() in pick.absent_theme
                    and (not pick.absent_indicators or v["indicator"].strip() in pick.absent_indicators)
                    and _concerns(v) & codes
                )
                if found:
                    problems.append(
                        row.problem(
                            "gap", f"the register has {', '.join(found[:5])} on this", "a gap the register confirms"
                        )
                    )
        picks.append(pick)
    if problems:
        raise InputError(problems)
    return picks


def verify_remittance_pairs(rows: list[Row], known: Known, report: Report) -> list[tuple[str, str]]:
    problems: list[Problem] = []
    out = []

    def together(amount: str, share: str) -> bool:
        """The share is stated in the amount's sentence or in the one right after it."""
        a, b = known.figures[amount]["quote"], known.figures[share]["quote"]  # type: ignore[index]
        return a == b or any(0 <= j - (i + len(a)) <= 1 for i in report.find_all(a) for j in report.find_all(b))

    for row in rows:
        pair = (row.values["amount_id"].strip(), row.values["share_id"].strip())
        sound = True
        for column, rid, unit in (("amount_id", pair[0], "USD"), ("share_id", pair[1], "percent")):
            why = known.missing(rid, "figure")
            if why:
                problems.append(row.problem(column, why, f"the id of a figure in {unit}"))
                sound = False
            elif known.figures is not None and known.figures[rid]["unit"].strip() != unit:
                problems.append(
                    row.problem(column, f"{rid!r} is in {known.figures[rid]['unit'].strip()}", f"a figure in {unit}")
                )
                sound = False
        if sound and known.figures is not None and not together(*pair):
            problems.append(
                row.problem(
                    "share_id",
                    f"{pair[1]!r} is not stated with {pair[0]!r}",
                    "the share in the amount's sentence or the next",
                )
            )
        out.append(pair)
    if problems:
        raise InputError(problems)
    return out


#: A list label at the start of a paragraph ("1.", "(2)", "-"), which a repeated paragraph may gain.
LIST_LABEL = re.compile(r"^\s*(?:\d+\.|\(\d+\)|-)\s+")


def paragraphs_opening(report: Report, opening: str) -> list[int]:
    """Line numbers of the paragraphs that open with ``opening`` (a list label aside)."""
    return [n for n, line in enumerate(report.lines, start=1) if LIST_LABEL.sub("", line).startswith(opening)]


def paragraphs_printed_twice(report: Report, min_chars: int = 80) -> list[list[int]]:
    """Line numbers of every paragraph the report prints more than once (a list label aside)."""
    by_text: dict[str, list[int]] = {}
    for n, line in enumerate(report.lines, start=1):
        text = LIST_LABEL.sub("", line).strip()
        if len(text) >= min_chars:
            by_text.setdefault(text, []).append(n)
    return [lines for lines in by_text.values() if len(lines) > 1]


def _repeats_named(report: Report, checks: list[CheckRow], methods: Mapping[str, Method]) -> list[Problem]:
    """Every paragraph printed twice is named by a check that reads its opening."""
    named = {n for c in checks if methods[c.method].quote for n in paragraphs_opening(report, c.quote)}
    problems = []
    for lines in paragraphs_printed_twice(report):
        if not named & set(lines):
            start = report.lines[lines[0] - 1][:60]
            problems.append(
                Problem(
                    shown("fact_checks"),
                    f"the report prints a paragraph at lines {' and '.join(map(str, lines))} ({start!r}...) "
                    "and no check names it",
                    expected="a printed_twice row whose quote opens that paragraph",
                )
            )
    return problems


def read_editorial(
    raw: Path,
    report: Report,
    methods: Mapping[str, Method],
    register: list[Figure] | None = None,
    calendar: list[CalendarEntry] | None = None,
) -> Editorial:
    """Read and verify every editorial file against the report, the register and the calendar (as
    verified, when given); raise InputError listing every problem in every file."""
    known = known_ids(raw, register, calendar)
    problems: list[Problem] = []
    parts: dict[str, object] = {}
    rows: dict[str, list[Row]] = {}

    def step(name: str, verify: Callable[[list[Row]], object]) -> None:
        try:
            rows[name] = read(name, raw)
            parts[name] = verify(rows[name])
        except InputError as e:
            problems.extend(e.problems)

    step("fact_checks", lambda r: verify_fact_checks(r, methods, known, report))
    step("name_variants", lambda r: verify_name_variants(r, report))
    step("member_claims", lambda r: verify_member_claims(r, report))
    step("categories", verify_categories)
    step("glance", lambda r: verify_glance(r, known))
    step("remittance_pairs", lambda r: verify_remittance_pairs(r, known, report))
    if "fact_checks" in parts:
        checks: list[CheckRow] = parts["fact_checks"]  # type: ignore[assignment]
        for name in ("name_variants", "member_claims"):
            if name in rows:
                problems.extend(_fed_checks(name, rows[name], checks, methods))
        problems.extend(_repeats_named(report, checks, methods))
    if problems:
        raise InputError(problems)
    return Editorial(**parts)  # type: ignore[arg-type]
