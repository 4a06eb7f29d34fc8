"""The reader's edition (``python -m mmn_analysis site``): built offline, and read in a real browser.

The site is built into a temporary folder from the stored notebooks, figures/ and data/processed/,
served on 127.0.0.1, and every page is opened in headless Chromium (Debian's /usr/bin/chromium,
driven by Playwright): no console or page error, every image rendered, every internal link and
download resolving, and no request leaving the machine. Where Chromium is missing the browser
tests skip, except under CI (the environment variable CI set), where they fail.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import shutil
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import unquote, urlsplit, urlunsplit
from urllib.request import urlopen

import browser_check as bc
import pytest

from mmn_analysis.edition import site as site_module
from mmn_analysis.paths import PROCESSED, ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PAGES = ["index.html", "charts.html", "downloads.html"] + [f"{p.stem}.html" for p in NOTEBOOKS]
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)  # http://, https://, //host (anything with a host)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]?([^'\";\s]+)", re.I)


# The build ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    return site_module.build(tmp_path_factory.mktemp("site") / "site")


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, and each <img>'s enclosing link."""

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


def parsed(site: Path, page: str) -> Tags:
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


def test_there_is_an_index_a_gallery_a_downloads_page_and_a_page_per_notebook(built):
    assert sorted(built.pages) == sorted(PAGES)
    assert built.warnings == []


def test_the_site_builds_in_a_few_seconds(built):
    assert built.seconds < 30, f"the site took {built.seconds:.1f} s to build"


def test_same_inputs_give_the_same_bytes(built, tmp_path):
    again = site_module.build(tmp_path / "site")
    assert site_module.digest(again.path) == site_module.digest(built.path)


