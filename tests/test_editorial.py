"""Editorial files: the picks an editor makes are data, verified like the register, and stable."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile import build_refused
from test_bad_input import edit_csv, set_cell

from mmn_analysis.api import load as mmn_load
from mmn_analysis.audit.factcheck import METHODS
from mmn_analysis.cli import main
from mmn_analysis.errors import InputError
from mmn_analysis.inputs import editorial
from mmn_analysis.outputs.build import make
from mmn_analysis.paths import RAW

CHECKS = "editorial/fact_checks.csv"


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def row_number(raw: Path, name: str, column: str, value: str) -> int:
    """The row (header = row 1, as errors count) whose ``column`` holds ``value``."""
    return next(i for i, r in enumerate(rows_of(raw / name), start=2) if r[column] == value)


def set_where(name: str, key: str, value: str, column: str, new: str):
    """Break a cell of the row of ``name`` whose ``key`` column holds ``value``."""
    return lambda raw: edit_csv(raw / name, set_cell(row_number(raw, name, key, value), column, new))


def drop_where(name: str, keep: Callable[[dict[str, str]], bool]) -> Callable[[Path], None]:
    """Keep only the rows of ``name`` for which ``keep`` holds."""

    def change(rows: list[list[str]]) -> None:
        rows[1:] = [r for r in rows[1:] if keep(dict(zip(rows[0], r)))]

    return lambda raw: edit_csv(raw / name, change)


def where(name: str, key: str, value: str, *fragments: str):
    """The fragments an error about that row must contain: file, row number, then the rest."""
    return lambda raw: [f"data/raw/{name}", f"row {row_number(raw, name, key, value)}", *fragments]


CASES = {
    "unknown_method": (
        set_where(CHECKS, "check_id", "totals-consulted-migrants", "method", "total_of_everything"),
        where(CHECKS, "check_id", "totals-consulted-migrants", "column 'method'", "unknown method"),
    ),
    "unknown_category": (
        set_where(CHECKS, "check_id", "totals-consulted-migrants", "category", "vibes"),
        where(CHECKS, "check_id", "totals-consulted-migrants", "column 'category'", "unknown category"),
    ),
    "register_id_that_does_not_exist": (
        set_where(CHECKS, "check_id", "shares-vietnam-taiwan", "right", "ov-vnm-99"),
        where(
            CHECKS, "check_id", "shares-vietnam-taiwan", "column 'right'", "'ov-vnm-99' is not an id of the register"
        ),
    ),
    "register_id_where_a_calendar_id_belongs": (
        set_where(CHECKS, "check_id", "cal-gaatw", "right", "ach-5-25"),
        where(CHECKS, "check_id", "cal-gaatw", "column 'right'", "'ach-5-25' is not an id of the calendar"),
    ),
    "too_few_ids_for_the_method": (
        set_where(CHECKS, "check_id", "totals-consulted-migrants", "right", "ach-1-1-07"),
        where(CHECKS, "check_id", "totals-consulted-migrants", "column 'right'", "names 1 id (expected at least 2 ids"),
    ),
    "option_out_of_vocabulary": (
        set_where(CHECKS, "check_id", "totals-myanmar-destination-shares", "options", "limit=lots"),
        where(
            CHECKS, "check_id", "totals-myanmar-destination-shares", "column 'options'", "limit='lots' is not allowed"
        ),
    ),
    "option_the_method_does_not_have": (
        set_where(CHECKS, "check_id", "durations-may-day", "options", "within=yes"),
        where(CHECKS, "check_id", "durations-may-day", "column 'options'", "unknown option"),
    ),
    "required_option_missing": (
        set_where(CHECKS, "check_id", "footnotes-overview-order", "options", ""),
        where(CHECKS, "check_id", "footnotes-overview-order", "column 'options'", "option 'chapter' is missing"),
    ),
    "template_names_a_field_the_check_lacks": (
        set_where(CHECKS, "check_id", "dates-exodus-year", "why", "Dated {when}."),
        where(CHECKS, "check_id", "dates-exodus-year", "column 'why'", "names {when}"),
    ),
    "judged_check_without_its_reason": (
        set_where(CHECKS, "check_id", "totals-passport-fee", "why", ""),
        where(CHECKS, "check_id", "totals-passport-fee", "column 'why'", "is blank"),
    ),
    "duplicate_check_id": (
        set_where(CHECKS, "check_id", "totals-thai-prison", "check_id", "totals-thai-fine-upper"),
        lambda raw: [CHECKS, "column 'check_id'", "duplicate check id 'totals-thai-fine-upper'"],
    ),
    "quote_of_a_printed_twice_check_not_in_the_report": (
        set_where(CHECKS, "check_id", "structure-mediation-printed-twice", "quote", "Mediation - While (sic)"),
        where(CHECKS, "check_id", "structure-mediation-printed-twice", "column 'quote'", "not found in the report"),
    ),
    "repeated_paragraph_without_its_check": (
        drop_where(CHECKS, lambda r: r["check_id"] != "structure-mediation-printed-twice"),
        lambda raw: [CHECKS, "prints a paragraph at lines 633 and 635", "no check names it"],
    ),
    "check_that_cannot_run_on_the_rows_it_names": (
        set_where(CHECKS, "check_id", "durations-may-day", "right", "ov-khm-19"),
        where(CHECKS, "check_id", "durations-may-day", "span_length cannot run", "ov-khm-19 has no point value"),
    ),
    "reader_note_that_cannot_be_filled_in": (
        set_where(CHECKS, "check_id", "naming-gfmd", "for_readers", "About {computed_value:.1f} of them."),
        where(CHECKS, "check_id", "naming-gfmd", "column 'for_readers'", "cannot be filled in"),
    ),
    "name_variant_not_in_the_report": (
        set_where("editorial/name_variants.csv", "variant", "Loa", "variant", "Laoss"),
        where("editorial/name_variants.csv", "variant", "Laoss", "column 'variant'", "not found in the report"),
    ),
    "name_variant_of_unknown_kind": (
        set_where("editorial/name_variants.csv", "variant", "Loa", "kind", "misspelling"),
        where("editorial/name_variants.csv", "variant", "Loa", "column 'kind'", "unknown kind"),
    ),
    "name_with_two_standard_forms": (
        set_where("editorial/name_variants.csv", "variant", "Laos", "kind", "standard"),
        lambda raw: ["editorial/name_variants.csv", "column 'kind'", "naming-laos has 2 standard forms"],
    ),
    "naming_check_without_its_variants": (
        drop_where("editorial/name_variants.csv", lambda r: r["check_id"] != "naming-gfmd"),
        where(CHECKS, "check_id", "naming-gfmd", "column 'check_id'", "has no rows in name_variants.csv"),
    ),
    "variants_for_a_check_that_does_not_read_them": (
        set_where("editorial/name_variants.csv", "variant", "GMFD", "check_id", "totals-thai-prison"),
        where("editorial/name_variants.csv", "variant", "GMFD", "column 'check_id'", "no check 'totals-thai-prison'"),
    ),
    "member_claim_whose_organisation_is_not_in_its_quote": (
        set_where("editorial/member_claims.csv", "organisation", "MAP Foundation", "organisation", "MAP Fund"),
        where(
            "editorial/member_claims.csv", "organisation", "MAP Fund", "column 'organisation'", "is not in the quote"
        ),
    ),
    "member_claim_under_a_heading_the_list_does_not_have": (
        set_where("editorial/member_claims.csv", "organisation", "MAP Foundation", "country", "Siam"),
        where("editorial/member_claims.csv", "organisation", "MAP Foundation", "column 'country'", "not a heading"),
    ),
    "category_without_a_reader_note": (
        drop_where("editorial/categories.csv", lambda r: r["category"] != "members"),
        lambda raw: ["data/raw/editorial/categories.csv", "category 'members' has no row"],
    ),
    "glance_pick_that_is_not_a_figure": (
        set_where("editorial/glance.csv", "question", "Where do they go?", "ids", "ov-mmr-99"),
        where("editorial/glance.csv", "ids", "ov-mmr-99", "column 'ids'", "not an id of the register"),
    ),
    "glance_gap_the_register_contradicts": (
        set_where(
            "editorial/glance.csv",
            "gap",
            "The report gives no remittance figure for Cambodia.",
            "absent_countries",
            "Myanmar",
        ),
        lambda raw: ["data/raw/editorial/glance.csv", "column 'gap'", "the register has ov-mmr-10"],
    ),
    "glance_note_with_a_typed_number": (
        set_where("editorial/glance.csv", "question", "Who left?", "note", "About 300 left."),
        where("editorial/glance.csv", "note", "About 300 left.", "column 'note'", "types a number"),
    ),
    "glance_question_without_an_answer": (
        set_where("editorial/glance.csv", "question", "Who left?", "ids", ""),
        where("editorial/glance.csv", "question", "Who left?", "column 'ids'", "neither figures nor a gap"),
    ),
    "remittance_pair_of_the_wrong_units": (
        set_where("editorial/remittance_pairs.csv", "amount_id", "ov-mmr-10", "share_id", "ov-mmr-12"),
        where("editorial/remittance_pairs.csv", "amount_id", "ov-mmr-10", "column 'share_id'", "is in USD"),
    ),
    "remittance_pair_stated_apart": (
        set_where("editorial/remittance_pairs.csv", "amount_id", "ov-mmr-10", "share_id", "ov-mmr-13"),
        where(
            "editorial/remittance_pairs.csv",
            "amount_id",
            "ov-mmr-10",
            "column 'share_id'",
            "is not stated with 'ov-mmr-10'",
        ),
    ),
    "editorial_file_missing": (
        lambda raw: (raw / "editorial" / "glance.csv").unlink(),
        lambda raw: ["data/raw/editorial/glance.csv", "file is missing"],
    ),
    "calendar_id_malformed": (
        set_where("calendar.csv", "id", "cal-07", "id", "07"),
        where("calendar.csv", "id", "07", "column 'id'", "is not a calendar id"),
    ),
    "calendar_id_duplicate": (
        set_where("calendar.csv", "id", "cal-08", "id", "cal-07"),
        lambda raw: ["data/raw/calendar.csv", "row 9", "column 'id'", "duplicate id 'cal-07'"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_editorial_row_is_refused_with_its_place_and_nothing_is_written(case, workspace, capsys):
    raw, processed = workspace
    breaks, expected = CASES[case]
    breaks(raw)
    build_refused(raw, processed, capsys, expected(raw))


def test_problems_in_several_editorial_files_are_reported_at_once(workspace, capsys):
    raw, processed = workspace
    CASES["unknown_method"][0](raw)
    CASES["glance_note_with_a_typed_number"][0](raw)
    CASES["calendar_id_malformed"][0](raw)
    assert main(["--raw", str(raw), "--processed", str(processed), "check"]) == 2
    err = capsys.readouterr().err
    assert len([line for line in err.splitlines() if "data/raw/" in line]) == 3
    for name in ("fact_checks.csv", "glance.csv", "calendar.csv"):
        assert name in err


def pairing(records: list[dict]) -> dict[str, tuple]:
    return {r["check_id"]: (r["left_ids"], r["right_ids"], r["verdict"], r["computed"]) for r in records}


def test_deleting_a_calendar_entry_fails_the_checks_naming_it_and_repoints_no_other(workspace, real):
    raw, _ = workspace
    gone = "cal-05"  # an early entry: every later one would have moved had ids been positions
    named = [r["check_id"] for r in rows_of(raw / CHECKS) if gone in editorial.ids(r["left"] + ";" + r["right"])]
    assert named == ["cal-womens-day"]
    drop_where("calendar.csv", lambda r: r["id"] != gone)(raw)
    with pytest.raises(InputError) as e:
        make(raw)
    assert [str(p) for p in e.value.problems] == [
        f"data/raw/{CHECKS}, row {row_number(raw, CHECKS, 'check_id', 'cal-womens-day')}, column 'right': "
        f"'{gone}' is not an id of the calendar (expected an id that exists: update the check)"
    ]
    drop_where(CHECKS, lambda r: r["check_id"] not in named)(raw)
    after = make(raw)
    before = pairing(real.tables["fact_checks"])
    del before["cal-womens-day"]
    assert pairing(after.tables["fact_checks"]) == before
    ids = [a["activity_id"] for a in real.tables["activities"] if a["activity_id"] != gone]
    assert [a["activity_id"] for a in after.tables["activities"]] == ids


def test_calendar_ids_come_from_the_raw_file(real):
    assert [a["activity_id"] for a in real.tables["activities"]] == [r["id"] for r in rows_of(RAW / "calendar.csv")]


def test_every_editorial_file_has_one_reader_and_every_method_a_use():
    assert {p.stem for p in (RAW / "editorial").glob("*.csv")} == set(editorial.FILES)
    used = {r["method"] for r in rows_of(RAW / CHECKS)}
    assert used == set(METHODS)


def test_a_notebook_s_glance_keeps_the_file_s_order_and_notes():
    picks = editorial.glance_picks("01_myanmar")
    assert [p.question for p in picks][:2] == ["How many of its people migrate?", "Where do they go?"]
    assert picks[0].ids == ("ov-mmr-02", "ov-mmr-03")
    assert any(p.gap.startswith("The report gives no") for p in picks)


def test_implied_gdp_pairs_come_from_the_editorial_file():
    from mmn_analysis.audit.derived import implied_gdp

    got = implied_gdp()
    assert list(zip(got["amount_id"], got["share_id"])) == editorial.remittance_pairs()


def test_a_list_label_does_not_hide_a_repeated_paragraph(inputs):
    report, _ = inputs
    repeats = editorial.paragraphs_printed_twice(report)
    mediation = next(lines for lines in repeats if report.lines[lines[0] - 1].startswith("Mediation"))
    assert re.match(r"1\. Mediation", report.lines[mediation[1] - 1])


def test_every_method_is_documented_for_the_editors():
    guide = (RAW / "README.md").read_text(encoding="utf-8")
    assert [m for m in METHODS if f"`{m}`" not in guide] == []


def test_adding_a_check_is_adding_a_row(workspace):
    raw, _ = workspace
    row = ["totals-prison-twice", "totals", "same_value", "Prison term, again", "ov-tha-06", "ov-khm-18"]
    edit_csv(raw / CHECKS, lambda rows: rows.append(row + [""] * (len(rows[0]) - len(row))))
    added = next(r for r in make(raw).tables["fact_checks"] if r["check_id"] == "totals-prison-twice")
    assert (added["left_ids"], added["right_ids"], added["verdict"]) == ("ov-tha-06", "ov-khm-18", "consistent")


def test_implied_gdp_divides_each_amount_by_its_share_and_is_labelled_derived():
    from mmn_analysis.audit.derived import implied_gdp

    remittances = mmn_load("remittances").set_index("id")
    for _, row in implied_gdp().iterrows():
        amount = remittances.loc[row["amount_id"], "value"]
        share = remittances.loc[row["share_id"], "value"]
        assert row["value"] == pytest.approx(amount * 100 / share)
        assert row["derived"] and row["figure"].endswith("(derived)")
        assert row["unit"] == "USD" and row["id"] == row["amount_id"]
