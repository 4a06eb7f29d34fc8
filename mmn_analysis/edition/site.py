"""The reader's edition: the collection as static web pages, for readers who never open Jupyter.

    python -m mmn_analysis site [--out DIR]

Builds ``site/`` from what the repository stores (the executed notebooks, ``data/processed/`` and
the report in ``data/raw/``), with no network access and no kernel:

    index.html          the collection: an introduction and a card per notebook (thumbnail of its key chart)
    <notebook>.html     one page per notebook: findings first, then its story, tables and charts, each
                        chart with its data, files and citation; set-up folded at the end
    report.html         the annotated report: the report's full text, every figure highlighted where it
                        stands (``report.html#<figure id>``), footnotes and fact-checks linked
    explorer.html       every figure, to search and filter in the browser
    charts.html         every chart by notebook, with its data (CSV), PNG, SVG and citation
    downloads.html      every file of data/processed/, the notebooks and the report's text
    assets/             the stylesheet, one small script (the filters) and the icon

The pages request nothing from another host. The same inputs give the same bytes. The site is
written to a folder beside ``--out`` and then moved into place, so a reader never sees half a site
and no stale file survives a rebuild.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from pygments.formatters import HtmlFormatter

from ..paths import PROCESSED, RAW, REPORT_FILE, REPORT_TITLE, ROOT
from .citation import COLLECTION, version
from .collection import read_collection
from .explorer import explorer_rows, facets
from .gallery import chart_entries, manifest_path
from .links import Links
from .notebook_page import NotebookPages
from .report_page import annotated_report
from .tables import Restorer

SITE_DIR = ROOT / "site"
NOTEBOOKS_DIR = ROOT / "notebooks"
FIGURES_DIR = ROOT / "figures"
TEMPLATES = Path(__file__).resolve().parent / "templates"
SITE_NAME = COLLECTION
MARKER = ".mmn-site"  # marks a folder this module built, so a rebuild may replace it
ASSETS = {"assets/site.js": "site.js", "assets/favicon.svg": "favicon.svg"}

#: What the files of data/processed/ hold that the data package does not describe itself.
FILE_NOTES = {
    "mmn_annual_report_2017.xlsx": (
        "The workbook",
        "Every table as a sheet of one Excel workbook, with a README sheet describing every column.",
    ),
    "datapackage.json": (
        "The data package",
        "Frictionless data package: the tables' columns with their types, "
        "units, descriptions and keys. Keep it beside the CSV files.",
    ),
}


# Everything else ---------------------------------------------------------------------------------


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def _csv_rows(data: bytes) -> int:
    return sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8")))) - 1


def downloads(processed_dir: Path) -> list[dict]:
    """Every file of data/processed/ with what it holds (from the data package where it says)."""
    resources = {}
    package = processed_dir / "datapackage.json"
    if package.exists():
        for r in json.loads(package.read_text(encoding="utf-8")).get("resources", []):
            resources[r.get("path")] = (r.get("title", ""), r.get("description", ""))
    # The whole collection first (workbook, data package), then the tables in the package's order.
    order = [*FILE_NOTES, *resources]
    files = [p for p in processed_dir.iterdir() if p.is_file() and not p.name.startswith(".")]
    rows = []
    for path in sorted(files, key=lambda p: (order.index(p.name) if p.name in order else len(order), p.name)):
        data = path.read_bytes()
        title, description = resources.get(path.name) or FILE_NOTES.get(path.name) or (path.stem.replace("_", " "), "")
        kind = {".csv": "CSV", ".xlsx": "Excel", ".json": "JSON"}.get(path.suffix, path.suffix.lstrip(".").upper())
        rows.append(
            {
                "name": path.name,
                "href": f"downloads/{path.name}",
                "data": data,
                "title": title,
                "description": description,
                "kind": kind,
                "size": _size(len(data)),
                "rows": _csv_rows(data) if path.suffix == ".csv" else None,
            }
        )
    return rows


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(site_name=SITE_NAME, report_title=REPORT_TITLE)
    return env


def stylesheet() -> bytes:
    css = (TEMPLATES / "style.css").read_text(encoding="utf-8")
    css += "\n/* Code highlighting (Pygments) */\n" + HtmlFormatter(cssclass="highlight").get_style_defs(".highlight")
    return (css.rstrip() + "\n").encode("utf-8")


@dataclass
class Site:
    """What a build wrote."""

    path: Path
    pages: list[str]
    notebooks: list[str]
    charts: int
    downloads: int
    files: int
    seconds: float
    warnings: list[str]


def _text_cells(processed_dir: Path) -> list[str]:
    """Every text cell of the processed tables: the values a notebook's table may show cut short."""
    values = set()
    for path in sorted(processed_dir.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                values.update(row)
    return sorted(values)


def render(
    notebooks_dir: Path = NOTEBOOKS_DIR,
    figures_dir: Path = FIGURES_DIR,
    processed_dir: Path = PROCESSED,
    raw_dir: Path = RAW,
) -> tuple[dict[str, bytes], list[str]]:
    """Every file of the site, by its path inside the site, and the build's warnings; nothing is written."""
    files: dict[str, bytes] = {}
    warnings: list[str] = []
    c = read_collection(notebooks_dir, processed_dir, raw_dir)
    charts = chart_entries(c.charts, list(c.sources.values()), notebooks_dir, figures_dir, files, warnings)
    figure_ids = set(c.by_id)
    links = Links(notebooks_dir, figures_dir, processed_dir, figure_ids, files, warnings)
    notebook_pages = NotebookPages(links, Restorer(_text_cells(processed_dir)), charts, files, figure_ids)
    pages = [notebook_pages.page(p) for p in sorted(notebooks_dir.glob("*.ipynb"))]
    for page in pages:
        files[f"notebooks/{page.source.name}"] = page.source.read_bytes()
    report = annotated_report(c, warnings)
    if report.unplaced:
        warnings.append(
            f"report.html: no place in the text for {len(report.unplaced)} figures: {', '.join(report.unplaced)}"
        )
    rows = explorer_rows(c, set(report.anchored))

    by_notebook = {page.source.name: page for page in pages}
    gallery = [(page, [e for e in charts.values() if e.notebook == page.source.name]) for page in pages]
    gallery = [(page, entries) for page, entries in gallery if entries]
    orphans = sorted(e.notebook for e in charts.values() if e.notebook not in by_notebook)
    if orphans:
        warnings.append(f"charts of notebooks the site does not show: {', '.join(orphans)}")

    tables = downloads(processed_dir)
    for row in tables:
        files[row["href"]] = row.pop("data")
    report_text = f"files/data/raw/{REPORT_FILE}"
    files[report_text] = (raw_dir / REPORT_FILE).read_bytes()
    n_statements = next((r["rows"] for r in tables if r["name"] == "figures.csv"), None)

    env = _environment()
    common = {
        "n_notebooks": len(pages),
        "n_charts": len(charts),
        "n_tables": sum(1 for r in tables if r["kind"] == "CSV"),
        "n_statements": n_statements,
        "version": version(),
    }
    guides = [p for p in pages if not p.thumbnail]
    cards = [p for p in pages if p.thumbnail]
    html_pages = {
        "index.html": env.get_template("index.html.j2").render(active="index", guides=guides, cards=cards, **common),
        "report.html": env.get_template("report.html.j2").render(
            active="report", report=report, n_figures=len(c.figures), report_text=report_text, **common
        ),
        "explorer.html": env.get_template("explorer.html.j2").render(
            active="explorer", rows=rows, facets=facets(rows), **common
        ),
        "charts.html": env.get_template("charts.html.j2").render(
            active="charts", gallery=gallery, manifest=manifest_path(), **common
        ),
        "downloads.html": env.get_template("downloads.html.j2").render(
            active="downloads", tables=tables, notebooks=pages, report=report_text, **common
        ),
    }
    template = env.get_template("notebook.html.j2")
    for i, page in enumerate(pages):
        html_pages[page.page] = template.render(
            active="notebook",
            page=page,
            previous=pages[i - 1] if i else None,
            next=pages[i + 1] if i + 1 < len(pages) else None,
            **common,
        )
    for name, text in html_pages.items():
        files[name] = text.encode("utf-8")
    files["assets/style.css"] = stylesheet()
    for path, name in ASSETS.items():
        files[path] = (TEMPLATES / name).read_bytes()
    files[MARKER] = b"Built by python -m mmn_analysis site; rebuilt whole on every build.\n"
    return files, warnings


def build(out: Path = SITE_DIR, **inputs) -> Site:
    """Build the site into ``out`` (replacing a site built there before) and say what it holds."""
    start = time.perf_counter()
    out = Path(out).resolve()
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SystemExit(f"{out} exists and was not built by mmn_analysis site: refusing to replace it")
    files, warnings = render(**inputs)
    staging = out.parent / f".{out.name}.building"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        for path, data in sorted(files.items()):
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if out.exists():
        old = out.parent / f".{out.name}.old"
        if old.exists():
            shutil.rmtree(old)
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging.rename(out)
    pages = sorted(p for p in files if p.endswith(".html"))
    return Site(
        path=out,
        pages=pages,
        notebooks=sorted(
            p.removeprefix("notebooks/").removesuffix(".ipynb") for p in files if p.startswith("notebooks/")
        ),
        charts=sum(1 for p in files if p.startswith("charts/") and p.endswith(".png")),
        downloads=sum(1 for p in files if p.startswith("downloads/")),
        files=len(files),
        seconds=time.perf_counter() - start,
        warnings=warnings,
    )


def digest(folder: Path) -> str:
    """One sha256 over every file of a folder (paths and bytes): equal digests, equal sites."""
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(folder).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def run(out: Path = SITE_DIR) -> int:
    """Build the site and print one line on what it holds (``python -m mmn_analysis site``)."""
    before = digest(out) if out.exists() else None
    site = build(out)
    for w in site.warnings:
        print(f"warning: {w}", file=sys.stderr)
    shown = site.path.relative_to(ROOT).as_posix() if site.path.is_relative_to(ROOT) else str(site.path)
    state = "unchanged" if before == digest(site.path) else "written"
    print(
        f"{shown}/index.html: {len(site.pages)} pages ({len(site.notebooks)} notebooks), {site.charts} charts, "
        f"{site.downloads} downloads, {site.files} files; {state} in {site.seconds:.1f} s"
    )
    return 0
