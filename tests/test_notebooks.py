"""The notebooks as stored: executed in order, clean outputs, findings first, no number typed in.

nbval (run on notebooks/ by the same pytest command) proves the stored outputs equal a fresh run;
these tests prove the stored notebooks are worth comparing against, and worth reading.
"""

from __future__ import annotations

import ast
import json
import re
from itertools import combinations
from pathlib import Path

import pytest

from mmn_analysis.edition.notebooks import decide
from mmn_analysis.edition.prose import PLACEHOLDER, reading_minutes
from mmn_analysis.paths import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
COUNTRY_NOTEBOOKS = [p for p in NOTEBOOKS if re.match(r"0[1-6]_", p.name)]
#: Findings first; set-up and references at the end.
SKELETON = [
    "## At a glance",
    "## Explore further",
    "## Summary",
    "## What's next",
    "## About this notebook",
    "## Resources",
]
LEAKS = re.compile(r"/root/|/home/|/tmp/|/Users/|/work/|C:\\\\|0x[0-9a-f]{6,}")
#: Country names and their adjectives, masked before prose is compared across notebooks.
COUNTRY_WORDS = re.compile(
    r"\b(Burma/ Myanmar|Myanmar|Burmese|Cambodia|Cambodian|Khmer|China|Chinese|Lao PDR|Laos|Lao|Laotian|Thailand|Thai"
    r"|Vietnam|Viet Nam|Vietnamese)('s)?\b"
)
REPORT_YEAR = "2017"
FIGURE_ID = re.compile(r"\b[a-z]+(?:-[a-z0-9]+)+\b")
SHINGLE = 6  # words


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def headings(nb: dict) -> list[str]:
    return [
        line
        for c in nb["cells"]
        if c["cell_type"] == "markdown"
        for line in text(c["source"]).split("\n")
        if line.startswith("## ")
    ]


