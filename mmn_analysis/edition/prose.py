"""Numbers in a notebook's prose, written from the tables: no number is ever typed.

A notebook writes its story as a template; ``{ov-mmr-02}`` becomes the figure as the report prints it
("an estimated 4.25 million") followed by its id, linked to the line of the report that states it.
``{ov-mmr-02:period}`` gives the figure's period, ``{ov-mmr-02:label}`` what it measures.

    mmn.story("Myanmar has {ov-mmr-02} nationals abroad.")

In Jupyter the result renders as Markdown; its plain-text form (what nbval compares) carries the same
words with the ids in brackets.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from ..charts.style import clean, human_date
from ..paths import REPORT_FILE, ROOT
from ..trace import traced

NOTEBOOKS_DIR = ROOT / "notebooks"

PLACEHOLDER = re.compile(r"\{([a-z0-9]+(?:-[a-z0-9]+)*)(?::(period|label|figure))?\}")
#: Where a figure's id links: its line of the report (GitHub and JupyterLab open the text file there;
#: the reader's edition points the link at the figure in its annotated report).
REPORT_LINK = f"../data/raw/{REPORT_FILE}"


class ProseError(KeyError):
    """A template names a figure id the tables do not have."""


@lru_cache(maxsize=1)
def _figures() -> dict[str, dict]:
    from ..api import load

    f = load("figures")
    return {str(r["id"]): r for r in f.astype(object).where(f.notna(), None).to_dict("records")}


def figure_row(figure_id: str) -> dict:
    rows = _figures()
    if figure_id not in rows:
        raise ProseError(f"no figure {figure_id!r} in the figures table")
    return rows[figure_id]


@traced
def says(figure_id: str) -> str:
    """The figure as the report prints it, for a title or a label: 'an estimated 4.25 million'."""
    return clean(figure_row(figure_id)["figure"])


@traced
def link(figure_id: str) -> str:
    """A Markdown link from a figure id to the report's line that states it."""
    return f"[{figure_id}]({REPORT_LINK}#L{figure_row(figure_id)['line']})"


def _period(row: dict) -> str:
    p = row.get("period") or ""
    if not p:
        return "an unstated date"
    start, _, end = str(p).partition("/")
    return human_date(start) + (f" to {human_date(end)}" if end else "")


class Prose:
    """A paragraph written from a template: Markdown in Jupyter, plain text for comparison."""

    def __init__(self, markdown: str, plain: str):
        self.markdown = markdown
        self.plain = plain

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        return self.plain


def _fill(template: str, linked: bool) -> str:
    def sub(m: re.Match) -> str:
        row = figure_row(m.group(1))
        what = m.group(2) or "figure"
        if what == "period":
            return _period(row)
        if what == "label":
            return clean(row["label"])
        text = clean(row["figure"])
        ref = link(m.group(1)) if linked else m.group(1)
        return f"**{text}** <sup>{ref}</sup>" if linked else f"{text} [{ref}]"

    return PLACEHOLDER.sub(sub, template)


@traced
def story(template: str) -> Prose:
    """A paragraph (or several, separated by blank lines) with figures filled in from the tables."""
    text = "\n".join(line.strip() for line in template.strip().split("\n"))
    return Prose(_fill(text, linked=True), _fill(text, linked=False))


def placeholders(template: str) -> list[str]:
    """The figure ids a template names."""
    return [m.group(1) for m in PLACEHOLDER.finditer(template)]


#: Reading speed for the estimate, and the time a reader spends on each chart.
WORDS_PER_MINUTE = 200
SECONDS_PER_CHART = 20


def reading_minutes(notebook: str | Path) -> int:
    """Minutes to read a notebook, computed from its source: its prose (Markdown, story templates) and its charts."""
    path = Path(notebook)
    if not path.suffix:
        path = NOTEBOOKS_DIR / f"{notebook}.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    words = 0
    charts = 0
    for cell in nb.get("cells", []):
        src = "".join(cell.get("source", []))
        if cell.get("cell_type") == "markdown" or "story(" in src:
            words += len(re.findall(r"[A-Za-z]+", PLACEHOLDER.sub("figure", src)))
        if cell.get("cell_type") == "code":  # from the source, so the estimate never depends on stored outputs
            charts += len(re.findall(r"\bcharts\.(?:bars|timeline|counts)\(", src))
    return max(1, math.ceil(words / WORDS_PER_MINUTE + charts * SECONDS_PER_CHART / 60))
