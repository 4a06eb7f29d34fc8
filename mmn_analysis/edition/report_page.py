"""The annotated report: the report's own text as one page, every figure highlighted where it stands.

Each figure of the figures table is found inside its quote inside its line (the register proved
the quote verbatim, so the place is exact; a list's length stands at the list's last label) and
wrapped in an element with ``id="<figure id>"``. Hovering it shows its row in a card (value, unit,
qualifier, kind, period, the source its footnote cites), tapping or clicking pins the card, whose
links lead to the figure's row in the explorer and to the charts that draw it. Footnote markers
link to their notes and back. The two quotes of every fact-check are underlined and marked, each
mark linking to the other side.

The text is rendered, never trusted: every character is escaped. A reader is spared three
artefacts of the text conversion only: ``\\$`` reads ``$``, ``*italics*`` are set in italics, and
``<url>`` brackets become links.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from dataclasses import dataclass, field

from ..charts.style import clean
from ..inputs.lists import last_label
from ..inputs.report import CHAPTERS, Report
from .collection import QUALIFIER_WORDS, Collection, period_text
from .glance import KIND_WORDS
from .tables import reader_number

URL_BRACKETED = re.compile(r"<(https?://[^\s<>]+)>")
URL_BARE = re.compile(r"(?<![<\w])https?://[^\s<>]+[^\s<>.,;:)\]]")
#: Chapters the report prints no heading for, as the page's contents name them.
UNHEADED = {"front_matter": "Cover, contents and acronyms", "about": "About MMN", "foreword": "Foreword"}
VERDICT_WORDS = {"consistent": "consistent", "inconsistent": "inconsistent", "cannot_tell": "cannot tell"}


@dataclass
class Element:
    """Markup around the report's characters [start, end): a figure, a footnote marker, a link."""

    start: int
    end: int
    open: str
    close: str
    figure: bool = False
    children: list[Element] = field(default_factory=list)


@dataclass
class Annotations:
    """Everything laid over the report's text, by character offset."""

    elements: list[Element] = field(default_factory=list)
    styles: list[tuple[int, int, str]] = field(default_factory=list)  # leaf classes: em, fc, fc-x
    hidden: set[int] = field(default_factory=set)  # characters a reader is spared (\ of \$, *, < >)
    inserts: dict[int, list[str]] = field(default_factory=dict)  # markup placed before a character
    line_ids: dict[int, str] = field(default_factory=dict)  # line -> id (footnote definitions)

    def insert(self, at: int, markup: str) -> None:
        self.inserts.setdefault(at, []).append(markup)


@dataclass
class ReportPage:
    body: str
    toc: list[tuple[str, str, list[tuple[str, str]]]]  # (id, title, sections)
    anchored: list[str]  # figure ids with a place in the text
    unplaced: list[str]  # figure ids without one
    n_checks: int


# Where things stand --------------------------------------------------------------------------


def figure_span(report: Report, row: dict) -> tuple[int, int] | None:
    """Where a figure stands in the report: inside its quote on its line; a list's length at its last label."""
    line, quote, figure = row.get("line"), str(row.get("quote") or ""), str(row.get("figure") or "")
    if not line or not quote or not figure or not 0 < int(line) <= len(report.lines):
        return None
    at = report.lines[int(line) - 1].find(quote)
    if at < 0:
        return None
    own = report.line_starts[int(line) - 1] + at
    if figure in quote:
        i = quote.find(figure)
        return own + i, own + i + len(figure)
    if row.get("stated_in") == "list":
        span = last_label(report, figure, own + len(quote))
        return span if isinstance(span, tuple) else None
    return None


def quote_place(report: Report, quote: str, near: set[int], taken: set[int]) -> int | None:
    """Where a fact-check's quote stands: on a line of its figures if it can, else its first untaken occurrence."""
    offsets = report.find_all(quote)
    if not offsets:
        return None
    for o in offsets:
        if report.line_of(o) in near:
            return o
    return next((o for o in offsets if o not in taken), offsets[0])


# Markup ----------------------------------------------------------------------------------------


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _value(row: dict) -> str:
    def n(v):
        return reader_number(repr(float(v))) if v is not None else ""

    if row.get("unit") == "date":
        return period_text(row.get("period")) or clean(row.get("figure"))
    if row.get("lower") is not None and row.get("upper") is not None and row.get("lower") != row.get("upper"):
        amount = f"{n(row['lower'])} to {n(row['upper'])}"
    else:
        amount = n(row.get("value"))
    return f"{amount} {row.get('unit') or ''}".strip()


