"""Bad input gets a clear error naming file, row and column, a non-zero exit, and no write."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import build_refused

from mmn_analysis.cli import main
from mmn_analysis.paths import REPORT_FILE, ROOT

REGISTER = "register/overview.csv"


def edit_csv(path: Path, change) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    change(rows)
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def set_cell(row: int, column: str, value: str):
    """Set a cell; ``row`` counts like the error messages do (the header is row 1)."""

    def change(rows):
        rows[row - 1][rows[0].index(column)] = value

    return change


def quote_of(raw: Path, row: int) -> str:
    with (raw / REGISTER).open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[row - 1][rows[0].index("quote")]


CASES = {
    "value_does_not_parse": (
        lambda raw: edit_csv(raw / REGISTER, set_cell(2, "figure", "marked the")),
        [REGISTER, "row 2", "column 'figure'", "does not parse"],
    ),
    "quote_not_in_report": (
        lambda raw: edit_csv(raw / REGISTER, set_cell(3, "quote", quote_of(raw, 3) + " (sic)")),
        [REGISTER, "row 3", "column 'quote'", "not found in the report"],
    ),
    "quote_lacks_its_number": (
        lambda raw: edit_csv(raw / REGISTER, set_cell(4, "figure", "99,999")),
        [REGISTER, "row 4", "column 'figure'", "not in the quote"],
    ),
    "unknown_country": (
        lambda raw: edit_csv(raw / REGISTER, set_cell(5, "country", "Atlantis")),
        [REGISTER, "row 5", "column 'country'", "unknown country"],
    ),
    "unknown_unit": (
        lambda raw: edit_csv(raw / REGISTER, set_cell(5, "unit", "furlongs")),
        [REGISTER, "row 5", "column 'unit'", "unknown unit"],
    ),
    "duplicate_id": (
        lambda raw: edit_csv(raw / REGISTER, lambda rows: rows[3].__setitem__(0, rows[2][0])),
        [REGISTER, "row 4", "column 'id'", "duplicate id"],
    ),
    "renamed_column": (
        lambda raw: edit_csv(raw / REGISTER, lambda rows: rows[0].__setitem__(rows[0].index("quote"), "quotation")),
        [REGISTER, "row 1", "column 'quote'", "missing or renamed"],
    ),
    "missing_column": (
        lambda raw: edit_csv(raw / REGISTER, lambda rows: [r.pop() for r in rows]),
        [REGISTER, "row 1", "column 'note'", "missing or renamed"],
    ),
    "empty_register": (lambda raw: (raw / REGISTER).write_text("", encoding="utf-8"), [REGISTER, "the file is empty"]),
    "header_only_register": (
        lambda raw: (raw / REGISTER).write_text(
            (raw / REGISTER).read_text(encoding="utf-8").split("\n")[0] + "\n", encoding="utf-8"
        ),
        [REGISTER, "row 2", "no rows"],
    ),
    "no_register_files": (
        lambda raw: [p.unlink() for p in (raw / "register").glob("*.csv")],
        ["data/raw/register/", "no register files"],
    ),
    "truncated_register": (
        lambda raw: (raw / REGISTER).write_bytes((raw / REGISTER).read_bytes()[:2000]),
        [REGISTER, "row "],
    ),
    "malformed_row": (
        lambda raw: (raw / REGISTER).write_text(
            (raw / REGISTER).read_text(encoding="utf-8") + "ov-extra,overview,Cambodia\n", encoding="utf-8"
        ),
        [REGISTER, "row 140", "has 3 fields"],
    ),
    "not_utf8": (
        lambda raw: (raw / REGISTER).write_bytes(
            (raw / REGISTER).read_bytes().replace(b"Myanmar", "Myanm\xe4r".encode("latin-1"), 1)
        ),
        [REGISTER, "row ", "not valid UTF-8"],
    ),
    "nul_byte": (
        lambda raw: (raw / "calendar.csv").write_bytes((raw / "calendar.csv").read_bytes() + b"\x00\x00"),
        ["data/raw/calendar.csv", "NUL"],
    ),
    "footnote_does_not_exist": (
        lambda raw: edit_csv(raw / REGISTER, set_cell(3, "footnote", "99")),
        [REGISTER, "row 3", "column 'footnote'", "footnote 99 does not exist"],
    ),
    "wrong_section": (
        lambda raw: edit_csv(raw / REGISTER, set_cell(3, "section", "Vietnam")),
        [REGISTER, "row 3", "column 'section'", "the quote sits in"],
    ),
    "date_disagrees_with_period": (
        lambda raw: edit_csv(raw / REGISTER, set_cell(3, "period", "2016-05")),
        [REGISTER, "row 3", "column 'figure'", "does not denote"],
    ),
    "report_checksum_changed": (
        lambda raw: (raw / REPORT_FILE).write_bytes((raw / REPORT_FILE).read_bytes() + b" "),
        [f"data/raw/{REPORT_FILE}", "checksum changed"],
    ),
    "report_truncated": (
        lambda raw: (raw / REPORT_FILE).write_bytes((raw / REPORT_FILE).read_bytes()[:50_000]),
        [f"data/raw/{REPORT_FILE}", "checksum changed"],
    ),
    "footnote_field_not_verbatim": (
        lambda raw: edit_csv(raw / "footnotes.csv", set_cell(4, "title", "Invented title")),
        ["data/raw/footnotes.csv", "row 4", "column 'title'", "not in footnote"],
    ),
    "calendar_dates_disagree": (
        lambda raw: edit_csv(raw / "calendar.csv", set_cell(2, "start", "2017-01-23")),
        ["data/raw/calendar.csv", "row 2", "column 'start'"],
    ),
    "member_not_in_list": (
        lambda raw: edit_csv(raw / "members.csv", set_cell(2, "organisation", "Invented Org")),
        ["data/raw/members.csv", "row 2", "column 'organisation'"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_refused_with_its_place_and_nothing_is_written(case, workspace, capsys):
    raw, processed = workspace
    breaks, expected = CASES[case]
    breaks(raw)
    build_refused(raw, processed, capsys, expected)


def test_check_reports_problems_without_writing(workspace, capsys, snapshot):
    raw, processed = workspace
    CASES["unknown_country"][0](raw)
    before = snapshot(processed)
    assert main(["--raw", str(raw), "--processed", str(processed), "check"]) == 2
    assert "column 'country'" in capsys.readouterr().err
    assert snapshot(processed) == before


def test_check_fails_when_processed_is_stale(workspace, capsys):
    raw, processed = workspace
    (processed / "figures.csv").write_text("stale\n", encoding="utf-8")
    assert main(["--raw", str(raw), "--processed", str(processed), "check"]) == 1
    assert "figures.csv" in capsys.readouterr().out


def test_command_line_exits_non_zero_and_names_the_place(workspace, snapshot):
    raw, processed = workspace
    CASES["quote_not_in_report"][0](raw)
    before = snapshot(processed)
    proc = subprocess.run(
        [sys.executable, "-m", "mmn_analysis", "--raw", str(raw), "--processed", str(processed), "build"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 2
    assert "register/overview.csv, row 3, column 'quote'" in proc.stderr
    assert snapshot(processed) == before


def test_an_os_fault_nobody_foresaw_is_one_line(monkeypatch, capsys):
    def fault(raw):
        raise PermissionError(13, "Permission denied", "/somewhere/locked.csv")

    monkeypatch.setattr("mmn_analysis.cli.make", fault)
    assert main(["check"]) == 2
    assert capsys.readouterr().err == "error: /somewhere/locked.csv: cannot access it: permission denied\n"


def test_a_bug_is_one_line_and_the_traceback_comes_on_request(monkeypatch, capsys):
    def bug(raw):
        return 1 / 0

    monkeypatch.setattr("mmn_analysis.cli.make", bug)
    assert main(["check"]) == 70
    err = capsys.readouterr().err
    assert err.startswith("error: internal error ZeroDivisionError: division by zero (test_bad_input.py, line")
    assert err.count("\n") == 1
    monkeypatch.setenv("MMN_TRACEBACK", "1")
    with pytest.raises(ZeroDivisionError):
        main(["check"])


def test_output_into_a_closed_pipe_ends_quietly():
    proc = subprocess.run(
        f"{sys.executable} -m mmn_analysis audit --all | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout.count("\n") == 1
    assert proc.stderr == ""


def test_a_terminal_that_cannot_show_a_character_gets_an_escape(workspace):
    raw, processed = workspace
    edit_csv(raw / REGISTER, set_cell(3, "footnote", "\u0662"))
    proc = subprocess.run(
        [sys.executable, "-m", "mmn_analysis", "--raw", str(raw), "--processed", str(processed), "build"],
        capture_output=True,
        cwd=ROOT,
        env=dict(os.environ, PYTHONIOENCODING="ascii"),
    )
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr
    assert b"'\\u0662' is not a whole number" in proc.stderr
