"""One executed notebook as a page for readers: findings first, set-up folded at the end.

The notebook's title cell becomes the page's header; its sections follow in order, except the
set-up ones ("Overview", "Prerequisites", "Imports", "About this notebook", and code run before the
first section), which are folded at the end. Code is folded under each result. Tables are written
again for readers (:mod:`.tables`), prose is cleaned (:mod:`.markup`), links point into the site
(:mod:`.links`), and each chart shows the notebook's PNG on a wide screen, its narrow SVG on a
phone, and carries its data, files and citation.
"""

from __future__ import annotations

import base64
import functools
import html
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from markupsafe import Markup
from PIL import Image
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from ..charts.chart import MIMETYPE
from .gallery import ChartEntry, chart_data_table
from .links import REPORT_PAGE, Links, plain
from .markup import clean, markdown
from .tables import Restorer, reader_number, reader_tables

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
H2 = re.compile(r'<h2 id="([^"]*)">(.*?)(?:<a class="anchor-link"[^>]*>.*?</a>)?</h2>', re.S)
H1 = re.compile(r"<h1\b")
CODE_IDS = re.compile(r"<code>([a-z0-9]+(?:-[a-z0-9]+)+(?: [a-z0-9]+(?:-[a-z0-9]+)+)*)</code>")
PLAIN_MISSING = re.compile(r"(?<![\w<])(?:<NA>|NaN|NaT)(?![\w>])")
PLAIN_NUMBER = re.compile(r"(?<![\w.])-?\d+\.\d+e[+-]\d+(?![\w.])")
#: Sections a reader needs only to rerun the notebook: folded at the end of the page.
SETUP_SECTIONS = ("Overview", "Prerequisites", "Imports", "About this notebook")
SETUP_TITLE = "About this notebook"
THUMB_WIDTH = 480  # pixels: index thumbnails are scaled-down copies of each notebook's key chart


#: A code cell that only writes prose: its output says everything, so the page shows no code for it.
PROSE_CELL = re.compile(r"\s*mmn\.(?:story|glance)\((?:[^()]|\([^()]*\))*\)\s*$", re.S)


@dataclass
class ChartImage:
    """One chart output of a notebook, as shown on its page."""

    file: str  # path inside the site
    alt: str
    width: int  # as shown on a wide screen
    height: int
    name: str | None  # the chart's name (figures/charts.csv), when the output carries its identity


@dataclass
class Section:
    id: str
    title: str
    html: str
    setup: bool = False


@dataclass
class NotebookPage:
    stem: str
    source: Path
    title: str = ""
    head: Markup = field(default_factory=Markup)  # the title cell: heading and introduction
    description: Markup = field(default_factory=Markup)
    description_text: str = ""
    sections: list[Section] = field(default_factory=list)
    charts: list[ChartImage] = field(default_factory=list)
    thumbnail: ChartImage | None = None

    @property
    def page(self) -> str:
        return f"{self.stem}.html"

    @property
    def body(self) -> Markup:
        """The sections, findings first and set-up last (folded)."""
        ordered = [s for s in self.sections if not s.setup] + [s for s in self.sections if s.setup]
        return Markup("\n".join(s.html for s in ordered))

    @property
    def toc(self) -> list[tuple[str, str]]:
        return [(s.id, s.title) for s in self.sections if not s.setup and s.id] + [
            (s.id, s.title) for s in self.sections if s.setup and s.id
        ]


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as im:
        return im.size


def plain_output(text: str) -> str:
    """A text output as a reader reads it: blanks for missing values, no scientific notation, '$' not '\\$'."""
    text = PLAIN_MISSING.sub("", text)
    text = PLAIN_NUMBER.sub(lambda m: reader_number(m.group()) or m.group(), text)
    return text.replace("\\$", "$")


