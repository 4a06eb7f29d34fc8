"""The reader's edition (``python -m mmn_analysis site``): built offline, and read in a real browser.

The site is built into a temporary folder from the stored notebooks, data/processed/ and a fresh
export of the notebooks' charts (as ``python -m mmn_analysis charts`` writes figures/), served on
127.0.0.1, and every page is opened in headless Chromium (Debian's /usr/bin/chromium, driven by
Playwright) at a phone's width (390 px) and a desktop's (1280 px): no console or page error, every
image rendered, every internal link and download resolving, no sideways scroll, charts no smaller
than their text allows, and no request leaving the machine. Where Chromium is missing the browser
tests skip, except under CI (the environment variable CI set), where they fail.
"""

from __future__ import annotations

import base64
import csv
import functools
import html
import io
import json
import os
import re
import shutil
import subprocess
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import unquote, urlsplit, urlunsplit
from urllib.request import urlopen

import browser_check as bc
import pytest

from mmn_analysis.charts import export
from mmn_analysis.edition import markup, notebook_page, tables
from mmn_analysis.edition import site as site_module
from mmn_analysis.edition.citation import version
from mmn_analysis.edition.collection import read_collection
from mmn_analysis.edition.explorer import explorer_rows, facets
from mmn_analysis.edition.links import Links
from mmn_analysis.paths import PROCESSED, RAW, REPORT_FILE, ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
OWN_PAGES = ["index.html", "report.html", "explorer.html", "charts.html", "downloads.html"]
PAGES = OWN_PAGES + [f"{p.stem}.html" for p in NOTEBOOKS]
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)  # http://, https://, //host (anything with a host)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]?([^'\";\s]+)", re.I)
SCRIPT = "assets/site.js"
HOSTILE = '<script>alert("label")</script>"onmouseover=alert(1) x="'


def figures_table() -> list[dict[str, str]]:
    with (PROCESSED / "figures.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# The build ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def exported(tmp_path_factory) -> Path:
    """figures/ as `python -m mmn_analysis charts` writes it from the stored notebooks."""
    folder = tmp_path_factory.mktemp("figures")
    export.export(folder, ROOT / "notebooks")
    return folder


@pytest.fixture(scope="session")
def built(tmp_path_factory, exported):
    return site_module.build(tmp_path_factory.mktemp("site") / "site", figures_dir=exported)


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, each <img>'s enclosing link, and the text of
    elements by id (``texts``: the text inside each element that has an id, cards left out)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.styles: list[str] = []
        self._href: list[str | None] = []
        self._in_style = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "a":
            self._href.append(a.get("href"))
        if tag == "img":
            a["_link"] = next((h for h in reversed(self._href) if h), "")
        self._in_style = tag == "style"
        self.tags.append((tag, a))
        if "style" in a:
            self.styles.append(a["style"])

    def handle_endtag(self, tag):
        if tag == "a" and self._href:
            self._href.pop()
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)

    def all(self, tag: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag]

    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if a.get("id")}

    def hrefs(self) -> list[str]:
        return [a["href"] for a in self.all("a") if "href" in a]


class Blocks(HTMLParser):
    """The text of each block (p, h2, h3) inside one element, leaving out the given classes' subtrees."""

    VOID = frozenset({"br", "img", "wbr", "input", "source", "meta", "link", "hr"})

    def __init__(self, text: str, inside_class: str, skip_classes: set[str]):
        super().__init__(convert_charrefs=True)
        self.inside, self.skip = inside_class, skip_classes
        self.blocks: list[tuple[str, str]] = []  # (id, text)
        self._stack: list[tuple[str, bool, bool]] = []  # (tag, inside, skipping)
        self._block: list[str] | None = None
        self._block_id = ""
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        a = {k: (v or "") for k, v in attrs}
        classes = set(a.get("class", "").split())
        inside = (self._stack[-1][1] if self._stack else False) or self.inside in classes
        skipping = (self._stack[-1][2] if self._stack else False) or bool(classes & self.skip)
        self._stack.append((tag, inside, skipping))
        if inside and tag in ("p", "h2", "h3"):
            self._block, self._block_id = [], a.get("id", "")

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while self._stack:
            t, _, _ = self._stack.pop()
            if t == tag:
                break
        if tag in ("p", "h2", "h3") and self._block is not None:
            self.blocks.append((self._block_id, "".join(self._block)))
            self._block = None

    def handle_data(self, data):
        if self._block is not None and not (self._stack and self._stack[-1][2]):
            self._block.append(data)


@functools.cache
def parsed(site: Path, page: str) -> Tags:
    """A built page's tags, parsed once per session (a built site is never changed; rebuilds go elsewhere)."""
    return Tags((site / page).read_text(encoding="utf-8"))


