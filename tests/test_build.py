"""The build's outputs: committed files equal a fresh build; builds are idempotent and atomic."""

from __future__ import annotations

import json
import os

import pandas as pd
import pytest
from openpyxl import load_workbook

import mmn_analysis as mmn
from mmn_analysis.outputs import build as build_module
from mmn_analysis.outputs.schema import TABLE_ORDER, TABLES
from mmn_analysis.outputs.writers import DATAPACKAGE, WORKBOOK
from mmn_analysis.paths import PROCESSED


def test_committed_processed_files_equal_a_fresh_build(real):
    assert build_module.differences(real.files, PROCESSED) == []


def test_a_second_build_changes_no_byte(tmp_path, snapshot):
    first = build_module.make().files
    build_module.write(first, tmp_path / "p")
    before = snapshot(tmp_path / "p")
    mtimes = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "p").iterdir()}
    second = build_module.make().files
    assert second == first  # the workbook included
    assert build_module.write(second, tmp_path / "p") == []
    assert snapshot(tmp_path / "p") == before
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "p").iterdir()} == mtimes


def test_a_build_that_fails_while_writing_leaves_the_old_outputs(tmp_path, monkeypatch, real, snapshot):
    target = tmp_path / "p"
    build_module.write(real.files, target)
    before = snapshot(target)
    changed = dict(real.files, **{"figures.csv": b"changed\n"})
    real_rename = os.rename

    def failing_rename(src, dst):  # the new outputs cannot be moved into place
        if os.path.basename(str(src)).startswith(".processed-new-"):
            raise OSError("disk full")
        return real_rename(src, dst)

    monkeypatch.setattr(build_module.os, "rename", failing_rename)
    with pytest.raises(OSError):
        build_module.write(changed, target)
    assert snapshot(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p"]  # no staging folder left behind


def test_every_table_is_written_as_csv_with_its_schema_columns():
    for name in TABLE_ORDER:
        header = (PROCESSED / f"{name}.csv").read_text(encoding="utf-8").split("\n")[0]
        assert header.split(",") == TABLES[name].columns


def test_load_returns_typed_frames():
    df = mmn.load("figures")
    assert df["value"].dtype == "float64"
    assert str(df["line"].dtype) == "Int64"
    assert str(df["quote"].dtype).startswith("string")
    assert df["id"].is_unique


def test_load_refuses_an_unknown_table():
    with pytest.raises(KeyError, match="available"):
        mmn.load("nope")


def test_tables_lists_every_table_with_its_size():
    t = mmn.tables()
    assert list(t["table"]) == TABLE_ORDER
    assert (t["rows"] > 0).all()


def test_describe_lists_every_column():
    d = mmn.describe("destinations")
    assert list(d["column"]) == TABLES["destinations"].columns
    assert d["description"].str.len().gt(0).all()


def test_rows_are_in_report_order():
    df = mmn.load("figures")
    assert df["line"].is_monotonic_increasing


def test_workbook_has_a_readme_and_one_frozen_sheet_per_table():
    wb = load_workbook(PROCESSED / WORKBOOK, read_only=False)
    assert wb.sheetnames == ["README"] + TABLE_ORDER
    for name in TABLE_ORDER:
        ws = wb[name]
        assert ws.freeze_panes == "A2"
        assert [c.value for c in ws[1]] == TABLES[name].columns
        assert ws.max_row == len(pd.read_csv(PROCESSED / f"{name}.csv")) + 1
    described = {(r[0], r[1]) for r in wb["README"].iter_rows(values_only=True) if r and r[1]}
    for name in TABLE_ORDER:
        for col in TABLES[name].columns:
            assert (name, col) in described


def test_datapackage_describes_every_field_and_validates_offline():
    import frictionless

    pkg = json.loads((PROCESSED / DATAPACKAGE).read_text(encoding="utf-8"))
    assert [r["name"] for r in pkg["resources"]] == TABLE_ORDER
    for res in pkg["resources"]:
        assert ".." not in res["path"]
        assert all(f.get("description") for f in res["schema"]["fields"])
    report = frictionless.validate(str(PROCESSED / DATAPACKAGE))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
