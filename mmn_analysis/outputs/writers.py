"""Serialise tables to bytes: CSV, one Excel workbook, a Frictionless datapackage.json.

The workbook is written by openpyxl, which serialises its XML with lxml (a dependency for that
reason: several times faster than openpyxl's own writer). Everything is rendered in memory and
byte-stable: the same tables always give the same bytes (fixed workbook timestamps, fixed zip
entry dates, no locale-dependent formatting).

The workbook never computes anything: every text cell is stored as text, including text that
begins with a formula character (``=``, ``+``, ``-``, ``@``, which the report's own calendar lines
do) or reads like an error code (``#N/A``); such cells also carry Excel's quote prefix, so that
editing one keeps it text. The CSV files hold each value exactly as it is: the hand-kept inputs
refuse formula-like editorial text at the door, and a verbatim quote of the report is published as
printed. Open the CSV files in a spreadsheet through its import dialog, or use the workbook.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

from ..paths import REPORT_FILE, REPORT_SHA256, REPORT_TITLE
from .schema import TABLE_ORDER, TABLES, Table

Record = dict[str, object]
#: A fixed timestamp for the workbook's properties and zip entries, so builds are byte-identical.
FIXED_TIME = datetime(2018, 1, 1, 0, 0, 0)
WORKBOOK = "mmn_annual_report_2017.xlsx"
DATAPACKAGE = "datapackage.json"
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 (the tables); the report's text remains MMN's",
}


def format_cell(value: object, type_: str) -> str:
    """The text of one cell: integers without '.0', floats by their shortest exact repr, blanks empty."""
    if value is None or value == "":
        return ""
    if type_ == "integer":
        return str(int(value))  # type: ignore[arg-type]
    if type_ == "number":
        f = float(value)  # type: ignore[arg-type]
        return str(int(f)) if f.is_integer() else repr(f)
    return str(value)


def csv_bytes(table: Table, records: list[Record]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(table.columns)
    for r in records:
        w.writerow([format_cell(r.get(f.name), f.type) for f in table.fields])
    return buf.getvalue().encode("utf-8")


class _FixedDateZip(zipfile.ZipFile):
    """A zip whose entries carry one fixed date and mode, so the same workbook is always the same bytes."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)


class _InMemoryExcelWriter(ExcelWriter):
    """openpyxl's writer, taking each sheet's XML from memory: openpyxl itself streams every sheet
    through a temporary file, which would tie the build to a writable, roomy temporary folder."""

    def write_worksheet(self, ws) -> None:
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        if not ws.closed:
            ws.close()
        ws._rels = ws._writer._rels
        self._archive.writestr(ws.path[1:], ws._writer.read())
        self.manifest.append(ws)


def _stream_in_memory(ws) -> None:
    """Give a write-only sheet an in-memory stream; call it once its column widths and panes are set."""
    ws._writer = WorksheetWriter(ws, out=io.BytesIO())
    ws._writer.write_top()


def _cell_value(value: object, type_: str) -> object:
    if value is None or value == "":
        return None
    if type_ == "integer":
        return int(value)  # type: ignore[arg-type]
    if type_ == "number":
        return float(value)  # type: ignore[arg-type]
    return str(value)


BOLD = Font(bold=True)
TOP = Alignment(wrap_text=False, vertical="top")  # one shared style object, not one per cell
#: What a spreadsheet reads as the start of a formula.
FORMULA_START = ("=", "+", "-", "@")


def _as_text(ws, value: object) -> object:
    """A string as a cell that stays text: openpyxl would store '=...' as a formula and '#N/A' as an error."""
    if not isinstance(value, str) or not (value.startswith(FORMULA_START) or value in ERROR_CODES):
        return value  # other strings are stored as text already
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def _header(ws, values: list[str]) -> list[Cell]:
    cells = []
    for v in values:
        c = WriteOnlyCell(ws, value=v)
        c.data_type = "s"
        c.font = BOLD
        cells.append(c)
    return cells


