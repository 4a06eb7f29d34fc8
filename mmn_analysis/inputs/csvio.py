"""Strict reading of the hand-kept CSV files: every problem names its file, row and column."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem


@dataclass(frozen=True)
class Row:
    file: str  # as shown to a reader: data/raw/...
    number: int  # row number in the file, the header being row 1
    values: dict[str, str]

    def problem(self, column: str | None, message: str, expected: str | None = None) -> Problem:
        return Problem(self.file, message, row=self.number, column=column, expected=expected)


def read_rows(path: Path, shown: str, columns: list[str], required: list[str]) -> list[Row]:
    """Read a UTF-8 CSV whose header is exactly ``columns`` (in that order).

    Refuses a missing file, bytes that are not UTF-8, a missing, extra or renamed column, a row
    with too many or too few fields, a file with no rows, and blanks in ``required`` columns.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(Problem(shown, "file is missing")) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(
            Problem(shown, f"not valid UTF-8 at byte {e.start}", row=line, expected="a UTF-8 CSV file")
        ) from None
    if "\x00" in text:
        raise InputError(Problem(shown, "contains a NUL byte; the file is broken", expected="text"))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = list(reader)
    except csv.Error as e:
        raise InputError(
            Problem(
                shown,
                f"malformed CSV: {e}",
                row=reader.line_num,
                expected='fields quoted with " where they hold a comma, quote or line break',
            )
        ) from None
    if not records or not any(cell.strip() for cell in records[0]):
        raise InputError(Problem(shown, "the file is empty", expected=f"a header row: {','.join(columns)}"))
    header = [h.strip() for h in records[0]]
    problems: list[Problem] = []
    missing = [c for c in columns if c not in header]
    extra = [h for h in header if h not in columns]
    if missing or extra:
        for c in missing:
            problems.append(
                Problem(shown, "column is missing or renamed", row=1, column=c, expected=f"header {','.join(columns)}")
            )
        for c in extra:
            problems.append(
                Problem(shown, "unexpected column", row=1, column=c, expected=f"header {','.join(columns)}")
            )
        raise InputError(problems)
    if header != columns:
        raise InputError(Problem(shown, "columns are out of order", row=1, expected=f"header {','.join(columns)}"))
    rows: list[Row] = []
    for i, rec in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in rec):
            continue  # a blank line
        if len(rec) != len(columns):
            problems.append(Problem(shown, f"row has {len(rec)} fields", row=i, expected=f"{len(columns)} fields"))
            continue
        row = Row(shown, i, dict(zip(columns, rec)))
        for c in required:
            if not row.values[c].strip():
                problems.append(row.problem(c, "is blank", expected="a value"))
        rows.append(row)
    if not rows and not problems:
        problems.append(Problem(shown, "the file has a header but no rows", row=2, expected="at least one row"))
    if problems:
        raise InputError(problems)
    return rows
