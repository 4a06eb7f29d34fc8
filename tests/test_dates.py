"""Dates at the precision the report gives them."""

from __future__ import annotations

import pytest

from mmn_analysis.parse.dates import DateError, check_date, parse_date, parse_iso_period, precision_of


@pytest.mark.parametrize(
    "written, iso",
    [
        ("23 June 2017", "2017-06-23"),
        ("31 March, 2018", "2018-03-31"),
        ("January 1, 2018", "2018-01-01"),
        ("June 2018", "2018-06"),
        ("early August", "2017-08"),  # the year comes from context, the precision stays a month
        ("23 June", "2017-06-23"),
        ("2014 to 2017", "2014/2017"),
        ("2015-2018", "2015/2018"),
        ("23-28 June 2018", "2018-06-23/2018-06-28"),
        ("30 April to 1 May 2017", "2017-04-30/2017-05-01"),
        ("the 1990s", "1990/1999"),
        ("B.E. 2560", "2017"),
        ("B.E. 2551", "2008"),
        ("Dec. 2017", "2017-12"),
    ],
)
def test_written_dates_match_their_iso_form(written, iso):
    check_date(written, iso)


def test_buddhist_era_years_subtract_543():
    assert parse_date("B.E. 2560").start.year == 2017


@pytest.mark.parametrize(
    "written, iso",
    [
        ("early August", "2017-08-01"),  # a month is not a day
        ("23 June 2017", "2017-06"),  # a day is not a month
        ("23 June 2017", "2017-06-24"),
        ("June 2018", "2017-06"),
        ("2014 to 2017", "2014"),  # a range is not one year
    ],
)
def test_a_date_that_disagrees_with_its_iso_form_is_refused(written, iso):
    with pytest.raises(DateError):
        check_date(written, iso)


def test_early_is_kept_as_a_qualifier():
    d = parse_date("early August")
    assert (d.qualifier, d.qualifier_text) == ("approx", "early")


@pytest.mark.parametrize("iso", ["2017-13", "17-06-23", "2017/2016", "June 2017", ""])
def test_malformed_iso_periods_are_refused(iso):
    with pytest.raises(DateError):
        parse_iso_period(iso)


def test_precision_of_a_decade():
    assert precision_of("1990/1999") == "decade"
    assert precision_of("2017-08") == "month"
