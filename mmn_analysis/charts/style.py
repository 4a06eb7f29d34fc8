"""The house style: colours, type, and the words around every chart.

A chart has a title that states its finding, a subtitle with the measure, unit and period, value
labels in the report's own words, one colour per country (Okabe & Ito's colour-blind-safe palette),
and a footer of at most three lines: ``Source:`` (the report and the works its footnotes cite, in
short) and ``Note:``. Full citations belong in the notebook's sources table.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable

import matplotlib as mpl

from ..parse.dates import MONTH_NAMES
from ..paths import REPORT_SHORT

#: Okabe & Ito's palette (yellow left out: too pale on white).
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish_green": "#009E73",
    "vermilion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "sky_blue": "#56B4E9",
    "black": "#000000",
}
#: One colour per country in every chart of the collection.
COUNTRY_COLOURS = {
    "Myanmar": OKABE_ITO["vermilion"],
    "Cambodia": OKABE_ITO["blue"],
    "China": OKABE_ITO["reddish_purple"],
    "Lao PDR": OKABE_ITO["orange"],
    "Thailand": OKABE_ITO["bluish_green"],
    "Vietnam": OKABE_ITO["sky_blue"],
}
#: Countries outside the six, and figures about the region or the network as a whole.
OTHER = "#7F7F7F"
REGIONAL = OKABE_ITO["black"]
#: Bars that are not about a country (MMN's own work, counts of things).
NEUTRAL = "#4D6E8A"
PALETTE = [*COUNTRY_COLOURS.values(), OTHER, REGIONAL, NEUTRAL]
GREY = "#6E6E6E"
INK = "#222222"

#: Widths in inches: the desktop rendering and the narrow one for phones (about 400 CSS pixels).
WIDE = 9.0
NARROW = 4.2
#: Characters per line of the footer at the wide width; it scales with the width.
FOOTER_CHARS = 150
MAX_FOOTER_LINES = 3

STYLE = {
    # DejaVu Sans draws every chart; an SVG read on a machine without it (a phone) falls back in this order.
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Verdana", "Helvetica", "Arial", "sans-serif"],
    "font.size": 10,
    "axes.edgecolor": GREY,
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": GREY,
    "ytick.color": INK,
    "figure.dpi": 100,
    "svg.hashsalt": "mmn-annual-report-2017",
    "svg.fonttype": "none",  # text stays text: searchable, selectable, small
    "text.parse_math": False,  # the report writes dollar signs; never read them as maths
}


def colour_of(country: object) -> str:
    """The colour of a country in every chart (other countries grey, blank: the region)."""
    if not isinstance(country, str) or not country:
        return REGIONAL
    return COUNTRY_COLOURS.get(country, OTHER)


def rc():
    """The house style as a matplotlib rc context (the reader's own settings are left alone)."""
    return mpl.rc_context(STYLE)


def clean(text: object) -> str:
    """The report's text as a reader should see it: without the conversion's Markdown escapes."""
    return str(text).replace("\\$", "$").replace("*", "")


def human_date(iso: str) -> str:
    """'2017-12' -> 'December 2017'; '2017-06-23' -> '23 June 2017'; '2017' -> '2017'."""
    parts = [int(p) for p in str(iso).split("-")]
    if len(parts) == 1:
        return str(parts[0])
    text = f"{MONTH_NAMES[parts[1] - 1]} {parts[0]}"
    return f"{parts[2]} {text}" if len(parts) == 3 else text


QUALIFIER_NOTES = {
    "approx": "approximate or hedged in the report's words",
    "at_least": "lower bounds ('more than')",
    "at_most": "upper bounds ('up to', 'nearly')",
    "range": "ranges, drawn from their lower to their upper end",
    "order_of_magnitude": "given in words only, so shown as text, not as a length",
}


def qualifier_note(qualifiers: Iterable[object]) -> str:
    kinds = [QUALIFIER_NOTES[q] for q in dict.fromkeys(qualifiers) if isinstance(q, str) and q in QUALIFIER_NOTES]
    return ("Labels are the report's words; some figures are " + ", ".join(kinds) + ".") if kinds else ""


def _short_work(note) -> str:
    """A cited work in a few words: an acronym the report gives, else the outlet, else the author; and the year."""

    def text(col: str) -> str:
        v = note.get(col)
        return clean(v).strip() if isinstance(v, str) else ""

    author, outlet, title = text("author"), text("outlet"), text("title")
    acronym = re.search(r"\(([A-Z][A-Za-z&-]{1,10})\)\s*$", author)
    who = acronym.group(1) if acronym else outlet or author or textwrap.shorten(title, 40, placeholder="…")
    year = text("date")[:4]
    return who + (f" {year}" if year else "")


def source_line(source_ids: Iterable[object], sources=None, max_works: int = 4) -> str:
    """'Source: MMN Annual Report 2017, citing IOM; Bangkok Post 2017 (notes 1, 41).'

    ``sources`` is the sources table (loaded when not given). An Ibid credits the work it points to.
    Beyond ``max_works`` works the line says how many more; the notebook's sources table lists all.
    """
    ids = [s for s in dict.fromkeys(source_ids) if isinstance(s, str) and s]
    text = f"Source: {REPORT_SHORT}"
    if not ids:
        return text + "."
    if sources is None:
        from ..api import load

        sources = load("sources")
    by_id = sources.set_index("source_id")
    works: dict[str, list[str]] = {}
    for sid in ids:
        if sid not in by_id.index:
            continue
        note = by_id.loc[sid]
        has_own_work = isinstance(note["title"], str) and bool(note["title"])
        work = note if has_own_work else by_id.loc[note["cites_source_id"]]
        works.setdefault(_short_work(work), []).append(str(int(note["number"])))
    names = list(works)
    cited = "; ".join(names[:max_works])
    if len(names) > max_works:
        cited += f" and {len(names) - max_works} more"
    notes = sorted({n for ns in works.values() for n in ns}, key=int)
    label = "note" if len(notes) == 1 else "notes"
    return f"{text}, citing {cited} ({label} {', '.join(notes)})."


def footer_size(width: float) -> float:
    """Points of the footer's text: larger on the narrow chart, which a phone shows at about 400 pixels."""
    return 7.5 if width >= (WIDE + NARROW) / 2 else 8.5


def footer_lines(source: str, note: str, width: float) -> list[str]:
    """The footer wrapped to the chart's width, at most three lines: the source first, then the note.

    A footer that does not fit is cut at a word with an ellipsis; the full text stays in the chart's
    alt text and data file.
    """
    chars = int(FOOTER_CHARS * width / WIDE * 7.5 / footer_size(width))
    lines = textwrap.wrap(source, chars)
    if note:
        lines += textwrap.wrap("Note: " + note, chars)
    if len(lines) > MAX_FOOTER_LINES:
        lines = lines[:MAX_FOOTER_LINES]
        lines[-1] = textwrap.shorten(lines[-1] + " …", chars, placeholder=" …")
    return lines
