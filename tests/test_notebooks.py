"""The notebooks as stored: executed in order, clean outputs, one skeleton, no numbers typed in.

nbval (run on notebooks/ by the same pytest command) proves the stored outputs equal a fresh run;
these tests prove the stored notebooks are worth comparing against.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from mmn_analysis.paths import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SKELETON = ["## Overview", "## Prerequisites", "## Imports", "## Summary", "## What's next", "## Resources"]
LEAKS = re.compile(r"/root/|/home/|/tmp/|/Users/|/work/|C:\\\\|0x[0-9a-f]{6,}")


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


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
            text = json.dumps({k: v for k, v in out.get("data", {}).items() if not k.startswith("image/")})
            text += json.dumps(out.get("text", ""))
            assert not LEAKS.search(text), LEAKS.search(text).group(0)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_follows_the_skeleton(path):
    heads = [
        line
        for c in load(path)["cells"]
        if c["cell_type"] == "markdown"
        for line in "".join(c["source"]).split("\n")
        if line.startswith("## ")
    ]
    positions = [next((i for i, h in enumerate(heads) if h.startswith(s)), None) for s in SKELETON]
    assert None not in positions, f"missing: {[s for s, p in zip(SKELETON, positions) if p is None]}"
    assert positions == sorted(positions)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_number_is_typed_into_a_code_cell(path):
    for cell in code_cells(load(path)):
        tree = ast.parse("".join(cell["source"]))
        numbers = [
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, (int, float)) and not isinstance(n.value, bool)
        ]
        assert numbers == [], f"numeric literal(s) {numbers} in: {''.join(cell['source'])}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_load_data_only_through_the_package(path):
    for cell in code_cells(load(path)):
        src = "".join(cell["source"])
        assert "read_csv" not in src and "data/processed" not in src and "open(" not in src


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_run_in_the_python3_kernel(path):
    assert load(path)["metadata"]["kernelspec"]["name"] == "python3"
