"""Strict reading of CSV files: every problem names its file, row and column.

A file is refused whole when it is missing, a folder, a pipe or device, unreadable, larger than
:data:`MAX_FILE_BYTES`, not UTF-8 (a UTF-8 byte-order mark is dropped; UTF-16 is named as such),
holds a NUL byte, is not well-formed CSV, or when its header is not exactly the expected columns in
order (none missing, renamed, added or doubled). CRLF line ends are read like LF.

Every cell of a hand-kept file is then checked against the kind of its column, declared once for
every file in :data:`KINDS` (a column not declared there is editorial text, the strictest kind):

- no cell holds a line break, a control character (NUL, ESC ...), a zero-width or bidi-override
  character, an unassigned or private-use code point, or text not in Unicode NFC form;
  only a verbatim cell may hold a tab (the report's own lists do);
- no cell begins or ends with whitespace: nothing is trimmed silently;
- editorial text (labels, notes, country names) has single spaces only, does not begin with a
  character a spreadsheet runs as a formula (``= + - @``) unless it is a plain number, and holds
  no markup (HTML tags, ``javascript:`` or ``data:`` URLs, Markdown link syntax): web pages and
  the workbook are built from it;
- a verbatim cell may begin with any character, because the file's reader proves it is a
  substring of the report at its place: the report's own text is published as printed;
- codes are ASCII letters, digits and ``- _ .``; integers and ISO dates use the ASCII digits 0-9
  only (Python's own ``isdigit`` and ``int`` accept ``٢`` and ``²``), and a date is a real one;
- a cell is at most :data:`MAX_LENGTH` characters of its kind.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from ..errors import InputError, Problem, os_problem
from ..parse.dates import DateError, parse_iso_period

#: Largest file read (32 MiB): a register a hundred times the real one is about 16 MiB.
MAX_FILE_BYTES = 32 * 2**20


class Kind(Enum):
    """What a column holds, and so which rules its cells obey."""

    TEXT = "editorial text"  # the editors' words: labels, notes, country names
    VERBATIM = "verbatim text"  # copied from the report; the file's reader proves it against the report
    CODE = "code"  # an id or a word of a fixed vocabulary
    INTEGER = "integer"  # a footnote number
    DATE = "ISO date"  # 2017, 2017-08 or 2017-06-23
    PERIOD = "ISO date or interval"  # a date, or start/end


TEXT, VERBATIM, CODE, INTEGER, DATE, PERIOD = Kind
MAX_LENGTH = {TEXT: 1000, VERBATIM: 2000, CODE: 64, INTEGER: 6, DATE: 21, PERIOD: 21}

#: The kind of every column of the hand-kept files, by file (a folder name covers its files).
KINDS: dict[str, dict[str, Kind]] = {
    "data/raw/register/": {
        "id": CODE,
        "chapter": CODE,
        "section": VERBATIM,
        "sex": CODE,
        "theme": CODE,
        "indicator": CODE,
        "figure": VERBATIM,
        "unit": CODE,
        "period": PERIOD,
        "footnote": INTEGER,
        "stated_in": CODE,
        "quote": VERBATIM,
    },
    "data/raw/footnotes.csv": {
        "chapter": CODE,
        "number": INTEGER,
        "author": VERBATIM,
        "title": VERBATIM,
        "outlet": VERBATIM,
        "date_text": VERBATIM,
        "date": DATE,
        "url": VERBATIM,
        "locator": VERBATIM,
        "ibid_of": INTEGER,
    },
    "data/raw/members.csv": {"country": VERBATIM, "organisation": VERBATIM, "acronym": VERBATIM},
    "data/raw/calendar.csv": {
        "id": CODE,
        "month": VERBATIM,
        "days": VERBATIM,
        "start": DATE,
        "end": DATE,
        "activity": VERBATIM,
        "role": CODE,
        "city": VERBATIM,
        "country": VERBATIM,
    },
}

FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # and their full-width forms
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)*%?")
#: An HTML tag (a URL in angle brackets, as the report prints them, is not one), a script or data URL, a Markdown link.
MARKUP = re.compile(
    r"<(?!https?://[^\s<>\"'`]+>)\s*[a-z!/?]|\b(?:javascript|vbscript):|\bdata:[a-z-]+/|\]\(", re.IGNORECASE
)
CODE_PATTERN = re.compile(r"[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*")
INTEGER_PATTERN = re.compile(r"[1-9][0-9]*")
NAMED = {"\n": "a line break", "\r": "a line break", "\t": "a tab", "\x00": "a NUL character"}


@dataclass(frozen=True)
class Row:
    file: str  # as shown to a reader: data/raw/...
    number: int  # row number in the file, the header being row 1
    values: dict[str, str]

    def problem(self, column: str | None, message: str, expected: str | None = None) -> Problem:
        return Problem(self.file, message, row=self.number, column=column, expected=expected)


def kinds_for(shown: str) -> dict[str, Kind]:
    """The declared kinds of a file's columns (by its name as shown, or the folder it is in)."""
    if shown in KINDS:
        return KINDS[shown]
    folder = shown.rsplit("/", 1)[0] + "/"
    return KINDS.get(folder, {})