def workbook_bytes(tables: dict[str, list[Record]]) -> bytes:
    """One sheet per table (frozen header, sized columns) after a README sheet describing every column.

    Written in openpyxl's write-only mode: rows stream to the file instead of living as cell objects.
    """
    wb = Workbook(write_only=True)
    readme = wb.create_sheet("README")
    for col, width in zip("ABCD", (20, 20, 10, 100)):
        readme.column_dimensions[col].width = width
    readme.freeze_panes = "A7"
    _stream_in_memory(readme)
    readme.append(_header(readme, [f"{REPORT_TITLE}: every figure as tidy, sourced tables"]))
    readme.append([f"Source: {REPORT_TITLE}, full text ({REPORT_FILE}, sha256 {REPORT_SHA256})."])
    readme.append(
        ["Every figure carries the verbatim quote it comes from; footnotes and the works they cite are in 'sources'."]
    )
    readme.append(["Built by the mmn_analysis package from data/raw; do not edit: edit the register and rebuild."])
    readme.append([])
    readme.append(_header(readme, ["sheet", "column", "type", "description"]))
    for name in TABLE_ORDER:
        t = TABLES[name]
        readme.append([_as_text(readme, v) for v in (name, "", "", f"{t.title}: {t.description}")])
        for f in t.fields:
            readme.append([_as_text(readme, v) for v in (name, f.name, f.type, f.description)])

    for name in TABLE_ORDER:
        t = TABLES[name]
        records = tables[name]
        ws = wb.create_sheet(name)
        ws.freeze_panes = "A2"
        long_columns = set()
        for i, f in enumerate(t.fields, start=1):
            longest = max([len(f.name)] + [len(format_cell(r.get(f.name), f.type)) for r in records])
            ws.column_dimensions[get_column_letter(i)].width = min(max(8, longest + 2), 60)
            if longest > 60:
                long_columns.add(i - 1)
        _stream_in_memory(ws)
        ws.append(_header(ws, t.columns))
        for r in records:
            row = []
            for i, f in enumerate(t.fields):
                v = _as_text(ws, _cell_value(r.get(f.name), f.type))
                if i in long_columns and v is not None:
                    if not isinstance(v, Cell):
                        v = WriteOnlyCell(ws, value=v)
                    v.alignment = TOP
                row.append(v)
            ws.append(row)
    wb.properties.creator = "mmn_analysis"
    wb.properties.lastModifiedBy = "mmn_analysis"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buf = io.BytesIO()
    _InMemoryExcelWriter(wb, _FixedDateZip(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return buf.getvalue()


def datapackage_bytes(tables: dict[str, list[Record]]) -> bytes:
    resources = []
    for name in TABLE_ORDER:
        t = TABLES[name]
        fields = []
        for f in t.fields:
            d: dict[str, object] = {"name": f.name, "type": f.type, "description": f.description}
            if f.unit:
                d["unit"] = f.unit
            cons: dict[str, object] = {}
            if f.required:
                cons["required"] = True
            if f.enum:
                cons["enum"] = list(f.enum)
            if f.pattern:
                cons["pattern"] = f.pattern
            if cons:
                d["constraints"] = cons
            fields.append(d)
        schema: dict[str, object] = {"fields": fields, "primaryKey": t.primary_key, "missingValues": [""]}
        if t.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": fk[0], "reference": {"resource": "" if fk[1] == name else fk[1], "fields": fk[2]}}
                for fk in t.foreign_keys
            ]
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "title": t.title,
                "description": t.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": schema,
            }
        )
    package = {
        "profile": "tabular-data-package",
        "name": "mmn-annual-report-2017",
        "title": f"{REPORT_TITLE}: every figure as tidy, sourced tables",
        "description": "Every quantitative statement of the Mekong Migration Network's Annual Report 2017 "
        "(labour migration in the Greater Mekong Subregion), each with its verbatim quote, "
        "footnote and cited source.",
        "version": "0.1.0",
        "licenses": [LICENSE],
        "sources": [
            {
                "title": REPORT_TITLE,
                "path": "https://www.mekongmigration.org",
                "description": f"Full text of the report as received, data/raw/{REPORT_FILE}, sha256 {REPORT_SHA256}. "
                "Published by the Mekong Migration Network, Chiang Mai and Hong Kong.",
            }
        ],
        "resources": resources,
    }
    return (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


#: Workbooks already rendered in this process, by a digest of the CSV files they hold (a few, newest last).
_WORKBOOKS: dict[bytes, bytes] = {}
_WORKBOOKS_KEPT = 4
_WORKBOOKS_MAX_BYTES = 4 * 1024 * 1024  # a larger workbook is rendered every time, not kept in memory


def render(tables: dict[str, list[Record]]) -> dict[str, bytes]:
    """All processed files, by file name.

    The workbook takes most of a build's time, and it is a function of the CSV files: each of its cells is a
    cell of a CSV read back by its column's type, and its column widths follow the CSV text. So a process that
    renders the same tables again (a build that follows a build, the tests' many builds of the same inputs)
    reuses the workbook it rendered, byte for byte the same, instead of rendering it anew.
    """
    files = {f"{name}.csv": csv_bytes(TABLES[name], tables[name]) for name in TABLE_ORDER}
    key = hashlib.sha256(b"".join(hashlib.sha256(files[f"{n}.csv"]).digest() for n in TABLE_ORDER)).digest()
    workbook = _WORKBOOKS.pop(key, None)
    if workbook is None:
        workbook = workbook_bytes(tables)
        while len(_WORKBOOKS) >= _WORKBOOKS_KEPT:
            del _WORKBOOKS[next(iter(_WORKBOOKS))]
    if len(workbook) <= _WORKBOOKS_MAX_BYTES:
        _WORKBOOKS[key] = workbook  # the most recently used last
    files[WORKBOOK] = workbook
    files[DATAPACKAGE] = datapackage_bytes(tables)
    return files
