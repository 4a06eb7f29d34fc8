"""The figure explorer: every figure of the report on one page, to search and filter in the browser.

Each row is in the page's HTML (so the page reads without a script, and ``explorer.html#<id>``
always lands); ``assets/site.js`` narrows the list as the reader types or picks a country, theme,
kind or unit. Nothing is fetched, so the page works from ``file://`` as well as over HTTP.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from markupsafe import Markup

from ..charts.style import clean
from .collection import Collection, country_names, period_text
from .glance import KIND_WORDS

FACETS = ("country", "theme", "kind", "unit")


@dataclass
class ExplorerRow:
    id: str
    shown: str  # the figure as printed
    label: str
    countries: list[str]
    theme: str
    unit: str
    kind: str
    attributed_to: str
    period: str
    quote: Markup  # escaped, with the figure marked
    charts: list[tuple[str, str]]  # (name, title)
    in_report: bool

    def facet(self, name: str) -> str:
        """The row's values for a filter, ';'-separated (a figure may be about several countries)."""
        return ";".join(self.countries) if name == "country" else str(getattr(self, name))


def _quote(quote: str, figure: str) -> Markup:
    i = quote.find(figure) if figure else -1
    if i < 0:
        return Markup(html.escape(clean(quote)))
    before, mid, after = quote[:i], quote[i : i + len(figure)], quote[i + len(figure) :]
    return Markup(f"{html.escape(clean(before))}<mark>{html.escape(clean(mid))}</mark>{html.escape(clean(after))}")


def explorer_rows(c: Collection, placed: set[str]) -> list[ExplorerRow]:
    """One row per figure, in the report's order (the figures table's)."""
    rows = []
    for f in c.figures:
        fid = str(f["id"])
        rows.append(
            ExplorerRow(
                id=fid,
                shown=clean(f.get("figure_display") or f.get("figure") or ""),
                label=clean(f.get("label") or ""),
                countries=country_names(f.get("countries")),
                theme=str(f.get("theme") or "").replace("_", " "),
                unit=str(f.get("unit") or ""),
                kind=KIND_WORDS.get(str(f.get("kind")), str(f.get("kind") or "")),
                attributed_to=clean(f.get("attributed_to") or ""),
                period=period_text(f.get("period")),
                quote=_quote(str(f.get("quote") or ""), str(f.get("figure") or "")),
                charts=[(ch.name, str(ch.payload.get("title") or ch.name)) for ch in c.charts_of.get(fid, [])],
                in_report=fid in placed,
            )
        )
    return rows


def facets(rows: list[ExplorerRow]) -> dict[str, list[str]]:
    """The values each filter offers, sorted."""
    out: dict[str, set[str]] = {name: set() for name in FACETS}
    for r in rows:
        for name in FACETS:
            out[name].update(v for v in r.facet(name).split(";") if v)
    return {name: sorted(values, key=str.casefold) for name, values in out.items()}