def figure_card(row: dict, c: Collection, checks: list[tuple[dict, str]], anchors: set[str]) -> str:
    """The card of a figure: its row as a reader checks it, and where it leads (phrasing markup only)."""
    fid = str(row["id"])
    kind = KIND_WORDS.get(str(row.get("kind")), str(row.get("kind") or ""))
    if row.get("attributed_to"):
        kind += f", according to {clean(row['attributed_to'])}"
    facts = [
        f"value: {_value(row)}",
        QUALIFIER_WORDS.get(str(row.get("qualifier")), str(row.get("qualifier") or "")),
        kind,
        f"period: {period_text(row.get('period')) or 'not stated'}",
    ]
    parts = [
        f'<span class="card-head"><b>{_e(clean(row.get("figure_display") or row.get("figure")))}</b> · '
        f"{_e(clean(row.get('label')))}</span>",
        f'<span class="card-row">{_e(" · ".join(f for f in facts if f))}</span>',
    ]
    note = c.sources.get(str(row.get("source_id") or ""))
    cited = c.citations.get(str(row.get("cited_source_id") or row.get("source_id") or ""))
    if note and cited:
        key = (str(note.get("chapter")), int(note.get("number") or 0))
        number = f"note {_e(key[1])}"
        if key in c.report.footnotes:
            number = f'<a href="#fn-{_e(key[0])}-{key[1]}">{number}</a>'
        parts.append(f'<span class="card-row">Source ({number}): {_e(cited)}</span>')
    for check, side in checks:
        other = f"check-{check['check_id']}-{'right' if side == 'left' else 'left'}"
        verdict = VERDICT_WORDS.get(str(check.get("verdict")), str(check.get("verdict")))
        link = f' <a href="#{_e(other)}">The other quote</a>' if other in anchors else ""
        parts.append(
            f'<span class="card-row">Fact-check ({_e(verdict)}): {_e(clean(check.get("subject")))}.{link}</span>'
        )
    links = [f'<a href="explorer.html#{_e(fid)}">{_e(fid)} in the explorer</a>']
    links += [f'<a href="charts.html#{_e(ch.name)}">chart: {_e(ch.payload.get("title") or ch.name)}</a>'
              for ch in c.charts_of.get(fid, [])]  # fmt: skip
    parts.append(f'<span class="card-links">{" · ".join(links)}</span>')
    return f'<span class="card" role="note">{"".join(parts)}</span>'


def check_marks(marks: list[tuple[dict, str, bool]]) -> str:
    """One mark where fact-check quotes begin: an anchor per check side, and a card with every check there."""
    order = ("consistent", "cannot_tell", "inconsistent")
    worst = max((str(ch.get("verdict")) for ch, _, _ in marks), key=lambda v: order.index(v) if v in order else 0)
    anchors = "".join(f'<span id="check-{_e(ch["check_id"])}-{side}"></span>' for ch, side, _ in marks)
    rows = []
    for check, side, other_placed in marks:
        verdict = VERDICT_WORDS.get(str(check.get("verdict")), str(check.get("verdict")))
        other = "right" if side == "left" else "left"
        link = f' <a href="#check-{_e(check["check_id"])}-{other}">The other quote</a>' if other_placed else ""
        rows.append(
            f'<span class="card-row"><b>Fact-check ({_e(verdict)}): {_e(clean(check.get("subject")))}.</b> '
            f"{_e(clean(check.get('explanation')))}{link}</span>"
        )
    label = "; ".join(clean(ch.get("subject")) for ch, _, _ in marks)
    count = f' data-n="{len(marks)}"' if len(marks) > 1 else ""
    return (
        f'{anchors}<span class="fc-mark {_e(worst)}"{count} tabindex="0" aria-label="Fact-check: {_e(label)}">'
        f'<span class="card" role="note">{"".join(rows)}</span></span>'
    )


def _reader_markup(report: Report, a: Annotations) -> None:
    """Italics, \\$ and <url> brackets: what the text conversion left, as a reader should see it."""
    for n, line in enumerate(report.lines, start=1):
        base = report.line_starts[n - 1]
        stars = [m.start() for m in re.finditer(r"\*", line)]
        pairs = list(zip(stars[0::2], stars[1::2], strict=False))
        if len(stars) % 2:  # an italic run broken across lines: from its star to the line's end, or back
            last = stars[-1]
            pairs.append((last, len(line)) if last == 0 or line[:last].strip() == "" else (-1, last))
        for s, e in pairs:
            a.styles.append((base + max(s, 0), base + e, "em"))
            a.hidden.update(base + i for i in (s, e) if 0 <= i < len(line))
        for m in re.finditer(r"\\\$", line):
            a.hidden.add(base + m.start())
        for m in URL_BRACKETED.finditer(line):
            a.hidden.update((base + m.start(), base + m.end() - 1))
            a.elements.append(
                Element(base + m.start(1), base + m.end(1), f'<a class="url" href="{_e(m.group(1))}">', "</a>")
            )
        for m in URL_BARE.finditer(line):
            a.elements.append(
                Element(base + m.start(), base + m.end(), f'<a class="url" href="{_e(m.group())}">', "</a>")
            )


