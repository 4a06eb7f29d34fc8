"""Charts that earn their place: every rule a reader relies on, checked on what the notebooks drew.

nbval does not compare images, so these tests read each chart's identity and data as the notebook
stored them (and ``figures/``, exported from them), and draw test rows to check the geometry.
"""

from __future__ import annotations

import csv
import io
import re
import textwrap

import pandas as pd
import pytest
from matplotlib.patches import Rectangle

import mmn_analysis as mmn
from mmn_analysis.charts import ChartError, bars, timeline
from mmn_analysis.charts.export import FIGURES_DIR, MANIFEST, SUFFIXES, drawn_charts, render
from mmn_analysis.charts.style import COUNTRY_COLOURS, FOOTER_CHARS, NARROW, OTHER, REGIONAL

CHARTS = drawn_charts()
BY_NAME = {c.name: c for c in CHARTS}


def manifest() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((FIGURES_DIR / MANIFEST).read_text(encoding="utf-8"))))


def rows_of(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((FIGURES_DIR / f"{name}.csv").read_text(encoding="utf-8"))))


def test_the_notebooks_draw_charts_with_unique_names():
    assert len(CHARTS) >= 20
    assert len(BY_NAME) == len(CHARTS)


def test_figures_folder_is_exactly_what_the_notebooks_drew():
    """figures/ is exported from the executed notebooks: same files, same bytes, nothing stale."""
    want = render(CHARTS)
    have = {p.name: p.read_bytes() for p in FIGURES_DIR.iterdir() if p.is_file() and p.name.endswith(SUFFIXES)}
    assert sorted(have) == sorted(want)
    assert [n for n in want if have[n] != want[n]] == []


def test_the_manifest_lists_every_chart_with_its_units_and_ids():
    rows = manifest()
    assert [r["name"] for r in rows] == [c.name for c in CHARTS]
    for r in rows:
        assert {"name", "notebook", "kind", "title", "units", "ids"} <= set(r)
        assert r["notebook"].endswith(".ipynb")
        for suffix in SUFFIXES:
            assert (FIGURES_DIR / f"{r['name']}{suffix}").exists()


def test_no_bar_chart_draws_a_single_figure():
    for c in CHARTS:
        if c.payload["kind"] in ("bars", "counts"):
            assert len(c.payload["rows"]) >= 2, c.name


def test_one_measure_per_chart():
    for c in CHARTS:
        assert len(c.payload["units"]) <= 1, (c.name, c.payload["units"])


def test_no_two_charts_draw_the_same_figures():
    seen: dict[frozenset, str] = {}
    for c in CHARTS:
        ids = frozenset(c.payload["ids"])
        if ids:
            assert ids not in seen, f"{c.name} draws the same figures as {seen[ids]}"
            seen[ids] = c.name


def test_a_country_has_one_colour_in_every_chart():
    for c in CHARTS:
        for country, colour in c.payload["colours"].items():
            assert colour == COUNTRY_COLOURS.get(country, OTHER), (c.name, country, colour)
    assert len(set(COUNTRY_COLOURS.values()) | {OTHER, REGIONAL}) == len(COUNTRY_COLOURS) + 2


def test_titles_state_a_finding_in_plain_words():
    for c in CHARTS:
        title = c.payload["title"]
        assert not re.search(r"\[|\]|::|[¹²³⁴⁵⁶⁷⁸⁹⁰]|\\\$|\*", title), (c.name, title)
        assert not title.rstrip().endswith(":"), title
        assert 15 <= len(title) <= 110, title


def test_the_source_line_fits_three_lines_and_names_the_report():
    for c in CHARTS:
        source = c.payload["source"]
        assert source.startswith("Source: MMN Annual Report 2017"), source
        assert len(textwrap.wrap(source, FOOTER_CHARS)) <= 3, (c.name, source)


def test_value_labels_are_the_report_s_words():
    figures = mmn.load("figures").set_index("id")
    for c in CHARTS:
        for r in c.payload["rows"]:
            if r.get("id") in figures.index and not r.get("derived"):
                assert r["figure"] == figures.loc[r["id"], "figure"], (c.name, r["id"])


