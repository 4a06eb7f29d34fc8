"""Fact-checks: the report's figures against each other, recorded and never 'fixed'."""

from __future__ import annotations

import copy

import pytest

from mmn_analysis.audit.factcheck import CATEGORIES, VERDICTS, Checker, fact_check_records, run_checks
from mmn_analysis.outputs.tidy import build_tables


@pytest.fixture(scope="module")
def checks(real):
    return {r["check_id"]: r for r in real.tables["fact_checks"]}


def test_every_check_has_a_verdict_and_an_explanation(checks):
    for r in checks.values():
        assert r["verdict"] in VERDICTS and r["category"] in CATEGORIES
        assert r["explanation"] and r["computed"] and r["stated"]


def test_every_quote_is_verbatim_and_every_id_exists(checks, real):
    ids = {r["id"] for r in real.tables["figures"]} | {r["activity_id"] for r in real.tables["activities"]}
    for r in checks.values():
        for side in ("left", "right"):
            for q in filter(None, str(r[f"{side}_quote"]).split("\n")):
                assert q in real.report.text, (r["check_id"], q)
            for i in filter(None, str(r[f"{side}_ids"]).split(" ")):
                assert i in ids, (r["check_id"], i)


def test_inconsistencies_come_first_and_say_what_they_change(real):
    verdicts = [r["verdict"] for r in real.tables["fact_checks"]]
    assert verdicts == sorted(verdicts, key=VERDICTS.index)
    for r in real.tables["fact_checks"]:
        assert bool(r["for_readers"]) == (r["verdict"] == "inconsistent")


def test_the_consulted_migrants_add_up(checks):
    assert checks["totals-consulted-migrants"]["verdict"] == "consistent"


def test_almost_ten_percent_does_not_fit_the_overview_s_own_counts(checks):
    r = checks["shares-myanmar-abroad"]
    assert r["verdict"] == "inconsistent"
    assert r["computed_value"] == pytest.approx(4.25e6 / 53.9e6 * 100)


def test_nearly_fifty_percent_fits_taiwan_s_share(checks):
    assert checks["shares-vietnam-taiwan"]["verdict"] == "consistent"


def test_the_foreword_contradicts_the_overview(checks):
    assert checks["totals-myanmar-population"]["verdict"] == "inconsistent"
    assert checks["shares-myanmar-share-abroad"]["verdict"] == "inconsistent"


def test_the_baht_dollar_conversion_implies_two_rates(checks):
    r = checks["currency-thai-fine"]
    assert r["verdict"] == "inconsistent"
    assert r["computed_value"] == pytest.approx(100_000 / 2_935)
    assert r["stated_value"] == pytest.approx(2_000 / 60)


def test_the_grace_period_does_not_match_its_dates(checks):
    r = checks["durations-grace-period"]
    assert (r["verdict"], r["computed_value"]) == ("inconsistent", 192)


def test_a_year_that_cannot_be_right_is_flagged(checks):
    assert checks["dates-exodus-year"]["verdict"] == "inconsistent"
    assert checks["dates-exodus-source"]["verdict"] == "inconsistent"


def test_footnote_numbering_quirks_are_found(checks):
    assert checks["footnotes-overview-never-cited"]["computed"] == "46"
    assert checks["footnotes-overview-cited-twice"]["verdict"] == "inconsistent"
    assert checks["footnotes-numbering-restarts"]["computed"] == "49, 50, 51, 52"


def test_narrative_dates_are_checked_against_the_calendar(checks):
    assert checks["cal-gaatw"]["verdict"] == "inconsistent"
    assert checks["cal-policy-dialogue"]["verdict"] == "consistent"
    assert checks["cal-un-women"]["verdict"] == "cannot_tell"


def test_names_spelled_several_ways_are_found(checks):
    assert checks["naming-thai-law"]["verdict"] == "inconsistent"
    assert checks["naming-nld"]["verdict"] == "inconsistent"


def test_fact_checks_never_alter_a_figure(real, inputs):
    report, got = inputs
    fresh = build_tables(got)
    before = copy.deepcopy(fresh["figures"])
    fact_check_records(fresh, report)
    assert fresh["figures"] == before == real.tables["figures"]


def test_a_total_that_its_parts_do_not_reach_is_inconsistent(real):
    tables = copy.deepcopy(real.tables)
    for r in tables["figures"]:
        if r["id"] == "ach-1-1-07":
            r["value"] = 28.0  # one more Cambodian returnee than the report says
    c = Checker(tables, real.report)
    c.total_of_parts("t", "s", "ach-1-1-06", ["ach-1-1-07", "ach-1-1-08", "ach-1-1-09", "ach-1-1-10"])
    assert c.checks[0].verdict == "inconsistent"


def test_every_check_id_is_unique(real):
    ids = [c.check_id for c in run_checks(real.tables, real.report)]
    assert len(ids) == len(set(ids))


def test_a_check_naming_a_row_the_register_lost_is_a_clear_input_error(real):
    from mmn_analysis.errors import InputError

    tables = copy.deepcopy(real.tables)
    tables["figures"] = [r for r in tables["figures"] if r["id"] != "ach-1-1-07"]
    with pytest.raises(InputError, match="ach-1-1-07"):
        run_checks(tables, real.report)