def _footnotes(report: Report, a: Annotations) -> None:
    first: set[tuple[str, int]] = set()
    for m in report.markers:
        key = (m.chapter, m.number)
        if key not in report.footnotes:
            continue
        ref = f' id="fnref-{m.chapter}-{m.number}"' if key not in first else ""
        first.add(key)
        a.elements.append(
            Element(
                m.start,
                m.end,
                f'<a class="fn" href="#fn-{m.chapter}-{m.number}"{ref} aria-label="note {m.number}">',
                "</a>",
            )
        )
    for (chapter, number), d in report.footnotes.items():
        a.line_ids[d.line] = f"fn-{chapter}-{number}"
        if (chapter, number) in first:
            end = d.start + len(d.text)
            a.insert(end, f'<a class="fn-back" href="#fnref-{chapter}-{number}" aria-label="back to the text"></a>')


def _nest(elements: list[Element], warnings: list[str], report: Report) -> list[Element]:
    """The elements as a tree; one that crosses another's edge, or a link around a figure, is left out."""
    roots: list[Element] = []
    stack: list[Element] = []
    for el in sorted(elements, key=lambda e: (e.start, -e.end, not e.figure)):
        while stack and stack[-1].end <= el.start:
            stack.pop()
        parent = stack[-1] if stack else None
        if parent is not None and el.end > parent.end:
            warnings.append(f"report.html: markup at line {report.line_of(el.start)} crosses another; left out")
            continue
        if el.figure and parent is not None and not parent.figure and parent.open.startswith("<a"):
            parent.open, parent.close = '<span class="url">', "</span>"  # no link inside a link
        (parent.children if parent else roots).append(el)
        stack.append(el)
    return roots


class _Writer:
    """Writes a range of the text with its elements, styles, hidden characters and inserts."""

    def __init__(self, text: str, a: Annotations):
        self.text = text
        self.a = a
        bounds = {p for s, e, _ in a.styles for p in (s, e)} | set(a.inserts) | a.hidden | {p + 1 for p in a.hidden}
        self.bounds = sorted(bounds)

    def leaf(self, start: int, end: int) -> str:
        if start >= end:
            return ""
        cuts = [start, *self.bounds[bisect_left(self.bounds, start + 1) : bisect_left(self.bounds, end)], end]
        out = []
        for s, e in zip(cuts, cuts[1:], strict=False):
            out.extend(self.a.inserts.get(s, []))
            if s in self.a.hidden:
                continue
            classes = {c for a, b, c in self.a.styles if a <= s < b}
            chunk = _e(self.text[s:e]).replace("\t", '<span class="tab">\t</span>')
            if "fc-x" in classes or "fc" in classes:
                chunk = f'<span class="{"fc-x" if "fc-x" in classes else "fc"}">{chunk}</span>'
            if "em" in classes:
                chunk = f"<em>{chunk}</em>"
            out.append(chunk)
        return "".join(out)

    def range(self, start: int, end: int, children: list[Element]) -> str:
        out, at = [], start
        for child in children:
            out.append(self.leaf(at, child.start))
            out.extend(self.a.inserts.pop(child.start, []))  # a mark where an element opens stands before it
            out.append(child.open + self.range(child.start, child.end, child.children) + child.close)
            at = child.end
        out.append(self.leaf(at, end))
        return "".join(out)


def _headings(report: Report) -> tuple[dict[int, str], set[int]]:
    """Line -> id of each section heading, and the lines that are chapter headings."""
    headed = {name for name, heading in CHAPTERS if heading}
    ids, chapter_lines, seen = {}, set(), set()
    for s in report.sections:
        line = report.line_of(s.start)
        if s.chapter not in seen:
            seen.add(s.chapter)
            if s.chapter in headed:
                chapter_lines.add(line)
        if s.heading_line:
            ids[s.heading_line] = f"{s.chapter}-{re.sub(r'[^a-z0-9]+', '-', s.title.lower()).strip('-')}"
    return ids, chapter_lines