def notebook_charts(path: Path) -> list[tuple[bytes, str]]:
    """The PNG and alt text of every chart output of a notebook, in order."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            if "image/png" in o.get("data", {}):
                alt = o.get("metadata", {}).get("image/png", {}).get("alt") or "".join(o["data"].get("text/plain", ""))
                out.append((base64.b64decode("".join(o["data"]["image/png"])), " ".join(alt.split())))
    return out


def test_there_is_an_index_a_report_an_explorer_a_gallery_a_downloads_page_and_a_page_per_notebook(built):
    assert sorted(built.pages) == sorted(PAGES)
    assert built.warnings == []


def test_the_site_builds_in_a_few_seconds(built):
    assert built.seconds < 15, f"the site took {built.seconds:.1f} s to build"


def test_same_inputs_give_the_same_bytes(built, exported, tmp_path):
    markup.markdown.cache_clear()  # every fragment and thumbnail rendered anew, not reused from the first build
    notebook_page._thumbnail.cache_clear()
    again = site_module.build(tmp_path / "site", figures_dir=exported)
    assert site_module.digest(again.path) == site_module.digest(built.path)


def test_a_stale_figures_folder_is_reported_and_the_notebooks_charts_are_used(exported, tmp_path):
    stale = tmp_path / "figures"
    shutil.copytree(exported, stale)
    name = sorted(stale.glob("*.csv"))[0].name
    (stale / name).write_text("old\n", encoding="utf-8")
    files, warnings = site_module.render(figures_dir=stale)
    assert any("figures/ differs" in w for w in warnings)
    assert files[f"charts/{name}"] == (exported / name).read_bytes()


def test_a_rebuild_replaces_the_site_and_refuses_a_folder_it_did_not_build(built, exported, tmp_path):
    out = tmp_path / "site"
    shutil.copytree(built.path, out)
    (out / "stale.html").write_text("old", encoding="utf-8")
    site_module.build(out, figures_dir=exported)
    assert not (out / "stale.html").exists()
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SystemExit):
        site_module.build(foreign, figures_dir=exported)
    assert (foreign / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_links_of_a_notebook_become_pages_copies_the_annotated_report_or_plain_text(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01_a.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "data" / "processed").mkdir(parents=True)
    (tmp_path / "data" / "processed" / "t.csv").write_text("a\n1\n", encoding="utf-8")
    (tmp_path / "data" / "raw").mkdir()
    (tmp_path / "data" / "raw" / REPORT_FILE).write_text("text", encoding="utf-8")
    (tmp_path / "data" / "raw" / "notes.txt").write_text("notes", encoding="utf-8")
    (tmp_path / "figures").mkdir()
    files: dict[str, bytes] = {}
    warnings: list[str] = []
    links = Links(
        tmp_path / "notebooks", tmp_path / "figures", tmp_path / "data" / "processed", {"ov-1"}, files, warnings
    )
    report = f"../data/raw/{REPORT_FILE}"
    fragment = (
        f'<a href="01_a.ipynb#Top">A</a> <a href="../data/processed/t.csv">T</a> '
        f'<a href="{report}#L12">ov-1</a> <a href="{report}#L12">line 12</a> <a href="{report}">text</a> '
        '<a href="../data/raw/notes.txt"><code>raw</code></a> <a href="https://example.org/x">X</a> '
        '<a href="#Here">H</a> <a href="../data/">folder</a> <a href="../missing.txt">gone</a>'
    )
    assert links.rewrite(fragment, "01_a.ipynb") == (
        '<a href="01_a.html#Top">A</a> <a href="downloads/t.csv">T</a> '
        '<a href="report.html#ov-1">ov-1</a> <a href="report.html#L12">line 12</a> <a href="report.html">text</a> '
        '<a href="files/data/raw/notes.txt"><code>raw</code></a> <a href="https://example.org/x">X</a> '
        '<a href="#Here">H</a> folder gone'
    )
    assert files == {"downloads/t.csv": b"a\n1\n", "files/data/raw/notes.txt": b"notes"}
    assert warnings == ["01_a.ipynb: link to ../missing.txt dropped (not a file of the repository)"]


@pytest.mark.parametrize("page", PAGES)
def test_no_page_refers_to_another_host_for_anything_it_loads(built, page):
    tags = parsed(built.path, page)
    assert [s.get("src") for s in tags.all("script")] in ([], [SCRIPT]), "the only script is the site's own"
    loads = []
    for tag, a in tags.tags:
        if tag == "link":
            loads.append(a.get("href", ""))
        for attr in ("src", "data", "poster", "background"):
            if attr in a and tag != "a":
                loads.append(a[attr])
        if "srcset" in a:
            loads.extend(part.split()[0] for part in a["srcset"].split(",") if part.strip())
    for css in tags.styles:
        loads.extend(u or i for u, i in CSS_URL.findall(css))
    outside = [u for u in loads if EXTERNAL.match(u)]
    assert outside == []
    assert not any(u.startswith("data:") and "http" in u for u in loads)


def test_the_stylesheet_and_the_script_load_nothing_from_another_host(built):
    css = (built.path / "assets" / "style.css").read_text(encoding="utf-8")
    urls = [u or i for u, i in CSS_URL.findall(css)]
    assert [u for u in urls if EXTERNAL.match(u)] == []
    assert "@font-face" not in css
    js = (built.path / SCRIPT).read_text(encoding="utf-8")
    for call in ("fetch(", "XMLHttpRequest", "import(", "WebSocket", "sendBeacon", "http"):
        assert call not in js, f"site.js calls {call}"


@pytest.mark.parametrize("page", PAGES)
def test_every_image_has_alt_text(built, page):
    for img in parsed(built.path, page).all("img"):
        assert img.get("alt", "").strip(), f"{page}: <img src={img.get('src')!r}> has no alt text"


def test_the_index_links_every_page_and_a_thumbnail_of_each_notebooks_key_chart(built):
    tags = parsed(built.path, "index.html")
    links = set(tags.hrefs())
    thumbs = {img["_link"]: img for img in tags.all("img")}
    for page in ["report.html", "explorer.html", "charts.html", "downloads.html"]:
        assert page in links
    for nb in NOTEBOOKS:
        page = f"{nb.stem}.html"
        assert page in links, f"index.html does not link {page}"
        if notebook_charts(nb):
            assert page in thumbs, f"index.html has no thumbnail for {page}"
            assert (built.path / thumbs[page]["src"]).is_file()


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_page_shows_every_chart_with_the_notebooks_alt_text(built, nb):
    charts = notebook_charts(nb)
    imgs = parsed(built.path, f"{nb.stem}.html").all("img")
    assert [img["alt"] for img in imgs] == [alt for _, alt in charts]
    assert [(built.path / img["src"]).read_bytes() for img in imgs] == [png for png, _ in charts]


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_page_opens_with_its_findings_and_folds_its_set_up_at_the_end(built, nb):
    text = (built.path / f"{nb.stem}.html").read_text(encoding="utf-8")
    article = text.split('<article class="notebook">', 1)[1]
    headings = re.findall(r"<h2\b[^>]*>(.*?)</h2>", article, re.S)
    titles = [html.unescape(re.sub(r"<[^>]+>", "", h)).replace("¶", "").strip() for h in headings]
    setup = [t for t in titles if t in ("Overview", "Prerequisites", "Imports", "About this notebook")]
    assert titles[len(titles) - len(setup) :] == setup, f"set-up sections not at the end: {titles}"
    assert len(re.findall(r'<details class="setup"', article)) == len(setup)
    first = article.split('<details class="setup"', 1)[0]
    assert "import mmn_analysis" not in re.sub(r"<[^>]+>", "", first), "the imports come before the findings"
    if "At a glance" in titles:
        assert titles[0] == "At a glance"


GLANCES = [nb for nb in NOTEBOOKS if "mmn.glance(" in nb.read_text(encoding="utf-8")]


@pytest.mark.parametrize("nb", GLANCES, ids=lambda p: p.stem)
def test_every_at_a_glance_number_links_to_its_place_in_the_report(built, nb):
    text = (built.path / f"{nb.stem}.html").read_text(encoding="utf-8")
    glance = re.search(r'<h2 id="At-a-glance">.*?<div class="output prose">(.*?)</div>', text, re.S)
    assert glance, f"{nb.stem}.html shows no At a glance"
    report = parsed(built.path, "report.html").ids()
    items = re.findall(r"<li>(.*?)</li>", glance.group(1), re.S)
    numbers = [i for i in items if "<strong>" in i]
    assert numbers
    for item in numbers:
        ids = re.findall(r'href="report\.html#([^"]+)"', item)
        assert ids and set(ids) <= report, f"{nb.stem}: {plain_text(item)!r} does not link into the report"


def plain_text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_links_between_notebooks_point_to_their_pages_and_none_leaves_the_site(built, nb):
    for href in parsed(built.path, f"{nb.stem}.html").hrefs():
        parts = urlsplit(href)
        if parts.scheme or href.startswith("#"):
            continue
        assert not href.startswith(("/", "..")), href
        assert not parts.path.endswith(".ipynb") or parts.path.startswith("notebooks/"), href
        assert (built.path / unquote(parts.path)).is_file(), href


def test_every_page_can_be_reached_from_the_index(built):
    seen, todo = {"index.html"}, deque(["index.html"])
    while todo:
        for href in parsed(built.path, todo.popleft()).hrefs():
            path = urlsplit(href).path
            if path.endswith(".html") and not urlsplit(href).scheme and path not in seen:
                seen.add(path)
                todo.append(path)
    assert seen == set(PAGES)


def test_every_link_into_a_page_of_the_site_lands_on_an_element(built):
    ids = {page: parsed(built.path, page).ids() for page in PAGES}
    for page in PAGES:
        for href in parsed(built.path, page).hrefs():
            parts = urlsplit(href)
            if parts.scheme or not parts.fragment:
                continue
            target = parts.path or page
            if target.endswith(".html"):
                assert unquote(parts.fragment) in ids[target], f"{page}: {href} lands nowhere"


def test_the_downloads_page_links_every_processed_file_byte_for_byte(built):
    links = set(parsed(built.path, "downloads.html").hrefs())
    files = sorted(p for p in PROCESSED.iterdir() if p.is_file() and not p.name.startswith("."))
    assert {"mmn_annual_report_2017.xlsx", "datapackage.json"} <= {p.name for p in files}
    for p in files:
        assert f"downloads/{p.name}" in links, p.name
        assert (built.path / "downloads" / p.name).read_bytes() == p.read_bytes(), p.name
    for nb in NOTEBOOKS:
        assert f"notebooks/{nb.name}" in links
    assert (built.path / "files" / "data" / "raw" / REPORT_FILE).read_bytes() == (RAW / REPORT_FILE).read_bytes()


# The chart gallery --------------------------------------------------------------------------------


@functools.cache
def drawn() -> tuple[export.DrawnChart, ...]:
    """The charts the stored notebooks drew, read once per session."""
    return tuple(export.drawn_charts(ROOT / "notebooks"))


def test_the_gallery_groups_every_drawn_chart_by_notebook_with_its_title_once(built):
    text = (built.path / "charts.html").read_text(encoding="utf-8")
    groups = re.findall(r'<section class="group" id="nb-([^"]+)"', text)
    charts = drawn()
    assert groups == list(dict.fromkeys(c.notebook.removesuffix(".ipynb") for c in charts))
    for c in charts:
        item = text.split(f'<li class="chart-item" id="{c.name}"', 1)[1].split("</li>", 1)[0]
        visible = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r'<h3 class="vh">.*?</h3>', "", item, flags=re.S)))
        title = c.payload["title"]
        assert html.unescape(item).count(f">{title}</h3>") == 1, f"{c.name}: no heading with its title"
        assert visible.count(title) == 1, f"{c.name}: the title should show once, in its citation"
        assert f"nb-{c.notebook.removesuffix('.ipynb')}" in text.split(f'id="{c.name}"', 1)[0].rsplit("<section", 1)[1]


def test_every_gallery_chart_carries_its_csv_png_svgs_and_citation(built, exported):
    tags = parsed(built.path, "charts.html")
    links = set(tags.hrefs())
    text = (built.path / "charts.html").read_text(encoding="utf-8")
    for c in drawn():
        for suffix in (".csv", ".png", ".svg", ".narrow.svg"):
            path = f"charts/{c.name}{suffix}"
            assert path in links, f"{c.name}: no link to {path}"
            assert (built.path / path).read_bytes() == (exported / f"{c.name}{suffix}").read_bytes(), path
        item = text.split(f'id="{c.name}"', 1)[1].split("</li>", 1)[0]
        cite = html.unescape(re.search(r'<p class="cite">(.*?)</p>', item, re.S).group(1))
        assert c.payload["title"] in cite and c.name in cite
        assert "MMN Annual Report 2017, as data" in cite and f"version {version()}" in cite
        assert "Mekong Migration Network (MMN), Annual Report 2017" in cite
    assert "charts/charts.csv" in links


def test_a_chart_is_cited_with_the_date_its_notebook_last_changed_never_today(built):
    text = (built.path / "charts.html").read_text(encoding="utf-8")
    for c in drawn():
        date = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", c.notebook],
            cwd=ROOT / "notebooks",
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        item = text.split(f'id="{c.name}"', 1)[1].split("</li>", 1)[0]
        if date:
            assert f"({date})" in item, c.name


@pytest.mark.parametrize(
    "nb", [nb for nb in NOTEBOOKS if any(c.notebook == nb.name for c in drawn())], ids=lambda p: p.stem
)
def test_every_chart_on_a_page_has_its_files_its_data_rows_linked_into_the_report_and_a_citation(built, nb):
    text = (built.path / f"{nb.stem}.html").read_text(encoding="utf-8")
    report_ids = parsed(built.path, "report.html").ids()
    for c in (c for c in drawn() if c.notebook == nb.name):
        figure = text.split(f'id="chart-{c.name}"', 1)[1].split("</figure>", 1)[0]
        for suffix in (".csv", ".png", ".svg"):
            assert f'href="charts/{c.name}{suffix}"' in figure
        assert f'srcset="charts/{c.name}.narrow.svg"' in figure
        assert "Cite this chart" in figure and c.payload["title"] in html.unescape(figure)
        linked = re.findall(r'href="report\.html#([^"]+)"', figure)
        assert linked == [str(r["id"]) for r in c.payload["rows"] if r.get("id")]
        assert set(linked) <= report_ids


def test_the_readme_shows_charts_the_notebooks_draw():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Reading without Jupyter", 1)
    assert len(section) == 2, "README.md has no 'Reading without Jupyter' section"
    images = re.findall(r"!\[[^\]]+\]\(figures/([^)]+)\.png\)", section[1])
    assert len(images) >= 2
    assert set(images) <= {c.name for c in drawn()}
    for name in images:
        assert (ROOT / "figures" / f"{name}.png").is_file(), name


def test_the_collection_has_a_citation_file_with_its_version():
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    fields = dict(re.findall(r"^([a-z-]+): *(.*)$", cff, re.M))
    assert fields["cff-version"] == "1.2.0"
    assert fields["version"].strip("\"'") == version()
    assert "as data" in fields["title"]
    for key in ("message", "authors", "license", "references"):
        assert key in fields, f"CITATION.cff has no {key}"
    assert "Mekong Migration Network" in cff


# The annotated report -----------------------------------------------------------------------------


def reader_text(line: str) -> str:
    """A line of the report as the annotated report shows it: \\$ as $, no italic stars, URLs without <>."""
    return re.sub(r"<(https?://[^\s<>]+)>", r"\1", line.replace("\\$", "$")).replace("*", "")


def test_the_annotated_report_holds_the_reports_full_text(built):
    page = (built.path / "report.html").read_text(encoding="utf-8")
    blocks = Blocks(page, "report", {"card"}).blocks
    lines = (RAW / REPORT_FILE).read_text(encoding="utf-8").split("\n")
    wanted = [(n, reader_text(line)) for n, line in enumerate(lines, start=1) if line.strip()]
    assert [text for _, text in blocks] == [text for _, text in wanted]


def test_every_figure_is_highlighted_where_it_stands(built):
    page = (built.path / "report.html").read_text(encoding="utf-8")
    rows = figures_table()
    ids = parsed(built.path, "report.html").ids()
    unanchored = [r["id"] for r in rows if r["id"] not in ids]
    assert unanchored == [], f"{len(unanchored)} of {len(rows)} figures have no anchor in the report"
    for r in rows:
        m = re.search(rf'<span class="fig[^"]*" id="{re.escape(r["id"])}"[^>]*>(.*?)<span class="card"', page, re.S)
        if m is None:  # a second row at the same place: an anchor right before the first row's element
            assert re.search(
                rf'<span id="{re.escape(r["id"])}"></span>(<span id="[^"]+"></span>)*<span class="fig', page
            )
            continue
        shown = html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))
        wanted = reader_text(r["figure"])
        assert shown == wanted or shown.startswith(wanted), f"{r['id']}: highlighted {shown!r}, figure {wanted!r}"


def test_a_figures_card_gives_its_row_and_leads_to_the_explorer_and_its_charts(built):
    page = (built.path / "report.html").read_text(encoding="utf-8")
    explorer = parsed(built.path, "explorer.html").ids()
    gallery = parsed(built.path, "charts.html").ids()
    charts_of: dict[str, set[str]] = {}
    for c in drawn():
        for fid in c.payload["ids"]:
            charts_of.setdefault(fid, set()).add(c.name)
    rows = {r["id"]: r for r in figures_table()}
    cards = {}
    for card in re.findall(r'<span class="card" role="note">(.*?)</span></span>', page, re.S):
        m = re.search(r'href="explorer\.html#([^"]+)"', card)
        if m:
            cards[m.group(1)] = card
    assert len(cards) == len(rows)
    for fid, card in cards.items():
        text = html.unescape(re.sub(r"<[^>]+>", "", card))
        assert reader_text(rows[fid]["label"]) in text
        assert "period:" in text and "value:" in text
        assert f'href="explorer.html#{fid}"' in card and fid in explorer
        for name in charts_of.get(fid, ()):
            assert f'href="charts.html#{name}"' in card and name in gallery
        if rows[fid]["source_id"]:
            assert "Source (" in text, f"{fid}: its card does not cite its source"


def test_footnote_markers_link_to_their_notes_and_back(built):
    tags = parsed(built.path, "report.html")
    ids = tags.ids()
    notes = [h for h in tags.hrefs() if h.startswith("#fn-")]
    backs = [h for h in tags.hrefs() if h.startswith("#fnref-")]
    assert len(notes) > 50 and len(backs) > 50
    assert all(h[1:] in ids for h in notes + backs)


def test_a_fact_checks_two_quotes_are_marked_and_linked_to_each_other(built):
    tags = parsed(built.path, "report.html")
    ids = tags.ids()
    hrefs = set(tags.hrefs())
    with (PROCESSED / "fact_checks.csv").open(encoding="utf-8", newline="") as f:
        checks = list(csv.DictReader(f))
    both = [c for c in checks if c["left_quote"] and c["right_quote"]]
    assert both
    for c in both:
        left, right = f"check-{c['check_id']}-left", f"check-{c['check_id']}-right"
        assert left in ids and right in ids, c["check_id"]
        assert f"#{right}" in hrefs and f"#{left}" in hrefs, c["check_id"]


# The explorer ----------------------------------------------------------------------------------------


def test_the_explorer_lists_every_figure_with_what_a_reader_needs(built):
    page = (built.path / "explorer.html").read_text(encoding="utf-8")
    report = parsed(built.path, "report.html").ids()
    for r in figures_table():
        item = page.split(f'<li id="{r["id"]}"', 1)[1].split("</li>", 1)[0]
        text = html.unescape(re.sub(r"<[^>]+>", "", item))
        for value in (r["figure_display"] or r["figure"], r["label"], r["unit"]):
            assert reader_text(value) in text, f"{r['id']}: {value!r} missing"
        assert reader_text(r["quote"]) in " ".join(text.split()) or reader_text(r["quote"]) in text
        assert f'href="report.html#{r["id"]}"' in item and r["id"] in report


# Tables for readers ---------------------------------------------------------------------------------


def pandas_html(frame) -> str:
    return frame._repr_html_()


def test_a_table_shows_blanks_numbers_as_readers_write_them_dollars_and_links():
    import pandas as pd

    frame = pd.DataFrame(
        {
            "id": ["ov-mmr-10", "x"],
            "value": [3.3e9, 4250000.0],
            "year": pd.array([2017, None], dtype="Int64"),
            "figure": ["USD\\$60", "\\$15 billion"],
            "url": ["https://example.org/a/very/long/path", None],
        }
    )
    out = tables.reader_tables(pandas_html(frame), tables.Restorer([]), {"ov-mmr-10"})
    assert "<NA>" not in html.unescape(out) and "NaN" not in out and "None" not in out
    assert ">3,300,000,000<" in out and ">4,250,000<" in out
    assert ">2017<" in out, "a year keeps its digits together"
    assert "USD$60" in out and ">$15 billion<" in out and "\\$" not in out
    assert '<a class="url" href="https://example.org/a/very/long/path">' in out
    assert '<a href="report.html#ov-mmr-10">ov-mmr-10</a>' in out
    assert "<th>0</th>" not in out, "pandas' row numbers are left out"


def test_a_cell_pandas_cut_short_is_restored_when_one_value_fits():
    import pandas as pd

    long = "Migration and Remittances: Recent Developments and Outlook"
    twins = [
        "A title that is printed twice with two different endings: one",
        "A title that is printed twice with two different endings: two",
    ]
    frame = pd.DataFrame({"title": [long, twins[0]]})
    out = tables.reader_tables(pandas_html(frame), tables.Restorer([long, *twins]), set())
    assert long in out
    assert "endings: one" not in out, "two values fit the cut cell: it stays as pandas cut it"


def test_a_label_from_the_data_never_becomes_markup_in_a_table():
    import pandas as pd

    out = tables.reader_tables(pandas_html(pd.DataFrame({"label": [HOSTILE]})), tables.Restorer([]), set())
    assert "<script>" not in out and '"onmouseover' not in out


def hostile_inputs(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of data/processed whose first figure's label is hostile, and a notebook whose prose and chart are."""
    processed = tmp_path / "processed"
    shutil.copytree(PROCESSED, processed)
    path = processed / "figures.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    label = rows[0].index("label")
    for row in rows[1:]:
        row[label] = HOSTILE
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    source = next(nb for nb in NOTEBOOKS if any(c.notebook == nb.name for c in drawn()))
    nb = json.loads(source.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "markdown", "id": "hostile", "metadata": {}, "source": [f"Hostile: {HOSTILE}"]})
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "text/markdown" in data:
                data["text/markdown"] = f"**{HOSTILE}** " + "".join(data["text/markdown"])
            if export.MIMETYPE in data:
                data[export.MIMETYPE]["title"] = HOSTILE
                data[export.MIMETYPE]["alt"] = HOSTILE
                for r in data[export.MIMETYPE]["rows"]:
                    r["label"] = HOSTILE
    (notebooks / source.name).write_text(json.dumps(nb), encoding="utf-8")
    return processed, notebooks