class NotebookPages:
    """Renders the notebooks of one build."""

    def __init__(
        self,
        links: Links,
        restorer: Restorer,
        charts: dict[str, ChartEntry],
        files: dict[str, bytes],
        figure_ids: set[str],
    ):
        self.links = links
        self.restorer = restorer
        self.charts = charts
        self.files = files
        self.figure_ids = figure_ids
        self.formatter = HtmlFormatter(cssclass="highlight")
        self.lexer = PythonLexer()

    # Fragments ------------------------------------------------------------------------------

    def link_ids(self, fragment: str) -> str:
        """Figure ids written as code (``fw-01 fw-02``) link to their places in the annotated report."""

        def sub(m: re.Match) -> str:
            ids = m.group(1).split(" ")
            if not all(i in self.figure_ids for i in ids):
                return m.group(0)
            return "<code>" + " ".join(f'<a href="{REPORT_PAGE}#{i}">{i}</a>' for i in ids) + "</code>"

        return CODE_IDS.sub(sub, fragment)

    def prose(self, source: str, where: str) -> str:
        return self.link_ids(self.links.rewrite(markdown(source), where))

    def output(self, out: dict, page: NotebookPage) -> str:
        kind = out.get("output_type")
        if kind == "stream":
            if out.get("name") == "stderr":
                return ""
            return f'<pre class="output">{html.escape(plain_output(_text(out.get("text", ""))))}</pre>'
        if kind == "error":
            trace = ANSI.sub("", "\n".join(out.get("traceback", [])))
            return f'<pre class="output error">{html.escape(trace)}</pre>'
        data = out.get("data", {})
        if "image/png" in data:
            return self.chart(out, page)
        if "text/html" in data:
            fragment = _text(data["text/html"])
            table = reader_tables(fragment, self.restorer, self.figure_ids)
            shown = table if table is not None else clean(fragment)
            return f'<div class="output table-wrap">{self.links.rewrite(shown, page.source.name)}</div>'
        if "text/markdown" in data:
            return f'<div class="output prose">{self.prose(_text(data["text/markdown"]), page.source.name)}</div>'
        if "text/plain" in data:
            return f'<pre class="output">{html.escape(plain_output(_text(data["text/plain"])))}</pre>'
        return ""

    def chart(self, out: dict, page: NotebookPage) -> str:
        data = out["data"]
        raw = base64.b64decode(_text(data["image/png"]))
        identity = data.get(MIMETYPE) or {}
        meta = out.get("metadata", {}).get("image/png", {}) or {}
        alt = identity.get("alt") or meta.get("alt") or _text(data.get("text/plain", ""))
        alt = " ".join(alt.split()) or f"Chart {len(page.charts) + 1} of {page.title}"
        entry = self.charts.get(str(identity.get("name"))) if identity.get("name") else None
        width, height = _png_size(raw)
        shown = int(meta.get("width") or width)
        if entry is not None:
            image = ChartImage(entry.png, entry.alt, *entry.size, entry.name)
        else:
            path = f"images/{page.stem}-{len(page.charts) + 1}.png"
            self.files[path] = raw
            image = ChartImage(path, alt, shown, round(height * shown / width), None)
        page.charts.append(image)
        if entry is None:  # a chart drawn before charts carried their identity: no narrow rendering, no data
            img = f'<img src="{image.file}" alt="{html.escape(alt)}" width="{image.width}" height="{image.height}">'
            return f'<figure class="output chart fixed" id="chart-{len(page.charts)}">{img}</figure>'
        return (
            f'<figure class="output chart" id="chart-{entry.name}">'
            f"{entry.picture()}"
            f"<figcaption>{entry.files_line()}"
            f'<details class="chart-data"><summary>The numbers behind this chart</summary>'
            f"{chart_data_table(entry)}</details>"
            f'<details class="cite"><summary>Cite this chart</summary><p>{html.escape(entry.cite)}</p></details>'
            f"</figcaption></figure>"
        )

    def code(self, source: str) -> str:
        """The code folded away; none for a cell that only writes prose (a story or At a glance), whose
        output is the text itself."""
        if not source.strip() or PROSE_CELL.match(source):
            return ""
        return f'<details class="code"><summary>Code</summary>{highlight(source, self.lexer, self.formatter)}</details>'

    # The page -------------------------------------------------------------------------------

    def page(self, path: Path) -> NotebookPage:
        nb = nbformat.read(path, as_version=4)
        page = NotebookPage(stem=path.stem, source=path)
        current: list[str] | None = None  # the open section's fragments; None before the first section
        titles: list[tuple[str, str, bool]] = []
        bodies: list[list[str]] = []
        loose_code: list[str] = []  # code cells before the first section: set-up
        for cell in nb.cells:
            source = _text(cell.source)
            if cell.cell_type == "markdown":
                rendered = self.prose(source, path.name)
                if not page.title and H1.search(rendered):
                    self.intro(page, source, rendered)
                    continue
                h2 = H2.match(rendered.lstrip())
                if h2:
                    title = plain(h2.group(2))
                    titles.append((h2.group(1), title, title in SETUP_SECTIONS))
                    bodies.append([])
                    current = bodies[-1]
                fragment = f'<div class="cell markdown">{rendered}</div>'
            elif cell.cell_type == "code":
                outputs = "".join(self.output(o, page) for o in cell.get("outputs", []))
                fragment = f'<div class="cell code-cell">{self.code(source)}{outputs}</div>'
                if current is None and not outputs:
                    loose_code.append(fragment)
                    continue
            else:
                continue
            if current is None:
                titles.append(("", "", False))
                bodies.append([])
                current = bodies[-1]
            current.append(fragment)
        if not page.title:
            page.title = path.stem
        if loose_code:
            at = next((i for i, t in enumerate(titles) if t[1] == SETUP_TITLE), None)
            if at is None:
                titles.append(("About-this-notebook", SETUP_TITLE, True))
                bodies.append([f'<div class="cell markdown"><h2 id="About-this-notebook">{SETUP_TITLE}</h2></div>'])
                at = len(titles) - 1
            bodies[at].extend(loose_code)
        for (sid, title, setup), body in zip(titles, bodies, strict=True):
            inner = "\n".join(body)
            if setup:
                inner = H2.sub("", inner, count=1)  # the heading becomes the fold's summary
                inner = (
                    f'<details class="setup" id="{sid}"><summary><h2>{html.escape(title)}</h2></summary>'
                    f"{inner}</details>"
                )
            page.sections.append(Section(sid, title, f'<section class="nb-section">{inner}</section>', setup))
        if page.charts:
            page.thumbnail = self.thumbnail(page)
        return page

    def intro(self, page: NotebookPage, source: str, rendered: str) -> None:
        """The title (the first heading), the description (the first paragraph) and the header of a page."""
        title = next((line.lstrip("#").strip() for line in source.splitlines() if line.startswith("#")), page.stem)
        para = re.search(r"<p>(.*?)</p>", rendered, re.S)
        page.title = plain(markdown(title))
        page.description = Markup(para.group(1).strip() if para else "")
        page.description_text = plain(page.description)
        page.head = Markup(re.sub(r'<a class="anchor-link"[^>]*>.*?</a>', "", rendered))

    def thumbnail(self, page: NotebookPage) -> ChartImage:
        key = page.charts[0]
        path = f"thumbs/{page.stem}.png"
        self.files[path], height = _thumbnail(self.files[key.file])
        title = self.charts[key.name].title if key.name else key.alt.split(". ")[0].removeprefix("Chart: ")
        return ChartImage(path, f"Thumbnail of the key chart: {title}", THUMB_WIDTH, height, key.name)


@functools.lru_cache(maxsize=64)
def _thumbnail(png: bytes) -> tuple[bytes, int]:
    """A chart's PNG scaled to THUMB_WIDTH, and its height (resampling it is slow: once per process)."""
    with Image.open(io.BytesIO(png)) as im:
        im = im.convert("RGBA")
        height = round(im.height * THUMB_WIDTH / im.width)
        small = im.resize((THUMB_WIDTH, height), Image.Resampling.LANCZOS)
        buf = io.BytesIO()
        small.save(buf, format="PNG")
    return buf.getvalue(), height
