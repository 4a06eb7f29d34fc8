"""The reader's edition: the collection as static web pages, for readers who never open Jupyter.

    python -m mmn_analysis site [--out DIR]

Builds ``site/`` from what the repository stores (the executed notebooks, ``figures/`` and
``data/processed/``), with no network access and no kernel:

    index.html          the collection: an introduction and a card per notebook (thumbnail of its key chart)
    <notebook>.html     one page per notebook: its narrative, tables and charts (links between
                        notebooks point to their pages; links to repository files to copies in the site)
    charts.html         every exported chart (figures/*.png) with its alt text, linking its PNG and SVG
    downloads.html      every file of data/processed/ (CSV tables, the workbook, the data package),
                        the notebooks themselves and the report's text
    assets/style.css    the one stylesheet; the pages carry no script and request nothing from another host

The same inputs give the same bytes. The site is written to a folder beside ``--out`` and then
moved into place, so a reader never sees half a site and no stale file survives a rebuild.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import json
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from PIL import Image
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from ..charts.chart import MIMETYPE
from ..paths import PROCESSED, REPORT_FILE, REPORT_SHORT, REPORT_TITLE, ROOT

SITE_DIR = ROOT / "site"
NOTEBOOKS_DIR = ROOT / "notebooks"
FIGURES_DIR = ROOT / "figures"
TEMPLATES = Path(__file__).resolve().parent / "templates"
SITE_NAME = f"{REPORT_SHORT}, as data"
MARKER = ".mmn-site"  # marks a folder this module built, so a rebuild may replace it
THUMB_WIDTH = 480  # pixels: index thumbnails are scaled-down copies of each notebook's key chart

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
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
ANCHOR = re.compile(r'<a\b([^>]*?)\bhref="([^"]*)"([^>]*)>(.*?)</a>', re.S)
IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')
H2 = re.compile(r'<h2 id="([^"]*)">(.*?)(?:<a class="anchor-link"[^>]*>.*?</a>)?</h2>', re.S)
TAG = re.compile(r"<[^>]+>")


# The notebooks -----------------------------------------------------------------------------------


@dataclass
class ChartImage:
    """One chart output of a notebook, as a file of the site."""

    file: str  # path inside the site
    alt: str
    width: int
    height: int
    name: str | None  # the chart's name in figures/ (figures/charts.csv), as its notebook output names it


@dataclass
class NotebookPage:
    stem: str
    source: Path
    title: str = ""
    description: Markup = field(default_factory=Markup)
    description_text: str = ""
    body: Markup = field(default_factory=Markup)
    toc: list[tuple[str, str]] = field(default_factory=list)
    charts: list[ChartImage] = field(default_factory=list)
    thumbnail: ChartImage | None = None

    @property
    def page(self) -> str:
        return f"{self.stem}.html"


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _plain(fragment: str) -> str:
    """Visible text of an HTML fragment, on one line."""
    return " ".join(html.unescape(TAG.sub("", fragment)).split())


def _png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as im:
        return im.size


class Builder:
    """Renders the pages of one build. Files are collected in ``self.files`` (site path -> bytes)
    and written together at the end."""

    def __init__(self, notebooks_dir: Path, figures_dir: Path, processed_dir: Path):
        self.notebooks_dir = notebooks_dir.resolve()
        self.root = self.notebooks_dir.parent
        self.figures_dir = figures_dir.resolve()
        self.processed_dir = processed_dir.resolve()
        self.chart_info: dict[str, dict] = {}  # chart name -> its identity, as the notebook output carries it
        self.files: dict[str, bytes] = {}
        self.warnings: list[str] = []
        self.stems = sorted(p.stem for p in self.notebooks_dir.glob("*.ipynb"))
        self.formatter = HtmlFormatter(cssclass="highlight")
        self.lexer = PythonLexer()

    # Links ----------------------------------------------------------------------------------

    def resolve_link(self, url: str, where: str) -> str | None:
        """Where a link of a notebook points in the site: unchanged for other hosts and in-page
        anchors, the page of a notebook, a copy of a repository file; None to drop the link."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            return url
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        target = (self.notebooks_dir / unquote(parts.path)).resolve()
        if target.suffix == ".ipynb" and target.parent == self.notebooks_dir and target.stem in self.stems:
            return f"{target.stem}.html{fragment}"
        if target.is_dir():
            if target == self.processed_dir:
                return "downloads.html"
            if target == self.figures_dir:
                return "charts.html"
            return None  # a folder of the repository: the site has no page for it, so the text stays unlinked
        if target.is_file() and target.is_relative_to(self.root):
            rel = target.relative_to(self.root)
            if any(part.startswith(".") for part in rel.parts):
                pass  # hidden files (.venv, .git, caches) are never published
            elif target.parent == self.processed_dir:
                self.files.setdefault(f"downloads/{target.name}", target.read_bytes())
                return f"downloads/{target.name}"
            elif target.parent == self.figures_dir:
                self.files.setdefault(f"charts/{target.name}", target.read_bytes())
                return f"charts/{target.name}"
            else:
                path = "files/" + rel.as_posix()
                self.files.setdefault(path, target.read_bytes())
                return path
        self.warnings.append(f"{where}: link to {url} dropped (not a file of the repository)")
        return None

    def rewrite_links(self, fragment: str, where: str) -> str:
        def anchor(m: re.Match) -> str:
            new = self.resolve_link(html.unescape(m.group(2)), where)
            if new is None:
                return m.group(4)
            return f'<a{m.group(1)}href="{html.escape(new)}"{m.group(3)}>{m.group(4)}</a>'

        def image(m: re.Match) -> str:
            new = self.resolve_link(html.unescape(m.group(2)), where)
            return f"{m.group(1)}{html.escape(new or '')}{m.group(3)}"

        return IMG_SRC.sub(image, ANCHOR.sub(anchor, fragment))

    # Cells ----------------------------------------------------------------------------------

    def markdown(self, source: str, where: str) -> str:
        return self.rewrite_links(markdown2html_mistune(source), where)

    def output(self, out: dict, page: NotebookPage) -> str:
        kind = out.get("output_type")
        if kind == "stream":
            if out.get("name") == "stderr":
                return ""
            return f'<pre class="output">{html.escape(_text(out.get("text", "")))}</pre>'
        if kind == "error":
            trace = ANSI.sub("", "\n".join(out.get("traceback", [])))
            return f'<pre class="output error">{html.escape(trace)}</pre>'
        data = out.get("data", {})
        if "image/png" in data:
            return self.chart(out, page)
        if "text/html" in data:
            fragment = re.sub(r"<style[^>]*>.*?</style>", "", _text(data["text/html"]), flags=re.S)
            fragment = re.sub(r"<script\b.*?</script>", "", fragment, flags=re.S | re.I)
            fragment = self.rewrite_links(fragment, page.source.name)
            return f'<div class="output table-wrap">{fragment.strip()}</div>'
        if "text/markdown" in data:
            return f'<div class="output">{self.markdown(_text(data["text/markdown"]), page.source.name)}</div>'
        if "text/plain" in data:
            return f'<pre class="output">{html.escape(_text(data["text/plain"]))}</pre>'
        return ""

    def chart(self, out: dict, page: NotebookPage) -> str:
        data = out["data"]
        raw = base64.b64decode(_text(data["image/png"]))
        identity = data.get(MIMETYPE) or {}
        alt = identity.get("alt") or (out.get("metadata", {}).get("image/png", {}) or {}).get("alt")
        alt = (
            " ".join((alt or _text(data.get("text/plain", ""))).split())
            or f"Chart {len(page.charts) + 1} of {page.title}"
        )
        if identity.get("name"):
            self.chart_info.setdefault(identity["name"], {k: identity.get(k, "") for k in ("title", "subtitle", "alt")})
        number = len(page.charts) + 1
        path = f"images/{page.stem}-{number}.png"
        self.files[path] = raw
        width, height = _png_size(raw)
        image = ChartImage(file=path, alt=alt, width=width, height=height, name=identity.get("name"))
        page.charts.append(image)
        links = ""
        if image.name:
            links = (
                f'<figcaption>Chart file: <a href="charts/{image.name}.png">PNG</a> · '
                f'<a href="charts/{image.name}.svg">SVG</a> · '
                f'<a href="charts.html#{image.name}">in the gallery</a></figcaption>'
            )
        return (
            f'<figure class="output chart" id="chart-{number}"><img src="{path}" alt="{html.escape(alt)}" '
            f'width="{width}" height="{height}">{links}</figure>'
        )

    def code(self, source: str) -> str:
        if not source.strip():
            return ""
        code = highlight(source, self.lexer, self.formatter)
        return f'<details class="code"><summary>Code</summary>{code}</details>'

    def notebook(self, path: Path) -> NotebookPage:
        nb = nbformat.read(path, as_version=4)
        page = NotebookPage(stem=path.stem, source=path)
        parts: list[str] = []
        for cell in nb.cells:
            source = _text(cell.source)
            if cell.cell_type == "markdown":
                rendered = self.markdown(source, path.name)
                if not page.title:
                    page.title, page.description = self.intro(source, rendered, path.stem)
                    page.description_text = _plain(page.description)
                parts.append(f'<section class="cell markdown">{rendered}</section>')
            elif cell.cell_type == "code":
                outputs = "".join(self.output(o, page) for o in cell.get("outputs", []))
                parts.append(f'<section class="cell code-cell">{self.code(source)}{outputs}</section>')
        if not page.title:
            page.title = path.stem
        page.body = Markup("\n".join(parts))
        page.toc = [(m.group(1), _plain(m.group(2))) for m in H2.finditer(page.body)]
        if page.charts:
            page.thumbnail = self.thumbnail(page)
        return page

    def intro(self, source: str, rendered: str, stem: str) -> tuple[str, Markup]:
        """The title (the first heading) and description (the first paragraph) of a notebook."""
        title = next((line.lstrip("#").strip() for line in source.splitlines() if line.startswith("#")), stem)
        para = re.search(r"<p>(.*?)</p>", rendered, re.S)
        return _plain(markdown2html_mistune(title)), Markup(para.group(1).strip() if para else "")

    def thumbnail(self, page: NotebookPage) -> ChartImage:
        key = page.charts[0]
        with Image.open(io.BytesIO(self.files[key.file])) as im:
            im = im.convert("RGBA")
            height = round(im.height * THUMB_WIDTH / im.width)
            small = im.resize((THUMB_WIDTH, height), Image.Resampling.LANCZOS)
            buf = io.BytesIO()
            small.save(buf, format="PNG")
        path = f"thumbs/{page.stem}.png"
        self.files[path] = buf.getvalue()
        title = self.chart_info[key.name]["title"] if key.name else key.alt.split(". ")[0].removeprefix("Chart: ")
        return ChartImage(
            file=path, alt=f"Thumbnail of the key chart: {title}", width=THUMB_WIDTH, height=height, name=key.name
        )


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


