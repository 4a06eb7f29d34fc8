"""Chart functions: the drawn data equals the table's, and every chart carries the house style.

nbval does not compare images, so these tests read what each chart draws.
"""

from __future__ import annotations

import base64

import matplotlib.colors as mcolors
import pandas as pd
import pytest
from matplotlib.patches import Rectangle

import mmn_analysis as mmn
from mmn_analysis.charts import catalogue as figs
from mmn_analysis.charts import style as charts

CATALOGUE = figs.catalogue()
ALLOWED = {mcolors.to_hex(c) for c in charts.PALETTE} | {"#ffffff"}


def bar_extents(chart) -> list[tuple[float, float]]:
    ax = chart.fig.axes[0]
    return sorted(
        (round(p.get_x(), 6), round(p.get_x() + p.get_width(), 6))
        for p in ax.patches
        if isinstance(p, Rectangle) and p.get_height() < 1 and p.get_width() > 0
    )


def test_bars_draw_exactly_the_table_values():
    fig = figs.myanmar_destination_shares()
    d = mmn.load("destinations")
    want = d[(d["origin"] == "Myanmar") & (d["indicator"] == "share_of_migrants_abroad")]["value"]
    assert bar_extents(fig) == sorted((0.0, round(v, 6)) for v in want)


def test_value_labels_are_the_report_s_words():
    fig = figs.vietnam_deployments()
    labels = {a.get_text() for a in fig.fig.axes[0].texts}
    assert "nearly 67,000" in labels and "54,504" in labels


def test_a_range_is_drawn_from_its_lower_to_its_upper_end():
    rows = mmn.load("penalties_fees").query("id == 'ov-khm-19'")
    fig = charts.bars(rows, title="t", subtitle="s")
    assert bar_extents(fig) == [(2000.0, 100000.0)]


def test_one_chart_never_mixes_units():
    rows = mmn.load("remittances")
    with pytest.raises(ValueError, match="one unit"):
        charts.bars(rows, title="t", subtitle="s")


def test_the_finding_in_a_title_comes_from_the_table():
    d = mmn.load("destinations")
    rows = d[(d["origin"] == "Myanmar") & (d["indicator"] == "share_of_migrants_abroad")]
    top = rows.loc[rows["value"].idxmax()]
    title = figs.myanmar_destination_shares().title
    assert top["destination"] in title and top["figure"] in title


def test_timeline_marks_every_event_once():
    fig = figs.country_timeline("Vietnam")
    rows = figs.policy_events("Vietnam")
    assert len(fig.fig.axes[0].get_yticklabels()) == len(rows)


def test_source_line_names_the_report_and_the_cited_work():
    line = charts.source_text(["overview-3"])
    assert line.startswith("Source: MMN Annual Report 2017")
    assert "Migration and Remittances" in line and "footnote 3" in line


def test_an_ibid_note_is_credited_to_the_work_it_points_to():
    assert "“Myanmar”" in charts.source_text(["overview-2"])


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_chart_has_title_subtitle_source_and_safe_colours(name):
    chart = CATALOGUE[name]()
    assert chart.title and chart.subtitle
    assert chart.footer.startswith("Source: MMN Annual Report 2017")
    for ax in chart.fig.axes:
        for p in ax.patches:
            fc = p.get_facecolor()
            if fc[3] > 0:
                assert mcolors.to_hex(fc[:3]) in ALLOWED, (name, mcolors.to_hex(fc[:3]))
        for line in ax.lines:
            assert mcolors.to_hex(line.get_color()) in ALLOWED


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_estimate_or_bound_is_noted_under_its_chart(name):
    chart = CATALOGUE[name]()
    rows = chart.rows
    if isinstance(rows, pd.DataFrame) and "qualifier" in rows and name != "implied_gdp_chart":
        for q in set(rows["qualifier"]) - {"exact"}:
            if q in charts.QUALIFIER_NOTES and "timeline" not in name:
                assert charts.QUALIFIER_NOTES[q] in chart.footer.replace("\n", " ")


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_chart_displays_with_alt_text_naming_its_values(name):
    chart = CATALOGUE[name]()
    data, meta = chart._repr_mimebundle_()
    assert base64.b64decode(data["image/png"]).startswith(b"\x89PNG")
    assert meta["image/png"]["alt"] == data["text/plain"] == chart.alt
    assert chart.title in chart.alt and "Source:" in chart.alt
    if isinstance(chart.rows, pd.DataFrame) and "figure" in chart.rows:
        for figure in chart.rows["figure"]:
            assert charts.clean(figure) in chart.alt


def test_drawing_a_chart_leaves_the_reader_s_matplotlib_settings_alone():
    import matplotlib as mpl

    before = dict(mpl.rcParams)
    figs.myanmar_destination_shares().png()
    assert dict(mpl.rcParams) == before


def test_exported_chart_files_are_current(tmp_path):
    fresh = tmp_path / "figures"
    figs.export(fresh)
    committed = figs.FIGURES_DIR
    names = sorted(p.name for p in fresh.iterdir())
    assert names == sorted(p.name for p in committed.iterdir())
    for n in names:
        assert (fresh / n).read_bytes() == (committed / n).read_bytes(), n


def test_png_export_is_byte_stable():
    assert figs.myanmar_destination_shares().png() == figs.myanmar_destination_shares().png()


# Titles that state a finding in words must be true of the rows they chart.


def _rows(name):
    return CATALOGUE[name]().rows


def test_claim_informal_flows_more_than_double_myanmar_s_remittances():
    r = mmn.load("remittances").set_index("id")
    assert "more than doubles" in figs.remittance_amounts().title
    assert r.loc["ov-mmr-12", "value"] > 2 * r.loc["ov-mmr-10", "value"]


def test_claim_the_law_doubled_the_employer_fine():
    p = mmn.load("penalties_fees").set_index("id")
    assert "doubled" in figs.thai_penalties().title
    assert p.loc["ov-tha-04", "value"] == 2 * p.loc["ov-tha-05", "value"]


def test_claim_the_two_estimates_imply_gdps_of_similar_size():
    from mmn_analysis.audit.derived import implied_gdp

    g = implied_gdp()["implied_gdp_usd"]
    assert "similar size" in figs.implied_gdp_chart().title
    assert g.max() / g.min() < 1.1


def test_claim_burmese_migrants_in_thailand_were_the_largest_group_consulted():
    rows = _rows("consultation_breakdown")
    top = mmn.load("figures").set_index("id").loc[rows.loc[rows["value"].idxmax(), "id"]]
    assert "Burmese migrants in Thailand" in figs.consultation_breakdown().title
    assert (top["origin"], top["destination"]) == ("Myanmar", "Thailand")


def test_claim_most_registered_workers_came_through_national_verification():
    rows = _rows("registration_channels").set_index("id")
    nv = rows.loc["ov-tha-24", "value"]
    assert nv > rows["value"].sum() - nv


def test_claim_most_of_the_calendar_took_place_in_one_country():
    counts = _rows("calendar_by_country")
    title = figs.calendar_by_country().title
    assert title.startswith("Most of") == (counts.iloc[0] > counts.sum() / 2)
    assert counts.index[0] in title