def prose(nb: dict) -> str:
    """What a reader reads: Markdown cells and the paragraphs written from templates (figures masked)."""
    parts = [text(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    for c in code_cells(nb):
        if "mmn.story(" in text(c["source"]):
            parts.append(text(c["source"]))
    body = "\n".join(parts)
    body = PLACEHOLDER.sub(" ", body)
    body = re.sub(r"\]\([^)]*\)", "]", body)  # link targets
    body = re.sub(r"mmn\.story\(|\"\"\"|\)", " ", body)
    return body


def shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def words_of(nb: dict) -> list[str]:
    masked = COUNTRY_WORDS.sub("COUNTRY", prose(nb))
    return re.findall(r"[a-z]+", masked.lower())


def test_there_is_a_notebook_per_country_and_theme():
    stems = {p.stem for p in NOTEBOOKS}
    for name in [
        "overview",
        "myanmar",
        "cambodia",
        "china",
        "lao_pdr",
        "thailand",
        "vietnam",
        "destinations",
        "remittances",
        "thai_registration",
        "mmn_work",
        "fact_check",
    ]:
        assert any(s.endswith(name) for s in stems), name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_code_cell_was_executed_top_to_bottom_in_one_kernel(path):
    counts = [c["execution_count"] for c in code_cells(load(path))]
    assert counts == list(range(1, len(counts) + 1))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_output_is_an_error_a_warning_an_address_or_a_machine_path(path):
    for cell in code_cells(load(path)):
        for out in cell["outputs"]:
            assert out["output_type"] != "error"
            assert not (out["output_type"] == "stream" and out["name"] == "stderr"), out
            text_out = json.dumps({k: v for k, v in out.get("data", {}).items() if k.startswith("text/")})
            text_out += json.dumps(out.get("text", ""))
            assert not LEAKS.search(text_out), LEAKS.search(text_out).group(0)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_opens_with_its_findings_and_keeps_one_skeleton(path):
    nb = load(path)
    first = text(nb["cells"][0]["source"])
    assert first.startswith("# "), "a title first"
    assert len(re.sub(r"^# .*\n", "", first).strip()) > 80, "then a lede of a sentence or two"
    heads = headings(nb)
    assert heads and heads[0] == "## At a glance", heads[:3]
    positions = [next((i for i, h in enumerate(heads) if h.startswith(s)), None) for s in SKELETON]
    assert None not in positions, f"missing: {[s for s, p in zip(SKELETON, positions) if p is None]}"
    assert positions == sorted(positions)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_at_a_glance_is_on_the_first_screen(path):
    """Nothing but the title, the lede and the imports comes before At a glance."""
    nb = load(path)
    before = next(i for i, c in enumerate(nb["cells"]) if "## At a glance" in text(c["source"]))
    assert before <= 3
    glance = nb["cells"][before + 1]
    assert glance["cell_type"] == "code" and "mmn.glance(" in text(glance["source"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_number_is_typed_into_a_notebook(path):
    """Numbers come from the tables: no numeric literal in code, no digit in prose, titles or labels.

    The report's own year may be named; figure placeholders, link targets and inline code are not prose.
    """
    nb = load(path)
    for cell in nb["cells"]:
        src = text(cell["source"])
        if cell["cell_type"] == "code":
            tree = ast.parse(src)
            numbers = [
                n.value
                for n in ast.walk(tree)
                if isinstance(n, ast.Constant) and isinstance(n.value, (int, float)) and not isinstance(n.value, bool)
            ]
            assert numbers == [], f"numeric literal(s) {numbers} in: {src}"
            strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        else:
            strings = [src]
        for s in strings:
            s = PLACEHOLDER.sub("", s)
            s = re.sub(r"\]\([^)]*\)|`[^`]*`|<[^>]+>", "", s)
            s = re.sub(r"\b\d\d_[a-z_]+(\.ipynb)?\b", "", s)  # notebook names
            s = FIGURE_ID.sub("", s)  # ids and keys such as 'ov-mmr-05' or 'thai-royal-ordinance-2017'
            s = s.replace(REPORT_YEAR, "")
            assert not re.search(r"\d", s), f"a typed number in {path.name}: {s.strip()[:200]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_load_data_only_through_the_package(path):
    for cell in code_cells(load(path)):
        src = text(cell["source"])
        assert "read_csv" not in src and "data/processed" not in src and "open(" not in src


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_run_in_the_python3_kernel(path):
    assert load(path)["metadata"]["kernelspec"]["name"] == "python3"


def write_notebook(path: Path, words: int, charts: int) -> Path:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "word " * words}]
    cells += [
        {"cell_type": "code", "metadata": {}, "source": "mmn.charts.bars(rows)", "outputs": [], "execution_count": None}
        for _ in range(charts)
    ]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    return path


def test_reading_time_grows_with_the_words_and_the_charts(tmp_path):
    assert reading_minutes(write_notebook(tmp_path / "a.ipynb", 0, 0)) == 1
    assert reading_minutes(write_notebook(tmp_path / "b.ipynb", 1000, 0)) == 5
    assert reading_minutes(write_notebook(tmp_path / "c.ipynb", 1000, 6)) == 7


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_states_its_own_computed_reading_time(path):
    """No notebook types its reading time: At a glance prints the one computed from the notebook's text."""
    nb = load(path)
    assert "minutes to read" not in "".join(text(c["source"]) for c in nb["cells"])
    glance = next(c for c in code_cells(nb) if "mmn.glance(" in text(c["source"]))
    shown = "".join(text(o.get("data", {}).get("text/plain", "")) for o in glance["outputs"])
    assert shown.startswith(f"About {reading_minutes(path)} minutes to read.")


def test_country_notebooks_each_tell_their_own_story():
    """At most a third of a country notebook's prose is shared with another (country names masked),
    and each has at least 1,500 characters of its own."""
    grams = {p.stem: shingles(words_of(load(p))) for p in COUNTRY_NOTEBOOKS}
    for a, b in combinations(grams, 2):
        shared = grams[a] & grams[b]
        for x in (a, b):
            assert len(shared) / max(1, len(grams[x])) <= 0.35, (x, a, b, len(shared), len(grams[x]))
    for p in COUNTRY_NOTEBOOKS:
        nb = load(p)
        mine = grams[p.stem] - set().union(*(g for s, g in grams.items() if s != p.stem))
        words = words_of(nb)
        own_share = len(mine) / max(1, len(grams[p.stem]))
        assert len(" ".join(words)) * own_share >= 1500, (p.stem, own_share, len(" ".join(words)))


@pytest.mark.parametrize("path", COUNTRY_NOTEBOOKS, ids=lambda p: p.stem)
def test_a_country_notebook_says_what_the_report_does_not_give(path):
    glance = next(c for c in code_cells(load(path)) if "mmn.glance(" in text(c["source"]))
    shown = "".join(text(o.get("data", {}).get("text/plain", "")) for o in glance["outputs"])
    assert "The report gives no" in shown


def test_every_notebook_s_stored_outputs_are_current():
    """The committed notebooks ran on today's inputs: their sources, the package modules they use and every
    answer they read are unchanged (checked by replaying their calls, not by running them)."""
    stale = [f"{d.path.name}: {d.why}" for d in (decide(p) for p in NOTEBOOKS) if d.run]
    assert stale == [], "run `make` (python -m mmn_analysis notebooks) and commit the notebooks"
