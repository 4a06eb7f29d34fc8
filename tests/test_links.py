"""The same fact twice: repeated figures are linked, and a timeline has one row per event."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from register_edit import complaint

import mmn_analysis as mmn


@pytest.fixture(scope="module")
def figures():
    return mmn.load("figures").set_index("id")


def test_a_body_figure_and_the_headline_of_its_source_are_linked(figures):
    assert figures.loc["ov-khm-11", "same_as"] == "ov-mmr-24"  # "34,000" headline -> "more than 34,000"
    assert figures.loc["ov-khm-26", "same_as"] == "ov-khm-22"  # "200,000" headline -> body "200,000"
    assert figures.loc[["ov-mmr-24", "ov-khm-22"], "same_as"].isna().all()


def admitted(r) -> tuple[float, float]:
    """The values a figure admits: its bounds, its point value, open-ended after 'more than'."""
    lo = r["lower"] if pd.notna(r["lower"]) else r["value"]
    hi = r["upper"] if pd.notna(r["upper"]) else r["value"]
    if r["qualifier"] == "at_least":
        hi = math.inf
    if r["qualifier"] == "at_most":
        lo = -math.inf
    return lo, hi


def test_linked_figures_agree_in_unit_and_value(figures):
    linked = figures[figures["same_as"].notna()]
    assert len(linked) >= 10
    for rid, r in linked.iterrows():
        canon = figures.loc[r["same_as"]]
        assert canon["unit"] == r["unit"], rid
        assert pd.isna(canon["same_as"]), rid  # no chains: every link points at the canonical row
        (a, b), (c, d) = admitted(r), admitted(canon)
        assert max(a, c) <= min(b, d), rid


def test_the_canonical_row_is_in_the_body_when_one_is(figures):
    linked = figures[figures["same_as"].notna()]
    for rid, r in linked.iterrows():
        canon = figures.loc[r["same_as"]]
        if r["stated_in"] == "body":
            assert canon["stated_in"] == "body" and canon["line"] <= r["line"], rid


def test_keeping_canonical_rows_counts_each_fact_once(figures):
    returnees = figures[(figures["indicator"] == "returnees") & figures["same_as"].isna()]
    assert returnees.index.tolist() == ["ov-mmr-24"]
    registered = figures[(figures["indicator"] == "migrants_registered") & (figures["origin"] == "Cambodia")]
    assert registered["same_as"].isna().sum() == 1


@pytest.mark.parametrize(
    "rid, cells, fragment",
    [
        ("ov-khm-11", {"same_as": "ov-khm-22"}, "disagrees"),  # 34,000 is not 200,000
        ("ov-khm-11", {"same_as": "ov-mmr-05"}, "counts percent"),
        ("ov-khm-11", {"same_as": "ov-khm-26"}, "itself repeats"),
        ("ov-khm-11", {"same_as": "ov-nope-99"}, "not another row"),
        ("ov-vnm-23", {"same_as": "ach-1-1-02"}, "first body row"),  # the first printed body row is canonical
        ("ov-tha-02", {"same_as": "ov-tha-15"}, "names its event"),
    ],
)
def test_a_wrong_link_is_refused_with_its_place(tmp_path, rid, cells, fragment):
    problem = complaint(tmp_path, rid, **cells)
    assert "column 'same_as'" in problem and fragment in problem


def test_every_date_names_its_event_and_only_dates_do(figures):
    dates = figures["unit"] == "date"
    assert figures.loc[dates, "event"].notna().all()
    assert figures.loc[~dates, "event"].isna().all()


def test_the_timeline_has_one_row_per_event_with_all_its_mentions(figures):
    t = mmn.load("policy_timeline")
    assert t["event"].is_unique
    law = t.set_index("event").loc["thai-royal-ordinance-2017"]
    mentions = law["mentions"].split(";")
    assert {"ov-tha-03", "ov-mmr-22", "ov-khm-17", "ov-lao-03", "ov-mmr-21", "ov-intro-05"} <= set(mentions)
    assert law["date"] == "2017-06-23"  # the most precise of the mentions
    assert law["id"] in mentions
    assert mentions == sorted(mentions, key=lambda i: figures.loc[i, "line"])
    in_timeline = [i for ms in t["mentions"] for i in ms.split(";")]
    assert len(in_timeline) == len(set(in_timeline))  # a mention belongs to one event


def test_every_policy_date_of_the_register_is_a_mention_in_the_timeline(figures):
    t = mmn.load("policy_timeline")
    mentioned = {i for ms in t["mentions"] for i in ms.split(";")}
    policy_dates = figures[(figures["unit"] == "date") & ~figures["theme"].isin(["mmn_work", "network"])]
    assert set(policy_dates.index) <= mentioned


def test_a_misprinted_date_stays_as_printed_and_says_so():
    t = mmn.load("policy_timeline").set_index("event")
    exodus = t.loc["thai-migrant-exodus-june"]
    assert (exodus["date"], exodus["figure"]) == ("2018-06-23", "23-28 June 2018")
    assert (
        "as printed" in exodus["note"]
        and "misprint" in mmn.load("fact_checks").set_index("check_id").loc["dates-exodus-year", "explanation"]
    )


def test_dates_of_one_event_that_disagree_are_refused(tmp_path):
    problem = complaint(tmp_path, "ov-tha-15", event="thai-nv-deadline-extended")
    assert "column 'event'" in problem and "does not overlap" in problem


def test_an_event_on_a_count_is_refused(tmp_path):
    assert "only a date row" in complaint(tmp_path, "ov-tha-24", event="thai-nv-deadline")