def read_bytes(path: Path, shown: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes, refusing a missing file, a folder, a pipe or device, an unreadable or an over-large file.

    Opened without blocking and checked on the open descriptor, so a pipe put in a file's place cannot
    hang the build.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError(Problem(shown, "file is missing")) from None
    except OSError as e:
        raise InputError(os_problem(e, shown, "read it")) from None
    too_large = Problem(shown, f"is larger than {limit // 2**20} MiB", expected="a file under the size limit")
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(Problem(shown, "is a folder", expected="a file"))
        if not stat.S_ISREG(st.st_mode):
            raise InputError(Problem(shown, "is not a regular file (a pipe, socket or device)", expected="a file"))
        if st.st_size > limit:
            raise InputError(too_large)
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(limit + 1)
    except OSError as e:
        raise InputError(os_problem(e, shown, "read it")) from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while being read
        raise InputError(too_large)
    return data


def decode(data: bytes, shown: str, columns: list[str] | None = None) -> str:
    """UTF-8 text (a byte-order mark dropped), or a problem naming the row and column of the first bad byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(Problem(shown, "is UTF-16 (or UTF-32) encoded", row=1, expected="UTF-8"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        row, column = _place(data[: e.start].decode("utf-8-sig", errors="replace"), columns)
        raise InputError(
            Problem(
                shown,
                f"not valid UTF-8: byte 0x{data[e.start]:02x} at offset {e.start}",
                row=row,
                column=column,
                expected="a UTF-8 file (save it as UTF-8, not Latin-1 or Windows-1252)",
            )
        ) from None
    if "\x00" in text:
        row, column = _place(text[: text.index("\x00")], columns)
        raise InputError(Problem(shown, "contains a NUL byte", row=row, column=column, expected="text"))
    return text


def _place(prefix: str, columns: list[str] | None) -> tuple[int, str | None]:
    """The row and column at the end of ``prefix``, the text before a bad byte."""
    records = list(csv.reader(io.StringIO(prefix, newline=""))) or [[]]
    row = len(records) + (1 if prefix.endswith(("\n", "\r")) else 0)
    index = max(len(records[-1]) - 1, 0)
    column = columns[index] if columns and row > 1 and index < len(columns) else None
    return row, column


def parse(text: str, shown: str, columns: list[str]) -> list[tuple[int, list[str]]]:
    """The data rows of a CSV whose header is exactly ``columns``, each with its row number; blank lines skipped."""
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
    _check_header(records[0], shown, columns)
    rows: list[tuple[int, list[str]]] = []
    problems: list[Problem] = []
    for number, rec in enumerate(records[1:], start=2):
        if not any(rec):
            continue  # a blank line
        if len(rec) != len(columns):
            problems.append(Problem(shown, f"row has {len(rec)} fields", row=number, expected=f"{len(columns)} fields"))
        else:
            rows.append((number, rec))
    if problems:
        raise InputError(problems)
    return rows


def _check_header(header: list[str], shown: str, columns: list[str]) -> None:
    expected = f"header {','.join(columns)}"
    problems = []
    for c in dict.fromkeys(header):
        if header.count(c) > 1:
            problems.append(
                Problem(shown, f"column appears {header.count(c)} times", row=1, column=c, expected=expected)
            )
    for c in columns:
        if c not in header:
            problems.append(Problem(shown, "column is missing or renamed", row=1, column=c, expected=expected))
    for c in dict.fromkeys(header):
        if c not in columns:
            spaced = c.strip() in columns
            message = "column name has spaces around it" if spaced else "unexpected column"
            problems.append(Problem(shown, message, row=1, column=c, expected=expected))
    if not problems and header != columns:
        problems.append(Problem(shown, "columns are out of order", row=1, expected=expected))
    if problems:
        raise InputError(problems)


def read_rows(path: Path, shown: str, columns: list[str], required: list[str]) -> list[Row]:
    """Read a hand-kept CSV whose header is exactly ``columns``, checking every cell against its kind.

    Refuses the file (see the module's docstring), a row with too many or too few fields, a file
    with no rows, blanks in ``required`` columns and any cell its column's kind does not allow.
    """
    data = read_bytes(path, shown)
    key = (shown, tuple(columns), tuple(required), hashlib.sha256(data).digest())
    checked = _CHECKED.pop(key, None)
    if checked is not None:
        _CHECKED[key] = checked  # the most recently used last
        return [Row(shown, number, dict(zip(columns, rec))) for number, rec in checked]
    out = _check_rows(parse(decode(data, shown, columns), shown, columns), shown, columns, required)
    if len(data) > _CHECKED_MAX_BYTES:
        return out
    if len(_CHECKED) >= _CHECKED_KEPT:
        del _CHECKED[next(iter(_CHECKED))]
    _CHECKED[key] = tuple((row.number, tuple(row.values.values())) for row in out)
    return out


#: Files this process has read and found sound, by name, columns and a digest of their bytes: their rows (a few dozen, the
#: least recently used dropped first). A process that builds again (the tests build hundreds of times, each with one file
#: changed) checks only the files whose bytes changed; the others cannot have become wrong.
_CHECKED: dict[tuple[str, tuple[str, ...], tuple[str, ...], bytes], tuple[tuple[int, tuple[str, ...]], ...]] = {}
_CHECKED_KEPT = 64
_CHECKED_MAX_BYTES = 4 * 1024 * 1024  # larger files are checked every time, not kept in memory


def _check_rows(rows: list[tuple[int, list[str]]], shown: str, columns: list[str], required: list[str]) -> list[Row]:
    """The rows as Row objects, once every cell is checked against its column's kind."""
    kinds = kinds_for(shown)
    column_kinds = [(c, kinds.get(c, TEXT), c in required) for c in columns]
    problems: list[Problem] = []
    out: list[Row] = []
    for number, rec in rows:
        row = Row(shown, number, dict(zip(columns, rec)))
        for (column, kind, needed), value in zip(column_kinds, rec):
            if not value:
                if needed:
                    problems.append(row.problem(column, "is blank", expected="a value"))
                continue
            found = cell_problem(kind, value)
            if found:
                problems.append(row.problem(column, *found))
        out.append(row)
    if not out and not problems:
        problems.append(Problem(shown, "the file has a header but no rows", row=2, expected="at least one row"))
    if problems:
        raise InputError(problems)
    return out


def cell_problem(kind: Kind, value: str) -> tuple[str, str] | None:
    """What is wrong with a non-blank cell of a column of this kind, as (message, expected); None if nothing."""
    if len(value) > MAX_LENGTH[kind]:
        return f"is {len(value)} characters long", f"at most {MAX_LENGTH[kind]} characters for {kind.value}"
    bad = _unprintable(value, tabs=kind is VERBATIM)
    if bad is not None:
        return (
            f"contains {bad[1]} at character {bad[0] + 1}",
            "printable text on one line: no line break, control, zero-width or bidi character",
        )
    if not value.strip():
        return "holds only whitespace", "a value, or an empty cell"
    if value != value.strip():
        return "begins or ends with whitespace", "no space before or after the value"
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):
        return "is not in Unicode NFC form (a letter and a combining mark apart)", "text in NFC, as the report is"
    if kind is TEXT:
        return _text_problem(value)
    if kind is CODE and not CODE_PATTERN.fullmatch(value):
        return f"{value!r} is not a code", "ASCII letters and digits joined by - _ or ."
    if kind is INTEGER and not INTEGER_PATTERN.fullmatch(value):
        return f"{value!r} is not a whole number", "the digits 0-9 only, e.g. 51"
    if kind in (DATE, PERIOD):
        if kind is DATE and "/" in value:
            return f"{value!r} is an interval", "one ISO 8601 date: 2017, 2017-08 or 2017-06-23"
        try:
            parse_iso_period(value)
        except DateError as e:
            return str(e), "a real date in ISO 8601: 2017, 2017-08, 2017-06-23" + (
                " or an interval such as 2014/2017" if kind is PERIOD else ""
            )
    return None


def _text_problem(value: str) -> tuple[str, str] | None:
    if "  " in value:
        return "holds two spaces in a row", "single spaces between words"
    if value.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(value):
        return (
            f"begins with {value[0]!r}, which a spreadsheet runs as a formula",
            "text that begins with a letter, a digit or a bracket",
        )
    markup = MARKUP.search(value)
    if markup:
        return (
            f"holds markup {markup.group()!r}; web pages and the workbook are built from this text",
            "plain text: no HTML tag, script or data URL, or Markdown link",
        )
    return None


def _unprintable(value: str, tabs: bool) -> tuple[int, str] | None:
    """Position and description of the first character no cell may hold (a tab allowed where ``tabs``)."""
    if value.isprintable() or (tabs and value.replace("\t", " ").isprintable()):
        return None
    for i, ch in enumerate(value):
        if not ch.isprintable() and not (tabs and ch == "\t") and ch != " ":
            name = NAMED.get(ch) or unicodedata.name(ch, "a control character")
            return i, f"U+{ord(ch):04X} ({name})"
    return None
