"""The charts as the site offers them: each with its files, its data and how to cite it.

The notebooks' outputs say what was drawn (name, title, data, PNG, SVG wide and narrow); the files
a reader downloads are those ``python -m mmn_analysis charts`` writes to ``figures/``, produced by
the same function from the same outputs, so the site never depends on ``figures/`` being current
and never redraws a chart. When ``figures/`` differs, the build says so.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from ..charts.chart import SHOWN_WIDTH
from ..charts.export import MANIFEST, DrawnChart, render
from .citation import cite_chart, last_changed
from .collection import period_text
from .links import REPORT_PAGE

SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"')
#: Viewports up to this width get the narrow SVG (laid out for about 400 CSS pixels).
NARROW_MEDIA = "(max-width: 40rem)"


def _svg_px(svg: str) -> tuple[int, int]:
    """An SVG's size in CSS pixels (matplotlib writes points: 1 pt = 4/3 px)."""
    m = SVG_SIZE.search(svg)
    return (round(float(m.group(1)) * 4 / 3), round(float(m.group(2)) * 4 / 3)) if m else (0, 0)


@dataclass
class ChartEntry:
    """One chart with the site paths of its files."""

    name: str
    notebook: str  # file name, e.g. 01_myanmar.ipynb
    title: str
    subtitle: str
    alt: str
    ids: list[str]
    rows: list[dict]
    countries: list[str]
    size: tuple[int, int]  # the wide PNG as shown (CSS pixels)
    narrow_size: tuple[int, int]
    cite: str

    @property
    def stem(self) -> str:
        return self.notebook.removesuffix(".ipynb")

    @property
    def page(self) -> str:
        return f"{self.stem}.html"

    def path(self, suffix: str) -> str:
        return f"charts/{self.name}{suffix}"

    @property
    def png(self) -> str:
        return self.path(".png")

    def picture(self, lazy: bool = False) -> str:
        """The chart for any screen: the narrow SVG on a phone, the wide PNG elsewhere."""
        w, h = self.narrow_size
        img = f'<img src="{self.png}" alt="{html.escape(self.alt)}" width="{self.size[0]}" height="{self.size[1]}"' + (
            ' loading="lazy">' if lazy else ">"
        )
        return (
            f'<picture><source media="{NARROW_MEDIA}" srcset="{self.path(".narrow.svg")}" type="image/svg+xml" '
            f'width="{w}" height="{h}">{img}</picture>'
        )

    def files_line(self) -> str:
        return (
            f'<span class="files"><a href="{self.path(".csv")}" download>Data (CSV)</a> · '
            f'<a href="{self.png}" download>PNG</a> · <a href="{self.path(".svg")}" download>SVG</a> · '
            f'<a href="{self.path(".narrow.svg")}" download>SVG for phones</a></span>'
        )


def chart_data_table(entry: ChartEntry) -> str:
    """The rows a chart draws, each linked to its place in the annotated report."""
    rows = []
    for r in entry.rows:
        fid = html.escape(str(r.get("id") or ""))
        ref = f'<a href="{REPORT_PAGE}#{fid}">{fid}</a>' if fid else ""
        shown = r.get("figure_display") or r.get("figure") or ""
        cells = [str(shown).replace("\\$", "$"), str(r.get("label") or ""), period_text(r.get("period"))]
        rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + f"<td>{ref}</td></tr>")
    head = "".join(f'<th scope="col">{h}</th>' for h in ("As printed", "What it counts", "Period", "In the report"))
    return f'<div class="table-wrap"><table class="data"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def chart_entries(
    charts: list[DrawnChart],
    sources: list[dict],
    notebooks_dir: Path,
    figures_dir: Path,
    files: dict[str, bytes],
    warnings: list[str],
) -> dict[str, ChartEntry]:
    """Every chart the notebooks drew, by name; its files (as in figures/) are added to ``files``."""
    rendered = render(charts, sources)
    stale = sorted(
        n for n, data in rendered.items() if not (figures_dir / n).is_file() or (figures_dir / n).read_bytes() != data
    )
    if stale:
        warnings.append(
            f"figures/ differs from the charts the notebooks drew ({len(stale)} files, e.g. {stale[0]}): "
            "the site uses the notebooks' charts; run `python -m mmn_analysis charts` to refresh figures/"
        )
    for name, data in rendered.items():
        files[f"charts/{name}"] = data
    dates = {nb: last_changed(notebooks_dir / nb) for nb in {c.notebook for c in charts}}
    entries = {}
    for c in charts:
        p = c.payload
        with Image.open(io.BytesIO(c.png)) as im:
            width, height = im.size
        entries[c.name] = ChartEntry(
            name=c.name,
            notebook=c.notebook,
            title=str(p.get("title") or c.name),
            subtitle=str(p.get("subtitle") or ""),
            alt=" ".join(str(p.get("alt") or "").split()),
            ids=[str(i) for i in p.get("ids") or []],
            rows=list(p.get("rows") or []),
            countries=[str(k) for k in p.get("colours") or {}],
            size=(SHOWN_WIDTH, round(height * SHOWN_WIDTH / width)),
            narrow_size=_svg_px(str(p.get("svg_narrow") or "")),
            cite=cite_chart(str(p.get("title") or c.name), c.name, dates[c.notebook]),
        )
    return entries


def manifest_path() -> str:
    return f"charts/{MANIFEST}"