def render(
    notebooks_dir: Path = NOTEBOOKS_DIR,
    figures_dir: Path = FIGURES_DIR,
    processed_dir: Path = PROCESSED,
) -> tuple[dict[str, bytes], Builder]:
    """Every file of the site, by its path inside the site, without writing anything."""
    b = Builder(notebooks_dir, figures_dir, processed_dir)
    env = _environment()
    files = b.files

    pages = [b.notebook(notebooks_dir / f"{stem}.ipynb") for stem in b.stems]
    for page in pages:
        files[f"notebooks/{page.source.name}"] = page.source.read_bytes()

    gallery = []
    pngs = {p.stem: p for p in sorted(figures_dir.glob("*.png"))}
    appears_in = {}
    for page in pages:
        for image in page.charts:
            if image.name:
                appears_in.setdefault(image.name, page)
    for name in [n for n in b.chart_info if n in pngs] + sorted(set(pngs) - set(b.chart_info)):
        png = pngs[name]
        data = png.read_bytes()
        files[f"charts/{png.name}"] = data
        svg = png.with_suffix(".svg")
        if svg.exists():
            files[f"charts/{svg.name}"] = svg.read_bytes()
        info = b.chart_info.get(name)
        title, subtitle, alt = (
            (info["title"], info["subtitle"], info["alt"])
            if info
            else (
                name.replace("_", " ").capitalize(),
                "",
                f"Chart: {name.replace('_', ' ')}",
            )
        )
        if name not in b.chart_info:
            b.warnings.append(f"figures/{png.name}: no notebook draws it; its alt text is only its name")
        width, height = _png_size(data)
        gallery.append(
            {
                "name": name,
                "png": f"charts/{png.name}",
                "svg": f"charts/{svg.name}" if svg.exists() else None,
                "title": title,
                "subtitle": subtitle,
                "alt": alt,
                "width": width,
                "height": height,
                "page": appears_in.get(name),
            }
        )

    tables = downloads(processed_dir)
    for row in tables:
        files[row["href"]] = row.pop("data")
    report = b.resolve_link(f"../data/raw/{REPORT_FILE}", "downloads")
    n_statements = next((r["rows"] for r in tables if r["name"] == "figures.csv"), None)

    common = {
        "n_notebooks": len(pages),
        "n_charts": len(gallery),
        "n_tables": sum(1 for r in tables if r["kind"] == "CSV"),
        "n_statements": n_statements,
    }
    guides = [p for p in pages if not p.thumbnail]
    cards = [p for p in pages if p.thumbnail]
    html_pages = {
        "index.html": env.get_template("index.html.j2").render(active="index", guides=guides, cards=cards, **common),
        "charts.html": env.get_template("charts.html.j2").render(active="charts", gallery=gallery, **common),
        "downloads.html": env.get_template("downloads.html.j2").render(
            active="downloads", tables=tables, notebooks=pages, report=report, **common
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
    files["assets/favicon.svg"] = (TEMPLATES / "favicon.svg").read_bytes()
    files[MARKER] = b"Built by python -m mmn_analysis site; rebuilt whole on every build.\n"
    return files, b


def build(out: Path = SITE_DIR, **inputs) -> Site:
    """Build the site into ``out`` (replacing a site built there before) and say what it holds."""
    start = time.perf_counter()
    out = Path(out).resolve()
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SystemExit(f"{out} exists and was not built by mmn_analysis site: refusing to replace it")
    files, b = render(**inputs)
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
        notebooks=b.stems,
        charts=sum(1 for p in files if p.startswith("charts/") and p.endswith(".png")),
        downloads=sum(1 for p in files if p.startswith("downloads/")),
        files=len(files),
        seconds=time.perf_counter() - start,
        warnings=b.warnings,
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
