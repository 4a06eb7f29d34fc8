"""Where a notebook's links point in the site.

A notebook links other notebooks, files of the repository and lines of the report. In the site a
notebook becomes its page, a processed table its download, a repository file a copy, and a link to
the report's text the annotated report: at the figure a link names (``report.html#ov-mmr-12``),
else at the line (``report.html#L217``).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..paths import REPORT_FILE

ANCHOR = re.compile(r'<a\b([^>]*?)\bhref="([^"]*)"([^>]*)>(.*?)</a>', re.S)
IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')
TAG = re.compile(r"<[^>]+>")
REPORT_PAGE = "report.html"
#: Pages of the site itself, which the site's own markup links (a figure id in a table, say).
SITE_PAGES = {"index.html", REPORT_PAGE, "explorer.html", "charts.html", "downloads.html"}


def plain(fragment: str) -> str:
    """Visible text of an HTML fragment, on one line."""
    return " ".join(html.unescape(TAG.sub("", fragment)).split())


class Links:
    """Resolves links for one build; copies the files they need into ``files`` (site path -> bytes)."""

    def __init__(
        self,
        notebooks_dir: Path,
        figures_dir: Path,
        processed_dir: Path,
        figure_ids: set[str],
        files: dict[str, bytes],
        warnings: list[str],
    ):
        self.notebooks_dir = notebooks_dir.resolve()
        self.root = self.notebooks_dir.parent
        self.figures_dir = figures_dir.resolve()
        self.processed_dir = processed_dir.resolve()
        self.report = (self.root / "data" / "raw" / REPORT_FILE).resolve()
        self.figure_ids = figure_ids
        self.files = files
        self.warnings = warnings
        self.stems = {p.stem for p in self.notebooks_dir.glob("*.ipynb")}

    def resolve(self, url: str, where: str, text: str = "") -> str | None:
        """Where a link points in the site: unchanged for other hosts and in-page anchors, the page of a
        notebook, the annotated report, a copy of a repository file; None to drop the link."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path or parts.path in SITE_PAGES:
            return url
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        target = (self.notebooks_dir / unquote(parts.path)).resolve()
        if target.suffix == ".ipynb" and target.parent == self.notebooks_dir and target.stem in self.stems:
            return f"{target.stem}.html{fragment}"
        if target == self.report:
            return REPORT_PAGE + (f"#{text}" if text in self.figure_ids else fragment)
        if target.is_dir():
            if target == self.processed_dir:
                return "downloads.html"
            if target == self.figures_dir:
                return "charts.html"
            if target == self.report.parent:
                return REPORT_PAGE
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

    def rewrite(self, fragment: str, where: str) -> str:
        """Every link and image source of an HTML fragment, pointed where it belongs in the site."""

        def anchor(m: re.Match) -> str:
            new = self.resolve(html.unescape(m.group(2)), where, plain(m.group(4)))
            if new is None:
                return m.group(4)
            return f'<a{m.group(1)}href="{html.escape(new)}"{m.group(3)}>{m.group(4)}</a>'

        def image(m: re.Match) -> str:
            new = self.resolve(html.unescape(m.group(2)), where)
            return f"{m.group(1)}{html.escape(new or '')}{m.group(3)}"

        return IMG_SRC.sub(image, ANCHOR.sub(anchor, fragment))
