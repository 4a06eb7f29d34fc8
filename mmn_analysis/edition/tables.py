"""Tables for readers: a notebook's pandas HTML output, parsed and written again as a reader needs it.

pandas shows data as a program sees it: ``<NA>`` for a blank, ``3.300000e+09`` for a number,
``US\\$124`` as the text conversion left it, URLs as text, long cells cut to 50 characters, a
column of row numbers. The site parses each table (text only: no markup of the output survives)
and writes it again with blanks, numbers with thousands separators (years as years), ``$``,
clickable URLs, cells cut by pandas restored from the tables they came from where exactly one
value fits, and no row-number column.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser

MISSING = {"<NA>", "NaN", "nan", "None", "NaT", "<NaT>"}
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)\]]")
#: pandas' default display.max_colwidth: longer cells are cut to 47 characters and "...".
CUT_WIDTH = 50
KEY = 40  # characters of a cut cell that find its candidates


@dataclass
class Cell:
    tag: str  # th or td
    text: str = ""
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Table:
    head: list[list[Cell]] = field(default_factory=list)
    body: list[list[Cell]] = field(default_factory=list)


class _Parser(HTMLParser):
    """The tables of a pandas HTML output, and whether anything else (besides its shape line) was there."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.other = False
        self._part: list[list[Cell]] | None = None
        self._cell: Cell | None = None
        self._skip = 0  # inside <style> or <script>

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("style", "script"):
            self._skip += 1
        elif tag == "table":
            self.tables.append(Table())
        elif tag in ("thead", "tbody") and self.tables:
            self._part = self.tables[-1].head if tag == "thead" else self.tables[-1].body
        elif tag == "tr" and self._part is not None:
            self._part.append([])
        elif tag in ("th", "td") and self._part:
            span = {k: int(v) if (v or "").isdigit() else 1 for k, v in a.items() if k in ("colspan", "rowspan")}
            self._cell = Cell(tag, **span)
            self._part[-1].append(self._cell)
        elif tag not in ("div", "p", "br"):
            self.other = True

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1
        elif tag in ("th", "td"):
            self._cell = None
        elif tag in ("thead", "tbody"):
            self._part = None

    def handle_data(self, data):
        if self._skip:
            return
        if self._cell is not None:
            self._cell.text += data
        elif data.strip() and not re.fullmatch(r"\s*\d[\d,]* rows × \d[\d,]* columns\s*", data):
            self.other = True


def parse(fragment: str) -> list[Table] | None:
    """The tables of a pandas output; None when the fragment holds more than tables."""
    p = _Parser()
    p.feed(fragment)
    p.close()
    return p.tables if p.tables and not p.other else None


class Restorer:
    """Full values for cells pandas cut to 50 characters, from every text cell of the processed tables."""

    def __init__(self, values: list[str]):
        self._by_start: dict[str, set[str]] = {}
        for v in values:
            if len(v) > CUT_WIDTH:
                self._by_start.setdefault(v[:KEY], set()).add(v)

    def full(self, text: str) -> str:
        """The one value a cut cell can stand for (pandas keeps 47 characters, less trailing space, and '...')."""
        if text.endswith("...") and KEY + 3 <= len(text) <= CUT_WIDTH:
            start = text[:-3]
            found = {v for v in self._by_start.get(text[:KEY], set()) if v.startswith(start)}
            if len(found) == 1:
                return found.pop()
        return text


def reader_number(text: str) -> str | None:
    """'3.300000e+09' -> '3,300,000,000'; '4.900000' -> '4.9'; '2017' stays a year; None if not a number."""
    if not NUMBER.fullmatch(text):
        return None
    try:
        d = Decimal(text)
    except InvalidOperation:
        return None
    if d == d.to_integral_value():
        n = int(d)
        return str(n) if 1900 <= n <= 2100 else f"{n:,}"
    digits = format(d, "f").rstrip("0")
    whole, _, frac = digits.partition(".")
    return f"{int(whole):,}.{frac}" if whole not in ("", "-", "-0") else digits


def cell_html(text: str, figure_ids: set[str] = frozenset()) -> str:
    """Escaped text with its URLs as links (the whole URL shown, free to wrap); a figure id links to its
    place in the annotated report."""
    if text in figure_ids:
        return f'<a href="report.html#{html.escape(text)}">{html.escape(text)}</a>'
    out, at = [], 0
    for m in URL.finditer(text):
        out.append(html.escape(text[at : m.start()]))
        url = html.escape(m.group())
        out.append(f'<a class="url" href="{url}">{url}</a>')
        at = m.end()
    out.append(html.escape(text[at:]))
    return "".join(out)


def _is_row_numbers(t: Table) -> bool:
    """pandas' default index: an empty first header cell and body rows headed 0, 1, 2 ..."""
    if not t.head or not t.body or any(not row or row[0].tag != "th" for row in t.body):
        return False
    if len(t.head) != 1 or t.head[0][0].text.strip():
        return False
    return [row[0].text.strip() for row in t.body] == [str(i) for i in range(len(t.body))]


def _display(text: str, restorer: Restorer) -> str:
    text = text.strip()
    if text in MISSING:
        return ""
    return restorer.full(text).replace("\\$", "$")


def render(t: Table, restorer: Restorer, figure_ids: set[str]) -> str:
    """A parsed table as reader's HTML. A table with one header row stacks its rows on a phone, each cell
    labelled with its column."""
    if _is_row_numbers(t):
        t = Table([row[1:] for row in t.head], [row[1:] for row in t.body])
    body = [[(c, _display(c.text, restorer)) for c in row] for row in t.body]
    numeric: dict[int, bool] = {}
    links: set[int] = set()
    for row in body:
        for i, (c, text) in enumerate(row):
            if c.tag == "td" and text:
                numeric[i] = numeric.get(i, True) and reader_number(text) is not None
                if URL.search(text):
                    links.add(i)
    simple = len(t.head) == 1 and all(c.colspan == 1 for c in t.head[0])
    labels = [_display(c.text, restorer) for c in t.head[0]] if simple else []

    def cell(c: Cell, text: str, i: int | None = None) -> str:
        attrs = "".join(f' {k}="{v}"' for k, v in (("colspan", c.colspan), ("rowspan", c.rowspan)) if v > 1)
        classes = []
        if i is not None and numeric.get(i):
            classes.append("num")
            text = reader_number(text) or text
        if i in links:
            classes.append("links")
        if classes:
            attrs += f' class="{" ".join(classes)}"'
        if i is not None and i < len(labels) and labels[i]:
            attrs += f' data-label="{html.escape(labels[i])}"'
        if c.tag == "th" and i is None:
            attrs += ' scope="col"'
        shown = cell_html(text, figure_ids)
        if c.tag == "th":
            shown = shown.replace("_", "_<wbr>")  # a column name such as date_text may break after its underscore
        return f"<{c.tag}{attrs}>{shown}</{c.tag}>"

    head = "".join("<tr>" + "".join(cell(c, _display(c.text, restorer)) for c in row) + "</tr>" for row in t.head)
    rows = "".join("<tr>" + "".join(cell(c, text, i) for i, (c, text) in enumerate(row)) + "</tr>" for row in body)
    kind = "data stack" if labels else "data"
    return f'<table class="{kind}"><thead>{head}</thead><tbody>{rows}</tbody></table>'


def reader_tables(fragment: str, restorer: Restorer, figure_ids: set[str]) -> str | None:
    """The tables of a pandas output written for readers; None when the output is not only tables."""
    tables = parse(fragment)
    if tables is None:
        return None
    return "".join(render(t, restorer, figure_ids) for t in tables)
