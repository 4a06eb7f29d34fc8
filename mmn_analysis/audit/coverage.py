"""Coverage audit: find every numeric mention in the report and say what accounts for it.

A mention is a number in digits ("34,000", "1990s", "31st") or in words ("ten", "a third",
"tens of thousands"). It is *accounted* for by a register row whose figure covers it (or whose
period it dates), or by a reference table (a footnote's date or page, a calendar entry's days, a
member's name). It is *excluded* by a rule that says why it is not a figure (a URL, a heading, a
list label, an identifier such as "Article 49"). Anything else is *unaccounted*: a gap in the
register. Rules are patterns, never lists of particular mentions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..inputs.report import Report
from ..outputs.tidy import Inputs, source_id
from ..parse.dates import MONTH_PATTERN, parse_iso_period

_CARDINALS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    "hundred|dozen|zero"
)
_SCALE = r"(?:[\s-]+(?:million|billion|thousand|hundred))?"
MENTION = re.compile(
    r"(?<![\w\\])(?:"
    r"(?:tens|hundreds) of thousands|several (?:thousand|hundred)|thousands|hundreds|dozens|"
    r"(?:a|one|two) thirds?|half|a couple|"
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:st|nd|rd|th|s)?{_SCALE}|"
    rf"(?:{_CARDINALS}){_SCALE}"
    r")(?![\w])",
    re.IGNORECASE,
)

#: Exclusion rules, each a reason a mention is not a figure. Applied to the mention in its line.
IDENTIFIER_BEFORE = re.compile(r"(?:\bno\.|\barticle|\bsection|\bsub-decree|\bbrief|\bpanel)\s*$", re.IGNORECASE)
URL = re.compile(r"<[^>\s]+>|https?://\S+|www\.\S+")
LIST_LABEL = re.compile(r"\(\d{1,2}\)|^\d{1,2}\.\s")
PAGE_REF = re.compile(r"\bp\.\s?\d+")
TOC_PAGE = re.compile(r"\t\d+$")
CONTACT = re.compile(r"Phone|Tel:|Fax|P\.O\. Box|\bRoad\b")
#: A date inside a footnote is citation metadata: when a note cites several works, footnotes.csv
#: keeps the first work's date and this rule covers the others.
CITATION_DATE = re.compile(rf"(?:\d{{1,2}}\s+)?{MONTH_PATTERN}\s+(?:\d{{1,2}},?\s+)?(?:19|20)\d\d|(?:19|20)\d\d")
IDIOM = re.compile(r"\bzero tolerance\b", re.IGNORECASE)
PRONOUN_ONE = re.compile(r"(?:\bone\s+(?:of|another)\b)|(?:\b(?:the|no|any|every)\s+one\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    chapter: str
    section: str
    line: int
    column: int  # 1-based
    start: int  # offset in the report
    end: int
    text: str
    context: str
    status: str  # accounted, excluded, unaccounted
    accounted_by: str
    rule: str


def _covered_spans(report: Report, inputs: Inputs) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for f in inputs.figures:
        rid = f.row.values["id"].strip()
        for a, b in f.figure_spans:
            spans.append((a, b, rid))
    for fn in inputs.footnotes:
        start = report.footnotes[(fn.chapter, fn.number)].start
        # A footnote's date and page belong to the sources table; numbers in its title need register rows.
        for col in ("date_text", "locator"):
            val = fn.row.values[col]
            if not val:
                continue
            i = fn.text.find(val)
            if i != -1:
                spans.append((start + i, start + i + len(val), f"sources:{source_id(fn.chapter, fn.number)}"))
    for e in inputs.calendar:  # a calendar entry is one row of the activities table, text and all
        lstart, lend = report.line_span(e.line)
        spans.append((lstart, lend, f"activities:{e.row.values['start']}"))
    for m in inputs.members:
        lstart, _ = report.line_span(m.line)
        org = m.row.values["organisation"]
        i = m.line_text.find(org)
        spans.append((lstart + i, lstart + i + len(org), "members"))
    return spans


def _period_years(report: Report, inputs: Inputs) -> list[tuple[int, int, int, int, str]]:
    """(quote start, quote end, first year, last year, id) for every row with a period."""
    out = []
    for f in inputs.figures:
        period = f.row.values["period"].strip()
        if not period:
            continue
        start, end = parse_iso_period(period)
        quote = f.row.values["quote"]
        for off in f.offsets:
            out.append((off, off + len(quote), start.year, (end or start).year, f.row.values["id"].strip()))
    return out


def _inside(pattern: re.Pattern[str], line_text: str, col: int) -> bool:
    return any(m.start() <= col < m.end() for m in pattern.finditer(line_text))


def _part_of_name(line_text: str, col: int, text: str) -> bool:
    """A capitalised number word inside a proper name: "Asia One", "Eleven Broadcasting"."""
    if not (text[0].isupper() and text.isalpha()):
        return False
    prev = re.search(r"(\S+)\s+$", line_text[:col])
    nxt = re.match(r"\s+(\S+)", line_text[col + len(text) :])
    prev_word = prev.group(1).strip("*“”\"'(") if prev else ""
    next_word = nxt.group(1).strip("*“”\"'(") if nxt else ""
    at_sentence_start = not prev_word or prev_word[-1] in ".!?:"
    return next_word[:1].isupper() or (not at_sentence_start and prev_word[:1].isupper())


#: The exclusion rules, in the order they are tried: (name, test of a mention in its line).
RULES = [
    ("heading", lambda r, lt, col, text, line: line in r.heading_lines),
    ("url", lambda r, lt, col, text, line: _inside(URL, lt, col)),
    ("identifier", lambda r, lt, col, text, line: bool(IDENTIFIER_BEFORE.search(lt[:col]))),
    ("list_label", lambda r, lt, col, text, line: _inside(LIST_LABEL, lt, col)),
    ("page_reference", lambda r, lt, col, text, line: _inside(PAGE_REF, lt, col)),
    ("table_of_contents_page", lambda r, lt, col, text, line: bool(TOC_PAGE.search(lt)) and lt.endswith(text)),
    ("contact_details", lambda r, lt, col, text, line: bool(CONTACT.search(lt))),
    (
        "citation_date",
        lambda r, lt, col, text, line: (
            line in {fn.line for fn in r.footnotes.values()} and _inside(CITATION_DATE, lt, col)
        ),
    ),
    ("idiom", lambda r, lt, col, text, line: _inside(IDIOM, lt, col)),
    ("pronoun", lambda r, lt, col, text, line: _inside(PRONOUN_ONE, lt, col)),
    ("name", lambda r, lt, col, text, line: _part_of_name(lt, col, text)),
]


def _exclusion(report: Report, line_text: str, col: int, text: str, line: int) -> str:
    """The first rule that says why a mention is not a figure, or ''."""
    return next((name for name, applies in RULES if applies(report, line_text, col, text, line)), "")


def audit(report: Report, inputs: Inputs, chapters: list[str] | None = None) -> list[Mention]:
    """Every numeric mention in the given chapters (all by default), with what accounts for it."""
    spans = _covered_spans(report, inputs)
    by_line: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for a, b, who in spans:
        by_line[report.line_of(a)].append((a, b, who))
    years = _period_years(report, inputs)
    out: list[Mention] = []
    for sec in report.sections:
        if chapters and sec.chapter not in chapters:
            continue
        first, last = report.line_of(sec.start), report.line_of(max(sec.start, sec.end - 1))
        for line in range(first, last + 1):
            line_text = report.lines[line - 1]
            lstart = report.line_starts[line - 1]
            for m in MENTION.finditer(line_text):
                a, b = lstart + m.start(), lstart + m.end()
                who = sorted({w for (x, y, w) in by_line.get(line, []) if x < b and a < y})
                status, rule = "accounted", ""
                if not who and re.fullmatch(r"(?:19|20)\d\d", m.group()):
                    yr = int(m.group())
                    who = sorted({rid for (qa, qb, y0, y1, rid) in years if qa <= a and b <= qb and y0 <= yr <= y1})
                if not who:
                    rule = _exclusion(report, line_text, m.start(), m.group(), line)
                    status = "excluded" if rule else "unaccounted"
                ctx = line_text[max(0, m.start() - 40) : m.end() + 40]
                out.append(
                    Mention(
                        sec.chapter, sec.title, line, m.start() + 1, a, b, m.group(), ctx, status, " ".join(who), rule
                    )
                )
    return out


def coverage_records(mentions: list[Mention]) -> list[dict[str, object]]:
    return [
        {
            "chapter": m.chapter,
            "section": m.section,
            "line": m.line,
            "column": m.column,
            "mention": m.text,
            "status": m.status,
            "accounted_by": m.accounted_by,
            "rule": m.rule,
            "context": m.context,
        }
        for m in mentions
    ]


def summary(mentions: list[Mention]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for m in mentions:
        d = out.setdefault(m.chapter, {"accounted": 0, "excluded": 0, "unaccounted": 0})
        d[m.status] += 1
    return out
