"""What readers see: figures and labels without the text conversion's escapes, periods as full dates."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from register_edit import complaint

import mmn_analysis as mmn
from mmn_analysis.parse.dates import period_bounds


def test_the_displayed_figure_drops_the_dollar_escape_but_the_quote_keeps_it():
    f = mmn.load("figures").set_index("id")
    assert f.loc["ov-khm-05", "figure"] == "US\\$124"
    assert f.loc["ov-khm-05", "figure_display"] == "US$124"
    assert "US\\$124" in f.loc["ov-khm-05", "quote"]


@pytest.mark.parametrize("table", ["figures", "destinations", "remittances", "penalties_fees", "policy_timeline"])
def test_nothing_a_reader_sees_shows_an_escape_or_an_asterisk(table):
    df = mmn.load(table)
    for column in ("figure_display", "label"):
        shown = df[column].dropna()
        assert not shown.str.contains(r"\\\$|\*", regex=True).any(), (table, column)


def test_a_label_with_an_escape_is_refused(tmp_path):
    problem = complaint(tmp_path, "ov-khm-05", label="Passport fee, US\\$124 before")
    assert "column 'label'" in problem and "escape" in problem


@pytest.mark.parametrize(
    "period, first, last",
    [
        ("2017-06-23", date(2017, 6, 23), date(2017, 6, 23)),
        ("2017-08", date(2017, 8, 1), date(2017, 8, 31)),
        ("2016-02", date(2016, 2, 1), date(2016, 2, 29)),
        ("2017", date(2017, 1, 1), date(2017, 12, 31)),
        ("2014/2017", date(2014, 1, 1), date(2017, 12, 31)),
        ("2017-04-30/2017-05-01", date(2017, 4, 30), date(2017, 5, 1)),
        ("2016-11/2017-10", date(2016, 11, 1), date(2017, 10, 31)),
    ],
)
def test_a_period_covers_from_its_first_to_its_last_day(period, first, last):
    assert period_bounds(period) == (first, last)


@pytest.mark.parametrize("table", ["figures", "policy_timeline"])
def test_pandas_reads_period_start_and_end_without_a_format(table):
    df = mmn.load(table)
    start, end = pd.to_datetime(df["period_start"]), pd.to_datetime(df["period_end"])
    dated = df["period"].notna() if "period" in df else df["date"].notna()
    assert start[dated].notna().all() and end[dated].notna().all()
    assert (start[dated] <= end[dated]).all()


def test_a_month_period_ends_on_its_last_day():
    f = mmn.load("figures").set_index("id")
    assert (f.loc["ov-tha-24", "period"], f.loc["ov-tha-24", "period_end"]) == ("2017-12", "2017-12-31")
    assert f.loc["ov-tha-24", "period_start"] == "2017-12-01"