def annotated_report(c: Collection, warnings: list[str]) -> ReportPage:
    """The report's text as HTML, with every figure, footnote and fact-check in place."""
    report = c.report
    a = Annotations()
    _reader_markup(report, a)
    _footnotes(report, a)

    placed: dict[str, tuple[int, int]] = {}
    unplaced = []
    for row in c.figures:
        span = figure_span(report, row)
        if span is None:
            unplaced.append(str(row["id"]))
        else:
            placed[str(row["id"])] = span

    checks_of: dict[str, list[tuple[dict, str]]] = {}
    taken: set[int] = set()
    marks: dict[int, list[tuple[dict, str, bool]]] = {}
    n_checks = 0
    for check in c.fact_checks:
        sides = {}
        for side in ("left", "right"):
            ids = str(check.get(f"{side}_ids") or "").split()
            for fid in ids:
                checks_of.setdefault(fid, []).append((check, side))
            near = {report.line_of(placed[i][0]) for i in ids if i in placed}
            spans = []
            for q in str(check.get(f"{side}_quote") or "").split("\n"):
                at = quote_place(report, q, near, taken) if q else None
                if at is not None:
                    taken.add(at)
                    spans.append((at, at + len(q)))
            sides[side] = spans
        n_checks += bool(sides["left"] or sides["right"])
        style = "fc-x" if check.get("verdict") == "inconsistent" else "fc"
        for side, spans in sides.items():
            other = "right" if side == "left" else "left"
            for s, e in spans:
                a.styles.append((s, e, style))
            if spans:
                marks.setdefault(spans[0][0], []).append((check, side, bool(sides[other])))
    for at, here in sorted(marks.items()):
        a.insert(at, check_marks(here))
    anchors = {f"check-{ch['check_id']}-{side}" for here in marks.values() for ch, side, _ in here}

    by_span: dict[tuple[int, int], list[str]] = {}
    for fid, span in placed.items():
        by_span.setdefault(span, []).append(fid)
    for (s, e), ids in by_span.items():
        first, *more = ids
        extra = "".join(f'<span id="{_e(i)}"></span>' for i in more)  # two rows, one place: one anchor each
        cards = "".join(figure_card(c.by_id[i], c, checks_of.get(i, []), anchors) for i in ids)
        disputed = any(ch.get("verdict") == "inconsistent" for i in ids for ch, _ in checks_of.get(i, []))
        a.elements.append(
            Element(
                s,
                e,
                f'{extra}<span class="fig{" disputed" if disputed else ""}" id="{_e(first)}" tabindex="0">',
                f"{cards}</span>",
                figure=True,
            )
        )

    writer = _Writer(report.text, a)
    roots = _nest(a.elements, warnings, report)
    heading_ids, chapter_lines = _headings(report)
    out: list[str] = []
    toc: list[tuple[str, str, list[tuple[str, str]]]] = []
    open_chapter = open_section = False
    current_chapter = None
    ri = 0
    for n, line in enumerate(report.lines, start=1):
        start, end = report.line_starts[n - 1], report.line_starts[n - 1] + len(line)
        section = report.section_at(start)
        if section.chapter != current_chapter:
            if open_section:
                out.append("</section>")
                open_section = False
            if open_chapter:
                out.append("</section>")
            current_chapter = section.chapter
            label = UNHEADED.get(section.chapter) or dict(CHAPTERS).get(section.chapter) or section.chapter
            out.append(f'<section class="chapter" id="ch-{section.chapter}">')
            open_chapter = True
            toc.append((f"ch-{section.chapter}", label, []))
        if n in heading_ids:
            if open_section:
                out.append("</section>")
            out.append(f'<section class="part" id="{heading_ids[n]}">')
            open_section = True
            toc[-1][2].append((heading_ids[n], clean(section.title)))
        while ri < len(roots) and roots[ri].end <= start:
            ri += 1
        kids = []
        j = ri
        while j < len(roots) and roots[j].start < end:
            kids.append(roots[j])
            j += 1
        tail = "".join(a.inserts.get(end, []))
        if not line.strip() and not tail:
            continue
        content = writer.range(start, end, kids) + tail
        note = a.line_ids.get(n)
        if note:  # a footnote is reached by its note id; its line id stays, for links to the line
            content = f'<span id="L{n}"></span>{content}'
        attrs = f' id="{note or f"L{n}"}"'
        if n in chapter_lines:
            out.append(f"<h2{attrs}>{content}</h2>")
        elif n in heading_ids:
            out.append(f"<h3{attrs}>{content}</h3>")
        else:
            classes = [k for k, on in (("note", bool(note)), ("tabbed", "\t" in line)) if on]
            cls = f' class="{" ".join(classes)}"' if classes else ""
            out.append(f"<p{attrs}{cls}>{content}</p>")
    if open_section:
        out.append("</section>")
    if open_chapter:
        out.append("</section>")
    return ReportPage("\n".join(out), toc, sorted(placed), unplaced, n_checks)
