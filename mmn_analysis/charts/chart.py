"""A chart of the collection: its identity, its data, and its renderings.

A :class:`Chart` knows what it draws (the figure ids, their units, the rows), what it says (title,
subtitle, source, note, alt text) and how to draw itself at any width. A notebook displays it once:
the output carries a PNG for every Jupyter front end and, under :data:`MIMETYPE`, the chart's
identity, its SVG renderings (wide and narrow) and its rows. ``python -m mmn_analysis charts`` and the
reader's edition read those outputs; nothing draws a chart a second time.
"""

from __future__ import annotations

import base64
import io
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from matplotlib.figure import Figure

from .style import NARROW, WIDE, clean, rc

#: The output mimetype that carries a chart's identity and data in a notebook.
MIMETYPE = "application/vnd.mmn.chart+json"
#: Pixels per inch of the PNG a notebook shows (the wide chart: 9 in -> 1,350 pixels, shown at 900).
PNG_DPI = 150
SHOWN_WIDTH = 900
#: Columns of a chart's data file, in this order, where the rows have them.
DATA_COLUMNS = [
    "id",
    "country",
    "origin",
    "destination",
    "label",
    "figure",
    "figure_display",
    "value",
    "lower",
    "upper",
    "unit",
    "qualifier",
    "kind",
    "period",
    "source_id",
    "cited_source_id",
    "quote",
    "derived",
]


def _plain(value: object) -> object:
    """A cell as JSON: blanks for missing values, plain Python numbers."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


@dataclass
class Chart:
    """One chart: what it draws, what it says, and how to draw it at a given width (inches)."""

    name: str
    kind: str  # bars, timeline, columns
    title: str
    subtitle: str
    rows: pd.DataFrame
    source: str
    note: str
    draw: Callable[[float], Figure] = field(repr=False)
    colours: dict[str, str] = field(default_factory=dict)  # country -> colour, for the countries drawn
    values: list[tuple[str, str]] = field(default_factory=list)  # (label, value as written), as drawn

    @property
    def ids(self) -> list[str]:
        if "id" not in self.rows:
            return []
        return [str(i) for i in dict.fromkeys(self.rows["id"].dropna()) if str(i)]

    @property
    def units(self) -> list[str]:
        if "unit" not in self.rows:
            return []
        return [str(u) for u in dict.fromkeys(self.rows["unit"].dropna())]

    @property
    def alt(self) -> str:
        """Title, subtitle, every value in the report's words, then the source and the note."""
        values = "; ".join(f"{clean(a)}: {clean(b)}" for a, b in self.values)
        text = f"Chart: {self.title}. {self.subtitle}."
        if values:
            text += f" Values: {values}."
        text += f" {self.source}"
        if self.note:
            text += f" Note: {self.note}"
        return text

    # Renderings -----------------------------------------------------------------------------

    def figure(self, width: float = WIDE) -> Figure:
        with rc():
            return self.draw(width)

    def png(self, width: float = WIDE, dpi: int = PNG_DPI) -> bytes:
        buf = io.BytesIO()
        with rc():
            self.draw(width).savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
        return buf.getvalue()

    def svg(self, width: float = WIDE) -> str:
        buf = io.StringIO()
        with rc():
            self.draw(width).savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
        return buf.getvalue()

    def data(self) -> list[dict[str, object]]:
        """The rows behind the chart, as readers download and cite them."""
        cols = [c for c in DATA_COLUMNS if c in self.rows.columns]
        return [{c: _plain(r[c]) for c in cols} for _, r in self.rows.iterrows()]

    def identity(self) -> dict[str, object]:
        return {
            "name": self.name,
            "kind": self.kind,
            "title": self.title,
            "subtitle": self.subtitle,
            "units": self.units,
            "ids": self.ids,
            "colours": self.colours,
            "source": self.source,
            "note": self.note,
            "alt": self.alt,
        }

    def _repr_mimebundle_(self, include=None, exclude=None):
        identity = self.identity()
        payload = dict(identity, svg=self.svg(WIDE), svg_narrow=self.svg(NARROW), rows=self.data())
        data = {
            "image/png": base64.b64encode(self.png()).decode("ascii"),
            "text/plain": self.alt,
            MIMETYPE: json.loads(json.dumps(payload)),
        }
        return data, {"image/png": {"alt": self.alt, "width": SHOWN_WIDTH}}
