"""Hostile or careless edits of the hand-kept cells are refused, class by class.

Each refusal: exit code 2, one line per problem naming file, row and column, no traceback, and
data/processed/ byte-identical afterwards. What a careful editor may write is still accepted.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hostile import build_refused
from openpyxl import load_workbook

from mmn_analysis.cli import main
from mmn_analysis.outputs.writers import WORKBOOK

REGISTER = "register/overview.csv"


def edit_cell(raw: Path, file: str, row: int, column: str, value: str) -> None:
    """Set one cell; ``row`` counts like the error messages (the header is row 1)."""
    path = raw / file
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[row - 1][rows[0].index(column)] = value
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def refused(workspace, capsys, edits: list[tuple[str, int, str, str]]) -> str:
    """Apply the edits, build, and prove the refusal is clean; return stderr."""
    raw, processed = workspace
    for file, row, column, value in edits:
        edit_cell(raw, file, row, column, value)
    return build_refused(raw, processed, capsys)


# (file, row, column, hostile value, what the message must say)
CASES = {
    # text a spreadsheet would run as a formula
    "label_hyperlink_formula": (REGISTER, 2, "label", '=HYPERLINK("http://evil.example","open")', "formula"),
    "note_dde_command": (REGISTER, 2, "note", "=cmd|' /C calc'!A0", "formula"),
    "note_plus_formula": (REGISTER, 2, "note", "+1+cmd|' /C calc'!A0", "formula"),
    "note_minus_formula": (REGISTER, 2, "note", "-2+3+cmd|' /C calc'!A0", "formula"),
    "note_at_formula": (REGISTER, 2, "note", "@SUM(A1:A9)", "formula"),
    "note_full_width_equals": (REGISTER, 2, "note", "\uff1dcmd", "formula"),
    "country_formula": (REGISTER, 5, "country", "=Thailand", "formula"),
    "footnote_note_formula": ("footnotes.csv", 4, "note", "=1+1", "formula"),
    "calendar_note_formula": ("calendar.csv", 2, "note", "@x", "formula"),
    "figure_formula_not_in_report": (REGISTER, 3, "figure", "=2007", "not in the quote"),
    "quote_formula_not_in_report": (REGISTER, 3, "quote", '=HYPERLINK("x")', "not found in the report"),
    # whitespace and line breaks
    "label_leading_space": (REGISTER, 2, "label", " Anniversary of the declaration", "whitespace"),
    "label_line_break": (REGISTER, 2, "label", "Anniversary of\nthe declaration", "line break"),
    "label_crlf_inside": (REGISTER, 2, "label", "Anniversary\r\nof the declaration", "line break"),
    "label_double_space": (REGISTER, 2, "label", "Anniversary  of the declaration", "two spaces"),
    "label_tab": (REGISTER, 2, "label", "Anniversary\tof the declaration", "tab"),
    "figure_leading_space": (REGISTER, 3, "figure", " 2007", "whitespace"),
    "figure_line_break": (REGISTER, 3, "figure", "2007\n", "line break"),
    "id_trailing_space": (REGISTER, 3, "id", "ov-intro-02 ", "whitespace"),
    "theme_trailing_tab": (REGISTER, 3, "theme", "policy\t", "tab"),
    "period_leading_space": (REGISTER, 2, "period", " 2017", "whitespace"),
    "note_no_break_space": (REGISTER, 2, "note", "Year\u00a0of the declaration", "NO-BREAK SPACE"),
    "note_only_spaces": (REGISTER, 2, "note", "   ", "only whitespace"),
    "quote_line_separator": (REGISTER, 3, "quote", "signed in Cebu\u2028in 2007", "LINE SEPARATOR"),
    "organisation_padded": ("members.csv", 2, "organisation", "Asian Migrant Centre (AMC) ", "whitespace"),
    # control, zero-width and bidi characters
    "label_bidi_override": (REGISTER, 2, "label", "Anniversary \u202eof the declaration", "RIGHT-TO-LEFT OVERRIDE"),
    "label_bidi_isolate": (REGISTER, 2, "label", "Anniversary \u2066of", "LEFT-TO-RIGHT ISOLATE"),
    "id_zero_width_space": (REGISTER, 3, "id", "ov-intro-\u200b02", "ZERO WIDTH SPACE"),
    "note_escape_sequence": (REGISTER, 2, "note", "\x1b[31mred", "U+001B"),
    "note_delete_character": (REGISTER, 2, "note", "a\x7fb", "U+007F"),
    "note_soft_hyphen": (REGISTER, 2, "note", "de\u00adclaration", "SOFT HYPHEN"),
    "note_private_use": (REGISTER, 2, "note", "a\ue000b", "U+E000"),
    "organisation_byte_order_mark": ("members.csv", 2, "organisation", "\ufeffAsian Migrant Centre (AMC)", "U+FEFF"),
    "label_decomposed_accent": (REGISTER, 2, "label", "Caf\u0065\u0301 anniversary", "NFC"),
    # numbers in other scripts, and superscripts
    "footnote_arabic_indic_digit": (REGISTER, 3, "footnote", "\u0662", "not a whole number"),
    "footnote_superscript": (REGISTER, 3, "footnote", "\u00b2", "not a whole number"),
    "footnote_full_width_digit": (REGISTER, 3, "footnote", "\uff12", "not a whole number"),
    "footnote_leading_zero": (REGISTER, 3, "footnote", "03", "not a whole number"),
    "footnote_decimal": (REGISTER, 3, "footnote", "3.0", "not a whole number"),
    "footnotes_number_arabic_indic": ("footnotes.csv", 4, "number", "\u0663", "not a whole number"),
    "footnotes_ibid_superscript": ("footnotes.csv", 3, "ibid_of", "\u00b9", "not a whole number"),
    "period_arabic_indic_year": (REGISTER, 2, "period", "\u0662\u0660\u0661\u0667", "not an ISO 8601"),
    "period_full_width_year": (REGISTER, 2, "period", "\uff12\uff10\uff11\uff17", "not an ISO 8601"),
    # impossible dates
    "period_february_30": (REGISTER, 2, "period", "2017-02-30", "has no day 30"),
    "period_year_zero": (REGISTER, 2, "period", "0000", "outside"),
    "period_month_13": (REGISTER, 2, "period", "2017-13", "no month 13"),
    "period_day_zero": (REGISTER, 2, "period", "2017-06-00", "has no day 0"),
    "period_ends_before_it_starts": (REGISTER, 2, "period", "2018/2017", "ends before it starts"),
    "date_row_april_31": (REGISTER, 3, "period", "2007-04-31", "has no day 31"),
    "footnote_date_february_30": ("footnotes.csv", 4, "date", "2017-02-30", "has no day 30"),
    "footnote_date_interval": ("footnotes.csv", 4, "date", "2017/2018", "interval"),
    "calendar_start_impossible": ("calendar.csv", 2, "start", "2017-02-30", "has no day 30"),
    "calendar_end_month_13": ("calendar.csv", 2, "end", "2017-13-01", "no month 13"),
    # footnotes and their Ibids
    "ibid_points_at_itself": ("footnotes.csv", 3, "ibid_of", "2", "not an earlier footnote"),
    "ibid_points_at_a_later_note": ("footnotes.csv", 3, "ibid_of", "5", "not an earlier footnote"),
    "ibid_points_nowhere": ("footnotes.csv", 3, "ibid_of", "99", "not an earlier footnote"),
    # markup in editorial text, from which web pages are built
    "label_script_tag": (REGISTER, 2, "label", "<script>alert(1)</script>", "markup"),
    "note_image_onerror": (REGISTER, 2, "note", "<img src=x onerror=alert(1)>", "markup"),
    "note_javascript_url": (REGISTER, 2, "note", "see javascript:alert(1)", "markup"),
    "note_markdown_link": ("calendar.csv", 2, "note", "[click](http://evil.example)", "markup"),
    "note_data_url": ("footnotes.csv", 4, "note", "data:text/html;base64,PHNjcmlwdD4=", "markup"),
    "note_closing_tag": (REGISTER, 2, "note", "bold</b>", "markup"),
    # over-long cells
    "note_too_long": (REGISTER, 2, "note", "x" * 1001, "1001 characters"),
    "quote_too_long": (REGISTER, 3, "quote", "y" * 2001, "2001 characters"),
    "label_over_70": (REGISTER, 2, "label", "L" * 71, "71 characters"),
    "id_too_long": (REGISTER, 3, "id", "a" * 65, "65 characters"),
    # vocabularies and ids
    "theme_in_capitals": (REGISTER, 3, "theme", "Policy", "unknown theme"),
    "sex_in_capitals": (REGISTER, 3, "sex", "Female", "unknown value"),
    "unit_unknown": (REGISTER, 3, "unit", "furlongs", "unknown unit"),
    "stated_in_unknown": (REGISTER, 3, "stated_in", "bodY", "unknown value"),
    "chapter_unknown": (REGISTER, 3, "chapter", "annex", "unknown chapter"),
    "role_unknown": ("calendar.csv", 2, "role", "Attended", "unknown role"),
    "id_with_cyrillic_letter": (REGISTER, 3, "id", "\u043ev-intro-02", "not a code"),
    "id_in_capitals": (REGISTER, 3, "id", "OV-INTRO-02", "not a valid id"),
    "indicator_with_space": (REGISTER, 3, "indicator", "signed date", "not a code"),
    "required_cell_blank": (REGISTER, 3, "quote", "", "is blank"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_cell_is_refused_naming_its_place(case, workspace, capsys):
    file, row, column, value, says = CASES[case]
    err = refused(workspace, capsys, [(file, row, column, value)])
    shown = f"data/raw/{file}, row {row}, column '{column}'"
    assert any(line.startswith(f"error: {shown}") and says in line for line in err.splitlines()), err


def test_every_problem_of_a_file_is_listed_one_per_line(workspace, capsys):
    err = refused(
        workspace,
        capsys,
        [(REGISTER, 2, "label", "=1+1"), (REGISTER, 4, "period", "2017-02-30"), (REGISTER, 5, "footnote", "\u00b2")],
    )
    assert "row 2, column 'label'" in err
    assert "row 4, column 'period'" in err
    assert "row 5, column 'footnote'" in err


def test_a_terminal_never_receives_raw_control_characters(workspace, capsys):
    err = refused(workspace, capsys, [(REGISTER, 2, "note", "\x1b]0;owned\x07 \u202egnp.exe")])
    assert "\x1b" not in err and "\u202e" not in err and "\x07" not in err


# What a careful editor writes is still accepted.


def test_a_plain_negative_number_in_a_note_is_not_a_formula(workspace, capsys):
    raw, processed = workspace
    edit_cell(raw, REGISTER, 2, "note", "-5")
    assert main(["--raw", str(raw), "--processed", str(processed), "check"]) == 1  # accepted; only stale
    assert "differs from a fresh build in" in capsys.readouterr().out


def test_a_url_in_angle_brackets_as_the_report_prints_it_is_not_markup(workspace, capsys):
    raw, processed = workspace
    edit_cell(raw, REGISTER, 2, "note", "Cited as <http://www.example.org/a-b?c=1>, as printed.")
    assert main(["--raw", str(raw), "--processed", str(processed), "check"]) == 1
    assert "differs from a fresh build in" in capsys.readouterr().out


def test_a_quote_the_report_prints_with_a_leading_dash_is_published_as_text(workspace, capsys):
    """The formula rule yields to the report: a verbatim quote may begin with '-' where the report does."""
    raw, processed = workspace
    quote = "- 22 Attended the Symposium on Multicultural Society"
    values = {
        "id": "cal-test-01",
        "chapter": "calendar",
        "section": "January",
        "theme": "mmn_work",
        "indicator": "event_date",
        "label": "Kobe symposium attended",
        "figure": "22",
        "unit": "date",
        "period": "2017-01-22",
        "stated_in": "table",
        "kind": "mmn_record",
        "event": "kobe-symposium-test",
        "quote": quote,
    }
    path = raw / "register" / "achievements.csv"
    with path.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    with path.open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow([values.get(column, "") for column in header])
    assert main(["--raw", str(raw), "--processed", str(processed), "build"]) == 0, capsys.readouterr().err
    with (processed / "figures.csv").open(encoding="utf-8", newline="") as f:
        assert quote in {r["quote"] for r in csv.DictReader(f)}
    sheet = load_workbook(processed / WORKBOOK)["figures"]
    cell = next(c for r in sheet.iter_rows() for c in r if c.value == quote)
    assert cell.data_type == "s" and cell.quotePrefix


def test_an_organisation_listed_twice_is_refused(workspace, capsys):
    raw, processed = workspace
    path = raw / "members.csv"
    lines = path.read_bytes().split(b"\r\n")
    path.write_bytes(path.read_bytes() + lines[1] + b"\r\n")
    build_refused(
        raw, processed, capsys, [f"data/raw/members.csv, row {len(lines)}, column 'organisation': is listed twice"]
    )
