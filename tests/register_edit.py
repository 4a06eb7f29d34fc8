"""Break one register row in a throwaway copy of data/raw and hear what the build says about it."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from mmn_analysis.errors import InputError
from mmn_analysis.inputs.register import read_register, verify_register
from mmn_analysis.inputs.report import load_report
from mmn_analysis.paths import RAW


def edit_register(raw: Path, change) -> None:
    """Apply ``change(header, rows)`` to every register file of ``raw`` (rows without the header)."""
    for path in sorted((raw / "register").glob("*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        change(rows[0], rows[1:])
        buf = io.StringIO(newline="")
        csv.writer(buf, lineterminator="\n").writerows(rows)
        path.write_text(buf.getvalue(), encoding="utf-8")


def complaint(tmp_path: Path, rid: str, **cells: str) -> str:
    """Set ``cells`` of the row ``rid`` in a copy of data/raw; return the register's complaint, or ''."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw, dirs_exist_ok=True)

    def change(header, rows):
        for row in rows:
            if row and row[0] == rid:
                for column, value in cells.items():
                    row[header.index(column)] = value

    edit_register(raw, change)
    try:
        verify_register(load_report(raw), read_register(raw))
    except InputError as e:
        return str(e)
    return ""
