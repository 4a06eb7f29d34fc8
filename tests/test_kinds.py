"""Every figure says what kind of number it is and who stated it."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook
from register_edit import complaint

import mmn_analysis as mmn
from mmn_analysis.inputs.register import KINDS
from mmn_analysis.outputs.writers import DATAPACKAGE, WORKBOOK
from mmn_analysis.paths import PROCESSED


@pytest.fixture(scope="module")
def figures():
    return mmn.load("figures").set_index("id")


def test_every_figure_has_a_kind_from_the_vocabulary(figures):
    assert figures["kind"].notna().all()
    assert set(figures["kind"]) <= set(KINDS)


def test_a_figure_the_report_calls_an_estimate_is_an_estimate(figures):
    said = figures["figure"].str.contains("estimat", case=False) | figures["hedge"].str.contains(
        "estimat", case=False
    ).fillna(False)
    assert said.sum() >= 6
    assert (figures.loc[said, "kind"] == "estimate").all()


def test_the_remittances_name_their_estimator():
    r = mmn.load("remittances").set_index("id")
    assert r["estimator"].notna().all()
    assert r.loc["ov-mmr-10", "estimator"] == "World Bank"
    assert r.loc["ov-mmr-12", "estimator"].startswith("Ministry of Labour")
    assert (r["kind"] == "estimate").all()


def test_the_ministry_s_registration_statistics_are_official_counts(figures):
    for rid in ("ov-tha-24", "ov-tha-25", "ov-tha-26"):
        assert (figures.loc[rid, "kind"], figures.loc[rid, "attributed_to"]) == ("official_count", "Ministry of Labour")


def test_numbers_in_the_titles_of_cited_news_articles_are_press_reports(figures):
    for rid in ("ov-khm-11", "ov-khm-26", "ov-tha-16", "ov-tha-17"):
        assert figures.loc[rid, "stated_in"] == "footnote_title"
        assert figures.loc[rid, "kind"] == "press_report"


def test_a_survey_a_law_and_a_target_are_told_apart(figures):
    assert figures.loc["ov-khm-09", "kind"] == "study_finding"  # ILO and IOM survey
    assert figures.loc["ov-tha-04", "kind"] == "legal_provision"  # employer fine
    assert figures.loc["ov-khm-15", "kind"] == "plan_or_target"  # trade goal by 2020
    assert figures.loc["ach-1-1-06", "kind"] == "mmn_record"  # MMN's own consultations


def test_every_penalty_and_fee_the_law_sets_is_a_legal_provision():
    p = mmn.load("penalties_fees")
    law = p[p["theme"] == "penalties"]
    assert not law.empty and (law["kind"] == "legal_provision").all()


def test_attributed_to_is_printed_in_the_quote_or_the_cited_work(figures):
    sources = mmn.load("sources").set_index("source_id")
    for rid, r in figures[figures["attributed_to"].notna()].iterrows():
        cited = [sources.loc[s, "quote"] for s in {r["source_id"], r["cited_source_id"]} if isinstance(s, str)]
        assert r["attributed_to"] in r["quote"] or any(r["attributed_to"] in q for q in cited), rid


@pytest.mark.parametrize(
    "cells, fragments",
    [
        ({"kind": "rumour"}, ["column 'kind'", "unknown kind"]),
        ({"kind": ""}, ["column 'kind'", "is blank"]),
        ({"attributed_to": "the United Nations"}, ["column 'attributed_to'", "neither in the quote"]),
    ],
)
def test_a_wrong_kind_or_attribution_is_refused_with_its_place(tmp_path, cells, fragments):
    problem = complaint(tmp_path, "ov-mmr-10", **cells)
    assert "register/overview.csv" in problem
    for fragment in fragments:
        assert fragment in problem


def test_kind_is_documented_in_describe_the_data_package_and_the_workbook():
    described = mmn.describe("figures").set_index("column").loc["kind"]
    assert set(described["allowed"].split(", ")) == set(KINDS)
    assert all(name in described["description"] for name in KINDS)
    package = json.loads((PROCESSED / DATAPACKAGE).read_text(encoding="utf-8"))
    fields = {f["name"]: f for r in package["resources"] if r["name"] == "figures" for f in r["schema"]["fields"]}
    assert fields["kind"]["constraints"]["enum"] == list(KINDS)
    readme = load_workbook(PROCESSED / WORKBOOK, read_only=True)["README"]
    rows = {(r[0], r[1]): r[3] for r in readme.iter_rows(values_only=True) if len(r) > 3 and r[1]}
    assert rows[("remittances", "estimator")] and rows[("figures", "kind")] == described["description"]
