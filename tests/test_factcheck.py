"""Fact-checks: the report's figures against each other, recorded and never 'fixed'."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from mmn_analysis.audit.factcheck import CATEGORIES, VERDICTS, Checker, fact_check_records, run_checks
from mmn_analysis.errors import InputError
from mmn_analysis.inputs import editorial
from mmn_analysis.outputs.tidy import build_tables
from mmn_analysis.paths import RAW


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


def test_the_grace_period_cannot_be_checked_against_a_start_the_report_never_dates(checks):
    """From the law's effect to full enforcement is 192 days, not 180, but the report never says the grace
    period began with the law: a mismatch the report leaves open, not a contradiction."""
    r = checks["durations-grace-period"]
    assert (r["verdict"], r["computed_value"]) == ("cannot_tell", 192)
    assert "does not say when the grace period began" in r["explanation"]


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


def test_laos_is_an_accepted_short_form_and_only_loa_a_typo(checks):
    r = checks["naming-laos"]
    assert r["verdict"] == "inconsistent"
    assert "'Loa' is a typo for 'Lao PDR'" in r["explanation"]
    assert "'Laos' is an accepted form" in r["explanation"]
    assert "Fruit vendors in a border town in Loa" in r["right_quote"]


def test_the_burma_myanmar_heading_style_is_not_a_contradiction(checks):
    r = checks["naming-myanmar"]
    assert (r["verdict"], r["for_readers"]) == ("consistent", "")
    assert "'Burma/ Myanmar' is an accepted form" in r["explanation"]


def test_an_organisation_called_a_member_but_left_off_the_members_list_is_found(checks):
    r = checks["members-workshop-organisations"]
    assert r["verdict"] == "inconsistent"
    assert "Future Light Center (FLC): not on the list" in r["computed"]
    assert "MMN member organisations" in r["left_quote"]
    assert r["right_quote"].startswith("Burma/ Myanmar\t")


def test_a_member_spelled_differently_on_the_list_still_counts_as_listed(checks):
    computed = checks["members-workshop-organisations"]["computed"]
    assert (
        "Legal Support for Children and Women (LSCW): listed as 'Legal Support for Children & Women (LSCW)'" in computed
    )
    assert "National University of Laos: listed as" in checks["members-steering-committee"]["computed"]


def test_a_paragraph_printed_twice_is_found_with_both_copies(checks):
    r = checks["structure-mediation-printed-twice"]
    assert r["verdict"] == "inconsistent"
    assert r["left_quote"].startswith("Mediation – While")
    assert r["right_quote"] == "1. " + r["left_quote"]


def test_a_repetition_the_layout_intends_is_recorded_as_consistent(checks):
    r = checks["structure-statement-title-printed-twice"]
    assert r["verdict"] == "consistent"
    assert r["left_quote"] == r["right_quote"]


def test_the_table_of_contents_is_checked_against_the_headings(checks):
    r = checks["structure-contents-spelling"]
    assert r["verdict"] == "inconsistent"
    assert r["left_quote"] == "Acknowledgements and Message from the Steering Committee\t9"
    assert r["right_quote"] == "Acknowledgement and Message from the Steering Committee"
    assert checks["structure-contents-entries"]["verdict"] == "cannot_tell"  # 'About MMN' heads no line of the text
    assert checks["structure-headings-in-contents"]["verdict"] == "consistent"
    assert checks["structure-contents-order"]["verdict"] == "consistent"


def test_fact_checks_never_alter_a_figure(real, inputs):
    report, got = inputs
    fresh = build_tables(got)
    before = copy.deepcopy(fresh["figures"])
    fact_check_records(fresh, report, got.editorial)
    assert fresh["figures"] == before == real.tables["figures"]


def only(got, check_id: str) -> editorial.Editorial:
    """The verified editorial files with one fact-check row left."""
    keep = [c for c in got.editorial.fact_checks if c.check_id == check_id]
    return dataclasses.replace(got.editorial, fact_checks=keep)


def test_a_total_that_its_parts_do_not_reach_is_inconsistent(real, inputs):
    tables = copy.deepcopy(real.tables)
    for r in tables["figures"]:
        if r["id"] == "ach-1-1-07":
            r["value"] = 28.0  # one more Cambodian returnee than the report says
    (check,) = Checker(tables, real.report, only(inputs[1], "totals-consulted-migrants")).run()
    assert check.verdict == "inconsistent"


def test_every_row_of_the_editorial_file_gives_one_check(real):
    rows = [r.values["check_id"] for r in editorial.read("fact_checks", RAW)]
    assert sorted(r["check_id"] for r in real.tables["fact_checks"]) == sorted(rows)


def test_a_check_naming_a_row_the_register_lost_is_an_input_error_at_its_row(real, inputs):
    tables = copy.deepcopy(real.tables)
    tables["figures"] = [r for r in tables["figures"] if r["id"] != "ach-1-1-07"]
    with pytest.raises(
        InputError, match=r"fact_checks.csv, row 2, column 'right': .*'ach-1-1-07' is not in the register"
    ):
        run_checks(tables, real.report, inputs[1].editorial)