def test_timelines_have_one_row_per_event():
    for c in CHARTS:
        if c.payload["kind"] == "timeline":
            keys = [r.get("event") or r["id"] for r in c.payload["rows"]]
            assert len(keys) == len(set(keys)), c.name


def test_every_chart_has_alt_text_with_its_values():
    for c in CHARTS:
        alt = c.payload["alt"]
        assert alt.startswith(f"Chart: {c.payload['title']}")
        assert "Source: MMN Annual Report 2017" in alt


def test_data_files_carry_id_figure_value_unit_quote_and_source():
    for c in CHARTS:
        rows = rows_of(c.name)
        assert len(rows) == len(c.payload["rows"])
        if c.payload["ids"]:
            assert {"id", "figure", "quote", "source"} <= set(rows[0]), c.name
        if c.payload["kind"] == "bars":
            assert {"value", "unit"} <= set(rows[0]), c.name


# The engine refuses what would mislead -----------------------------------------------------------


def sample(ids: list[str]) -> pd.DataFrame:
    f = mmn.load("figures")
    return f[f["id"].isin(ids)]


def bar_extents(chart, width=9.0) -> list[tuple[float, float]]:
    ax = chart.figure(width).axes[0]
    return sorted(
        (round(p.get_x(), 6), round(p.get_x() + p.get_width(), 6))
        for p in ax.patches
        if isinstance(p, Rectangle) and p.get_width() > 0
    )


def test_bars_draw_exactly_the_table_values():
    rows = sample(["ov-mmr-05", "ov-mmr-06", "ov-mmr-07"])
    chart = bars(rows, name="t", title="A test chart of three shares", measure="Share")
    assert bar_extents(chart) == sorted((0.0, round(v, 6)) for v in rows["value"])
    assert bar_extents(chart, NARROW) == bar_extents(chart)


def test_a_lone_number_is_refused():
    with pytest.raises(ChartError, match="lone number"):
        bars(sample(["ov-mmr-05"]), name="t", title="One share alone", measure="Share")


def test_mixed_units_are_refused():
    with pytest.raises(ChartError, match="one measure per axis"):
        bars(sample(["ov-mmr-02", "ov-mmr-05"]), name="t", title="Count beside a share", measure="Mixed")


def test_a_figure_given_in_words_is_written_not_drawn():
    f = mmn.load("figures")
    words = f[f["qualifier"].eq("order_of_magnitude") & f["unit"].eq("persons")].head(1)
    numbers = f[f["unit"].eq("persons") & f["value"].notna()].head(2)
    chart = bars(pd.concat([words, numbers]), name="t", title="Words beside numbers", measure="People")
    assert len(bar_extents(chart)) == 2  # only the two numbers are lengths
    texts = [t.get_text() for t in chart.figure().axes[0].texts]
    assert any(str(words["figure"].iloc[0]) in t and "in words" in t for t in texts)


def test_a_timeline_refuses_an_event_twice():
    t = mmn.load("policy_timeline").head(3)
    twice = pd.concat([t, t.head(1)])
    with pytest.raises(ChartError, match="one row per event"):
        timeline(twice, name="t", title="Events twice", measure="Dates")


def test_two_charts_of_one_name_are_one_line_naming_both_notebooks(tmp_path, capsys, monkeypatch):
    from mmn_analysis.charts import export
    from mmn_analysis.cli import main

    src = next(
        p
        for p in sorted((FIGURES_DIR.parent / "notebooks").glob("*.ipynb"))
        if BY_NAME and p.name == CHARTS[0].notebook
    )
    for name in ("50_copy.ipynb", "51_copy.ipynb"):
        (tmp_path / name).write_bytes(src.read_bytes())
    monkeypatch.setattr(export, "NOTEBOOKS_DIR", tmp_path)
    monkeypatch.setattr(export, "FIGURES_DIR", tmp_path / "figures")
    assert main(["charts"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "50_copy.ipynb" in err and "51_copy.ipynb" in err
    assert not (tmp_path / "figures").exists()
