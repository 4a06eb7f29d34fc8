"""Hostile or broken input files (structure, encodings, the report file, file-system faults) are refused cleanly.

Exit 2, one line per problem naming the file (and row and column where there is one), no
traceback, data/processed/ byte-identical. What is merely unusual (a byte-order mark, CRLF) is read.
"""

from __future__ import annotations

import os
import shutil

import pytest
from hostile import assert_clean_refusal, build_refused, run_cli, without_permission_override

from mmn_analysis.cli import main
from mmn_analysis.errors import InputError
from mmn_analysis.inputs import csvio
from mmn_analysis.paths import REPORT_FILE

REGISTER = "register/overview.csv"


def rewrite(path, change) -> None:
    path.write_bytes(change(path.read_bytes()))


def replace_with_folder(path) -> None:
    path.unlink()
    path.mkdir()


def replace_with_pipe(path) -> None:
    path.unlink()
    os.mkfifo(path)


def replace_with_link(path, target) -> None:
    path.unlink()
    os.symlink(target, path)


CASES = {
    # the file system
    "register_file_is_a_folder": (lambda raw: replace_with_folder(raw / REGISTER), [f"{REGISTER}: is a folder"]),
    "footnotes_is_a_folder": (lambda raw: replace_with_folder(raw / "footnotes.csv"), ["footnotes.csv: is a folder"]),
    "report_is_a_folder": (lambda raw: replace_with_folder(raw / REPORT_FILE), [f"{REPORT_FILE}: is a folder"]),
    "footnotes_is_a_pipe": (lambda raw: replace_with_pipe(raw / "footnotes.csv"), ["not a regular file"]),
    "report_is_a_pipe": (lambda raw: replace_with_pipe(raw / REPORT_FILE), ["not a regular file"]),
    "report_is_a_device": (lambda raw: replace_with_link(raw / REPORT_FILE, "/dev/zero"), ["not a regular file"]),
    "calendar_is_a_device": (lambda raw: replace_with_link(raw / "calendar.csv", "/dev/urandom"), ["not a regular"]),
    "members_links_to_itself": (
        lambda raw: replace_with_link(raw / "members.csv", "members.csv"),
        ["members.csv: cannot read it: too many levels of symbolic links"],
    ),
    "members_link_dangles": (
        lambda raw: replace_with_link(raw / "members.csv", "/nonexistent/members.csv"),
        ["members.csv: file is missing"],
    ),
    "report_missing": (lambda raw: (raw / REPORT_FILE).unlink(), [f"{REPORT_FILE}: file is missing"]),
    "raw_folder_missing": (lambda raw: shutil.rmtree(raw), ["file is missing"]),
    "raw_folder_is_a_file": (
        lambda raw: (shutil.rmtree(raw), raw.write_text("x")),
        ["a part of the path is not a folder"],
    ),
    "register_folder_missing": (lambda raw: shutil.rmtree(raw / "register"), ["no register files"]),
    "register_entry_is_a_folder": (lambda raw: (raw / "register" / "more.csv").mkdir(), ["more.csv: is a folder"]),
    # size
    "register_over_the_size_limit": (lambda raw: os.truncate(raw / REGISTER, 40 * 2**20), ["larger than 32 MiB"]),
    "report_over_the_size_limit": (lambda raw: os.truncate(raw / REPORT_FILE, 2**30), ["larger than 32 MiB"]),
    "a_field_over_the_csv_limit": (
        lambda raw: rewrite(raw / "members.csv", lambda d: d + b'Regional,"' + b"a" * 200_000 + b'",\r\n'),
        ["members.csv, row 42"],  # the csv module's field limit, or the cell's own (some libraries raise the former)
    ),
    # structure
    "empty_file": (lambda raw: (raw / "footnotes.csv").write_bytes(b""), ["footnotes.csv: the file is empty"]),
    "blank_lines_only": (lambda raw: (raw / "footnotes.csv").write_bytes(b" \r\n\r\n"), ["the file is empty"]),
    "header_only": (
        lambda raw: rewrite(raw / "members.csv", lambda d: d.split(b"\n")[0] + b"\n"),
        ["members.csv, row 2: the file has a header but no rows"],
    ),
    "duplicate_header_name": (
        lambda raw: rewrite(raw / "members.csv", lambda d: d.replace(b"acronym\r\n", b"acronym,acronym\r\n", 1)),
        ["members.csv, row 1, column 'acronym': column appears 2 times"],
    ),
    "padded_header_name": (
        lambda raw: rewrite(raw / REGISTER, lambda d: d.replace(b",quote,", b", quote,", 1)),
        [f"{REGISTER}, row 1, column ' quote': column name has spaces around it"],
    ),
    "header_in_capitals": (
        lambda raw: rewrite(raw / "members.csv", lambda d: d.replace(b"country,", b"Country,", 1)),
        ["members.csv, row 1, column 'Country': unexpected column"],
    ),
    "columns_out_of_order": (
        lambda raw: rewrite(
            raw / "members.csv", lambda d: d.replace(b"country,organisation", b"organisation,country", 1)
        ),
        ["members.csv, row 1: columns are out of order"],
    ),
    "a_thousand_columns": (
        lambda raw: rewrite(raw / "members.csv", lambda d: b",".join([b"c"] * 1000) + b"\r\n" + d),
        ["members.csv, row 1, column 'c': column appears 1000 times"],
    ),
    "unterminated_quote": (
        lambda raw: rewrite(raw / "members.csv", lambda d: d + b'Regional,"Unclosed,\r\n'),
        ["members.csv, row 42: malformed CSV: unexpected end of data"],
    ),
    "stray_quote": (
        lambda raw: rewrite(raw / "members.csv", lambda d: d + b'Regional,"A"B,\r\n'),
        ["members.csv, row 42: malformed CSV"],
    ),
    "ragged_row": (
        lambda raw: rewrite(raw / "members.csv", lambda d: d + b"Regional,Extra Org,XO,surplus\r\n"),
        ["members.csv, row 42: row has 4 fields (expected 3 fields)"],
    ),
    "random_bytes": (lambda raw: (raw / "calendar.csv").write_bytes(bytes(range(256)) * 20), ["not valid UTF-8"]),
    "nul_byte": (
        lambda raw: rewrite(raw / REGISTER, lambda d: d[:500] + b"\x00" + d[500:]),
        [f"{REGISTER}, row 2, column '", "': contains a NUL byte"],
    ),
    # encodings
    "utf16_with_bom": (
        lambda raw: rewrite(raw / REGISTER, lambda d: d.decode("utf-8").encode("utf-16")),
        [f"{REGISTER}, row 1: is UTF-16 (or UTF-32) encoded (expected UTF-8)"],
    ),
    "latin1": (
        lambda raw: rewrite(raw / "footnotes.csv", lambda d: d.decode("utf-8").encode("latin-1", "replace")),
        ["footnotes.csv, row 28, column 'title': not valid UTF-8: byte 0xe0"],
    ),
    "windows_1252": (
        lambda raw: rewrite(raw / REGISTER, lambda d: d.decode("utf-8").encode("cp1252", "replace")),
        [f"{REGISTER}, row 6, column 'quote': not valid UTF-8: byte 0x97"],
    ),
    "two_byte_order_marks": (
        lambda raw: rewrite(raw / "members.csv", lambda d: "\ufeff\ufeff".encode() + d),
        ["members.csv, row 1, column '\\ufeffcountry': unexpected column"],
    ),
    # the report, which is never edited
    "report_one_byte_longer": (lambda raw: rewrite(raw / REPORT_FILE, lambda d: d + b"\n"), ["checksum changed"]),
    "report_with_crlf": (
        lambda raw: rewrite(raw / REPORT_FILE, lambda d: d.replace(b"\n", b"\r\n")),
        ["checksum changed"],
    ),
    "report_with_a_byte_order_mark": (
        lambda raw: rewrite(raw / REPORT_FILE, lambda d: b"\xef\xbb\xbf" + d),
        ["checksum changed"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_broken_file_is_refused_in_one_line_per_problem(case, workspace, capsys):
    raw, processed = workspace
    breaks, fragments = CASES[case]
    breaks(raw)
    build_refused(raw, processed, capsys, fragments)


UNUSUAL_BUT_FINE = {
    "utf8_byte_order_mark": lambda raw: rewrite(raw / REGISTER, lambda d: b"\xef\xbb\xbf" + d),
    "lf_line_ends": lambda raw: rewrite(raw / REGISTER, lambda d: d.replace(b"\r\n", b"\n")),
    "mixed_line_ends": lambda raw: rewrite(raw / REGISTER, lambda d: d.replace(b"\r\n", b"\n", 5)),
    "blank_lines_between_rows": lambda raw: rewrite(raw / "members.csv", lambda d: d.replace(b"\r\n", b"\r\n\r\n", 3)),
}


@pytest.mark.parametrize("case", sorted(UNUSUAL_BUT_FINE))
def test_an_unusual_but_sound_file_gives_the_same_tables(case, workspace, capsys):
    raw, processed = workspace
    UNUSUAL_BUT_FINE[case](raw)
    assert main(["--raw", str(raw), "--processed", str(processed), "check"]) == 0, capsys.readouterr()


@pytest.mark.parametrize("name", ["footnotes.csv", REGISTER, REPORT_FILE])
def test_an_unreadable_input_is_named(name, workspace, snapshot):
    raw, processed = workspace
    before = snapshot(processed)
    os.chmod(raw / name, 0o000)
    proc = run_cli("--raw", str(raw), "--processed", str(processed), "build", preexec=without_permission_override)
    assert_clean_refusal(proc, f"data/raw/{name}: cannot read it: permission denied")
    assert snapshot(processed) == before


def test_an_unreadable_register_folder_is_named(workspace, snapshot):
    raw, processed = workspace
    before = snapshot(processed)
    os.chmod(raw / "register", 0o000)
    try:
        proc = run_cli("--raw", str(raw), "--processed", str(processed), "build", preexec=without_permission_override)
    finally:
        os.chmod(raw / "register", 0o755)
    assert_clean_refusal(proc, "data/raw/register/: cannot read it: permission denied")
    assert snapshot(processed) == before


def test_a_file_read_again_is_checked_again_only_if_its_bytes_changed(tmp_path):
    """read_rows reuses the rows of a file whose bytes it has checked already, and checks changed bytes anew."""
    path, shown = tmp_path / "members.csv", "data/raw/members.csv"
    columns = ["organisation", "country", "note"]
    path.write_text("organisation,country,note\nA group,Thailand,\n", encoding="utf-8")
    first = csvio.read_rows(path, shown, columns, ["organisation"])
    first[0].values["organisation"] = "changed by a caller"
    again = csvio.read_rows(path, shown, columns, ["organisation"])
    assert [r.values for r in again] == [{"organisation": "A group", "country": "Thailand", "note": ""}]
    path.write_text("organisation,country,note\nA group ,Thailand,\n", encoding="utf-8")
    with pytest.raises(InputError, match="ends with whitespace"):
        csvio.read_rows(path, shown, columns, ["organisation"])
    path.write_text("organisation,country,note\n,Thailand,\n", encoding="utf-8")
    with pytest.raises(InputError, match="is blank"):
        csvio.read_rows(path, shown, columns, ["organisation"])


def test_a_large_input_file_is_checked_every_time_and_not_kept_in_memory(tmp_path, monkeypatch):
    path, shown = tmp_path / "members.csv", "data/raw/members.csv"
    path.write_text("organisation,country,note\nA group,Thailand,\n", encoding="utf-8")
    monkeypatch.setattr(csvio, "_CHECKED", {})
    monkeypatch.setattr(csvio, "_CHECKED_MAX_BYTES", path.stat().st_size - 1)
    assert [
        r.values["organisation"] for r in csvio.read_rows(path, shown, ["organisation", "country", "note"], [])
    ] == ["A group"]
    assert csvio._CHECKED == {}
