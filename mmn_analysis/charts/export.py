"""Export the charts the notebooks drew: ``figures/`` is read off the executed notebooks, never redrawn.

For every chart output of every notebook (see :data:`~mmn_analysis.charts.chart.MIMETYPE`) it writes

    figures/<name>.png         the PNG the notebook shows
    figures/<name>.svg         the same chart as SVG (text stays text)
    figures/<name>.narrow.svg  the chart laid out for a phone's width
    figures/<name>.csv         the data behind it: id, the figure as printed, value, unit, period, quote, source
    figures/charts.csv         the manifest: one row per chart, with its notebook, kind, title, units and ids

Only files whose bytes change are written; files of charts no notebook draws any more are removed.
"""

from __future__ import annotations

import base64
import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from ..paths import ROOT
from .chart import DATA_COLUMNS, MIMETYPE

FIGURES_DIR = ROOT / "figures"
NOTEBOOKS_DIR = ROOT / "notebooks"
MANIFEST = "charts.csv"
MANIFEST_COLUMNS = ["name", "notebook", "kind", "title", "subtitle", "units", "ids", "countries", "source", "note"]
SUFFIXES = (".png", ".svg", ".narrow.svg", ".csv")


@dataclass(frozen=True)
class DrawnChart:
    """One chart as a notebook stored it."""

    notebook: str  # file name, e.g. 01_myanmar.ipynb
    cell: int  # index of the cell that drew it
    payload: dict
    png: bytes

    @property
    def name(self) -> str:
        return str(self.payload["name"])


class ExportError(ValueError):
    """Two charts with one name, or a chart output without its PNG."""


def drawn_charts(notebooks_dir: Path = NOTEBOOKS_DIR) -> list[DrawnChart]:
    """Every chart of every notebook, in notebook and cell order."""
    out: list[DrawnChart] = []
    seen: dict[str, str] = {}
    for path in sorted(notebooks_dir.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for i, cell in enumerate(nb.get("cells", [])):
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if MIMETYPE not in data:
                    continue
                payload = data[MIMETYPE]
                name = str(payload["name"])
                if name in seen:
                    raise ExportError(f"notebooks/{path.name}: chart {name!r} is also drawn in notebooks/{seen[name]}")
                if "image/png" not in data:
                    raise ExportError(f"notebooks/{path.name}: chart {name!r} has no PNG")
                seen[name] = path.name
                png = data["image/png"]
                out.append(DrawnChart(path.name, i, payload, base64.b64decode("".join(png) if isinstance(png, list)
                                                                               else png)))  # fmt: skip
    return out


def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else _cell(v) for v in r])
    return buf.getvalue().encode("utf-8")


def _cell(v: object) -> str:
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)


def work_cited(source: dict, sources_by_id: dict[str, dict]) -> str:
    """The work a footnote cites: author, "title", outlet, date, URL (an Ibid: the work it points to)."""
    work = source if source.get("title") else sources_by_id.get(str(source.get("cites_source_id")), source)
    parts = [str(work[c]) for c in ("author", "title", "outlet", "date_text", "url") if work.get(c)]
    if work.get("title"):
        parts[parts.index(str(work["title"]))] = f"“{work['title']}”"
    return ", ".join(parts).replace("\\$", "$").replace("*", "")


def _citations(sources_by_id: dict[str, dict]) -> dict[str, str]:
    """A full citation per source id: the work cited, then its footnote."""
    out = {}
    for sid, s in sources_by_id.items():
        text = work_cited(s, sources_by_id)
        out[sid] = f"{text} (footnote {s['number']}, {s['chapter']})" if text else ""
    return out


def render(charts: list[DrawnChart], sources: list[dict] | None = None) -> dict[str, bytes]:
    """The files of figures/ for these charts, by file name."""
    if sources is None:
        from ..api import load

        sources = load("sources").astype(object).where(lambda d: d.notna(), None).to_dict("records")
    cite = _citations({str(s["source_id"]): s for s in sources})
    files: dict[str, bytes] = {}
    manifest = []
    for c in charts:
        p = c.payload
        files[f"{c.name}.png"] = c.png
        files[f"{c.name}.svg"] = p["svg"].encode("utf-8")
        files[f"{c.name}.narrow.svg"] = p["svg_narrow"].encode("utf-8")
        rows = p["rows"]
        cols = [k for k in DATA_COLUMNS if any(k in r for r in rows)]
        body = [[r.get(k) for k in cols] + [cite.get(str(r.get("cited_source_id") or r.get("source_id")), "")]
                for r in rows]  # fmt: skip
        files[f"{c.name}.csv"] = _csv([*cols, "source"], body)
        manifest.append([c.name, c.notebook, p["kind"], p["title"], p["subtitle"], ";".join(p["units"]),
                         ";".join(p["ids"]), ";".join(p["colours"]), p["source"], p["note"]])  # fmt: skip
    files[MANIFEST] = _csv(MANIFEST_COLUMNS, manifest)
    return files


def export(figures_dir: Path = FIGURES_DIR, notebooks_dir: Path = NOTEBOOKS_DIR) -> tuple[int, list[str], list[str]]:
    """Write figures/ from the notebooks; return the number of charts and the file names written and removed.
    Unchanged files are not touched."""
    charts = drawn_charts(notebooks_dir)
    files = render(charts)
    figures_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in sorted(files.items()):
        path = figures_dir / name
        if not path.exists() or path.read_bytes() != data:
            tmp = path.with_name(f".{name}.tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
            written.append(name)
    ours = {p.name for p in figures_dir.iterdir() if p.is_file() and p.name.endswith(SUFFIXES)}
    removed = sorted(ours - set(files))
    for name in removed:
        (figures_dir / name).unlink()
    return len(charts), written, removed


def run() -> int:
    """``python -m mmn_analysis charts``: export and say what changed."""
    total, written, removed = export(FIGURES_DIR, NOTEBOOKS_DIR)
    charts = len([n for n in written if n.endswith(".png")])
    for name in written:
        print(f"figures/{name}")
    for name in removed:
        print(f"figures/{name} removed (no notebook draws it)")
    print(f"{total} charts from the notebooks; {len(written)} files written ({charts} charts changed), "
          f"{len(removed)} removed")  # fmt: skip
    return 0
