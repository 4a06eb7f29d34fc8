"""The build's outputs: committed files equal a fresh build; builds are idempotent and atomic."""

from __future__ import annotations

import errno
import io
import json
import os
import threading
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

import mmn_analysis as mmn
from mmn_analysis.errors import InputError
from mmn_analysis.outputs import build as build_module
from mmn_analysis.outputs import integrity, writers
from mmn_analysis.outputs.schema import TABLE_ORDER, TABLES
from mmn_analysis.outputs.writers import DATAPACKAGE, WORKBOOK, render, workbook_bytes
from mmn_analysis.paths import PROCESSED


def test_committed_processed_files_equal_a_fresh_build(real):
    assert build_module.differences(real.files, PROCESSED) == []


def test_a_second_build_changes_no_byte(tmp_path, snapshot, monkeypatch):
    monkeypatch.setattr(writers, "_WORKBOOKS", {})  # each build renders its workbook anew
    first = build_module.make().files
    build_module.write(first, tmp_path / "p")
    before = snapshot(tmp_path / "p")
    mtimes = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "p").iterdir()}
    monkeypatch.setattr(writers, "_WORKBOOKS", {})
    second = build_module.make().files
    assert second == first  # the workbook included
    assert build_module.write(second, tmp_path / "p") == []
    assert snapshot(tmp_path / "p") == before
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "p").iterdir()} == mtimes


def test_a_workbook_reused_within_a_process_is_the_one_rendered_anew_and_follows_every_change(real):
    tables = {name: [dict(r) for r in records] for name, records in real.tables.items()}
    first = render(tables)[WORKBOOK]
    assert render(tables)[WORKBOOK] == first == workbook_bytes(tables)
    tables["remittances"][0]["value"] += 0.5  # one number in one table
    again = render(tables)[WORKBOOK]
    assert again != first and again == workbook_bytes(tables)


def published(tmp_path, real) -> tuple[Path, dict[str, bytes]]:
    """A processed folder holding the real build, and a build that differs from it."""
    target = tmp_path / "p"
    build_module.write(real.files, target)
    return target, dict(real.files, **{"figures.csv": b"changed\n"})


def test_a_build_that_cannot_publish_leaves_the_old_outputs(tmp_path, monkeypatch, real, snapshot):
    target, changed = published(tmp_path, real)
    before = snapshot(target)

    def no_space(a, b):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(build_module, "_exchange", no_space)
    with pytest.raises(InputError, match="no space left on the device"):
        build_module.write(changed, target)
    assert snapshot(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".p.lock", "p"]  # no staging folder left behind


def test_the_swap_leaves_no_moment_without_tables(tmp_path, real):
    """A reader opening the tables by path while builds publish two versions in turn always finds every file.

    (A listing already under way when the swap happens reads the previous folder while it is removed: readers
    open tables by path, and a path always leads to a whole set, the old one or the new one.)"""
    target, changed = published(tmp_path, real)
    names, seen, stop = set(real.files), [], threading.Event()

    def reader():  # as a reader does: opening each table by its path
        while not stop.is_set():
            seen.append({name for name in names if os.path.isfile(target / name)})

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for _ in range(10):
            build_module.write(changed, target)
            build_module.write(real.files, target)
    finally:
        stop.set()
        thread.join()
    assert len(seen) > 10
    assert all(s == names for s in seen)


def test_without_an_atomic_swap_files_are_replaced_one_by_one(tmp_path, monkeypatch, real, snapshot):
    target, changed = published(tmp_path, real)
    monkeypatch.setattr(build_module, "_renameat2", lambda: None)  # another system, or a file system without it
    assert build_module.write(changed, target) == ["figures.csv"]
    assert (target / "figures.csv").read_bytes() == b"changed\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".p.lock", "p"]


def test_files_the_build_does_not_produce_are_kept_and_named(tmp_path, real):
    target, changed = published(tmp_path, real)
    (target / "my notes.txt").write_text("mine", encoding="utf-8")
    (target / "drafts").mkdir()
    (target / "drafts" / "a.csv").write_text("a", encoding="utf-8")
    assert build_module.write(changed, target) == ["figures.csv"]
    assert (target / "my notes.txt").read_text(encoding="utf-8") == "mine"
    assert (target / "drafts" / "a.csv").read_text(encoding="utf-8") == "a"
    assert build_module.foreign(changed, target) == ["drafts", "my notes.txt"]