def test_a_hostile_label_never_becomes_markup_or_script(tmp_path):
    processed, notebooks = hostile_inputs(tmp_path)
    files, _ = site_module.render(notebooks_dir=notebooks, figures_dir=tmp_path / "none", processed_dir=processed)
    pages = {name: data.decode("utf-8") for name, data in files.items() if name.endswith(".html")}
    for name, text in pages.items():
        tags = Tags(text)
        assert [s.get("src") for s in tags.all("script")] in ([], [SCRIPT]), name
        handlers = [(t, k) for t, a in tags.tags for k in a if k.startswith("on")]
        assert handlers == [], f"{name}: event handler attributes {handlers}"
    assert "&lt;script&gt;" in pages["explorer.html"] and "&lt;script&gt;" in pages["report.html"]


# In a real browser ------------------------------------------------------------------------------


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, naming the fix; None when they can."""
    if not bc.CHROMIUM.exists():
        return f"no {bc.CHROMIUM}: the browser tests need Debian's chromium (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: `make setup` installs it from requirements.lock"
    return None


def skip_or_fail(reason: str) -> None:
    """Skip with the reason (pytest's summary prints it), except under CI, where nothing may skip."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}. CI is set, so the browser tests may not be skipped.", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if reason := browser_missing():
        skip_or_fail(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = bc.launch(pw)
        yield b
        b.close()


def test_without_chromium_the_browser_tests_skip_naming_the_fix(monkeypatch, tmp_path):
    monkeypatch.setattr(bc, "CHROMIUM", tmp_path / "chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"apt-get install chromium"):
        skip_or_fail(browser_missing())


def test_without_chromium_the_browser_tests_fail_under_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(bc, "CHROMIUM", tmp_path / "chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"apt-get install chromium.*CI is set"):
        skip_or_fail(browser_missing())


@pytest.fixture(scope="session")
def server(built):
    with bc.serve(built.path) as base:
        yield base


@pytest.fixture(scope="session")
def fetch():
    """GET a URL of the local server once: (status, body)."""
    cache: dict[str, tuple[int, bytes]] = {}

    def get(url: str) -> tuple[int, bytes]:
        assert bc.is_local(url), url
        if url not in cache:
            try:
                with urlopen(url, timeout=30) as r:
                    cache[url] = (r.status, r.read())
            except HTTPError as e:
                cache[url] = (e.code, b"")
        return cache[url]

    return get


@functools.cache
def _ids(url: str, body: bytes) -> frozenset[str]:
    return frozenset(html.unescape(i) for i in re.findall(r'\bid="([^"]*)"', body.decode("utf-8")))


def ids_of(url: str, body: bytes) -> frozenset[str]:
    """The element ids of a fetched page, parsed once per page however many links point into it."""
    return _ids(url, body)


def check_layout(seen: dict, width: int) -> None:
    """What a reader sees at one width: every image rendered with alt text, no sideways scroll, charts no
    smaller than their text allows, the narrow SVG on phones, and no raw value on the page."""
    assert seen["pictures"] == [], f"pictures that do not show the source their media queries pick at {width} px"
    unrendered = [i["src"] for i in seen["images"] if not (i["complete"] and i["width"] > 0)]
    assert unrendered == [], f"images that did not render at {width} px"
    assert all((i["alt"] or "").strip() for i in seen["images"])
    assert seen["overflow"]["scroll"] <= width, (
        f"at {width} px the page scrolls sideways: {seen['overflow']['scroll']} px"
    )
    for chart in seen["charts"]:
        scale = chart["rendered"] / chart["natural"]
        assert scale >= bc.MIN_SCALE, f"{chart['src']} shown at {scale:.2f} of its natural width at {width} px"
        if chart["minText"] is not None:
            assert chart["minText"] >= bc.MIN_TEXT, f"{chart['src']}: text at {chart['minText']:.1f} CSS px"
    if width < 600 and any(c["src"].endswith(".narrow.svg") for c in seen["charts"]):
        assert all(c["src"].endswith(".svg") for c in seen["charts"] if "/charts/" in c["src"]), (
            "phones get the narrow SVG"
        )
    words = seen["text"]
    for raw in ("<NA>", "NaN", "\\$"):
        assert raw not in words, f"{raw!r} shows on the page at {width} px"
    assert not re.search(r"\d\.\d+e[+-]\d+", words), "a number in scientific notation shows on the page"


def check_contents_first(seen: dict, page: str, width: int) -> None:
    """On a phone, a long page opens with its "On this page" contents, before its first section."""
    toc = seen["toc"]
    assert toc and toc["visible"], f"{page}: no 'On this page' at {width} px"
    assert toc["y"] < 900, f"{page}: 'On this page' at y = {toc['y']:.0f}"
    assert toc["first"] is not None and toc["y"] < toc["first"], f"{page}: 'On this page' after the first section"


@pytest.fixture(scope="session")
def tab(browser):
    """One browser tab at desktop width that visits every page in turn, and the requests it has made."""
    requests: list[str] = []
    context = bc.new_context(browser, requests, max(bc.WIDTHS))
    yield context.new_page(), requests
    context.close()


@pytest.mark.parametrize("page", PAGES)
def test_the_page_in_headless_chromium(tab, server, built, fetch, page):
    """Each page at desktop width, then laid out again at a phone's width (one load)."""
    wide, *narrow = sorted(bc.WIDTHS, reverse=True)
    browser_tab, requests = tab
    requests.clear()
    seen = bc.visit(browser_tab, server + page, narrower=tuple(narrow))

    assert seen["status"] == 200
    assert seen["console"] == [], "console errors"
    assert seen["pageerrors"] == [], "page errors"
    assert seen["failed"] == [], "failed requests"
    assert seen["bad_status"] == [], "responses with an error status"
    assert server + page in requests
    assert [u for u in requests if not bc.is_local(u)] == [], "requests to other hosts"
    check_layout(seen, wide)
    for width, at in seen["narrower"].items():
        check_layout(at, width)
        if page == "report.html" or page.removesuffix(".html") in {nb.stem for nb in NOTEBOOKS}:
            check_contents_first(at, page, width)

    page_url = server + page
    for link in seen["links"]:
        parts = urlsplit(link["href"])
        if (parts.scheme in ("http", "https") and parts.hostname != bc.HOST) or parts.scheme == "mailto":
            continue  # a link to another site: a reader may follow it, the page does not load it
        assert parts.scheme == "http" and parts.hostname == bc.HOST, f"unexpected link {link['raw']!r}"
        url = urlunsplit(parts._replace(fragment=""))
        status, body = fetch(url)
        assert status == 200, f"{link['raw']!r} -> {url}: HTTP {status}"
        local = built.path / unquote(parts.path.lstrip("/"))
        if link["download"] or parts.path.startswith("/downloads/"):
            assert body == local.read_bytes(), f"download {link['raw']!r} differs from the file"
            if parts.path.startswith("/downloads/"):
                assert body == (PROCESSED / local.name).read_bytes(), f"{local.name} differs from data/processed"
        if parts.fragment:
            target = unquote(parts.fragment)
            ids = set(seen["ids"]) if url == page_url else ids_of(url, body)
            assert target in ids, f"{link['raw']!r}: no element with id {target!r}"


def test_every_figure_id_resolves_on_the_annotated_report(tab, server):
    ids = [r["id"] for r in figures_table()]
    page, _ = tab
    page.goto(server + "report.html")
    missing = page.evaluate("(ids) => ids.filter((i) => !document.getElementById(i))", ids)
    assert missing == [], f"{len(missing)} figure ids do not resolve in the browser: {missing[:10]}"


@pytest.mark.parametrize("width", bc.WIDTHS)
def test_a_figure_of_the_report_shows_its_card_and_leads_to_its_explorer_row_and_back(browser, tab, server, width):
    rows = {r["id"]: r for r in figures_table()}
    fid = next(i for i, r in rows.items() if r["source_id"])
    # the desktop tab, or a phone's (a touch screen, to tap)
    context = None if width == tab[0].viewport_size["width"] else bc.new_context(browser, [], width)
    try:
        page = tab[0] if context is None else context.new_page()
        page.goto(server + "report.html")
        figure = page.locator(f'[id="{fid}"]')
        if width < 600:
            figure.tap()
        else:
            figure.hover()
        card = figure.locator(":scope > .card")
        assert card.is_visible()
        assert reader_text(rows[fid]["label"]) in card.inner_text()
        box = card.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, "the card stays on the screen"
        figure.click()
        card.locator(f'a[href="explorer.html#{fid}"]').click()
        page.wait_for_url(f"**/explorer.html#{fid}")
        row = page.locator(f'[id="{fid}"]')
        assert row.is_visible() and row.evaluate("(e) => e.matches(':target')")
        row.locator(f'a[href="report.html#{fid}"]').click()
        page.wait_for_url(f"**/report.html#{fid}")
        assert page.locator(f'[id="{fid}"]').evaluate("(e) => e.matches(':target')")
    finally:
        if context is not None:
            context.close()


def visible_rows(page) -> list[str]:
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('#figure-list > li:not([hidden])')).map((li) => li.id)"
    )


def check_filtering(page) -> None:
    total = len(figures_table())
    assert len(visible_rows(page)) == total
    page.fill("#q", "remittances")
    shown = visible_rows(page)
    assert 0 < len(shown) < total
    texts = page.evaluate(
        "() => Array.from(document.querySelectorAll('#figure-list > li')).map((li) => [li.hidden, Array.from(li.children)"
        ".filter((c) => !c.classList.contains('links')).map((c) => c.textContent).join(' ').toLowerCase()])"
    )
    assert all(("remittances" in t) != hidden for hidden, t in texts), "shown exactly the rows that say remittances"
    # (a row's links to other pages are not searched: a chart title there names other countries)
    assert f"{len(shown)} of {total:,}" in page.locator("form output").inner_text()
    page.fill("#q", "remittances myanmar")
    both = visible_rows(page)
    assert both and set(both) < set(shown)
    page.fill("#q", "ov-mmr-12")
    assert visible_rows(page) == ["ov-mmr-12"]
    page.fill("#q", "")
    page.select_option("#f-country", "Cambodia")
    cambodia = visible_rows(page)
    assert cambodia and all(
        "Cambodia" in page.get_attribute(f'[id="{i}"]', "data-country").split(";") for i in cambodia
    )
    page.fill("#q", "no such words anywhere")
    assert visible_rows(page) == [] and page.locator(".none").is_visible()


def test_the_explorer_filters_by_text_id_and_country_over_http(browser, server):
    context = bc.new_context(browser, [], 390)
    try:
        page = context.new_page()
        page.goto(server + "explorer.html")
        check_filtering(page)
    finally:
        context.close()


def test_the_explorer_works_from_a_file_without_a_server(browser, built):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((built.path / "explorer.html").as_uri())
        check_filtering(page)
        assert errors == []
        assert all(u.startswith("file://") for u in requests), [u for u in requests if not u.startswith("file://")]
    finally:
        context.close()


def test_the_gallery_filter_narrows_the_charts(tab, server):
    charts = drawn()
    page, _ = tab
    page.goto(server + "charts.html")
    name = charts[-1].name
    page.fill("#q", name)
    shown = page.evaluate("() => Array.from(document.querySelectorAll('[data-item]:not([hidden])')).map((e) => e.id)")
    assert shown == [name]


def test_the_explorer_stays_quick_with_30_times_the_figures(browser, tmp_path):
    c = read_collection(ROOT / "notebooks", PROCESSED, RAW)
    many = [dict(f, id=f"{f['id']}-x{k}") for k in range(30) for f in c.figures]
    c.figures = many
    c.__post_init__()
    rows = explorer_rows(c, {f["id"] for f in many})
    env = site_module._environment()
    page_html = env.get_template("explorer.html.j2").render(
        active="explorer", rows=rows, facets=facets(rows), version=version()
    )
    (tmp_path / "explorer.html").write_text(page_html, encoding="utf-8")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "site.js").write_bytes((site_module.TEMPLATES / "site.js").read_bytes())
    (tmp_path / "assets" / "style.css").write_bytes(site_module.stylesheet())
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto((tmp_path / "explorer.html").as_uri())
        timings = page.evaluate(
            """(words) => words.map((w) => {
                const q = document.getElementById('q');
                const t0 = performance.now();
                q.value = w;
                q.dispatchEvent(new Event('input', {bubbles: true}));
                document.body.getBoundingClientRect();  // the browser lays the list out again
                return [w, performance.now() - t0,
                        document.querySelectorAll('#figure-list > li:not([hidden])').length];
            })""",
            ["r", "remittances", "remittances myanmar", "ov-mmr-12-x7", "", "myanmar", "ov-mmr-12", "cambodia"],
        )
        capped = page.locator("form output").inner_text()
        page.click("button.more")  # the reader asks for every match of the last search
        everything = page.evaluate("() => document.querySelectorAll('#figure-list > li:not([hidden])').length")
        after = page.locator("form output").inner_text()
    finally:
        context.close()
    print("filtering", len(many), "rows:", ", ".join(f"{w!r} {ms:.0f} ms ({n} shown)" for w, ms, n in timings))
    shown = {w: n for w, _, n in timings}
    assert shown["ov-mmr-12-x7"] == 1
    assert shown["ov-mmr-12"] == 30
    assert shown[""] == 400, "at most 400 rows are laid out at once"
    matched = int(re.match(r"([\d,]+) of", capped).group(1).replace(",", ""))
    assert matched > 400 and "the first 400 shown" in capped
    assert everything == matched and "shown" not in after
    times = sorted(ms for _, ms, _ in timings)
    assert times[len(times) // 2] < 300, f"filtering {len(many)} rows: median {times[len(times) // 2]:.0f} ms"
    assert times[-1] < 2000, f"filtering {len(many)} rows took {times[-1]:.0f} ms"