def test_a_rebuild_replaces_the_site_and_refuses_a_folder_it_did_not_build(built, tmp_path):
    out = tmp_path / "site"
    shutil.copytree(built.path, out)
    (out / "stale.html").write_text("old", encoding="utf-8")
    site_module.build(out)
    assert not (out / "stale.html").exists()
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SystemExit):
        site_module.build(foreign)
    assert (foreign / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_links_of_a_notebook_become_pages_copies_or_plain_text(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01_a.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "data" / "processed").mkdir(parents=True)
    (tmp_path / "data" / "processed" / "t.csv").write_text("a\n1\n", encoding="utf-8")
    (tmp_path / "data" / "raw").mkdir()
    (tmp_path / "data" / "raw" / "report.txt").write_text("text", encoding="utf-8")
    (tmp_path / "figures").mkdir()
    b = site_module.Builder(tmp_path / "notebooks", tmp_path / "figures", tmp_path / "data" / "processed", {})
    fragment = (
        '<a href="01_a.ipynb#Top">A</a> <a href="../data/processed/t.csv">T</a> '
        '<a href="../data/raw/report.txt"><code>raw</code></a> <a href="https://example.org/x">X</a> '
        '<a href="#Here">H</a> <a href="../data/raw/">folder</a> <a href="../missing.txt">gone</a>'
    )
    assert b.rewrite_links(fragment, "01_a.ipynb") == (
        '<a href="01_a.html#Top">A</a> <a href="downloads/t.csv">T</a> '
        '<a href="files/data/raw/report.txt"><code>raw</code></a> <a href="https://example.org/x">X</a> '
        '<a href="#Here">H</a> folder gone'
    )
    assert b.files == {"downloads/t.csv": b"a\n1\n", "files/data/raw/report.txt": b"text"}
    assert b.warnings == ["01_a.ipynb: link to ../missing.txt dropped (not a file of the repository)"]


@pytest.mark.parametrize("page", PAGES)
def test_no_page_refers_to_another_host_for_anything_it_loads(built, page):
    tags = parsed(built.path, page)
    assert tags.all("script") == [], "the pages need no script"
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


def test_the_stylesheet_loads_nothing_from_another_host(built):
    css = (built.path / "assets" / "style.css").read_text(encoding="utf-8")
    urls = [u or i for u, i in CSS_URL.findall(css)]
    assert [u for u in urls if EXTERNAL.match(u)] == []
    assert "@font-face" not in css


@pytest.mark.parametrize("page", PAGES)
def test_every_image_has_alt_text(built, page):
    for img in parsed(built.path, page).all("img"):
        assert img.get("alt", "").strip(), f"{page}: <img src={img.get('src')!r}> has no alt text"


def test_the_index_links_every_notebook_page_with_a_thumbnail_of_its_key_chart(built):
    tags = parsed(built.path, "index.html")
    links = {a.get("href") for a in tags.all("a")}
    thumbs = {img["_link"]: img for img in tags.all("img")}
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
def test_links_between_notebooks_point_to_their_pages_and_none_leaves_the_site(built, nb):
    for a in parsed(built.path, f"{nb.stem}.html").all("a"):
        href = a.get("href", "")
        parts = urlsplit(href)
        if parts.scheme or href.startswith("#"):
            continue
        assert not href.startswith(("/", "..")), href
        assert not parts.path.endswith(".ipynb") or parts.path.startswith("notebooks/"), href
        assert (built.path / unquote(parts.path)).is_file(), href


def test_every_page_can_be_reached_from_the_index(built):
    seen, todo = {"index.html"}, deque(["index.html"])
    while todo:
        for a in parsed(built.path, todo.popleft()).all("a"):
            path = urlsplit(a.get("href", "")).path
            if path.endswith(".html") and not urlsplit(a["href"]).scheme and path not in seen:
                seen.add(path)
                todo.append(path)
    assert seen == set(PAGES)


def test_the_downloads_page_links_every_processed_file_byte_for_byte(built):
    links = {a.get("href") for a in parsed(built.path, "downloads.html").all("a")}
    files = sorted(p for p in PROCESSED.iterdir() if p.is_file() and not p.name.startswith("."))
    assert {"mmn_annual_report_2017.xlsx", "datapackage.json"} <= {p.name for p in files}
    for p in files:
        assert f"downloads/{p.name}" in links, p.name
        assert (built.path / "downloads" / p.name).read_bytes() == p.read_bytes(), p.name
    for nb in NOTEBOOKS:
        assert f"notebooks/{nb.name}" in links


def test_the_gallery_shows_every_exported_chart_with_its_alt_text_and_links_its_svg(built):
    from mmn_analysis.charts.catalogue import catalogue

    tags = parsed(built.path, "charts.html")
    imgs = {img["src"]: img for img in tags.all("img")}
    links = {a.get("href") for a in tags.all("a")}
    pngs = sorted((ROOT / "figures").glob("*.png"))
    assert len(imgs) == len(pngs)
    charts = catalogue()
    for png in pngs:
        assert png.stem in charts, f"figures/{png.name} is not a chart of mmn_analysis.charts.catalogue.catalogue()"
        img = imgs[f"charts/{png.name}"]
        assert img["alt"] == charts[png.stem]().alt, png.name
        assert img["_link"] == f"charts/{png.stem}.svg"
        assert f"charts/{png.stem}.svg" in links
        assert (built.path / "charts" / png.name).read_bytes() == png.read_bytes()


def test_the_readme_gallery_shows_charts_that_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Reading without Jupyter", 1)
    assert len(section) == 2, "README.md has no 'Reading without Jupyter' section"
    images = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", section[1])
    assert len(images) >= 3
    for path in images:
        assert (ROOT / path).is_file(), path


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


@pytest.mark.parametrize("page", PAGES)
def test_the_page_in_headless_chromium(browser, server, built, fetch, page):
    requests: list[str] = []
    context = bc.new_context(browser, requests)
    try:
        seen = bc.visit(context, server + page)
    finally:
        context.close()

    assert seen["status"] == 200
    assert seen["console"] == [], "console errors"
    assert seen["pageerrors"] == [], "page errors"
    assert seen["failed"] == [], "failed requests"
    assert seen["bad_status"] == [], "responses with an error status"

    unrendered = [i["src"] for i in seen["images"] if not (i["complete"] and i["width"] > 0)]
    assert unrendered == [], "images that did not render"
    assert all((i["alt"] or "").strip() for i in seen["images"])

    assert server + page in requests
    assert [u for u in requests if not bc.is_local(u)] == [], "requests to other hosts"

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
            ids = (
                seen["ids"]
                if url == page_url
                else [html.unescape(i) for i in re.findall(r'\bid="([^"]*)"', body.decode("utf-8"))]
            )
            assert target in ids, f"{link['raw']!r}: no element with id {target!r}"