def test_a_foreign_file_alone_is_not_a_reason_to_write(tmp_path, real):
    target, _ = published(tmp_path, real)
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    assert build_module.differences(real.files, target) == []
    assert build_module.write(real.files, target) == []


def test_folders_left_by_killed_builds_are_removed(tmp_path, real):
    target, changed = published(tmp_path, real)
    for leftover in (".p-staging-abc123", ".p-new-x", ".p-old-1234"):
        (tmp_path / leftover).mkdir()
        (tmp_path / leftover / "figures.csv").write_text("half", encoding="utf-8")
    build_module.write(changed, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".p.lock", "p"]


def test_a_symbolic_link_to_the_processed_folder_is_published_through(tmp_path, real):
    real_folder = tmp_path / "elsewhere" / "processed"
    build_module.write(real.files, real_folder)
    link = tmp_path / "p"
    link.symlink_to(real_folder, target_is_directory=True)
    assert build_module.write(dict(real.files, **{"figures.csv": b"changed\n"}), link) == ["figures.csv"]
    assert link.is_symlink()
    assert (real_folder / "figures.csv").read_bytes() == b"changed\n"


def test_a_file_where_the_processed_folder_should_be_is_refused(tmp_path, real):
    (tmp_path / "p").write_text("not a folder", encoding="utf-8")
    with pytest.raises(InputError, match="is a file"):
        build_module.write(real.files, tmp_path / "p")
    assert (tmp_path / "p").read_text(encoding="utf-8") == "not a folder"


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


@pytest.fixture(scope="module")
def committed_workbook():
    """data/processed's workbook, read once for the tests that only look at it."""
    return load_workbook(PROCESSED / WORKBOOK)


def test_workbook_has_a_readme_and_one_frozen_sheet_per_table(committed_workbook):
    wb = committed_workbook
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


HOSTILE_TEXT = ['=HYPERLINK("http://evil.example","open")', "=cmd|' /C calc'!A0", "+1+1", "-1+1", "@SUM(A1)", "#N/A"]


def test_the_workbook_never_holds_a_formula(committed_workbook):
    wb = committed_workbook
    formulas = [(ws.title, c.coordinate) for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_text_that_looks_like_a_formula_is_stored_as_text(real):
    tables = {name: [dict(r) for r in records] for name, records in real.tables.items()}
    for record, text in zip(tables["figures"], HOSTILE_TEXT):
        record["note"] = text
    sheet = load_workbook(io.BytesIO(workbook_bytes(tables)))["figures"]
    column = TABLES["figures"].columns.index("note") + 1
    cells = [sheet.cell(row=i + 2, column=column) for i in range(len(HOSTILE_TEXT))]
    assert [c.value for c in cells] == HOSTILE_TEXT
    assert {c.data_type for c in cells} == {"s"}
    assert all(c.quotePrefix for c in cells)  # and Excel keeps it text when the cell is edited


def test_the_real_tables_keep_their_own_schema(real):
    assert integrity.problems(real.tables) == []


def test_tables_that_would_break_their_own_schema_are_refused_before_writing(real):
    """The last guard: whatever route an input took, the data package never fails its own keys."""
    tables = {name: [dict(r) for r in records] for name, records in real.tables.items()}
    tables["members"].append(dict(tables["members"][0]))
    tables["figures"][0]["source_id"] = "overview-\u0662"
    tables["figures"][1]["qualifier"] = ""
    tables["figures"][2]["unit"] = "furlongs"
    tables["figures"][3]["country_iso3"] = "Th"
    found = [str(p) for p in integrity.problems(tables)]
    rows = len(tables["members"]) + 1
    assert any(f.startswith(f"data/processed/members.csv, row {rows}") and "would repeat the key" in f for f in found)
    assert any(f.startswith("data/processed/figures.csv, row 2, column 'source_id'") for f in found)
    assert any(f.startswith("data/processed/figures.csv, row 3, column 'qualifier': would be blank") for f in found)
    assert any(f.startswith("data/processed/figures.csv, row 4, column 'unit'") for f in found)
    assert any(f.startswith("data/processed/figures.csv, row 5, column 'country_iso3'") for f in found)
    assert len(found) == 5
